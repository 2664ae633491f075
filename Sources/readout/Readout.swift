import ArgumentParser
import Foundation
import ReadoutData

@main
struct Readout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readout",
        abstract: "Turns patient-level oncology trial data into readouts: validated data, responses, tables and text.",
        discussion: """
        A study is a folder of SDTM domain files (DM, DS, EX, RS, TU, TR, AE, CM, SUPP--) and an optional
        subject-level extras file (adsl), each as CSV, Dataset-JSON (.json, .ndjson, .dsjc) or SAS
        transport (.xpt). Definitions and options are documented in docs/.
        """,
        version: ReadoutVersion.string,
        subcommands: [Validate.self, Responses.self, Recist.self, ConcordanceCommand.self, Report.self, CheckText.self, Escalate.self, Simulate.self, Synth.self, Demo.self]
    )
}

enum ReadoutVersion {
    static let string = "0.1.0"
}

/// Options shared by commands that read a study.
struct StudyOptions: ParsableArguments {
    @Argument(help: "The study folder.")
    var studyDir: String

    @Option(help: ArgumentHelp("Data cut-off date (YYYY-MM-DD): records dated after it are removed.", valueName: "date"))
    var cutoff: String?

    @Option(help: "Text encoding of CSV files: utf8 or latin1.")
    var encoding: TextEncoding = .utf8

    @Option(help: ArgumentHelp("How a partial start date is completed: first, last, middle or none (day of its period).", valueName: "rule"))
    var imputeStart: ImputationRule = .first

    @Option(help: ArgumentHelp("How a partial end date is completed: first, last, middle or none.", valueName: "rule"))
    var imputeEnd: ImputationRule = .last

    @Option(help: "List at most this many problems (the rest are counted).")
    var maxProblems: Int = 1000

    func loadOptions() throws -> StudyLoadOptions {
        var o = StudyLoadOptions(encoding: encoding)
        o.problemLimit = maxProblems
        if let c = cutoff {
            guard let d = CalendarDate(iso: c), c.trimmingBlanks().count == 10 else {
                throw ValidationError("--cutoff \(c): expected a complete date such as 2008-08-29")
            }
            o.cutoff = DataCutoff(date: d, imputation: DateImputation(start: imputeStart, end: imputeEnd))
        }
        return o
    }
}

extension TextEncoding: ExpressibleByArgument {}
extension ImputationRule: ExpressibleByArgument {}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a study, check it, and report every problem with its file, row, variable and value.",
        discussion: "Exits 1 when there are errors; warnings alone exit 0. See docs/study-data.md for the checks."
    )

    @OptionGroup var study: StudyOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let load = try loadStudy(study)
        let report = ValidationReport(load: load)
        print(format == .json ? report.json() : report.text(), terminator: "")
        if report.hasErrors { throw ExitCode(1) }
    }
}

/// Loads a study, turning a fatal reading problem into a clear message and exit status 2.
func loadStudy(_ o: StudyOptions, domains: Set<String>? = nil, variables: [String: Set<String>]? = nil) throws -> StudyLoad {
    do {
        var options = try o.loadOptions()
        options.domains = domains
        options.variables = variables
        return try StudyLoader.load(folder: o.studyDir, options: options)
    } catch let e as ReadoutError {
        FileHandle.standardError.write(Data((e.description + "\n").utf8))
        throw ExitCode(2)
    }
}

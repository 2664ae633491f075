import ArgumentParser
import Foundation
import ReadoutCore
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

/// Options shared by commands that read a study.
struct StudyOptions: ParsableArguments {
    @Argument(help: "The study folder.")
    var studyDir: String

    @Option(help: ArgumentHelp("Data cut-off date (YYYY-MM-DD): records dated after it are removed.", valueName: "date"))
    var cutoff: String?

    @Option(help: "Text encoding of CSV files: utf8 or latin1.")
    var encoding: TextEncoding = .utf8

    @OptionGroup(title: "Data rules") var rules: DataRuleOptions

    @Option(help: "List at most this many problems (the rest are counted).")
    var maxProblems: Int = 1000

    func loadOptions() throws -> StudyLoadOptions {
        var o = StudyLoadOptions(cutoff: try parseCutoff(cutoff), rules: rules.dataRules, encoding: encoding)
        o.problemLimit = maxProblems
        return o
    }
}

/// A complete date given on the command line, or nil.
func parseCutoff(_ text: String?, option: String = "--cutoff") throws -> CalendarDate? {
    guard let c = text else { return nil }
    guard let d = CalendarDate(iso: c), c.trimmingBlanks().count == 10 else {
        throw ValidationError("\(option) \(c): expected a complete date such as 2008-08-29")
    }
    return d
}

/// How records become facts (docs/study-data.md): dates, doses, end of treatment, lesion codes.
struct DataRuleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("How a partial start date is completed: first, last, middle or none (day of its period).", valueName: "rule"))
    var imputeStart: ImputationRule = .first

    @Option(help: ArgumentHelp("How a partial end date is completed: first, last, middle or none.", valueName: "rule"))
    var imputeEnd: ImputationRule = .last

    @Flag(help: "Do not cap imputed dates at the data cut-off.")
    var noCapAtCutoff = false

    @Option(help: ArgumentHelp("Which EX records are doses: positive-or-placebo (EXDOSE > 0, or 0 with a placebo EXTRT), positive or any.",
                               valueName: "rule"))
    var doseRule: DoseRule.Kind = .positiveOrPlacebo

    @Option(help: ArgumentHelp("EXDOSE must be above this to count as a dose.", valueName: "amount"))
    var minimumDose: Double = 0

    @Option(help: ArgumentHelp("Text that makes EXTRT a placebo (repeatable; default PLACEBO).", valueName: "text"))
    var placebo: [String] = []

    @Option(help: ArgumentHelp("DSSCAT of a record that ends study treatment (repeatable; default STUDY TREATMENT, END OF TREATMENT).",
                               valueName: "text"))
    var treatmentEndSubcategory: [String] = []

    @Option(help: ArgumentHelp("EPOCH of a disposition event without DSSCAT that ends study treatment (repeatable; default TREATMENT).",
                               valueName: "text"))
    var treatmentEndEpoch: [String] = []

    @Flag(help: "A disposition event of study participation (DSSCAT STUDY PARTICIPATION) ends study treatment too.")
    var studyEndEndsTreatment = false

    @Option(help: ArgumentHelp("TRTESTCD of a longest diameter (repeatable; default LDIAM, DIAMETER, LONGDIAM).", valueName: "code"))
    var longDiameterCode: [String] = []

    @Option(help: ArgumentHelp("TRTESTCD of a lymph node's short axis (repeatable; default SAXIS, LPERP, SHORTAX).", valueName: "code"))
    var shortAxisCode: [String] = []

    var dataRules: DataRules {
        var r = DataRules()
        r.imputation = DateImputation(start: imputeStart, end: imputeEnd, capAtCutoff: !noCapAtCutoff)
        r.dose.kind = doseRule
        r.dose.minimum = minimumDose
        if !placebo.isEmpty { r.dose.placeboTreatments = placebo }
        if !treatmentEndSubcategory.isEmpty { r.treatmentEnd.subcategories = treatmentEndSubcategory }
        if !treatmentEndEpoch.isEmpty { r.treatmentEnd.epochs = treatmentEndEpoch }
        r.treatmentEnd.studyEndEndsTreatment = studyEndEndsTreatment
        if !longDiameterCode.isEmpty { r.measurements.longDiameter = longDiameterCode }
        if !shortAxisCode.isEmpty { r.measurements.shortAxis = shortAxisCode }
        return r
    }
}

extension TextEncoding: ExpressibleByArgument {}
extension ImputationRule: ExpressibleByArgument {}
extension DoseRule.Kind: ExpressibleByArgument {}

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

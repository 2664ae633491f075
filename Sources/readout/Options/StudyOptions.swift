import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse

/// Options shared by commands that read a study.
struct StudyOptions: ParsableArguments {
    @Argument(help: "The study folder.")
    var studyDir: String

    @Option(
        help: ArgumentHelp("Data cut-off date (YYYY-MM-DD): records dated after it are removed.", valueName: "date"),
        transform: completeDate)
    var cutoff: CalendarDate?

    @Option(help: "Text encoding of CSV files: utf8 or latin1.")
    var encoding: TextEncoding = .utf8

    @OptionGroup(title: "Data rules") var rules: DataRuleOptions

    @Option(help: "List at most this many problems (the rest are counted).")
    var maxProblems: Int = 1000

    /// How the study is read, typed once here and passed to every stage.
    var loadOptions: StudyLoadOptions {
        var o = StudyLoadOptions(cutoff: cutoff, rules: rules.dataRules, encoding: encoding)
        o.problemLimit = maxProblems
        return o
    }

    /// Reads the study; a fatal reading problem is a `ReadoutError` (exit status 2).
    func load(domains: Set<String>? = nil, variables: [String: Set<String>]? = nil) throws -> StudyLoad {
        var options = loadOptions
        options.domains = domains
        options.variables = variables
        return try StudyLoader.load(folder: studyDir, options: options)
    }
}

extension StudyOptions {
    /// The study read for a tumour-marker criterion (PSA, CA-125): its LB, or an error saying it has none.
    func loadMarkers(testCode: String, marker: String) throws -> StudyLoad {
        let needed = PSAEngine.requiredData
        let load = try self.load(domains: needed.domains, variables: needed.variables)
        if load.study["LB"] == nil {
            throw ReadoutError(
                file: studyDir, code: "domain-missing", "the study has no LB domain, so no \(marker) values",
                expected: "an LB file (lb.csv, lb.xpt or lb.json) with LBTESTCD \(testCode)")
        }
        return load
    }
}

/// A complete date given on the command line (a cut-off), parsed once into its type.
func completeDate(_ text: String) throws -> CalendarDate {
    guard text.trimmingBlanks().count == 10, let d = CalendarDate(iso: text) else {
        throw ValidationError("\(text): expected a complete date such as 2008-08-29")
    }
    return d
}

import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse

/// `readout ca125`: each subject's CA-125 response and progression by GCIG, and why.
struct CA125: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca125",
        abstract: "Derive each subject's CA-125 response and progression by GCIG from LB, and why.",
        discussion: """
            Reads the CA-125 values of LB (LBTESTCD CA125, in U/mL, with the upper limit of normal LBSTNRHI): the \
            pretreatment sample (the last within 14 days before the first dose), the response (a reduction of 50% \
            confirmed and maintained for 28 days, for patients whose pretreatment value is at least twice the upper \
            limit), progression (twice the upper limit, or twice the nadir, on two occasions a week apart) and the \
            time \
            to it. Every rule is an option; docs/response-rules.md, section 12.
            """
    )

    @OptionGroup var study: StudyOptions
    @Option(help: "LBTESTCD of the CA-125 records.") var ca125TestCode = "CA125"
    @Option(help: "Percent reduction from the pretreatment sample that is a response.") var ca125ResponseReduction:
        Double = 50
    @Option(help: "Days the reduction must be confirmed and maintained.") var ca125ConfirmationDays = 28
    @Option(help: "Days before the first dose within which the pretreatment sample lies.") var ca125PretreatmentDays =
        14
    @Option(help: "Progression: days between the two values at or above the mark, at least.")
    var ca125ProgressionGapDays = 7
    @Option(help: "Upper limit of normal (U/mL) for records without LBSTNRHI.") var ca125DefaultUpperLimit: Double = 35
    @Option(help: "Upper limit of normal (U/mL) for every record, replacing LBSTNRHI.") var ca125UpperLimit: Double?
    @Option(help: "Output format: text, csv or json.") var format: ListingFormat = .text

    func validate() throws {
        guard ca125ResponseReduction > 0, ca125ResponseReduction < 100 else {
            throw ValidationError("--ca125-response-reduction is a percentage above 0 and below 100")
        }
        guard ca125ConfirmationDays >= 0, ca125PretreatmentDays >= 0, ca125ProgressionGapDays >= 0,
            ca125DefaultUpperLimit > 0, (ca125UpperLimit ?? 1) > 0
        else { throw ValidationError("days must be zero or more and upper limits above zero") }
    }

    var options: CA125Options {
        var o = CA125Options()
        o.testCode = ca125TestCode
        o.responseReduction = ca125ResponseReduction
        o.confirmationDays = ca125ConfirmationDays
        o.pretreatmentDays = ca125PretreatmentDays
        o.progressionGapDays = ca125ProgressionGapDays
        o.defaultUpperLimit = ca125DefaultUpperLimit
        o.overrideUpperLimit = ca125UpperLimit
        return o
    }

    func run() throws {
        let load = try study.loadMarkers(testCode: ca125TestCode, marker: "CA-125")
        let result = CA125Engine(options: options).run(load.study)
        let listing = CA125Listing(
            result: result, options: options, cutoff: load.cutoffReport?.cutoff, study: study.studyDir,
            loadProblems: load.problems)
        print(format == .csv ? listing.csv() : format == .json ? listing.json() : listing.text(), terminator: "")
    }
}

extension CA125: JSONDocumentCommand {
    var printsJSON: Bool { format == .json }
}

import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse

/// `readout recist`: visit responses computed from lesion data.
struct Recist: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Compute each visit's RECIST 1.1 response from lesion data (TU/TR) and list where it differs from the "
            + "recorded one.",
        discussion:
            "Also gives the tumour-size derivations per visit: sum of diameters, change and percent change from "
            + "baseline, nadir, percent change from nadir, and each subject's best percent change (the "
            + "waterfall plot's value)."
    )

    @OptionGroup var study: StudyOptions
    @Option(help: "Evaluator (TUEVAL/TREVAL/RSEVAL) whose lesions and responses are used.") var evaluator: String =
        "INVESTIGATOR"
    @Option(help: "Output format: text, csv or json.") var format: ListingFormat = .text

    func run() throws {
        let load = try study.load()
        var o = ResponseOptions()
        o.evaluator = evaluator
        let (ids, doses) = ResponseEngine(options: o).firstDoses(load.study)
        let result = LesionEngine(evaluator: evaluator, firstDoses: doses).run(load.study, subjectOrder: ids)
        let listing = LesionListing(result: result)
        print(format == .csv ? listing.csv() : format == .json ? listing.json() : listing.text(), terminator: "")
    }
}

import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse

/// `readout responses`: each subject's best overall response, and why.
struct Responses: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Derive each subject's best overall response with and without confirmation, and why.",
        discussion: """
            Lists per subject: first dose, cycles received, assessments counted and excluded (with why), best overall \
            response (BOR), confirmed BOR, first response and confirming dates, why a response stayed unconfirmed, \
            durable stable disease with its duration, disease control, clinical benefit, duration of response and \
            progression-free survival with censoring. The rules and their options: docs/response-rules.md.
            """
    )

    @OptionGroup var study: StudyOptions
    @OptionGroup var rules: ResponseRuleOptions
    @Option(help: "Output format: text, csv or json.") var format: ListingFormat = .text
    @Flag(
        help: "Use visit responses computed from lesion data (TU/TR) by RECIST 1.1 instead of the recorded ones (RS).")
    var computed = false

    func run() throws {
        let options = rules.responseOptions
        if computed, options.criteria != .recist11 {
            throw ReadoutError(
                file: nil, code: "option-conflict",
                "--computed derives visit responses from lesion data by RECIST 1.1, not \(options.criteria.rawValue)",
                expected: "--computed without --criteria, or the recorded \(options.criteria.rawValue) responses")
        }
        let needed = ResponseEngine(options: options).requiredData(lesions: computed)
        let load = try study.load(domains: needed.domains, variables: needed.variables)
        if load.problems.hasErrors {
            FileHandle.standardError.write(
                Data(
                    ("The data read have \(load.problems.count(.error)) errors; run `readout validate` to list them. "
                        + "Responses are derived from what could be read.\n").utf8))
        }
        let result =
            computed
            ? ResponseEngine(options: options).runOnComputedResponses(load.study).0
            : ResponseEngine(options: options).run(load.study)
        let listing = ResponseListing(
            result: result, options: options, cutoff: load.cutoffReport?.cutoff, study: study.studyDir,
            loadProblems: load.problems, computed: computed)
        print(format == .csv ? listing.csv() : format == .json ? listing.json() : listing.text(), terminator: "")
    }
}

/// Output formats of the listings.
enum ListingFormat: String, ExpressibleByArgument, CaseIterable { case text, csv, json }

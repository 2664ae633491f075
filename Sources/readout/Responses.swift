import ArgumentParser
import Foundation
import ReadoutData
import ReadoutResponse

/// Options of the response rules, shared by commands that derive responses.
struct ResponseRuleOptions: ParsableArguments {
    @Option(help: "RSEVAL whose assessments count.") var evaluator: String = "INVESTIGATOR"
    @Option(help: "Days after the first dose from which SD counts for best response.") var minimumSdDays: Int = 42
    @Option(help: "Days from a response to its confirmation, at least.") var confirmationDays: Int = 28
    @Option(help: "Days from a response to its confirmation, at most (no limit by default).") var confirmationMaxDays: Int?
    @Flag(help: "Confirmation must come at the next assessment at least the minimum days later.") var confirmAtNextAssessment = false
    @Option(help: "NE assessments allowed between a response and its confirmation.") var maxNeBetween: Int = 1
    @Flag(help: "Apply RECIST 1.1's confirmation table strictly (CR then PR or SD is SD or PD).") var strictRecist = false
    @Flag(help: "Count assessments made on the day of the first dose.") var includeFirstDoseDay = false
    @Flag(help: "Stop counting assessments at the start of new anticancer therapy (CM).") var stopAtNewTherapy = false
    @Option(help: "Weeks of SD or better from the first dose that make SD durable.") var durableSdWeeks: Int = 18
    @Flag(help: "Best response MISSING (not NE) for subjects with no usable assessment.") var noAssessmentMissing = false
    @Flag(help: "Duration of response for all responders, not only confirmed ones.") var dorUnconfirmed = false

    var responseOptions: ResponseOptions {
        var o = ResponseOptions()
        o.evaluator = evaluator
        o.minimumStableDays = minimumSdDays
        o.confirmationMinimumDays = confirmationDays
        o.confirmationMaximumDays = confirmationMaxDays
        o.confirmationAtNextAssessment = confirmAtNextAssessment
        o.maximumNEBetween = maxNeBetween
        o.strictRECISTConfirmation = strictRecist
        o.includeFirstDoseDay = includeFirstDoseDay
        o.stopAtNewTherapy = stopAtNewTherapy
        o.durableStableWeeks = durableSdWeeks
        o.noAssessmentIsMissing = noAssessmentMissing
        o.durationForUnconfirmedResponders = dorUnconfirmed
        return o
    }
}

enum ListingFormat: String, ExpressibleByArgument, CaseIterable { case text, csv, json }

struct Responses: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Derive each subject's best overall response with and without confirmation, and why.",
        discussion: """
        Lists per subject: first dose, cycles received, assessments counted and excluded (with why), best overall response \
        (BOR), confirmed BOR, first response and confirming dates, why a response stayed unconfirmed, durable stable disease \
        with its duration, disease control, clinical benefit, duration of response and progression-free survival with \
        censoring. The rules and their options: docs/response-rules.md.
        """
    )

    @OptionGroup var study: StudyOptions
    @OptionGroup var rules: ResponseRuleOptions
    @Option(help: "Output format: text, csv or json.") var format: ListingFormat = .text

    func run() throws {
        let load = try loadStudy(study)
        if load.problems.hasErrors {
            FileHandle.standardError.write(Data("The study has \(load.problems.count(.error)) data errors; run `readout validate` to list them. Responses are derived from what could be read.\n".utf8))
        }
        let options = rules.responseOptions
        let result = ResponseEngine(options: options).run(load.study)
        let listing = ResponseListing(result: result, options: options, cutoff: load.cutoffReport?.cutoff)
        switch format {
        case .text: print(listing.text(), terminator: "")
        case .csv: print(listing.csv(), terminator: "")
        case .json: print(listing.json(), terminator: "")
        }
    }
}

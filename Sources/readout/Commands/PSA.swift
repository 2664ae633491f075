import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse

/// `readout psa`: each subject's PSA endpoints by PCWG3, and why.
struct PSA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "psa",
        abstract: "Derive each subject's PSA response and progression by PCWG3 from LB, and why.",
        discussion: """
            Reads the PSA values of LB (LBTESTCD PSA, in ng/mL): the baseline (the last value on or before the first \
            dose), the percent change of every later value, PSA50 and PSA90 with and without confirmation, the \
            largest decline, PSA progression (a confirmed rise of 25% and 2 ng/mL above the nadir, or above baseline \
            from week 12 without a decline) and the time to it. Every rule is an option; docs/response-rules.md, \
            section 11.
            """
    )

    @OptionGroup var study: StudyOptions
    @Option(help: "LBTESTCD of the PSA records.") var psaTestCode = "PSA"
    @Option(help: "Percent decline from baseline that is a response (PSA50).") var psaResponseDecline: Double = 50
    @Option(help: "Percent decline from baseline that is a deep response (PSA90).") var psaDeepResponseDecline: Double =
        90
    @Option(help: "Days from a response or a rise to the value that confirms it, at least.")
    var psaConfirmationDays = 21
    @Option(help: "Progression: percent above the nadir (or baseline).") var psaProgressionIncrease: Double = 25
    @Option(help: "Progression: ng/mL above the nadir (or baseline).") var psaProgressionAbsolute: Double = 2
    @Option(help: "Without a decline, a rise is progression only from this week on.") var psaNoDeclineWeeks = 12
    @Option(help: "Output format: text, csv or json.") var format: ListingFormat = .text

    func validate() throws {
        guard psaResponseDecline > 0, psaResponseDecline < 100, psaDeepResponseDecline > 0,
            psaDeepResponseDecline < 100
        else { throw ValidationError("the declines are percentages above 0 and below 100") }
        guard psaConfirmationDays >= 0, psaNoDeclineWeeks >= 0, psaProgressionIncrease >= 0,
            psaProgressionAbsolute >= 0
        else { throw ValidationError("days, weeks and progression thresholds must be zero or more") }
    }

    var options: PSAOptions {
        var o = PSAOptions()
        o.testCode = psaTestCode
        o.responseDecline = psaResponseDecline
        o.deepResponseDecline = psaDeepResponseDecline
        o.confirmationDays = psaConfirmationDays
        o.progressionIncrease = psaProgressionIncrease
        o.progressionAbsolute = psaProgressionAbsolute
        o.noDeclineWeeks = psaNoDeclineWeeks
        return o
    }

    func run() throws {
        let load = try study.loadMarkers(testCode: psaTestCode, marker: "PSA")
        let result = PSAEngine(options: options).run(load.study)
        let listing = PSAListing(
            result: result, options: options, cutoff: load.cutoffReport?.cutoff, study: study.studyDir,
            loadProblems: load.problems)
        print(format == .csv ? listing.csv() : format == .json ? listing.json() : listing.text(), terminator: "")
    }
}

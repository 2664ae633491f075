import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutResponse

/// Options of the response rules, shared by commands that derive responses.
struct ResponseRuleOptions: ParsableArguments {
    @Option(help: "RSEVAL whose assessments count.") var evaluator: String = "INVESTIGATOR"
    @Option(help: "Days after the first dose from which SD counts for best response.") var minimumSdDays: Int = 42
    @Option(help: "Days from a response to its confirmation, at least.") var confirmationDays: Int = 28
    @Option(help: "Days from a response to its confirmation, at most (no limit by default).") var confirmationMaxDays:
        Int?
    @Flag(help: "Confirmation must come at the next assessment at least the minimum days later.")
    var confirmAtNextAssessment = false
    @Option(help: "NE assessments allowed between a response and its confirmation.") var maxNeBetween: Int = 1
    @Flag(help: "Apply RECIST 1.1's confirmation table strictly (CR then PR or SD is SD or PD).") var strictRecist =
        false
    @Flag(help: "Count assessments made on the day of the first dose.") var includeFirstDoseDay = false
    @Flag(help: "Stop counting assessments at the start of new anticancer therapy (CM).") var stopAtNewTherapy = false
    @Option(help: "Weeks of SD or better from the first dose that make SD durable.") var durableSdWeeks: Int = 18
    @Flag(help: "Best response MISSING (not NE) for subjects with no usable assessment.") var noAssessmentMissing =
        false
    @Flag(help: "Duration of response for all responders, not only confirmed ones.") var dorUnconfirmed = false
    @Option(help: "Start from these rules, then apply the other options: readout or admiralonco (its ADRS template).")
    var preset: RulePreset = .readout
    @Option(help: "Date the SD window and PFS count from: first-dose or randomization (ADSL RANDDT, DS RANDOMIZED).")
    var referenceDate: ReferenceDate?
    @Option(help: "A PR after a CR: confirms (a confirmed PR) or breaks-confirmation (admiralonco).") var prAfterCr:
        PRAfterCR?
    @Option(help: "SD assessments allowed between a PR and its confirmation (admiralonco's accept_sd: 1).")
    var maxSdBetween: Int?
    @Option(help: "Several results on one date: ne-worse-than-sd (PD, NE, SD, ...) or ne-least-bad (admiralonco).")
    var sameDateOrder: SameDateOrder?
    @Option(help: "PFS without an event censored at last-adequate (SD or better) or last-assessment (any result).")
    var pfsCensoring: PFSCensoring?
    @Option(help: "Several reads of one date: worst, or accepted (records with RSACPTFL = N are not used).")
    var readers: ReaderSelection?
    @Flag(help: "Count assessments after the first PD (by default they are not).") var countAfterPd = false
    @Option(help: "Response criteria of the recorded results: recist-1.1 or irecist (docs/response-rules.md).")
    var criteria: ResponseCriteriaKind?
    @Option(help: "iRECIST: an iUPD never confirmed leaves PFS censored, or is an event (at that iUPD).")
    var unconfirmedProgression: UnconfirmedProgression?
    @Option(help: "Only RS overall responses of this RSCAT count (for studies recording several criteria).")
    var rsCategory: String?
    @Option(help: "Only RS overall responses of this RSMETHOD count (Lugano 2014: PET-CT over CT by default).")
    var rsMethod: String?

    enum RulePreset: String, ExpressibleByArgument, CaseIterable { case readout, admiralonco }

    var responseOptions: ResponseOptions {
        var o = preset == .admiralonco ? ResponseOptions.admiralonco : ResponseOptions()
        if let v = referenceDate { o.referenceDate = v }
        if let v = prAfterCr { o.prAfterCR = v }
        if let v = maxSdBetween { o.maximumSDBetween = v }
        if let v = sameDateOrder { o.sameDateOrder = v }
        if let v = pfsCensoring { o.pfsCensoring = v }
        if let v = readers { o.readers = v }
        if countAfterPd { o.stopAtFirstPD = false }
        if let v = criteria { o.criteria = v }
        if let v = unconfirmedProgression { o.unconfirmedProgression = v }
        if let v = rsCategory { o.category = v }
        if let v = rsMethod { o.method = v }
        // Options given on the command line override the preset; unset ones keep it.
        if preset == .admiralonco {
            o.evaluator = evaluator
            if minimumSdDays != 42 { o.minimumStableDays = minimumSdDays }
            if confirmationDays != 28 { o.confirmationMinimumDays = confirmationDays }
            if let v = confirmationMaxDays { o.confirmationMaximumDays = v }
            if confirmAtNextAssessment { o.confirmationAtNextAssessment = true }
            if maxNeBetween != 1 { o.maximumNEBetween = maxNeBetween }
            if strictRecist { o.strictRECISTConfirmation = true }
            if stopAtNewTherapy { o.stopAtNewTherapy = true }
            if durableSdWeeks != 18 { o.durableStableWeeks = durableSdWeeks }
            if dorUnconfirmed { o.durationForUnconfirmedResponders = true }
            return o
        }
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

extension ReferenceDate: ExpressibleByArgument {}
extension PRAfterCR: ExpressibleByArgument {}
extension SameDateOrder: ExpressibleByArgument {}
extension PFSCensoring: ExpressibleByArgument {}
extension ReaderSelection: ExpressibleByArgument {}
extension ResponseCriteriaKind: ExpressibleByArgument {}
extension UnconfirmedProgression: ExpressibleByArgument {}

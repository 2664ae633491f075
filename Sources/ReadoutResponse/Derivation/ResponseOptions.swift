import ReadoutData

/// Every rule of the response derivation that a protocol might set differently. The defaults are
/// the rules in docs/response-rules.md.
public struct ResponseOptions: Sendable, Codable, Equatable {
    /// RSEVAL value whose assessments count (blank RSEVAL counts when the study has no RSEVAL).
    public var evaluator: String = "INVESTIGATOR"
    /// SD (or NON-CR/NON-PD) counts for best response only at least this many days after the first dose.
    public var minimumStableDays: Int = 42
    /// A response is confirmed by an assessment at least this many days after it.
    public var confirmationMinimumDays: Int = 28
    /// Optional upper limit of the confirmation window, in days.
    public var confirmationMaximumDays: Int? = nil
    /// Confirmation must come at the next assessment made at least the minimum days later
    /// (a "next scheduled assessment" rule), not at any later one.
    public var confirmationAtNextAssessment: Bool = false
    /// At most this many NE assessments may lie between a response and its confirmation.
    public var maximumNEBetween: Int = 1
    /// RECIST 1.1's confirmation table applied strictly: a CR followed by PR or SD is SD when the
    /// minimum SD duration was met, otherwise PD.
    public var strictRECISTConfirmation: Bool = false
    /// Assessments on the day of the first dose count (by default only later ones do).
    public var includeFirstDoseDay: Bool = false
    /// Stop counting assessments when new anticancer therapy starts (CM records in these categories).
    public var stopAtNewTherapy: Bool = false
    public var newTherapyCategories: [String] = ["SUBSEQUENT ANTICANCER THERAPY", "SUBSEQUENT CANCER THERAPY", "FOLLOW-UP ANTICANCER THERAPY"]
    /// Weeks of SD or better from the first dose that make stable disease durable.
    public var durableStableWeeks: Int = 18
    /// Best response of a subject with no usable assessment: NE (default) or MISSING.
    public var noAssessmentIsMissing: Bool = false
    /// Duration of response for confirmed responders (default) or for all responders.
    public var durationForUnconfirmedResponders: Bool = false
    /// A dose above zero makes an EX record a dose (for the first dose and cycles received).
    public var minimumDose: Double = 0

    public init() {}
}

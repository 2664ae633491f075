import ReadoutCore
import ReadoutData

/// Every rule of the response derivation that a protocol might set differently. The defaults are
/// the rules in docs/response-rules.md.
public struct ResponseOptions: Sendable, Codable, Equatable {
    /// The response criteria the recorded results are read and derived by.
    public var criteria: ResponseCriteriaKind = .recist11
    /// iRECIST: whether an iUPD never confirmed (only iUPD or NE after it) ends PFS as an event
    /// dated at that iUPD, or leaves it censored (the default).
    public var unconfirmedProgression: UnconfirmedProgression = .censored
    /// Only RS records of this category (RSCAT, case-insensitive) count; nil: every category. A
    /// study recording RECIST 1.1 and iRECIST (or CA-125) responses side by side needs it.
    public var category: String? = nil
    /// Only RS records of this method (RSMETHOD, case-insensitive) count; nil: every method, except
    /// that under Lugano 2014 a PET-CT-based result replaces a CT-based one of the same date.
    public var method: String? = nil
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
    var newTherapyCategories: [String] = [
        "SUBSEQUENT ANTICANCER THERAPY", "SUBSEQUENT CANCER THERAPY", "FOLLOW-UP ANTICANCER THERAPY",
    ]
    /// Weeks of SD or better from the first dose that make stable disease durable.
    public var durableStableWeeks: Int = 18
    /// Best response of a subject with no usable assessment: NE (default) or MISSING.
    public var noAssessmentIsMissing: Bool = false
    /// Duration of response for confirmed responders (default) or for all responders.
    public var durationForUnconfirmedResponders: Bool = false
    /// The date the SD window and progression-free survival count from, and from which
    /// assessments count: the first dose (default) or randomisation (ADSL RANDDT, else the DS
    /// record RANDOMIZED), as admiralonco's template does with `reference_date = RANDDT`.
    public var referenceDate: ReferenceDate = .firstDose
    /// Whether a PR after a CR confirms a PR (default) or breaks the confirmation (admiralonco:
    /// a confirmed PR starts at a PR and has no PR after a CR up to its confirmation).
    public var prAfterCR: PRAfterCR = .confirms
    /// SD assessments allowed between a PR and its confirmation (admiralonco's `accept_sd`: 1).
    public var maximumSDBetween: Int = 0
    /// Which result counts when one date has several.
    public var sameDateOrder: SameDateOrder = .neWorseThanSD
    /// Where PFS of a subject without progression or death is censored.
    public var pfsCensoring: PFSCensoring = .lastAdequateAssessment
    /// Which read of an evaluator with several readers counts (RSEVALID, RSACPTFL).
    public var readers: ReaderSelection = .worst
    /// Assessments after the first PD are not counted (default); off, they are (admiralonco
    /// without `source_pd`).
    public var stopAtFirstPD: Bool = true

    /// Readout's rules (docs/response-rules.md).
    public init() {}

    /// The options that reproduce admiralonco's ADRS template (`derive_param_confirmed_bor` and
    /// `derive_param_bor` with `ref_start_window = 28`, `ref_confirm = 28`, `max_nr_ne = 1`,
    /// `accept_sd = FALSE`, `missing_as_ne = FALSE`; the ANL01FL worst-of-date order; PFS
    /// censored at the last tumour assessment). docs/response-rules.md compares the two.
    public static var admiralonco: ResponseOptions {
        var o = ResponseOptions()
        o.minimumStableDays = 28
        o.confirmationMinimumDays = 28
        o.maximumNEBetween = 1
        o.includeFirstDoseDay = true
        o.noAssessmentIsMissing = true
        o.prAfterCR = .breaksConfirmation
        o.sameDateOrder = .neLeastBad
        o.pfsCensoring = .lastAssessment
        return o
    }
}

/// What an iUPD that was never confirmed does to progression-free survival.
public enum UnconfirmedProgression: String, Sendable, Codable, CaseIterable {
    /// Not an event: PFS is censored as if it had not happened.
    case censored
    /// An event at the first iUPD of the unconfirmed run (admiralonco's IUPD parameter's date).
    case event
}

/// The date the SD window and PFS count from.
public enum ReferenceDate: String, Sendable, Codable, CaseIterable {
    case firstDose = "first-dose"
    case randomization
}

/// What a PR after a CR does to confirmation.
public enum PRAfterCR: String, Sendable, Codable, CaseIterable {
    /// CR then PR at least the minimum days later is a confirmed PR.
    case confirms
    /// A PR after a CR confirms nothing and breaks a PR's confirmation (admiralonco).
    case breaksConfirmation = "breaks-confirmation"
}

/// Which result counts when one date has several.
public enum SameDateOrder: String, Sendable, Codable, CaseIterable {
    /// Worst first: PD, NE, SD, NON-CR/NON-PD, PR, CR (the default).
    case neWorseThanSD = "ne-worse-than-sd"
    /// Worst first: PD, NON-CR/NON-PD, SD, PR, CR, NE (admiralonco's `worst_resp`).
    case neLeastBad = "ne-least-bad"
}

/// The date PFS without an event is censored at.
public enum PFSCensoring: String, Sendable, Codable, CaseIterable {
    /// At the last assessment of SD or better (the default).
    case lastAdequateAssessment = "last-adequate"
    /// At the last assessment of any result, NE included (admiralonco's LSTA).
    case lastAssessment = "last-assessment"
}

/// Which read of a date counts when several readers assessed it.
public enum ReaderSelection: String, Sendable, Codable, CaseIterable {
    /// Several reads of one date (readers, RSEVALID): the worst counts.
    case worst
    /// Only the accepted read counts: records with RSACPTFL = N are not used.
    case accepted
}

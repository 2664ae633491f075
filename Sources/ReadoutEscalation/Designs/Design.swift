import Foundation
import ReadoutCore
import ReadoutStatistics

/// What a design says for the next cohort.
public enum Decision: String, Sendable, Codable, Equatable {
    case escalate = "E"
    case stay = "S"
    case deEscalate = "D"
    /// De-escalate and eliminate this dose and all above.
    case eliminate = "DU"
    /// Stop the trial (3+3: the current level is too toxic and nothing below remains to try).
    case stop = "STOP"
    /// Treat more patients at this dose (3+3: expand the cohort from three to six).
    case expand = "X"

    public var words: String {
        switch self {
        case .escalate: return "escalate"
        case .stay: return "stay"
        case .deEscalate: return "de-escalate"
        case .eliminate: return "de-escalate and eliminate this dose and higher"
        case .stop: return "stop"
        case .expand: return "treat more at this dose"
        }
    }
}

/// The most recent cohort: CRM's coherence rule (no escalation right after a cohort whose DLT rate
/// reached the target) needs it.
public struct CohortOutcome: Sendable, Codable, Equatable, Hashable {
    public var dose: Int
    public var treated: Int
    public var dlts: Int
    /// A cohort of `treated` at level `dose` (0-based) with `dlts` DLTs.
    public init(dose: Int, treated: Int, dlts: Int) {
        self.dose = dose
        self.treated = treated
        self.dlts = dlts
    }
}

/// Patients treated and DLTs observed at each dose level.
public struct DoseData: Sendable, Codable, Equatable {
    public var treated: [Int]
    public var dlts: [Int]
    var lastCohort: CohortOutcome?
    /// Counts per dose level, and the last cohort.
    public init(treated: [Int], dlts: [Int], lastCohort: CohortOutcome? = nil) {
        precondition(treated.count == dlts.count)
        self.treated = treated
        self.dlts = dlts
        self.lastCohort = lastCohort
    }
    /// No patient at any of `levels` dose levels.
    public init(levels: Int) {
        self.init(treated: Array(repeating: 0, count: levels), dlts: Array(repeating: 0, count: levels))
    }
    public var levels: Int { treated.count }
}

/// The selected maximum tolerated dose, with the estimate behind it.
public struct MTDSelection: Sendable, Codable, Equatable {
    /// Index of the selected dose level (0-based); nil: no dose is tolerable.
    public var dose: Int?
    /// Estimated DLT rate per level (isotonic or model-based); nil where not estimable.
    public var estimates: [Double?]
    public var reason: String
}

/// A dose-escalation design: the decision for the next cohort from the data so far, the
/// protocol's decision table, and the MTD at the end.
public protocol EscalationDesign: Sendable {
    var name: String { get }
    /// Parameters as the protocol states them.
    var parameters: [(String, String)] { get }
    func decide(current: Int, data: DoseData) -> Decision
    func selectMTD(data: DoseData) -> MTDSelection
    /// Whether the design can decide while some patients are still inside their DLT window.
    var decidesWithPending: Bool { get }
    /// The decision when `pending[d]` lists, for each patient at dose d still inside the window, the
    /// fraction of the window observed; those patients are counted in `data.treated`, without DLT.
    func decide(current: Int, data: DoseData, pending: [[Double]]) -> Decision
    /// Model-based designs: the posterior probability that the dose's DLT rate exceeds `threshold`.
    func overdoseProbability(dose: Int, data: DoseData, above threshold: Double) -> Double?
    /// Patients in the next cohort (BOIN's accelerated titration treats one at a time at first).
    func nextCohortSize(data: DoseData, cohortSize: Int) -> Int
}

extension EscalationDesign {
    public var decidesWithPending: Bool { false }
    /// Without time-to-event weighting, only completed patients count.
    public func decide(current: Int, data: DoseData, pending: [[Double]]) -> Decision {
        var resolved = data
        for d in pending.indices where d < resolved.levels { resolved.treated[d] -= pending[d].count }
        return decide(current: current, data: resolved)
    }
    /// Model-free designs have no overdose probability.
    public func overdoseProbability(dose: Int, data: DoseData, above threshold: Double) -> Double? { nil }
    /// Every cohort has the trial's cohort size unless the design says otherwise.
    public func nextCohortSize(data: DoseData, cohortSize: Int) -> Int { cohortSize }
}

/// Binomial tail helpers shared by the interval designs.
enum BetaTail {
    /// P(p > x) for p ~ Beta(a, b).
    static func above(_ x: Double, _ a: Double, _ b: Double) -> Double {
        1 - incompleteBeta(x, a, b)
    }

    static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        return SpecialFunctions.incompleteBeta(x, a, b)
    }
}

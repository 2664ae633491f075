import Foundation
import ReadoutCore
import ReadoutData

/// When DLTs happen within the assessment window, for patients who have one.
public enum DLTOnset: String, Sendable, Codable, CaseIterable {
    /// Uniform over the window.
    case uniform
    /// Density falling linearly to zero at the window's end: onset = W (1 − √(1 − U)).
    case early
    /// Density rising linearly from zero: onset = W √U.
    case late
}

/// What happens to a new patient while earlier patients are still inside their DLT window.
public enum PendingRule: String, Sendable, Codable, CaseIterable {
    /// The next escalation cohort waits until every escalation patient at the current dose has
    /// completed the window or had a DLT.
    case wait
    /// Decide with pending patients weighted by the fraction of the window observed (TITE), unless
    /// more than `maxPendingFraction` of the current dose's patients are pending.
    case tite
}

/// Patient accrual over time and the DLT window.
public struct TrialTiming: Sendable, Codable, Equatable {
    /// Poisson accrual: patients per month (30.4375 days).
    public var accrualPerMonth: Double
    public var windowDays: Double
    public var onset: DLTOnset
    var pending: PendingRule
    var maxPendingFraction: Double

    /// Patients arriving over time (docs/simulation.md, "Over time").
    public init(
        accrualPerMonth: Double = 4, windowDays: Double = 28, onset: DLTOnset = .uniform, pending: PendingRule = .wait,
        maxPendingFraction: Double = 0.5
    ) {
        self.accrualPerMonth = accrualPerMonth
        self.windowDays = windowDays
        self.onset = onset
        self.pending = pending
        self.maxPendingFraction = maxPendingFraction
    }
}

/// Backfill: patients who arrive while the escalation cohort cannot take them are treated at a
/// lower dose already cleared (escalated from), the highest still open. A dose closes to backfill
/// when the design, looking at that dose's data, would de-escalate from it.
public struct Backfill: Sendable, Codable, Equatable {
    var maxPerDose: Int
    public var maxTotal: Int
    /// Backfill: at most `maxPerDose` patients per open dose below the current one and `maxTotal` in all.
    public init(maxPerDose: Int = 12, maxTotal: Int = 24) {
        self.maxPerDose = maxPerDose
        self.maxTotal = maxTotal
    }
}

/// An expansion cohort at the selected MTD after escalation; the MTD is then selected again from
/// all the data.
public struct Expansion: Sendable, Codable, Equatable {
    public var size: Int
    /// An expansion of `size` patients at the selected MTD.
    public init(size: Int) { self.size = size }
}

/// One simulation setting: doses, the true DLT probabilities, and how the trial runs.
public struct SimulationSetting: Sendable, Codable {
    public var truth: [Double]
    public var cohortSize: Int
    public var maxPatients: Int
    /// 0-based start dose.
    public var start: Int
    /// Optional cap of patients per dose: the trial stops when the next cohort would exceed it.
    public var perDoseCap: Int?
    public var target: Double
    /// Without `timing`: days of the DLT window and patients accrued per month, for a duration of
    /// (cohort accrual time + window) per cohort.
    public var windowDays: Int
    var accrualPerMonth: Double
    /// Patients arriving over time (Poisson), DLTs at times within the window, pending patients.
    public var timing: TrialTiming?
    public var backfill: Backfill?
    public var expansion: Expansion?
    /// True response probability per dose (optional): responders are counted per dose.
    public var responseTruth: [Double]?
    /// The DLT rate above which a dose counts as an overdose for model-based designs' posterior
    /// overdosing probability at the selected dose (default 1.1 × target).
    public var overdoseAbove: Double?

    /// A scenario's truth and the trial's settings, each defaulted as docs/simulation.md states.
    public init(
        truth: [Double], cohortSize: Int = 3, maxPatients: Int = 36, start: Int = 0, perDoseCap: Int? = nil,
        target: Double = 0.3,
        windowDays: Int = 21, accrualPerMonth: Double = 4, timing: TrialTiming? = nil, backfill: Backfill? = nil,
        expansion: Expansion? = nil,
        responseTruth: [Double]? = nil, overdoseAbove: Double? = nil
    ) {
        self.truth = truth
        self.cohortSize = cohortSize
        self.maxPatients = maxPatients
        self.start = start
        self.perDoseCap = perDoseCap
        self.target = target
        self.windowDays = windowDays
        self.accrualPerMonth = accrualPerMonth
        self.timing = timing
        self.backfill = backfill
        self.expansion = expansion
        self.responseTruth = responseTruth
        self.overdoseAbove = overdoseAbove
    }

    /// The true MTD: the dose whose true DLT probability is closest to the target (ties: lower).
    public var trueMTD: Int {
        var best = 0
        for d in truth.indices where abs(truth[d] - target) < abs(truth[best] - target) - 1e-12 { best = d }
        return best
    }

    /// Backfill needs time: it fills the waits for DLT outcomes.
    var runsOverTime: Bool { timing != nil || backfill != nil }
}

/// Operating characteristics as exact integer sums, so that shards add up to exactly the
/// unsharded result; means and percentages are taken when reported.
public struct OperatingCharacteristics: Sendable, Codable, Equatable {
    public var trials: Int = 0
    /// Trials selecting each dose; the last element counts trials selecting no dose. With an
    /// expansion cohort, the selection after it.
    public var selected: [Int]
    /// The selection at the end of escalation (before any expansion cohort).
    public var selectedAfterEscalation: [Int]
    /// All patients and DLTs per dose (escalation, backfill and expansion).
    public var patients: [Int]
    public var dlts: [Int]
    var backfillPatients: [Int]
    var expansionPatients: [Int]
    public var responders: [Int]
    /// Trials stopped for safety with no dose selected.
    public var stoppedEarly: Int = 0
    /// Trials that ended before the maximum sample size by the design's own rules, a dose selected.
    public var endedByRule: Int = 0
    var patientsAboveMTD: Int = 0
    var selectedAboveMTD: Int = 0
    var durationDays: Int = 0
    /// Patients who arrived when no cohort could take them (over-time simulations).
    public var turnedAway: Int = 0
    /// Σ over trials with a selected dose of round(10⁶ × posterior P(overdose) at it), model-based designs.
    public var overdoseMicros: Int = 0
    var overdoseTrials: Int = 0

    /// Sums of no trial yet over `levels` doses.
    public init(levels: Int) {
        selected = Array(repeating: 0, count: levels + 1)
        selectedAfterEscalation = selected
        patients = Array(repeating: 0, count: levels)
        dlts = patients
        backfillPatients = patients
        expansionPatients = patients
        responders = patients
    }

    /// Adds another run's sums (a shard of the same simulation).
    public mutating func add(_ o: OperatingCharacteristics) {
        trials += o.trials
        for i in selected.indices {
            selected[i] += o.selected[i]
            selectedAfterEscalation[i] += o.selectedAfterEscalation[i]
        }
        for i in patients.indices {
            patients[i] += o.patients[i]
            dlts[i] += o.dlts[i]
            backfillPatients[i] += o.backfillPatients[i]
            expansionPatients[i] += o.expansionPatients[i]
            responders[i] += o.responders[i]
        }
        stoppedEarly += o.stoppedEarly
        endedByRule += o.endedByRule
        patientsAboveMTD += o.patientsAboveMTD
        selectedAboveMTD += o.selectedAboveMTD
        durationDays += o.durationDays
        turnedAway += o.turnedAway
        overdoseMicros += o.overdoseMicros
        overdoseTrials += o.overdoseTrials
    }

    var totalPatients: Int { patients.reduce(0, +) }
}

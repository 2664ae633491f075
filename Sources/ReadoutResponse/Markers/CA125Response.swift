import ReadoutCore
import ReadoutData

/// The CA-125 rules of GCIG (Rustin et al., Int J Gynecol Cancer 2011;21:419–423) that a protocol
/// might set differently, with their defaults (docs/response-rules.md, section 12).
public struct CA125Options: Sendable, Codable, Equatable {
    /// LBTESTCD of the CA-125 records.
    public var testCode = "CA125"
    /// A response is a reduction from the pretreatment sample of at least this many percent ...
    public var responseReduction: Double = 50
    /// ... confirmed and maintained for at least this many days.
    public var confirmationDays = 28
    /// The pretreatment sample: the last one within this many days before the first dose.
    public var pretreatmentDays = 14
    /// Progression: two values at least this many days apart above the mark.
    public var progressionGapDays = 7
    /// The upper limit of normal (U/mL) when a record has no LBSTNRHI; `overrideUpperLimit` replaces
    /// every record's.
    public var defaultUpperLimit: Double = 35
    public var overrideUpperLimit: Double? = nil

    /// GCIG's rules.
    public init() {}
}

/// A CA-125 value with the upper limit of normal it was reported against.
public struct CA125Sample: Sendable, Codable, Equatable {
    public var date: CalendarDate
    /// U/mL.
    public var value: Double
    public var upperLimit: Double
}

/// GCIG's CA-125 response of one subject.
public enum CA125Category: String, Sendable, Codable, CaseIterable {
    /// A confirmed response whose values fell to normal (GCIG "response within normal range").
    case complete = "CR"
    /// A confirmed response not within the normal range.
    case partial = "PR"
    /// Evaluable, without a confirmed response (GCIG "non-response/non-PD" mapped as admiralonco maps it).
    case noResponse = "SD"
    /// Not evaluable for response: no pretreatment sample within the window, or one under 2 × ULN.
    case notEvaluable = "NE"
    /// No CA-125 value at all.
    case missing = "MISSING"
}

/// Which of GCIG's three progression definitions applies.
public enum CA125ProgressionKind: String, Sendable, Codable {
    /// Elevated before treatment and normal after: 2 × ULN.
    case elevatedThenNormal = "A"
    /// Elevated before treatment and never normal after: 2 × the nadir.
    case elevatedNeverNormal = "B"
    /// Normal before treatment: 2 × ULN.
    case normalBefore = "C"
}

/// CA-125 progression: the first of two values at least a week apart at or above the mark.
public struct CA125Progression: Sendable, Codable, Equatable {
    public var first: CA125Sample
    public var second: CA125Sample
    public var kind: CA125ProgressionKind
    /// The mark both reached: 2 × ULN, or 2 × the nadir.
    public var mark: Double
}

/// Everything derived from one subject's CA-125 values.
public struct CA125Subject: Sendable, Codable, Equatable {
    public var subject: String
    public var firstDose: CalendarDate?
    public var pretreatment: CA125Sample?
    /// The values after the first dose, one per date, with the percent change from pretreatment.
    public var values: [CA125Sample]
    public var response: CA125Category
    /// The first value reduced by the response percentage, and the value that confirmed it.
    public var responseValue: CA125Sample?
    public var confirmedBy: CA125Sample?
    /// The largest reduction from pretreatment (the most negative percent change).
    public var bestPercentChange: Double?
    public var progression: CA125Progression?
    /// Time to CA-125 progression from the first dose; censored at the last value.
    public var timeToProgression: TimeToEvent?
    /// Whether any sample precedes the first dose (without one, progression cannot be classified).
    public var sampledBefore = false

    /// Percent change of `value` from the pretreatment sample.
    public func percentChange(_ value: Double) -> Double? {
        pretreatment.flatMap { $0.value > 0 ? (value - $0.value) / $0.value * 100 : nil }
    }
}

/// The GCIG CA-125 derivation: pure functions of a subject's samples and first dose.
public enum CA125Derivation {
    public static func derive(
        subject: String, samples: [CA125Sample], firstDose: CalendarDate?, options: CA125Options = CA125Options()
    ) -> CA125Subject {
        var byDate: [CalendarDate: CA125Sample] = [:]
        for s in samples { byDate[s.date] = s }
        let sorted = byDate.values.sorted { $0.date < $1.date }
        var out = CA125Subject(
            subject: subject, firstDose: firstDose, pretreatment: nil, values: [],
            response: sorted.isEmpty ? .missing : .notEvaluable)
        guard let dose = firstDose else { return out }
        out.pretreatment = sorted.last {
            $0.date <= dose && dose.dayNumber - $0.date.dayNumber <= options.pretreatmentDays
        }
        out.values = sorted.filter { $0.date > dose }
        let v = out.values
        out.bestPercentChange = v.compactMap { out.percentChange($0.value) }.min()
        // Response: only when the pretreatment sample is at least twice the upper limit.
        if let pre = out.pretreatment, pre.value >= 2 * pre.upperLimit {
            out.response = .noResponse
            let limit = pre.value * (1 - options.responseReduction / 100)
            if let (i, j) = maintained(v, from: 0, options: options, within: { $0.value <= limit }) {
                out.responseValue = v[i]
                out.confirmedBy = v[j]
                // Complete: a value within the normal range confirmed and maintained likewise.
                let normal = maintained(v, from: i, options: options) { $0.value <= limit && $0.value <= $0.upperLimit }
                out.response = normal == nil ? .partial : .complete
            }
        }
        // Progression needs to know whether CA-125 was elevated before treatment: any earlier sample tells.
        let before = sorted.last { $0.date <= dose }
        out.sampledBefore = before != nil
        out.progression = before == nil ? nil : progression(v, pretreatment: before, options: options)
        if !out.sampledBefore {
            out.timeToProgression = nil
        } else if let p = out.progression {
            out.timeToProgression = TimeToEvent(
                start: dose, end: p.first.date, event: true, reason: "CA-125 progression")
        } else if let last = v.last {
            out.timeToProgression = TimeToEvent(
                start: dose, end: last.date, event: false, reason: "censored at the last CA-125 value")
        } else if !sorted.isEmpty {
            out.timeToProgression = TimeToEvent(
                start: dose, end: dose, event: false, reason: "censored at the first dose: no CA-125 value after it")
        }
        return out
    }

    /// The first value meeting `within` that a value at least the confirmation days later also meets,
    /// every value between meeting it too: the indices of the two.
    static func maintained(
        _ v: [CA125Sample], from start: Int, options: CA125Options, within: (CA125Sample) -> Bool
    ) -> (Int, Int)? {
        search: for i in start..<v.count where within(v[i]) {
            for j in (i + 1)..<max(i + 1, v.count) {
                if !within(v[j]) { continue search }
                if v[j].date.dayNumber - v[i].date.dayNumber >= options.confirmationDays { return (i, j) }
            }
        }
        return nil
    }

    /// GCIG's progression: A (elevated before, normal since) and C (normal before) at 2 × ULN; B
    /// (elevated before, never normal since) at 2 × the nadir. The mark must be reached by a value and
    /// again by the next value at least the gap later.
    static func progression(
        _ v: [CA125Sample], pretreatment: CA125Sample?, options: CA125Options
    ) -> CA125Progression? {
        let elevated = pretreatment.map { $0.value > $0.upperLimit }
        var normalised = false
        var nadir = Double.infinity
        for (i, x) in v.enumerated() {
            let kind: CA125ProgressionKind =
                elevated == true ? (normalised ? .elevatedThenNormal : .elevatedNeverNormal) : .normalBefore
            let mark = kind == .elevatedNeverNormal ? 2 * nadir : 2 * x.upperLimit
            if mark.isFinite, x.value >= mark,
                let next = v[(i + 1)...].first(where: {
                    $0.date.dayNumber - x.date.dayNumber >= options.progressionGapDays
                }), next.value >= (kind == .elevatedNeverNormal ? mark : 2 * next.upperLimit)
            {
                return CA125Progression(first: x, second: next, kind: kind, mark: mark)
            }
            if x.value <= x.upperLimit { normalised = true }
            nadir = min(nadir, x.value)
        }
        return nil
    }
}

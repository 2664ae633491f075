import ReadoutCore
import ReadoutData

/// The PSA rules of PCWG3 (Scher et al., J Clin Oncol 2016;34:1402–1418) that a protocol might set
/// differently, with their defaults (docs/response-rules.md, section 11).
public struct PSAOptions: Sendable, Codable, Equatable {
    /// LBTESTCD of the PSA records.
    public var testCode = "PSA"
    /// A response is a decline from baseline of at least this many percent (PSA50).
    public var responseDecline: Double = 50
    /// The deep response (PSA90).
    public var deepResponseDecline: Double = 90
    /// A response or a progression is confirmed by a value at least this many days later.
    public var confirmationDays = 21
    /// Progression: at least this many percent above the nadir ...
    public var progressionIncrease: Double = 25
    /// ... and at least this many ng/mL above it.
    public var progressionAbsolute: Double = 2
    /// Without a decline from baseline, a rise counts as progression only from this many weeks on.
    public var noDeclineWeeks = 12

    /// PCWG3's rules.
    public init() {}
}

/// One tumour-marker value after the first dose (PSA, CA-125), with its change from baseline.
public struct MarkerValue: Sendable, Codable, Equatable {
    public var date: CalendarDate
    /// In the marker's unit (PSA ng/mL, CA-125 U/mL).
    public var value: Double
    /// Percent change from baseline; nil without a baseline or when the baseline is 0.
    public var percentChange: Double?
}

/// The baseline PSA: the last value on or before the first dose.
public struct PSABaseline: Sendable, Codable, Equatable {
    public var date: CalendarDate
    /// ng/mL.
    public var value: Double
}

/// A PSA response endpoint (PSA50 or PSA90, unconfirmed or confirmed) of one subject.
public enum PSAOutcome: Sendable, Codable, Equatable {
    /// No PSA value at all (admiralonco: MISSING).
    case missing
    /// PSA values, but no response; dated at the last value (admiralonco's anchoring).
    case no(last: CalendarDate)
    /// A response at the first value that met the decline (confirmed: by the value on `by`).
    case yes(MarkerValue, confirmedBy: MarkerValue?)

    public var code: String {
        switch self {
        case .missing: return "MISSING"
        case .no: return "N"
        case .yes: return "Y"
        }
    }

    public var date: CalendarDate? {
        switch self {
        case .missing: return nil
        case .no(let d): return d
        case .yes(let v, _): return v.date
        }
    }
}

/// PSA progression: the first rise of at least 25% and 2 ng/mL above the nadir (above baseline, from
/// week 12, without a decline), confirmed by the next value at least 3 weeks later.
public struct PSAProgression: Sendable, Codable, Equatable {
    public var rise: MarkerValue
    public var confirmedBy: MarkerValue
    /// The lowest value before the rise, baseline included.
    public var nadir: Double
    /// Whether PSA had declined below baseline before the rise.
    public var afterDecline: Bool
}

/// Everything derived from one subject's PSA values.
public struct PSASubject: Sendable, Codable, Equatable {
    public var subject: String
    public var firstDose: CalendarDate?
    /// The last value on or before the first dose.
    public var baseline: PSABaseline?
    /// The values after the first dose, one per date (the last of a date), in date order.
    public var values: [MarkerValue]
    /// The largest decline (the most negative percent change); the PSA waterfall's value.
    public var bestPercentChange: Double?
    public var response: PSAOutcome
    public var confirmedResponse: PSAOutcome
    public var deepResponse: PSAOutcome
    public var confirmedDeepResponse: PSAOutcome
    public var progression: PSAProgression?
    /// A rise that met the progression threshold but had no confirming value (yet).
    public var unconfirmedRise: MarkerValue?
    /// Time to PSA progression from the first dose; censored at the last PSA value.
    public var timeToProgression: TimeToEvent?
}

/// The PSA derivation: pure functions of a subject's values and first dose.
public enum PSADerivation {
    /// One subject's PSA endpoints. `measurements` are (date, ng/mL) in any order.
    public static func derive(
        subject: String, measurements: [(date: CalendarDate, value: Double)], firstDose: CalendarDate?,
        options: PSAOptions = PSAOptions()
    ) -> PSASubject {
        // One value per date: the last recorded (a repeat measurement replaces the first).
        var byDate: [CalendarDate: Double] = [:]
        for m in measurements { byDate[m.date] = m.value }
        let sorted = byDate.sorted { $0.key < $1.key }
        let none: PSAOutcome = sorted.last.map { .no(last: $0.key) } ?? .missing
        var out = PSASubject(
            subject: subject, firstDose: firstDose, values: [], bestPercentChange: nil, response: none,
            confirmedResponse: none, deepResponse: none, confirmedDeepResponse: none)
        guard let dose = firstDose else { return out }
        if let b = sorted.last(where: { $0.key <= dose }) { out.baseline = PSABaseline(date: b.key, value: b.value) }
        let base = out.baseline?.value
        out.values = sorted.filter { $0.key > dose }.map { d, v in
            MarkerValue(date: d, value: v, percentChange: base.flatMap { $0 > 0 ? (v - $0) / $0 * 100 : nil })
        }
        let v = out.values
        out.bestPercentChange = v.compactMap(\.percentChange).min()
        func outcome(_ decline: Double, confirmed: Bool) -> PSAOutcome {
            for (i, x) in v.enumerated() {
                guard let p = x.percentChange, p <= -decline else { continue }
                if !confirmed { return .yes(x, confirmedBy: nil) }
                if let j = v.indices.first(where: { j in
                    j > i && v[j].date.dayNumber - x.date.dayNumber >= options.confirmationDays
                        && (v[j].percentChange ?? 0) <= -decline
                }) {
                    return .yes(x, confirmedBy: v[j])
                }
            }
            return none
        }
        out.response = outcome(options.responseDecline, confirmed: false)
        out.confirmedResponse = outcome(options.responseDecline, confirmed: true)
        out.deepResponse = outcome(options.deepResponseDecline, confirmed: false)
        out.confirmedDeepResponse = outcome(options.deepResponseDecline, confirmed: true)
        (out.progression, out.unconfirmedRise) = progression(v, baseline: base, firstDose: dose, options: options)
        if let p = out.progression {
            out.timeToProgression = TimeToEvent(start: dose, end: p.rise.date, event: true, reason: "PSA progression")
        } else if let last = v.last {
            out.timeToProgression = TimeToEvent(
                start: dose, end: last.date, event: false, reason: "censored at the last PSA value")
        } else {
            out.timeToProgression = TimeToEvent(
                start: dose, end: dose, event: false, reason: "censored at the first dose: no PSA value after it")
        }
        return out
    }

    /// The first confirmed rise (PCWG3): with a decline from baseline before it, at least the
    /// percent and the ng/mL above the nadir; without one, above baseline and from week 12 on. The
    /// confirming value is the next one at least the confirmation days later, above the same mark.
    static func progression(
        _ v: [MarkerValue], baseline: Double?, firstDose: CalendarDate, options: PSAOptions
    ) -> (PSAProgression?, MarkerValue?) {
        guard let base = baseline else { return (nil, nil) }
        var nadir = base
        var declined = false
        var unconfirmed: MarkerValue? = nil
        func rises(_ x: Double, over n: Double) -> Bool {
            x >= n * (1 + options.progressionIncrease / 100) && x - n >= options.progressionAbsolute
        }
        for (i, x) in v.enumerated() {
            let early = !declined && x.date.dayNumber - firstDose.dayNumber < options.noDeclineWeeks * 7
            if !early, rises(x.value, over: nadir) {
                let next = v[(i + 1)...].first { $0.date.dayNumber - x.date.dayNumber >= options.confirmationDays }
                if let c = next, rises(c.value, over: nadir) {
                    return (PSAProgression(rise: x, confirmedBy: c, nadir: nadir, afterDecline: declined), nil)
                }
                if next == nil, unconfirmed == nil { unconfirmed = x }
            }
            if x.value < base { declined = true }
            nadir = min(nadir, x.value)
        }
        return (nil, unconfirmed)
    }
}

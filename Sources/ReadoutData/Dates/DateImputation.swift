import ReadoutCore

/// Which components of a date were filled in by imputation, as ADaM `--DTF` flags name them.
public enum ImputationFlag: String, Sendable, Codable {
    /// Only the day was imputed.
    case day = "D"
    /// Month and day were imputed.
    case month = "M"
}

/// How a partial date is completed. One rule, applied everywhere a date is needed.
public enum ImputationRule: String, Sendable, Codable, CaseIterable {
    /// The first day of the missing period (`2008-08` → `2008-08-01`, `2008` → `2008-01-01`).
    case first
    /// The last day of the missing period (`2008-08` → `2008-08-31`, `2008` → `2008-12-31`).
    case last
    /// The middle: day 15 of a known month, July 1 of a known year.
    case middle
    /// No imputation: a partial date stays unusable.
    case none
}

/// The imputation rules in force: one for dates that start something (first dose, onset,
/// assessment), one for dates that end something (last dose, resolution).
public struct DateImputation: Sendable, Codable, Equatable {
    public var start: ImputationRule = .first
    public var end: ImputationRule = .last
    /// Never impute a date beyond the data cut-off: an imputed date after it becomes the cut-off
    /// when the cut-off lies inside the partial period (admiral's `max_dates`).
    public var capAtCutoff: Bool = true

    /// The rules for partial start and end dates, and whether an imputed date is capped at the cut-off.
    public init(start: ImputationRule = .first, end: ImputationRule = .last, capAtCutoff: Bool = true) {
        self.start = start
        self.end = end
        self.capAtCutoff = capAtCutoff
    }

    /// Whether a date starts or ends something, which decides the rule that completes it.
    public enum Role: String, Sendable, Codable { case start, end }

    /// Completes a value to a calendar day. Nil when the value is missing, not ISO 8601, or
    /// partial under the `none` rule. The result says what was imputed, so every imputation can
    /// be traced back to the value it came from.
    public func impute(_ text: String, role: Role, cutoff: CalendarDate? = nil) -> ImputedDate? {
        let t = text.trimmingBlanks()
        if t.isEmpty { return nil }
        guard case .success(let v) = ISODateTime.parse(t) else { return nil }
        return impute(v, original: t, role: role, cutoff: cutoff)
    }

    /// The complete date of `v` by the rule of `role`, capped at `cutoff` when the cap is on.
    public func impute(_ v: ISODateTime, original: String, role: Role, cutoff: CalendarDate? = nil) -> ImputedDate? {
        let rule = role == .start ? start : end
        var flag: ImputationFlag? = nil
        let date: CalendarDate
        if let d = v.date {
            date = d
        } else {
            if rule == .none { return nil }
            let month: Int
            if let m = v.month {
                month = m
                flag = .day
            } else {
                switch rule {
                case .first: month = 1
                case .last: month = 12
                default: month = 7
                }
                flag = .month
            }
            let day: Int
            switch rule {
            case .first: day = 1
            case .last: day = CalendarDate.daysIn(month: month, year: v.year)
            default: day = flag == .month ? 1 : 15
            }
            guard let d = CalendarDate(year: v.year, month: month, day: day) else { return nil }
            date = d
        }
        // Capped only when the cut-off lies inside the partial period: "2008-08" may be any day
        // of August, so with a cut-off of 2008-08-15 it is at most that day; "2008-09" is after
        // the cut-off whatever its day, and stays so.
        var capped = false
        var result = date
        if let f = flag, capAtCutoff, let c = cutoff, date > c,
            let periodStart = CalendarDate(year: v.year, month: f == .day ? (v.month ?? 1) : 1, day: 1),
            periodStart <= c
        {
            result = c
            capped = true
        }
        return ImputedDate(date: result, original: original, flag: flag, cappedAtCutoff: capped)
    }
}

/// A calendar day obtained from an ISO 8601 value, with how it was obtained.
public struct ImputedDate: Sendable, Hashable, Codable, CustomStringConvertible {
    public var date: CalendarDate
    /// The value as the data held it.
    public var original: String
    /// Nil when the value was a complete date.
    public var flag: ImputationFlag?
    /// The imputed day fell after the data cut-off and was replaced by the cut-off.
    public var cappedAtCutoff: Bool

    var isImputed: Bool { flag != nil }

    public var description: String {
        guard let f = flag else { return date.iso }
        var s = "\(date.iso) (imputed from \"\(original)\", \(f == .day ? "day" : "month and day")"
        if cappedAtCutoff { s += ", capped at the cut-off" }
        return s + ")"
    }
}

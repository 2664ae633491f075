import ReadoutCore

/// How much of a date/time an ISO 8601 value states.
public enum DatePrecision: Int, Sendable, Comparable, Codable {
    case year = 1
    case month, day, hour, minute, second
    /// Coarser precisions sort first.
    public static func < (a: DatePrecision, b: DatePrecision) -> Bool { a.rawValue < b.rawValue }
}

/// An ISO 8601 date or date-time as SDTM `--DTC` variables hold it, complete or partial.
///
/// Accepted: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, each date followed optionally by `Thh`, `Thh:mm`,
/// `Thh:mm:ss` or `Thh:mm:ss.fff` and a zone (`Z`, `+hh:mm`), and the SDTM forms with a missing
/// middle component written as a hyphen (`2008---15`: year known, month not; the known day is then
/// not used). The precision is the leading run of known components.
public struct ISODateTime: Sendable, Hashable, Codable {
    public var year: Int
    public var month: Int?
    public var day: Int?
    var hour: Int?
    var minute: Int?
    public var second: Double?

    public var precision: DatePrecision {
        guard month != nil else { return .year }
        guard day != nil else { return .month }
        guard hour != nil else { return .day }
        guard minute != nil else { return .hour }
        guard second != nil else { return .minute }
        return .second
    }

    /// The calendar day when the value states it completely.
    public var date: CalendarDate? {
        guard let m = month, let d = day else { return nil }
        return CalendarDate(year: year, month: m, day: d)
    }

    /// Why a text is not an ISO 8601 date, for the problem that reports it.
    public struct ParseError: Error, Sendable, Equatable {
        public var reason: String
    }

    static let expectedForm = "an ISO 8601 date such as 2008-08-29, 2008-08-29T10:15, 2008-08 or 2008"

    /// Parses an ISO 8601 date or date-time, complete or partial (`2008`, `2008-08`, `2008-08-29T10:30`).
    public static func parse(_ text: String) -> Result<ISODateTime, ParseError> {
        let s = Array(text.utf8)
        var i = 0
        func fail(_ r: String) -> Result<ISODateTime, ParseError> { .failure(ParseError(reason: r)) }
        func digits(_ n: Int) -> Int? {
            guard i + n <= s.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = s[i + k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func at(_ c: UInt8) -> Bool { i < s.count && s[i] == c }

        guard let year = digits(4) else { return fail("it does not start with a four-digit year") }
        var r = ISODateTime(year: year)
        if i == s.count { return .success(r) }
        guard at(0x2D) else { return fail("a hyphen must follow the year") }
        i += 1
        if at(0x2D) {
            // Unknown month: `YYYY---DD` or `YYYY----T...`; nothing after the year is used.
            return validateRest(s, from: i, r)
        }
        guard let month = digits(2) else { return fail("the month must be two digits") }
        guard (1...12).contains(month) else { return fail("month \(month) does not exist") }
        r.month = month
        if i == s.count { return .success(r) }
        guard at(0x2D) else { return fail("a hyphen must follow the month") }
        i += 1
        if at(0x2D) || at(0x54) {
            // Unknown day: `YYYY-MM--Thh:mm`.
            return validateRest(s, from: i, r)
        }
        guard let day = digits(2) else { return fail("the day must be two digits") }
        guard day >= 1, day <= CalendarDate.daysIn(month: month, year: year) else {
            return fail("day \(day) does not exist in \(year)-\(pad(month, 2))")
        }
        r.day = day
        if i == s.count { return .success(r) }
        guard at(0x54) else { return fail("a 'T' must separate the date from the time") }
        i += 1
        if at(0x2D) { return validateRest(s, from: i, r) }
        guard let h = digits(2), h <= 24 else { return fail("the hour must be two digits from 00 to 23") }
        r.hour = h
        if i < s.count, at(0x3A) {
            i += 1
            if at(0x2D) { return validateRest(s, from: i, r) }
            guard let mi = digits(2), mi <= 59 else { return fail("the minutes must be two digits from 00 to 59") }
            r.minute = mi
            if i < s.count, at(0x3A) {
                i += 1
                if at(0x2D) { return validateRest(s, from: i, r) }
                guard let sec = digits(2), sec <= 60 else {
                    return fail("the seconds must be two digits from 00 to 59")
                }
                var fraction = 0.0
                if at(0x2E) || at(0x2C) {
                    i += 1
                    var scale = 0.1
                    var n = 0
                    while i < s.count, s[i] >= 0x30, s[i] <= 0x39 {
                        fraction += Double(s[i] - 0x30) * scale
                        scale /= 10
                        i += 1
                        n += 1
                    }
                    if n == 0 { return fail("a decimal point must be followed by digits") }
                }
                r.second = Double(sec) + fraction
            }
        }
        if i == s.count { return .success(r) }
        // Time zone designator: accepted, not used (study days are local dates).
        if at(0x5A), i + 1 == s.count { return .success(r) }
        if at(0x2B) || at(0x2D) {
            i += 1
            guard digits(2) != nil else { return fail("the time zone offset must be ±hh:mm") }
            if at(0x3A) { i += 1 }
            if i < s.count { guard digits(2) != nil else { return fail("the time zone offset must be ±hh:mm") } }
            if i == s.count { return .success(r) }
        }
        return fail("unexpected text after the time")
    }

    /// After an unknown component only hyphens, digits, `T` and `:` may follow (SDTM partial forms).
    private static func validateRest(_ s: [UInt8], from i: Int, _ r: ISODateTime) -> Result<ISODateTime, ParseError> {
        for c in s[i...] where !(c == 0x2D || c == 0x54 || c == 0x3A || c == 0x2E || (c >= 0x30 && c <= 0x39)) {
            return .failure(ParseError(reason: "unexpected character '\(String(UnicodeScalar(c)))' in a partial date"))
        }
        return .success(r)
    }

    init(year: Int) { self.year = year }
}

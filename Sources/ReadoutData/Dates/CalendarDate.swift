import ReadoutCore

/// A calendar day, counted as SAS counts it: days since 1960-01-01 (day 0).
///
/// Using the SAS origin means dates read from SAS transport or Dataset-JSON numeric dates need no
/// conversion, and day arithmetic (durations, windows) is plain integer subtraction.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var dayNumber: Int

    /// The date `dayNumber` days after 1960-01-01 (the SAS date origin).
    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// Nil when the day does not exist (2023-02-29, month 13, ...).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.daysIn(month: month, year: year) else {
            return nil
        }
        dayNumber = CalendarDate.daysFromCivil(year, month, day) - CalendarDate.sasOrigin
    }

    /// Parses a complete `YYYY-MM-DD` (a longer ISO 8601 value is cut at the day).
    public init?(iso s: String) {
        guard case .success(let d) = ISODateTime.parse(s), d.precision >= .day,
            let c = CalendarDate(year: d.year, month: d.month!, day: d.day!)
        else { return nil }
        self = c
    }

    /// Earlier dates sort first.
    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.dayNumber < b.dayNumber }

    public var components: (year: Int, month: Int, day: Int) {
        CalendarDate.civilFromDays(dayNumber + CalendarDate.sasOrigin)
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        let (y, m, d) = components
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    public var description: String { iso }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    /// Days from `a` to `b` (b − a).
    public static func days(from a: CalendarDate, to b: CalendarDate) -> Int { b.dayNumber - a.dayNumber }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Days since 1970-01-01 of 1960-01-01.
    static let sasOrigin = -3653

    // H. Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

extension CalendarDate: JSONRepresentable {
    /// A date in the results contract: ISO 8601 text, `2008-08-29`.
    public var jsonValue: JSONValue { .string(iso) }
}

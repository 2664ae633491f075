import Foundation

/// The one number formatter of Readout: tables, figures, narrative, simulation reports and
/// listings all print numbers through it, so that 6.25% is 6.3% everywhere (docs/statistics.md,
/// "Rounding").
public enum NumberFormat {
    /// `value` rounded half away from zero to `decimals` places, with exactly that many decimals:
    /// `fixed(6.25, decimals: 1)` is `6.3`, `fixed(-0.04, decimals: 1)` is `0.0`. NaN prints as `-`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        precondition(decimals >= 0 && decimals <= 15, "0 to 15 decimals")
        guard value.isFinite else { return value.isNaN ? "-" : (value < 0 ? "-∞" : "∞") }
        let scale = pow(10, Double(decimals))
        let r = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard r < 9e15 else { return shortest(value) }
        return digits(units: Int64(r), decimals: decimals, negative: value < 0)
    }

    /// `units` hundredths (for 2 decimals) as text: `digits(625, 2)` is `6.25`.
    private static func digits(units: Int64, decimals: Int, negative: Bool) -> String {
        var denominator: Int64 = 1
        for _ in 0..<decimals { denominator *= 10 }
        let whole = units / denominator
        let fraction = units % denominator
        var text = (negative && units != 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return text
    }

    /// `count / total` as a percentage with `decimals` places, or `-` when `total` is 0.
    /// The rounding is done in whole numbers, so a true half (7 of 112 is 6.25%) always rounds up.
    public static func percent(_ count: Int, of total: Int, decimals: Int = 1) -> String {
        guard total > 0 else { return "-" }
        var scale: Int64 = 100
        for _ in 0..<decimals { scale *= 10 }
        let numerator = Int64(abs(count)) * scale
        let denominator = Int64(total)
        // Half away from zero: floor((2n + d) / 2d).
        let units = (2 * numerator + denominator) / (2 * denominator)
        return digits(units: units, decimals: decimals, negative: count < 0)
    }

    /// The shortest text that reads back as the same double, without a trailing `.0` for whole
    /// numbers: `6.5`, `42`, `0.15`. NaN prints as the empty text (a missing value).
    public static func shortest(_ value: Double) -> String {
        if value.isNaN { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// `value` with at most `decimals` places and no trailing zeros: `trimmed(0.10, decimals: 3)`
    /// is `0.1`, `trimmed(2, decimals: 1)` is `2`. Used where a fixed width would add noise (figure
    /// coordinates, model parameters).
    public static func trimmed(_ value: Double, decimals: Int) -> String {
        var text = fixed(value, decimals: decimals)
        guard decimals > 0, text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}

/// `NumberFormat.shortest`: how a number in the data is shown (a dose of 6.5, a count of 42).
public func formatNumber(_ value: Double) -> String { NumberFormat.shortest(value) }

/// The calendar constants every duration is converted with (docs/statistics.md, "Durations").
public enum CalendarUnits {
    /// Days in an average month: 365.25 / 12, as admiral and SAS analyses convert days to months.
    public static let daysPerMonth = 30.4375
    /// Days in a week.
    public static let daysPerWeek = 7.0
    /// Days in an average year.
    public static let daysPerYear = 365.25
}

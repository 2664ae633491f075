import Foundation
import ReadoutCore

/// How sample quantiles are defined.
public enum QuantileDefinition: String, Sendable, Codable, CaseIterable {
    /// SAS's default (PCTLDEF=5), R's type 2: the empirical distribution function, averaging at
    /// discontinuities. The default, as in SAS tables and tern.
    case sas5 = "sas5"
    /// R's default, type 7: linear interpolation between order statistics.
    case r7 = "r7"
    /// Type 6 (SAS PCTLDEF=4, Minitab, SPSS): interpolation at (n + 1) p.
    case r6 = "r6"
}

/// Descriptive statistics of a sample.
public struct Summary: Sendable, Codable, Equatable {
    public var n: Int
    public var mean: Double?
    public var standardDeviation: Double?
    public var median: Double?
    public var firstQuartile: Double?
    public var thirdQuartile: Double?
    public var minimum: Double?
    public var maximum: Double?

    /// The statistics of `values` (NaN ignored), quantiles by `definition`.
    public init(_ values: [Double], definition: QuantileDefinition = .sas5) {
        let v = values.filter { !$0.isNaN }.sorted()
        n = v.count
        guard n > 0 else { return }
        let m = v.reduce(0, +) / Double(n)
        mean = m
        standardDeviation = n > 1 ? (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)).squareRoot() : nil
        median = Summary.quantile(v, 0.5, definition)
        firstQuartile = Summary.quantile(v, 0.25, definition)
        thirdQuartile = Summary.quantile(v, 0.75, definition)
        minimum = v.first
        maximum = v.last
    }

    /// The p-quantile of sorted values.
    public static func quantile(_ v: [Double], _ p: Double, _ definition: QuantileDefinition) -> Double {
        let n = v.count
        precondition(n > 0)
        switch definition {
        case .sas5:
            let np = Double(n) * p
            let j = Int(np.rounded(.down))
            if abs(np - Double(j)) < 1e-12 * max(1, np) {
                if j == 0 { return v[0] }
                if j >= n { return v[n - 1] }
                return (v[j - 1] + v[j]) / 2
            }
            return v[min(j, n - 1)]
        case .r7:
            let h = Double(n - 1) * p
            let lo = Int(h.rounded(.down))
            let hi = min(lo + 1, n - 1)
            return v[lo] + (h - Double(lo)) * (v[hi] - v[lo])
        case .r6:
            let h = Double(n + 1) * p
            if h <= 1 { return v[0] }
            if h >= Double(n) { return v[n - 1] }
            let lo = Int(h.rounded(.down))
            return v[lo - 1] + (h - Double(lo)) * (v[lo] - v[lo - 1])
        }
    }
}

/// Median follow-up by the reverse Kaplan–Meier method: censoring is the event of interest and
/// events are censored (Schemper and Smith, 1996).
public func reverseKaplanMeierMedian(times: [Double], events: [Bool], level: Double = 0.95) -> KaplanMeier.Quantile {
    KaplanMeier(times: times, events: events.map { !$0 }, level: level).median
}

import Foundation
import ReadoutCore

/// How pointwise confidence limits of a survival curve are formed (as R's survfit `conf.type`).
public enum SurvivalCITransform: String, Sendable, Codable, CaseIterable {
    /// On log S (R's default).
    case log
    /// On log(−log S).
    case logLog = "log-log"
    /// On S itself.
    case plain
}

/// The Kaplan–Meier estimate of a survival function with Greenwood standard errors, pointwise
/// confidence limits, and quantiles (median) with their Brookmeyer–Crowley intervals obtained by
/// inverting the pointwise limits, as R's `survfit` and `quantile.survfit` do.
public struct KaplanMeier: Sendable, Codable, Equatable {
    /// One event time: at risk, events, censored, survival and its interval.
    public struct Step: Sendable, Codable, Equatable {
        public var time: Double
        public var atRisk: Int
        public var events: Int
        public var censored: Int
        public var survival: Double
        /// Standard error of the cumulative hazard (Greenwood): sqrt(Σ d / (n (n − d))).
        public var standardError: Double
        public var lower: Double
        public var upper: Double
    }

    public var steps: [Step]
    public var subjects: Int
    public var eventCount: Int
    public var level: Double
    public var transform: SurvivalCITransform

    /// `times` and `events` per subject (event false: censored at that time).
    public init(times: [Double], events: [Bool], level: Double = 0.95, transform: SurvivalCITransform = .log) {
        precondition(times.count == events.count)
        self.level = level
        self.transform = transform
        subjects = times.count
        eventCount = events.filter { $0 }.count
        let order = times.indices.sorted { times[$0] < times[$1] }
        let z = SpecialFunctions.normalQuantile(1 - (1 - level) / 2)
        var atRisk = times.count
        var s = 1.0
        var greenwood = 0.0
        var out: [Step] = []
        var k = 0
        while k < order.count {
            let t = times[order[k]]
            var d = 0
            var c = 0
            while k < order.count, times[order[k]] == t {
                if events[order[k]] { d += 1 } else { c += 1 }
                k += 1
            }
            if d > 0 {
                s *= 1 - Double(d) / Double(atRisk)
                if atRisk > d {
                    greenwood += Double(d) / (Double(atRisk) * Double(atRisk - d))
                } else {
                    greenwood = .infinity
                }
            }
            let se = greenwood.squareRoot()
            var lo = s
            var hi = s
            if s > 0 && se.isFinite {
                switch transform {
                case .log:
                    lo = s * exp(-z * se)
                    hi = min(1, s * exp(z * se))
                case .logLog:
                    let l = log(s)
                    if l < 0 {
                        let w = z * se / abs(l)
                        lo = exp(-exp(log(-l) + w))
                        hi = exp(-exp(log(-l) - w))
                    }
                case .plain:
                    lo = max(0, s - z * se * s)
                    hi = min(1, s + z * se * s)
                }
            } else if s == 0 {
                lo = .nan
                hi = .nan
            }
            out.append(
                Step(
                    time: t, atRisk: atRisk, events: d, censored: c, survival: s, standardError: se, lower: lo,
                    upper: hi))
            atRisk -= d + c
        }
        steps = out
    }

    /// The time at which the curve first falls to 1 − p or below (the p-quantile of the event
    /// time), with R's convention: where the curve sits exactly at 1 − p over an interval, the
    /// midpoint of that interval. Nil when the curve never gets there.
    static func quantile(_ curve: [(Double, Double)], _ p: Double) -> Double? {
        let target = 1 - p
        let tolerance = 1.4901161193847656e-08  // sqrt(.Machine$double.eps)
        let valid = curve.filter { !$0.1.isNaN }
        for (i, point) in valid.enumerated() {
            if abs(point.1 - target) < tolerance {
                // Flat at the target: midpoint to the next time the curve moves below it.
                if let next = valid[(i + 1)...].first(where: { $0.1 < target - tolerance }) {
                    return (point.0 + next.0) / 2
                }
                return nil
            }
            if point.1 < target - tolerance { return point.0 }
        }
        return nil
    }

    /// A quantile of survival with its interval (nil where not reached).
    public struct Quantile: Sendable, Codable, Equatable {
        public var estimate: Double?
        public var lower: Double?
        public var upper: Double?
    }

    /// The p-quantile with its confidence interval (Brookmeyer and Crowley, 1982, using the
    /// chosen transform); p = 0.5 is the median.
    public func quantile(_ p: Double) -> Quantile {
        let eventSteps = steps.filter { $0.events > 0 }
        return Quantile(
            estimate: Self.quantile(eventSteps.map { ($0.time, $0.survival) }, p),
            lower: Self.quantile(eventSteps.map { ($0.time, $0.lower) }, p),
            upper: Self.quantile(eventSteps.map { ($0.time, $0.upper) }, p))
    }

    public var median: Quantile { quantile(0.5) }

    /// Survival estimate at time t (right-continuous step function).
    public func survival(at t: Double) -> Double {
        steps.last { $0.time <= t }?.survival ?? 1
    }
}

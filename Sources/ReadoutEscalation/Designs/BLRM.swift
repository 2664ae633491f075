import Foundation

/// Bayesian logistic regression model with escalation with overdose control (Neuenschwander,
/// Branson and Gsponer, 2008): logit p(d) = log α + β log(d/d*), (log α, log β) bivariate normal.
/// Each dose's DLT probability falls in underdosing [0, 0.16), target [0.16, 0.33) or overdosing
/// [0.33, 1]; a dose is admissible when P(overdosing) < 0.25; the next dose maximises P(target)
/// among admissible doses no higher than the escalation cap. The posterior is computed by nested
/// composite Gauss–Legendre quadrature (32 panels of 10 points on each axis, log α in [−15, 15],
/// log β in [−8, 8]) with exact limits for the interval probabilities; agreement with R's nested
/// adaptive `integrate` to 1e-6 is tested.
public struct BLRM: EscalationDesign {
    public var doses: [Double]
    public var referenceDose: Double
    public var priorMean: (Double, Double)
    public var priorSD: (Double, Double)
    public var correlation: Double
    public var intervals: (Double, Double)
    public var overdoseLimit: Double
    /// The next dose may be at most this multiple of the highest dose tried (2 = 100% increase).
    public var escalationCap: Double

    public init(doses: [Double], referenceDose: Double, priorMean: (Double, Double) = (0, 0), priorSD: (Double, Double) = (2, 1),
                correlation: Double = 0, intervals: (Double, Double) = (0.16, 0.33), overdoseLimit: Double = 0.25, escalationCap: Double = 2) {
        self.doses = doses
        self.referenceDose = referenceDose
        self.priorMean = priorMean
        self.priorSD = priorSD
        self.correlation = correlation
        self.intervals = intervals
        self.overdoseLimit = overdoseLimit
        self.escalationCap = escalationCap
    }

    public var name: String { "BLRM with EWOC" }
    public var parameters: [(String, String)] {
        [("model", "logit p(d) = log α + β log(d / \(fmt(referenceDose)))"),
         ("prior", "log α ~ N(\(fmt(priorMean.0)), \(fmt(priorSD.0))²), log β ~ N(\(fmt(priorMean.1)), \(fmt(priorSD.1))²), correlation \(fmt(correlation))"),
         ("intervals", "underdosing [0, \(fmt(intervals.0))), target [\(fmt(intervals.0)), \(fmt(intervals.1))), overdosing [\(fmt(intervals.1)), 1]"),
         ("admissible", "P(overdosing) < \(fmt(overdoseLimit))"), ("escalation cap", "×\(fmt(escalationCap)) the highest dose tried")]
    }

    func logPrior(_ a: Double, _ b: Double) -> Double {
        let za = (a - priorMean.0) / priorSD.0, zb = (b - priorMean.1) / priorSD.1
        let r = correlation
        return -(za * za - 2 * r * za * zb + zb * zb) / (2 * (1 - r * r))
    }

    func logPosterior(_ a: Double, _ b: Double, _ data: DoseData) -> Double {
        var l = logPrior(a, b)
        let slope = exp(b)
        for k in 0..<data.levels where data.treated[k] > 0 {
            let eta = a + slope * log(doses[k] / referenceDose)
            // log p and log(1 − p) computed stably.
            let logP = -log1p(exp(-eta)), log1mP = -log1p(exp(eta))
            l += Double(data.dlts[k]) * (eta > -30 ? logP : eta) + Double(data.treated[k] - data.dlts[k]) * (eta < 30 ? log1mP : -eta)
        }
        return l
    }

    /// Posterior summaries for every dose.
    public struct Summary: Sendable, Equatable {
        public var meanLogAlpha: Double
        public var meanLogBeta: Double
        public var meanP: [Double]
        public var pUnder: [Double]
        public var pTarget: [Double]
        public var pOver: [Double]
    }

    static let aRange = (-15.0, 15.0), bRange = (-8.0, 8.0)

    public func summary(_ data: DoseData) -> Summary {
        // Scale by the largest log-posterior on a coarse grid, for stability.
        var peak = -Double.infinity
        for i in 0...120 { for j in 0...64 {
            peak = max(peak, logPosterior(Self.aRange.0 + 30 * Double(i) / 120, Self.bRange.0 + 16 * Double(j) / 64, data))
        } }
        func integrate(_ g: (Double, Double) -> Double, lower: (Double) -> Double = { _ in -15 }, upper: (Double) -> Double = { _ in 15 }) -> Double {
            Quadrature.gaussLegendre({ b in
                let lo = max(Self.aRange.0, lower(b)), hi = min(Self.aRange.1, upper(b))
                if hi <= lo { return 0 }
                return Quadrature.gaussLegendre({ a in g(a, b) * exp(self.logPosterior(a, b, data) - peak) }, lo, hi, panels: 32)
            }, Self.bRange.0, Self.bRange.1, panels: 32)
        }
        let z = integrate { _, _ in 1 }
        var s = Summary(meanLogAlpha: integrate { a, _ in a } / z, meanLogBeta: integrate { _, b in b } / z, meanP: [], pUnder: [], pTarget: [], pOver: [])
        let logitLow = log(intervals.0 / (1 - intervals.0)), logitHigh = log(intervals.1 / (1 - intervals.1))
        for d in doses {
            let x = log(d / referenceDose)
            s.meanP.append(integrate({ a, b in 1 / (1 + exp(-(a + exp(b) * x))) }) / z)
            let over = integrate({ _, _ in 1 }, lower: { b in logitHigh - exp(b) * x }) / z
            let target = integrate({ _, _ in 1 }, lower: { b in logitLow - exp(b) * x }, upper: { b in logitHigh - exp(b) * x }) / z
            s.pOver.append(over)
            s.pTarget.append(target)
            s.pUnder.append(max(0, 1 - over - target))
        }
        return s
    }

    /// The dose the model recommends next (0-based), or nil when no dose is admissible.
    public func recommend(data: DoseData) -> Int? {
        let s = summary(data)
        let highest = (0..<data.levels).last { data.treated[$0] > 0 }.map { doses[$0] } ?? doses[0]
        let candidates = doses.indices.filter { s.pOver[$0] < overdoseLimit && doses[$0] <= escalationCap * highest + 1e-9 }
        return candidates.max { s.pTarget[$0] < s.pTarget[$1] }
    }

    public func decide(current: Int, data: DoseData) -> Decision {
        guard let next = recommend(data: data) else { return .stop }
        return next > current ? .escalate : next < current ? .deEscalate : .stay
    }

    public func selectMTD(data: DoseData) -> MTDSelection {
        let s = summary(data)
        let admissible = doses.indices.filter { s.pOver[$0] < overdoseLimit && data.treated[$0] > 0 }
        let best = admissible.max { s.pTarget[$0] < s.pTarget[$1] }
        return MTDSelection(dose: best, estimates: s.meanP.map { Optional($0) },
                            reason: best.map { "highest P(target) \(String(format: "%.3f", s.pTarget[$0])) among tried doses with P(overdosing) < \(fmt(overdoseLimit))" } ?? "no tried dose is admissible")
    }
}

import Foundation
import ReadoutCore

/// The continual reassessment method (O'Quigley, Pepe and Fisher, 1990) with a one-parameter model:
/// empiric p = s^exp(β) or logistic p = expit(a0 + exp(β)(logit s − a0)), β ~ N(0, σ²). The posterior
/// is computed by composite Gauss–Legendre quadrature; the estimated DLT rate per dose uses the
/// posterior mean of β, and the prior variance is 1.34 (both as dfcrm). The next dose is the one
/// whose estimate is closest to the target, restricted as dfcrm's `restrict = TRUE`: never more than
/// one level above the current dose, and no escalation right after a cohort whose DLT rate reached
/// the target (coherence). Optional safety stop when P(p at the lowest dose > target) exceeds a
/// threshold. Patients still inside their DLT window count with the TITE-CRM weight (Cheung and
/// Chappell, 2000): log(1 − w p), w the fraction of the window observed.
public struct CRM: EscalationDesign {
    /// The dose-toxicity model: empiric (power) or one-parameter logistic.
    public enum Model: String, Sendable, Codable { case empiric, logistic }
    public var target: Double
    public let skeleton: [Double]
    /// log s (empiric) or logit s (logistic) per dose, computed once.
    let skeletonScale: [Double]
    public let model: Model
    let sigma: Double
    let intercept: Double
    var safetyThreshold: Double?
    /// The quadrature nodes, with the prior and log p, log(1 − p) at each node and dose, computed once.
    let nodes: CRMNodes

    /// A CRM for `target` with its skeleton, model, prior standard deviation of β, intercept and optional safety stop.
    public init(
        target: Double, skeleton: [Double], model: Model = .empiric, sigma: Double = 1.34.squareRoot(),
        intercept: Double = 3, safetyThreshold: Double? = nil
    ) {
        self.target = target
        self.skeleton = skeleton
        self.skeletonScale = skeleton.map { model == .empiric ? log($0) : log($0 / (1 - $0)) }
        self.model = model
        self.sigma = sigma
        self.intercept = intercept
        self.safetyThreshold = safetyThreshold
        self.nodes = CRMNodes(sigma: sigma, skeletonScale: skeletonScale, model: model, intercept: intercept)
    }

    public var name: String { "CRM (\(model.rawValue))" }
    public var parameters: [(String, String)] {
        var out: [(String, String)] = [
            ("target DLT rate", fmt(target)), ("skeleton", skeleton.map { fmt($0) }.joined(separator: ", ")),
            ("model", model.rawValue), ("prior on β", "N(0, variance \(fmt(sigma * sigma)))"),
        ]
        if model == .logistic { out.append(("intercept a0", fmt(intercept))) }
        let restrictions =
            "at most one level above the current dose; no escalation after a cohort whose DLT rate "
            + "reached the target"
        out.append(("dose restrictions", restrictions))
        if let t = safetyThreshold {
            out.append(("safety stop", "P(DLT rate at the lowest dose > target) > \(fmt(t))"))
        }
        return out
    }

    func probability(_ dose: Int, _ beta: Double) -> Double {
        let s = skeleton[dose]
        switch model {
        case .empiric: return pow(s, exp(beta))
        case .logistic:
            let z = intercept + exp(beta) * (log(s / (1 - s)) - intercept)
            return 1 / (1 + exp(-z))
        }
    }

    /// ∫ f(β) posterior(β) dβ / ∫ posterior(β) dβ, by composite 10-point Gauss–Legendre on
    /// 40 panels over ±10σ (agrees with adaptive quadrature in R to 1e-8 in the tests). The
    /// log-likelihood at each node is a sum of precomputed log p and log(1 − p) weighted by counts.
    public func posteriorExpectation(_ data: DoseData, pending: [[Double]] = [], _ f: (Double) -> Double) -> Double {
        let count = nodes.xs.count
        var logs = nodes.logPrior
        logs.withUnsafeMutableBufferPointer { out in
            for d in 0..<min(data.levels, skeleton.count) where data.treated[d] > 0 {
                let waiting = d < pending.count ? pending[d] : []
                let y = Double(data.dlts[d])
                let none = Double(data.treated[d] - data.dlts[d] - waiting.count)
                if y > 0 {
                    nodes.logP[d].withUnsafeBufferPointer { src in for k in 0..<count { out[k] += y * src[k] } }
                }
                if none > 0 {
                    nodes.log1mP[d].withUnsafeBufferPointer { src in for k in 0..<count { out[k] += none * src[k] } }
                }
                if !waiting.isEmpty {
                    let c = pendingPolynomial(waiting)
                    nodes.logP[d].withUnsafeBufferPointer { src in
                        for k in 0..<count {
                            let p = exp(src[k])
                            var v = 0.0
                            for q in stride(from: c.count - 1, through: 0, by: -1) { v = v * p + c[q] }
                            out[k] += log(max(v, 1e-300))
                        }
                    }
                }
            }
        }
        var peak = -Double.infinity
        for v in logs where v > peak { peak = v }
        var z = 0.0
        var num = 0.0
        for i in 0..<count {
            let w = nodes.ws[i] * exp(logs[i] - peak)
            z += w
            num += w * f(nodes.xs[i])
        }
        return num / z
    }

    func posteriorMeanBeta(_ data: DoseData) -> Double { posteriorExpectation(data) { $0 } }

    /// The posterior mean DLT probability of every dose (pending patients weighted, TITE-CRM).
    public func estimates(_ data: DoseData, pending: [[Double]] = []) -> [Double] {
        let b = posteriorExpectation(data, pending: pending) { $0 }
        return (0..<skeleton.count).map { probability($0, b) }
    }

    /// Posterior probability that the dose's DLT rate exceeds `threshold`.
    public func overdoseProbability(dose: Int, data: DoseData, above threshold: Double) -> Double? {
        posteriorExpectation(data) { self.probability(dose, $0) > threshold ? 1 : 0 }
    }

    /// The dose whose estimate is closest to the target.
    func closest(_ est: [Double]) -> Int {
        var best = 0
        for d in 0..<est.count where abs(est[d] - target) < abs(est[best] - target) { best = d }
        return best
    }

    /// The dose whose estimate is closest to the target, at most one level up.
    public func decide(current: Int, data: DoseData) -> Decision { decide(current: current, data: data, pending: []) }

    public var decidesWithPending: Bool { true }

    /// The decision with patients still in their DLT window weighted (TITE-CRM).
    public func decide(current: Int, data: DoseData, pending: [[Double]]) -> Decision {
        if let t = safetyThreshold, data.treated[0] > 0,
            posteriorExpectation(data, pending: pending, { self.probability(0, $0) > self.target ? 1 : 0 }) > t
        {
            return .stop
        }
        var best = min(closest(estimates(data, pending: pending)), current + 1)
        if let last = data.lastCohort, last.treated > 0, Double(last.dlts) / Double(last.treated) >= target {
            best = min(best, current)
        }
        if best > current { return .escalate }
        if best < current { return .deEscalate }
        return .stay
    }

    /// The recommended next dose (0-based), without skipping untried doses.
    public func recommend(data: DoseData) -> Int {
        let best = closest(estimates(data))
        let highestTried = (0..<data.levels).last { data.treated[$0] > 0 } ?? 0
        return min(best, highestTried + 1)
    }

    /// The MTD: the dose whose estimate is closest to the target (none when the safety stop applies).
    public func selectMTD(data: DoseData) -> MTDSelection {
        let est = estimates(data)
        // The safety rule that stops the trial also means no dose is recommended.
        if let t = safetyThreshold, data.treated[0] > 0 {
            let p = posteriorExpectation(data) { self.probability(0, $0) > self.target ? 1 : 0 }
            if p > t {
                return MTDSelection(
                    dose: nil, estimates: est,
                    reason:
                        "the lowest dose is too toxic: P(DLT rate > \(fmt(target))) = "
                        + "\(NumberFormat.fixed(p, decimals: 3)) > \(fmt(t)); no MTD"
                )
            }
        }
        let best = closest(est)
        return MTDSelection(
            dose: best, estimates: est,
            reason: "model estimate \(NumberFormat.fixed(est[best], decimals: 3)) closest to the target \(target)")
    }
}

/// CRM quadrature nodes and the per-node, per-dose terms of the log-likelihood, computed once.
final class CRMNodes: Sendable {
    let xs: [Double], ws: [Double], logPrior: [Double]
    let logP: [[Double]], log1mP: [[Double]]

    init(sigma: Double, skeletonScale: [Double], model: CRM.Model, intercept: Double) {
        let lo = -10 * sigma
        let hi = 10 * sigma
        let panels = 40
        let h = (hi - lo) / Double(panels)
        var x: [Double] = []
        var w: [Double] = []
        for k in 0..<panels {
            let mid = lo + (Double(k) + 0.5) * h
            for j in 0..<10 {
                x.append(mid + 0.5 * h * Quadrature.glNodes[j])
                w.append(0.5 * h * Quadrature.glWeights[j])
            }
        }
        xs = x
        ws = w
        logPrior = x.map { -$0 * $0 / (2 * sigma * sigma) }
        var lp: [[Double]] = []
        var l1: [[Double]] = []
        for scale in skeletonScale {
            var a: [Double] = []
            var b: [Double] = []
            for beta in x {
                let slope = exp(beta)
                switch model {
                case .empiric:
                    let logp = max(slope * scale, -690)
                    a.append(logp)
                    // log(1 − p) = log(−expm1(log p)), accurate when p is near 1 or 0.
                    b.append(log(max(-expm1(logp), 1e-300)))
                case .logistic:
                    let eta = intercept + slope * (scale - intercept)
                    a.append(eta > -30 ? -log1p(exp(-eta)) : eta)
                    b.append(eta < 30 ? -log1p(exp(eta)) : -eta)
                }
            }
            lp.append(a)
            l1.append(b)
        }
        logP = lp
        log1mP = l1
    }
}

enum Quadrature {
    static let glNodes: [Double] = [
        -0.9739065285171717, -0.8650633666889845, -0.6794095682990244, -0.4333953941292472, -0.1488743389816312,
        0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717,
    ]
    static let glWeights: [Double] = [
        0.0666713443086881, 0.1494513491505806, 0.2190863625159820, 0.2692667193099963, 0.2955242247147529,
        0.2955242247147529, 0.2692667193099963, 0.2190863625159820, 0.1494513491505806, 0.0666713443086881,
    ]

    /// Composite 10-point Gauss–Legendre rule on equal panels.
    static func gaussLegendre(_ f: (Double) -> Double, _ a: Double, _ b: Double, panels: Int) -> Double {
        let h = (b - a) / Double(panels)
        var total = 0.0
        for k in 0..<panels {
            let mid = a + (Double(k) + 0.5) * h
            var s = 0.0
            for j in 0..<10 { s += glWeights[j] * f(mid + 0.5 * h * glNodes[j]) }
            total += 0.5 * h * s
        }
        return total
    }

    /// Adaptive Simpson's rule.
    /// Adaptive Simpson's rule on 96 panels (so a narrow peak cannot be stepped over).
    static func simpson(
        _ f: (Double) -> Double, _ a: Double, _ b: Double, tolerance: Double = 1e-13, depth: Int = 40
    ) -> Double {
        let panels = 96
        let h = (b - a) / Double(panels)
        var total = 0.0
        for k in 0..<panels {
            total += simpsonPanel(
                f, a + Double(k) * h, a + Double(k + 1) * h, tolerance: tolerance / Double(panels), depth: depth)
        }
        return total
    }

    static func simpsonPanels(
        _ f: (Double) -> Double, _ a: Double, _ b: Double, panels: Int, tolerance: Double
    ) -> Double {
        let h = (b - a) / Double(panels)
        var total = 0.0
        for k in 0..<panels {
            total += simpsonPanel(
                f, a + Double(k) * h, a + Double(k + 1) * h, tolerance: tolerance / Double(panels), depth: 30)
        }
        return total
    }

    static func simpsonPanel(_ f: (Double) -> Double, _ a: Double, _ b: Double, tolerance: Double, depth: Int) -> Double
    {
        let c = (a + b) / 2
        let fa = f(a)
        let fb = f(b)
        let fc = f(c)
        let whole = (b - a) / 6 * (fa + 4 * fc + fb)
        return refine(f, a, b, fa, fb, fc, whole, tolerance, depth)
    }

    static func refine(
        _ f: (Double) -> Double, _ a: Double, _ b: Double, _ fa: Double, _ fb: Double, _ fc: Double, _ whole: Double,
        _ tol: Double, _ depth: Int
    ) -> Double {
        let c = (a + b) / 2
        let d = (a + c) / 2
        let e = (c + b) / 2
        let fd = f(d)
        let fe = f(e)
        let left = (c - a) / 6 * (fa + 4 * fd + fc)
        let right = (b - c) / 6 * (fc + 4 * fe + fb)
        if depth <= 0 || abs(left + right - whole) <= 15 * tol { return left + right + (left + right - whole) / 15 }
        return refine(f, a, c, fa, fc, fd, left, tol / 2, depth - 1)
            + refine(f, c, b, fc, fb, fe, right, tol / 2, depth - 1)
    }
}

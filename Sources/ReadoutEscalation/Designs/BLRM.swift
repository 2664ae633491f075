import Foundation
import ReadoutCore
import ReadoutStatistics

/// Bayesian logistic regression model with escalation with overdose control (Neuenschwander,
/// Branson and Gsponer, 2008): logit p(d) = log α + β log(d/d*), (log α, log β) bivariate normal.
/// Each dose's DLT probability falls in underdosing [0, 0.16), target [0.16, 0.33) or overdosing
/// [0.33, 1]; a dose is admissible when P(overdosing) < 0.25; the next dose maximises P(target)
/// among admissible doses no higher than the escalation cap.
///
/// The posterior is computed deterministically on a product Gauss–Legendre grid (`panels` panels of
/// 10 points on each axis, log α in [−15, 15], log β in [−8, 8]). The interval probabilities need
/// the posterior integrated above a threshold in log α that moves with log β; the panel holding the
/// threshold is integrated exactly through the 10-point interpolating polynomial, so no accuracy is
/// lost to the indicator's jump. log p and log(1 − p) at every node and dose are computed once per
/// design, so a posterior costs one multiply-add per node and treated dose and one exponential per
/// node. With 32 panels the summaries agree with R's nested adaptive `integrate` to 1e-6 (tested);
/// simulations may use fewer panels (docs/simulation.md states the agreement measured).
public struct BLRM: EscalationDesign {
    public let doses: [Double]
    public let referenceDose: Double
    public let priorMean: (Double, Double)
    public let priorSD: (Double, Double)
    let correlation: Double
    public let intervals: (Double, Double)
    let overdoseLimit: Double
    /// The next dose may be at most this multiple of the highest dose tried (2 = 100% increase).
    public let escalationCap: Double
    public let panels: Int
    let grid: BLRMGrid

    /// A BLRM over `doses` with reference dose d*, its bivariate normal prior, target interval, EWOC limit and
    /// escalation cap; `panels` sets the quadrature grid.
    public init(
        doses: [Double], referenceDose: Double, priorMean: (Double, Double) = (0, 0),
        priorSD: (Double, Double) = (2, 1),
        correlation: Double = 0, intervals: (Double, Double) = (0.16, 0.33), overdoseLimit: Double = 0.25,
        escalationCap: Double = 2,
        panels: Int = 32
    ) {
        self.doses = doses
        self.referenceDose = referenceDose
        self.priorMean = priorMean
        self.priorSD = priorSD
        self.correlation = correlation
        self.intervals = intervals
        self.overdoseLimit = overdoseLimit
        self.escalationCap = escalationCap
        self.panels = panels
        self.grid = BLRMGrid(
            doses: doses, referenceDose: referenceDose, priorMean: priorMean, priorSD: priorSD,
            correlation: correlation,
            intervals: intervals, panels: panels)
    }

    public var name: String { "BLRM with EWOC" }
    public var parameters: [(String, String)] {
        [
            ("model", "logit p(d) = log α + β log(d / \(fmt(referenceDose)))"),
            (
                "prior",
                "log α ~ N(\(fmt(priorMean.0)), \(fmt(priorSD.0))²), log β ~ N(\(fmt(priorMean.1)), "
                    + "\(fmt(priorSD.1))²), correlation \(fmt(correlation))"
            ),
            (
                "intervals",
                "underdosing [0, \(fmt(intervals.0))), target [\(fmt(intervals.0)), \(fmt(intervals.1))), "
                    + "overdosing [\(fmt(intervals.1)), 1]"
            ),
            ("admissible", "P(overdosing) < \(fmt(overdoseLimit))"),
            ("escalation cap", "×\(fmt(escalationCap)) the highest dose tried"),
        ]
    }

    /// Posterior summaries for every dose.
    public struct Summary: Sendable, Equatable {
        var meanLogAlpha: Double
        var meanLogBeta: Double
        var meanP: [Double]
        var pUnder: [Double]
        var pTarget: [Double]
        var pOver: [Double]
    }

    /// The posterior summaries of every dose given the data.
    public func summary(_ data: DoseData) -> Summary { summary(data, pendingWeights: nil, means: true) }

    /// Summaries when some patients are still within their DLT window: each such patient contributes
    /// log(1 − w p) with w the fraction of the window observed (time-to-event weighting, as TITE-CRM).
    /// Decisions need only the interval probabilities: `means: false` skips the posterior means.
    public func summary(_ data: DoseData, pendingWeights: [[Double]]?, means: Bool = true) -> Summary {
        grid.summary(
            treated: data.treated.map(Double.init), dlts: data.dlts.map(Double.init), pending: pendingWeights,
            means: means)
    }

    /// The dose the model recommends next (0-based), or nil when no dose is admissible.
    public func recommend(data: DoseData) -> Int? {
        recommend(summary(data, pendingWeights: nil, means: false), data: data)
    }

    func recommend(_ s: Summary, data: DoseData) -> Int? {
        let highest = (0..<data.levels).last { data.treated[$0] > 0 }.map { doses[$0] } ?? doses[0]
        let candidates = doses.indices.filter {
            s.pOver[$0] < overdoseLimit && doses[$0] <= escalationCap * highest + 1e-9
        }
        return candidates.max { s.pTarget[$0] < s.pTarget[$1] }
    }

    /// The next dose: the admissible dose with the highest P(target), within the escalation cap.
    public func decide(current: Int, data: DoseData) -> Decision {
        guard let next = recommend(data: data) else { return .stop }
        return next > current ? .escalate : next < current ? .deEscalate : .stay
    }

    public var decidesWithPending: Bool { true }

    /// The next dose counting pending patients by the share of their window observed.
    public func decide(current: Int, data: DoseData, pending: [[Double]]) -> Decision {
        guard let next = recommend(summary(data, pendingWeights: pending, means: false), data: data) else {
            return .stop
        }
        return next > current ? .escalate : next < current ? .deEscalate : .stay
    }

    /// P(overdosing) at the dose: the posterior probability of the overdosing interval (the
    /// design's own bound, whatever `threshold` says).
    public func overdoseProbability(dose: Int, data: DoseData, above threshold: Double) -> Double? {
        summary(data, pendingWeights: nil, means: false).pOver[dose]
    }

    /// The MTD: the tried dose with the highest P(target) among those with P(overdosing) below the limit.
    public func selectMTD(data: DoseData) -> MTDSelection {
        let s = summary(data)
        let admissible = doses.indices.filter { s.pOver[$0] < overdoseLimit && data.treated[$0] > 0 }
        let best = admissible.max { s.pTarget[$0] < s.pTarget[$1] }
        return MTDSelection(
            dose: best, estimates: s.meanP.map { Optional($0) },
            reason: best.map {
                "highest P(target) \(NumberFormat.fixed(s.pTarget[$0], decimals: 3)) among tried doses with "
                    + "P(overdosing) < \(fmt(overdoseLimit))"
            } ?? "no tried dose is admissible")
    }
}

/// The fixed quadrature grid of a BLRM and everything about it that does not depend on the data.
final class BLRMGrid: Sendable {
    static let aRange = (-15.0, 15.0), bRange = (-8.0, 8.0)
    let panels: Int
    let na: Int, nb: Int
    let aNodes: [Double], aWeights: [Double], bNodes: [Double], bWeights: [Double]
    let logPrior: [Double]
    /// Per dose, per node (row b, column a): log p, log(1 − p), p.
    let logP: [[Double]], log1mP: [[Double]], p: [[Double]]
    /// Per dose and b-node: the log α above which p exceeds the lower and the upper interval bound.
    let lowThreshold: [[Double]], highThreshold: [[Double]]

    init(
        doses: [Double], referenceDose: Double, priorMean: (Double, Double), priorSD: (Double, Double),
        correlation: Double,
        intervals: (Double, Double), panels: Int
    ) {
        self.panels = panels
        func nodes(_ lo: Double, _ hi: Double) -> ([Double], [Double]) {
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
            return (x, w)
        }
        (aNodes, aWeights) = nodes(Self.aRange.0, Self.aRange.1)
        (bNodes, bWeights) = nodes(Self.bRange.0, Self.bRange.1)
        na = aNodes.count
        nb = bNodes.count
        var prior = [Double](repeating: 0, count: na * nb)
        let r = correlation
        for j in 0..<nb {
            for i in 0..<na {
                let za = (aNodes[i] - priorMean.0) / priorSD.0
                let zb = (bNodes[j] - priorMean.1) / priorSD.1
                prior[j * na + i] = -(za * za - 2 * r * za * zb + zb * zb) / (2 * (1 - r * r))
            }
        }
        logPrior = prior
        var lp: [[Double]] = []
        var l1: [[Double]] = []
        var pp: [[Double]] = []
        var lowT: [[Double]] = []
        var highT: [[Double]] = []
        let logitLow = log(intervals.0 / (1 - intervals.0))
        let logitHigh = log(intervals.1 / (1 - intervals.1))
        for d in doses {
            let x = log(d / referenceDose)
            var a = [Double](repeating: 0, count: na * nb)
            var b = a
            var c = a
            for j in 0..<nb {
                let slope = exp(bNodes[j])
                for i in 0..<na {
                    let eta = aNodes[i] + slope * x
                    a[j * na + i] = eta > -30 ? -log1p(exp(-eta)) : eta
                    b[j * na + i] = eta < 30 ? -log1p(exp(eta)) : -eta
                    c[j * na + i] = 1 / (1 + exp(-eta))
                }
            }
            lp.append(a)
            l1.append(b)
            pp.append(c)
            lowT.append(bNodes.map { logitLow - exp($0) * x })
            highT.append(bNodes.map { logitHigh - exp($0) * x })
        }
        logP = lp
        log1mP = l1
        p = pp
        lowThreshold = lowT
        highThreshold = highT
    }

    /// Without `means`, the posterior means (of log α, log β and each dose's DLT rate) are left at 0.
    func summary(treated: [Double], dlts: [Double], pending: [[Double]]?, means: Bool) -> BLRM.Summary {
        let count = na * nb
        var lpost = logPrior
        lpost.withUnsafeMutableBufferPointer { out in
            for d in 0..<treated.count {
                let pend = (pending.map { d < $0.count ? $0[d] : [] }) ?? []
                let y = dlts[d]
                let none = treated[d] - dlts[d] - Double(pend.count)
                if y > 0 { logP[d].withUnsafeBufferPointer { src in for k in 0..<count { out[k] += y * src[k] } } }
                if none > 0 {
                    log1mP[d].withUnsafeBufferPointer { src in for k in 0..<count { out[k] += none * src[k] } }
                }
                if !pend.isEmpty {
                    // Π (1 − w_i p) as one polynomial in p, so one logarithm per node whatever the
                    // number of pending patients.
                    let c = pendingPolynomial(pend)
                    p[d].withUnsafeBufferPointer { src in
                        for k in 0..<count {
                            var v = 0.0
                            for q in stride(from: c.count - 1, through: 0, by: -1) { v = v * src[k] + c[q] }
                            out[k] += log(max(v, 1e-300))
                        }
                    }
                }
            }
        }
        let peak = lpost.max() ?? 0
        var g = lpost
        for k in 0..<count { g[k] = exp(lpost[k] - peak) }
        // Row integrals over log α, per panel, for the threshold integrals.
        var z = 0.0
        var ma = 0.0
        var mb = 0.0
        var meanP = [Double](repeating: 0, count: p.count)
        var rowPanels = [Double](repeating: 0, count: nb * panels)
        for j in 0..<nb {
            var row = 0.0
            var rowA = 0.0
            for k in 0..<panels {
                var s = 0.0
                for m in 0..<10 {
                    let i = k * 10 + m
                    s += aWeights[i] * g[j * na + i]
                    rowA += aWeights[i] * g[j * na + i] * aNodes[i]
                }
                rowPanels[j * panels + k] = s
                row += s
            }
            z += bWeights[j] * row
            ma += bWeights[j] * rowA
            mb += bWeights[j] * row * bNodes[j]
        }
        for d in 0..<p.count where means {
            var s = 0.0
            p[d].withUnsafeBufferPointer { src in
                for j in 0..<nb {
                    var row = 0.0
                    for i in 0..<na { row += aWeights[i] * g[j * na + i] * src[j * na + i] }
                    s += bWeights[j] * row
                }
            }
            meanP[d] = s / z
        }
        var pOver: [Double] = []
        var pTarget: [Double] = []
        var pUnder: [Double] = []
        for d in 0..<p.count {
            var over = 0.0
            var aboveLow = 0.0
            for j in 0..<nb {
                over += bWeights[j] * tail(row: j, from: highThreshold[d][j], g: g, rowPanels: rowPanels)
                aboveLow += bWeights[j] * tail(row: j, from: lowThreshold[d][j], g: g, rowPanels: rowPanels)
            }
            let o = over / z
            let t = max(0, (aboveLow - over) / z)
            pOver.append(o)
            pTarget.append(t)
            pUnder.append(max(0, 1 - o - t))
        }
        return BLRM.Summary(
            meanLogAlpha: ma / z, meanLogBeta: mb / z, meanP: meanP, pUnder: pUnder, pTarget: pTarget, pOver: pOver)
    }

    /// ∫ from `lower` to the top of the log α range of the posterior on row j.
    func tail(row j: Int, from lower: Double, g: [Double], rowPanels: [Double]) -> Double {
        let (lo, hi) = Self.aRange
        if lower >= hi { return 0 }
        let h = (hi - lo) / Double(panels)
        var total = 0.0
        if lower <= lo {
            for k in 0..<panels { total += rowPanels[j * panels + k] }
            return total
        }
        let k = min(panels - 1, Int((lower - lo) / h))
        for q in (k + 1)..<panels { total += rowPanels[j * panels + q] }
        // Partial panel: s in [−1, 1] is where the threshold falls.
        let s = 2 * (lower - (lo + Double(k) * h)) / h - 1
        var part = 0.0
        for m in 0..<10 { part += g[j * na + k * 10 + m] * PartialGaussLegendre.upperWeight(m, s) }
        return total + 0.5 * h * part
    }
}

/// Coefficients (ascending powers of p) of Π (1 − w_i p).
func pendingPolynomial(_ weights: [Double]) -> [Double] {
    var c = [1.0]
    for w in weights {
        var next = c + [0]
        for i in c.indices { next[i + 1] -= w * c[i] }
        c = next
    }
    return c
}

/// ∫ from s to 1 of the Lagrange basis polynomials of the 10 Gauss–Legendre nodes: integrating the
/// interpolating polynomial over part of a panel.
enum PartialGaussLegendre {
    /// Coefficients (ascending powers) of ∫_{−1}^{s} ℓ_m(t) dt.
    static let antiderivatives: [[Double]] = (0..<10).map { m in
        var poly = [1.0]
        for k in 0..<10 where k != m {
            let denom = Quadrature.glNodes[m] - Quadrature.glNodes[k]
            var next = [Double](repeating: 0, count: poly.count + 1)
            for (i, c) in poly.enumerated() {
                next[i + 1] += c / denom
                next[i] -= c * Quadrature.glNodes[k] / denom
            }
            poly = next
        }
        var anti = [0.0] + poly.enumerated().map { $0.element / Double($0.offset + 1) }
        // Lower limit −1.
        let atMinusOne = anti.enumerated().reduce(0.0) { $0 + $1.element * pow(-1, Double($1.offset)) }
        anti[0] -= atMinusOne
        return anti
    }

    static func upperWeight(_ m: Int, _ s: Double) -> Double {
        let c = antiderivatives[m]
        var v = 0.0
        for i in stride(from: c.count - 1, through: 0, by: -1) { v = v * s + c[i] }
        return Quadrature.glWeights[m] - v
    }
}

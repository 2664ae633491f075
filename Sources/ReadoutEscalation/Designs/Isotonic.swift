import ReadoutCore

/// How the isotonic regression weights each dose's estimate.
public enum IsotonicWeights: String, Sendable, Codable, CaseIterable {
    /// 1 / the variance of the Beta(y + 0.05, n − y + 0.05) posterior, as the BOIN and Keyboard R packages.
    case inverseVariance = "inverse-variance"
    /// The number of patients treated.
    case patients

    func weight(_ y: Int, _ n: Int) -> Double {
        switch self {
        case .patients: return Double(n)
        case .inverseVariance:
            let a = Double(y) + 0.05
            let b = Double(n - y) + 0.05
            let s = Double(n) + 0.1
            return (s * s * (s + 1)) / (a * b)
        }
    }
}

/// MTD selection shared by BOIN, mTPI-2 and Keyboard: pool-adjacent-violators isotonic regression
/// of (y + 0.05) / (n + 0.1), weighted by the inverse of its posterior variance (or by n), over the
/// doses tried and not eliminated; the dose whose estimate is closest to the target; among ties, the
/// higher dose when they lie below the target and the lower dose when above (Liu and Yuan 2015;
/// Yan, Mandrekar and Yuan 2017; the BOIN package's `select.mtd`).
public enum IsotonicSelection {
    /// Weighted pool-adjacent-violators: non-decreasing fit.
    public static func pava(_ values: [Double], weights: [Double]) -> [Double] {
        var blocks: [(value: Double, weight: Double, count: Int)] = []
        for (v, w) in zip(values, weights) {
            blocks.append((v, w, 1))
            while blocks.count > 1, blocks[blocks.count - 2].value > blocks[blocks.count - 1].value {
                let b = blocks.removeLast()
                let a = blocks.removeLast()
                let w = a.weight + b.weight
                blocks.append(((a.value * a.weight + b.value * b.weight) / w, w, a.count + b.count))
            }
        }
        return blocks.flatMap { Array(repeating: $0.value, count: $0.count) }
    }

    /// The MTD by isotonic regression of the observed DLT rates, among doses below `eliminatedFrom`.
    public static func select(
        data: DoseData, target: Double, eliminatedFrom: Int?, weights: IsotonicWeights = .inverseVariance
    ) -> MTDSelection {
        let top = min(eliminatedFrom ?? data.levels, data.levels)
        let tried = (0..<top).filter { data.treated[$0] > 0 }
        var estimates = [Double?](repeating: nil, count: data.levels)
        guard !tried.isEmpty else {
            return MTDSelection(
                dose: nil, estimates: estimates,
                reason: eliminatedFrom == 0 ? "every dose eliminated: no MTD" : "no dose tried")
        }
        let raw = tried.map { (Double(data.dlts[$0]) + 0.05) / (Double(data.treated[$0]) + 0.1) }
        let fit = pava(raw, weights: tried.map { weights.weight(data.dlts[$0], data.treated[$0]) })
        for (k, d) in tried.enumerated() { estimates[d] = fit[k] }
        // Closest to target; ties broken toward the target side as described above.
        var best = tried[0]
        var bestDistance = abs(fit[0] - target)
        for (k, d) in tried.enumerated().dropFirst() {
            let dist = abs(fit[k] - target)
            if dist < bestDistance - 1e-12 {
                best = d
                bestDistance = dist
            } else if abs(dist - bestDistance) <= 1e-12 {
                // Tied: below target → prefer the higher dose; above → keep the lower.
                if fit[k] < target { best = d }
            }
        }
        return MTDSelection(
            dose: best, estimates: estimates,
            reason:
                "isotonic estimate \(NumberFormat.fixed(estimates[best]!, decimals: 3)) closest to the target \(target)"
        )
    }
}

/// BOIN, Keyboard and mTPI-2 share the safety elimination rule and the isotonic MTD selection.
protocol IntervalDesign: EscalationDesign {
    var target: Double { get }
    var eliminationCutoff: Double { get }
    var selectionWeights: IsotonicWeights { get }
    func decide(current: Int, levels: Int, dlts: Int, patients: Double) -> Decision
}

extension IntervalDesign {
    /// Whether `y` DLTs of `n` eliminate the dose: n ≥ 3 and P(p > φ | Beta(y + 1, n − y + 1)) > the cutoff.
    public func eliminates(_ y: Int, _ n: Int) -> Bool { eliminates(y, Double(n)) }

    func eliminates(_ y: Int, _ n: Double) -> Bool {
        n >= 3 && BetaTail.above(target, Double(y + 1), n - Double(y) + 1) > eliminationCutoff
    }

    public var decidesWithPending: Bool { true }

    /// Time-to-event weighting: a patient still inside the DLT window counts as the fraction of the
    /// window observed, so the current dose's patients are the completed ones plus those fractions.
    public func decide(current: Int, data: DoseData, pending: [[Double]]) -> Decision {
        let w = pending.indices.contains(current) ? pending[current] : []
        let n = Double(data.treated[current] - w.count) + w.reduce(0, +)
        return decide(current: current, levels: data.levels, dlts: data.dlts[current], patients: n)
    }

    /// The MTD by isotonic regression, below the lowest eliminated dose.
    public func selectMTD(data: DoseData) -> MTDSelection {
        let eliminated = (0..<data.levels).first { eliminates(data.dlts[$0], data.treated[$0]) }
        return IsotonicSelection.select(
            data: data, target: target, eliminatedFrom: eliminated, weights: selectionWeights)
    }
}

import Foundation
import ReadoutCore

/// Exact operating characteristics of the 3+3 design (variant A) by enumeration: the probability
/// that each dose is selected as the MTD, and that none is.
public enum ThreePlusThreeExact {
    /// The benchmark's selection probabilities when every outcome is known.
    public static func selection(truth: [Double]) -> [Double] {
        let q = truth.map { ThreePlusThree.escalationProbability($0) }
        var out = [Double](repeating: 0, count: truth.count + 1)
        var passed = 1.0
        out[truth.count] = 1 - q[0]
        for k in truth.indices {
            passed *= q[k]
            if k + 1 < truth.count { out[k] = passed * (1 - q[k + 1]) } else { out[k] = passed }
        }
        return out
    }
}

/// The nonparametric optimal benchmark (O'Quigley, Paoletti and Maccario, 2002): what a design
/// could achieve with complete information. Each of the trial's patients has a tolerance u ~ U(0, 1)
/// and would have a DLT at every dose whose true probability is at least u, so every patient's
/// outcome is known at every dose; the benchmark selects the dose whose observed DLT rate over all
/// patients is closest to the target (ties: the higher dose below the target, the lower above it).
/// Not a design that can be run: the yardstick designs are compared with. Only selections are
/// recorded.
public enum OptimalBenchmark {
    /// Simulates the nonparametric optimal benchmark over `trials`.
    public static func run(
        setting s: SimulationSetting, seed: UInt64, trials range: Range<Int>
    ) -> OperatingCharacteristics {
        let levels = s.truth.count
        var oc = OperatingCharacteristics(levels: levels)
        var counts = [Int](repeating: 0, count: levels)
        for t in range {
            var rng = Simulator.stream(seed, t)
            for d in 0..<levels { counts[d] = 0 }
            for _ in 0..<s.maxPatients {
                let u = rng.uniform()
                for d in 0..<levels where u < s.truth[d] { counts[d] += 1 }
            }
            var best = 0
            for d in 1..<levels {
                let rate = Double(counts[d]) / Double(s.maxPatients)
                let dist = abs(rate - s.target)
                let bestDist = abs(Double(counts[best]) / Double(s.maxPatients) - s.target)
                // Ties as the isotonic selection: below the target the higher dose, above it the lower.
                if dist < bestDist - 1e-12 || (abs(dist - bestDist) <= 1e-12 && rate < s.target) { best = d }
            }
            oc.trials += 1
            oc.selected[best] += 1
            oc.selectedAfterEscalation[best] += 1
            if best > s.trueMTD { oc.selectedAboveMTD += 1 }
        }
        return oc
    }
}

/// Cheung's accuracy index of a design's selections (Cheung 2011): 1 − K Σ Δk ρk / Σ Δk, with
/// Δk = |true DLT rate at dose k − target| and ρk the proportion of trials selecting dose k, K doses.
/// 1 when a dose whose true rate is the target is always selected; 0 for selection at random;
/// negative when worse. Trials selecting no dose do not enter the sum (their percentage is reported apart).
public func accuracyIndex(truth: [Double], target: Double, selected: [Int], trials: Int) -> Double? {
    let delta = truth.map { abs($0 - target) }
    let total = delta.reduce(0, +)
    guard total > 0, trials > 0 else { return nil }
    var weighted = 0.0
    for k in truth.indices { weighted += delta[k] * Double(selected[k]) / Double(trials) }
    return 1 - Double(truth.count) * weighted / total
}

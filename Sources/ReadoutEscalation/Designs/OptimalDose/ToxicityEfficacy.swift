import Foundation
import ReadoutCore
import ReadoutStatistics

/// The utilities (0 to 100) of a patient's four possible outcomes in a phase I/II trial
/// (docs/optimal-dose.md, "Utilities"). BOIN12's defaults: 100 for efficacy without toxicity, 40 for
/// neither, 60 for both, 0 for toxicity without efficacy.
public struct OutcomeUtilities: Sendable, Equatable, Codable {
    public var efficacyWithoutToxicity: Double
    public var neither: Double
    public var both: Double
    public var toxicityWithoutEfficacy: Double

    public init(
        efficacyWithoutToxicity: Double = 100, neither: Double = 40, both: Double = 60,
        toxicityWithoutEfficacy: Double = 0
    ) {
        self.efficacyWithoutToxicity = efficacyWithoutToxicity
        self.neither = neither
        self.both = both
        self.toxicityWithoutEfficacy = toxicityWithoutEfficacy
    }

    enum CodingKeys: String, CodingKey {
        case efficacyWithoutToxicity = "efficacy_without_toxicity"
        case neither, both
        case toxicityWithoutEfficacy = "toxicity_without_efficacy"
    }

    /// Each utility a file leaves out keeps its default.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = OutcomeUtilities()
        self.init(
            efficacyWithoutToxicity: try c.decodeIfPresent(Double.self, forKey: .efficacyWithoutToxicity)
                ?? d.efficacyWithoutToxicity,
            neither: try c.decodeIfPresent(Double.self, forKey: .neither) ?? d.neither,
            both: try c.decodeIfPresent(Double.self, forKey: .both) ?? d.both,
            toxicityWithoutEfficacy: try c.decodeIfPresent(Double.self, forKey: .toxicityWithoutEfficacy)
                ?? d.toxicityWithoutEfficacy)
    }

    /// Whether the utility is a sum of an efficacy part and a toxicity part (the four utilities have
    /// u(E, not T) + u(T, not E) = u(neither) + u(both), as the defaults do), so that it depends on
    /// the numbers of toxicities and responses only, not on which patients had both.
    public var additive: Bool { abs(efficacyWithoutToxicity + toxicityWithoutEfficacy - neither - both) < 1e-9 }

    /// The expected utility of the four outcome probabilities.
    public func expected(_ p: OutcomeProbabilities) -> Double {
        efficacyWithoutToxicity * p.efficacyOnly + neither * p.neither + both * p.both
            + toxicityWithoutEfficacy * p.toxicityOnly
    }

    /// The expected utility when toxicity and efficacy are independent with these probabilities.
    public func expected(toxicity t: Double, efficacy e: Double) -> Double {
        expected(OutcomeProbabilities(toxicity: t, efficacy: e, both: t * e))
    }

    /// The quasi-binomial number of responses of BOIN12: the utilities of the patients' outcomes,
    /// summed and divided by 100.
    public func quasiResponses(treated n: Int, toxicities t: Int, responses e: Int, both b: Int) -> Double {
        (efficacyWithoutToxicity * Double(e - b) + neither * Double(n - t - e + b) + both * Double(b)
            + toxicityWithoutEfficacy * Double(t - b)) / 100
    }

    var integral: Bool {
        [efficacyWithoutToxicity, neither, both, toxicityWithoutEfficacy].allSatisfy { $0 == $0.rounded() }
    }
}

/// The probabilities of the four outcomes at a dose, from the marginal probabilities of toxicity and
/// efficacy and of both.
public struct OutcomeProbabilities: Sendable, Equatable {
    public var toxicity: Double
    public var efficacy: Double
    public var both: Double

    public init(toxicity: Double, efficacy: Double, both: Double) {
        self.toxicity = toxicity
        self.efficacy = efficacy
        self.both = both
    }

    /// Toxicity and efficacy joined by a Gaussian copula with this correlation (0: independent): a
    /// patient has toxicity when a latent normal Z₁ ≤ Φ⁻¹(toxicity) and efficacy when Z₂ ≤ Φ⁻¹(efficacy),
    /// corr(Z₁, Z₂) = ρ.
    public init(toxicity t: Double, efficacy e: Double, correlation rho: Double) {
        let both: Double
        if t <= 0 || e <= 0 {
            both = 0
        } else if t >= 1 {
            both = e
        } else if e >= 1 {
            both = t
        } else if rho == 0 {
            both = t * e
        } else {
            both = SpecialFunctions.bivariateNormalCDF(
                SpecialFunctions.normalQuantile(t), SpecialFunctions.normalQuantile(e), correlation: rho)
        }
        self.init(toxicity: t, efficacy: e, both: min(min(t, e), max(0, max(both, t + e - 1))))
    }

    public var toxicityOnly: Double { toxicity - both }
    public var efficacyOnly: Double { efficacy - both }
    public var neither: Double { max(0, 1 - toxicity - efficacy + both) }
}

/// Patients treated, toxicities, responses, and patients with both, at each dose.
public struct ToxicityEfficacyData: Sendable, Equatable {
    public var treated: [Int]
    public var toxicities: [Int]
    public var responses: [Int]
    /// Patients with both a toxicity and a response.
    public var both: [Int]

    public init(levels: Int) {
        treated = Array(repeating: 0, count: levels)
        toxicities = treated
        responses = treated
        both = treated
    }

    public init(treated: [Int], toxicities: [Int], responses: [Int], both: [Int]) {
        self.treated = treated
        self.toxicities = toxicities
        self.responses = responses
        self.both = both
    }

    public var levels: Int { treated.count }

    public mutating func add(dose d: Int, toxicity: Bool, efficacy: Bool) {
        treated[d] += 1
        if toxicity { toxicities[d] += 1 }
        if efficacy { responses[d] += 1 }
        if toxicity && efficacy { both[d] += 1 }
    }
}

/// Unimodal isotonic regression (weighted least squares, non-decreasing up to the mode and
/// non-increasing after it), by Brunk's minimum lower sets: the lower sets of this order are a
/// prefix of the doses below the mode with a suffix of those above it (or all doses), and the
/// fit takes, repeatedly, the largest lower set of the smallest weighted mean.
public enum UnimodalIsotonic {
    public static func fit(_ y: [Double], weights w: [Double], mode m: Int) -> [Double] {
        precondition(y.count == w.count && (0..<y.count).contains(m))
        var fitted = y
        y.withUnsafeBufferPointer { y in
            w.withUnsafeBufferPointer { w in
                fitted.withUnsafeMutableBufferPointer { out in
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * (y.count + 1)) { sums in
                        fit(y, w, mode: m, into: out, sums: sums)
                    }
                }
            }
        }
        return fitted
    }

    /// The fit into `out`, with `sums` (room for 2 (count + 1) numbers) for the prefix sums.
    static func fit(
        _ y: UnsafeBufferPointer<Double>, _ w: UnsafeBufferPointer<Double>, mode m: Int,
        into out: UnsafeMutableBufferPointer<Double>, sums: UnsafeMutableBufferPointer<Double>
    ) {
        let count = y.count
        // sums[i] = Σ w[<i], sums[count + 1 + i] = Σ w y[<i].
        sums[0] = 0
        sums[count + 1] = 0
        for i in 0..<count {
            sums[i + 1] = sums[i] + w[i]
            sums[count + 2 + i] = sums[count + 1 + i] + w[i] * y[i]
        }
        func weight(_ from: Int, _ to: Int) -> Double { sums[to] - sums[from] }
        func weighted(_ from: Int, _ to: Int) -> Double { sums[count + 1 + to] - sums[count + 1 + from] }
        var lo = 0
        var hi = count - 1
        while lo <= hi {
            // Candidate lower sets [lo...b] ∪ [c...hi] with lo − 1 ≤ b < m < c ≤ hi + 1, or [lo...hi]:
            // the mode is never removed before the last step, which takes all that is left.
            var bestMean = Double.infinity
            var bestSize = 0
            var bestB = hi
            var bestC = hi + 1
            for b in (lo - 1)..<m {
                for c in (m + 1)...(hi + 1) {
                    let size = (b - lo + 1) + (hi - c + 1)
                    guard size > 0 else { continue }
                    let sw = weight(lo, b + 1) + weight(c, hi + 1)
                    let mean = sw > 0 ? (weighted(lo, b + 1) + weighted(c, hi + 1)) / sw : y[b >= lo ? lo : hi]
                    if mean < bestMean - 1e-15 || (abs(mean - bestMean) <= 1e-15 && size > bestSize) {
                        (bestMean, bestSize, bestB, bestC) = (mean, size, b, c)
                    }
                }
            }
            let all = weight(lo, hi + 1)
            let allMean = all > 0 ? weighted(lo, hi + 1) / all : y[m]
            if allMean < bestMean - 1e-15 || abs(allMean - bestMean) <= 1e-15 {
                for i in lo...hi { out[i] = allMean }
                return
            }
            if bestB >= lo { for i in lo...bestB { out[i] = bestMean } }
            if bestC <= hi { for i in bestC...hi { out[i] = bestMean } }
            lo = bestB + 1
            hi = bestC - 1
        }
    }
}

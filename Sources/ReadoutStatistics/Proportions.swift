import ReadoutCore

/// Methods for a confidence interval of a binomial proportion.
public enum ProportionCI: String, Sendable, Codable, CaseIterable {
    /// Clopper–Pearson exact interval (default): Beta quantiles, never below nominal coverage.
    case clopperPearson = "clopper-pearson"
    /// Wilson score interval, without continuity correction.
    case wilson
    /// Wilson score interval with continuity correction.
    case wilsonCorrected = "wilson-cc"
    /// Jeffreys interval: quantiles of Beta(x + 1/2, n − x + 1/2), with the lower limit 0 at x = 0
    /// and the upper limit 1 at x = n.
    case jeffreys
    /// Agresti–Coull: the Wald interval around (x + z²/2) / (n + z²), clipped to [0, 1].
    case agrestiCoull = "agresti-coull"
}

/// A proportion with its interval.
public struct Proportion: Sendable, Codable, Equatable {
    public var count: Int
    public var total: Int
    public var estimate: Double
    public var lower: Double
    public var upper: Double
    public var method: ProportionCI
    public var level: Double

    /// `count` of `total` with its interval by `method` at `level`.
    public init(count: Int, total: Int, method: ProportionCI = .clopperPearson, level: Double = 0.95) {
        precondition(total >= 0 && count >= 0 && count <= total, "a proportion needs 0 ≤ count ≤ total")
        self.count = count
        self.total = total
        self.method = method
        self.level = level
        estimate = total == 0 ? .nan : Double(count) / Double(total)
        (lower, upper) = total == 0 ? (.nan, .nan) : Proportion.interval(count, total, method, level)
    }

    static func interval(_ x: Int, _ n: Int, _ method: ProportionCI, _ level: Double) -> (Double, Double) {
        let alpha = 1 - level
        let xd = Double(x)
        let nd = Double(n)
        let z = SpecialFunctions.normalQuantile(1 - alpha / 2)
        switch method {
        case .clopperPearson:
            let lo = x == 0 ? 0 : SpecialFunctions.betaQuantile(alpha / 2, xd, nd - xd + 1)
            let hi = x == n ? 1 : SpecialFunctions.betaQuantile(1 - alpha / 2, xd + 1, nd - xd)
            return (lo, hi)
        case .jeffreys:
            let lo = x == 0 ? 0 : SpecialFunctions.betaQuantile(alpha / 2, xd + 0.5, nd - xd + 0.5)
            let hi = x == n ? 1 : SpecialFunctions.betaQuantile(1 - alpha / 2, xd + 0.5, nd - xd + 0.5)
            return (lo, hi)
        case .wilson:
            let p = xd / nd
            let centre = (p + z * z / (2 * nd)) / (1 + z * z / nd)
            let half = z / (1 + z * z / nd) * (p * (1 - p) / nd + z * z / (4 * nd * nd)).squareRoot()
            return (max(0, centre - half), min(1, centre + half))
        case .wilsonCorrected:
            // Newcombe (1998), method 4; as R's prop.test(correct = TRUE).
            let p = xd / nd
            let q = 1 - p
            let z2 = z * z
            let lo =
                x == 0
                ? 0
                : max(
                    0,
                    (2 * nd * p + z2 - 1 - z * (z2 - 2 - 1 / nd + 4 * p * (nd * q + 1)).squareRoot()) / (2 * (nd + z2)))
            let hi =
                x == n
                ? 1
                : min(
                    1,
                    (2 * nd * p + z2 + 1 + z * (z2 + 2 - 1 / nd + 4 * p * (nd * q - 1)).squareRoot()) / (2 * (nd + z2)))
            return (lo, hi)
        case .agrestiCoull:
            let nTilde = nd + z * z
            let pTilde = (xd + z * z / 2) / nTilde
            let half = z * (pTilde * (1 - pTilde) / nTilde).squareRoot()
            return (max(0, pTilde - half), min(1, pTilde + half))
        }
    }
}

import Foundation
import ReadoutCore

/// Special functions the statistics need, written here (swift-numerics has none of them) and
/// checked against R in the tests.
public enum SpecialFunctions {
    /// Natural log of the gamma function (the C library's, accurate to a few ulp).
    public static func logGamma(_ x: Double) -> Double { lgamma(x) }

    /// Regularized incomplete beta function I_x(a, b), by its continued fraction (modified Lentz),
    /// using the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where that converges faster.
    public static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        precondition(a > 0 && b > 0, "incomplete beta needs positive parameters")
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x, a, b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(1 - x, b, a) / b
    }

    static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }

    /// Quantile of the Beta(a, b) distribution: the x with I_x(a, b) = p, by bisection refined with
    /// Newton steps (monotone, so bisection always converges; to about 1e-15).
    public static func betaQuantile(_ p: Double, _ a: Double, _ b: Double) -> Double {
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        var lo = 0.0
        var hi = 1.0
        var x = 0.5
        for _ in 0..<200 {
            x = (lo + hi) / 2
            let f = incompleteBeta(x, a, b)
            if f < p { lo = x } else { hi = x }
            if hi - lo < 1e-16 { break }
        }
        // Newton refinement on the density.
        for _ in 0..<3 {
            let f = incompleteBeta(x, a, b) - p
            let logDensity = (a - 1) * log(x) + (b - 1) * log1p(-x) - (logGamma(a) + logGamma(b) - logGamma(a + b))
            let step = f / exp(logDensity)
            let next = x - step
            if next > lo && next < hi { x = next } else { break }
        }
        return x
    }

    /// Standard normal quantile (Wichura's algorithm AS 241, about 1e-16 relative accuracy).
    public static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "normal quantile needs 0 < p < 1")
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let num =
                ((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r
                    + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                    + 133.14166789178437745) * r
                + 3.387132872796366608
            let den =
                ((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r
                    + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                    + 42.313330701600911252) * r + 1
            return q * num / den
        }
        var r = q < 0 ? p : 1 - p
        r = (-log(r)).squareRoot()
        var value: Double
        if r <= 5 {
            r -= 1.6
            let num =
                ((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                    + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                    + 4.6303378461565452959) * r
                + 1.42343711074968357734
            let den =
                ((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                    + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                    + 2.05319162663775882187) * r + 1
            value = num / den
        } else {
            r -= 5
            let num =
                ((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
                    + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                    + 5.4637849111641143699) * r
                + 6.6579046435011037772
            let den =
                ((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                    + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                    + 0.59983220655588793769) * r + 1
            value = num / den
        }
        return q < 0 ? -value : value
    }

    /// Standard normal distribution function.
    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// P(X ≤ a, Y ≤ b) for standard normal X and Y with correlation ρ: ∫ φ(z) Φ((b − ρz)/√(1 − ρ²)) dz
    /// over z ≤ a, by composite Simpson's rule on [−9, a] (φ is below 10⁻¹⁷ beyond), exact forms at
    /// |ρ| = 1. Accurate to 10⁻⁹ (10⁻¹¹ for |ρ| ≤ 0.7), which the tests check against the closed
    /// forms at a = b = 0 and at ρ = 0.
    public static func bivariateNormalCDF(_ a: Double, _ b: Double, correlation rho: Double) -> Double {
        precondition(rho >= -1 && rho <= 1, "a correlation is between −1 and 1")
        if a == -.infinity || b == -.infinity { return 0 }
        if a == .infinity { return normalCDF(b) }
        if b == .infinity { return normalCDF(a) }
        if rho >= 1 { return normalCDF(min(a, b)) }
        if rho <= -1 { return max(0, normalCDF(a) + normalCDF(b) - 1) }
        let lower = -9.0
        guard a > lower else { return 0 }
        let s = (1 - rho * rho).squareRoot()
        let panels = 2000
        let h = (a - lower) / Double(panels)
        func f(_ z: Double) -> Double { exp(-0.5 * z * z) * normalCDF((b - rho * z) / s) }
        var sum = f(lower) + f(a)
        for i in 1..<panels { sum += f(lower + Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
        return min(1, max(0, sum * h / 3 / (2 * Double.pi).squareRoot()))
    }
}

import Foundation
import ReadoutCore

/// Interval designs that compare posterior probabilities of intervals of equal width: the Keyboard
/// design (Yan, Mandrekar and Yuan, 2017) and mTPI-2 (Guo et al., 2017), which make the same
/// decisions. The target key is [φ − ε1, φ + ε2]; keys of the same width tile [0, 1] on both sides;
/// with p ~ Beta(1 + y, 1 + n − y) the key with the highest posterior probability decides: below the
/// target key escalate, the target key stay, above de-escalate. Elimination and MTD selection as BOIN.
public struct Keyboard: IntervalDesign {
    public var target: Double
    var epsilon1: Double
    var epsilon2: Double
    var eliminationCutoff: Double
    public var label: String
    /// Weights of the isotonic regression that selects the MTD.
    public var selectionWeights: IsotonicWeights = .inverseVariance

    /// A Keyboard (or mTPI-2) design with a target key from `target − epsilon1` to `target + epsilon2`.
    public init(
        target: Double, epsilon1: Double = 0.05, epsilon2: Double = 0.05, eliminationCutoff: Double = 0.95,
        label: String = "Keyboard"
    ) {
        self.target = target
        self.epsilon1 = epsilon1
        self.epsilon2 = epsilon2
        self.eliminationCutoff = eliminationCutoff
        self.label = label
    }

    public var name: String { label }

    public var parameters: [(String, String)] {
        [
            ("target DLT rate φ", fmt(target)),
            ("target key", "[\(fmt(target - epsilon1)), \(fmt(target + epsilon2))]"),
            ("key width", fmt(epsilon1 + epsilon2)), ("elimination: P(p > φ) >", fmt(eliminationCutoff)),
            ("MTD selection", "isotonic regression, \(selectionWeights.rawValue) weights"),
        ]
    }

    /// Keys as (lower, upper, side): side −1 below the target key, 0 the target key, +1 above.
    var keys: [(Double, Double, Int)] {
        let width = epsilon1 + epsilon2
        let lo = target - epsilon1
        let hi = target + epsilon2
        var out: [(Double, Double, Int)] = [(lo, hi, 0)]
        var a = lo
        while a > 1e-12 {
            out.append((max(0, a - width), a, -1))
            a -= width
        }
        var b = hi
        while b < 1 - 1e-12 {
            out.append((b, min(1, b + width), 1))
            b += width
        }
        return out
    }

    func probability(_ k: (Double, Double, Int), _ y: Int, _ n: Double) -> Double {
        let a = Double(1 + y)
        let b = 1 + n - Double(y)
        return BetaTail.incompleteBeta(k.1, a, b) - BetaTail.incompleteBeta(k.0, a, b)
    }

    /// Escalate, stay or de-escalate by where the key of the largest posterior mass lies against the target key.
    public func decide(current: Int, data: DoseData) -> Decision {
        decide(current: current, levels: data.levels, dlts: data.dlts[current], patients: Double(data.treated[current]))
    }

    /// The decision from the current dose's DLTs and (possibly fractional, see BOIN) patients.
    public func decide(current: Int, levels: Int, dlts y: Int, patients n: Double) -> Decision {
        guard n > 0 else { return .stay }
        if eliminates(y, n) { return current == 0 ? .stop : .eliminate }
        // Truncated edge keys are compared by mass per unit width (mTPI-2's unit probability mass);
        // each key's mass is computed once, and among equal masses the first key is kept.
        let all = keys
        var strongest = all[0]
        var strongestMass = -Double.infinity
        for k in all {
            let mass = probability(k, y, n) / (k.1 - k.0)
            if mass > strongestMass {
                strongest = k
                strongestMass = mass
            }
        }
        switch strongest.2 {
        case -1: return current + 1 < levels ? .escalate : .stay
        case 1: return current > 0 ? .deEscalate : .stay
        default: return .stay
        }
    }

}

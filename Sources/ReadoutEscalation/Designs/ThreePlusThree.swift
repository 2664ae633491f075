import ReadoutCore

/// The 3+3 design. Three patients per cohort: 0/3 DLTs escalate; 1/3 treat three more at the same
/// dose; then 1/6 escalate; ≥2/3 or ≥2/6 the dose is too toxic. Variants (what happens then):
/// A: stop, MTD one level below; B: de-escalate and expand the level below to six (if it has three);
/// C: as B, and the highest level must also have six patients before it is declared the MTD.
public struct ThreePlusThree: EscalationDesign {
    /// The 3+3 variants (docs/escalation.md).
    public enum Variant: String, Sendable, Codable, CaseIterable {
        case a = "A"
        case b = "B"
        case c = "C"
    }
    public var variant: Variant

    /// A 3+3 of `variant`.
    public init(variant: Variant = .a) { self.variant = variant }

    public var name: String { "3+3 (variant \(variant.rawValue))" }
    public var parameters: [(String, String)] { [("cohort size", "3"), ("variant", variant.rawValue)] }

    /// The 3+3 rule on the current dose's counts.
    public func decide(current: Int, data: DoseData) -> Decision {
        let n = data.treated[current]
        let y = data.dlts[current]
        if n == 0 { return .stay }
        if y >= 2 {
            if variant == .a || current == 0 { return .stop }
            return data.treated[current - 1] >= 6 ? .stop : .deEscalate
        }
        if n < 3 { return .stay }
        if n == 3 {
            if y == 0 {
                if current + 1 < data.levels {
                    return data.dlts[current + 1] >= 2 && data.treated[current + 1] > 0 ? .expand : .escalate
                }
                return variant == .c ? .expand : .stop
            }
            return .expand
        }
        // Six (or more) with at most one DLT.
        if current + 1 < data.levels, !(data.treated[current + 1] > 0 && data.dlts[current + 1] >= 2) {
            return .escalate
        }
        return .stop
    }

    /// The highest dose with at most 1 DLT of 6 (or, under variant A, 0 of 3) below the first dose with two DLTs.
    public func selectMTD(data: DoseData) -> MTDSelection {
        // The highest dose with at most 1 DLT of 6 (or 0 of 3 under variant A) below the first too-toxic dose.
        let toxic = (0..<data.levels).first { data.dlts[$0] >= 2 } ?? data.levels
        var mtd: Int? = nil
        for d in 0..<toxic where data.treated[d] > 0 {
            let ok =
                variant == .a
                ? (data.dlts[d] == 0 && data.treated[d] >= 3) || (data.dlts[d] <= 1 && data.treated[d] >= 6)
                : data.dlts[d] <= 1 && data.treated[d] >= 6
                    || (variant == .b && data.dlts[d] == 0 && data.treated[d] >= 3 && d + 1 < toxic)
            if ok { mtd = d }
        }
        let est = (0..<data.levels).map {
            data.treated[$0] > 0 ? Double(data.dlts[$0]) / Double(data.treated[$0]) : nil
        }
        return MTDSelection(
            dose: mtd, estimates: est,
            reason: mtd == nil
                ? "no dose with acceptable toxicity" : "highest dose below the first with ≥2 DLTs that met the rule")
    }

    /// Probability that the 3+3 (variant A) escalates past a dose with true DLT rate p:
    /// P(0/3) + P(1/3)·P(0/3 more).
    public static func escalationProbability(_ p: Double) -> Double {
        let q = 1 - p
        return q * q * q + 3 * p * q * q * q * q * q
    }
}

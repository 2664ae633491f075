import Foundation
import ReadoutCore

/// Bayesian optimal interval design (Liu and Yuan, 2015). Escalate when the observed DLT rate at the
/// current dose is at most λe, de-escalate when at least λd, otherwise stay; eliminate a dose and all
/// above when P(p > φ | data) > the cutoff with at least 3 patients treated.
public struct BOIN: IntervalDesign {
    public var target: Double
    var phi1: Double
    var phi2: Double
    var eliminationCutoff: Double
    /// Stop for safety when the lowest dose is eliminated with this stricter cutoff (extra safe).
    public var extraSafe: Bool
    var extraSafeCutoff: Double
    /// Stop when this many patients are treated at the current dose and the decision is to stay
    /// (BOIN's n.earlystop).
    public var earlyStopAt: Int?
    /// Accelerated titration: cohorts of one patient until the first DLT, then full cohorts.
    public var titration: Bool = false
    /// Weights of the isotonic regression that selects the MTD.
    public var selectionWeights: IsotonicWeights = .inverseVariance

    /// BOIN for `target` with its interval bounds (defaults from the target, as the BOIN package), elimination cut-off
    /// and stopping rules.
    public init(
        target: Double, phi1: Double? = nil, phi2: Double? = nil, eliminationCutoff: Double = 0.95,
        extraSafe: Bool = false, extraSafeCutoff: Double = 0.9, earlyStopAt: Int? = nil
    ) {
        self.target = target
        self.phi1 = phi1 ?? 0.6 * target
        self.phi2 = phi2 ?? 1.4 * target
        self.eliminationCutoff = eliminationCutoff
        self.extraSafe = extraSafe
        self.extraSafeCutoff = extraSafeCutoff
        self.earlyStopAt = earlyStopAt
    }

    public var name: String { "BOIN" }

    /// λe = log((1−φ1)/(1−φ)) / log(φ(1−φ1)/(φ1(1−φ))).
    public var lambdaE: Double { log((1 - phi1) / (1 - target)) / log(target * (1 - phi1) / (phi1 * (1 - target))) }
    /// λd = log((1−φ)/(1−φ2)) / log(φ2(1−φ)/(φ(1−φ2))).
    public var lambdaD: Double { log((1 - target) / (1 - phi2)) / log(phi2 * (1 - target) / (target * (1 - phi2))) }

    public var parameters: [(String, String)] {
        [
            ("target DLT rate φ", fmt(target)), ("φ1 (highest rate deemed underdosing)", fmt(phi1)),
            ("φ2 (lowest rate deemed overdosing)", fmt(phi2)),
            ("λe (escalate if the observed rate ≤)", NumberFormat.fixed(lambdaE, decimals: 4)),
            ("λd (de-escalate if the observed rate ≥)", NumberFormat.fixed(lambdaD, decimals: 4)),
            ("elimination: P(p > φ) >", fmt(eliminationCutoff)),
            ("MTD selection", "isotonic regression, \(selectionWeights.rawValue) weights"),
        ]
    }

    /// Escalate, stay or de-escalate by the observed DLT rate against λe and λd; eliminate when P(p >
    /// target) is above the cut-off.
    public func decide(current: Int, data: DoseData) -> Decision {
        decide(current: current, levels: data.levels, dlts: data.dlts[current], patients: Double(data.treated[current]))
    }

    /// The decision from the current dose's DLTs and number of patients, which may be fractional
    /// when patients still inside their DLT window count with their follow-up weight.
    public func decide(current: Int, levels: Int, dlts y: Int, patients n: Double) -> Decision {
        guard n > 0 else { return .stay }
        if eliminates(y, n) { return current == 0 ? .stop : .eliminate }
        if extraSafe, current == 0, n >= 3, BetaTail.above(target, Double(y + 1), n - Double(y) + 1) > extraSafeCutoff {
            return .stop
        }
        let rate = Double(y) / n
        var decision = Decision.stay
        if rate <= lambdaE + 1e-12 {
            decision = current + 1 < levels ? .escalate : .stay
        } else if rate >= lambdaD - 1e-12 {
            decision = current > 0 ? .deEscalate : .stay
        }
        if decision == .stay, let m = earlyStopAt, n >= Double(m) { return .stop }
        return decision
    }

    /// As the other interval designs, and with `extraSafe` no dose at all when the lowest dose meets
    /// the stricter stopping rule (as the BOIN package's `select.mtd`).
    public func selectMTD(data: DoseData) -> MTDSelection {
        if extraSafe, data.treated[0] >= 3,
            BetaTail.above(target, Double(data.dlts[0] + 1), Double(data.treated[0] - data.dlts[0] + 1))
                > extraSafeCutoff
        {
            return MTDSelection(
                dose: nil, estimates: Array(repeating: nil, count: data.levels),
                reason:
                    "the lowest dose meets the extra-safe stopping rule: P(p > \(fmt(target))) > "
                    + "\(fmt(extraSafeCutoff)); no MTD"
            )
        }
        let eliminated = (0..<data.levels).first { eliminates(data.dlts[$0], data.treated[$0]) }
        return IsotonicSelection.select(
            data: data, target: target, eliminatedFrom: eliminated, weights: selectionWeights)
    }

    /// Patients in the next cohort: one while titrating (no DLT yet anywhere), else `cohortSize`.
    public func nextCohortSize(data: DoseData, cohortSize: Int) -> Int {
        titration && data.dlts.allSatisfy({ $0 == 0 }) ? 1 : cohortSize
    }

}

/// A design parameter as a protocol prints it: up to three decimals, no trailing zeros.
func fmt(_ v: Double) -> String { NumberFormat.trimmed(v, decimals: 3) }

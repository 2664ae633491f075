import Foundation
import ReadoutCore
import ReadoutStatistics

/// BOIN12 (Lin, Zhou, Yan, Li and Yuan, JCO Precision Oncology 2020): a phase I/II design that
/// finds the optimal biological dose (OBD) from toxicity and efficacy together (docs/optimal-dose.md).
///
/// - Toxicity: BOIN's boundaries for the target φT (φ1 = 0.6 φT, φ2 = 1.4 φT): de-escalate when the
///   current dose's toxicities reach the de-escalation boundary; a dose and all above are eliminated
///   when P(pT > φT | data) > `toxicityCutoff` with at least 3 patients.
/// - Efficacy: a dose is eliminated when P(pE < φE | data) > `efficacyCutoff` with at least 3 patients.
/// - Desirability: P(U > u_b | data), where U ~ Beta(1 + x, 1 + n − x), x is the patients' utilities
///   summed over 100, and u_b the benchmark utility halfway from the utility of a dose with φT and φE
///   (independent) to 100. Otherwise the next cohort goes to the most desirable of the current dose,
///   the next lower dose and — while fewer than `safetyThreshold` patients are at the current dose,
///   or while its toxicities are at most the escalation boundary — the next higher dose.
/// - Exploration: with at least `explorationThreshold` patients at the current dose, the next higher
///   dose untried and toxicities below the de-escalation boundary, escalate.
/// - At the end: isotonic toxicity estimates, model-averaged unimodal efficacy estimates, and the
///   OBD is the dose of highest estimated utility up to the estimated MTD, among doses tried and not
///   eliminated.
public struct BOIN12: Sendable {
    /// BOIN's toxicity boundaries and elimination rule (φT, φ1, φ2, the toxicity cut-off).
    public var boin: BOIN
    /// φE: the lowest acceptable efficacy probability.
    public var efficacyLowest: Double
    public var efficacyCutoff: Double
    public var utilities: OutcomeUtilities
    /// N*: below this many patients at the current dose, the next higher dose stays a candidate
    /// whatever the toxicities (6).
    public var safetyThreshold: Int
    /// The extra exploration rule's number of patients (9); nil: no such rule.
    public var explorationThreshold: Int?
    /// Stop when this many patients are at the current dose (nil: no such rule).
    public var earlyStopAt: Int?

    public init(
        toxicityTarget: Double, efficacyLowest: Double, utilities: OutcomeUtilities = OutcomeUtilities(),
        toxicityCutoff: Double = 0.95, efficacyCutoff: Double = 0.9, safetyThreshold: Int = 6,
        explorationThreshold: Int? = 9, earlyStopAt: Int? = nil, maxPatients: Int = 120
    ) {
        boin = BOIN(target: toxicityTarget, eliminationCutoff: toxicityCutoff)
        self.efficacyLowest = efficacyLowest
        self.efficacyCutoff = efficacyCutoff
        self.utilities = utilities
        self.safetyThreshold = safetyThreshold
        self.explorationThreshold = explorationThreshold
        self.earlyStopAt = earlyStopAt
        tables = Tables()
        for n in 0...max(0, maxPatients) {
            tables.escalate.append(boin.escalationBoundary(patients: n))
            tables.deEscalate.append(boin.deEscalationBoundary(patients: n))
            tables.eliminate.append(boin.eliminationBoundary(patients: n))
            tables.futility.append(computeFutilityBoundary(n))
        }
    }

    /// The boundaries by number of patients, computed once up to `maxPatients` (beyond, when asked).
    private var tables: Tables
    struct Tables: Sendable {
        var escalate: [Int] = []
        var deEscalate: [Int] = []
        var eliminate: [Int?] = []
        var futility: [Int?] = []
    }

    /// The largest toxicity count that escalates with `n` patients (BOIN's ⌊n λe⌋).
    public func escalationBoundary(patients n: Int) -> Int {
        n < tables.escalate.count ? tables.escalate[n] : boin.escalationBoundary(patients: n)
    }

    /// The smallest toxicity count that de-escalates with `n` patients (BOIN's).
    public func deEscalationBoundary(patients n: Int) -> Int {
        n < tables.deEscalate.count ? tables.deEscalate[n] : boin.deEscalationBoundary(patients: n)
    }

    /// The smallest toxicity count that eliminates with `n` patients (BOIN's; none below 3).
    public func toxicityEliminationBoundary(patients n: Int) -> Int? {
        n < tables.eliminate.count ? tables.eliminate[n] : boin.eliminationBoundary(patients: n)
    }

    public var toxicityTarget: Double { boin.target }

    /// ū: the expected utility (0–100) of a dose with toxicity φT and efficacy φE, independent.
    public var unacceptableUtility: Double { utilities.expected(toxicity: toxicityTarget, efficacy: efficacyLowest) }
    /// u_b = ū + (100 − ū) / 2, the benchmark utility (0–100).
    public var benchmarkUtility: Double { unacceptableUtility + (100 - unacceptableUtility) / 2 }

    /// P(U > u_b) for U ~ Beta(1 + x, 1 + n − x): the desirability of a dose with n patients whose
    /// utilities sum to 100 x (1 − u_b for a dose not yet tried).
    public func desirability(treated n: Int, quasiResponses x: Double) -> Double {
        BetaTail.above(benchmarkUtility / 100, 1 + x, 1 + Double(n) - x)
    }

    public func desirability(dose d: Int, data: ToxicityEfficacyData) -> Double {
        desirability(treated: data.treated[d], quasiResponses: quasiResponses(dose: d, data: data))
    }

    func quasiResponses(dose d: Int, data: ToxicityEfficacyData) -> Double {
        utilities.quasiResponses(
            treated: data.treated[d], toxicities: data.toxicities[d], responses: data.responses[d],
            both: data.both[d])
    }

    /// The largest number of responses that eliminates a dose for futility with `n` patients (none
    /// below 3 patients, or when no number does).
    public func futilityBoundary(patients n: Int) -> Int? {
        n < tables.futility.count ? tables.futility[n] : computeFutilityBoundary(n)
    }

    func computeFutilityBoundary(_ n: Int) -> Int? {
        guard n >= 3 else { return nil }
        return (0...n).last {
            SpecialFunctions.incompleteBeta(efficacyLowest, Double($0 + 1), Double(n - $0 + 1)) > efficacyCutoff
        }
    }

    /// Whether the toxicities eliminate a dose (and all above) with n patients.
    func toxicityEliminates(_ t: Int, _ n: Int) -> Bool {
        guard let e = toxicityEliminationBoundary(patients: n) else { return false }
        return t >= e
    }

    func futilityEliminates(_ r: Int, _ n: Int) -> Bool {
        guard let f = futilityBoundary(patients: n) else { return false }
        return r <= f
    }

    /// The decision after a cohort at `current`; `eliminated` is updated. Ties of desirability are
    /// broken by `tieBreak` (a uniform number in [0, 1)), drawn only when there is a tie. Without
    /// `explain`, the candidates and their desirabilities are not kept (a simulated trial's case).
    public func decide(
        current d: Int, data: ToxicityEfficacyData, eliminated: inout [Bool],
        desirability score: (Int) -> Double, tieBreak: () -> Double, explain: Bool = true
    ) -> BOIN12Decision {
        let levels = data.levels
        let n = data.treated[d]
        let t = data.toxicities[d]
        var decision = BOIN12Decision(kind: .stay, next: d, reason: .mostDesirable)
        if toxicityEliminates(t, n) {
            decision.eliminatedForToxicity = true
            for k in d..<levels { eliminated[k] = true }
            if d == 0 { return decision.ending(.lowestDoseTooToxic) }
        }
        if futilityEliminates(data.responses[d], n) {
            decision.eliminatedForFutility = true
            eliminated[d] = true
        }
        if !eliminated.contains(false) { return decision.ending(.everyDoseEliminated) }
        if let m = earlyStopAt, n >= m { return decision.stopping(.enoughPatients) }
        let below = (0..<d).last { !eliminated[$0] }
        let above = d + 1 < levels ? ((d + 1)..<levels).first { !eliminated[$0] } : nil
        let deEscalation = deEscalationBoundary(patients: n)
        var next: Int
        if t >= deEscalation {
            decision.reason = .tooToxic
            if let b = below {
                next = b
            } else if !eliminated[d] {
                next = d
            } else {
                return decision.ending(.everyDoseEliminated)
            }
        } else {
            // Up to three candidates, kept off the heap: the current dose, the one below, the one above.
            var candidates: (Int, Int, Int) = (d, -1, -1)
            var count = 1
            if let b = below {
                candidates.1 = b
                count = 2
            }
            if let a = above, n < safetyThreshold || t <= escalationBoundary(patients: n) {
                if count == 2 { candidates.2 = a } else { candidates.1 = a }
                count += 1
            }
            func candidate(_ i: Int) -> Int { i == 0 ? candidates.0 : i == 1 ? candidates.1 : candidates.2 }
            var scores: (Double, Double, Double) = (0, 0, 0)
            var best = -Double.infinity
            var ties = 0
            for i in 0..<count {
                let c = candidate(i)
                let v = eliminated[c] ? 0 : score(c)
                if i == 0 { scores.0 = v } else if i == 1 { scores.1 = v } else { scores.2 = v }
                if v > best {
                    best = v
                    ties = 1
                } else if v == best {
                    ties += 1
                }
            }
            func scored(_ i: Int) -> Double { i == 0 ? scores.0 : i == 1 ? scores.1 : scores.2 }
            var pick = ties == 1 ? 0 : min(ties - 1, Int(tieBreak() * Double(ties)))
            next = d
            for i in 0..<count where scored(i) == best {
                if pick == 0 {
                    next = candidate(i)
                    break
                }
                pick -= 1
            }
            if explain { decision.candidates = (0..<count).map { (candidate($0), scored($0)) } }
            if eliminated[next] { return decision.ending(.everyDoseEliminated) }
        }
        if let explore = explorationThreshold, let a = above, n >= explore, data.treated[a] == 0, t < deEscalation {
            next = a
            decision.reason = .exploration
        }
        decision.next = next
        decision.kind = next > d ? .escalate : next < d ? .deEscalate : .stay
        return decision
    }

    /// The OBD at the end of the trial, with the estimates it came from.
    public func selectOBD(data: ToxicityEfficacyData, eliminated: [Bool]) -> OBDSelection {
        let levels = data.levels
        var toxicity = Array(repeating: 0.0, count: levels)
        var efficacy = toxicity
        toxicity.withUnsafeMutableBufferPointer { t in
            efficacy.withUnsafeMutableBufferPointer { e in Self.estimates(data, toxicity: t, efficacy: e) }
        }
        let utility: [Double?] = (0..<levels).map { k in
            eliminated[k] || data.treated[k] == 0
                ? nil : utilities.expected(toxicity: toxicity[k], efficacy: efficacy[k])
        }
        let (obd, mtd) = choose(toxicity: toxicity, efficacy: efficacy, data: data, eliminated: eliminated)
        return OBDSelection(
            obd: obd, estimatedMTD: mtd, toxicityEstimates: toxicity, efficacyEstimates: efficacy,
            utilityEstimates: utility)
    }

    /// The OBD alone (what a simulated trial needs), with no allocation beyond the stack.
    func obd(data: ToxicityEfficacyData, eliminated: [Bool]) -> Int? {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * data.levels) { buffer in
            let t = UnsafeMutableBufferPointer(rebasing: buffer[0..<data.levels])
            let e = UnsafeMutableBufferPointer(rebasing: buffer[data.levels...])
            Self.estimates(data, toxicity: t, efficacy: e)
            return choose(toxicity: t, efficacy: e, data: data, eliminated: eliminated).obd
        }
    }

    /// The estimated MTD (closest to φT, the lowest such) and the OBD: the highest estimated
    /// utility up to it among doses tried and not eliminated (the lowest such).
    func choose<C: RandomAccessCollection<Double>>(
        toxicity: C, efficacy: C, data: ToxicityEfficacyData, eliminated: [Bool]
    ) -> (obd: Int?, mtd: Int) where C.Index == Int {
        var mtd = 0
        for k in 1..<data.levels where abs(toxicity[k] - toxicityTarget) < abs(toxicity[mtd] - toxicityTarget) {
            mtd = k
        }
        var obd: Int? = nil
        var best = -Double.infinity
        for k in 0...mtd where !eliminated[k] && data.treated[k] > 0 {
            let u = utilities.expected(toxicity: toxicity[k], efficacy: efficacy[k])
            if u > best {
                best = u
                obd = k
            }
        }
        return (obd, mtd)
    }

    /// The toxicity estimates — the pool-adjacent-violators fit of (t + 0.05)/(n + 0.1), weights
    /// n + 0.1, plus 0.001 × the dose's level — and the efficacy estimates (`modelAveragedEfficacy`).
    static func estimates(
        _ data: ToxicityEfficacyData, toxicity: UnsafeMutableBufferPointer<Double>,
        efficacy: UnsafeMutableBufferPointer<Double>
    ) {
        let levels = data.levels
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * levels) { blocks in
            // Blocks of the fit: value, weight and size, as a stack.
            var top = 0
            for k in 0..<levels {
                let n = Double(data.treated[k])
                var value = (Double(data.toxicities[k]) + 0.05) / (n + 0.1)
                var weight = n + 0.1
                var size = 1.0
                while top > 0, blocks[3 * (top - 1)] > value {
                    top -= 1
                    let w = blocks[3 * top + 1] + weight
                    value = (blocks[3 * top] * blocks[3 * top + 1] + value * weight) / w
                    weight = w
                    size += blocks[3 * top + 2]
                }
                blocks[3 * top] = value
                blocks[3 * top + 1] = weight
                blocks[3 * top + 2] = size
                top += 1
            }
            var k = 0
            for b in 0..<top {
                for _ in 0..<Int(blocks[3 * b + 2]) {
                    toxicity[k] = blocks[3 * b] + 0.001 * Double(k + 1)
                    k += 1
                }
            }
        }
        modelAveragedEfficacy(responses: data.responses, treated: data.treated, into: efficacy)
    }

    /// The efficacy estimates: unimodal isotonic fits of (r + 0.05)/(n + 0.1), weights n + 0.5, with
    /// the mode at each dose in turn, averaged with weights proportional to their binomial
    /// likelihoods; plus 0.01 × the dose's level (so that equal estimates favour higher doses).
    public static func modelAveragedEfficacy(responses r: [Int], treated n: [Int]) -> [Double] {
        var out = Array(repeating: 0.0, count: n.count)
        out.withUnsafeMutableBufferPointer { modelAveragedEfficacy(responses: r, treated: n, into: $0) }
        return out
    }

    static func modelAveragedEfficacy(
        responses r: [Int], treated n: [Int], into out: UnsafeMutableBufferPointer<Double>
    ) {
        let levels = n.count
        withUnsafeTemporaryAllocation(of: Double.self, capacity: levels * (levels + 5) + 2) { buffer in
            let raw = UnsafeMutableBufferPointer(rebasing: buffer[0..<levels])
            let weights = UnsafeMutableBufferPointer(rebasing: buffer[levels..<(2 * levels)])
            let logLikelihood = UnsafeMutableBufferPointer(rebasing: buffer[(2 * levels)..<(3 * levels)])
            let sums = UnsafeMutableBufferPointer(rebasing: buffer[(3 * levels)..<(5 * levels + 2)])
            let fits = UnsafeMutableBufferPointer(rebasing: buffer[(5 * levels + 2)...])
            for k in 0..<levels {
                raw[k] = (Double(r[k]) + 0.05) / (Double(n[k]) + 0.1)
                weights[k] = Double(n[k]) + 0.5
            }
            var top = -Double.infinity
            for m in 0..<levels {
                let fit = UnsafeMutableBufferPointer(rebasing: fits[(m * levels)..<((m + 1) * levels)])
                UnimodalIsotonic.fit(
                    UnsafeBufferPointer(raw), UnsafeBufferPointer(weights), mode: m, into: fit, sums: sums)
                var s = 0.0
                // Untried doses add nothing (0 × log f); the logarithms are most of the cost.
                for k in 0..<levels where n[k] > 0 {
                    let responders = Double(r[k])
                    let others = Double(n[k] - r[k])
                    s += responders * log(fit[k]) + others * log1p(-fit[k])
                }
                logLikelihood[m] = s
                top = max(top, s)
            }
            var total = 0.0
            for m in 0..<levels {
                logLikelihood[m] = exp(logLikelihood[m] - top)
                total += logLikelihood[m]
            }
            for k in 0..<levels {
                var s = 0.0
                for m in 0..<levels { s += logLikelihood[m] * fits[m * levels + k] }
                out[k] = s / total + 0.01 * Double(k + 1)
            }
        }
    }
}

/// What BOIN12 says after a cohort, and why (worded by `sentence`).
public struct BOIN12Decision: Sendable {
    public enum Kind: String, Sendable {
        case escalate, stay
        case deEscalate = "de-escalate"
        /// Stop and select the OBD.
        case stop
        /// Stop with no OBD.
        case stopWithoutOBD = "stop-without-obd"
    }
    public enum Reason: String, Sendable {
        case mostDesirable = "most-desirable"
        case tooToxic = "too-toxic"
        case exploration
        case enoughPatients = "enough-patients"
        case lowestDoseTooToxic = "lowest-dose-too-toxic"
        case everyDoseEliminated = "every-dose-eliminated"
    }
    public var kind: Kind
    /// The next cohort's dose (nil when the trial stops).
    public var next: Int?
    public var reason: Reason
    /// The doses the design chose among and their desirability (empty when it did not choose).
    public var candidates: [(dose: Int, desirability: Double)] = []
    /// The current dose (and all above) was eliminated for toxicity, or the current dose for futility.
    public var eliminatedForToxicity = false
    public var eliminatedForFutility = false

    func ending(_ r: Reason) -> BOIN12Decision {
        var d = self
        d.kind = .stopWithoutOBD
        d.next = nil
        d.reason = r
        return d
    }

    func stopping(_ r: Reason) -> BOIN12Decision {
        var d = self
        d.kind = .stop
        d.next = nil
        d.reason = r
        return d
    }

    /// The decision as a protocol's log would state it (doses numbered from 1).
    public var sentence: String {
        switch reason {
        case .lowestDoseTooToxic: return "The lowest dose is too toxic: the trial stops with no OBD."
        case .everyDoseEliminated: return "Every dose is eliminated: the trial stops with no OBD."
        case .enoughPatients: return "Enough patients at the current dose: the trial stops and selects the OBD."
        case .tooToxic: return "Toxicities reach the de-escalation boundary: dose \(next! + 1) next."
        case .exploration: return "The next higher dose is untried and the current one is safe: dose \(next! + 1) next."
        case .mostDesirable:
            let listed = candidates.map { "dose \($0.dose + 1) \(NumberFormat.fixed($0.desirability, decimals: 3))" }
            return "Dose \(next! + 1) is the most desirable of " + listed.joined(separator: ", ") + "."
        }
    }
}

/// The optimal biological dose at the end of a BOIN12 trial, with the estimates it came from.
public struct OBDSelection: Sendable, Equatable {
    /// nil when no dose tried and not eliminated lies at or below the estimated MTD.
    public var obd: Int?
    public var estimatedMTD: Int
    public var toxicityEstimates: [Double]
    public var efficacyEstimates: [Double]
    /// nil for doses not tried or eliminated.
    public var utilityEstimates: [Double?]
}

import Foundation
import ReadoutCore

/// A phase I/II scenario: each dose's true toxicity and efficacy probabilities, their correlation,
/// the trial's size and its starting dose.
public struct OptimalDoseSetting: Sendable {
    public var outcomes: [OutcomeProbabilities]
    public var cohorts: Int
    public var cohortSize: Int
    public var start: Int

    public init(
        toxicity: [Double], efficacy: [Double], correlation: Double = 0, cohorts: Int, cohortSize: Int, start: Int = 0
    ) {
        outcomes = zip(toxicity, efficacy).map {
            OutcomeProbabilities(toxicity: $0, efficacy: $1, correlation: correlation)
        }
        self.cohorts = cohorts
        self.cohortSize = cohortSize
        self.start = start
    }

    public var levels: Int { outcomes.count }

    /// The true OBD: the dose of highest true utility among those whose toxicity is at most φT and
    /// efficacy at least φE (nil when there is none; the lower dose on a tie).
    public func trueOBD(_ design: BOIN12) -> Int? {
        var best: Int? = nil
        for (k, p) in outcomes.enumerated()
        where p.toxicity <= design.toxicityTarget + 1e-12 && p.efficacy >= design.efficacyLowest - 1e-12 {
            if best == nil || design.utilities.expected(p) > design.utilities.expected(outcomes[best!]) + 1e-12 {
                best = k
            }
        }
        return best
    }
}

/// What simulated BOIN12 trials did, summed over trials (divide by `trials` for the means).
public struct OptimalDoseCharacteristics: Sendable, Equatable {
    public var trials = 0
    /// Trials that stopped with no OBD.
    public var noOBD = 0
    public var selected: [Int]
    public var patients: [Int]
    public var toxicities: [Int]
    public var responses: [Int]
    /// Sums of squares of the per-trial counts, for their standard deviations.
    public var patientSquares: [Int]
    public var toxicitySquares: [Int]
    public var responseSquares: [Int]

    public init(levels: Int) {
        selected = Array(repeating: 0, count: levels)
        patients = selected
        toxicities = selected
        responses = selected
        patientSquares = selected
        toxicitySquares = selected
        responseSquares = selected
    }

    /// Standard deviations over trials of the counts at each dose.
    public var patientDeviation: [Double] { deviations(patients, patientSquares) }
    public var toxicityDeviation: [Double] { deviations(toxicities, toxicitySquares) }
    public var responseDeviation: [Double] { deviations(responses, responseSquares) }
    func deviations(_ sums: [Int], _ squares: [Int]) -> [Double] {
        sums.indices.map { CombinationCharacteristics.deviation(sums[$0], squares[$0], trials) }
    }

    public mutating func add(_ o: OptimalDoseCharacteristics) {
        trials += o.trials
        noOBD += o.noOBD
        for i in selected.indices {
            selected[i] += o.selected[i]
            patients[i] += o.patients[i]
            toxicities[i] += o.toxicities[i]
            responses[i] += o.responses[i]
            patientSquares[i] += o.patientSquares[i]
            toxicitySquares[i] += o.toxicitySquares[i]
            responseSquares[i] += o.responseSquares[i]
        }
    }

    public var selectionPercent: [Double] { selected.map { 100 * Double($0) / Double(max(trials, 1)) } }
    public var meanPatients: [Double] { patients.map { Double($0) / Double(max(trials, 1)) } }
    public var meanToxicities: [Double] { toxicities.map { Double($0) / Double(max(trials, 1)) } }
    public var meanResponses: [Double] { responses.map { Double($0) / Double(max(trials, 1)) } }
    public var percentNoOBD: Double { 100 * Double(noOBD) / Double(max(trials, 1)) }
}

/// Desirabilities by number of patients and 100 × the quasi-binomial responses, computed when
/// first needed (one cache per simulation thread); utilities that are not whole numbers are not cached.
struct DesirabilityCache {
    let design: BOIN12
    let cacheable: Bool
    var values: [[Double]]

    init(design: BOIN12, maxPatients: Int) {
        self.design = design
        cacheable = design.utilities.integral
        values = cacheable ? (0...maxPatients).map { Array(repeating: .nan, count: 100 * $0 + 1) } : []
    }

    mutating func value(dose d: Int, data: ToxicityEfficacyData) -> Double {
        let n = data.treated[d]
        let x = design.quasiResponses(dose: d, data: data)
        let k = Int((x * 100).rounded())
        guard cacheable, n < values.count, k >= 0, k < values[n].count else {
            return design.desirability(treated: n, quasiResponses: x)
        }
        if values[n][k].isNaN { values[n][k] = design.desirability(treated: n, quasiResponses: Double(k) / 100) }
        return values[n][k]
    }
}

/// Simulates BOIN12 trials, each from its own seeded stream (`Simulator.stream`), so results are the
/// same for a seed whatever the thread count.
public enum OptimalDoseSimulator {
    public static func run(
        design: BOIN12, setting: OptimalDoseSetting, seed: UInt64, trials: Int,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> OptimalDoseCharacteristics {
        let chunks = max(1, min(threads * 4, trials / 16 + 1))
        let parts = ParallelSlots<OptimalDoseCharacteristics>(count: chunks)
        let next = ChunkCounter()
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, chunks))) { _ in
            var cache = DesirabilityCache(design: design, maxPatients: setting.cohorts * setting.cohortSize)
            while let c = next.take(below: chunks) {
                var oc = OptimalDoseCharacteristics(levels: setting.levels)
                for t in (trials * c / chunks)..<(trials * (c + 1) / chunks) {
                    var rng = Simulator.stream(seed, t)
                    simulate(design, setting, &rng, into: &oc, cache: &cache)
                }
                parts.set(c, oc)
            }
        }
        var total = OptimalDoseCharacteristics(levels: setting.levels)
        for c in 0..<chunks { total.add(parts.get(c)!) }
        return total
    }

    /// One trial: each patient's outcome drawn from the four outcome probabilities with one uniform
    /// number; cohorts treated and decided on until the sample size is used or the design stops.
    static func simulate(
        _ design: BOIN12, _ s: OptimalDoseSetting, _ rng: inout RandomSource,
        into oc: inout OptimalDoseCharacteristics, cache: inout DesirabilityCache
    ) {
        var data = ToxicityEfficacyData(levels: s.levels)
        var eliminated = Array(repeating: false, count: s.levels)
        var d = s.start
        var noOBD = false
        for _ in 0..<s.cohorts {
            let p = s.outcomes[d]
            for _ in 0..<s.cohortSize {
                let u = rng.uniform()
                if u < p.both {
                    data.add(dose: d, toxicity: true, efficacy: true)
                } else if u < p.toxicity {
                    data.add(dose: d, toxicity: true, efficacy: false)
                } else if u < p.toxicity + p.efficacyOnly {
                    data.add(dose: d, toxicity: false, efficacy: true)
                } else {
                    data.add(dose: d, toxicity: false, efficacy: false)
                }
            }
            let decision = design.decide(
                current: d, data: data, eliminated: &eliminated, desirability: { cache.value(dose: $0, data: data) },
                tieBreak: { rng.uniform() }, explain: false)
            if decision.kind == .stopWithoutOBD { noOBD = true }
            guard let next = decision.next else { break }
            d = next
        }
        oc.trials += 1
        for i in 0..<s.levels {
            oc.patients[i] += data.treated[i]
            oc.toxicities[i] += data.toxicities[i]
            oc.responses[i] += data.responses[i]
            oc.patientSquares[i] += data.treated[i] * data.treated[i]
            oc.toxicitySquares[i] += data.toxicities[i] * data.toxicities[i]
            oc.responseSquares[i] += data.responses[i] * data.responses[i]
        }
        if !noOBD, let obd = design.obd(data: data, eliminated: eliminated) {
            oc.selected[obd] += 1
        } else {
            oc.noOBD += 1
        }
    }
}

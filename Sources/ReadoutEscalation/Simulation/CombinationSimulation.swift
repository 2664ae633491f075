import Foundation
import ReadoutCore

/// A drug-combination scenario: the true DLT probability of every combination (rows: drug A's
/// levels, columns: drug B's), the trial's size and its starting combination.
public struct CombinationSetting: Sendable {
    public var truth: [[Double]]
    public var cohorts: Int
    public var cohortSize: Int
    public var start: DosePair

    public init(truth: [[Double]], cohorts: Int, cohortSize: Int, start: DosePair = DosePair(0, 0)) {
        self.truth = truth
        self.cohorts = cohorts
        self.cohortSize = cohortSize
        self.start = start
    }

    public var rows: Int { truth.count }
    public var columns: Int { truth.first?.count ?? 0 }
}

/// What simulated combination trials did: how often each combination was selected, and the
/// patients and DLTs at each, summed over trials (divide by `trials` for the means).
public struct CombinationCharacteristics: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var trials = 0
    /// Trials that ended with no MTD (stopped for toxicity at the lowest combination).
    public var noMTD = 0
    public var selected: [Int]
    public var patients: [Int]
    public var dlts: [Int]
    /// Sums of squares of the per-trial counts, for their standard deviations.
    public var patientSquares: [Int]
    public var dltSquares: [Int]

    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        selected = Array(repeating: 0, count: rows * columns)
        patients = selected
        dlts = selected
        patientSquares = selected
        dltSquares = selected
    }

    public mutating func add(_ o: CombinationCharacteristics) {
        trials += o.trials
        noMTD += o.noMTD
        for i in selected.indices {
            selected[i] += o.selected[i]
            patients[i] += o.patients[i]
            dlts[i] += o.dlts[i]
            patientSquares[i] += o.patientSquares[i]
            dltSquares[i] += o.dltSquares[i]
        }
    }

    /// The standard deviation over trials of a count whose sum and sum of squares are given.
    static func deviation(_ sum: Int, _ squares: Int, _ n: Int) -> Double {
        guard n > 1 else { return 0 }
        let mean = Double(sum) / Double(n)
        return (max(0, Double(squares) / Double(n) - mean * mean) * Double(n) / Double(n - 1)).squareRoot()
    }
    public var patientDeviation: [Double] {
        patients.indices.map { Self.deviation(patients[$0], patientSquares[$0], trials) }
    }
    public var dltDeviation: [Double] { dlts.indices.map { Self.deviation(dlts[$0], dltSquares[$0], trials) } }

    /// Percent of trials selecting each combination, row by row.
    public var selectionPercent: [Double] { selected.map { 100 * Double($0) / Double(max(trials, 1)) } }
    public var meanPatients: [Double] { patients.map { Double($0) / Double(max(trials, 1)) } }
    public var meanDLTs: [Double] { dlts.map { Double($0) / Double(max(trials, 1)) } }
    public var percentNoMTD: Double { 100 * Double(noMTD) / Double(max(trials, 1)) }

    /// The combinations whose true probability is closest to the target (R's `pcs` counts them all).
    public static func closest(_ truth: [[Double]], target: Double) -> [Int] {
        let flat = truth.flatMap { $0 }
        let best = flat.map { abs($0 - target) }.min() ?? 0
        return flat.indices.filter { abs(abs(flat[$0] - target) - best) < 1e-12 }
    }
}

/// Simulates combination trials, each from its own seeded stream (`Simulator.stream`), so results
/// are the same for a seed whatever the thread count.
public enum CombinationSimulator {
    public static func run(
        design: CombinationBOIN, setting: CombinationSetting, seed: UInt64, trials: Int,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> CombinationCharacteristics {
        let chunks = max(1, min(threads * 4, trials / 16 + 1))
        let parts = ParallelSlots<CombinationCharacteristics>(count: chunks)
        let next = ChunkCounter()
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, chunks))) { _ in
            while let c = next.take(below: chunks) {
                var oc = CombinationCharacteristics(rows: setting.rows, columns: setting.columns)
                var fitter = BivariateIsotonic(rows: setting.rows, columns: setting.columns)
                for t in (trials * c / chunks)..<(trials * (c + 1) / chunks) {
                    var rng = Simulator.stream(seed, t)
                    simulate(design, setting, &rng, into: &oc, fitter: &fitter)
                }
                parts.set(c, oc)
            }
        }
        var total = CombinationCharacteristics(rows: setting.rows, columns: setting.columns)
        for c in 0..<chunks { total.add(parts.get(c)!) }
        return total
    }

    /// One trial: cohorts treated and decided on until the sample size is used or the design stops.
    static func simulate(
        _ design: CombinationBOIN, _ s: CombinationSetting, _ rng: inout RandomSource,
        into oc: inout CombinationCharacteristics, fitter: inout BivariateIsotonic
    ) {
        var data = CombinationData(rows: s.rows, columns: s.columns)
        var eliminated = Array(repeating: false, count: s.rows * s.columns)
        var d = s.start
        var stoppedForToxicity = false
        for _ in 0..<s.cohorts {
            let p = s.truth[d.a][d.b]
            var y = 0
            for _ in 0..<s.cohortSize where rng.uniform() < p { y += 1 }
            data.add(d, treated: s.cohortSize, dlts: y)
            let decision = design.decide(current: d, data: data, eliminated: &eliminated) { rng.uniform() }
            if decision.kind == .stop {
                stoppedForToxicity = decision.next == nil
                break
            }
            d = decision.next!
        }
        oc.trials += 1
        for i in data.treated.indices {
            oc.patients[i] += data.treated[i]
            oc.dlts[i] += data.dlts[i]
            oc.patientSquares[i] += data.treated[i] * data.treated[i]
            oc.dltSquares[i] += data.dlts[i] * data.dlts[i]
        }
        if stoppedForToxicity {
            oc.noMTD += 1
            return
        }
        if let mtd = design.selectMTD(data: data, fitter: &fitter).mtd {
            oc.selected[mtd.a * s.columns + mtd.b] += 1
        } else {
            oc.noMTD += 1
        }
    }
}

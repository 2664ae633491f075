import Foundation
import ReadoutData

/// One simulation setting: doses, the true DLT probabilities, and how the trial runs.
public struct SimulationSetting: Sendable, Codable {
    public var truth: [Double]
    public var cohortSize: Int
    public var maxPatients: Int
    /// 0-based start dose.
    public var start: Int
    /// Optional cap of patients per dose: the trial stops when the next cohort would exceed it.
    public var perDoseCap: Int?
    public var target: Double
    /// Days of the DLT window and patients accrued per month (for trial duration).
    public var windowDays: Int
    public var accrualPerMonth: Double

    public init(truth: [Double], cohortSize: Int = 3, maxPatients: Int = 36, start: Int = 0, perDoseCap: Int? = nil, target: Double = 0.3,
                windowDays: Int = 21, accrualPerMonth: Double = 4) {
        self.truth = truth
        self.cohortSize = cohortSize
        self.maxPatients = maxPatients
        self.start = start
        self.perDoseCap = perDoseCap
        self.target = target
        self.windowDays = windowDays
        self.accrualPerMonth = accrualPerMonth
    }

    /// The true MTD: the dose whose true DLT probability is closest to the target (ties: lower).
    public var trueMTD: Int {
        var best = 0
        for d in truth.indices where abs(truth[d] - target) < abs(truth[best] - target) - 1e-12 { best = d }
        return best
    }
}

/// Operating characteristics as exact integer sums, so that shards add up to exactly the
/// unsharded result; means and percentages are taken when reported.
public struct OperatingCharacteristics: Sendable, Codable, Equatable {
    public var trials: Int = 0
    /// Trials selecting each dose; the last element counts trials selecting no dose.
    public var selected: [Int]
    public var patients: [Int]
    public var dlts: [Int]
    public var stoppedEarly: Int = 0
    public var patientsAboveMTD: Int = 0
    public var selectedAboveMTD: Int = 0
    public var durationDays: Int = 0

    public init(levels: Int) {
        selected = Array(repeating: 0, count: levels + 1)
        patients = Array(repeating: 0, count: levels)
        dlts = Array(repeating: 0, count: levels)
    }

    public mutating func add(_ o: OperatingCharacteristics) {
        trials += o.trials
        for i in selected.indices { selected[i] += o.selected[i] }
        for i in patients.indices { patients[i] += o.patients[i]; dlts[i] += o.dlts[i] }
        stoppedEarly += o.stoppedEarly
        patientsAboveMTD += o.patientsAboveMTD
        selectedAboveMTD += o.selectedAboveMTD
        durationDays += o.durationDays
    }

    public var totalPatients: Int { patients.reduce(0, +) }
}

/// Simulates trials of a design. Each trial draws from its own random stream, derived from the
/// seed and the trial's number, so results are identical for a seed whatever the thread count or
/// sharding.
public enum Simulator {
    /// Trials `range` (0-based trial numbers) of `design` under `setting`.
    public static func run(design: any EscalationDesign, setting: SimulationSetting, seed: UInt64, trials range: Range<Int>,
                           threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> OperatingCharacteristics {
        let levels = setting.truth.count
        let chunks = max(1, min(threads * 4, range.count / 256 + 1))
        let parts = ParallelSlots<OperatingCharacteristics>(count: chunks)
        let fast = FastIntervalTable(design: design, setting: setting)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = range.lowerBound + range.count * c / chunks, hi = range.lowerBound + range.count * (c + 1) / chunks
            var oc = OperatingCharacteristics(levels: levels)
            for t in lo..<hi { simulateOne(design: design, fast: fast, setting: setting, seed: seed, trial: t, into: &oc) }
            parts.set(c, oc)
        }
        var total = OperatingCharacteristics(levels: levels)
        for c in 0..<chunks { total.add(parts.get(c)!) }
        return total
    }

    /// The trial's own stream.
    static func stream(_ seed: UInt64, _ trial: Int) -> RandomSource {
        var z = seed &+ UInt64(trial) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return RandomSource(seed: z ^ (z >> 31))
    }

    static func simulateOne(design: any EscalationDesign, fast: FastIntervalTable?, setting s: SimulationSetting, seed: UInt64, trial: Int, into oc: inout OperatingCharacteristics) {
        var rng = stream(seed, trial)
        let levels = s.truth.count
        var data = DoseData(levels: levels)
        var current = s.start
        var total = 0
        var stoppedEarly = false
        var eliminatedFrom = levels
        var cohorts = 0
        while total < s.maxPatients {
            var size = min(s.cohortSize, s.maxPatients - total)
            if let cap = s.perDoseCap { size = min(size, cap - data.treated[current]); if size <= 0 { break } }
            var y = 0
            for _ in 0..<size where rng.uniform() < s.truth[current] { y += 1 }
            data.treated[current] += size
            data.dlts[current] += y
            total += size
            cohorts += 1
            let decision = fast?.decide(current: current, data: data, eliminatedFrom: eliminatedFrom) ?? design.decide(current: current, data: data)
            switch decision {
            case .escalate:
                if current + 1 < eliminatedFrom { current += 1 }
            case .deEscalate:
                if current > 0 { current -= 1 }
            case .eliminate:
                eliminatedFrom = min(eliminatedFrom, current)
                if current == 0 { stoppedEarly = true } else { current -= 1 }
            case .stop:
                stoppedEarly = true
            case .stay, .expand:
                break
            }
            if stoppedEarly { break }
        }
        // 3+3 always stops by design and selects from its data; the others select nothing when every
        // dose was eliminated.
        var mtd = stoppedEarly && eliminatedFrom == 0 && !(design is ThreePlusThree) ? nil : design.selectMTD(data: data).dose
        if let m = mtd, m >= eliminatedFrom { mtd = nil }
        let trueMTD = s.trueMTD
        oc.trials += 1
        oc.selected[mtd ?? levels] += 1
        for d in 0..<levels {
            oc.patients[d] += data.treated[d]
            oc.dlts[d] += data.dlts[d]
            if d > trueMTD { oc.patientsAboveMTD += data.treated[d] }
        }
        if total < s.maxPatients { oc.stoppedEarly += 1 }
        if let m = mtd, m > trueMTD { oc.selectedAboveMTD += 1 }
        // Duration: accrual of each cohort, then its DLT window.
        let accrualDays = Double(s.cohortSize) / max(0.01, s.accrualPerMonth) * 30.4375
        oc.durationDays += Int((Double(cohorts) * (accrualDays + Double(s.windowDays))).rounded())
    }
}

/// BOIN, Keyboard and mTPI-2 decisions depend only on the current dose's counts: precomputed
/// once per setting, a trial is then table look-ups.
struct FastIntervalTable: Sendable {
    let table: [[Decision]]

    init?(design: any EscalationDesign, setting: SimulationSetting) {
        guard design is BOIN || design is Keyboard || design is TableDesign else { return nil }
        var t: [[Decision]] = []
        for n in 0...setting.maxPatients {
            t.append((0...n).map { y in
                var d = DoseData(levels: 3)
                d.treated[1] = n; d.dlts[1] = y
                return n == 0 ? .stay : design.decide(current: 1, data: d)
            })
        }
        table = t
    }

    func decide(current: Int, data: DoseData, eliminatedFrom: Int) -> Decision {
        let d = table[data.treated[current]][data.dlts[current]]
        switch d {
        case .escalate: return current + 1 < data.levels ? .escalate : .stay
        case .deEscalate: return current > 0 ? .deEscalate : .stay
        case .eliminate: return current == 0 ? .stop : .eliminate
        default: return d
        }
    }
}

/// Exact operating characteristics of the 3+3 design (variant A) by enumeration: the probability
/// that each dose is selected as the MTD, and that none is.
public enum ThreePlusThreeExact {
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

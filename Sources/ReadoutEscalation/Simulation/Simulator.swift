import Foundation
import ReadoutData

/// When DLTs happen within the assessment window, for patients who have one.
public enum DLTOnset: String, Sendable, Codable, CaseIterable {
    /// Uniform over the window.
    case uniform
    /// Density falling linearly to zero at the window's end: onset = W (1 − √(1 − U)).
    case early
    /// Density rising linearly from zero: onset = W √U.
    case late
}

/// What happens to a new patient while earlier patients are still inside their DLT window.
public enum PendingRule: String, Sendable, Codable, CaseIterable {
    /// The next escalation cohort waits until every escalation patient at the current dose has
    /// completed the window or had a DLT.
    case wait
    /// Decide with pending patients weighted by the fraction of the window observed (TITE), unless
    /// more than `maxPendingFraction` of the current dose's patients are pending.
    case tite
}

/// Patient accrual over time and the DLT window.
public struct TrialTiming: Sendable, Codable, Equatable {
    /// Poisson accrual: patients per month (30.4375 days).
    public var accrualPerMonth: Double
    public var windowDays: Double
    public var onset: DLTOnset
    public var pending: PendingRule
    public var maxPendingFraction: Double

    public init(accrualPerMonth: Double = 4, windowDays: Double = 28, onset: DLTOnset = .uniform, pending: PendingRule = .wait, maxPendingFraction: Double = 0.5) {
        self.accrualPerMonth = accrualPerMonth
        self.windowDays = windowDays
        self.onset = onset
        self.pending = pending
        self.maxPendingFraction = maxPendingFraction
    }
}

/// Backfill: patients who arrive while the escalation cohort cannot take them are treated at a
/// lower dose already cleared (escalated from), the highest still open. A dose closes to backfill
/// when the design, looking at that dose's data, would de-escalate from it.
public struct Backfill: Sendable, Codable, Equatable {
    public var maxPerDose: Int
    public var maxTotal: Int
    public init(maxPerDose: Int = 12, maxTotal: Int = 24) { self.maxPerDose = maxPerDose; self.maxTotal = maxTotal }
}

/// An expansion cohort at the selected MTD after escalation; the MTD is then selected again from
/// all the data.
public struct Expansion: Sendable, Codable, Equatable {
    public var size: Int
    public init(size: Int) { self.size = size }
}

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
    /// Without `timing`: days of the DLT window and patients accrued per month, for a duration of
    /// (cohort accrual time + window) per cohort.
    public var windowDays: Int
    public var accrualPerMonth: Double
    /// Patients arriving over time (Poisson), DLTs at times within the window, pending patients.
    public var timing: TrialTiming?
    public var backfill: Backfill?
    public var expansion: Expansion?
    /// True response probability per dose (optional): responders are counted per dose.
    public var responseTruth: [Double]?
    /// The DLT rate above which a dose counts as an overdose for model-based designs' posterior
    /// overdosing probability at the selected dose (default 1.1 × target).
    public var overdoseAbove: Double?

    public init(truth: [Double], cohortSize: Int = 3, maxPatients: Int = 36, start: Int = 0, perDoseCap: Int? = nil, target: Double = 0.3,
                windowDays: Int = 21, accrualPerMonth: Double = 4, timing: TrialTiming? = nil, backfill: Backfill? = nil, expansion: Expansion? = nil,
                responseTruth: [Double]? = nil, overdoseAbove: Double? = nil) {
        self.truth = truth
        self.cohortSize = cohortSize
        self.maxPatients = maxPatients
        self.start = start
        self.perDoseCap = perDoseCap
        self.target = target
        self.windowDays = windowDays
        self.accrualPerMonth = accrualPerMonth
        self.timing = timing
        self.backfill = backfill
        self.expansion = expansion
        self.responseTruth = responseTruth
        self.overdoseAbove = overdoseAbove
    }

    /// The true MTD: the dose whose true DLT probability is closest to the target (ties: lower).
    public var trueMTD: Int {
        var best = 0
        for d in truth.indices where abs(truth[d] - target) < abs(truth[best] - target) - 1e-12 { best = d }
        return best
    }

    /// Backfill needs time: it fills the waits for DLT outcomes.
    var runsOverTime: Bool { timing != nil || backfill != nil }
}

/// Operating characteristics as exact integer sums, so that shards add up to exactly the
/// unsharded result; means and percentages are taken when reported.
public struct OperatingCharacteristics: Sendable, Codable, Equatable {
    public var trials: Int = 0
    /// Trials selecting each dose; the last element counts trials selecting no dose. With an
    /// expansion cohort, the selection after it.
    public var selected: [Int]
    /// The selection at the end of escalation (before any expansion cohort).
    public var selectedAfterEscalation: [Int]
    /// All patients and DLTs per dose (escalation, backfill and expansion).
    public var patients: [Int]
    public var dlts: [Int]
    public var backfillPatients: [Int]
    public var expansionPatients: [Int]
    public var responders: [Int]
    public var stoppedEarly: Int = 0
    public var patientsAboveMTD: Int = 0
    public var selectedAboveMTD: Int = 0
    public var durationDays: Int = 0
    /// Patients who arrived when no cohort could take them (over-time simulations).
    public var turnedAway: Int = 0
    /// Σ over trials with a selected dose of round(10⁶ × posterior P(overdose) at it), model-based designs.
    public var overdoseMicros: Int = 0
    public var overdoseTrials: Int = 0

    public init(levels: Int) {
        selected = Array(repeating: 0, count: levels + 1)
        selectedAfterEscalation = selected
        patients = Array(repeating: 0, count: levels)
        dlts = patients
        backfillPatients = patients
        expansionPatients = patients
        responders = patients
    }

    public mutating func add(_ o: OperatingCharacteristics) {
        trials += o.trials
        for i in selected.indices { selected[i] += o.selected[i]; selectedAfterEscalation[i] += o.selectedAfterEscalation[i] }
        for i in patients.indices {
            patients[i] += o.patients[i]; dlts[i] += o.dlts[i]
            backfillPatients[i] += o.backfillPatients[i]; expansionPatients[i] += o.expansionPatients[i]; responders[i] += o.responders[i]
        }
        stoppedEarly += o.stoppedEarly
        patientsAboveMTD += o.patientsAboveMTD
        selectedAboveMTD += o.selectedAboveMTD
        durationDays += o.durationDays
        turnedAway += o.turnedAway
        overdoseMicros += o.overdoseMicros
        overdoseTrials += o.overdoseTrials
    }

    public var totalPatients: Int { patients.reduce(0, +) }
}

/// Simulates trials of a design. Each trial draws from its own random stream, derived from the
/// seed and the trial's number, so results are identical for a seed whatever the thread count or
/// sharding.
public enum Simulator {
    /// Trials `range` (0-based trial numbers) of `design` under `setting`.
    /// `progress`, when given, is called (from any thread) with the number of trials done so far
    /// each time a slice of them finishes.
    public static func run(design: any EscalationDesign, setting: SimulationSetting, seed: UInt64, trials range: Range<Int>,
                           threads: Int = ProcessInfo.processInfo.activeProcessorCount, progress: (@Sendable (Int) -> Void)? = nil) -> OperatingCharacteristics {
        let levels = setting.truth.count
        // More slices when someone is watching, so that progress moves.
        let chunks = max(1, min(threads * (progress == nil ? 4 : 64), range.count / 16 + 1))
        let parts = ParallelSlots<OperatingCharacteristics>(count: chunks)
        let engine = TrialEngine(design: design, setting: setting)
        let workers = max(1, min(threads, chunks))
        // Chunks are handed out in order to `workers` threads; which thread runs a chunk does not
        // change its result.
        let next = ChunkCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let c = next.take(below: chunks) {
                let lo = range.lowerBound + range.count * c / chunks, hi = range.lowerBound + range.count * (c + 1) / chunks
                var oc = OperatingCharacteristics(levels: levels)
                for t in lo..<hi {
                    var rng = stream(seed, t)
                    engine.simulate(&rng, into: &oc)
                }
                parts.set(c, oc)
                if let progress { progress(next.finished(hi - lo)) }
            }
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
}

/// Hands out chunk numbers 0, 1, 2, … to whichever thread asks.
final class ChunkCounter: @unchecked Sendable {
    private var next = 0
    private var done = 0
    private let lock = NSLock()

    /// Records `count` more trials done; returns the total so far.
    func finished(_ count: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        done += count
        return done
    }

    func take(below n: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < n else { return nil }
        next += 1
        return next - 1
    }
}

/// Decisions and selections of model-based designs, remembered by the data they were computed
/// from. They are pure functions of that data, so sharing them between trials and threads changes
/// nothing but the time taken: many simulated trials pass through the same states.
final class DecisionCache: @unchecked Sendable {
    struct Key: Hashable { var treated: UInt64; var dlts: UInt64; var extra: UInt64 }
    enum Entry { case decision(Decision), selection(Int?, Double?) }
    private var entries: [Key: Entry] = [:]
    private let lock = NSLock()

    /// Packs the state into a key when every count fits a byte and there are at most 8 doses.
    static func key(_ data: DoseData, current: Int?) -> Key? {
        guard data.levels <= 8 else { return nil }
        var t: UInt64 = 0, y: UInt64 = 0
        for d in 0..<data.levels {
            guard data.treated[d] < 256 else { return nil }
            t |= UInt64(data.treated[d]) << (8 * d)
            y |= UInt64(data.dlts[d]) << (8 * d)
        }
        var extra: UInt64 = 0
        if let c = current {
            extra = 1 | UInt64(c + 1) << 1
            if let l = data.lastCohort {
                guard l.treated < 256 else { return nil }
                extra |= UInt64(l.dose + 1) << 8 | UInt64(l.treated) << 16 | UInt64(l.dlts) << 24
            }
        }
        return Key(treated: t, dlts: y, extra: extra)
    }

    func decision(_ key: Key, _ compute: () -> Decision) -> Decision {
        if case .decision(let d) = remembered(key, { .decision(compute()) }) { return d }
        preconditionFailure("a decision key holds a selection")
    }

    func selection(_ key: Key, _ compute: () -> (Int?, Double?)) -> (Int?, Double?) {
        if case .selection(let m, let p) = remembered(key, { let (m, p) = compute(); return .selection(m, p) }) { return (m, p) }
        preconditionFailure("a selection key holds a decision")
    }

    /// Decision keys have the low bit of `extra` set, selection keys not, so one table holds both.
    private func remembered(_ key: Key, _ compute: () -> Entry) -> Entry {
        lock.lock()
        if let e = entries[key] { lock.unlock(); return e }
        lock.unlock()
        let e = compute()
        lock.lock(); entries[key] = e; lock.unlock()
        return e
    }
}

/// Where escalation stands: the current dose, the lowest eliminated dose, the highest dose escalated
/// from, whether the trial stopped.
struct EscalationState {
    var current: Int
    var eliminatedFrom: Int
    var cleared = -1
    var stopped = false

    init(current: Int, levels: Int) { self.current = current; self.eliminatedFrom = levels }

    /// Escalate (never into an eliminated dose), de-escalate, eliminate this dose and all above (at
    /// the lowest dose: stop), stop, or stay.
    mutating func apply(_ decision: Decision) {
        switch decision {
        case .escalate:
            if current + 1 < eliminatedFrom { cleared = max(cleared, current); current += 1 }
        case .deEscalate:
            if current > 0 { current -= 1 }
        case .eliminate:
            eliminatedFrom = min(eliminatedFrom, current)
            if current == 0 { stopped = true } else { current -= 1 }
        case .stop:
            stopped = true
        case .stay, .expand:
            break
        }
    }
}

/// One simulated trial, from the first cohort to the selected MTD.
struct TrialEngine: Sendable {
    let design: any EscalationDesign
    let setting: SimulationSetting
    let fast: FastIntervalTable?
    let cache: DecisionCache?
    let levels: Int
    let overdoseThreshold: Double

    init(design: any EscalationDesign, setting: SimulationSetting) {
        self.design = design
        self.setting = setting
        self.fast = FastIntervalTable(design: design, setting: setting)
        // Interval designs are table look-ups and 3+3 is a few comparisons: nothing to remember.
        self.cache = design is CRM || design is BLRM ? DecisionCache() : nil
        self.levels = setting.truth.count
        self.overdoseThreshold = setting.overdoseAbove ?? 1.1 * setting.target
    }

    func decide(current: Int, data: DoseData, eliminatedFrom: Int) -> Decision {
        if let fast { return fast.decide(current: current, data: data) }
        if let cache, let key = DecisionCache.key(data, current: current) {
            return cache.decision(key) { design.decide(current: current, data: data) }
        }
        return design.decide(current: current, data: data)
    }

    /// The selected MTD (nil: none) and, for model-based designs, P(overdose) at it.
    func select(_ data: DoseData, eliminatedFrom: Int, stoppedForSafety: Bool) -> (Int?, Double?) {
        // 3+3 always stops by design and selects from its data; the others select nothing when
        // every dose was eliminated.
        if stoppedForSafety && eliminatedFrom == 0 && !(design is ThreePlusThree) { return (nil, nil) }
        if let fast {
            let m = fast.select(data)
            return (m.flatMap { $0 < eliminatedFrom ? $0 : nil }, nil)
        }
        let compute: () -> (Int?, Double?) = {
            var m = design.selectMTD(data: data).dose
            if let x = m, x >= eliminatedFrom { m = nil }
            return (m, m.flatMap { design.overdoseProbability(dose: $0, data: data, above: overdoseThreshold) })
        }
        if let cache, var key = DecisionCache.key(data, current: nil) {
            key.extra = UInt64(eliminatedFrom) << 40
            return cache.selection(key, compute)
        }
        return compute()
    }

    /// The data without the patients still inside their window.
    func resolvedOnly(_ data: DoseData, _ pending: [[Double]]) -> DoseData {
        var resolved = data
        for d in 0..<levels { resolved.treated[d] -= pending[d].count }
        return resolved
    }

    func simulate(_ rng: inout RandomSource, into oc: inout OperatingCharacteristics) {
        if setting.runsOverTime { simulateOverTime(&rng, into: &oc) } else { simulateByCohort(&rng, into: &oc) }
    }

    /// Cohort after cohort, each complete before the next decision; duration from the accrual
    /// rate and the window.
    func simulateByCohort(_ rng: inout RandomSource, into oc: inout OperatingCharacteristics) {
        let s = setting
        var data = DoseData(levels: levels)
        var responders: [Int]? = s.responseTruth == nil ? nil : [Int](repeating: 0, count: levels)
        var state = EscalationState(current: s.start, levels: levels)
        var total = 0
        var cohorts = 0
        while total < s.maxPatients {
            var size = min(design.nextCohortSize(data: data, cohortSize: s.cohortSize), s.maxPatients - total)
            if let cap = s.perDoseCap { size = min(size, cap - data.treated[state.current]); if size <= 0 { break } }
            var y = 0
            for _ in 0..<size where rng.uniform() < s.truth[state.current] { y += 1 }
            if let r = s.responseTruth { for _ in 0..<size where rng.uniform() < r[state.current] { responders![state.current] += 1 } }
            data.treated[state.current] += size
            data.dlts[state.current] += y
            data.lastCohort = CohortOutcome(dose: state.current, treated: size, dlts: y)
            total += size
            cohorts += 1
            state.apply(decide(current: state.current, data: data, eliminatedFrom: state.eliminatedFrom))
            if state.stopped { break }
        }
        let accrualDays = Double(s.cohortSize) / max(0.01, s.accrualPerMonth) * 30.4375
        var days = Double(cohorts) * (accrualDays + Double(s.windowDays))
        let (afterEscalation, od) = select(data, eliminatedFrom: state.eliminatedFrom, stoppedForSafety: state.stopped)
        var final = afterEscalation
        var expansion: CohortOutcome? = nil
        var overdose = od
        if let e = s.expansion, let m = afterEscalation, e.size > 0 {
            for _ in 0..<e.size {
                if rng.uniform() < s.truth[m] { data.dlts[m] += 1 }
                if let r = s.responseTruth, rng.uniform() < r[m] { responders![m] += 1 }
            }
            data.treated[m] += e.size
            expansion = CohortOutcome(dose: m, treated: e.size, dlts: 0)
            days += Double(e.size) / max(0.01, s.accrualPerMonth) * 30.4375 + Double(s.windowDays)
            (final, overdose) = select(data, eliminatedFrom: state.eliminatedFrom, stoppedForSafety: false)
        }
        record(into: &oc, data: data, backfill: nil, expansion: expansion, responders: responders,
               afterEscalation: afterEscalation, final: final, overdose: overdose, stoppedEarly: total < s.maxPatients, days: days, turnedAway: 0)
    }

    func record(into oc: inout OperatingCharacteristics, data: DoseData, backfill: [Int]?, expansion: CohortOutcome?, responders: [Int]?,
                afterEscalation: Int?, final: Int?, overdose: Double?, stoppedEarly: Bool, days: Double, turnedAway: Int) {
        let trueMTD = setting.trueMTD
        oc.trials += 1
        oc.selected[final ?? levels] += 1
        oc.selectedAfterEscalation[afterEscalation ?? levels] += 1
        for d in 0..<levels {
            oc.patients[d] += data.treated[d]
            oc.dlts[d] += data.dlts[d]
            if d > trueMTD { oc.patientsAboveMTD += data.treated[d] }
        }
        if let b = backfill { for d in 0..<levels { oc.backfillPatients[d] += b[d] } }
        if let r = responders { for d in 0..<levels { oc.responders[d] += r[d] } }
        if let e = expansion { oc.expansionPatients[e.dose] += e.treated }
        if stoppedEarly { oc.stoppedEarly += 1 }
        if let m = final, m > trueMTD { oc.selectedAboveMTD += 1 }
        if let p = overdose { oc.overdoseMicros += Int((p * 1e6).rounded()); oc.overdoseTrials += 1 }
        oc.durationDays += Int(days.rounded())
        oc.turnedAway += turnedAway
    }

    /// Patients arriving one by one (Poisson), each with a DLT time inside the window or none;
    /// decisions when a cohort is full and the pending rule allows, backfill while waiting, then an
    /// optional expansion cohort.
    func simulateOverTime(_ rng: inout RandomSource, into oc: inout OperatingCharacteristics) {
        let s = setting
        let timing = s.timing ?? TrialTiming()
        let window = timing.windowDays
        let perDay = max(1e-6, timing.accrualPerMonth / 30.4375)
        let waitForAll = timing.pending == .wait || !design.decidesWithPending
        var dose: [Int] = [], entry: [Double] = [], dltAt: [Double] = [], escalation: [Bool] = []
        var responders: [Int]? = s.responseTruth == nil ? nil : [Int](repeating: 0, count: levels)
        var backfillCount = [Int](repeating: 0, count: levels)
        var backfillClosed = [Bool](repeating: false, count: levels)
        var state = EscalationState(current: s.start, levels: levels)
        var escalated = 0         // escalation patients enrolled
        var cohort: [Int] = []    // patient indices of the cohort being filled
        var lastCohort: [Int] = []
        var ended = false
        var turnedAway = 0
        var t = 0.0
        var cohortCapacity = design.nextCohortSize(data: DoseData(levels: levels), cohortSize: s.cohortSize)

        func enrol(_ d: Int, escalating: Bool) {
            dose.append(d); entry.append(t); escalation.append(escalating)
            if rng.uniform() < s.truth[d] {
                let u = rng.uniform()
                let onset: Double
                switch timing.onset {
                case .uniform: onset = window * u
                case .early: onset = window * (1 - (1 - u).squareRoot())
                case .late: onset = window * u.squareRoot()
                }
                dltAt.append(t + onset)
            } else {
                dltAt.append(.infinity)
            }
            if let r = s.responseTruth, rng.uniform() < r[d] { responders![d] += 1 }
        }
        func resolvedAt(_ i: Int) -> Double { min(dltAt[i], entry[i] + window) }
        /// The data at time t: completed patients and DLTs, and the pending patients' weights.
        func observed() -> (DoseData, [[Double]]) {
            var data = DoseData(levels: levels)
            var pending = [[Double]](repeating: [], count: levels)
            for i in dose.indices {
                let d = dose[i]
                data.treated[d] += 1
                if dltAt[i] <= t { data.dlts[d] += 1 } else if entry[i] + window > t { pending[d].append((t - entry[i]) / window) }
            }
            if let first = lastCohort.first {
                data.lastCohort = CohortOutcome(dose: dose[first], treated: lastCohort.count, dlts: lastCohort.filter { dltAt[$0] <= t }.count)
            }
            return (data, pending)
        }
        func tryBackfill() -> Bool {
            guard let b = s.backfill, backfillCount.reduce(0, +) < b.maxTotal else { return false }
            let top = min(state.cleared, state.current - 1, state.eliminatedFrom - 1)
            guard top >= 0 else { return false }
            for d in stride(from: top, through: 0, by: -1) where !backfillClosed[d] && backfillCount[d] < b.maxPerDose {
                enrol(d, escalating: false)
                backfillCount[d] += 1
                return true
            }
            return false
        }

        while true {
            t += -log(1 - rng.uniform()) / perDay
            if ended || state.stopped {
                // After the last escalation patient, backfill continues until escalation resolves.
                let open = !state.stopped && dose.indices.contains { escalation[$0] && resolvedAt($0) > t }
                if open, tryBackfill() { continue }
                break
            }
            if cohort.count < cohortCapacity && (escalated > 0 ? !cohort.isEmpty : true) {
                if let cap = s.perDoseCap, dose.indices.filter({ dose[$0] == state.current }).count >= cap { ended = true; continue }
                enrol(state.current, escalating: true)
                cohort.append(dose.count - 1)
                escalated += 1
                if escalated >= s.maxPatients { ended = true }
                continue
            }
            // The cohort is full: may the next one start?
            let atCurrent = dose.indices.filter { dose[$0] == state.current && escalation[$0] }
            let pendingHere = atCurrent.filter { resolvedAt($0) > t }.count
            let ready = waitForAll ? pendingHere == 0 : Double(pendingHere) <= timing.maxPendingFraction * Double(atCurrent.count)
            if !ready {
                if !tryBackfill() { turnedAway += 1 }
                continue
            }
            lastCohort = cohort
            let (data, pending) = observed()
            let decision: Decision
            if waitForAll || pending.allSatisfy({ $0.isEmpty }) {
                // Nothing pending (or not allowed to count): the decision on resolved data, remembered.
                decision = decide(current: state.current, data: resolvedOnly(data, pending), eliminatedFrom: state.eliminatedFrom)
            } else {
                decision = fast.map { $0.decide(current: state.current, data: data, pending: pending, design: design) } ?? design.decide(current: state.current, data: data, pending: pending)
            }
            state.apply(decision)
            if s.backfill != nil {
                // A backfill dose closes when its own data would send the trial down from it.
                var resolved = resolvedOnly(data, pending)
                resolved.lastCohort = nil
                for d in 0..<min(state.current, levels) where !backfillClosed[d] && d <= state.cleared && resolved.treated[d] > 0 {
                    let says = decide(current: d, data: resolved, eliminatedFrom: state.eliminatedFrom)
                    if says == .deEscalate || says == .eliminate || says == .stop { backfillClosed[d] = true }
                }
            }
            if state.stopped { break }
            cohort = []
            cohortCapacity = design.nextCohortSize(data: resolvedOnly(data, pending), cohortSize: s.cohortSize)
            if let cap = s.perDoseCap, dose.indices.filter({ dose[$0] == state.current }).count >= cap { ended = true; continue }
            enrol(state.current, escalating: true)
            cohort.append(dose.count - 1)
            escalated += 1
            if escalated >= s.maxPatients { ended = true }
        }
        // Every patient's window completes before the MTD is selected.
        var end = dose.indices.map { resolvedAt($0) }.max() ?? 0
        t = max(t, end)
        var data = DoseData(levels: levels)
        for i in dose.indices { data.treated[dose[i]] += 1; if dltAt[i] < .infinity { data.dlts[dose[i]] += 1 } }
        let (afterEscalation, od) = select(data, eliminatedFrom: state.eliminatedFrom, stoppedForSafety: state.stopped)
        var final = afterEscalation, overdose = od
        var expansion: CohortOutcome? = nil
        if let e = s.expansion, let m = afterEscalation, e.size > 0 {
            t = end
            for _ in 0..<e.size {
                t += -log(1 - rng.uniform()) / perDay
                enrol(m, escalating: false)
                if dltAt[dose.count - 1] < .infinity { data.dlts[m] += 1 }
                end = max(end, resolvedAt(dose.count - 1))
            }
            data.treated[m] += e.size
            expansion = CohortOutcome(dose: m, treated: e.size, dlts: 0)
            (final, overdose) = select(data, eliminatedFrom: state.eliminatedFrom, stoppedForSafety: false)
        }
        record(into: &oc, data: data, backfill: backfillCount, expansion: expansion, responders: responders, afterEscalation: afterEscalation,
               final: final, overdose: overdose, stoppedEarly: escalated < s.maxPatients, days: end, turnedAway: turnedAway)
    }
}

/// BOIN, Keyboard and mTPI-2 decisions depend only on the current dose's counts: precomputed
/// once per setting, a trial is then table look-ups, and the isotonic MTD selection runs on the
/// stack with the elimination rule looked up too (`IsotonicSelection` is the reference it is tested
/// against).
struct FastIntervalTable: Sendable {
    let table: [[Decision]]
    let eliminated: [[Bool]]
    let target: Double
    let weights: IsotonicWeights

    init?(design: any EscalationDesign, setting: SimulationSetting) {
        guard design is BOIN || design is Keyboard || design is TableDesign else { return nil }
        // Extra-safe BOIN stops at the lowest dose under a rule the one-dose table cannot hold.
        if let b = design as? BOIN, b.extraSafe { return nil }
        var t: [[Decision]] = []
        let most = setting.maxPatients + (setting.backfill?.maxPerDose ?? 0) + (setting.expansion?.size ?? 0)
        for n in 0...most {
            t.append((0...n).map { y in
                var d = DoseData(levels: 3)
                d.treated[1] = n; d.dlts[1] = y
                return n == 0 ? .stay : design.decide(current: 1, data: d)
            })
        }
        table = t
        eliminated = t.map { $0.map { $0 == .eliminate } }
        target = (design as? BOIN)?.target ?? (design as? Keyboard)?.target ?? (design as? TableDesign)?.target ?? 0.3
        weights = (design as? BOIN)?.selectionWeights ?? (design as? Keyboard)?.selectionWeights ?? .inverseVariance
    }

    func decide(current: Int, data: DoseData) -> Decision {
        let n = data.treated[current]
        guard n < table.count else { return .stay }
        let d = table[n][data.dlts[current]]
        switch d {
        case .escalate: return current + 1 < data.levels ? .escalate : .stay
        case .deEscalate: return current > 0 ? .deEscalate : .stay
        case .eliminate: return current == 0 ? .stop : .eliminate
        default: return d
        }
    }

    /// With pending patients the effective number of patients is fractional: the design decides.
    func decide(current: Int, data: DoseData, pending: [[Double]], design: any EscalationDesign) -> Decision {
        pending[current].isEmpty ? decide(current: current, data: data) : design.decide(current: current, data: data, pending: pending)
    }

    /// The same dose as `IsotonicSelection.select` (nil when nothing is selectable), without
    /// allocating.
    func select(_ data: DoseData) -> Int? {
        let levels = data.levels
        var top = levels
        for d in 0..<levels {
            let n = data.treated[d]
            if n < eliminated.count, eliminated[n][data.dlts[d]] { top = d; break }
        }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * levels + 1) { buf -> Int? in
            // Pool-adjacent-violators blocks: value, weight, number of doses.
            var blocks = 0
            for d in 0..<top where data.treated[d] > 0 {
                let n = data.treated[d], y = data.dlts[d]
                buf[3 * blocks] = (Double(y) + 0.05) / (Double(n) + 0.1)
                buf[3 * blocks + 1] = weights.weight(y, n)
                buf[3 * blocks + 2] = 1
                blocks += 1
                while blocks > 1, buf[3 * (blocks - 2)] > buf[3 * (blocks - 1)] {
                    let a = 3 * (blocks - 2), b = 3 * (blocks - 1)
                    let w = buf[a + 1] + buf[b + 1]
                    buf[a] = (buf[a] * buf[a + 1] + buf[b] * buf[b + 1]) / w
                    buf[a + 1] = w
                    buf[a + 2] += buf[b + 2]
                    blocks -= 1
                }
            }
            guard blocks > 0 else { return nil }
            var best = -1, bestDistance = Double.infinity
            var block = 0, left = Int(buf[2])
            for d in 0..<top where data.treated[d] > 0 {
                if left == 0 { block += 1; left = Int(buf[3 * block + 2]) }
                left -= 1
                let fit = buf[3 * block]
                let dist = abs(fit - target)
                if best < 0 || dist < bestDistance - 1e-12 { best = d; bestDistance = dist }
                else if abs(dist - bestDistance) <= 1e-12, fit < target { best = d }
            }
            return best
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

/// The nonparametric optimal benchmark (O'Quigley, Paoletti and Maccario, 2002): what a design
/// could achieve with complete information. Each of the trial's patients has a tolerance u ~ U(0, 1)
/// and would have a DLT at every dose whose true probability is at least u, so every patient's
/// outcome is known at every dose; the benchmark selects the dose whose observed DLT rate over all
/// patients is closest to the target (ties: the higher dose below the target, the lower above it).
/// Not a design that can be run: the
/// yardstick designs are compared with. Only selections are recorded.
public enum OptimalBenchmark {
    public static func run(setting s: SimulationSetting, seed: UInt64, trials range: Range<Int>) -> OperatingCharacteristics {
        let levels = s.truth.count
        var oc = OperatingCharacteristics(levels: levels)
        var counts = [Int](repeating: 0, count: levels)
        for t in range {
            var rng = Simulator.stream(seed, t)
            for d in 0..<levels { counts[d] = 0 }
            for _ in 0..<s.maxPatients {
                let u = rng.uniform()
                for d in 0..<levels where u < s.truth[d] { counts[d] += 1 }
            }
            var best = 0
            for d in 1..<levels {
                let rate = Double(counts[d]) / Double(s.maxPatients), dist = abs(rate - s.target)
                let bestDist = abs(Double(counts[best]) / Double(s.maxPatients) - s.target)
                // Ties as the isotonic selection: below the target the higher dose, above it the lower.
                if dist < bestDist - 1e-12 || (abs(dist - bestDist) <= 1e-12 && rate < s.target) { best = d }
            }
            oc.trials += 1
            oc.selected[best] += 1
            oc.selectedAfterEscalation[best] += 1
            if best > s.trueMTD { oc.selectedAboveMTD += 1 }
        }
        return oc
    }
}

/// Cheung's accuracy index of a design's selections (Cheung 2011): 1 − K Σ Δk ρk / Σ Δk, with
/// Δk = |true DLT rate at dose k − target| and ρk the proportion of trials selecting dose k, K doses.
/// 1 when a dose whose true rate is the target is always selected; 0 for selection at random;
/// negative when worse. Trials selecting no dose do not enter the sum (their percentage is reported apart).
public func accuracyIndex(truth: [Double], target: Double, selected: [Int], trials: Int) -> Double? {
    let delta = truth.map { abs($0 - target) }
    let total = delta.reduce(0, +)
    guard total > 0, trials > 0 else { return nil }
    var weighted = 0.0
    for k in truth.indices { weighted += delta[k] * Double(selected[k]) / Double(trials) }
    return 1 - Double(truth.count) * weighted / total
}

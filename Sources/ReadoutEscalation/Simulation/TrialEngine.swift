import Foundation
import ReadoutCore
import ReadoutData

/// One simulated trial, from the first cohort to the selected MTD.
struct TrialEngine: Sendable {
    let design: any EscalationDesign
    let setting: SimulationSetting
    let fast: FastIntervalTable?
    let cache: DecisionCache?
    let levels: Int
    let overdoseThreshold: Double
    /// Whether cohort sizes vary (BOIN's titration); otherwise every cohort has the setting's size.
    let variableCohorts: Bool

    init(design: any EscalationDesign, setting: SimulationSetting) {
        self.design = design
        self.setting = setting
        self.fast = FastIntervalTable(design: design, setting: setting)
        // Interval designs are table look-ups and 3+3 is a few comparisons: nothing to remember.
        self.cache = design is CRM || design is BLRM ? DecisionCache() : nil
        self.levels = setting.truth.count
        self.overdoseThreshold = setting.overdoseAbove ?? 1.1 * setting.target
        self.variableCohorts = (design as? BOIN)?.titration ?? false
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

    /// `scratch` is reused from trial to trial (cohort by cohort), so that a trial allocates nothing.
    func simulate(_ rng: inout RandomSource, into oc: inout OperatingCharacteristics, scratch: inout DoseData) {
        if setting.runsOverTime {
            simulateOverTime(&rng, into: &oc)
        } else {
            simulateByCohort(&rng, into: &oc, data: &scratch)
        }
    }

    /// Cohort after cohort, each complete before the next decision; duration from the accrual
    /// rate and the window.
    func simulateByCohort(_ rng: inout RandomSource, into oc: inout OperatingCharacteristics, data: inout DoseData) {
        let s = setting
        for d in 0..<levels {
            data.treated[d] = 0
            data.dlts[d] = 0
        }
        data.lastCohort = nil
        var responders: [Int]? = s.responseTruth == nil ? nil : [Int](repeating: 0, count: levels)
        var state = EscalationState(current: s.start, levels: levels)
        var total = 0
        var cohorts = 0
        while total < s.maxPatients {
            var size = min(
                variableCohorts ? design.nextCohortSize(data: data, cohortSize: s.cohortSize) : s.cohortSize,
                s.maxPatients - total)
            if let cap = s.perDoseCap {
                size = min(size, cap - data.treated[state.current])
                if size <= 0 { break }
            }
            var y = 0
            for _ in 0..<size where rng.uniform() < s.truth[state.current] { y += 1 }
            if let r = s.responseTruth {
                for _ in 0..<size where rng.uniform() < r[state.current] { responders![state.current] += 1 }
            }
            data.treated[state.current] += size
            data.dlts[state.current] += y
            data.lastCohort = CohortOutcome(dose: state.current, treated: size, dlts: y)
            total += size
            cohorts += 1
            state.apply(decide(current: state.current, data: data, eliminatedFrom: state.eliminatedFrom))
            if state.stopped { break }
        }
        let accrualDays = Double(s.cohortSize) / max(0.01, s.accrualPerMonth) * CalendarUnits.daysPerMonth
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
            days += Double(e.size) / max(0.01, s.accrualPerMonth) * CalendarUnits.daysPerMonth + Double(s.windowDays)
            (final, overdose) = select(data, eliminatedFrom: state.eliminatedFrom, stoppedForSafety: false)
        }
        record(
            into: &oc, data: data, backfill: nil, expansion: expansion, responders: responders,
            afterEscalation: afterEscalation, final: final, overdose: overdose,
            ending: TrialEnding(
                stopped: state.stopped, selected: afterEscalation, enrolled: total, maximum: s.maxPatients),
            days: days, turnedAway: 0)
    }

    func record(
        into oc: inout OperatingCharacteristics, data: DoseData, backfill: [Int]?, expansion: CohortOutcome?,
        responders: [Int]?,
        afterEscalation: Int?, final: Int?, overdose: Double?, ending: TrialEnding, days: Double, turnedAway: Int
    ) {
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
        switch ending {
        case .forSafety: oc.stoppedEarly += 1
        case .byRule: oc.endedByRule += 1
        case .atMaximum: break
        }
        if let m = final, m > trueMTD { oc.selectedAboveMTD += 1 }
        if let p = overdose {
            oc.overdoseMicros += Int((p * 1e6).rounded())
            oc.overdoseTrials += 1
        }
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
        let perDay = max(1e-6, timing.accrualPerMonth / CalendarUnits.daysPerMonth)
        let waitForAll = timing.pending == .wait || !design.decidesWithPending
        var dose: [Int] = []
        var entry: [Double] = []
        var dltAt: [Double] = []
        var escalation: [Bool] = []
        var responders: [Int]? = s.responseTruth == nil ? nil : [Int](repeating: 0, count: levels)
        var backfillCount = [Int](repeating: 0, count: levels)
        var backfillClosed = [Bool](repeating: false, count: levels)
        var state = EscalationState(current: s.start, levels: levels)
        var escalated = 0  // escalation patients enrolled
        var cohort: [Int] = []  // patient indices of the cohort being filled
        var lastCohort: [Int] = []
        var ended = false
        var turnedAway = 0
        var t = 0.0
        var cohortCapacity = design.nextCohortSize(data: DoseData(levels: levels), cohortSize: s.cohortSize)

        func enrol(_ d: Int, escalating: Bool) {
            dose.append(d)
            entry.append(t)
            escalation.append(escalating)
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
                if dltAt[i] <= t {
                    data.dlts[d] += 1
                } else if entry[i] + window > t {
                    pending[d].append((t - entry[i]) / window)
                }
            }
            if let first = lastCohort.first {
                data.lastCohort = CohortOutcome(
                    dose: dose[first], treated: lastCohort.count, dlts: lastCohort.filter { dltAt[$0] <= t }.count)
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
                if let cap = s.perDoseCap, dose.indices.filter({ dose[$0] == state.current }).count >= cap {
                    ended = true
                    continue
                }
                enrol(state.current, escalating: true)
                cohort.append(dose.count - 1)
                escalated += 1
                if escalated >= s.maxPatients { ended = true }
                continue
            }
            // The cohort is full: may the next one start?
            let atCurrent = dose.indices.filter { dose[$0] == state.current && escalation[$0] }
            let pendingHere = atCurrent.filter { resolvedAt($0) > t }.count
            let ready =
                waitForAll
                ? pendingHere == 0 : Double(pendingHere) <= timing.maxPendingFraction * Double(atCurrent.count)
            if !ready {
                if !tryBackfill() { turnedAway += 1 }
                continue
            }
            lastCohort = cohort
            let (data, pending) = observed()
            let decision: Decision
            if waitForAll || pending.allSatisfy({ $0.isEmpty }) {
                // Nothing pending (or not allowed to count): the decision on resolved data, remembered.
                decision = decide(
                    current: state.current, data: resolvedOnly(data, pending), eliminatedFrom: state.eliminatedFrom)
            } else {
                decision =
                    fast.map { $0.decide(current: state.current, data: data, pending: pending, design: design) }
                    ?? design.decide(current: state.current, data: data, pending: pending)
            }
            state.apply(decision)
            if s.backfill != nil {
                // A backfill dose closes when its own data would send the trial down from it.
                var resolved = resolvedOnly(data, pending)
                resolved.lastCohort = nil
                for d in 0..<min(state.current, levels)
                where !backfillClosed[d] && d <= state.cleared && resolved.treated[d] > 0 {
                    let says = decide(current: d, data: resolved, eliminatedFrom: state.eliminatedFrom)
                    if says == .deEscalate || says == .eliminate || says == .stop { backfillClosed[d] = true }
                }
            }
            if state.stopped { break }
            cohort = []
            cohortCapacity = design.nextCohortSize(data: resolvedOnly(data, pending), cohortSize: s.cohortSize)
            if let cap = s.perDoseCap, dose.indices.filter({ dose[$0] == state.current }).count >= cap {
                ended = true
                continue
            }
            enrol(state.current, escalating: true)
            cohort.append(dose.count - 1)
            escalated += 1
            if escalated >= s.maxPatients { ended = true }
        }
        // Every patient's window completes before the MTD is selected.
        var end = dose.indices.map { resolvedAt($0) }.max() ?? 0
        t = max(t, end)
        var data = DoseData(levels: levels)
        for i in dose.indices {
            data.treated[dose[i]] += 1
            if dltAt[i] < .infinity { data.dlts[dose[i]] += 1 }
        }
        let (afterEscalation, od) = select(data, eliminatedFrom: state.eliminatedFrom, stoppedForSafety: state.stopped)
        var final = afterEscalation
        var overdose = od
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
        record(
            into: &oc, data: data, backfill: backfillCount, expansion: expansion, responders: responders,
            afterEscalation: afterEscalation,
            final: final, overdose: overdose,
            ending: TrialEnding(
                stopped: state.stopped, selected: afterEscalation, enrolled: escalated, maximum: s.maxPatients),
            days: end, turnedAway: turnedAway)
    }
}

/// How a trial's escalation ended, defined once for every design (docs/simulation.md).
enum TrialEnding: Equatable {
    /// Stopped for safety with no dose selected ("stopped early").
    case forSafety
    /// Ended before the maximum sample size by the design's own rules (3+3's, BOIN's
    /// early_stop, the per-dose cap), with a dose selected.
    case byRule
    /// Enrolled the maximum sample size.
    case atMaximum

    init(stopped: Bool, selected: Int?, enrolled: Int, maximum: Int) {
        if stopped && selected == nil {
            self = .forSafety
        } else if enrolled < maximum {
            self = .byRule
        } else {
            self = .atMaximum
        }
    }
}

import Foundation
import ReadoutCore

/// Exact operating characteristics by enumeration: every possible trial, each with its probability,
/// instead of a sample of simulated ones. After each cohort the trials that reach the same state —
/// the same patients and DLTs at every dose, current dose, eliminated doses (and, for CRM, the last
/// cohort) — are merged, so a 36-patient trial of six doses has a few hundred thousand states at
/// most rather than 4¹² outcome sequences. The decisions and the MTD selection are the design's
/// own (the code simulations use), so the result is what infinitely many simulated trials of the
/// cohort-by-cohort model would give. Trials over time (timing, backfill) are not enumerable.
public enum ExactCharacteristics {
    /// The exact operating characteristics: probabilities per dose, and the states enumerated.
    public struct Result: Sendable, Equatable {
        /// Probability of selecting each dose; the last element: no dose. With an expansion cohort,
        /// the selection after it.
        public var selection: [Double]
        /// The selection at the end of escalation.
        public var selectionAfterEscalation: [Double] = []
        var expansionPatients: [Double] = []
        /// Expected responders per dose (with true response probabilities).
        public var responders: [Double] = []
        /// Expected patients and DLTs per dose.
        public var patients: [Double]
        public var dlts: [Double]
        var stoppedEarly = 0.0
        var endedByRule = 0.0
        var selectedAboveMTD = 0.0
        var patientsAboveMTD = 0.0
        var expectedCohorts = 0.0
        /// E[P(overdose) at the selected dose] over trials that select a dose, and their probability.
        public var overdose = 0.0
        var overdoseWeight = 0.0
        /// Distinct states visited.
        public var states = 0
    }

    /// The error thrown when the enumeration would be too large: `why` says which limit.
    static func tooLarge(_ why: String) -> ReadoutError {
        ReadoutError(
            file: nil, code: "exact-too-large", "exact enumeration is not possible here: \(why)",
            expected: "at most 8 doses, 255 patients, a cohort-by-cohort trial and the --max-states limit")
    }

    /// The result as operating characteristics "of" `scale` trials (sums rounded to integers), so
    /// that the simulation tables show it; at the default scale of 10⁹ the rounding is below 10⁻⁹.
    public static func asOperatingCharacteristics(
        _ r: Result, setting s: SimulationSetting, scale: Int = 1_000_000_000
    ) -> OperatingCharacteristics {
        let levels = s.truth.count
        var oc = OperatingCharacteristics(levels: levels)
        func n(_ x: Double) -> Int { Int((x * Double(scale)).rounded()) }
        oc.trials = scale
        oc.selected = r.selection.map(n)
        oc.selectedAfterEscalation =
            r.selectionAfterEscalation.isEmpty ? oc.selected : r.selectionAfterEscalation.map(n)
        if !r.expansionPatients.isEmpty { oc.expansionPatients = r.expansionPatients.map(n) }
        if !r.responders.isEmpty { oc.responders = r.responders.map(n) }
        oc.patients = r.patients.map(n)
        oc.dlts = r.dlts.map(n)
        oc.stoppedEarly = n(r.stoppedEarly)
        oc.endedByRule = n(r.endedByRule)
        oc.patientsAboveMTD = n(r.patientsAboveMTD)
        oc.selectedAboveMTD = n(r.selectedAboveMTD)
        let accrualDays = Double(s.cohortSize) / max(0.01, s.accrualPerMonth) * CalendarUnits.daysPerMonth
        // As the simulation: an expansion cohort adds its accrual time and one window.
        let expansionDays =
            r.expansionPatients.reduce(0, +) / Double(max(1, s.expansion?.size ?? 1))
            * ((Double(s.expansion?.size ?? 0) / max(0.01, s.accrualPerMonth) * CalendarUnits.daysPerMonth)
                + Double(s.windowDays))
        oc.durationDays = n(
            r.expectedCohorts * (accrualDays + Double(s.windowDays)) + (s.expansion == nil ? 0 : expansionDays))
        if r.overdoseWeight > 0 {
            // Mean over selecting trials, kept as the simulation keeps it: Σ 10⁶ P over trials.
            oc.overdoseTrials = n(r.overdoseWeight)
            oc.overdoseMicros = Int((r.overdose / r.overdoseWeight * 1e6 * Double(oc.overdoseTrials)).rounded())
        }
        return oc
    }

    struct State: Hashable {
        var treated: UInt64
        var dlts: UInt64
        /// current (4 bits), eliminatedFrom (4), cohorts (8), last cohort dose+1 (4), size (8), DLTs (8).
        var extra: UInt64
    }

    /// `maxStates` bounds the work: beyond it the enumeration stops with a `ReadoutError` (code
    /// `exact-too-large`): a design with cohorts of one and many patients can have millions of
    /// states; simulate it instead.
    public static func compute(
        design: any EscalationDesign, setting s: SimulationSetting, maxStates: Int = 2_000_000
    ) throws -> Result {
        let levels = s.truth.count
        guard levels <= 8 else { throw tooLarge("more than 8 doses") }
        guard s.maxPatients < 256 else { throw tooLarge("255 patients at most") }
        guard !s.runsOverTime else {
            throw tooLarge("trials over time (timing, backfill) are simulated, not enumerated")
        }
        let engine = TrialEngine(design: design, setting: s)
        let keepsLastCohort = design is CRM
        // Binomial probabilities per dose and cohort size.
        func binomialProbability(_ n: Int, _ y: Int, _ p: Double) -> Double {
            let logChoose: Double = lgamma(Double(n + 1)) - lgamma(Double(y + 1)) - lgamma(Double(n - y + 1))
            return exp(logChoose) * pow(p, Double(y)) * pow(1 - p, Double(n - y))
        }
        var binomial: [[[Double]]] = []
        for p in s.truth {
            var bySize: [[Double]] = []
            for n in 0...max(1, s.cohortSize) { bySize.append((0...n).map { binomialProbability(n, $0, p) }) }
            binomial.append(bySize)
        }
        func pack(_ data: DoseData, current: Int, eliminatedFrom: Int, cohorts: Int) -> State {
            var t: UInt64 = 0
            var y: UInt64 = 0
            for d in 0..<levels {
                t |= UInt64(data.treated[d]) << (8 * d)
                y |= UInt64(data.dlts[d]) << (8 * d)
            }
            var extra = UInt64(current) | UInt64(eliminatedFrom) << 4 | UInt64(cohorts) << 8
            if keepsLastCohort, let l = data.lastCohort {
                extra |= UInt64(l.dose + 1) << 16 | UInt64(l.treated) << 20 | UInt64(l.dlts) << 28
            }
            return State(treated: t, dlts: y, extra: extra)
        }
        func unpack(_ st: State) -> (DoseData, Int, Int, Int) {
            var data = DoseData(levels: levels)
            for d in 0..<levels {
                data.treated[d] = Int((st.treated >> (8 * d)) & 0xFF)
                data.dlts[d] = Int((st.dlts >> (8 * d)) & 0xFF)
            }
            let last = (st.extra >> 16) & 0xF
            if last > 0 {
                data.lastCohort = CohortOutcome(
                    dose: Int(last) - 1, treated: Int((st.extra >> 20) & 0xFF), dlts: Int((st.extra >> 28) & 0xFF))
            }
            return (data, Int(st.extra & 0xF), Int((st.extra >> 4) & 0xF), Int((st.extra >> 8) & 0xFF))
        }

        var result = Result(
            selection: [Double](repeating: 0, count: levels + 1), patients: [Double](repeating: 0, count: levels),
            dlts: [Double](repeating: 0, count: levels))
        result.selectionAfterEscalation = result.selection
        result.expansionPatients = result.patients
        result.responders = result.patients
        let expansionSize = s.expansion.map { max(0, $0.size) } ?? 0
        let expansionBinomial = s.truth.map { p in (0...expansionSize).map { binomialProbability(expansionSize, $0, p) }
        }
        let trueMTD = s.trueMTD
        /// One ending of escalation with probability p; then, with an expansion cohort at the
        /// selected dose, each of its possible numbers of DLTs and the selection after it.
        func finish(_ data: DoseData, eliminatedFrom: Int, stopped: Bool, cohorts: Int, probability p: Double) {
            let total = data.treated.reduce(0, +)
            let (m, overdose) = engine.select(data, eliminatedFrom: eliminatedFrom, stoppedForSafety: stopped)
            result.selectionAfterEscalation[m ?? levels] += p
            switch TrialEnding(stopped: stopped, selected: m, enrolled: total, maximum: s.maxPatients) {
            case .forSafety: result.stoppedEarly += p
            case .byRule: result.endedByRule += p
            case .atMaximum: break
            }
            result.expectedCohorts += p * Double(cohorts)
            guard let m, expansionSize > 0 else {
                record(data, selected: m, overdose: overdose, probability: p)
                return
            }
            result.expansionPatients[m] += p * Double(expansionSize)
            for y in 0...expansionSize where expansionBinomial[m][y] > 0 {
                var d = data
                d.treated[m] += expansionSize
                d.dlts[m] += y
                let (final, od) = engine.select(d, eliminatedFrom: eliminatedFrom, stoppedForSafety: false)
                record(d, selected: final, overdose: od, probability: p * expansionBinomial[m][y])
            }
        }
        func record(_ data: DoseData, selected m: Int?, overdose: Double?, probability p: Double) {
            result.selection[m ?? levels] += p
            for d in 0..<levels {
                result.patients[d] += p * Double(data.treated[d])
                result.dlts[d] += p * Double(data.dlts[d])
                // Responses are independent of DLTs: expected responders are linear in patients.
                if let r = s.responseTruth { result.responders[d] += p * Double(data.treated[d]) * r[d] }
                if d > trueMTD { result.patientsAboveMTD += p * Double(data.treated[d]) }
            }
            if let m, m > trueMTD { result.selectedAboveMTD += p }
            if let o = overdose {
                result.overdose += p * o
                result.overdoseWeight += p
            }
        }

        var frontier: [State: Double] = [
            pack(DoseData(levels: levels), current: s.start, eliminatedFrom: levels, cohorts: 0): 1
        ]
        var seen = 1
        while !frontier.isEmpty {
            var next: [State: Double] = [:]
            // A fixed order, so that the floating-point sums do not depend on hashing.
            for st in frontier.keys.sorted(by: { ($0.treated, $0.dlts, $0.extra) < ($1.treated, $1.dlts, $1.extra) }) {
                let p = frontier[st]!
                let (data, current, eliminatedFrom, cohorts) = unpack(st)
                let total = data.treated.reduce(0, +)
                var size = min(design.nextCohortSize(data: data, cohortSize: s.cohortSize), s.maxPatients - total)
                if let cap = s.perDoseCap { size = min(size, cap - data.treated[current]) }
                guard size > 0, size < binomial[current].count else {
                    finish(data, eliminatedFrom: eliminatedFrom, stopped: false, cohorts: cohorts, probability: p)
                    continue
                }
                for y in 0...size {
                    let q = binomial[current][size][y]
                    if q == 0 { continue }
                    var d = data
                    d.treated[current] += size
                    d.dlts[current] += y
                    d.lastCohort = CohortOutcome(dose: current, treated: size, dlts: y)
                    var state = EscalationState(current: current, levels: levels)
                    state.eliminatedFrom = eliminatedFrom
                    state.apply(engine.decide(current: current, data: d, eliminatedFrom: eliminatedFrom))
                    if state.stopped || total + size >= s.maxPatients {
                        finish(
                            d, eliminatedFrom: state.eliminatedFrom, stopped: state.stopped, cohorts: cohorts + 1,
                            probability: p * q)
                    } else {
                        next[
                            pack(d, current: state.current, eliminatedFrom: state.eliminatedFrom, cohorts: cohorts + 1),
                            default: 0] += p * q
                    }
                }
            }
            seen += next.count
            if seen > maxStates { throw tooLarge("more than \(maxStates) states (raise --max-states, or simulate)") }
            frontier = next
        }
        result.states = seen
        return result
    }
}

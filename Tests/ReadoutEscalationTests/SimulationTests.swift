import Foundation
import ReadoutCore
import ReadoutData
import ReadoutTestSupport
import Testing

@testable import ReadoutEscalation

@Suite(.temporaryFolders) struct SimulationTests {
    static let truth = [0.05, 0.10, 0.20, 0.30, 0.45, 0.60]

    @Test func threePlusThreeSimulationAgreesWithExactEnumeration() {
        let setting = SimulationSetting(truth: Self.truth, cohortSize: 3, maxPatients: 500)
        let trials = 20_000
        let oc = Simulator.run(design: ThreePlusThree(), setting: setting, seed: 11, trials: 0..<trials)
        let exact = ThreePlusThreeExact.selection(truth: Self.truth)
        #expect(abs(exact.reduce(0, +) - 1) < 1e-12)
        for (k, p) in exact.enumerated() {
            let observed = Double(oc.selected[k]) / Double(trials)
            let se = (p * (1 - p) / Double(trials)).squareRoot()
            #expect(abs(observed - p) <= 4 * se + 1e-9, "dose \(k): simulated \(observed), exact \(p)")
        }
    }

    @Test func resultsDoNotDependOnThreadsOrShards() {
        let setting = SimulationSetting(truth: Self.truth, cohortSize: 3, maxPatients: 36, target: 0.3)
        let boin = BOIN(target: 0.3)
        let whole = Simulator.run(design: boin, setting: setting, seed: 99, trials: 0..<3000, threads: 1)
        let threaded = Simulator.run(design: boin, setting: setting, seed: 99, trials: 0..<3000, threads: 4)
        #expect(whole == threaded)
        var merged = Simulator.run(design: boin, setting: setting, seed: 99, trials: 0..<1000)
        merged.add(Simulator.run(design: boin, setting: setting, seed: 99, trials: 1000..<3000))
        #expect(merged == whole)
        #expect(whole.totalPatients == 36 * 3000 - whole.stoppedEarly * 0 || whole.totalPatients <= 36 * 3000)
        // A different seed gives different trials.
        #expect(Simulator.run(design: boin, setting: setting, seed: 100, trials: 0..<3000) != whole)
    }

    @Test func boinSelectsTheTrueMTDMostOften() {
        let setting = SimulationSetting(truth: Self.truth, cohortSize: 3, maxPatients: 36, target: 0.3)
        let oc = Simulator.run(design: BOIN(target: 0.3), setting: setting, seed: 5, trials: 0..<4000)
        #expect(setting.trueMTD == 3)
        #expect(oc.selected.firstIndex(of: oc.selected.max()!) == 3)
        #expect(Double(oc.selected[3]) / 4000 > 0.4)
    }
}

@Suite(.temporaryFolders) struct PathwayTests {
    @Test func boinPathwaysForTwoCohorts() {
        let paths = Pathways.enumerate(
            design: BOIN(target: 0.3), data: DoseData(levels: 5), current: 0, cohorts: 2, cohortSize: 3)
        // 4 outcomes of the first cohort; 3/3 stops the trial, each other has 4 outcomes of the second.
        #expect(paths.count == 13)
        // 0/3 escalates to level 2; then 3/3 at level 2 eliminates it: back to level 1.
        #expect(paths.first { $0.outcomes == [0, 3] }?.doses == [0, 1, 0])
        // 1/3 at the first dose: stay (0.33 between λe and λd); then 0/3 more, 1/6 = 0.17 ≤ λe: escalate.
        #expect(paths.first { $0.outcomes == [1, 0] }?.doses == [0, 0, 1])
        // 3/3 at the lowest dose eliminates everything: stop.
        #expect(paths.first { $0.outcomes.first == 3 }?.doses.last == .some(nil))
    }
}

/// Trials over time: accrual, DLT windows, pending patients, backfill, expansion.
@Suite(.temporaryFolders) struct SimulationOverTimeTests {
    static let truth = [0.05, 0.10, 0.20, 0.30, 0.45, 0.60]

    /// Waiting for every outcome makes the same decisions as cohort-by-cohort simulation, so the
    /// operating characteristics agree within Monte Carlo error (the random draws differ).
    @Test func waitingForOutcomesMatchesCohortByCohort() {
        let trials = 20_000
        let byCohort = Simulator.run(
            design: BOIN(target: 0.3), setting: SimulationSetting(truth: Self.truth), seed: 3, trials: 0..<trials)
        let overTime = Simulator.run(
            design: BOIN(target: 0.3),
            setting: SimulationSetting(truth: Self.truth, timing: TrialTiming(pending: .wait)), seed: 4,
            trials: 0..<trials)
        for k in byCohort.selected.indices {
            let p = max(Double(byCohort.selected[k]) / Double(trials), 1e-4)
            let se = (2 * p * (1 - p) / Double(trials)).squareRoot()
            #expect(abs(Double(overTime.selected[k] - byCohort.selected[k]) / Double(trials)) <= 4 * se, "dose \(k)")
        }
        #expect(overTime.turnedAway > 0, "patients arriving during the window are turned away without backfill")
        #expect(overTime.backfillPatients.allSatisfy { $0 == 0 } && overTime.expansionPatients.allSatisfy { $0 == 0 })
    }

    @Test func titeShortensTheTrial() {
        let wait = SimulationSetting(
            truth: Self.truth, timing: TrialTiming(accrualPerMonth: 6, windowDays: 56, onset: .late, pending: .wait))
        var tite = wait
        tite.timing!.pending = .tite
        for design in [
            BOIN(target: 0.3) as any EscalationDesign, CRM(target: 0.3, skeleton: [0.05, 0.12, 0.2, 0.3, 0.4, 0.5]),
        ] {
            let a = Simulator.run(design: design, setting: wait, seed: 8, trials: 0..<1500)
            let b = Simulator.run(design: design, setting: tite, seed: 8, trials: 0..<1500)
            #expect(
                b.durationDays < a.durationDays * 8 / 10,
                "\(design.name): TITE \(b.durationDays / 1500) days vs waiting \(a.durationDays / 1500)")
            // Still finds the MTD about as often.
            #expect(abs(b.selected[3] - a.selected[3]) < 1500 / 10, "\(design.name)")
        }
    }

    @Test func backfillAndExpansionCountWhereTheyShould() {
        let trials = 2000
        let setting = SimulationSetting(
            truth: Self.truth, timing: TrialTiming(accrualPerMonth: 8, windowDays: 28),
            backfill: Backfill(maxPerDose: 6, maxTotal: 10),
            expansion: Expansion(size: 12), responseTruth: [0.1, 0.1, 0.2, 0.3, 0.3, 0.3])
        let oc = Simulator.run(design: BOIN(target: 0.3), setting: setting, seed: 21, trials: 0..<trials)
        let backfill = oc.backfillPatients.reduce(0, +)
        #expect(backfill > 0 && backfill <= 10 * trials)
        // Backfill goes to doses below the current one: never the top dose.
        #expect(oc.backfillPatients.last == 0)
        // Every trial that selected a dose after escalation treated 12 expansion patients.
        let selected = trials - oc.selectedAfterEscalation.last!
        #expect(oc.expansionPatients.reduce(0, +) == 12 * selected)
        // All patients: 36 in escalation (or fewer when stopped), plus backfill and expansion.
        #expect(oc.totalPatients <= 36 * trials + backfill + 12 * selected)
        #expect(oc.totalPatients >= 30 * trials + backfill + 12 * selected)
        #expect(oc.responders.reduce(0, +) > 0)
    }

    /// Model-based designs share one decision cache between threads: the results must not depend
    /// on the number of threads, over time with backfill and expansion too.
    @Test func sharedDecisionCacheKeepsResultsIndependentOfThreads() {
        let crm = CRM(target: 0.3, skeleton: [0.05, 0.12, 0.2, 0.3, 0.4, 0.5])
        let blrm = BLRM(doses: [1, 2, 4, 8, 16, 32], referenceDose: 8, priorMean: (-0.85, 0), panels: 3)
        // (The BLRM is slow in debug builds: fewer trials.)
        for (design, trials) in [(crm as any EscalationDesign, 300), (blrm, 24)] {
            for setting in [
                SimulationSetting(truth: Self.truth),
                SimulationSetting(
                    truth: Self.truth, timing: TrialTiming(), backfill: Backfill(), expansion: Expansion(size: 6)),
            ] {
                let one = Simulator.run(design: design, setting: setting, seed: 5, trials: 0..<trials, threads: 1)
                let four = Simulator.run(design: design, setting: setting, seed: 5, trials: 0..<trials, threads: 4)
                #expect(one == four, "\(design.name)")
            }
        }
        // The model-based designs report the posterior probability of overdosing at the selected dose.
        let oc = Simulator.run(design: crm, setting: SimulationSetting(truth: Self.truth), seed: 5, trials: 0..<300)
        #expect(oc.overdoseTrials == 300 && oc.overdoseMicros > 0 && oc.overdoseMicros < 300 * 1_000_000)
    }

    /// The allocation-free selection used in simulations picks the same dose as the reference.
    @Test func fastIsotonicSelectionMatchesTheReference() {
        var rng = RandomSource(seed: 42)
        let boin = BOIN(target: 0.3)
        let fast = FastIntervalTable(design: boin, setting: SimulationSetting(truth: Self.truth))!
        for _ in 0..<20_000 {
            var data = DoseData(levels: 6)
            for d in 0..<6 where rng.uniform() < 0.7 {
                data.treated[d] = rng.int(0...12)
                data.dlts[d] = data.treated[d] == 0 ? 0 : rng.int(0...data.treated[d])
            }
            #expect(fast.select(data) == boin.selectMTD(data: data).dose, "\(data)")
        }
    }

    /// TITE-CRM's weighted likelihood against R's adaptive quadrature (Fixtures/reference/escalation.R).
    @Test func titeCRMPosteriorMatchesR() {
        let crm = CRM(target: 0.25, skeleton: [0.05, 0.12, 0.25, 0.40, 0.55])
        let cases: [(DoseData, [[Double]])] = [
            (DoseData(treated: [3, 3, 0, 0, 0], dlts: [0, 1, 0, 0, 0]), [[], [0.5, 0.25], [], [], []]),
            (DoseData(treated: [3, 3, 2, 0, 0], dlts: [0, 1, 0, 0, 0]), [[], [0.9], [0.3, 0.1], [], []]),
        ]
        let ref = referenceCSV(fixture("reference/escalation.csv"))
        for (i, c) in cases.enumerated() {
            let want = Double(ref.first { $0[0] == "tite_crm_beta" && $0[1] == String(i + 1) }![3])!
            let got = crm.posteriorExpectation(c.0, pending: c.1) { $0 }
            #expect(abs(got - want) < 1e-8, "case \(i + 1): \(got) vs \(want)")
        }
    }
}

/// Simulations use the BLRM with 16 panels per axis; the designs' conduct uses 32, which agrees
/// with R to 1e-6 (BLRMTests). On trial-like data the two agree to 1e-4 (measured 5.8e-5).
@Suite(.temporaryFolders) struct BLRMResolutionTests {
    @Test func sixteenPanelsAgreeWithThirtyTwo() {
        let doses = [1.0, 2, 4, 8, 16, 32]
        let fine = BLRM(doses: doses, referenceDose: 8, priorMean: (-0.85, 0))
        let coarse = BLRM(doses: doses, referenceDose: 8, priorMean: (-0.85, 0), panels: 16)
        var rng = RandomSource(seed: 16)
        var worst = 0.0
        for _ in 0..<12 {
            var data = DoseData(levels: 6)
            let top = rng.int(0...5)
            for d in 0...top {
                data.treated[d] = 3 * rng.int(1...4)
                data.dlts[d] = rng.int(0...min(data.treated[d], d + 1))
            }
            let a = fine.summary(data)
            let b = coarse.summary(data)
            for d in 0..<6 {
                worst = max(
                    worst, abs(a.pOver[d] - b.pOver[d]), abs(a.pTarget[d] - b.pTarget[d]), abs(a.meanP[d] - b.meanP[d]))
            }
        }
        print("BLRM 16 vs 32 panels: largest difference \(worst)")
        #expect(worst < 1e-4)
    }
}

/// CRM's safety stop ends the trial and recommends no dose.
@Suite(.temporaryFolders) struct CRMSafetyTests {
    @Test func safetyStopSelectsNoDose() {
        let crm = CRM(target: 0.3, skeleton: [0.2, 0.3, 0.4], safetyThreshold: 0.9)
        let oc = Simulator.run(
            design: crm, setting: SimulationSetting(truth: [0.6, 0.7, 0.8]), seed: 3, trials: 0..<500)
        // Trials that stopped select nothing (and so do those whose last cohort triggered the rule).
        #expect(oc.stoppedEarly > 450 && oc.selected[3] >= oc.stoppedEarly)
        let data = DoseData(treated: [6, 0, 0], dlts: [5, 0, 0])
        #expect(crm.decide(current: 0, data: data) == .stop && crm.selectMTD(data: data).dose == nil)
        #expect(CRM(target: 0.3, skeleton: [0.2, 0.3, 0.4]).selectMTD(data: data).dose == 0)
    }
}

/// The worked example of docs/simulation.md: BOIN with pending patients counted by follow-up.
@Suite(.temporaryFolders) struct PendingDecisionTests {
    @Test func boinCountsPendingPatientsByTheirFollowUp() {
        let boin = BOIN(target: 0.3)
        var data = DoseData(levels: 4)
        data.treated[1] = 6
        data.dlts[1] = 1
        // Two of the six pending, 14 and 42 of 56 days observed: n = 4 + 0.25 + 0.75 = 5, 1/5 ≤ λe.
        #expect(boin.decide(current: 1, data: data, pending: [[], [0.25, 0.75], [], []]) == .escalate)
        // Both just started: n = 4, 1/4 between λe and λd.
        #expect(boin.decide(current: 1, data: data, pending: [[], [0, 0], [], []]) == .stay)
        // Designs without time-to-event weighting decide on resolved patients only.
        #expect(!ThreePlusThree().decidesWithPending)
        var three = DoseData(levels: 3)
        three.treated[0] = 3
        #expect(
            ThreePlusThree().decide(current: 0, data: three, pending: [[0.5], [], []])
                == ThreePlusThree().decide(current: 0, data: DoseData(treated: [2, 0, 0], dlts: [0, 0, 0])))
    }
}

/// The nonparametric optimal benchmark against its exact distribution, and the accuracy index.
@Suite(.temporaryFolders) struct BenchmarkTests {
    /// Exact selection probabilities by enumerating how many of n tolerances fall in each interval
    /// between consecutive true DLT probabilities (a multinomial).
    func exactSelection(truth: [Double], target: Double, n: Int) -> [Double] {
        let cells = zip([0] + truth, truth + [1]).map { $1 - $0 }
        var out = [Double](repeating: 0, count: truth.count)
        func lgamma1(_ k: Int) -> Double { lgamma(Double(k) + 1) }
        func walk(_ cell: Int, _ left: Int, _ counts: [Int]) {
            if cell == cells.count - 1 {
                let c = counts + [left]
                var logp = lgamma1(n)
                for (k, m) in c.enumerated() { logp += Double(m) * log(cells[k]) - lgamma1(m) }
                // DLTs at dose d: tolerances in the cells below p_d.
                var best = 0
                var bestDist = Double.infinity
                var cum = 0
                for d in truth.indices {
                    cum += c[d]
                    let rate = Double(cum) / Double(n)
                    let dist = abs(rate - target)
                    if d == 0 || dist < bestDist - 1e-12 || (abs(dist - bestDist) <= 1e-12 && rate < target) {
                        best = d
                        bestDist = dist
                    }
                }
                out[best] += exp(logp)
                return
            }
            for m in 0...left { walk(cell + 1, left - m, counts + [m]) }
        }
        walk(0, n, [])
        return out
    }

    @Test func benchmarkAgreesWithItsExactDistribution() {
        let truth = [0.08, 0.22, 0.35, 0.55]
        let n = 9
        let trials = 40_000
        let exact = exactSelection(truth: truth, target: 0.3, n: n)
        #expect(abs(exact.reduce(0, +) - 1) < 1e-12)
        let oc = OptimalBenchmark.run(
            setting: SimulationSetting(truth: truth, maxPatients: n), seed: 12, trials: 0..<trials)
        for (d, p) in exact.enumerated() {
            let se = (p * (1 - p) / Double(trials)).squareRoot()
            #expect(
                abs(Double(oc.selected[d]) / Double(trials) - p) <= 4 * se + 1e-9,
                "dose \(d + 1): \(Double(oc.selected[d]) / Double(trials)) vs exact \(p)")
        }
    }

    @Test func accuracyIndexHandWorked() {
        let truth = [0.1, 0.3, 0.5]  // Δ = 0.2, 0, 0.2
        #expect(accuracyIndex(truth: truth, target: 0.3, selected: [0, 100, 0, 0], trials: 100) == 1)
        #expect(abs(accuracyIndex(truth: truth, target: 0.3, selected: [100, 0, 0, 0], trials: 100)! - -0.5) < 1e-12)
        #expect(abs(accuracyIndex(truth: truth, target: 0.3, selected: [50, 50, 50, 0], trials: 150)!) < 1e-12)
    }
}

/// Random settings, designs and options: no crash, and the sums hold together.
@Suite(.temporaryFolders) struct SimulationFuzzTests {
    @Test func randomSettingsKeepTheirInvariants() throws {
        var rng = RandomSource(seed: 404)
        for case_ in 0..<120 {
            let levels = rng.int(1...7)
            let truth = (0..<levels).map { _ in rng.uniform() }.sorted()
            let target = 0.15 + 0.3 * rng.uniform()
            let skeleton = (0..<levels).map { 0.05 + 0.9 * Double($0 + 1) / Double(levels + 1) }
            let designs: [any EscalationDesign] = [
                ThreePlusThree(variant: [.a, .b, .c][rng.int(0...2)]),
                BOIN(target: target, earlyStopAt: rng.bernoulli(0.3) ? 9 : nil),
                Keyboard(target: target),
                CRM(target: target, skeleton: skeleton, model: rng.bernoulli(0.5) ? .empiric : .logistic),
            ]
            let design = designs[rng.int(0...(designs.count - 1))]
            let cohort = design is ThreePlusThree ? 3 : rng.int(1...4)
            var setting = SimulationSetting(
                truth: truth, cohortSize: cohort, maxPatients: rng.int(1...40), start: rng.int(0...(levels - 1)),
                perDoseCap: rng.bernoulli(0.2) ? rng.int(1...12) : nil, target: target)
            if rng.bernoulli(0.4) {
                setting.timing = TrialTiming(
                    accrualPerMonth: 0.5 + 10 * rng.uniform(), windowDays: Double(rng.int(7...60)),
                    onset: DLTOnset.allCases[rng.int(0...2)],
                    pending: rng.bernoulli(0.5) ? .wait : .tite, maxPendingFraction: rng.uniform())
            }
            if rng.bernoulli(0.3) { setting.backfill = Backfill(maxPerDose: rng.int(0...6), maxTotal: rng.int(0...10)) }
            if rng.bernoulli(0.3) { setting.expansion = Expansion(size: rng.int(0...10)) }
            if rng.bernoulli(0.3) { setting.responseTruth = (0..<levels).map { _ in rng.uniform() } }
            let trials = design is CRM ? 8 : 40
            let oc = Simulator.run(design: design, setting: setting, seed: UInt64(case_), trials: 0..<trials)
            #expect(
                oc.trials == trials && oc.selected.reduce(0, +) == trials
                    && oc.selectedAfterEscalation.reduce(0, +) == trials, "case \(case_)")
            #expect(
                zip(oc.dlts, oc.patients).allSatisfy { $0 <= $1 } && oc.responders.reduce(0, +) <= oc.totalPatients,
                "case \(case_)")
            let escalation = oc.totalPatients - oc.backfillPatients.reduce(0, +) - oc.expansionPatients.reduce(0, +)
            #expect(escalation <= setting.maxPatients * trials && escalation >= 0, "case \(case_)")
            if !setting.runsOverTime && setting.maxPatients <= 12 {
                let exact = try ExactCharacteristics.compute(design: design, setting: setting)
                #expect(abs(exact.selection.reduce(0, +) - 1) < 1e-9, "case \(case_)")
            }
        }
    }
}

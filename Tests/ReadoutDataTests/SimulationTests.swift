import Foundation
import Testing
import ReadoutData
@testable import ReadoutEscalation

@Suite struct SimulationTests {
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

@Suite struct PathwayTests {
    @Test func boinPathwaysForTwoCohorts() {
        let paths = Pathways.enumerate(design: BOIN(target: 0.3), data: DoseData(levels: 5), current: 0, cohorts: 2, cohortSize: 3)
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

import Foundation
import ReadoutCore
import ReadoutTestSupport
import Testing

@testable import ReadoutEscalation

/// Operating characteristics against the designs' R packages (Fixtures/reference/simulation).
/// Tolerance: a selection percentage may differ by at most four standard errors of the difference
/// of two independent Monte Carlo estimates, sqrt(p(1 − p)(1/N_R + 1/N)); mean patients per dose by
/// four times the bound 18 / sqrt(N) on each mean's standard error (a count in [0, 36] has standard
/// deviation at most 18).
@Suite(.temporaryFolders) struct SimulationReferenceTests {
    static let scenarios: [[Double]] = [
        [0.05, 0.10, 0.20, 0.30, 0.45, 0.60], [0.12, 0.30, 0.45, 0.55, 0.65, 0.75],
        [0.02, 0.04, 0.06, 0.08, 0.10, 0.12], [0.30, 0.42, 0.52, 0.62, 0.70, 0.80],
        [0.05, 0.15, 0.30, 0.45, 0.60, 0.70],
    ]

    static func design(_ name: String) -> any EscalationDesign {
        switch name {
        case "BOIN": return BOIN(target: 0.3)
        case "Keyboard": return Keyboard(target: 0.3)
        case "CRM-logistic": return CRM(target: 0.3, skeleton: [0.05, 0.12, 0.20, 0.30, 0.40, 0.50], model: .logistic)
        default: return CRM(target: 0.3, skeleton: [0.05, 0.12, 0.20, 0.30, 0.40, 0.50])
        }
    }

    @Test(arguments: ["BOIN", "Keyboard", "CRM", "CRM-logistic"])
    func withinMonteCarloErrorOfTheRPackage(design name: String) throws {
        let rows = referenceCSV(fixture("reference/simulation/r-packages.csv"))
        let header = rows[0]
        func col(_ r: [String], _ c: String) -> Double { Double(r[header.firstIndex(of: c)!])! }
        let mine = rows.dropFirst().filter { $0.count == header.count && $0[1] == name }
        #expect(mine.count == (name == "CRM-logistic" ? 2 : 5), "scenarios for \(name)")
        let trials = 20_000
        for r in mine {
            let k = Int(r[0])! - 1
            let nR = col(r, "trials")
            let oc = Simulator.run(
                design: Self.design(name), setting: SimulationSetting(truth: Self.scenarios[k]), seed: 77,
                trials: 0..<trials)
            for (i, c) in ["sel1", "sel2", "sel3", "sel4", "sel5", "sel6", "none"].enumerated() {
                let want = col(r, c) / 100
                let got = Double(oc.selected[i]) / Double(trials)
                let p = max(want, 1 / nR)
                let se = (p * (1 - p) * (1 / nR + 1 / Double(trials))).squareRoot()
                #expect(
                    abs(got - want) <= 4 * se,
                    "\(name) scenario \(k + 1) \(c): \(got * 100)% vs R \(want * 100)% (4 SE = \(4 * se * 100))")
            }
            for d in 0..<6 {
                let want = col(r, "n\(d + 1)")
                let got = Double(oc.patients[d]) / Double(trials)
                let bound = 4 * 18 * (1 / nR + 1 / Double(trials)).squareRoot()
                #expect(
                    abs(got - want) <= bound, "\(name) scenario \(k + 1) patients at dose \(d + 1): \(got) vs R \(want)"
                )
            }
        }
    }
}

/// Exact operating characteristics by enumeration: against the closed form for 3+3, against the R
/// packages (the only Monte Carlo error left is theirs: four of their standard errors), and
/// against Readout's own simulation.
@Suite(.temporaryFolders) struct ExactCharacteristicsTests {
    @Test func threePlusThreeEqualsTheClosedForm() throws {
        for truth in SimulationReferenceTests.scenarios {
            let r = try ExactCharacteristics.compute(
                design: ThreePlusThree(), setting: SimulationSetting(truth: truth, maxPatients: 200))
            let closed = ThreePlusThreeExact.selection(truth: truth)
            for k in closed.indices { #expect(abs(r.selection[k] - closed[k]) < 1e-12, "\(truth) dose \(k)") }
        }
    }

    @Test(arguments: ["BOIN", "Keyboard"])
    func intervalDesignsAgreeWithTheirRPackage(design name: String) throws {
        let rows = referenceCSV(fixture("reference/simulation/r-packages.csv"))
        let header = rows[0]
        func col(_ r: [String], _ c: String) -> Double { Double(r[header.firstIndex(of: c)!])! }
        for r in rows.dropFirst().filter({ $0.count == header.count && $0[1] == name }) {
            let k = Int(r[0])! - 1
            let nR = col(r, "trials")
            let exact = try ExactCharacteristics.compute(
                design: SimulationReferenceTests.design(name),
                setting: SimulationSetting(truth: SimulationReferenceTests.scenarios[k]))
            #expect(abs(exact.selection.reduce(0, +) - 1) < 1e-12)
            for (i, c) in ["sel1", "sel2", "sel3", "sel4", "sel5", "sel6", "none"].enumerated() {
                let p = exact.selection[i]
                let se = (max(p * (1 - p), 1 / nR) / nR).squareRoot()
                #expect(
                    abs(col(r, c) / 100 - p) <= 4 * se,
                    "\(name) scenario \(k + 1) \(c): R \(col(r, c))%, exact \(p * 100)%")
            }
            for d in 0..<6 {
                #expect(
                    abs(col(r, "n\(d + 1)") - exact.patients[d]) <= 4 * 18 / nR.squareRoot(),
                    "\(name) scenario \(k + 1) n\(d + 1)")
            }
        }
    }

    /// The simulator converges to the enumeration: BOIN and CRM (a shorter trial for CRM, whose
    /// enumeration is slow in debug builds).
    @Test func simulationAgreesWithEnumeration() throws {
        let cases: [(any EscalationDesign, SimulationSetting)] = [
            (BOIN(target: 0.3), SimulationSetting(truth: SimulationReferenceTests.scenarios[0])),
            (
                CRM(target: 0.3, skeleton: [0.05, 0.12, 0.20, 0.30, 0.40, 0.50]),
                SimulationSetting(truth: SimulationReferenceTests.scenarios[4], maxPatients: 15)
            ),
        ]
        let trials = 20_000
        for (design, setting) in cases {
            let exact = try ExactCharacteristics.compute(design: design, setting: setting)
            let oc = Simulator.run(design: design, setting: setting, seed: 31, trials: 0..<trials)
            for (k, p) in exact.selection.enumerated() {
                let se = (max(p * (1 - p), 1e-4) / Double(trials)).squareRoot()
                #expect(abs(Double(oc.selected[k]) / Double(trials) - p) <= 4 * se, "\(design.name) dose \(k + 1)")
            }
            #expect(abs(Double(oc.totalPatients) / Double(trials) - exact.patients.reduce(0, +)) < 0.2)
        }
        // With an expansion cohort of 9 at the selected dose and true response rates.
        let setting = SimulationSetting(
            truth: SimulationReferenceTests.scenarios[0], expansion: Expansion(size: 9),
            responseTruth: [0.1, 0.1, 0.2, 0.3, 0.3, 0.3])
        let exact = try ExactCharacteristics.compute(design: BOIN(target: 0.3), setting: setting)
        let oc = Simulator.run(design: BOIN(target: 0.3), setting: setting, seed: 32, trials: 0..<trials)
        for (k, p) in exact.selection.enumerated() {
            let se = (max(p * (1 - p), 1e-4) / Double(trials)).squareRoot()
            #expect(abs(Double(oc.selected[k]) / Double(trials) - p) <= 4 * se, "after expansion, dose \(k + 1)")
            let q = exact.selectionAfterEscalation[k]
            let seq = (max(q * (1 - q), 1e-4) / Double(trials)).squareRoot()
            #expect(
                abs(Double(oc.selectedAfterEscalation[k]) / Double(trials) - q) <= 4 * seq,
                "after escalation, dose \(k + 1)")
        }
        #expect(abs(exact.expansionPatients.reduce(0, +) - 9 * (1 - exact.selectionAfterEscalation[6])) < 1e-12)
        #expect(abs(Double(oc.responders.reduce(0, +)) / Double(trials) - exact.responders.reduce(0, +)) < 0.1)
        #expect(throws: ReadoutError.self) {
            try ExactCharacteristics.compute(
                design: BOIN(target: 0.3), setting: SimulationSetting(truth: [0.1, 0.2], timing: TrialTiming()))
        }
    }
}

import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse
import ReadoutTestSupport
import Testing

@testable import ReadoutEscalation

/// BOIN12: its boundaries, desirability, estimates and decisions, and its operating characteristics
/// against trialdesign.org's published figure and an implementation in R (Fixtures/reference/boin12.R).
@Suite struct OptimalDoseTests {
    /// trialdesign.org's BOIN12 defaults as brockk/escalation#8 quotes them: 5 doses, φT 0.35, φE
    /// 0.25, utilities 100/40/60/0, N* 6, c_T 0.95, c_E 0.9, 12 cohorts of 3, stop at 12 patients on a
    /// dose, no extra exploration, correlation 0.
    static func design(
        utilities: OutcomeUtilities = OutcomeUtilities(), exploration: Int? = nil
    ) -> BOIN12 {
        BOIN12(
            toxicityTarget: 0.35, efficacyLowest: 0.25, utilities: utilities, explorationThreshold: exploration,
            earlyStopAt: 12, maxPatients: 36)
    }

    /// The R script's scenarios, in its order.
    static let scenarios:
        [(
            name: String, toxicity: [Double], efficacy: [Double], correlation: Double, utilities: OutcomeUtilities,
            exploration: Int?
        )] = [
            ("published", [0.03, 0.17, 0.35, 0.50, 0.65], [0.12, 0.39, 0.43, 0.55, 0.65], 0, OutcomeUtilities(), nil),
            ("plateau", [0.05, 0.10, 0.15, 0.30, 0.45], [0.10, 0.30, 0.50, 0.50, 0.50], 0.4, OutcomeUtilities(), 9),
            (
                "unimodal", [0.02, 0.06, 0.12, 0.20, 0.30], [0.20, 0.45, 0.60, 0.40, 0.25], -0.3,
                OutcomeUtilities(neither: 35, both: 50), 9
            ),
        ]

    struct Reference {
        var trials = 0.0
        var selection: [Double] = []
        var patients: [Double] = []
        var toxicities: [Double] = []
        var responses: [Double] = []
        var none = 0.0
    }

    static func reference() throws -> [String: Reference] {
        let text = try String(contentsOfFile: fixture("reference/simulation/boin12.txt"), encoding: .utf8)
        var out: [String: Reference] = [:]
        var name = ""
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ").map(String.init)
            let values = f.dropFirst().compactMap(Double.init)
            switch f.first {
            case "scenario":
                name = f[1]
                out[name] = Reference(trials: Double(f[3])!)
            case "selpercent": out[name]?.selection = values
            case "npatients": out[name]?.patients = values
            case "ntox": out[name]?.toxicities = values
            case "neff": out[name]?.responses = values
            case "percentnone": out[name]?.none = values[0]
            default: break
            }
        }
        return out
    }

    static func simulate(_ k: Int, trials: Int, threads: Int = 2) -> OptimalDoseCharacteristics {
        let s = scenarios[k]
        let setting = OptimalDoseSetting(
            toxicity: s.toxicity, efficacy: s.efficacy, correlation: s.correlation, cohorts: 12, cohortSize: 3)
        return OptimalDoseSimulator.run(
            design: design(utilities: s.utilities, exploration: s.exploration), setting: setting, seed: 2020,
            trials: trials, threads: threads)
    }

    /// Tolerance: four standard errors of the difference of two independent Monte Carlo estimates (a
    /// percentage by its binomial variance, a mean count by the standard deviation observed here).
    @Test(arguments: 0..<3) func withinMonteCarloErrorOfTheRImplementation(scenario k: Int) throws {
        let name = Self.scenarios[k].name
        let ref = try #require(try Self.reference()[name], "no reference for \(name)")
        let trials = 20_000
        let oc = Self.simulate(k, trials: trials)
        let scale = (1 / ref.trials + 1 / Double(trials)).squareRoot()
        func percent(_ a: Double, _ b: Double) -> Double {
            let p = (a + b) / 200
            return 4 * 100 * (p * (1 - p)).squareRoot() * scale + 0.01
        }
        for i in 0..<5 {
            #expect(
                abs(oc.selectionPercent[i] - ref.selection[i]) <= percent(oc.selectionPercent[i], ref.selection[i]),
                "\(name) selection \(i + 1): \(oc.selectionPercent[i]) vs \(ref.selection[i])")
            for (what, mine, theirs, sd) in [
                ("patients", oc.meanPatients, ref.patients, oc.patientDeviation),
                ("toxicities", oc.meanToxicities, ref.toxicities, oc.toxicityDeviation),
                ("responses", oc.meanResponses, ref.responses, oc.responseDeviation),
            ] {
                #expect(
                    abs(mine[i] - theirs[i]) <= 4 * sd[i] * scale + 0.0005,
                    "\(name) \(what) \(i + 1): \(mine[i]) vs \(theirs[i])")
            }
        }
        #expect(abs(oc.percentNoOBD - ref.none) <= percent(oc.percentNoOBD, ref.none))
    }

    /// trialdesign.org's 10,000 trials selected dose 2 in 57.3% and dose 3 in 21.3% (brockk/escalation#8,
    /// where the escalation package's 49.6% for dose 2 lies outside the Monte Carlo error).
    @Test func withinMonteCarloErrorOfTrialdesignOrg() {
        let trials = 20_000
        let oc = Self.simulate(0, trials: trials)
        let scale = (1 / 10_000 + 1 / Double(trials)).squareRoot()
        for (dose, published) in [(1, 57.3), (2, 21.3)] {
            let p = published / 100
            let tolerance = 4 * 100 * (p * (1 - p)).squareRoot() * scale + 0.05
            #expect(abs(oc.selectionPercent[dose] - published) <= tolerance, "dose \(dose + 1)")
        }
        #expect(abs(oc.selectionPercent[1] - 49.6) > 4)
    }

    /// BOIN's get.boundary(target = 0.35, ncohort = 4, cohortsize = 3) for n = 1 … 12, and the
    /// futility boundary P(pE < 0.25 | Beta(r + 1, n − r + 1)) > 0.9 worked by hand (1 − 0.75¹⁰ =
    /// 0.944 at n = 9, r = 0; 1 − 0.75⁷ = 0.867 at n = 6).
    @Test func theBoundariesAreBOINsAndTheFutilityRule() {
        let d = Self.design()
        #expect((1...12).map { d.escalationBoundary(patients: $0) } == [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3])
        #expect((1...12).map { d.deEscalationBoundary(patients: $0) } == [1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6])
        #expect(
            (1...12).map { d.toxicityEliminationBoundary(patients: $0) } == [nil, nil, 3, 4, 4, 5, 5, 6, 6, 7, 7, 7])
        #expect([3, 6, 9, 12].map { d.futilityBoundary(patients: $0) } == [nil, nil, 0, 0])
        #expect(abs(d.benchmarkUtility - 70.5) < 1e-12)
    }

    /// Iso::ufit(y, imode = m) for the five modes, with equal weights; with the second value's weight
    /// 2, ufit on y with that value written twice (Iso's weighted ufit returns, for the mode at 3,
    /// 0.425 where the weighted least-squares fit is 0.475: docs/optimal-dose.md).
    @Test func unimodalFitsAreIsoUfit() {
        let y = [0.1, 0.5, 0.3, 0.6, 0.2]
        let equal: [[Double]] = [
            [0.375, 0.375, 0.375, 0.375, 0.2], [0.1, 0.5, 0.45, 0.45, 0.2],
            [0.1, 0.466666666666667, 0.466666666666667, 0.466666666666667, 0.2], [0.1, 0.4, 0.4, 0.6, 0.2],
            [0.1, 0.4, 0.4, 0.4, 0.4],
        ]
        let doubled: [[Double]] = [
            [0.4, 0.4, 0.4, 0.4, 0.2], [0.1, 0.5, 0.45, 0.45, 0.2], [0.1, 0.475, 0.475, 0.475, 0.2],
            [0.1, 0.433333333333333, 0.433333333333333, 0.6, 0.2], [0.1, 0.42, 0.42, 0.42, 0.42],
        ]
        for m in 0..<5 {
            for (w, expected) in [([1.0, 1, 1, 1, 1], equal[m]), ([1.0, 2, 1, 1, 1], doubled[m])] {
                let fit = UnimodalIsotonic.fit(y, weights: w, mode: m)
                #expect(zip(fit, expected).allSatisfy { abs($0 - $1) < 1e-12 }, "mode \(m + 1), \(w): \(fit)")
            }
        }
    }

    /// docs/optimal-dose.md's worked example: 3 patients at dose 1, no toxicity, one response.
    @Test func theWorkedExample() {
        let d = Self.design()
        var data = ToxicityEfficacyData(levels: 5)
        data.add(dose: 0, toxicity: false, efficacy: true)
        data.add(dose: 0, toxicity: false, efficacy: false)
        data.add(dose: 0, toxicity: false, efficacy: false)
        #expect(abs(d.desirability(dose: 0, data: data) - 0.269078356933914) < 1e-12)
        #expect(abs(d.desirability(dose: 1, data: data) - 0.295) < 1e-12)
        var eliminated = Array(repeating: false, count: 5)
        let decision = d.decide(
            current: 0, data: data, eliminated: &eliminated, desirability: { d.desirability(dose: $0, data: data) },
            tieBreak: { 0 })
        #expect(decision.kind == .escalate && decision.next == 1 && decision.candidates.map(\.dose) == [0, 1])
        #expect(decision.sentence == "Dose 2 is the most desirable of dose 1 0.269, dose 2 0.295.")
        // Two toxicities of three: de-escalate, here stay (no lower dose).
        data.toxicities[0] = 2
        let down = d.decide(
            current: 0, data: data, eliminated: &eliminated, desirability: { d.desirability(dose: $0, data: data) },
            tieBreak: { 0 })
        #expect(down.kind == .stay && down.reason == .tooToxic)
        // Three of three: the lowest dose is eliminated and the trial stops with no OBD.
        data.toxicities[0] = 3
        let stop = d.decide(
            current: 0, data: data, eliminated: &eliminated, desirability: { d.desirability(dose: $0, data: data) },
            tieBreak: { 0 })
        #expect(stop.kind == .stopWithoutOBD && stop.reason == .lowestDoseTooToxic && eliminated.allSatisfy { $0 })
    }

    /// The rank-based desirability scores of the R script (the row for 9 patients and 2 toxicities,
    /// and the untried dose), and no table by counts for utilities that are not additive.
    @Test func theDesirabilityTableIsRanked() throws {
        let table = try #require(Self.design().desirabilityTable(patients: [0, 3, 6, 9]))
        let row = table.filter { $0.patients == 9 && $0.toxicities == 2 }.map(\.score)
        #expect(row == [nil, 10.5, 20.5, 32.5, 45.5, 58.5, 70.5, 83.5, 92, 98])
        #expect(table.first?.score == 60)
        #expect(Self.design(utilities: OutcomeUtilities(neither: 35, both: 50)).desirabilityTable(patients: [3]) == nil)
    }

    /// The model-averaged efficacy estimate follows a peak that an increasing fit would flatten.
    @Test func efficacyEstimatesFollowAPeak() {
        let e = BOIN12.modelAveragedEfficacy(responses: [1, 5, 1], treated: [6, 6, 6])
        #expect(e[1] > e[0] && e[1] > e[2])
        let d = Self.design()
        let data = ToxicityEfficacyData(
            treated: [6, 6, 6], toxicities: [0, 1, 1], responses: [1, 5, 1], both: [0, 1, 0])
        let s = d.selectOBD(data: data, eliminated: [false, false, false])
        #expect(s.obd == 1 && s.estimatedMTD == 2)
    }

    /// BOIN12 conducted from the phase I example: its toxicities are the toxicity designs' conduct's
    /// DLTs and its responses the response engine's confirmed responses, dose by dose; the departures
    /// and the OBD of docs/optimal-dose.md's worked example.
    @Test func conductFromTheExampleStudy() throws {
        let load = try StudyLoader.load(folder: repositoryRoot + "/examples/phase1/data")
        let responses = ResponseEngine().run(load.study)
        let design = BOIN12(toxicityTarget: 0.3, efficacyLowest: 0.2)
        let r = try OptimalDoseConduct.run(
            study: load.study, design: design, efficacy: .confirmed, options: EscalationConduct.Options(),
            responses: responses)
        let toxicity = try EscalationConduct.run(study: load.study, design: BOIN(target: 0.3), responses: responses)
        #expect(r.doses == toxicity.doses && r.rows.count == toxicity.rows.count)
        let evaluableResponders = Set(
            responses.subjects.filter { $0.confirmedResponse.isResponse }.map(\.subject))
        for (mine, theirs) in zip(r.rows, toxicity.rows) {
            #expect(mine.evaluable == theirs.evaluable && mine.toxicities == theirs.dlts, "level \(mine.level)")
        }
        let counted = r.cohorts.flatMap { c in c.subjects.filter { evaluableResponders.contains($0) } }.count
        #expect(r.rows.map(\.responses).reduce(0, +) == counted && counted > 0)
        #expect(r.cohorts.count == toxicity.cohorts.count)
        #expect(r.cohorts.compactMap { $0.departure == nil ? nil : $0.number } == [8, 12])
        #expect(r.cohorts[7].departure?.next == 7 && r.cohorts[7].doseLevel == 7)
        #expect(r.cohorts.last?.decision.reason == .tooToxic)
        #expect(r.selection?.obd == 9 && r.selection?.estimatedMTD == 9)
        let best = try OptimalDoseConduct.run(
            study: load.study, design: design, efficacy: .best, options: EscalationConduct.Options(),
            responses: responses)
        #expect(best.rows.map(\.responses).reduce(0, +) >= counted)
    }

    @Test func simulationsDoNotDependOnTheThreadCount() {
        #expect(Self.simulate(2, trials: 500, threads: 1) == Self.simulate(2, trials: 500, threads: 2))
    }

    /// Correlated outcomes keep their margins; the Gaussian copula's joint probability at the
    /// medians is Sheppard's ¼ + asin(ρ)/(2π).
    @Test func correlatedOutcomesKeepTheirMargins() {
        let p = OutcomeProbabilities(toxicity: 0.5, efficacy: 0.5, correlation: 0.4)
        #expect(abs(p.both - (0.25 + asin(0.4) / (2 * Double.pi))) < 1e-10)
        #expect(abs(p.toxicityOnly + p.both - 0.5) < 1e-15 && abs(p.neither + p.efficacyOnly - 0.5) < 1e-12)
    }

    /// Every problem of a file at once, each with its key.
    @Test func aBadFileNamesEveryProblem() throws {
        let yaml = """
            optimal-dose:
              design: boin13
              toxicity_target: 0.9
              efficacy_lowest: 0.25
              cohorts: 0
              exploration: never
            scenarios:
              - name: short
                toxicity: [0.1, 0.2]
                efficacy: [0.3]
            """
        #expect(throws: ReadoutError.self) { try OptimalDoseFile.parse(yaml: yaml, file: "f.yaml") }
        let fixed = yaml.replacingOccurrences(of: "exploration: never", with: "exploration: off")
        do {
            _ = try OptimalDoseFile.parse(yaml: fixed + "\n    colour: red\n", file: "f.yaml")
            Issue.record("accepted")
        } catch let e as ReadoutError {
            let variables = Set(e.problems.compactMap(\.variable))
            for key in [
                "optimal-dose.design", "optimal-dose.toxicity_target", "optimal-dose.cohorts", "scenarios[1]",
                "scenarios → item 1 → colour",
            ] {
                #expect(variables.contains(key), "\(key) in \(variables)")
            }
        }
    }
}

import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse
import ReadoutTestSupport
import Testing

@testable import ReadoutEscalation

/// BOIN for drug combinations: its boundaries, moves and selection, and its operating
/// characteristics against the R BOIN package's get.oc.comb (Fixtures/reference/boin-combination.R).
@Suite(.temporaryFolders) struct CombinationTests {
    /// The scenarios of the R script, in its order.
    static let scenarios: [(name: String, truth: [[Double]], earlyStop: Int)] = [
        (
            "example",
            [[0.01, 0.03, 0.10, 0.20, 0.30], [0.03, 0.05, 0.15, 0.30, 0.60], [0.08, 0.10, 0.30, 0.60, 0.75]], 12
        ),
        (
            "diagonal",
            [[0.05, 0.10, 0.15, 0.30, 0.45], [0.10, 0.15, 0.30, 0.45, 0.55], [0.15, 0.30, 0.45, 0.50, 0.60]], 100
        ),
        ("toxic", [[0.45, 0.50, 0.55], [0.50, 0.55, 0.60], [0.55, 0.60, 0.65]], 12),
    ]

    /// The R script's output: per scenario its selection percentages, mean patients and DLTs (row by
    /// row), and the percentage stopped.
    static func reference() throws -> [String: (trials: Double, sel: [Double], n: [Double], y: [Double], stop: Double)]
    {
        let text = try String(contentsOfFile: fixture("reference/simulation/boin-combination.txt"), encoding: .utf8)
        var out: [String: (Double, [Double], [Double], [Double], Double)] = [:]
        var name = ""
        var trials = 0.0
        var sel: [Double] = []
        var n: [Double] = []
        var y: [Double] = []
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ").map(String.init)
            switch f.first {
            case "scenario":
                name = f[1]
                trials = Double(f[3])!
            case "selpercent": sel = f.dropFirst().compactMap(Double.init)
            case "npatients": n = f.dropFirst().compactMap(Double.init)
            case "ntox": y = f.dropFirst().compactMap(Double.init)
            case "percentstop": out[name] = (trials, sel, n, y, Double(f[1])!)
            default: break
            }
        }
        return out
    }

    /// Tolerance: four standard errors of the difference of two independent Monte Carlo estimates
    /// (a selection percentage by its binomial variance; a mean count by the standard deviation
    /// this simulation observed), plus R's rounding to two decimals.
    @Test(arguments: 0..<3) func withinMonteCarloErrorOfGetOcComb(scenario k: Int) throws {
        let s = Self.scenarios[k]
        let ref = try #require(try Self.reference()[s.name], "no reference for \(s.name)")
        let trials = 20_000
        let design = CombinationBOIN(target: 0.3, earlyStopAt: s.earlyStop)
        let oc = CombinationSimulator.run(
            design: design, setting: CombinationSetting(truth: s.truth, cohorts: 20, cohortSize: 3), seed: 2017,
            trials: trials)
        let scale = (1 / ref.trials + 1 / Double(trials)).squareRoot()
        for i in 0..<oc.selected.count {
            let p = (ref.sel[i] + oc.selectionPercent[i]) / 200
            let tolerance = 4 * 100 * (p * (1 - p)).squareRoot() * scale + 0.01
            #expect(
                abs(oc.selectionPercent[i] - ref.sel[i]) <= tolerance,
                "\(s.name) selection \(i): \(oc.selectionPercent[i]) vs \(ref.sel[i])")
            let nTol = 4 * oc.patientDeviation[i] * scale + 0.005
            #expect(
                abs(oc.meanPatients[i] - ref.n[i]) <= nTol,
                "\(s.name) patients \(i): \(oc.meanPatients[i]) vs \(ref.n[i])")
            let yTol = 4 * oc.dltDeviation[i] * scale + 0.005
            #expect(abs(oc.meanDLTs[i] - ref.y[i]) <= yTol, "\(s.name) DLTs \(i): \(oc.meanDLTs[i]) vs \(ref.y[i])")
        }
        let q = (ref.stop + oc.percentNoMTD) / 200
        #expect(abs(oc.percentNoMTD - ref.stop) <= 4 * 100 * (q * (1 - q)).squareRoot() * scale + 0.01)
    }

    /// get.boundary(target = 0.3, ncohort = 20, cohortsize = 3)'s full table, n = 1 … 60 (−1: none).
    static let rEscalate = [
        0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8,
        8, 9, 9, 9, 9, 10, 10, 10, 10, 11, 11, 11, 11, 12, 12, 12, 12, 13, 13, 13, 13, 13, 14,
    ]
    static let rDeEscalate = [
        1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10, 11, 11, 11, 12, 12, 12, 13,
        13, 13, 14, 14, 14, 15, 15, 16, 16, 16, 17, 17, 17, 18, 18, 18, 19, 19, 20, 20, 20, 21, 21, 21, 22, 22,
    ]
    static let rEliminate = [
        -1, -1, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10, 11, 11, 11, 12, 12, 12, 13, 13, 14, 14, 14,
        15, 15, 15, 16, 16, 16, 17, 17, 18, 18, 18, 19, 19, 19, 20, 20, 20, 21, 21, 21, 22, 22, 23, 23, 23, 24, 24, 24,
    ]

    /// The probabilities of docs/combinations.md's worked example, as R's pbeta gives them.
    @Test func theWorkedExamplesProbabilities() {
        let d = CombinationBOIN(target: 0.3)
        #expect(abs(d.boin.lambdaE - 0.2364907) < 1e-7 && abs(d.boin.lambdaD - 0.3585195) < 1e-7)
        #expect(abs(d.nearTarget(0, 0) - 0.08537348) < 1e-8)
        #expect(abs(d.nearTarget(1, 3) - 0.1985361) < 1e-7)
        #expect(d.eliminationBoundary(3) == 3 && d.eliminationBoundary(2) == nil)
    }

    @Test func theBoundariesAreTheBOINPackages() {
        let d = CombinationBOIN(target: 0.3)
        for n in 1...60 {
            #expect(d.escalationBoundary(n) == Self.rEscalate[n - 1], "escalate, n = \(n)")
            #expect(d.deEscalationBoundary(n) == Self.rDeEscalate[n - 1], "de-escalate, n = \(n)")
            #expect((d.eliminationBoundary(n) ?? -1) == Self.rEliminate[n - 1], "eliminate, n = \(n)")
        }
    }

    static let biviso2Values: [Double] = [
        0.05, 0.40, 0.10, 0.30, 0.20, 0.30, 0.05, 0.50, 0.10, 0.60, 0.25, 0.20, 0.15, 0.70, 0.40,
    ]
    static let biviso2Weights: [Double] = [3, 6, 3, 9, 3, 6, 3, 12, 3, 6, 3, 3, 9, 6, 3].map { $0 + 0.1 }

    /// Fits against R's Iso::biviso (AS 206): a 2 × 2 grid worked by hand too (the staircase of
    /// (1,1), (1,2), (2,1) has the smallest mean, 0.2667; (2,2) keeps 0.3), and a weighted 3 × 5 grid.
    @Test func theBivariateIsotonicFitIsIsoBiviso() {
        let one = BivariateIsotonic.fit([0.5, 0.1, 0.2, 0.3], weights: [1, 1, 1, 1], rows: 2, columns: 2)
        for (x, r) in zip(one, [0.8 / 3, 0.8 / 3, 0.8 / 3, 0.3]) { #expect(abs(x - r) < 1e-12) }
        let rBiviso2 = [
            0.050000000000000, 0.249186991870060, 0.249186991870269, 0.274590163934426, 0.274590163934426,
            0.249186991869113, 0.249186991870060, 0.317901234567901, 0.317901234567901, 0.599346405228758,
            0.249186991870596, 0.249186991870060, 0.317901234567901, 0.599346405228758, 0.599346405228758,
        ]
        let two = BivariateIsotonic.fit(Self.biviso2Values, weights: Self.biviso2Weights, rows: 3, columns: 5)
        for (x, r) in zip(two, rBiviso2) { #expect(abs(x - r) < 1e-9, "\(x) vs \(r)") }
    }

    /// The exact fit (minimum lower sets) and Dykstra's projections agree on random grids, and the
    /// fit is monotone along rows and columns.
    @Test func bothFitsAgree() {
        var rng = RandomSource(seed: 11)
        for (r, c) in [(2, 3), (3, 5), (4, 4), (3, 6)] {
            var f = BivariateIsotonic(rows: r, columns: c)
            for _ in 0..<50 {
                let v = (0..<r * c).map { _ in rng.uniform() }
                let w = (0..<r * c).map { _ in 0.1 + Double(rng.int(0...12)) }
                let exact = f.fit(v, weights: w)
                let projected = f.fitByProjections(v, weights: w)
                for (x, y) in zip(exact, projected) { #expect(abs(x - y) < 1e-6) }
                #expect(f.isMonotone(exact, tolerance: 1e-12))
            }
        }
    }

    /// The moves: up from (1,1) after 0/3 to the untreated neighbour chosen by the tie-break;
    /// towards the neighbour nearer the target with patients; 3/3 at (1,1) stops the trial; 3/3 at
    /// (2,2) eliminates it and everything above it in both drugs; the early stop at 12 patients.
    @Test func theDesignMovesAsTheBOINPackageDoes() {
        let d = CombinationBOIN(target: 0.3, earlyStopAt: 12)
        var data = CombinationData(rows: 3, columns: 5)
        var eliminated = Array(repeating: false, count: 15)
        data.add(DosePair(0, 0), treated: 3, dlts: 0)
        let first = d.decide(current: DosePair(0, 0), data: data, eliminated: &eliminated) { 0.7 }
        #expect(first.kind == .escalate && first.next == DosePair(0, 1), "a tie: 0.7 picks the second")
        data.add(DosePair(0, 1), treated: 3, dlts: 1)
        data.add(DosePair(1, 1), treated: 3, dlts: 0)
        let up = d.decide(current: DosePair(1, 1), data: data, eliminated: &eliminated) { 0.0 }
        // From (2,2) the neighbours one level up are (3,2) and (2,3).
        #expect(up.kind == .escalate && up.candidates.map(\.pair) == [DosePair(2, 1), DosePair(1, 2)])
        data.add(DosePair(1, 2), treated: 3, dlts: 1)
        let towards = d.decide(current: DosePair(1, 1), data: data, eliminated: &eliminated) { 0.0 }
        #expect(towards.next == DosePair(1, 2), "1/3 is nearer the target than no data")
        var stop = CombinationData(rows: 3, columns: 5)
        stop.add(DosePair(0, 0), treated: 3, dlts: 3)
        var e2 = Array(repeating: false, count: 15)
        #expect(d.decide(current: DosePair(0, 0), data: stop, eliminated: &e2) { 0 }.kind == .stop)
        var toxic = CombinationData(rows: 3, columns: 5)
        toxic.add(DosePair(0, 0), treated: 3, dlts: 0)
        toxic.add(DosePair(1, 1), treated: 3, dlts: 3)
        eliminated = Array(repeating: false, count: 15)
        let elim = d.decide(current: DosePair(1, 1), data: toxic, eliminated: &eliminated) { 0 }
        #expect(elim.eliminates && elim.kind == .deEscalate)
        #expect(eliminated == (0..<15).map { $0 / 5 >= 1 && $0 % 5 >= 1 })
        var full = CombinationData(rows: 3, columns: 5)
        full.add(DosePair(0, 2), treated: 12, dlts: 4)
        var e3 = Array(repeating: false, count: 15)
        #expect(
            d.decide(current: DosePair(0, 2), data: full, eliminated: &e3) { 0 }.kind == .stop, "4/12: stay, 12 reached"
        )
    }

    /// The same seed gives the same characteristics on one thread and on two.
    @Test func simulationsDoNotDependOnTheThreadCount() {
        let s = CombinationSetting(truth: Self.scenarios[0].truth, cohorts: 20, cohortSize: 3)
        let d = CombinationBOIN(target: 0.3, earlyStopAt: 12)
        let one = CombinationSimulator.run(design: d, setting: s, seed: 5, trials: 500, threads: 1)
        let two = CombinationSimulator.run(design: d, setting: s, seed: 5, trials: 500, threads: 2)
        #expect(one == two)
    }

    /// examples/combination/data is the generator's output with its defaults, byte for byte.
    @Test func theCombinationExampleIsTheGenerators() throws {
        let dir = temporaryFolder("combination")
        try CombinationGenerator().write(to: dir)
        for name in ["dm", "ex", "ae", "suppae", "ds", "rs"] {
            let made = try Data(contentsOf: URL(fileURLWithPath: dir + "/\(name).csv"))
            let kept = try Data(
                contentsOf: URL(fileURLWithPath: repositoryRoot + "/examples/combination/data/\(name).csv"))
            #expect(made == kept, "\(name).csv")
        }
    }

    /// The synthetic combination study conducted: pairs from the two EX treatments, DLTs per pair as
    /// the data give them, the design's moves and the trial's departures, the MTD; and the one-drug
    /// conduct refusing the study rather than reading one drug's doses.
    @Test func conductFromTheCombinationExample() throws {
        let load = try StudyLoader.load(folder: repositoryRoot + "/examples/combination/data")
        let r = try CombinationConduct.run(
            study: load.study, design: CombinationBOIN(target: 0.3), options: EscalationConduct.Options())
        #expect(r.drugA == "READOUTMAB" && r.drugB == "READOUTNIB")
        #expect(r.dosesA == [1, 2, 4] && r.dosesB == [100, 200, 300, 400] && r.unitA == "mg/kg" && r.unitB == "mg")
        #expect(r.cohorts.count == 10 && r.leftOut.isEmpty)
        // The generator's path: (A, B, DLTs) per cohort of three.
        let path = [
            (0, 0, 0), (1, 0, 0), (1, 1, 0), (2, 1, 1), (2, 1, 0), (2, 2, 2), (1, 2, 0), (1, 2, 1), (1, 3, 2),
            (1, 2, 0),
        ]
        #expect(r.cohorts.map { [$0.pair.a, $0.pair.b, $0.dlts] } == path.map { [$0.0, $0.1, $0.2] })
        #expect(r.data.treated.reduce(0, +) == 30 && r.data.dlts.reduce(0, +) == 6)
        // After 0/3 at (2, 1) the design offers (3, 1) and (2, 2), both untried: the tie goes to drug A's
        // neighbour; the trial went to (2, 2).
        #expect(r.cohorts[2].departure?.next == DosePair(2, 0))
        #expect(r.cohorts[5].decision.kind == .deEscalate && r.cohorts[5].decision.next == DosePair(2, 1))
        #expect(r.cohorts.compactMap { $0.departure == nil ? nil : $0.number } == [3, 7, 8, 9])
        #expect(r.mtd == DosePair(2, 1))
        #expect(throws: ReadoutError.self) {
            try EscalationConduct.run(
                study: load.study, design: BOIN(target: 0.3), responses: ResponseEngine().run(load.study))
        }
        // Naming the drugs the other way round still puts the drug with fewer levels in the rows.
        let named = try CombinationConduct.run(
            study: load.study, design: CombinationBOIN(target: 0.3), drugs: ["READOUTNIB", "READOUTMAB"],
            options: EscalationConduct.Options())
        #expect(named.drugA == "READOUTMAB" && named.mtd == r.mtd)
        #expect(throws: ReadoutError.self) {
            try CombinationConduct.run(
                study: load.study, design: CombinationBOIN(target: 0.3), drugs: ["READOUTMAB", "PLACEBO"],
                options: EscalationConduct.Options())
        }
    }
}

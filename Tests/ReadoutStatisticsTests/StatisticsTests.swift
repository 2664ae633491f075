import Foundation
import ReadoutCore
import ReadoutTestSupport
import Testing

@testable import ReadoutStatistics

/// Numerics against R 4 (values computed once by the scripts in Fixtures/reference, committed).
@Suite(.temporaryFolders) struct StatisticsTests {
    static func csv(_ name: String) -> [[String]] {
        referenceCSV(fixture("reference/" + name)).dropFirst().filter { $0.count > 1 }
    }

    static func close(_ a: Double, _ b: Double, _ tol: Double = 1e-9) -> Bool {
        abs(a - b) <= tol * max(1, abs(b))
    }

    @Test func specialFunctionsMatchR() {
        for row in Self.csv("special.csv") {
            let a = Double(row[1])!
            let b = Double(row[2])!
            let x = Double(row[3])!
            let v = Double(row[4])!
            switch row[0] {
            case "qnorm": #expect(Self.close(SpecialFunctions.normalQuantile(x), v, 1e-14), "qnorm(\(x))")
            case "pbeta":
                #expect(Self.close(SpecialFunctions.incompleteBeta(x, a, b), v, 1e-12), "pbeta(\(x), \(a), \(b))")
            default: #expect(Self.close(SpecialFunctions.betaQuantile(x, a, b), v, 1e-11), "qbeta(\(x), \(a), \(b))")
            }
        }
    }

    /// Closed forms: Φ₂(0, 0; ρ) = ¼ + asin(ρ)/(2π) (Sheppard), Φ₂(a, b; 0) = Φ(a)Φ(b), and the
    /// Fréchet bounds at ρ = ±1.
    @Test func bivariateNormalMeetsItsClosedForms() {
        for rho in [-0.95, -0.5, -0.1, 0, 0.3, 0.7, 0.99] {
            let exact = 0.25 + asin(rho) / (2 * Double.pi)
            #expect(abs(SpecialFunctions.bivariateNormalCDF(0, 0, correlation: rho) - exact) < 1e-9, "ρ \(rho)")
        }
        for (a, b) in [(-1.2, 0.4), (0.8, 2.1), (-2.5, -0.3), (1.5, -1.5)] {
            let exact = SpecialFunctions.normalCDF(a) * SpecialFunctions.normalCDF(b)
            #expect(abs(SpecialFunctions.bivariateNormalCDF(a, b, correlation: 0) - exact) < 1e-11)
            #expect(
                SpecialFunctions.bivariateNormalCDF(a, b, correlation: 1)
                    == SpecialFunctions.normalCDF(min(a, b)))
        }
        #expect(SpecialFunctions.bivariateNormalCDF(-.infinity, 1, correlation: 0.5) == 0)
    }

    @Test func proportionIntervalsMatchR() {
        let rows = Self.csv("proportions.csv")
        #expect(rows.count == 85)
        for row in rows {
            let x = Int(row[0])!
            let n = Int(row[1])!
            let method = ProportionCI(rawValue: row[2])!
            // R's prop.test caps the continuity correction at |x − n/2| (its null p = 0.5), so at
            // x = n/2 it applies none; Readout applies Newcombe's correction as published.
            if method == .wilsonCorrected && 2 * x == n { continue }
            let p = Proportion(count: x, total: n, method: method)
            #expect(Self.close(p.lower, Double(row[3])!, 1e-10), "\(method) \(x)/\(n) lower \(p.lower) vs \(row[3])")
            #expect(Self.close(p.upper, Double(row[4])!, 1e-10), "\(method) \(x)/\(n) upper \(p.upper) vs \(row[4])")
        }
        // The disclosure's overall ORR: 42 of 107 is 39.3% (29.95% to 49.16%, exact).
        let orr = Proportion(count: 42, total: 107)
        #expect(abs(orr.estimate * 100 - 39.25) < 0.01)
    }

    static func survivalData() -> (
        aml: (t: [Double], e: [Bool], g: [String]), lung: (t: [Double], e: [Bool], sex: [String])
    ) {
        let lines = try! String(contentsOfFile: fixture("reference/survival_data.txt"), encoding: .utf8).split(
            separator: "\n"
        ).map { $0.split(separator: ",").map(String.init) }
        return (
            (lines[0].map { Double($0)! }, lines[1].map { $0 == "1" }, lines[2]),
            (lines[3].map { Double($0)! }, lines[4].map { $0 == "2" }, lines[5])
        )
    }

    @Test(arguments: SurvivalCITransform.allCases)
    func kaplanMeierMatchesR(transform: SurvivalCITransform) {
        let d = Self.survivalData()
        var groups: [(String, String, [Double], [Bool])] = []
        for g in ["Maintained", "Nonmaintained"] {
            let idx = d.aml.g.indices.filter { d.aml.g[$0] == g }
            groups.append(("aml", g, idx.map { d.aml.t[$0] }, idx.map { d.aml.e[$0] }))
        }
        groups.append(("lung", "all", d.lung.t, d.lung.e))
        for s in ["1", "2"] {
            let idx = d.lung.sex.indices.filter { d.lung.sex[$0] == s }
            groups.append(("lung", "sex" + s, idx.map { d.lung.t[$0] }, idx.map { d.lung.e[$0] }))
        }
        let rows = Self.csv("kaplan_meier.csv").filter { $0[2] == transform.rawValue }
        var checked = 0
        for (data, group, t, e) in groups {
            let km = KaplanMeier(times: t, events: e, transform: transform)
            for row in rows where row[0] == data && row[1] == group {
                let value = row[5] == "NA" ? nil : Double(row[5])
                if row[3].hasPrefix("quantile") || row[3].hasPrefix("lower0") || row[3].hasPrefix("upper0") {
                    let p = Double(row[3].drop { !$0.isNumber && $0 != "." })!
                    let q = km.quantile(p)
                    let got = row[3].hasPrefix("quantile") ? q.estimate : row[3].hasPrefix("lower") ? q.lower : q.upper
                    let (g, v) = (String(describing: got), String(describing: value))
                    #expect(got == value, "\(data) \(group) \(transform) \(row[3]): \(g) vs \(v)")
                } else {
                    let time = Double(row[4])!
                    let step = km.steps.first { $0.time == time }!
                    let got = row[3] == "surv" ? step.survival : row[3] == "lowerci" ? step.lower : step.upper
                    if let v = value, !v.isNaN {
                        #expect(
                            Self.close(got, v, 1e-12),
                            "\(data) \(group) \(transform) \(row[3]) at \(time): \(got) vs \(v)")
                    } else {
                        #expect(got.isNaN, "\(data) \(group) \(row[3]) at \(time)")
                    }
                }
                checked += 1
            }
        }
        #expect(checked > 1000)
    }
}

@Suite(.temporaryFolders) struct SummaryTests {
    @Test func quantileDefinitionsMatchR() {
        let samples: [String: [Double]] = [
            "a": [5, 1, 3, 2, 4], "b": [2.5, 7, 1, 9, 4, 4, 10, 3], "c": [42], "d": [1, 2],
            "e": StatisticsTests.survivalData().aml.t,
        ]
        let defs: [String: QuantileDefinition] = ["2": .sas5, "6": .r6, "7": .r7]
        var checked = 0
        for row in StatisticsTests.csv("summary.csv") where row[0] != "reverse-km-aml" {
            let v = samples[row[0]]!.sorted()
            let got = Summary.quantile(v, Double(row[2])!, defs[row[1]]!)
            #expect(StatisticsTests.close(got, Double(row[3])!, 1e-12), "\(row)")
            checked += 1
        }
        #expect(checked == 45)
        let s = Summary([2.5, 7, 1, 9, 4, 4, 10, 3])
        #expect(s.n == 8 && s.minimum == 1 && s.maximum == 10 && s.median == 4)
        #expect(Summary([]).median == nil)
    }

    @Test func reverseKaplanMeierFollowUpMatchesR() {
        let d = StatisticsTests.survivalData()
        let row = StatisticsTests.csv("summary.csv").first { $0[0] == "reverse-km-aml" }!
        #expect(reverseKaplanMeierMedian(times: d.aml.t, events: d.aml.e).estimate == Double(row[3])!)
    }
}

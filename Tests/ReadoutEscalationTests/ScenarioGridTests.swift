import Foundation
import ReadoutCore
import ReadoutTestSupport
import Testing

@testable import ReadoutEscalation

/// Scenario grids: families of true curves generated from a few keys, and the summary over them.
@Suite(.temporaryFolders) struct ScenarioGridTests {
    static let file = """
        doses: ["1", "2", "3", "4"]
        trials: 400
        seed: 5
        designs:
          - design: boin
          - design: 3+3
        scenario_grids:
          - family: every-mtd
            slopes: [1, 2]
          - family: random
            name: R
            count: 5
            seed: 3
        """

    @Test func everyMTDPlacesTheTargetAtEachDose() throws {
        let plan = try SimulationFile.parse(yaml: Self.file, file: "grid.yaml")
        #expect(plan.scenarios.count == 8 + 5)
        let grid = plan.scenarios.prefix(8)
        // Independently: expit(logit(0.3) + slope × (j − k)), rounded to three decimals.
        for (n, s) in grid.enumerated() {
            let slope = n < 4 ? 1.0 : 2.0
            let k = n % 4
            let want = (0..<4).map { j -> Double in
                let x = log(0.3 / 0.7) + slope * Double(j - k)
                return ((1 / (1 + exp(-x))) * 1000).rounded() / 1000
            }
            #expect(s.setting.truth == want, "\(s.name)")
            #expect(s.setting.truth[k] == 0.3 && s.setting.trueMTD == k, "\(s.name)")
            #expect(s.name == "every-mtd: MTD at dose \(k + 1), slope \(n < 4 ? "1" : "2")")
        }
    }

    @Test func randomCurvesIncreaseAndFollowTheirSeed() throws {
        let plan = try SimulationFile.parse(yaml: Self.file, file: "grid.yaml")
        let random = plan.scenarios.suffix(5)
        for s in random {
            #expect(zip(s.setting.truth, s.setting.truth.dropFirst()).allSatisfy { $0 <= $1 }, "\(s.setting.truth)")
            #expect(s.setting.truth.contains { abs($0 - 0.3) <= 0.0505 }, "\(s.setting.truth)")
        }
        let again = try SimulationFile.parse(yaml: Self.file, file: "grid.yaml")
        #expect(again.scenarios.map(\.setting.truth) == plan.scenarios.map(\.setting.truth))
        let other = try SimulationFile.parse(
            yaml: Self.file.replacingOccurrences(of: "seed: 3", with: "seed: 4"), file: "g.yaml")
        #expect(other.scenarios.suffix(5).map(\.setting.truth) != random.map(\.setting.truth))
    }

    @Test func theSummaryIsTheMeanAndWorstOverTheGrid() throws {
        let plan = try SimulationFile.parse(yaml: Self.file, file: "grid.yaml")
        var options = SimulationRunOptions()
        options.threads = 2
        let output = try plan.run(options)
        let text = SimulationReport.render(output, format: .text)
        #expect(text.contains("Summary over the 13 scenarios"))
        let (_, rows) = SimulationReport.gridSummary(output, decimals: 1)
        for design in ["BOIN", "3+3 (A)"] {
            let entries = output.results.filter { $0.design == design }
            let correct = entries.map { Double($0.oc.selected[$0.trueMTD]) / Double($0.oc.trials) * 100 }
            let row = try #require(rows.first { $0[0] == design })
            #expect(row[1] == "13")
            #expect(row[2] == NumberFormat.fixed(correct.reduce(0, +) / 13, decimals: 1))
            #expect(row[3] == NumberFormat.fixed(correct.min()!, decimals: 1))
        }
        #expect(SimulationReport.render(output, format: .html).contains("<section id=\"grid\">"))
    }

    @Test func badGridsAreProblems() {
        let bad = """
            doses: ["1", "2", "3"]
            designs:
              - design: boin
            scenario_grids:
              - family: every-dose
              - family: every-mtd
                slopes: [0]
              - family: random
                count: 0
            """
        do {
            _ = try SimulationFile.parse(yaml: bad, file: "bad.yaml")
            Issue.record("a bad grid was accepted")
        } catch let e as ReadoutError {
            let variables = e.problems.compactMap(\.variable)
            #expect(variables.contains("scenario_grids[1] family") && variables.contains("scenario_grids[2] slopes"))
            #expect(variables.contains("scenario_grids[3] count") && variables.contains("scenarios"))
        } catch { Issue.record("\(error)") }
    }
}

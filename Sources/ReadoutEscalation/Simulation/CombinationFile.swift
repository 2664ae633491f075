import Foundation
import ReadoutCore
import ReadoutData
import Yams

/// A drug-combination simulation file (docs/combinations.md, "Simulation file"): a `combination:`
/// block with the design, and scenarios whose truths are grids (drug A's levels in rows).
public struct CombinationFile: Codable, Sendable {
    public struct Block: Codable, Sendable {
        public var design: String
        public var target: Double?
        public var cohorts: Int
        public var cohortSize: Int?
        public var earlyStop: Int?
        public var start: [Int]?
        public var cutoff: Double?
        enum CodingKeys: String, CodingKey {
            case design, target, cohorts, start, cutoff
            case cohortSize = "cohort_size"
            case earlyStop = "early_stop"
        }
    }
    public struct Scenario: Codable, Sendable {
        public var name: String
        public var truth: [[Double]]
    }
    public var combination: Block
    public var scenarios: [Scenario]
    public var trials: Int?
    public var seed: UInt64?

    static let vocabulary = [
        "combination", "design", "target", "cohorts", "cohort_size", "early_stop", "start", "cutoff", "scenarios",
        "name", "truth", "trials", "seed",
    ]

    /// Whether the YAML text is a combination file (it has a top-level `combination:` key).
    public static func isCombination(yaml text: String) -> Bool {
        (try? Yams.compose(yaml: text))?.flatMap { $0.mapping?["combination"] } != nil
    }

    /// The checked plan, with every problem found.
    public static func parse(yaml text: String, file: String) throws -> CombinationPlan {
        let spec: CombinationFile
        do { spec = try YAMLDecoder().decode(CombinationFile.self, from: text) } catch {
            throw ReadoutError(
                file: file, code: "simulation-file", "not a combination simulation file: \(error)",
                expected: "the YAML of docs/combinations.md")
        }
        var problems: [Problem] = []
        func problem(_ key: String, _ message: String, value: String? = nil, expected: String? = nil) {
            problems.append(
                Problem(
                    .error, "simulation-file", file: file, variable: key, value: value, expected: expected,
                    message: message))
        }
        for key in SpecKeys.unknown(yaml: text, decoded: spec, vocabulary: vocabulary) {
            problem(key, "unknown key", expected: "a key of docs/combinations.md")
        }
        let c = spec.combination
        if c.design.lowercased() != "boin" {
            problem("combination.design", "not a combination design Readout knows", value: c.design, expected: "boin")
        }
        let target = c.target ?? 0.3
        if !(target >= 0.05 && target <= 0.6) {
            problem("combination.target", "out of range", value: formatNumber(target), expected: "0.05 to 0.6")
        }
        if c.cohorts < 1 { problem("combination.cohorts", "too few", value: String(c.cohorts), expected: "at least 1") }
        let size = c.cohortSize ?? 3
        if size < 1 { problem("combination.cohort_size", "too small", value: String(size), expected: "at least 1") }
        let earlyStop = c.earlyStop ?? 100
        if earlyStop < 1 {
            problem("combination.early_stop", "too small", value: String(earlyStop), expected: "at least 1")
        }
        let cutoff = c.cutoff ?? 0.95
        if !(cutoff > 0.5 && cutoff < 1) {
            problem("combination.cutoff", "out of range", value: formatNumber(cutoff), expected: "between 0.5 and 1")
        }
        let trials = spec.trials ?? 10_000
        if !(1...10_000_000).contains(trials) {
            problem("trials", "out of range", value: String(trials), expected: "1 to 10,000,000")
        }
        if spec.scenarios.isEmpty { problem("scenarios", "at least one scenario is needed") }
        let shape = spec.scenarios.first.map { ($0.truth.count, $0.truth.first?.count ?? 0) } ?? (0, 0)
        for (k, s) in spec.scenarios.enumerated() {
            let place = "scenarios[\(k + 1)].truth"
            let rows = s.truth.count
            let columns = s.truth.first?.count ?? 0
            if rows == 0 || columns == 0 || s.truth.contains(where: { $0.count != columns }) {
                problem(place, "not a grid: every row needs the same number of combinations", value: s.name)
                continue
            }
            if rows > columns {
                problem(
                    place, "drug A has more levels than drug B", value: "\(rows) rows, \(columns) columns",
                    expected: "the grid turned so that rows ≤ columns (swap the drugs)")
            }
            if (rows, columns) != shape {
                problem(
                    place, "a different grid from the first scenario's", value: "\(rows) × \(columns)",
                    expected: "\(shape.0) × \(shape.1)")
            }
            for (a, row) in s.truth.enumerated() {
                for (b, p) in row.enumerated() where !(p >= 0 && p <= 1) {
                    problem(place, "not a probability at (\(a + 1), \(b + 1))", value: formatNumber(p))
                }
            }
        }
        let start = c.start ?? [1, 1]
        if start.count != 2 || !(1...max(1, shape.0)).contains(start[0]) || !(1...max(1, shape.1)).contains(start[1]) {
            problem(
                "combination.start", "not a combination of the grid",
                value: start.map(String.init).joined(separator: ", "),
                expected: "[drug A level, drug B level], from 1")
        }
        if !problems.isEmpty { throw ReadoutError(problems: problems) }
        let design = CombinationBOIN(
            target: target, eliminationCutoff: cutoff, earlyStopAt: earlyStop, maxPatients: c.cohorts * size)
        return CombinationPlan(
            design: design, scenarios: spec.scenarios.map { ($0.name, $0.truth) }, cohorts: c.cohorts,
            cohortSize: size, start: DosePair(start[0] - 1, start[1] - 1), trials: trials, seed: spec.seed ?? 1,
            fileSHA256: SHA256.hex(Array(text.utf8)))
    }
}

/// A checked combination simulation: the design and the scenarios to run it on.
public struct CombinationPlan: Sendable {
    public var design: CombinationBOIN
    public var scenarios: [(name: String, truth: [[Double]])]
    public var cohorts: Int
    public var cohortSize: Int
    public var start: DosePair
    public var trials: Int
    public var seed: UInt64
    public var fileSHA256: String

    /// Each scenario simulated with `trials` (default the file's) from `seed` (default the file's);
    /// scenario k uses the seed `SimulationPlan.scenarioSeed(seed, scenario: k)`.
    public func run(trials: Int? = nil, seed: UInt64? = nil, threads: Int) -> CombinationOutput {
        let n = trials ?? self.trials
        let s = seed ?? self.seed
        let results = scenarios.enumerated().map { k, scenario in
            let setting = CombinationSetting(
                truth: scenario.truth, cohorts: cohorts, cohortSize: cohortSize, start: start)
            return CombinationOutput.Result(
                scenario: scenario.name, truth: scenario.truth,
                oc: CombinationSimulator.run(
                    design: design, setting: setting, seed: SimulationPlan.scenarioSeed(s, scenario: k), trials: n,
                    threads: threads))
        }
        return CombinationOutput(
            target: design.target, cohorts: cohorts, cohortSize: cohortSize, earlyStop: design.earlyStopAt,
            trials: n, seed: s, fileSHA256: fileSHA256, results: results)
    }
}

/// What a combination simulation found, per scenario.
public struct CombinationOutput: Sendable {
    public struct Result: Sendable {
        public var scenario: String
        public var truth: [[Double]]
        public var oc: CombinationCharacteristics
    }
    public var target: Double
    public var cohorts: Int
    public var cohortSize: Int
    public var earlyStop: Int
    public var trials: Int
    public var seed: UInt64
    public var fileSHA256: String
    public var results: [Result]

    public enum Format: String, Sendable { case text, markdown, json }

    /// Percent of trials selecting a combination whose true probability is closest to the target.
    static func correct(_ r: Result, target: Double) -> Double {
        CombinationCharacteristics.closest(r.truth, target: target).map { r.oc.selectionPercent[$0] }.reduce(0, +)
    }

    public func render(_ format: Format) -> String {
        if format == .json { return contract() }
        var out =
            "BOIN for drug combinations: target \(formatNumber(target)), \(cohorts) cohorts of \(cohortSize), "
            + "early stop at \(earlyStop) patients; \(trials) trials per scenario (seed \(seed)).\n"
        for r in results {
            let columns = r.truth.first?.count ?? 0
            let header = ["Drug A \\ B"] + (1...columns).map { "B\($0)" }
            func grid(_ values: [Double], _ decimals: Int) -> [[String]] {
                r.truth.indices.map { a in
                    ["A\(a + 1)"]
                        + (0..<columns).map { NumberFormat.fixed(values[a * columns + $0], decimals: decimals) }
                }
            }
            let sections: [(String, [[String]])] = [
                ("True DLT probability", grid(r.truth.flatMap { $0 }, 2)),
                ("Selected as the MTD (% of trials)", grid(r.oc.selectionPercent, 1)),
                ("Patients (mean per trial)", grid(r.oc.meanPatients, 2)),
                ("DLTs (mean per trial)", grid(r.oc.meanDLTs, 2)),
            ]
            let summary =
                "% selecting a combination closest to the target: "
                + NumberFormat.fixed(Self.correct(r, target: target), decimals: 1) + "; % with no MTD: "
                + NumberFormat.fixed(r.oc.percentNoMTD, decimals: 1) + "; mean patients "
                + NumberFormat.fixed(r.oc.meanPatients.reduce(0, +), decimals: 1) + ", mean DLTs "
                + NumberFormat.fixed(r.oc.meanDLTs.reduce(0, +), decimals: 1) + "\n"
            if format == .markdown {
                out += "\n## \(r.scenario)\n"
                for (title, rows) in sections {
                    out +=
                        "\n**\(title)**\n\n| " + header.joined(separator: " | ") + " |\n|"
                        + header.map { _ in "---" }.joined(separator: "|") + "|\n"
                        + rows.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n") + "\n"
                }
                out += "\n" + summary
            } else {
                out += "\nScenario \(r.scenario)\n"
                for (title, rows) in sections {
                    out += "\n\(title)\n" + textTable(header: header, rows: rows, rightAligned: Set(1..<header.count))
                }
                out += "\n" + summary
            }
        }
        return out
    }

    /// The simulate-combination document of the results contract.
    public func contract() -> String {
        var o = ResultsContract.envelope("simulate-combination")
        var design = JSONObject()
        design.add("design", "boin-combination")
        design.add("target", target)
        design.add("cohorts", cohorts)
        design.add("cohortSize", cohortSize)
        design.add("earlyStop", earlyStop)
        o.add("design", design)
        o.add("trials", trials)
        o.add("seed", String(seed))
        o.add("fileSHA256", fileSHA256)
        o.add(
            "scenarios",
            results.map { r -> JSONObject in
                var s = JSONObject()
                s.add("name", r.scenario)
                s.add("truth", r.truth)
                let columns = r.truth.first?.count ?? 0
                func grid(_ v: [Double]) -> [[Double]] {
                    r.truth.indices.map { a in (0..<columns).map { v[a * columns + $0] } }
                }
                s.add("selectionPercent", grid(r.oc.selectionPercent))
                s.add("meanPatients", grid(r.oc.meanPatients))
                s.add("meanDLTs", grid(r.oc.meanDLTs))
                s.add("percentNoMTD", r.oc.percentNoMTD)
                s.add("percentCorrect", Self.correct(r, target: target))
                return s
            })
        return JSONValue.object(o).rendered()
    }
}

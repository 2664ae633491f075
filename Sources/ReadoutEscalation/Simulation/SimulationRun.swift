import Foundation
import ReadoutCore

/// One slice of the trials of a simulation, `i/n`: the i-th of n equal slices (1-based).
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// Which slice, 1 to `count`.
    public var index: Int
    /// How many slices.
    public var count: Int

    /// A shard; nil unless 1 ≤ index ≤ count.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 1, index <= count else { return nil }
        self.index = index
        self.count = count
    }

    /// Reads `i/n`; nil when the text is not a shard.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let i = parts[0], let n = parts[1] else { return nil }
        self.init(index: i, count: n)
    }

    /// The trial numbers of this slice of `trials`: the slices of 1/n … n/n partition `0..<trials`.
    public func range(of trials: Int) -> Range<Int> {
        (trials * (index - 1) / count)..<(trials * index / count)
    }

    /// `i/n`.
    public var description: String { "\(index)/\(count)" }
}

/// What shards of a simulation split.
public enum ShardDimension: String, Sendable, Codable, CaseIterable {
    /// Each shard runs a slice of the trials of every scenario and design.
    case trials
    /// Each shard runs a slice of the scenarios, every trial of each.
    case scenarios
}

/// How a plan is run: overrides of the file's trials and seed, a shard, exact enumeration.
public struct SimulationRunOptions: Sendable {
    /// Trials per scenario and design, instead of the file's.
    public var trials: Int?
    /// The seed, instead of the file's.
    public var seed: UInt64?
    /// Run only this slice of the trials (or of the scenarios, with `shardBy`).
    public var shard: Shard?
    /// What a shard slices: the trials of every scenario (default) or the scenarios, each with all
    /// its trials (for grids of many scenarios).
    public var shardBy: ShardDimension = .trials
    /// Enumerate every possible trial instead of simulating.
    public var exact = false
    /// With `exact`: the most states to enumerate per scenario and design.
    public var maxStates = 2_000_000
    /// Worker threads (default: every core).
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    /// The defaults: the file's trials and seed, all trials, simulated on every core.
    public init() {}
}

/// Where a run is, for a progress line: the step (scenario × design), and the trials done.
public struct SimulationProgress: Sendable {
    /// 1-based step and the number of steps.
    public var step: Int, steps: Int
    /// The scenario and design of the step.
    public var scenario: String, design: String
    /// Trials done of `total` in this step; nil while an exact enumeration runs.
    public var done: Int?, total: Int
}

extension SimulationPlan {
    /// The operating characteristics of every design in every scenario. `progress` is called from
    /// worker threads as trials finish; the results never depend on it, on the thread count or on
    /// the shard.
    public func run(
        _ options: SimulationRunOptions = SimulationRunOptions(),
        progress: (@Sendable (SimulationProgress) -> Void)? = nil
    ) throws -> SimulationOutput {
        if options.exact && options.shard != nil && options.shardBy == .trials {
            throw ReadoutError(
                file: nil, code: "exact-shard", "exact enumeration covers every trial: there is nothing to shard",
                expected: "--exact or --shard, not both")
        }
        let trials = options.trials ?? self.trials
        let bySlice = options.shardBy == .trials ? options.shard : nil
        let range = bySlice?.range(of: trials) ?? 0..<trials
        // Scenario shards keep each scenario's own index, and with it its seed.
        let scenarioRange =
            options.shardBy == .scenarios
            ? (options.shard?.range(of: scenarios.count) ?? 0..<scenarios.count)
            : 0..<scenarios.count
        let seed = options.seed ?? self.seed
        var output = SimulationOutput(
            seed: seed, trials: range.count, doses: doses, results: [],
            designs: designs.map(\.info), target: target, exact: options.exact ? true : nil)
        output.fileSHA256 = fileSHA256
        output.shard = options.shard.map {
            .init(index: $0.index, count: $0.count, by: options.shardBy == .scenarios ? .scenarios : nil)
        }
        let steps = scenarioRange.count * designs.count
        for k in scenarioRange {
            let scenario = scenarios[k]
            for planned in designs {
                let step = output.results.count + 1
                let at = SimulationProgress(
                    step: step, steps: steps, scenario: scenario.name, design: planned.label,
                    done: 0, total: range.count)
                let oc = try characteristics(
                    of: planned, in: scenario, seed: Self.scenarioSeed(seed, scenario: k), range: range,
                    options: options, at: at, progress: progress)
                output.results.append(
                    .init(
                        scenario: scenario.name, design: planned.label, trueMTD: scenario.setting.trueMTD,
                        oc: oc, truth: scenario.setting.truth,
                        benchmark: planned.built.design == nil ? true : nil))
            }
        }
        return output
    }

    private func characteristics(
        of planned: PlannedDesign, in scenario: PlannedScenario, seed: UInt64, range: Range<Int>,
        options: SimulationRunOptions, at: SimulationProgress,
        progress: (@Sendable (SimulationProgress) -> Void)?
    ) throws -> OperatingCharacteristics {
        guard let design = planned.built.design else {
            return OptimalBenchmark.run(setting: scenario.setting, seed: seed, trials: range)
        }
        if options.exact {
            var enumerating = at
            enumerating.done = nil
            progress?(enumerating)
            do {
                let r = try ExactCharacteristics.compute(
                    design: design, setting: scenario.setting, maxStates: options.maxStates)
                return ExactCharacteristics.asOperatingCharacteristics(r, setting: scenario.setting)
            } catch let e as ReadoutError {
                throw ReadoutError(
                    problems: e.problems.map { p in
                        var located = p
                        located.variable = "\(planned.label), \(scenario.name)"
                        return located
                    })
            }
        }
        let report = progress.map { callback in
            { @Sendable (done: Int) in
                var now = at
                now.done = done
                callback(now)
            }
        }
        return Simulator.run(
            design: design, setting: scenario.setting, seed: seed, trials: range, threads: options.threads,
            progress: report)
    }
}

extension SimulationPlan.PlannedDesign {
    /// The design's parameters as the protocol states them, for the output.
    var info: SimulationOutput.DesignInfo {
        guard let d = built.design else {
            return .init(
                label: label, name: "nonparametric optimal benchmark",
                parameters: [
                    ["patients", "max_patients, each with every dose's outcome known"],
                    ["selection", "the dose whose observed DLT rate is closest to the target"],
                ])
        }
        return .init(label: label, name: d.name, parameters: d.parameters.map { [$0.0, $0.1] })
    }
}

extension SimulationOutput {
    /// Combines shard outputs (their JSON files) into the unsharded result. Every file that is
    /// not a shard of the same simulation is a problem. The result has no shard of its own.
    public static func merge(files: [String]) throws -> SimulationOutput {
        guard !files.isEmpty else {
            throw ReadoutError(file: nil, code: "merge-empty", "nothing to merge", expected: "shard outputs (JSON)")
        }
        var problems: [Problem] = []
        var parts: [(file: String, output: SimulationOutput)] = []
        for f in files { if let o = decode(f, problems: &problems) { parts.append((f, o)) } }
        // Scenario shards are put together in shard order, so the scenarios keep the file's order.
        parts.sort { ($0.output.shard?.index ?? 0) < ($1.output.shard?.index ?? 0) }
        var merged: SimulationOutput?
        for part in parts {
            if merged == nil {
                merged = part.output
                continue
            }
            if !merged!.merge(part.output) {
                problems.append(
                    Problem(
                        .error, "merge-shard", file: part.file, expected: "the same file, seed, scenarios and designs",
                        message: "not a shard of the same simulation"))
            }
        }
        if !problems.isEmpty { throw ReadoutError(problems: problems) }
        merged!.shard = nil
        return merged!
    }

    /// Merges the shards in `directory` (every `.json` file in it), after checking that they are
    /// the shards of one simulation — the same file (SHA-256), seed and shard count — each present
    /// exactly once. Missing and repeated shards are named, with their files.
    public static func merge(directory: String) throws -> SimulationOutput {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }
                .sorted()
        } catch {
            throw ReadoutError(
                file: directory, code: "merge-folder", "cannot read the folder", expected: "a folder of shard outputs")
        }
        let files = names.map { directory + "/" + $0 }
        var problems: [Problem] = []
        var parts: [(file: String, output: SimulationOutput)] = []
        for f in files { if let o = decode(f, problems: &problems) { parts.append((f, o)) } }
        guard problems.isEmpty else { throw ReadoutError(problems: problems) }
        guard let first = parts.first else {
            throw ReadoutError(
                file: directory, code: "merge-empty", "no shard output in the folder", expected: "shard-*.json files")
        }
        for part in parts where part.output.shard == nil {
            problems.append(
                Problem(
                    .error, "merge-not-a-shard", file: part.file, expected: "the output of readout simulate --shard",
                    message: "a whole run, not a shard"))
        }
        guard problems.isEmpty, let count = first.output.shard?.count else { throw ReadoutError(problems: problems) }
        for part in parts.dropFirst() {
            let o = part.output
            var differs: [(String, String, String)] = []
            if o.fileSHA256 != first.output.fileSHA256 {
                differs.append(("file", o.fileSHA256 ?? "none", first.output.fileSHA256 ?? "none"))
            }
            if o.seed != first.output.seed { differs.append(("seed", String(o.seed), String(first.output.seed))) }
            if o.shard?.count != count { differs.append(("shard count", String(o.shard?.count ?? 0), String(count))) }
            if o.shard?.by != first.output.shard?.by {
                differs.append(
                    ("sliced by", o.shard?.by?.rawValue ?? "trials", first.output.shard?.by?.rawValue ?? "trials"))
            }
            for (what, found, expected) in differs {
                problems.append(
                    Problem(
                        .error, "merge-other-simulation", file: part.file, variable: what, value: found,
                        expected: expected + ", as " + first.file,
                        message: "a shard of another simulation (its \(what) differs)"))
            }
        }
        let byIndex = Dictionary(grouping: parts, by: { $0.output.shard!.index })
        let missing = (1...count).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            problems.append(
                Problem(
                    .error, "merge-missing-shard", file: directory,
                    value: missing.map(String.init).joined(separator: ", "),
                    expected: "shards 1 to \(count), each once",
                    message: "\(missing.count) of \(count) shards missing"))
        }
        for (index, copies) in byIndex.sorted(by: { $0.key < $1.key }) where copies.count > 1 {
            problems.append(
                Problem(
                    .error, "merge-repeated-shard", file: directory,
                    value: copies.map { $0.file }.joined(separator: ", "),
                    expected: "each shard once", message: "shard \(index) of \(count) is there \(copies.count) times"))
        }
        if !problems.isEmpty { throw ReadoutError(problems: problems) }
        return try merge(files: (1...count).map { byIndex[$0]![0].file })
    }

    /// A shard output read from `file`, or a problem.
    static func decode(_ file: String, problems: inout [Problem]) -> SimulationOutput? {
        do {
            return try JSONDecoder().decode(SimulationOutput.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            problems.append(
                Problem(
                    .error, "merge-shard", file: file, expected: "the JSON output of readout simulate --format json",
                    message: "not a simulation output: \(error.localizedDescription)"))
            return nil
        }
    }
}

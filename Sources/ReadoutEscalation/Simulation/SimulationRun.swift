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

/// How a plan is run: overrides of the file's trials and seed, a shard, exact enumeration.
public struct SimulationRunOptions: Sendable {
    /// Trials per scenario and design, instead of the file's.
    public var trials: Int?
    /// The seed, instead of the file's.
    public var seed: UInt64?
    /// Run only this slice of the trials.
    public var shard: Shard?
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
        if options.exact && options.shard != nil {
            throw ReadoutError(
                file: nil, code: "exact-shard", "exact enumeration covers every trial: there is nothing to shard",
                expected: "--exact or --shard, not both")
        }
        let trials = options.trials ?? self.trials
        let range = options.shard?.range(of: trials) ?? 0..<trials
        let seed = options.seed ?? self.seed
        var output = SimulationOutput(
            seed: seed, trials: range.count, doses: doses, results: [],
            designs: designs.map(\.info), target: target, exact: options.exact ? true : nil)
        let steps = scenarios.count * designs.count
        for (k, scenario) in scenarios.enumerated() {
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
    /// not a shard of the same simulation is a problem.
    public static func merge(files: [String]) throws -> SimulationOutput {
        guard !files.isEmpty else {
            throw ReadoutError(file: nil, code: "merge-empty", "nothing to merge", expected: "shard outputs (JSON)")
        }
        var merged: SimulationOutput?
        var problems: [Problem] = []
        for f in files {
            let part: SimulationOutput
            do {
                part = try JSONDecoder().decode(SimulationOutput.self, from: Data(contentsOf: URL(fileURLWithPath: f)))
            } catch {
                problems.append(
                    Problem(
                        .error, "merge-shard", file: f, expected: "the JSON output of readout simulate --format json",
                        message: "not a simulation output: \(error.localizedDescription)"))
                continue
            }
            if merged == nil {
                merged = part
                continue
            }
            if !merged!.merge(part) {
                problems.append(
                    Problem(
                        .error, "merge-shard", file: f, expected: "the same seed, scenarios and designs",
                        message: "not a shard of the same simulation"))
            }
        }
        if !problems.isEmpty { throw ReadoutError(problems: problems) }
        return merged!
    }
}

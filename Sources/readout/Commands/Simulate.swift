import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutEscalation

/// `readout simulate`: operating characteristics of designs over scenarios.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Simulate dose-escalation designs over toxicity scenarios: operating characteristics, reproducible and "
            + "shardable.",
        discussion:
            "The file format and every output: docs/simulation.md. Each trial has its own random stream from the "
            + "seed and its number: the same seed gives the same results whatever the threads or shards."
    )

    @Argument(help: "The simulation file (YAML), or with --merge shard outputs or the folder that holds them.")
    var files: [String]
    @Option(
        help: ArgumentHelp(
            "Run the i-th of n equal slices of the trials, e.g. 1/4, or auto: the slice of this task of a Slurm, "
                + "AWS Batch or Kubernetes job array (the default when a scheduler's array variables are set).",
            valueName: "i/n|auto"),
        transform: shardRequest)
    var shard: ShardRequest?
    @Option(
        help: "What shards split: trials (of every scenario) or scenarios (each with all its trials; for grids).")
    var shardBy: ShardDimension = .trials
    @Option(
        help: ArgumentHelp(
            "Write the output (JSON) to this folder as shard-i-of-n.json (or whole.json), atomically, instead "
                + "of printing it.", valueName: "dir"))
    var outDir: String?
    @Flag(
        help: "Combine shard outputs (JSON files, or a folder of them, checked complete) into the unsharded result.")
    var merge = false
    @Option(
        help: ArgumentHelp(
            "Output format: text, markdown, csv, html (tables and figures in one page) or json (json keeps the raw "
                + "sums for --merge).")
    )
    var format: SimulationReport.Format = .text
    @Option(help: "Threads (default: all cores).") var threads: Int?
    @Option(help: "Trials per scenario and design, instead of the file's (for a quick first run).") var trials: Int?
    @Option(help: "Seed, instead of the file's.") var seed: UInt64?
    @OptionGroup var progress: ProgressOptions
    @Flag(
        help: ArgumentHelp(
            "Exact operating characteristics: enumerate every possible trial instead of simulating "
                + "(cohort-by-cohort model; not with timing or backfill).")
    ) var exact = false
    @Option(help: "With --exact: the most states to enumerate per scenario and design.") var maxStates: Int = 2_000_000
    @Option(
        help: ArgumentHelp(
            "Write SVG figures (selection and patients per dose by design, per scenario) to this folder.",
            valueName: "dir")) var figures: String?

    func validate() throws {
        if let t = threads, t < 1 { throw ValidationError("--threads \(t): expected at least 1") }
        if let t = trials, t < 1 { throw ValidationError("--trials \(t): expected at least 1") }
        if exact, shardBy == .trials, case .some(.slice) = shard {
            throw ValidationError("--exact enumerates every trial: there is nothing to shard")
        }
        if merge && outDir != nil { throw ValidationError("--out-dir is for the shards; --merge prints the result") }
        if !merge && files.count != 1 {
            throw ValidationError("give one simulation file (or shard outputs with --merge)")
        }
    }

    func run() throws {
        if !merge, let text = try? String(contentsOfFile: files[0], encoding: .utf8),
            CombinationFile.isCombination(yaml: text)
        {
            return try runCombination(text)
        }
        if !merge, let text = try? String(contentsOfFile: files[0], encoding: .utf8),
            OptimalDoseFile.isOptimalDose(yaml: text)
        {
            return try runOptimalDose(text)
        }
        let output = try results()
        if let dir = figures { try SimulationReport.writeFigures(output, to: dir) }
        if let dir = outDir { return try write(output, to: dir) }
        print(SimulationReport.render(output, format: format), terminator: "")
    }

    /// The one-drug simulation's options that do not apply to combination and phase I/II files yet,
    /// refused rather than ignored.
    func refuseOneDrugOptions(_ kind: String) throws {
        var refused: [String] = []
        if shard != nil { refused.append("--shard") }
        if outDir != nil { refused.append("--out-dir") }
        if exact { refused.append("--exact") }
        if figures != nil { refused.append("--figures") }
        if shardBy != .trials { refused.append("--shard-by") }
        if ![.text, .markdown, .json].contains(format) { refused.append("--format \(format.rawValue)") }
        if !refused.isEmpty {
            throw ValidationError(
                refused.joined(separator: ", ") + ": not for \(kind) files yet (text, markdown or json)")
        }
    }

    /// A phase I/II file (docs/optimal-dose.md): text, markdown or json.
    func runOptimalDose(_ text: String) throws {
        try refuseOneDrugOptions("phase I/II")
        let formats: [SimulationReport.Format: OptimalDoseOutput.Format] = [
            .text: .text, .markdown: .markdown, .json: .json,
        ]
        let plan = try OptimalDoseFile.parse(yaml: text, file: files[0])
        let output = plan.run(
            trials: trials, seed: seed, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        print(output.render(formats[format]!), terminator: "")
    }

    /// A drug-combination file (docs/combinations.md): text, markdown or json.
    func runCombination(_ text: String) throws {
        try refuseOneDrugOptions("drug-combination")
        let formats: [SimulationReport.Format: CombinationOutput.Format] = [
            .text: .text, .markdown: .markdown, .json: .json,
        ]
        let plan = try CombinationFile.parse(yaml: text, file: files[0])
        let output = plan.run(
            trials: trials, seed: seed, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        print(output.render(formats[format]!), terminator: "")
    }

    /// Writes the output's JSON into `dir` atomically (a retried task never leaves half a file).
    func write(_ output: SimulationOutput, to dir: String) throws {
        let name = output.shard.flatMap { Shard(index: $0.index, count: $0.count)?.fileName } ?? "whole.json"
        let path = dir + "/" + name
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try Data(SimulationReport.render(output, format: .json).utf8).write(
                to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ReadoutError(
                file: path, code: "file-unwritable", "cannot write the shard output: \(error.localizedDescription)")
        }
        print("Wrote \(path)")
    }

    /// The shard to run: the one given, the job array's (auto, or by default when its variables
    /// are set), or none.
    func resolvedShard() throws -> Shard? {
        switch shard {
        case .slice(let s): return s
        case .auto:
            guard let (s, _) = try Shard.fromEnvironment(ProcessInfo.processInfo.environment) else {
                throw ValidationError(
                    "--shard auto: no job-array variables are set (SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX or "
                        + "JOB_COMPLETION_INDEX); give --shard i/n")
            }
            return s
        case nil:
            return exact && shardBy == .trials ? nil : try Shard.fromEnvironment(ProcessInfo.processInfo.environment)?.0
        }
    }

    /// The merged shards, or the file's scenarios and designs simulated (or enumerated).
    func results() throws -> SimulationOutput {
        if merge {
            var isFolder: ObjCBool = false
            if files.count == 1, FileManager.default.fileExists(atPath: files[0], isDirectory: &isFolder),
                isFolder.boolValue
            {
                return try SimulationOutput.merge(directory: files[0])
            }
            return try SimulationOutput.merge(files: files)
        }
        let plan = try SimulationFile.load(path: files[0])
        var options = SimulationRunOptions()
        options.trials = trials
        options.seed = seed
        options.shard = try resolvedShard()
        options.shardBy = shardBy
        options.exact = exact
        options.maxStates = maxStates
        if let t = threads { options.threads = t }
        let line = progress.line()
        let output = try plan.run(
            options, progress: line.map { line in { @Sendable p in line.show(p.text(since: line.started)) } })
        line?.finish()
        return output
    }
}

/// `--shard`: a slice given as i/n, or the job array's.
enum ShardRequest {
    case slice(Shard)
    case auto
}

/// `i/n` or `auto` given on the command line.
func shardRequest(_ text: String) throws -> ShardRequest {
    if text == "auto" { return .auto }
    return .slice(try shardOf(text))
}

/// `i/n` given on the command line.
func shardOf(_ text: String) throws -> Shard {
    guard let shard = Shard(text) else {
        throw ValidationError("--shard \(text): expected i/n with 1 ≤ i ≤ n, such as 1/4")
    }
    return shard
}

extension SimulationReport.Format: ExpressibleByArgument {}
extension ShardDimension: ExpressibleByArgument {}

extension SimulationProgress {
    /// `2/6 flat · BOIN:  40% (1.2 s)`.
    func text(since started: Date) -> String {
        let seconds = NumberFormat.fixed(Date().timeIntervalSince(started), decimals: 1)
        let head = "\(step)/\(steps) \(scenario) · \(design): "
        guard let done else { return head + "enumerating (\(seconds) s)" }
        return head + NumberFormat.percent(done, of: max(1, total), decimals: 0) + "% (\(seconds) s)"
    }
}

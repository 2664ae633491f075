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

    @Argument(help: "The simulation file (YAML), or shard outputs with --merge.") var files: [String]
    @Option(
        help: ArgumentHelp("Run the i-th of n equal slices of the trials, e.g. 1/4.", valueName: "i/n"),
        transform: shardOf)
    var shard: Shard?
    @Flag(help: "Combine shard outputs (JSON) into the unsharded result.") var merge = false
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
        if exact && shard != nil { throw ValidationError("--exact enumerates every trial: there is nothing to shard") }
        if !merge && files.count != 1 {
            throw ValidationError("give one simulation file (or shard outputs with --merge)")
        }
    }

    func run() throws {
        let output = try results()
        if let dir = figures { try SimulationReport.writeFigures(output, to: dir) }
        print(SimulationReport.render(output, format: format), terminator: "")
    }

    /// The merged shards, or the file's scenarios and designs simulated (or enumerated).
    func results() throws -> SimulationOutput {
        if merge { return try SimulationOutput.merge(files: files) }
        let plan = try SimulationFile.load(path: files[0])
        var options = SimulationRunOptions()
        options.trials = trials
        options.seed = seed
        options.shard = shard
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

/// `i/n` given on the command line.
func shardOf(_ text: String) throws -> Shard {
    guard let shard = Shard(text) else {
        throw ValidationError("--shard \(text): expected i/n with 1 ≤ i ≤ n, such as 1/4")
    }
    return shard
}

extension SimulationReport.Format: ExpressibleByArgument {}

extension SimulationProgress {
    /// `2/6 flat · BOIN:  40% (1.2 s)`.
    func text(since started: Date) -> String {
        let seconds = NumberFormat.fixed(Date().timeIntervalSince(started), decimals: 1)
        let head = "\(step)/\(steps) \(scenario) · \(design): "
        guard let done else { return head + "enumerating (\(seconds) s)" }
        return head + NumberFormat.percent(done, of: max(1, total), decimals: 0) + "% (\(seconds) s)"
    }
}

import ArgumentParser
import Foundation
import ReadoutData
import ReadoutEscalation
import Yams

/// The simulation file (docs/simulation.md).
struct SimulationSpec: Codable {
    struct DesignSpec: Codable {
        var design: String
        var target: Double?
        var variant: String?
        var skeleton: [Double]?
        var model: String?
    }
    struct Scenario: Codable { var name: String; var truth: [Double] }
    var designs: [DesignSpec]
    var doses: [String]
    var scenarios: [Scenario]
    var cohortSize: Int?
    var maxPatients: Int?
    var start: Int?
    var perDoseCap: Int?
    var trials: Int?
    var seed: UInt64?
    var target: Double?
    var windowDays: Int?
    var accrualPerMonth: Double?
    enum CodingKeys: String, CodingKey {
        case designs, doses, scenarios, trials, seed, target, start
        case cohortSize = "cohort_size", maxPatients = "max_patients", perDoseCap = "per_dose_cap", windowDays = "window_days", accrualPerMonth = "accrual_per_month"
    }
}

/// One shard's (or the whole run's) raw results, mergeable exactly.
struct SimulationOutput: Codable {
    var seed: UInt64
    var trials: Int
    var doses: [String]
    var results: [Entry]
    struct Entry: Codable { var scenario: String; var design: String; var trueMTD: Int; var oc: OperatingCharacteristics }
}

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate dose-escalation designs over toxicity scenarios: operating characteristics, reproducible and shardable.",
        discussion: "The file format and every output: docs/simulation.md. Each trial has its own random stream from the seed and its number: the same seed gives the same results whatever the threads or shards."
    )

    @Argument(help: "The simulation file (YAML), or shard outputs with --merge.") var files: [String]
    @Option(help: ArgumentHelp("Run the i-th of n equal slices of the trials, e.g. 1/4.", valueName: "i/n")) var shard: String?
    @Flag(help: "Combine shard outputs (JSON) into the unsharded result.") var merge = false
    @Option(help: "Output format: text, markdown, csv or json (json keeps the raw sums for --merge).") var format: String = "text"
    @Option(help: "Threads (default: all cores).") var threads: Int?

    func design(_ d: SimulationSpec.DesignSpec, _ spec: SimulationSpec) throws -> any EscalationDesign {
        let target = d.target ?? spec.target ?? 0.3
        switch d.design.lowercased() {
        case "3+3": return ThreePlusThree(variant: ThreePlusThree.Variant(rawValue: (d.variant ?? "A").uppercased()) ?? .a)
        case "boin": return BOIN(target: target)
        case "keyboard": return Keyboard(target: target)
        case "mtpi-2", "mtpi2": return Keyboard(target: target, label: "mTPI-2")
        case "crm":
            guard let s = d.skeleton, s.count == spec.doses.count else { throw ValidationError("crm needs a skeleton with one value per dose") }
            return CRM(target: target, skeleton: s, model: d.model == "logistic" ? .logistic : .empiric)
        default: throw ValidationError("unknown design \(d.design); designs: 3+3, boin, keyboard, mtpi-2, crm")
        }
    }

    func run() throws {
        var output: SimulationOutput
        if merge {
            var merged: SimulationOutput? = nil
            for f in files {
                let part = try JSONDecoder().decode(SimulationOutput.self, from: Data(contentsOf: URL(fileURLWithPath: f)))
                if merged == nil { merged = part; continue }
                guard part.seed == merged!.seed, part.results.map({ $0.scenario + $0.design }) == merged!.results.map({ $0.scenario + $0.design }) else {
                    throw ValidationError("\(f) is not a shard of the same simulation (seed, scenarios and designs must match)")
                }
                merged!.trials += part.trials
                for i in merged!.results.indices { merged!.results[i].oc.add(part.results[i].oc) }
            }
            guard let m = merged else { throw ValidationError("--merge needs shard files") }
            output = m
        } else {
            guard files.count == 1 else { throw ValidationError("give one simulation file (or shard outputs with --merge)") }
            let text = try String(contentsOfFile: files[0], encoding: .utf8)
            let spec: SimulationSpec
            do { spec = try YAMLDecoder().decode(SimulationSpec.self, from: text) } catch {
                throw ValidationError("\(files[0]): not a simulation file: \(error)")
            }
            for s in spec.scenarios where s.truth.count != spec.doses.count || !s.truth.allSatisfy({ $0 >= 0 && $0 <= 1 }) {
                throw ValidationError("scenario \(s.name): one true DLT probability (0 to 1) per dose is needed")
            }
            let trials = spec.trials ?? 10_000
            var range = 0..<trials
            if let sh = shard {
                let parts = sh.split(separator: "/").compactMap { Int($0) }
                guard parts.count == 2, parts[1] >= 1, parts[0] >= 1, parts[0] <= parts[1] else { throw ValidationError("--shard takes i/n with 1 ≤ i ≤ n") }
                range = (trials * (parts[0] - 1) / parts[1])..<(trials * parts[0] / parts[1])
            }
            let seed = spec.seed ?? 1
            output = SimulationOutput(seed: seed, trials: range.count, doses: spec.doses, results: [])
            let started = Date()
            for (k, scenario) in spec.scenarios.enumerated() {
                let setting = SimulationSetting(truth: scenario.truth, cohortSize: spec.cohortSize ?? 3, maxPatients: spec.maxPatients ?? 36,
                                                start: (spec.start ?? 1) - 1, perDoseCap: spec.perDoseCap, target: spec.target ?? 0.3,
                                                windowDays: spec.windowDays ?? 21, accrualPerMonth: spec.accrualPerMonth ?? 4)
                for d in spec.designs {
                    let design = try design(d, spec)
                    let oc = Simulator.run(design: design, setting: setting, seed: seed &+ UInt64(k) &* 1_000_003, trials: range,
                                           threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
                    output.results.append(.init(scenario: scenario.name, design: design.name, trueMTD: setting.trueMTD, oc: oc))
                    FileHandle.standardError.write(Data(String(format: "\r%d/%d simulated (%.1f s)", output.results.count, spec.scenarios.count * spec.designs.count, Date().timeIntervalSince(started)).utf8))
                }
            }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        print(render(output), terminator: "")
    }

    func render(_ o: SimulationOutput) -> String {
        if format == "json" {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: try! e.encode(o), as: UTF8.self) + "\n"
        }
        let header = ["Scenario", "Design"] + o.doses.map { "Sel % \($0)" } + ["Sel % none", "Mean n", "Mean DLTs", "% stopped early", "% patients above MTD", "% selecting above MTD", "Mean days"]
        var rows: [[String]] = []
        for r in o.results {
            let t = Double(max(1, o.trials))
            func pct(_ k: Int) -> String { String(format: "%.1f", Double(k) / t * 100) }
            let n = r.oc.totalPatients
            rows.append([r.scenario, r.design] + r.oc.selected.map(pct) + [String(format: "%.1f", Double(n) / t), String(format: "%.1f", Double(r.oc.dlts.reduce(0, +)) / t),
                         pct(r.oc.stoppedEarly), n == 0 ? "-" : String(format: "%.1f", Double(r.oc.patientsAboveMTD) / Double(n) * 100), pct(r.oc.selectedAboveMTD),
                         String(format: "%.0f", Double(r.oc.durationDays) / t)])
        }
        switch format {
        case "csv":
            var tab = Table(name: "simulation", header: header)
            for r in rows { tab.add(r) }
            return tab.csv()
        case "markdown":
            return "| " + header.joined(separator: " | ") + " |\n|" + header.map { _ in "---" }.joined(separator: "|") + "|\n" + rows.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n") + "\n"
        default:
            return "\(o.trials) trials per scenario and design (seed \(o.seed)); selection percentages per dose; true MTD: the dose whose true DLT rate is closest to the target.\n\n"
                + textTable(header: header, rows: rows, rightAligned: Set(2..<header.count))
        }
    }
}

import ArgumentParser
import Foundation
import ReadoutAnalysis
import ReadoutStatistics
import ReadoutCore
import ReadoutData
import ReadoutEscalation
import Yams

/// The simulation file (docs/simulation.md).
struct SimulationSpec: Codable {
    struct DesignSpec: Codable {
        var design: String
        var label: String?
        var target: Double?
        // 3+3
        var variant: String?
        // interval designs
        var cutoff: Double?
        var earlyStop: Int?
        var extraSafe: Bool?
        var titration: Bool?
        var weights: String?
        // decision table
        var decisionTable: String?
        var margin: Double?
        // CRM
        var skeleton: [Double]?
        var model: String?
        var priorVariance: Double?
        var safetyStop: Double?
        // BLRM
        var referenceDose: Double?
        var priorMean: [Double]?
        var priorSD: [Double]?
        var correlation: Double?
        var intervals: [Double]?
        var overdoseLimit: Double?
        var escalationCap: Double?
        var panels: Int?
        enum CodingKeys: String, CodingKey {
            case design, label, target, variant, cutoff, weights, margin, skeleton, model, correlation, intervals, panels, titration
            case decisionTable = "decision_table", earlyStop = "early_stop", extraSafe = "extra_safe", priorVariance = "prior_variance", safetyStop = "safety_stop", referenceDose = "reference_dose"
            case priorMean = "prior_mean", priorSD = "prior_sd", overdoseLimit = "overdose_limit", escalationCap = "escalation_cap"
        }
    }
    struct Scenario: Codable { var name: String; var truth: [Double]; var response: [Double]? }
    struct TimingSpec: Codable {
        var accrualPerMonth: Double?
        var windowDays: Double?
        var onset: String?
        var pending: String?
        var maxPending: Double?
        enum CodingKeys: String, CodingKey {
            case onset, pending
            case accrualPerMonth = "accrual_per_month", windowDays = "window_days", maxPending = "max_pending"
        }
    }
    struct BackfillSpec: Codable {
        var maxPerDose: Int?
        var maxTotal: Int?
        enum CodingKeys: String, CodingKey { case maxPerDose = "max_per_dose", maxTotal = "max_total" }
    }
    struct ExpansionSpec: Codable { var size: Int }
    /// Every key of the file, for suggestions when a key is unknown.
    static let vocabulary = ["designs", "doses", "dose_values", "scenarios", "cohort_size", "max_patients", "start", "per_dose_cap", "trials", "seed", "target",
                             "window_days", "accrual_per_month", "timing", "backfill", "expansion", "overdose_above", "design", "label", "variant", "cutoff",
                             "early_stop", "extra_safe", "titration", "weights", "decision_table", "margin", "skeleton", "model", "prior_variance",
                             "safety_stop", "reference_dose", "prior_mean", "prior_sd", "correlation", "intervals", "overdose_limit", "escalation_cap", "panels", "name",
                             "truth", "response", "onset", "pending", "max_pending", "max_per_dose", "max_total", "size", "vary"]
    var designs: [DesignSpec]
    var doses: [String]
    var doseValues: [Double]?
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
    var timing: TimingSpec?
    var backfill: BackfillSpec?
    var expansion: ExpansionSpec?
    var overdoseAbove: Double?
    /// Sensitivity: settings to cross with every scenario (cohort_size, max_patients, start, per_dose_cap).
    var vary: [String: [Int]]?
    enum CodingKeys: String, CodingKey {
        case designs, doses, scenarios, trials, seed, target, start, timing, backfill, expansion, vary
        case doseValues = "dose_values", cohortSize = "cohort_size", maxPatients = "max_patients", perDoseCap = "per_dose_cap"
        case windowDays = "window_days", accrualPerMonth = "accrual_per_month", overdoseAbove = "overdose_above"
    }
}

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate dose-escalation designs over toxicity scenarios: operating characteristics, reproducible and shardable.",
        discussion: "The file format and every output: docs/simulation.md. Each trial has its own random stream from the seed and its number: the same seed gives the same results whatever the threads or shards."
    )

    @Argument(help: "The simulation file (YAML), or shard outputs with --merge.") var files: [String]
    @Option(help: ArgumentHelp("Run the i-th of n equal slices of the trials, e.g. 1/4.", valueName: "i/n")) var shard: String?
    @Flag(help: "Combine shard outputs (JSON) into the unsharded result.") var merge = false
    @Option(help: "Output format: text, markdown, csv, html (tables and figures in one page) or json (json keeps the raw sums for --merge).") var format: String = "text"
    @Option(help: "Threads (default: all cores).") var threads: Int?
    @Option(help: "Trials per scenario and design, instead of the file's (for a quick first run).") var trials: Int?
    @Option(help: "Seed, instead of the file's.") var seed: UInt64?
    @Flag(help: "No progress line on standard error.") var quiet = false
    @Flag(help: "Exact operating characteristics: enumerate every possible trial instead of simulating (cohort-by-cohort model; not with timing or backfill).") var exact = false
    @Option(help: "With --exact: the most states to enumerate per scenario and design.") var maxStates: Int = 2_000_000
    @Option(help: ArgumentHelp("Write SVG figures (selection and patients per dose by design, per scenario) to this folder.", valueName: "dir")) var figures: String?

    /// The designs and settings of a file, with every problem found (not only the first).
    /// Designs to simulate; nil stands for the nonparametric optimal benchmark.
    static func build(_ spec: SimulationSpec, file: String, unknownKeys: [String] = []) throws -> ([(String, (any EscalationDesign)?)], [(SimulationSpec.Scenario, SimulationSetting)]) {
        // A misspelt key would silently fall back to its default.
        var problems: [String] = unknownKeys.map { "unknown key " + $0 }
        let levels = spec.doses.count
        if levels == 0 { problems.append("doses: at least one dose label is needed") }
        let target = spec.target ?? 0.3
        if !(target > 0 && target < 1) { problems.append("target: \(target) is not a probability strictly between 0 and 1") }
        var doseValues = spec.doseValues
        if let v = doseValues, v.count != levels { problems.append("dose_values: \(v.count) values for \(levels) doses") ; doseValues = nil }
        if doseValues == nil { let parsed = spec.doses.compactMap { Double($0) }; if parsed.count == levels { doseValues = parsed } }
        var designs: [(String, (any EscalationDesign)?)] = []
        for (i, d) in spec.designs.enumerated() {
            let at = "designs[\(i + 1)] (\(d.design))"
            let t = d.target ?? target
            let weights = IsotonicWeights(rawValue: d.weights ?? "inverse-variance")
            if weights == nil { problems.append("\(at): weights \"\(d.weights!)\"; expected inverse-variance or patients") }
            // Numbers that must lie in a range, checked together so that every problem is reported.
            func check(_ name: String, _ value: Double?, _ ok: (Double) -> Bool, _ expected: String) {
                if let v = value, !ok(v) { problems.append("\(at): \(name) \(formatNumber(v)); expected \(expected)") }
            }
            check("target", d.target, { $0 > 0 && $0 < 1 }, "a probability strictly between 0 and 1")
            check("cutoff", d.cutoff, { $0 > 0 && $0 < 1 }, "a probability strictly between 0 and 1")
            check("margin", d.margin, { $0 > 0 && $0 < t && t + $0 < 1 }, "a positive half-width that keeps the target key inside 0 to 1")
            check("early_stop", d.earlyStop.map(Double.init), { $0 >= 1 }, "at least 1 patient")
            check("prior_variance", d.priorVariance, { $0 > 0 }, "a positive variance")
            check("reference_dose", d.referenceDose, { $0 > 0 }, "a positive dose")
            check("correlation", d.correlation, { $0 > -1 && $0 < 1 }, "a correlation strictly between −1 and 1")
            check("overdose_limit", d.overdoseLimit, { $0 > 0 && $0 < 1 }, "a probability strictly between 0 and 1")
            check("escalation_cap", d.escalationCap, { $0 >= 1 }, "a multiple of at least 1")
            check("panels", d.panels.map(Double.init), { $0 >= 2 && $0 <= 64 }, "2 to 64 panels")
            if let iv = d.intervals, iv.count == 2, !(iv[0] > 0 && iv[1] < 1) { problems.append("\(at): intervals must lie strictly between 0 and 1") }
            switch d.design.lowercased() {
            case "3+3":
                guard let v = ThreePlusThree.Variant(rawValue: (d.variant ?? "A").uppercased()) else { problems.append("\(at): variant \"\(d.variant!)\"; expected A, B or C"); continue }
                designs.append((d.label ?? "3+3 (\(v.rawValue))", ThreePlusThree(variant: v)))
            case "boin":
                var b = BOIN(target: t, eliminationCutoff: d.cutoff ?? 0.95, extraSafe: d.extraSafe ?? false, earlyStopAt: d.earlyStop)
                b.selectionWeights = weights ?? .inverseVariance
                b.titration = d.titration ?? false
                designs.append((d.label ?? "BOIN", b))
            case "keyboard", "mtpi-2", "mtpi2":
                let isKeyboard = d.design.lowercased() == "keyboard"
                let m = d.margin ?? 0.05
                var k = Keyboard(target: t, epsilon1: m, epsilon2: m, eliminationCutoff: d.cutoff ?? 0.95, label: isKeyboard ? "Keyboard" : "mTPI-2")
                k.selectionWeights = weights ?? .inverseVariance
                designs.append((d.label ?? k.label, k))
            case "crm":
                guard let s = d.skeleton, s.count == levels, s.allSatisfy({ $0 > 0 && $0 < 1 }), zip(s, s.dropFirst()).allSatisfy({ $0 < $1 }) else {
                    problems.append("\(at): skeleton must give one increasing probability (0 to 1) per dose, \(levels) values"); continue
                }
                let model: CRM.Model
                switch (d.model ?? "empiric").lowercased() {
                case "empiric": model = .empiric
                case "logistic": model = .logistic
                default: problems.append("\(at): model \"\(d.model!)\"; expected empiric or logistic"); continue
                }
                if let stop = d.safetyStop, !(stop > 0 && stop < 1) { problems.append("\(at): safety_stop \(stop); expected a probability between 0 and 1"); continue }
                designs.append((d.label ?? "CRM (\(model.rawValue))", CRM(target: t, skeleton: s, model: model, sigma: (d.priorVariance ?? 1.34).squareRoot(), safetyThreshold: d.safetyStop)))
            case "blrm":
                guard let values = doseValues, values.allSatisfy({ $0 > 0 }), zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }) else {
                    problems.append("\(at): BLRM needs numeric increasing positive doses (dose labels that are numbers, or dose_values)"); continue
                }
                let mean = d.priorMean ?? [0, 0], sd = d.priorSD ?? [2, 1], iv = d.intervals ?? [0.16, 0.33]
                guard mean.count == 2, sd.count == 2, iv.count == 2, sd.allSatisfy({ $0 > 0 }), iv[0] < iv[1] else {
                    problems.append("\(at): prior_mean, prior_sd and intervals take two numbers each (sd > 0, intervals increasing)"); continue
                }
                designs.append((d.label ?? "BLRM", BLRM(doses: values, referenceDose: d.referenceDose ?? values[values.count / 2], priorMean: (mean[0], mean[1]),
                                                       priorSD: (sd[0], sd[1]), correlation: d.correlation ?? 0, intervals: (iv[0], iv[1]),
                                                       overdoseLimit: d.overdoseLimit ?? 0.25, escalationCap: d.escalationCap ?? 2, panels: d.panels ?? 16)))
            case "benchmark":
                designs.append((d.label ?? "benchmark (complete information)", nil))
            case "table":
                guard let path = d.decisionTable else { problems.append("\(at): decision_table: the path of a CSV of treated,dlts,decision is needed"); continue }
                let full = path.hasPrefix("/") ? path : (URL(fileURLWithPath: file).deletingLastPathComponent().path + "/" + path)
                guard let text = try? String(contentsOfFile: full, encoding: .utf8) else { problems.append("\(at): decision_table \(full) cannot be read"); continue }
                do { designs.append((d.label ?? "decision table", try TableDesign.parse(csv: text, target: t))) } catch { problems.append("\(at): \(full): \(error)") }
            default:
                problems.append("\(at): unknown design; designs: 3+3, boin, keyboard, mtpi-2, crm, blrm, table, benchmark")
            }
        }
        var onset = DLTOnset.uniform, pending = PendingRule.wait
        if let o = spec.timing?.onset { if let v = DLTOnset(rawValue: o) { onset = v } else { problems.append("timing.onset \"\(o)\"; expected uniform, early or late") } }
        if let p = spec.timing?.pending { if let v = PendingRule(rawValue: p) { pending = v } else { problems.append("timing.pending \"\(p)\"; expected wait or tite") } }
        let timing = spec.timing.map {
            TrialTiming(accrualPerMonth: $0.accrualPerMonth ?? spec.accrualPerMonth ?? 4, windowDays: $0.windowDays ?? Double(spec.windowDays ?? 28),
                        onset: onset, pending: pending, maxPendingFraction: $0.maxPending ?? 0.5)
        }
        if let t = timing, !(t.accrualPerMonth > 0) || !(t.windowDays > 0) { problems.append("timing: accrual_per_month and window_days must be positive") }
        let start = spec.start ?? 1
        if levels > 0 && !(1...levels).contains(start) { problems.append("start: level \(start); expected 1 to \(levels)") }
        if let c = spec.cohortSize, c < 1 { problems.append("cohort_size: \(c); expected at least 1") }
        if let m = spec.maxPatients, m < 1 { problems.append("max_patients: \(m); expected at least 1") }
        if let n = spec.trials, n < 1 { problems.append("trials: \(n); expected at least 1") }
        if let c = spec.perDoseCap, c < 1 { problems.append("per_dose_cap: \(c); expected at least 1") }
        if let o = spec.overdoseAbove, !(o > 0 && o < 1) { problems.append("overdose_above: \(formatNumber(o)); expected a probability strictly between 0 and 1") }
        if let b = spec.backfill, (b.maxPerDose ?? 12) < 0 || (b.maxTotal ?? 24) < 0 { problems.append("backfill: max_per_dose and max_total must be 0 or more") }
        if let e = spec.expansion, e.size < 0 { problems.append("expansion: size \(e.size); expected 0 or more") }
        if let m = spec.timing?.maxPending, !(m >= 0 && m <= 1) { problems.append("timing.max_pending: \(formatNumber(m)); expected a share from 0 to 1") }
        var settings: [(SimulationSpec.Scenario, SimulationSetting)] = []
        for s in spec.scenarios {
            if s.truth.count != levels || !s.truth.allSatisfy({ $0 >= 0 && $0 <= 1 }) {
                problems.append("scenario \(s.name): truth needs one true DLT probability (0 to 1) per dose, \(levels) values; got \(s.truth.count)")
            }
            if let r = s.response, r.count != levels || !r.allSatisfy({ $0 >= 0 && $0 <= 1 }) {
                problems.append("scenario \(s.name): response needs one true response probability (0 to 1) per dose, \(levels) values")
            }
            settings.append((s, SimulationSetting(truth: s.truth, cohortSize: spec.cohortSize ?? 3, maxPatients: spec.maxPatients ?? 36, start: start - 1,
                                                   perDoseCap: spec.perDoseCap, target: target, windowDays: spec.windowDays ?? 21,
                                                   accrualPerMonth: spec.accrualPerMonth ?? 4, timing: timing,
                                                   backfill: spec.backfill.map { Backfill(maxPerDose: $0.maxPerDose ?? 12, maxTotal: $0.maxTotal ?? 24) },
                                                   expansion: spec.expansion.map { Expansion(size: $0.size) }, responseTruth: s.response, overdoseAbove: spec.overdoseAbove)))
        }
        // Sensitivity: every combination of the varied settings, for every scenario.
        if let vary = spec.vary, !vary.isEmpty {
            let allowed = ["cohort_size", "max_patients", "start", "per_dose_cap"]
            for key in vary.keys.sorted() where !allowed.contains(key) {
                problems.append("vary: \(key) cannot vary; expected one of \(allowed.joined(separator: ", "))")
            }
            for (key, values) in vary where values.isEmpty || values.contains(where: { $0 < 1 }) || (key == "start" && values.contains { $0 > levels }) {
                problems.append("vary: \(key) needs values of at least 1\(key == "start" ? " and at most \(levels)" : "")")
            }
            var combinations: [[(String, Int)]] = [[]]
            for key in allowed { if let values = vary[key] { combinations = combinations.flatMap { c in values.map { c + [(key, $0)] } } } }
            var varied: [(SimulationSpec.Scenario, SimulationSetting)] = []
            for (scenario, base) in settings {
                for combination in combinations {
                    var setting = base
                    var named = scenario
                    for (key, value) in combination {
                        switch key {
                        case "cohort_size": setting.cohortSize = value
                        case "max_patients": setting.maxPatients = value
                        case "start": setting.start = value - 1
                        default: setting.perDoseCap = value
                        }
                    }
                    named.name += " · " + combination.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
                    varied.append((named, setting))
                }
            }
            settings = varied
        }
        if designs.contains(where: { $0.1 is ThreePlusThree }), let size = settings.map({ $0.1.cohortSize }).first(where: { $0 != 3 }) {
            problems.append("3+3 treats cohorts of 3; cohort_size \(size) is given (simulate 3+3 separately, or vary the cohort size for the other designs only)")
        }
        if spec.scenarios.isEmpty { problems.append("scenarios: at least one scenario is needed") }
        if spec.designs.isEmpty { problems.append("designs: at least one design is needed") }
        if !problems.isEmpty {
            throw ValidationError("\(file): \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n" + problems.map { "  - " + $0 }.joined(separator: "\n"))
        }
        return (designs, settings)
    }

    func validate() throws {
        guard ["text", "markdown", "csv", "html", "json"].contains(format) else {
            throw ValidationError("--format \(format): expected text, markdown, csv, html or json")
        }
        if let t = threads, t < 1 { throw ValidationError("--threads \(t): expected at least 1") }
        if let t = trials, t < 1 { throw ValidationError("--trials \(t): expected at least 1") }
    }

    func run() throws {
        let output = try results()
        if let dir = figures { try SimulationReport.writeFigures(output, to: dir) }
        print(SimulationReport.render(output, format: format), terminator: "")
    }

    /// The merged shards, or the file's scenarios and designs simulated (or enumerated).
    func results() throws -> SimulationOutput {
        var output: SimulationOutput
        if merge {
            var merged: SimulationOutput? = nil
            for f in files {
                let part = try JSONDecoder().decode(SimulationOutput.self, from: Data(contentsOf: URL(fileURLWithPath: f)))
                if merged == nil { merged = part; continue }
                guard merged!.merge(part) else {
                    throw ValidationError("\(f) is not a shard of the same simulation (seed, scenarios and designs must match)")
                }
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
            let (designs, settings) = try Self.build(spec, file: files[0], unknownKeys: SpecKeys.unknown(yaml: text, decoded: spec, vocabulary: SimulationSpec.vocabulary))
            let trials = self.trials ?? spec.trials ?? 10_000
            if exact && shard != nil { throw ValidationError("--exact enumerates every trial: there is nothing to shard") }
            var range = 0..<trials
            if let sh = shard {
                let parts = sh.split(separator: "/").compactMap { Int($0) }
                guard parts.count == 2, parts[1] >= 1, parts[0] >= 1, parts[0] <= parts[1] else { throw ValidationError("--shard takes i/n with 1 ≤ i ≤ n") }
                range = (trials * (parts[0] - 1) / parts[1])..<(trials * parts[0] / parts[1])
            }
            let seed = self.seed ?? spec.seed ?? 1
            output = SimulationOutput(seed: seed, trials: range.count, doses: spec.doses, results: [],
                                      designs: designs.map { d in
                                          d.1.map { .init(label: d.0, name: $0.name, parameters: $0.parameters.map { [$0.0, $0.1] }) }
                                              ?? .init(label: d.0, name: "nonparametric optimal benchmark", parameters: [["patients", "max_patients, each with every dose's outcome known"], ["selection", "the dose whose observed DLT rate is closest to the target"]])
                                      }, target: spec.target ?? 0.3, exact: exact ? true : nil)
            let started = Date()
            for (k, (scenario, setting)) in settings.enumerated() {
                for (label, design) in designs {
                    let scenarioSeed = seed &+ UInt64(k) &* 1_000_003
                    let step = output.results.count + 1, steps = settings.count * designs.count, total = range.count
                    let name = scenario.name
                    var report: (@Sendable (Int) -> Void)? = nil
                    if !quiet {
                        report = { @Sendable (done: Int) in
                            let percent = Double(done) / Double(max(1, total)) * 100, seconds = Date().timeIntervalSince(started)
                            let line = "\r\(step)/\(steps) \(name) · \(label): " + String(format: "%3.0f%% (%.1f s)   ", percent, seconds)
                            FileHandle.standardError.write(Data(line.utf8))
                        }
                    }
                    let oc: OperatingCharacteristics
                    if exact, let design {
                        if !quiet { FileHandle.standardError.write(Data("\r\(step)/\(steps) \(name) · \(label): enumerating (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)   ".utf8)) }
                        do { oc = ExactCharacteristics.asOperatingCharacteristics(try ExactCharacteristics.compute(design: design, setting: setting, maxStates: maxStates), setting: setting) }
                        catch { throw ValidationError("\(files[0]): \(label), \(scenario.name): \(error)") }
                    } else {
                        oc = design.map { Simulator.run(design: $0, setting: setting, seed: scenarioSeed, trials: range, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, progress: report) }
                            ?? OptimalBenchmark.run(setting: setting, seed: scenarioSeed, trials: range)
                    }
                    output.results.append(.init(scenario: scenario.name, design: label, trueMTD: setting.trueMTD, oc: oc, truth: setting.truth, benchmark: design == nil ? true : nil))

                }
            }
            if !quiet { FileHandle.standardError.write(Data("\n".utf8)) }
        }
        return output
    }

}

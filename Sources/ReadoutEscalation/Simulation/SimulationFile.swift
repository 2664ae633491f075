import Foundation
import ReadoutCore
import ReadoutData
import Yams

/// The simulation file (docs/simulation.md), as its YAML is written: the keys and their values
/// before any check. `SimulationFile.load(path:)` reads and checks it into a `SimulationPlan`.
public struct SimulationFile: Codable, Sendable {
    /// One entry of `designs:`.
    public struct DesignEntry: Codable, Sendable {
        public var design: String
        public var label: String?
        public var target: Double?
        public var variant: String?
        public var cutoff: Double?
        var earlyStop: Int?
        var extraSafe: Bool?
        var titration: Bool?
        public var weights: String?
        public var decisionTable: String?
        public var margin: Double?
        public var skeleton: [Double]?
        public var halfWidth: Double?
        public var priorMTD: Int?
        public var model: String?
        public var priorVariance: Double?
        public var safetyStop: Double?
        public var referenceDose: Double?
        public var priorMean: [Double]?
        public var priorSD: [Double]?
        var correlation: Double?
        public var intervals: [Double]?
        var overdoseLimit: Double?
        var escalationCap: Double?
        public var panels: Int?
        enum CodingKeys: String, CodingKey {
            case design, label, target, variant, cutoff, weights, margin, skeleton, model, correlation, intervals,
                panels
            case titration
            case decisionTable = "decision_table"
            case earlyStop = "early_stop"
            case extraSafe = "extra_safe"
            case priorVariance = "prior_variance"
            case safetyStop = "safety_stop"
            case referenceDose = "reference_dose"
            case priorMean = "prior_mean"
            case priorSD = "prior_sd"
            case overdoseLimit = "overdose_limit"
            case escalationCap = "escalation_cap"
            case halfWidth = "half_width"
            case priorMTD = "prior_mtd"
        }
    }
    /// One entry of `scenarios:`: the true DLT (and optionally response) probability per dose.
    public struct Scenario: Codable, Sendable {
        public var name: String
        public var truth: [Double]
        public var response: [Double]?
    }
    /// The `timing:` block: trials over time.
    public struct TimingEntry: Codable, Sendable {
        var accrualPerMonth: Double?
        public var windowDays: Double?
        public var onset: String?
        var pending: String?
        var maxPending: Double?
        enum CodingKeys: String, CodingKey {
            case onset, pending
            case accrualPerMonth = "accrual_per_month"
            case windowDays = "window_days"
            case maxPending = "max_pending"
        }
    }
    /// The `backfill:` block.
    public struct BackfillEntry: Codable, Sendable {
        var maxPerDose: Int?
        public var maxTotal: Int?
        enum CodingKeys: String, CodingKey {
            case maxPerDose = "max_per_dose"
            case maxTotal = "max_total"
        }
    }
    /// The `expansion:` block.
    public struct ExpansionEntry: Codable, Sendable { public var size: Int }

    /// Every key of the file, for suggestions when a key is unknown.
    public static let vocabulary = [
        "designs", "doses", "dose_values", "scenarios", "cohort_size", "max_patients", "start", "per_dose_cap",
        "trials",
        "seed", "target", "window_days", "accrual_per_month", "timing", "backfill", "expansion", "overdose_above",
        "design", "label", "variant", "cutoff", "early_stop", "extra_safe", "titration", "weights", "decision_table",
        "margin", "skeleton", "half_width", "prior_mtd", "model", "prior_variance", "safety_stop", "reference_dose",
        "prior_mean", "prior_sd", "correlation", "intervals", "overdose_limit", "escalation_cap", "panels", "name",
        "truth", "response", "onset", "pending", "max_pending", "max_per_dose", "max_total", "size", "vary",
        "scenario_grids", "family", "slopes", "count", "width",
    ]
    /// The settings `vary:` may cross with every scenario.
    public static let varyingSettings = ["cohort_size", "max_patients", "start", "per_dose_cap"]

    public var designs: [DesignEntry]
    public var doses: [String]
    public var doseValues: [Double]?
    public var scenarios: [Scenario]?
    /// Families of scenarios, generated (docs/simulation.md, "Scenario grids").
    public var scenarioGrids: [GridEntry]?
    public var cohortSize: Int?
    public var maxPatients: Int?
    public var start: Int?
    var perDoseCap: Int?
    public var trials: Int?
    public var seed: UInt64?
    public var target: Double?
    public var windowDays: Int?
    var accrualPerMonth: Double?
    public var timing: TimingEntry?
    public var backfill: BackfillEntry?
    public var expansion: ExpansionEntry?
    var overdoseAbove: Double?
    /// Sensitivity: settings to cross with every scenario (cohort_size, max_patients, start, per_dose_cap).
    public var vary: [String: [Int]]?
    enum CodingKeys: String, CodingKey {
        case designs, doses, scenarios, trials, seed, target, start, timing, backfill, expansion, vary
        case doseValues = "dose_values"
        case cohortSize = "cohort_size"
        case maxPatients = "max_patients"
        case perDoseCap = "per_dose_cap"
        case windowDays = "window_days"
        case accrualPerMonth = "accrual_per_month"
        case overdoseAbove = "overdose_above"
        case scenarioGrids = "scenario_grids"
    }
}

/// A checked simulation file: the designs to compare, each scenario with its setting, and the
/// file's own trial count and seed.
public struct SimulationPlan: Sendable {
    /// One design: its label and what it builds.
    public struct PlannedDesign: Sendable {
        public var label: String
        public var built: BuiltDesign
    }
    /// One scenario (after `vary:`), with the setting it is simulated in.
    public struct PlannedScenario: Sendable {
        public var name: String
        public var setting: SimulationSetting
    }
    public var designs: [PlannedDesign]
    public var scenarios: [PlannedScenario]
    public var doses: [String]
    public var target: Double
    /// Trials per scenario and design (default 10,000).
    public var trials: Int
    /// The seed (default 1).
    public var seed: UInt64
    /// The SHA-256 of the file's text, recorded in every output (shards of one file merge).
    public var fileSHA256: String? = nil

    /// The seed of scenario `index` (0-based): trial `t` of every design in that scenario then
    /// draws from `Simulator.stream(seed, t)`, so designs meet the same patients (docs/simulation.md).
    public static func scenarioSeed(_ seed: UInt64, scenario index: Int) -> UInt64 {
        seed &+ UInt64(index) &* 1_000_003
    }
}

extension SimulationFile {
    /// Reads and checks a simulation file. Every problem of the file is reported at once, in one
    /// `ReadoutError`: unknown keys, values out of range, designs that cannot be built.
    public static func load(path: String) throws -> SimulationPlan {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ReadoutError(
                file: path, code: "file-unreadable", "cannot read the simulation file",
                expected: "a readable YAML file")
        }
        return try parse(yaml: text, file: path)
    }

    /// Checks the YAML text of a simulation file; `file` locates problems and relative paths.
    public static func parse(yaml text: String, file: String) throws -> SimulationPlan {
        let spec: SimulationFile
        do { spec = try YAMLDecoder().decode(SimulationFile.self, from: text) } catch {
            throw ReadoutError(
                file: file, code: "simulation-file", "not a simulation file: \(error)",
                expected: "the YAML of docs/simulation.md")
        }
        let unknown = SpecKeys.unknown(yaml: text, decoded: spec, vocabulary: vocabulary)
        var plan = try spec.plan(file: file, unknownKeys: unknown)
        plan.fileSHA256 = SHA256.hex(Array(text.utf8))
        return plan
    }

    /// The designs and settings of the file, with every problem found (not only the first).
    public func plan(file: String, unknownKeys: [String] = []) throws -> SimulationPlan {
        var problems: [Problem] = []
        func problem(_ key: String, _ message: String, value: String? = nil, expected: String? = nil) {
            problems.append(
                Problem(
                    .error, "simulation-file", file: file, variable: key, value: value, expected: expected,
                    message: message))
        }
        // A misspelt key would silently fall back to its default.
        for key in unknownKeys { problem(key, "unknown key", expected: "a key of docs/simulation.md") }
        let levels = doses.count
        if levels == 0 { problem("doses", "at least one dose label is needed") }
        let target = self.target ?? DesignDescription.defaultTarget
        if !(target > 0 && target < 1) {
            problem(
                "target", "out of range", value: formatNumber(target),
                expected: "a probability strictly between 0 and 1")
        }
        var values = doseValues
        if let v = values, v.count != levels {
            problem(
                "dose_values", "one value per dose is needed", value: "\(v.count) values", expected: "\(levels) values")
            values = nil
        }
        if values == nil {
            let parsed = doses.compactMap { Double($0) }
            if parsed.count == levels { values = parsed }
        }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        var planned: [SimulationPlan.PlannedDesign] = []
        for (i, entry) in designs.enumerated() {
            guard let description = entry.description(place: "designs[\(i + 1)]", file: file, problems: &problems)
            else { continue }
            if let built = description.build(
                levels: levels, doseValues: values, targetFallback: target, file: file,
                place: "designs[\(i + 1)]", baseFolder: folder, problems: &problems)
            {
                planned.append(.init(label: description.defaultLabel(built), built: built))
            }
        }
        var all = scenarios ?? []
        for (i, grid) in (scenarioGrids ?? []).enumerated() {
            all += Self.scenarios(
                of: grid, place: "scenario_grids[\(i + 1)]", levels: levels, target: target, fileSeed: seed ?? 1,
                problem: problem)
        }
        let settings = self.settings(all, levels: levels, target: target, problem: problem)
        let scenarios = varied(settings, levels: levels, problem: problem)
        if planned.contains(where: { $0.built.design is ThreePlusThree }),
            let size = scenarios.map(\.setting.cohortSize).first(where: { $0 != 3 })
        {
            problem(
                "cohort_size", "3+3 treats cohorts of 3", value: String(size),
                expected: "3, or 3+3 simulated separately (or the cohort size varied for the other designs only)")
        }
        if all.isEmpty { problem("scenarios", "at least one scenario (or scenario grid) is needed") }
        if designs.isEmpty { problem("designs", "at least one design is needed") }
        if let n = trials, n < 1 { problem("trials", "out of range", value: String(n), expected: "at least 1") }
        if !problems.isEmpty { throw ReadoutError(problems: problems) }
        return SimulationPlan(
            designs: planned, scenarios: scenarios, doses: doses, target: target,
            trials: trials ?? 10_000, seed: seed ?? 1)
    }

    /// Each scenario with the file's setting, before `vary:`.
    private func settings(
        _ scenarios: [Scenario], levels: Int, target: Double,
        problem: (String, String, String?, String?) -> Void
    ) -> [SimulationPlan.PlannedScenario] {
        var onset = DLTOnset.uniform
        var pending = PendingRule.wait
        if let o = timing?.onset {
            if let v = DLTOnset(rawValue: o) {
                onset = v
            } else {
                problem("timing.onset", "unknown onset", o, "uniform, early or late")
            }
        }
        if let p = timing?.pending {
            if let v = PendingRule(rawValue: p) {
                pending = v
            } else {
                problem("timing.pending", "unknown rule", p, "wait or tite")
            }
        }
        let timing = self.timing.map {
            TrialTiming(
                accrualPerMonth: $0.accrualPerMonth ?? accrualPerMonth ?? 4,
                windowDays: $0.windowDays ?? Double(windowDays ?? 28),
                onset: onset, pending: pending, maxPendingFraction: $0.maxPending ?? 0.5)
        }
        if let t = timing, !(t.accrualPerMonth > 0) || !(t.windowDays > 0) {
            problem("timing", "accrual_per_month and window_days must be positive", nil, "positive numbers")
        }
        let start = self.start ?? 1
        if levels > 0 && !(1...levels).contains(start) {
            problem("start", "no such level", String(start), "1 to \(levels)")
        }
        for (key, value) in [("cohort_size", cohortSize), ("max_patients", maxPatients), ("per_dose_cap", perDoseCap)] {
            if let v = value, v < 1 { problem(key, "out of range", String(v), "at least 1") }
        }
        if let o = overdoseAbove, !(o > 0 && o < 1) {
            problem("overdose_above", "out of range", formatNumber(o), "a probability strictly between 0 and 1")
        }
        if let b = backfill, (b.maxPerDose ?? 12) < 0 || (b.maxTotal ?? 24) < 0 {
            problem("backfill", "max_per_dose and max_total must be 0 or more", nil, "0 or more")
        }
        if let e = expansion, e.size < 0 { problem("expansion.size", "out of range", String(e.size), "0 or more") }
        if let m = self.timing?.maxPending, !(m >= 0 && m <= 1) {
            problem("timing.max_pending", "out of range", formatNumber(m), "a share from 0 to 1")
        }
        return scenarios.map { s in
            if s.truth.count != levels || !s.truth.allSatisfy({ $0 >= 0 && $0 <= 1 }) {
                problem(
                    "scenario \(s.name) truth", "one true DLT probability (0 to 1) per dose is needed",
                    s.truth.map(formatNumber).joined(separator: ", "), "\(levels) probabilities from 0 to 1")
            }
            if let r = s.response, r.count != levels || !r.allSatisfy({ $0 >= 0 && $0 <= 1 }) {
                problem(
                    "scenario \(s.name) response", "one true response probability (0 to 1) per dose is needed",
                    r.map(formatNumber).joined(separator: ", "), "\(levels) probabilities from 0 to 1")
            }
            let setting = SimulationSetting(
                truth: s.truth, cohortSize: cohortSize ?? 3, maxPatients: maxPatients ?? 36, start: start - 1,
                perDoseCap: perDoseCap, target: target, windowDays: windowDays ?? 21,
                accrualPerMonth: accrualPerMonth ?? 4,
                timing: timing,
                backfill: backfill.map { Backfill(maxPerDose: $0.maxPerDose ?? 12, maxTotal: $0.maxTotal ?? 24) },
                expansion: expansion.map { Expansion(size: $0.size) }, responseTruth: s.response,
                overdoseAbove: overdoseAbove)
            return .init(name: s.name, setting: setting)
        }
    }

    /// Sensitivity: every combination of the varied settings, for every scenario.
    private func varied(
        _ settings: [SimulationPlan.PlannedScenario], levels: Int,
        problem: (String, String, String?, String?) -> Void
    ) -> [SimulationPlan.PlannedScenario] {
        guard let vary, !vary.isEmpty else { return settings }
        let allowed = Self.varyingSettings
        for key in vary.keys.sorted() where !allowed.contains(key) {
            problem("vary", "this setting cannot vary", key, allowed.joined(separator: ", "))
        }
        for key in vary.keys.sorted() {
            let values = vary[key]!
            if values.isEmpty || values.contains(where: { $0 < 1 })
                || (key == "start" && values.contains { $0 > levels })
            {
                problem(
                    "vary.\(key)", "values out of range", values.map(String.init).joined(separator: ", "),
                    "values of at least 1" + (key == "start" ? " and at most \(levels)" : ""))
            }
        }
        var combinations: [[(String, Int)]] = [[]]
        for key in allowed {
            if let values = vary[key] { combinations = combinations.flatMap { c in values.map { c + [(key, $0)] } } }
        }
        return settings.flatMap { base in
            combinations.map { combination in
                var planned = base
                for (key, value) in combination {
                    switch key {
                    case "cohort_size": planned.setting.cohortSize = value
                    case "max_patients": planned.setting.maxPatients = value
                    case "start": planned.setting.start = value - 1
                    default: planned.setting.perDoseCap = value
                    }
                }
                planned.name += " · " + combination.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
                return planned
            }
        }
    }
}

extension SimulationFile.DesignEntry {
    /// The typed description of this entry; names that denote nothing are problems at `place`.
    func description(place: String, file: String, problems: inout [Problem]) -> DesignDescription? {
        func problem(_ key: String, _ value: String, _ expected: String) {
            problems.append(
                Problem(
                    .error, "simulation-file", file: file, variable: "\(place) \(key)", value: value,
                    expected: expected, message: "unknown \(key)"))
        }
        guard let kind = DesignKind(name: design) else {
            problem("design", design, DesignKind.allCases.map(\.rawValue).joined(separator: ", "))
            return nil
        }
        var d = DesignDescription(kind: kind)
        d.label = label
        d.target = target
        if let v = variant {
            guard let parsed = ThreePlusThree.Variant(rawValue: v.uppercased()) else {
                problem("variant", v, "A, B or C")
                return nil
            }
            d.variant = parsed
        }
        if let m = model {
            guard let parsed = CRM.Model(rawValue: m.lowercased()) else {
                problem("model", m, "empiric or logistic")
                return nil
            }
            d.model = parsed
        }
        if let w = weights {
            guard let parsed = IsotonicWeights(rawValue: w) else {
                problem("weights", w, "inverse-variance or patients")
                return nil
            }
            d.selectionWeights = parsed
        }
        d.eliminationCutoff = cutoff
        d.earlyStop = earlyStop
        d.extraSafe = extraSafe
        d.titration = titration
        d.decisionTable = decisionTable
        d.margin = margin
        d.skeleton = skeleton
        d.halfWidth = halfWidth
        d.priorMTD = priorMTD
        d.priorVariance = priorVariance
        d.safetyStop = safetyStop
        d.referenceDose = referenceDose
        d.priorMean = priorMean
        d.priorSD = priorSD
        d.correlation = correlation
        d.intervals = intervals
        d.overdoseLimit = overdoseLimit
        d.escalationCap = escalationCap
        // Simulations run thousands of BLRM trials: 16 panels per axis (docs/simulation.md).
        d.panels = panels ?? 16
        return d
    }
}

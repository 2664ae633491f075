import Foundation
import ReadoutCore
import ReadoutData
import Yams

/// A number of patients, or `off` (no such rule).
public enum PatientsOrOff: Codable, Sendable, Equatable {
    case patients(Int)
    case off

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int.self) {
            self = .patients(n)
        } else if let s = try? c.decode(String.self), s.lowercased() == "off" {
            self = .off
        } else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a number of patients or off")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .patients(let n): try c.encode(n)
        case .off: try c.encode("off")
        }
    }

    var value: Int? {
        if case .patients(let n) = self { return n }
        return nil
    }
}

/// A phase I/II simulation file (docs/optimal-dose.md, "Simulation file"): an `optimal-dose:` block
/// with the design, and scenarios with each dose's true toxicity and efficacy probabilities.
public struct OptimalDoseFile: Codable, Sendable {
    public struct Block: Codable, Sendable {
        public var design: String
        public var toxicityTarget: Double
        public var efficacyLowest: Double
        public var cohorts: Int
        public var cohortSize: Int?
        public var start: Int?
        public var earlyStop: PatientsOrOff?
        public var safetyThreshold: Int?
        public var exploration: PatientsOrOff?
        public var toxicityCutoff: Double?
        public var efficacyCutoff: Double?
        public var utilities: OutcomeUtilities?
        enum CodingKeys: String, CodingKey {
            case design, cohorts, start, exploration, utilities
            case toxicityTarget = "toxicity_target"
            case efficacyLowest = "efficacy_lowest"
            case cohortSize = "cohort_size"
            case earlyStop = "early_stop"
            case safetyThreshold = "safety_threshold"
            case toxicityCutoff = "toxicity_cutoff"
            case efficacyCutoff = "efficacy_cutoff"
        }
    }
    public struct Scenario: Codable, Sendable {
        public var name: String
        public var toxicity: [Double]
        public var efficacy: [Double]
        public var correlation: Double?
    }
    public var optimalDose: Block
    public var scenarios: [Scenario]
    public var trials: Int?
    public var seed: UInt64?

    enum CodingKeys: String, CodingKey {
        case scenarios, trials, seed
        case optimalDose = "optimal-dose"
    }

    static let vocabulary = [
        "optimal-dose", "design", "toxicity_target", "efficacy_lowest", "cohorts", "cohort_size", "start", "early_stop",
        "safety_threshold", "exploration", "toxicity_cutoff", "efficacy_cutoff", "utilities",
        "efficacy_without_toxicity",
        "neither", "both", "toxicity_without_efficacy", "scenarios", "name", "toxicity", "efficacy", "correlation",
        "trials", "seed",
    ]

    /// Whether the YAML text is a phase I/II file (it has a top-level `optimal-dose:` key).
    public static func isOptimalDose(yaml text: String) -> Bool {
        (try? Yams.compose(yaml: text))?.flatMap { $0.mapping?["optimal-dose"] } != nil
    }

    /// The checked plan, with every problem found.
    public static func parse(yaml text: String, file: String) throws -> OptimalDosePlan {
        let spec: OptimalDoseFile
        do { spec = try YAMLDecoder().decode(OptimalDoseFile.self, from: text) } catch {
            throw ReadoutError(
                file: file, code: "simulation-file", "not a phase I/II simulation file: \(error)",
                expected: "the YAML of docs/optimal-dose.md")
        }
        var problems: [Problem] = []
        func problem(_ key: String, _ message: String, value: String? = nil, expected: String? = nil) {
            problems.append(
                Problem(
                    .error, "simulation-file", file: file, variable: key, value: value, expected: expected,
                    message: message))
        }
        for key in SpecKeys.unknown(yaml: text, decoded: spec, vocabulary: vocabulary) {
            problem(key, "unknown key", expected: "a key of docs/optimal-dose.md")
        }
        let b = spec.optimalDose
        func probability(_ key: String, _ v: Double, _ range: ClosedRange<Double>) {
            if !range.contains(v) {
                problem(
                    "optimal-dose." + key, "out of range", value: formatNumber(v),
                    expected: "\(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound))")
            }
        }
        if b.design.lowercased() != "boin12" {
            problem("optimal-dose.design", "not a phase I/II design Readout knows", value: b.design, expected: "boin12")
        }
        probability("toxicity_target", b.toxicityTarget, 0.05...0.6)
        probability("efficacy_lowest", b.efficacyLowest, 0.01...0.95)
        probability("toxicity_cutoff", b.toxicityCutoff ?? 0.95, 0.5...0.999)
        probability("efficacy_cutoff", b.efficacyCutoff ?? 0.9, 0.5...0.999)
        if b.cohorts < 1 {
            problem("optimal-dose.cohorts", "too few", value: String(b.cohorts), expected: "at least 1")
        }
        let size = b.cohortSize ?? 3
        if size < 1 { problem("optimal-dose.cohort_size", "too small", value: String(size), expected: "at least 1") }
        for (key, v) in [("early_stop", b.earlyStop?.value), ("exploration", b.exploration?.value)] {
            if let v, v < 1 {
                problem("optimal-dose." + key, "too small", value: String(v), expected: "at least 1 or off")
            }
        }
        let safety = b.safetyThreshold ?? 6
        if safety < 0 {
            problem("optimal-dose.safety_threshold", "negative", value: String(safety), expected: "0 or more patients")
        }
        let utilities = b.utilities ?? OutcomeUtilities()
        for (key, v) in [
            ("efficacy_without_toxicity", utilities.efficacyWithoutToxicity), ("neither", utilities.neither),
            ("both", utilities.both), ("toxicity_without_efficacy", utilities.toxicityWithoutEfficacy),
        ] where !(0...100).contains(v) {
            problem("optimal-dose.utilities." + key, "out of range", value: formatNumber(v), expected: "0 to 100")
        }
        let trials = spec.trials ?? 10_000
        if !(1...10_000_000).contains(trials) {
            problem("trials", "out of range", value: String(trials), expected: "1 to 10,000,000")
        }
        if spec.scenarios.isEmpty { problem("scenarios", "at least one scenario is needed") }
        let levels = spec.scenarios.first?.toxicity.count ?? 0
        for (k, s) in spec.scenarios.enumerated() {
            let place = "scenarios[\(k + 1)]"
            if s.toxicity.isEmpty || s.toxicity.count != s.efficacy.count {
                problem(
                    place, "toxicity and efficacy need one probability per dose each", value: s.name,
                    expected: "two lists of the same length")
            } else if s.toxicity.count != levels {
                problem(
                    place + ".toxicity", "a different number of doses from the first scenario's",
                    value: String(s.toxicity.count), expected: String(levels))
            }
            for (key, values) in [("toxicity", s.toxicity), ("efficacy", s.efficacy)] {
                for (d, p) in values.enumerated() where !(p >= 0 && p <= 1) {
                    problem(place + "." + key, "not a probability at dose \(d + 1)", value: formatNumber(p))
                }
            }
            if let r = s.correlation, !(r > -1 && r < 1) {
                problem(place + ".correlation", "out of range", value: formatNumber(r), expected: "between −1 and 1")
            }
        }
        let start = b.start ?? 1
        if !(1...max(1, levels)).contains(start) {
            problem(
                "optimal-dose.start", "not a dose of the scenarios", value: String(start), expected: "1 to \(levels)")
        }
        if !problems.isEmpty { throw ReadoutError(problems: problems) }
        let design = BOIN12(
            toxicityTarget: b.toxicityTarget, efficacyLowest: b.efficacyLowest, utilities: utilities,
            toxicityCutoff: b.toxicityCutoff ?? 0.95, efficacyCutoff: b.efficacyCutoff ?? 0.9, safetyThreshold: safety,
            explorationThreshold: b.exploration.map { $0.value } ?? 9, earlyStopAt: b.earlyStop.map { $0.value } ?? 12,
            maxPatients: b.cohorts * size)
        return OptimalDosePlan(
            design: design,
            scenarios: spec.scenarios.map {
                OptimalDosePlan.Scenario(
                    name: $0.name, toxicity: $0.toxicity, efficacy: $0.efficacy, correlation: $0.correlation ?? 0)
            },
            cohorts: b.cohorts, cohortSize: size, start: start - 1, trials: trials, seed: spec.seed ?? 1,
            fileSHA256: SHA256.hex(Array(text.utf8)))
    }
}

/// A checked phase I/II simulation: the design and the scenarios to run it on.
public struct OptimalDosePlan: Sendable {
    public struct Scenario: Sendable {
        public var name: String
        public var toxicity: [Double]
        public var efficacy: [Double]
        public var correlation: Double
    }
    public var design: BOIN12
    public var scenarios: [Scenario]
    public var cohorts: Int
    public var cohortSize: Int
    public var start: Int
    public var trials: Int
    public var seed: UInt64
    public var fileSHA256: String

    /// Each scenario simulated with `trials` (default the file's) from `seed` (default the file's);
    /// scenario k uses the seed `SimulationPlan.scenarioSeed(seed, scenario: k)`.
    public func run(trials: Int? = nil, seed: UInt64? = nil, threads: Int) -> OptimalDoseOutput {
        let n = trials ?? self.trials
        let s = seed ?? self.seed
        let results = scenarios.enumerated().map { k, scenario in
            let setting = OptimalDoseSetting(
                toxicity: scenario.toxicity, efficacy: scenario.efficacy, correlation: scenario.correlation,
                cohorts: cohorts, cohortSize: cohortSize, start: start)
            return OptimalDoseOutput.Result(
                scenario: scenario, trueOBD: setting.trueOBD(design),
                trueUtility: setting.outcomes.map { design.utilities.expected($0) },
                oc: OptimalDoseSimulator.run(
                    design: design, setting: setting, seed: SimulationPlan.scenarioSeed(s, scenario: k), trials: n,
                    threads: threads))
        }
        return OptimalDoseOutput(
            design: design, cohorts: cohorts, cohortSize: cohortSize, start: start, trials: n, seed: s,
            fileSHA256: fileSHA256, results: results)
    }
}

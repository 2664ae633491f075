import Foundation
import ReadoutData
import ReadoutResponse
import Yams

/// The analysis spec: what a statistician writes once to get every number, table and sentence of
/// a readout. Schema and example: docs/analysis-spec.md.
public struct AnalysisSpec: Codable, Sendable {
    public var title: String
    /// The study folder, relative to the spec file.
    public var study: String
    /// Data cut-off, YYYY-MM-DD.
    public var cutoff: String
    public var responses: ResponseRules?
    public var ci: CI?
    public var followUp: FollowUp?
    public var rounding: Rounding?
    public var populations: [Population]?
    public var subgroups: [Subgroup]?
    /// Populations and subgroups (by name) that get a response table, in order.
    public var responseTables: [String]?
    public var baseline: SummaryTable?
    public var exposure: SummaryTable?
    public var narrative: Narrative?

    enum CodingKeys: String, CodingKey {
        case title, study, cutoff, responses, ci, rounding, populations, subgroups, baseline, exposure, narrative
        case followUp = "follow_up"
        case responseTables = "response_tables"
    }

    public struct ResponseRules: Codable, Sendable {
        public var evaluator: String?
        public var minimumSDDays: Int?
        public var confirmationDays: Int?
        public var confirmationMaxDays: Int?
        public var maxNEBetween: Int?
        public var strictRECIST: Bool?
        public var durableSDWeeks: Int?
        public var source: String?
        enum CodingKeys: String, CodingKey {
            case evaluator, source
            case minimumSDDays = "minimum_sd_days"
            case confirmationDays = "confirmation_days"
            case confirmationMaxDays = "confirmation_max_days"
            case maxNEBetween = "max_ne_between"
            case strictRECIST = "strict_recist"
            case durableSDWeeks = "durable_sd_weeks"
        }
    }

    public struct CI: Codable, Sendable {
        public var method: ProportionCI?
        public var level: Double?
    }

    public struct FollowUp: Codable, Sendable {
        /// `observation` (default: median of first dose to the earliest of cut-off, study end,
        /// death) or `reverse-km`.
        public var method: String?
        public var population: String?
    }

    public struct Rounding: Codable, Sendable {
        public var percentDecimals: Int?
        enum CodingKeys: String, CodingKey { case percentDecimals = "percent_decimals" }
    }

    public struct Population: Codable, Sendable {
        public var name: String
        public var label: String?
        public var `where`: String
    }

    public struct Subgroup: Codable, Sendable {
        public var name: String
        public var label: String?
        /// The population the subgroup is taken from.
        public var population: String
        public var `where`: String
    }

    public struct SummaryTable: Codable, Sendable {
        public var population: String
        public var rows: [SummaryRow]
    }

    /// A row: a count and percentage of subjects meeting `where`, or a statistic of `value`.
    public struct SummaryRow: Codable, Sendable {
        public var label: String
        public var `where`: String?
        public var value: String?
        /// For `value`: median (with range, the default), mean, or median-weeks-of-days etc.
        public var statistic: String?
        /// Restrict the denominator of this row to subjects meeting this condition.
        public var among: String?
    }

    public struct Narrative: Codable, Sendable {
        /// Population whose response results open the narrative.
        public var primary: String?
    }

    public static func load(path: String) throws -> AnalysisSpec {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ReadoutError(file: path, code: "spec-unreadable", "cannot read the analysis spec", expected: "a YAML file (docs/analysis-spec.md)")
        }
        let spec: AnalysisSpec
        do {
            spec = try YAMLDecoder().decode(AnalysisSpec.self, from: text)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ReadoutError(file: path, code: "spec-invalid", "the spec lacks \"\(key.stringValue)\"" + place(context.codingPath), expected: "the keys of docs/analysis-spec.md")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ReadoutError(file: path, code: "spec-invalid", "\(context.debugDescription)" + place(context.codingPath), expected: "the types of docs/analysis-spec.md")
        } catch let DecodingError.dataCorrupted(context) {
            throw ReadoutError(file: path, code: "spec-invalid", "\(context.debugDescription)" + place(context.codingPath), expected: "valid YAML following docs/analysis-spec.md")
        } catch {
            throw ReadoutError(file: path, code: "spec-invalid", "the spec is not valid YAML: \(error)", expected: "valid YAML following docs/analysis-spec.md")
        }
        // A misspelt key would silently fall back to its default: refuse it.
        let unknown = SpecKeys.unknown(yaml: text, decoded: spec, vocabulary: vocabulary)
        if !unknown.isEmpty {
            throw ReadoutError(file: path, code: "spec-unknown-key", "unknown key\(unknown.count == 1 ? "" : "s"): " + unknown.joined(separator: "; "),
                               expected: "the keys of docs/analysis-spec.md")
        }
        return spec
    }

    /// Every key the spec knows, for suggestions.
    static let vocabulary = ["title", "study", "cutoff", "responses", "ci", "follow_up", "rounding", "populations", "subgroups", "response_tables", "baseline",
                             "exposure", "narrative", "evaluator", "source", "minimum_sd_days", "confirmation_days", "confirmation_max_days", "max_ne_between",
                             "strict_recist", "durable_sd_weeks", "method", "level", "population", "percent_decimals", "name", "label", "where", "rows", "value",
                             "statistic", "among", "primary"]

    static func place(_ path: [CodingKey]) -> String {
        path.isEmpty ? "" : " (at " + path.map { $0.intValue.map { "item \($0 + 1)" } ?? $0.stringValue }.joined(separator: " → ") + ")"
    }

    public var responseOptions: ResponseOptions {
        var o = ResponseOptions()
        if let r = responses {
            if let v = r.evaluator { o.evaluator = v }
            if let v = r.minimumSDDays { o.minimumStableDays = v }
            if let v = r.confirmationDays { o.confirmationMinimumDays = v }
            o.confirmationMaximumDays = r.confirmationMaxDays
            if let v = r.maxNEBetween { o.maximumNEBetween = v }
            if let v = r.strictRECIST { o.strictRECISTConfirmation = v }
            if let v = r.durableSDWeeks { o.durableStableWeeks = v }
        }
        return o
    }

    /// The default populations (docs/analysis-spec.md), each overridable by name.
    public static let defaultPopulations: [Population] = [
        Population(name: "enrolled", label: "All enrolled patients", where: "true"),
        Population(name: "treated", label: "Treated patients (safety population)", where: "TRTFL == \"Y\""),
        Population(name: "evaluable", label: "Efficacy-evaluable patients", where: "TRTFL == \"Y\" and TLESBL >= 1"),
    ]

    public var allPopulations: [Population] {
        var out = Self.defaultPopulations
        for p in populations ?? [] {
            if let i = out.firstIndex(where: { $0.name == p.name }) { out[i] = p } else { out.append(p) }
        }
        return out
    }
}

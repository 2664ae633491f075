import Foundation
import ReadoutCore
import ReadoutData
import ReadoutFigures
import ReadoutResponse
import ReadoutStatistics
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
    /// How partial dates are completed (docs/study-data.md).
    public var imputation: Imputation?
    /// What counts as a dose (docs/study-data.md).
    public var dose: Dose?
    /// Which DS records end study treatment.
    public var treatmentEnd: TreatmentEnd?
    /// Which TR test codes are diameters and states.
    public var lesionMeasurements: LesionMeasurements?
    /// How many bars, lanes and lines a figure draws before it draws its summary form.
    public var figures: Figures?

    enum CodingKeys: String, CodingKey {
        case title, study, cutoff, responses, ci, rounding, populations, subgroups, baseline, exposure, narrative,
            imputation, dose, figures
        case treatmentEnd = "treatment_end"
        case lesionMeasurements = "lesion_measurements"
        case followUp = "follow_up"
        case responseTables = "response_tables"
    }

    /// The `responses:` block: the response rules (docs/response-rules.md), each defaulting to Readout's.
    public struct ResponseRules: Codable, Sendable {
        public var evaluator: String?
        var minimumSDDays: Int?
        public var confirmationDays: Int?
        public var confirmationMaxDays: Int?
        var maxNEBetween: Int?
        var strictRECIST: Bool?
        var durableSDWeeks: Int?
        public var source: ResponseSource?
        public var includeFirstDoseDay: Bool?
        public var noAssessmentMissing: Bool?
        var durationForUnconfirmed: Bool?
        public var stopAtNewTherapy: Bool?
        public var referenceDate: ReferenceDate?
        public var prAfterCR: PRAfterCR?
        var maxSDBetween: Int?
        public var sameDateOrder: SameDateOrder?
        public var pfsCensoring: PFSCensoring?
        public var readers: ReaderSelection?
        public var stopAtFirstPD: Bool?
        public var confirmAtNextAssessment: Bool?
        /// `admiralonco`: start from the options of admiralonco's template, then apply the others.
        public var preset: Preset?
        /// The response criteria (`recist-1.1` or `irecist`).
        public var criteria: ResponseCriteriaKind?
        /// iRECIST: whether an iUPD never confirmed ends PFS (`event`) or not (`censored`).
        public var unconfirmedProgression: UnconfirmedProgression?
        /// Only RS overall responses of this RSCAT count.
        public var category: String?
        /// Only RS overall responses of this RSMETHOD count.
        public var method: String?
        enum CodingKeys: String, CodingKey {
            case evaluator, source, readers, preset, criteria, category, method
            case unconfirmedProgression = "unconfirmed_progression"
            case includeFirstDoseDay = "include_first_dose_day"
            case noAssessmentMissing = "no_assessment_missing"
            case durationForUnconfirmed = "dor_unconfirmed"
            case stopAtNewTherapy = "stop_at_new_therapy"
            case referenceDate = "reference_date"
            case prAfterCR = "pr_after_cr"
            case maxSDBetween = "max_sd_between"
            case sameDateOrder = "same_date_order"
            case pfsCensoring = "pfs_censoring"
            case stopAtFirstPD = "stop_at_first_pd"
            case confirmAtNextAssessment = "confirm_at_next_assessment"
            case minimumSDDays = "minimum_sd_days"
            case confirmationDays = "confirmation_days"
            case confirmationMaxDays = "confirmation_max_days"
            case maxNEBetween = "max_ne_between"
            case strictRECIST = "strict_recist"
            case durableSDWeeks = "durable_sd_weeks"
        }
    }

    /// Where visit responses come from: RS as recorded, or computed from TU/TR by RECIST 1.1.
    public enum ResponseSource: String, Codable, Sendable { case recorded, computed }
    /// How median follow-up is estimated (docs/analysis-spec.md, "Follow-up").
    public enum FollowUpMethod: String, Codable, Sendable, CaseIterable {
        /// The median of the observed follow-up times.
        case observation
        /// Reverse Kaplan–Meier: deaths censored, the censored followed up as events.
        case reverseKM = "reverse-km"
    }
    /// `responses.preset`: the rules to start from before the block's other keys apply.
    public enum Preset: String, Codable, Sendable { case readout, admiralonco }

    /// The `imputation:` block: how partial dates are completed (docs/study-data.md).
    public struct Imputation: Codable, Sendable {
        public var start: ImputationRule?
        public var end: ImputationRule?
        public var capAtCutoff: Bool?
        enum CodingKeys: String, CodingKey {
            case start, end
            case capAtCutoff = "cap_at_cutoff"
        }
    }

    /// The `dose:` block: which EX records are doses.
    public struct Dose: Codable, Sendable {
        public var rule: DoseRule.Kind?
        public var minimum: Double?
        public var placebo: [String]?
    }

    /// The `treatment_end:` block: which disposition events end study treatment.
    public struct TreatmentEnd: Codable, Sendable {
        public var categories: [String]?
        public var milestones: [String]?
        public var subcategories: [String]?
        public var epochs: [String]?
        public var studyEndEndsTreatment: Bool?
        public var notEnding: [String]?
        enum CodingKeys: String, CodingKey {
            case categories, milestones, subcategories, epochs
            case studyEndEndsTreatment = "study_end_ends_treatment"
            case notEnding = "not_ending"
        }
    }

    /// The `lesion_measurements:` block: the TRTESTCD codes of each measurement.
    public struct LesionMeasurements: Codable, Sendable {
        public var longDiameter: [String]?
        public var shortAxis: [String]?
        public var state: [String]?
        enum CodingKeys: String, CodingKey {
            case state
            case longDiameter = "long_diameter"
            case shortAxis = "short_axis"
        }
    }

    /// The data rules the spec sets, every unset one at its documented default.
    public var dataRules: DataRules {
        var r = DataRules()
        if let i = imputation {
            if let v = i.start { r.imputation.start = v }
            if let v = i.end { r.imputation.end = v }
            if let v = i.capAtCutoff { r.imputation.capAtCutoff = v }
        }
        if let d = dose {
            if let v = d.rule { r.dose.kind = v }
            if let v = d.minimum { r.dose.minimum = v }
            if let v = d.placebo { r.dose.placeboTreatments = v }
        }
        if let t = treatmentEnd {
            if let v = t.categories { r.treatmentEnd.categories = v }
            if let v = t.milestones { r.treatmentEnd.milestones = v }
            if let v = t.subcategories { r.treatmentEnd.subcategories = v }
            if let v = t.epochs { r.treatmentEnd.epochs = v }
            if let v = t.studyEndEndsTreatment { r.treatmentEnd.studyEndEndsTreatment = v }
            if let v = t.notEnding { r.treatmentEnd.notEnding = v }
        }
        if let m = lesionMeasurements {
            if let v = m.longDiameter { r.measurements.longDiameter = v }
            if let v = m.shortAxis { r.measurements.shortAxis = v }
            if let v = m.state { r.measurements.state = v }
        }
        return r
    }

    /// The `ci:` block: the interval method and level of every proportion.
    public struct CI: Codable, Sendable {
        public var method: ProportionCI?
        public var level: Double?
    }

    /// The `follow_up:` block: how median follow-up is estimated, and in whom.
    public struct FollowUp: Codable, Sendable {
        /// `observation` (default: median of first dose to the earliest of cut-off, study end,
        /// death) or `reverse-km`.
        public var method: FollowUpMethod?
        public var population: String?
    }

    /// The `figures:` block (docs/figures.md, "Figures at scale").
    public struct Figures: Codable, Sendable {
        public var maxBars: Int?
        public var maxLanes: Int?
        public var maxLines: Int?
        enum CodingKeys: String, CodingKey {
            case maxBars = "max_bars"
            case maxLanes = "max_lanes"
            case maxLines = "max_lines"
        }
    }

    /// The figures' limits the spec gives, each defaulting to `FigureLimits`'s.
    public var figureLimits: FigureLimits {
        var l = FigureLimits()
        if let v = figures?.maxBars { l.maxBars = v }
        if let v = figures?.maxLanes { l.maxLanes = v }
        if let v = figures?.maxLines { l.maxLines = v }
        return l
    }

    /// The `rounding:` block.
    public struct Rounding: Codable, Sendable {
        public var percentDecimals: Int?
        enum CodingKeys: String, CodingKey { case percentDecimals = "percent_decimals" }
    }

    /// A population: its name, label and the expression its subjects meet.
    public struct Population: Codable, Sendable {
        public var name: String
        public var label: String?
        public var `where`: String
    }

    /// A subgroup of a population.
    public struct Subgroup: Codable, Sendable {
        public var name: String
        public var label: String?
        /// The population the subgroup is taken from.
        public var population: String
        public var `where`: String
    }

    /// A baseline or exposure table: its population and rows.
    public struct SummaryTable: Codable, Sendable {
        public var population: String
        public var rows: [SummaryRow]
    }

    /// A row: a count and percentage of subjects meeting `where`, or a statistic of `value`.
    public struct SummaryRow: Codable, Sendable {
        public var label: String
        public var `where`: String?
        public var value: String?
        /// Restrict the denominator of this row to subjects meeting this condition.
        public var among: String?
    }

    /// The `narrative:` block.
    public struct Narrative: Codable, Sendable {
        /// Population whose response results open the narrative.
        public var primary: String?
    }

    /// Reads and checks the spec at `path`; an unknown key, a wrong type or bad YAML is a `ReadoutError` located in the
    /// file.
    public static func load(path: String) throws -> AnalysisSpec {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ReadoutError(
                file: path, code: "spec-unreadable", "cannot read the analysis spec",
                expected: "a YAML file (docs/analysis-spec.md)")
        }
        let spec: AnalysisSpec
        do {
            spec = try YAMLDecoder().decode(AnalysisSpec.self, from: text)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ReadoutError(
                file: path, code: "spec-invalid", "the spec lacks \"\(key.stringValue)\"" + place(context.codingPath),
                expected: "the keys of docs/analysis-spec.md")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ReadoutError(
                file: path, code: "spec-invalid", "\(context.debugDescription)" + place(context.codingPath),
                expected: "the types of docs/analysis-spec.md")
        } catch let DecodingError.dataCorrupted(context) {
            throw ReadoutError(
                file: path, code: "spec-invalid", "\(context.debugDescription)" + place(context.codingPath),
                expected: "valid YAML following docs/analysis-spec.md")
        } catch {
            throw ReadoutError(
                file: path, code: "spec-invalid", "the spec is not valid YAML: \(error)",
                expected: "valid YAML following docs/analysis-spec.md")
        }
        // A misspelt key would silently fall back to its default: refuse it.
        let unknown = SpecKeys.unknown(yaml: text, decoded: spec, vocabulary: vocabulary)
        if !unknown.isEmpty {
            throw ReadoutError(
                file: path, code: "spec-unknown-key",
                "unknown key\(unknown.count == 1 ? "" : "s"): " + unknown.joined(separator: "; "),
                expected: "the keys of docs/analysis-spec.md")
        }
        if spec.responses?.source == .computed, let c = spec.responses?.criteria, c != .recist11 {
            throw ReadoutError(
                file: path, code: "spec-invalid",
                "responses: source: computed derives visit responses from lesions by RECIST 1.1, not \(c.rawValue)",
                expected: "source: recorded with criteria: \(c.rawValue), or criteria: recist-1.1")
        }
        let limits = [
            ("max_bars", spec.figures?.maxBars), ("max_lanes", spec.figures?.maxLanes),
            ("max_lines", spec.figures?.maxLines),
        ]
        let bad = limits.compactMap { key, v in v.flatMap { $0 < 10 ? "figures.\(key) \($0)" : nil } }
        if !bad.isEmpty {
            throw ReadoutError(
                file: path, code: "spec-invalid", "too small: " + bad.joined(separator: "; "),
                expected: "at least 10 bars, lanes or lines (docs/figures.md)")
        }
        return spec
    }

    /// Every key the spec knows, for suggestions.
    static let vocabulary = [
        "title", "study", "cutoff", "responses", "ci", "follow_up", "rounding", "populations", "subgroups",
        "response_tables", "baseline",
        "exposure", "narrative", "evaluator", "source", "minimum_sd_days", "confirmation_days", "confirmation_max_days",
        "max_ne_between",
        "strict_recist", "durable_sd_weeks", "method", "level", "population", "percent_decimals", "name", "label",
        "where", "rows", "value",
        "among", "primary", "imputation", "start", "end", "cap_at_cutoff", "dose", "rule", "minimum",
        "placebo", "treatment_end", "categories", "milestones", "subcategories", "epochs", "study_end_ends_treatment",
        "not_ending", "lesion_measurements", "long_diameter", "short_axis", "state", "include_first_dose_day",
        "no_assessment_missing", "dor_unconfirmed", "stop_at_new_therapy", "reference_date", "pr_after_cr",
        "max_sd_between", "same_date_order", "pfs_censoring", "readers", "stop_at_first_pd",
        "confirm_at_next_assessment", "preset", "figures", "max_bars", "max_lanes", "max_lines", "criteria",
        "unconfirmed_progression", "category",
    ]

    static func place(_ path: [CodingKey]) -> String {
        path.isEmpty
            ? ""
            : " (at " + path.map { $0.intValue.map { "item \($0 + 1)" } ?? $0.stringValue }.joined(separator: " → ")
                + ")"
    }

    public var responseOptions: ResponseOptions {
        var o = responses?.preset == .admiralonco ? ResponseOptions.admiralonco : ResponseOptions()
        if let r = responses {
            if let v = r.includeFirstDoseDay { o.includeFirstDoseDay = v }
            if let v = r.noAssessmentMissing { o.noAssessmentIsMissing = v }
            if let v = r.durationForUnconfirmed { o.durationForUnconfirmedResponders = v }
            if let v = r.stopAtNewTherapy { o.stopAtNewTherapy = v }
            if let v = r.referenceDate { o.referenceDate = v }
            if let v = r.prAfterCR { o.prAfterCR = v }
            if let v = r.maxSDBetween { o.maximumSDBetween = v }
            if let v = r.sameDateOrder { o.sameDateOrder = v }
            if let v = r.pfsCensoring { o.pfsCensoring = v }
            if let v = r.readers { o.readers = v }
            if let v = r.stopAtFirstPD { o.stopAtFirstPD = v }
            if let v = r.confirmAtNextAssessment { o.confirmationAtNextAssessment = v }
            if let v = r.evaluator { o.evaluator = v }
            if let v = r.minimumSDDays { o.minimumStableDays = v }
            if let v = r.confirmationDays { o.confirmationMinimumDays = v }
            if let v = r.confirmationMaxDays { o.confirmationMaximumDays = v }
            if let v = r.maxNEBetween { o.maximumNEBetween = v }
            if let v = r.strictRECIST { o.strictRECISTConfirmation = v }
            if let v = r.durableSDWeeks { o.durableStableWeeks = v }
            if let v = r.criteria { o.criteria = v }
            if let v = r.unconfirmedProgression { o.unconfirmedProgression = v }
            if let v = r.category { o.category = v }
            if let v = r.method { o.method = v }
        }
        return o
    }

    /// The default populations (docs/analysis-spec.md), each overridable by name.
    public static let defaultPopulations: [Population] = [
        Population(name: "enrolled", label: "All enrolled patients", where: "true"),
        Population(name: "treated", label: "Treated patients (safety population)", where: "TRTFL == \"Y\""),
        Population(name: "evaluable", label: "Efficacy-evaluable patients", where: "TRTFL == \"Y\" and TLESBL >= 1"),
    ]

    var allPopulations: [Population] {
        var out = Self.defaultPopulations
        for p in populations ?? [] {
            if let i = out.firstIndex(where: { $0.name == p.name }) { out[i] = p } else { out.append(p) }
        }
        return out
    }
}

import Foundation
import ReadoutCore
import ReadoutData

/// The per-subject listing of `readout responses`, as text, CSV or JSON.
public struct ResponseListing: Sendable {
    public var result: ResponseEngine.Result
    public var options: ResponseOptions
    public var cutoff: String?
    /// The study folder, as given.
    public var study: String?
    /// Problems of reading the study, reported with those of deriving.
    public var loadProblems: ProblemLog
    /// Visit responses computed from lesion data rather than read from RS.
    public var computed: Bool

    /// A listing of `result` under `options`, at `cutoff`.
    public init(
        result: ResponseEngine.Result, options: ResponseOptions, cutoff: String?, study: String? = nil,
        loadProblems: ProblemLog = ProblemLog(), computed: Bool = false
    ) {
        self.result = result
        self.options = options
        self.cutoff = cutoff
        self.study = study
        self.loadProblems = loadProblems
        self.computed = computed
    }

    public static let columns = [
        "USUBJID", "FIRSTDOSE", "CYCLES", "COUNTED", "EXCLUDED", "BOR", "BORDETAIL", "CBOR", "CBORDETAIL",
        "FIRSTRESP", "CONFIRMDT", "UNCONFREASON", "SAMEDATE", "SDDAYS", "DURABLESD", "DCR", "CLINBEN",
        "DORDAYS", "DOREVENT", "DORREASON", "PFSDAYS", "PFSEVENT", "PFSREASON",
    ]

    static func excludedText(_ e: [String: Int]) -> String {
        e.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; ")
    }

    /// A subject's row.
    public func row(_ s: SubjectResponse) -> [String] {
        [
            s.subject, s.facts.firstDose?.iso ?? "", String(s.facts.cyclesReceived), String(s.counted.count),
            Self.excludedText(s.excluded),
            s.bestLabel, s.bestResponseDetail, s.confirmedLabel, s.confirmedResponseDetail,
            s.firstResponse?.iso ?? "", s.confirmation?.iso ?? "", s.unconfirmedReason?.rawValue ?? "",
            s.sameDateMerges.map(\.iso).joined(separator: " "), s.stableDays.map(String.init) ?? "",
            s.durableStable ? "Y" : "N",
            s.diseaseControl ? "Y" : "N", s.clinicalBenefit ? "Y" : "N",
            s.durationOfResponse.map { String($0.days) } ?? "", s.durationOfResponse.map { $0.event ? "Y" : "N" } ?? "",
            s.durationOfResponse?.reason ?? "",
            s.progressionFree.map { String($0.days) } ?? "", s.progressionFree.map { $0.event ? "Y" : "N" } ?? "",
            s.progressionFree?.reason ?? "",
        ]
    }

    /// The listing as CSV.
    public func csv() -> String {
        var t = Table(name: "responses", header: Self.columns)
        for s in result.subjects { t.add(row(s)) }
        return t.csv()
    }

    /// The listing as the responses document of the results contract (responses.schema.json):
    /// every subject with structured explanations, and every problem of reading and deriving.
    public func json() -> String {
        var o = ResultsContract.envelope("responses")
        o.add("study", study)
        o.add("cutoff", cutoff)
        o.add("criteria", options.criteria.rules.name)
        o.add("evaluator", options.evaluator)
        o.add("source", computed ? "computed from TU/TR" : "RS")
        o.add("options", options.contract)
        // Subjects are rendered one at a time: 100,000 of them are a few hundred megabytes of text.
        var doc = JSONDocumentWriter(o)
        doc.parallelArray("subjects", result.subjects) { .object($0.contract) }
        var summary = JSONObject()
        let subjects = result.subjects
        summary.add("subjects", subjects.count)
        summary.add("responders", subjects.filter(\.isResponder).count)
        summary.add("confirmedResponders", subjects.filter(\.isConfirmedResponder).count)
        summary.add("diseaseControl", subjects.filter(\.diseaseControl).count)
        summary.add("durableStableDisease", subjects.filter(\.durableStable).count)
        summary.add("otherEvaluatorRecords", result.otherEvaluatorRecords)
        summary.add("notAcceptedReads", result.notAcceptedReads)
        summary.add("otherCategoryRecords", result.otherCategoryRecords)
        summary.add("otherMethodRecords", result.otherMethodRecords)
        doc.member("summary", .object(summary))
        var problems = loadProblems
        problems.add(contentsOf: result.problems)
        doc.member("problems", .object(ResultsContract.problems(problems)))
        return doc.finish()
    }

    /// The listing as text, with each subject's explanation.
    public func text() -> String {
        var out =
            "Responses by \(options.evaluator)" + (cutoff.map { " at the cut-off \($0)" } ?? "")
            + " (\(options.criteria.rules.name); rules: docs/response-rules.md)\n\n"
        let header = [
            "Subject", "First dose", "Cyc", "Asmt", "BOR", "Confirmed", "1st resp", "Confirmed on",
            "Unconfirmed because", "SD days", "Durable SD",
        ]
        var rows: [[String]] = []
        for s in result.subjects {
            rows.append([
                s.subject, s.facts.firstDose?.iso ?? "-", String(s.facts.cyclesReceived), String(s.counted.count),
                s.bestLabel,
                s.confirmedLabel, s.firstResponse?.iso ?? "", s.confirmation?.iso ?? "",
                s.unconfirmedReason?.rawValue ?? "",
                s.stableDays.map(String.init) ?? "", s.durableStable ? "Y" : "",
            ])
        }
        out += textTable(header: header, rows: rows, rightAligned: [2, 3, 9])
        out += "\nWhy each confirmed best response came out as it did:\n"
        for s in result.subjects {
            var line = "\(s.subject): \(s.confirmedLabel): \(s.confirmedResponseDetail)"
            if !s.excluded.isEmpty { line += " [not counted: \(Self.excludedText(s.excluded))]" }
            if !s.sameDateMerges.isEmpty {
                line += " [several results on \(s.sameDateMerges.map(\.iso).joined(separator: ", ")): the worst kept]"
            }
            out += line + "\n"
        }
        let n = result.subjects.count
        func count(_ f: (SubjectResponse) -> Bool) -> Int { result.subjects.filter(f).count }
        let c = options.criteria.categories
        out +=
            "\nSubjects: \(n). Responders (\(c[0]) or \(c[1])): \(count { $0.isResponder }), confirmed: "
            + "\(count { $0.isConfirmedResponder }). "
        out += "Disease control: \(count { $0.diseaseControl }). Durable SD: \(count { $0.durableStable }).\n"
        if result.otherEvaluatorRecords > 0 {
            let others = result.evaluators.filter { $0.uppercased() != options.evaluator.uppercased() }
            out +=
                "\(result.otherEvaluatorRecords) overall-response records of other evaluators "
                + "(\(others.joined(separator: ", "))) were not used.\n"
        }
        if result.otherCategoryRecords > 0 {
            out +=
                "\(result.otherCategoryRecords) overall-response records of other categories than "
                + "\"\(options.category ?? "")\" (RSCAT) were not used.\n"
        }
        if result.otherMethodRecords > 0 {
            out +=
                "\(result.otherMethodRecords) overall-response records were not used for their method (RSMETHOD): "
                + (options.method.map { "not \"\($0)\"" } ?? "CT-based on a date with a PET-CT-based result") + ".\n"
        }
        for p in result.problems.problems { out += p.description + "\n" }
        return out
    }
}

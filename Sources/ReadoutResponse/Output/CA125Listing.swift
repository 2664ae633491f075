import Foundation
import ReadoutCore
import ReadoutData

extension CA125Subject {
    /// Why the response came out as it did, in words.
    public func responseText(_ o: CA125Options) -> String {
        let r = NumberFormat.shortest(o.responseReduction)
        switch response {
        case .missing: return "no CA-125 value"
        case .notEvaluable:
            guard let p = pretreatment else {
                return "not evaluable: no pretreatment sample within \(o.pretreatmentDays) days before the first dose"
            }
            return "not evaluable: the pretreatment \(NumberFormat.shortest(p.value)) U/mL on \(p.date) is under twice "
                + "the upper limit of \(NumberFormat.shortest(p.upperLimit)) U/mL"
        case .noResponse:
            return "no reduction of \(r)% from the pretreatment \(NumberFormat.shortest(pretreatment!.value)) U/mL "
                + "confirmed and maintained for \(o.confirmationDays) days"
        case .complete, .partial:
            let x = responseValue!
            let c = confirmedBy!
            return "\(NumberFormat.shortest(x.value)) U/mL on \(x.date) is at least \(r)% below the pretreatment "
                + "\(NumberFormat.shortest(pretreatment!.value)) U/mL, maintained to \(NumberFormat.shortest(c.value)) "
                + "U/mL on \(c.date), \(c.date.dayNumber - x.date.dayNumber) days later "
                + "(at least \(o.confirmationDays))"
                + (response == .complete ? ", and within the normal range likewise" : "")
        }
    }

    /// The progression in words.
    public var progressionText: String {
        guard let p = progression else {
            return sampledBefore ? "no CA-125 progression" : "progression not assessed: no CA-125 before the first dose"
        }
        let mark: String
        switch p.kind {
        case .elevatedNeverNormal: mark = "twice the nadir"
        case .elevatedThenNormal, .normalBefore: mark = "twice the upper limit"
        }
        return
            "\(NumberFormat.shortest(p.first.value)) U/mL on \(p.first.date) and "
            + "\(NumberFormat.shortest(p.second.value)) U/mL on \(p.second.date) are at least \(mark) "
            + "(\(NumberFormat.shortest(p.mark)) U/mL; GCIG \(p.kind.rawValue))"
    }
}

/// The per-subject CA-125 listing of `readout ca125`, as text, CSV or JSON (ca125.schema.json).
public struct CA125Listing: Sendable {
    public var result: CA125Engine.Result
    public var options: CA125Options
    public var cutoff: String?
    public var study: String?
    public var loadProblems: ProblemLog

    /// A listing of `result` under `options`.
    public init(
        result: CA125Engine.Result, options: CA125Options, cutoff: String?, study: String?, loadProblems: ProblemLog
    ) {
        self.result = result
        self.options = options
        self.cutoff = cutoff
        self.study = study
        self.loadProblems = loadProblems
    }

    public static let columns = [
        "USUBJID", "TRTSDT", "PREDT", "PRE", "ULN", "VALUES", "BESTPCHG", "CA125RSP", "RSPDT", "CONFDT", "CA125PDDT",
        "PDKIND", "TTPDAYS", "TTPEVENT", "RSPDETAIL", "PDDETAIL",
    ]

    public func csv() -> String {
        var t = Table(name: "ca125", header: Self.columns)
        for s in result.subjects {
            t.add([
                s.subject, s.firstDose?.iso ?? "", s.pretreatment?.date.iso ?? "",
                s.pretreatment.map { NumberFormat.shortest($0.value) } ?? "",
                s.pretreatment.map { NumberFormat.shortest($0.upperLimit) } ?? "", String(s.values.count),
                s.bestPercentChange.map { NumberFormat.fixed($0, decimals: 1) } ?? "", s.response.rawValue,
                s.responseValue?.date.iso ?? "", s.confirmedBy?.date.iso ?? "", s.progression?.first.date.iso ?? "",
                s.progression?.kind.rawValue ?? "", s.timeToProgression.map { String($0.days) } ?? "",
                s.timeToProgression.map { $0.event ? "Y" : "N" } ?? "", s.responseText(options), s.progressionText,
            ])
        }
        return t.csv()
    }

    public func text() -> String {
        var out =
            "CA-125 by GCIG" + (cutoff.map { " at the cut-off \($0)" } ?? "")
            + " (rules and options: docs/response-rules.md, section 12)\n\n"
        let header = [
            "Subject", "First dose", "Pretreatment", "Values", "Best %", "Response", "Progression", "TTP days",
        ]
        let rows = result.subjects.map { s in
            [
                s.subject, s.firstDose?.iso ?? "-", s.pretreatment.map { NumberFormat.shortest($0.value) } ?? "-",
                String(s.values.count), s.bestPercentChange.map { NumberFormat.fixed($0, decimals: 1) } ?? "",
                s.response.rawValue, s.progression?.first.date.iso ?? "",
                s.timeToProgression.map { "\($0.days)\($0.event ? "" : "+")" } ?? "",
            ]
        }
        out += textTable(header: header, rows: rows, rightAligned: [3, 4, 7])
        out += "\nWhy, per subject (response; progression):\n"
        for s in result.subjects where s.response != .missing {
            out += "\(s.subject): \(s.responseText(options)); \(s.progressionText)\n"
        }
        var counts: [String] = []
        for c in CA125Category.allCases {
            let n = result.subjects.filter { $0.response == c }.count
            if n > 0 { counts.append("\(c.rawValue) \(n)") }
        }
        out += "\nSubjects: \(result.subjects.count) (\(counts.joined(separator: ", "))). "
        out += "CA-125 progression: \(result.subjects.filter { $0.progression != nil }.count).\n"
        var problems = loadProblems
        problems.add(contentsOf: result.problems)
        out += MarkerListingTail.text(name: "CA-125", notUsed: result.notUsed, problems: problems)
        return out
    }

    public func json() -> String {
        let o = options
        var head = ResultsContract.envelope("ca125")
        head.add("study", study)
        head.add("cutoff", cutoff)
        head.add("criteria", "GCIG CA-125")
        var opts = JSONObject()
        opts.add("ca125-test-code", o.testCode)
        opts.add("ca125-response-reduction", o.responseReduction)
        opts.add("ca125-confirmation-days", o.confirmationDays)
        opts.add("ca125-pretreatment-days", o.pretreatmentDays)
        opts.add("ca125-progression-gap-days", o.progressionGapDays)
        opts.add("ca125-default-upper-limit", o.defaultUpperLimit)
        opts.add("ca125-upper-limit", o.overrideUpperLimit)
        head.add("options", opts)
        head.add("records", result.records)
        @Sendable func sample(_ s: CA125Sample?) -> JSONObject? {
            guard let s else { return nil }
            var y = JSONObject()
            y.add("ADT", s.date)
            y.add("AVAL", s.value)
            y.add("ULN", s.upperLimit)
            return y
        }
        var doc = JSONDocumentWriter(head)
        doc.parallelArray("subjects", result.subjects) { s in
            var x = JSONObject()
            x.add("USUBJID", s.subject)
            x.add("TRTSDT", s.firstDose)
            x.add("pretreatment", sample(s.pretreatment))
            x.add(
                "values",
                s.values.map { v in
                    var y = sample(v)!
                    y.add("PCHG", s.percentChange(v.value))
                    return y
                })
            x.add("bestPCHG", s.bestPercentChange)
            var r = JSONObject()
            r.add("PARAMCD", "CA125RSP")
            r.add("AVALC", s.response.rawValue)
            r.add("ADT", s.responseValue?.date)
            r.add("confirmationDate", s.confirmedBy?.date)
            r.add("text", s.responseText(o))
            x.add("response", r)
            var p: JSONObject? = nil
            if let g = s.progression {
                var y = JSONObject()
                y.add("ADT", g.first.date)
                y.add("AVAL", g.first.value)
                y.add("secondDate", g.second.date)
                y.add("kind", g.kind.rawValue)
                y.add("mark", g.mark)
                p = y
            }
            x.add("progression", p)
            x.add("progressionText", s.progressionText)
            x.add("TTP", s.timeToProgression?.contract("CA125TTP"))
            return .object(x)
        }
        var summary = JSONObject()
        for c in CA125Category.allCases { summary.add(c.rawValue, result.subjects.filter { $0.response == c }.count) }
        summary.add("progressions", result.subjects.filter { $0.progression != nil }.count)
        summary.add("defaultUpperLimits", result.defaultUpperLimits)
        doc.member("summary", .object(summary))
        var problems = loadProblems
        problems.add(contentsOf: result.problems)
        MarkerListingTail.json(&doc, notUsed: result.notUsed, problems: problems)
        return doc.finish()
    }
}

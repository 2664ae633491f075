import Foundation
import ReadoutCore
import ReadoutData

extension PSAOutcome {
    /// Why the endpoint came out as it did, in words.
    func text(_ decline: Double, confirmationDays: Int) -> String {
        let d = NumberFormat.shortest(decline)
        switch self {
        case .missing: return "no PSA value"
        case .no:
            return "no decline of \(d)% or more from baseline" + (confirmationDays > 0 ? " that was confirmed" : "")
        case .yes(let v, let c):
            let first = "\(NumberFormat.shortest(v.value)) ng/mL on \(v.date) (\(PSAListing.percent(v.percentChange)))"
            guard let c else { return first }
            return first
                + " confirmed by \(NumberFormat.shortest(c.value)) ng/mL on \(c.date) "
                + "(\(PSAListing.percent(c.percentChange))), "
                + "\(c.date.dayNumber - v.date.dayNumber) days later (at least \(confirmationDays))"
        }
    }

    func contract(_ paramcd: String, decline: Double, confirmationDays: Int) -> JSONObject {
        var o = JSONObject()
        o.add("PARAMCD", paramcd)
        o.add("AVALC", code)
        o.add("ADT", date)
        if case .yes(_, let c) = self {
            o.add("confirmationDate", c?.date)
        } else {
            o.add("confirmationDate", nil as String?)
        }
        o.add("text", text(decline, confirmationDays: confirmationDays))
        return o
    }
}

extension PSASubject {
    /// The progression in words: the rise, the mark it passed, its confirmation; or why there is none.
    public func progressionText(_ o: PSAOptions) -> String {
        if let p = progression {
            let mark = p.afterDecline ? "the nadir" : "baseline"
            return "\(NumberFormat.shortest(p.rise.value)) ng/mL on \(p.rise.date) is at least "
                + "\(NumberFormat.shortest(o.progressionIncrease))% and "
                + "\(NumberFormat.shortest(o.progressionAbsolute)) "
                + "ng/mL above \(mark) (\(NumberFormat.shortest(p.nadir)) ng/mL), confirmed by "
                + "\(NumberFormat.shortest(p.confirmedBy.value)) ng/mL on \(p.confirmedBy.date)"
        }
        if baseline == nil { return values.isEmpty ? "no PSA value" : "no baseline PSA on or before the first dose" }
        if let u = unconfirmedRise {
            return
                "\(NumberFormat.shortest(u.value)) ng/mL on \(u.date) rose past the progression mark; no later value "
                + "confirms it yet"
        }
        return "no confirmed rise of \(NumberFormat.shortest(o.progressionIncrease))% and "
            + "\(NumberFormat.shortest(o.progressionAbsolute)) ng/mL"
    }
}

/// The per-subject PSA listing of `readout psa`, as text, CSV or JSON (psa.schema.json).
public struct PSAListing: Sendable {
    public var result: PSAEngine.Result
    public var options: PSAOptions
    public var cutoff: String?
    public var study: String?
    public var loadProblems: ProblemLog

    /// A listing of `result` under `options`.
    public init(
        result: PSAEngine.Result, options: PSAOptions, cutoff: String?, study: String?, loadProblems: ProblemLog
    ) {
        self.result = result
        self.options = options
        self.cutoff = cutoff
        self.study = study
        self.loadProblems = loadProblems
    }

    static func percent(_ p: Double?) -> String {
        guard let p else { return "no baseline" }
        return (p > 0 ? "+" : "") + NumberFormat.fixed(p, decimals: 1) + "%"
    }

    public static let columns = [
        "USUBJID", "TRTSDT", "BASEDT", "BASE", "VALUES", "BESTPCHG", "PSA50URS", "PSA50DT", "PSA50CRS", "PSA50CDT",
        "PSA90URS", "PSA90CRS", "PSAPROGDT", "TTPPDAYS", "TTPPEVENT", "PSA50DETAIL", "PROGDETAIL",
    ]

    func row(_ s: PSASubject) -> [String] {
        let o = options
        return [
            s.subject, s.firstDose?.iso ?? "", s.baseline?.date.iso ?? "",
            s.baseline.map { NumberFormat.shortest($0.value) } ?? "",
            String(s.values.count), s.bestPercentChange.map { NumberFormat.fixed($0, decimals: 1) } ?? "",
            s.response.code, s.response.date?.iso ?? "", s.confirmedResponse.code, s.confirmedResponse.date?.iso ?? "",
            s.deepResponse.code, s.confirmedDeepResponse.code, s.progression?.rise.date.iso ?? "",
            s.timeToProgression.map { String($0.days) } ?? "", s.timeToProgression.map { $0.event ? "Y" : "N" } ?? "",
            s.confirmedResponse.text(o.responseDecline, confirmationDays: o.confirmationDays), s.progressionText(o),
        ]
    }

    public func csv() -> String {
        var t = Table(name: "psa", header: Self.columns)
        for s in result.subjects { t.add(row(s)) }
        return t.csv()
    }

    public func text() -> String {
        let o = options
        var out =
            "PSA by PCWG3" + (cutoff.map { " at the cut-off \($0)" } ?? "")
            + " (rules and options: docs/response-rules.md, section 11)\n\n"
        let header = [
            "Subject", "First dose", "Baseline", "Values", "Best %", "PSA50", "confirmed", "PSA90", "confirmed",
            "Progression", "TTPP days",
        ]
        let rows = result.subjects.map { s in
            [
                s.subject, s.firstDose?.iso ?? "-", s.baseline.map { NumberFormat.shortest($0.value) } ?? "-",
                String(s.values.count), s.bestPercentChange.map { NumberFormat.fixed($0, decimals: 1) } ?? "",
                s.response.code, s.confirmedResponse.code, s.deepResponse.code, s.confirmedDeepResponse.code,
                s.progression?.rise.date.iso ?? "",
                s.timeToProgression.map { "\($0.days)\($0.event ? "" : "+")" } ?? "",
            ]
        }
        out += textTable(header: header, rows: rows, rightAligned: [3, 4, 10])
        out += "\nWhy, per subject (confirmed PSA\(NumberFormat.shortest(o.responseDecline)); progression):\n"
        for s in result.subjects where !s.values.isEmpty || s.baseline != nil {
            out +=
                "\(s.subject): \(s.confirmedResponse.text(o.responseDecline, confirmationDays: o.confirmationDays)); "
                + "\(s.progressionText(o))\n"
        }
        let n = result.subjects.count
        func count(_ f: (PSASubject) -> Bool) -> Int { result.subjects.filter(f).count }
        out +=
            "\nSubjects: \(n); with a baseline and a later value: "
            + "\(count { $0.baseline != nil && !$0.values.isEmpty }). "
        out += "PSA50: \(count { $0.response.code == "Y" }), confirmed: \(count { $0.confirmedResponse.code == "Y" }). "
        out +=
            "PSA90: \(count { $0.deepResponse.code == "Y" }), "
            + "confirmed: \(count { $0.confirmedDeepResponse.code == "Y" }). "
        out += "PSA progression: \(count { $0.progression != nil }).\n"
        var problems = loadProblems
        problems.add(contentsOf: result.problems)
        out += MarkerListingTail.text(name: "PSA", notUsed: result.notUsed, problems: problems)
        return out
    }

    public func json() -> String {
        let o = options
        var head = ResultsContract.envelope("psa")
        head.add("study", study)
        head.add("cutoff", cutoff)
        head.add("criteria", "PCWG3")
        var opts = JSONObject()
        opts.add("psa-test-code", o.testCode)
        opts.add("psa-response-decline", o.responseDecline)
        opts.add("psa-deep-response-decline", o.deepResponseDecline)
        opts.add("psa-confirmation-days", o.confirmationDays)
        opts.add("psa-progression-increase", o.progressionIncrease)
        opts.add("psa-progression-absolute", o.progressionAbsolute)
        opts.add("psa-no-decline-weeks", o.noDeclineWeeks)
        head.add("options", opts)
        head.add("records", result.records)
        var doc = JSONDocumentWriter(head)
        doc.parallelArray("subjects", result.subjects) { s in
            var x = JSONObject()
            x.add("USUBJID", s.subject)
            x.add("TRTSDT", s.firstDose)
            var base: JSONObject? = nil
            if let b = s.baseline {
                var y = JSONObject()
                y.add("ADT", b.date)
                y.add("AVAL", b.value)
                base = y
            }
            x.add("baseline", base)
            x.add(
                "values",
                s.values.map { v in
                    var y = JSONObject()
                    y.add("ADT", v.date)
                    y.add("AVAL", v.value)
                    y.add("PCHG", v.percentChange)
                    return y
                })
            x.add("bestPCHG", s.bestPercentChange)
            let days = o.confirmationDays
            x.add("PSA50URS", s.response.contract("PSA50URS", decline: o.responseDecline, confirmationDays: 0))
            x.add(
                "PSA50CRS", s.confirmedResponse.contract("PSA50CRS", decline: o.responseDecline, confirmationDays: days)
            )
            x.add("PSA90URS", s.deepResponse.contract("PSA90URS", decline: o.deepResponseDecline, confirmationDays: 0))
            x.add(
                "PSA90CRS",
                s.confirmedDeepResponse.contract("PSA90CRS", decline: o.deepResponseDecline, confirmationDays: days))
            var prog: JSONObject? = nil
            if let p = s.progression {
                var y = JSONObject()
                y.add("ADT", p.rise.date)
                y.add("AVAL", p.rise.value)
                y.add("nadir", p.nadir)
                y.add("afterDecline", p.afterDecline)
                y.add("confirmationDate", p.confirmedBy.date)
                prog = y
            }
            x.add("progression", prog)
            x.add("progressionText", s.progressionText(o))
            x.add("TTPP", s.timeToProgression?.contract("TTPP"))
            return .object(x)
        }
        var summary = JSONObject()
        let subjects = result.subjects
        summary.add("subjects", subjects.count)
        summary.add("evaluable", subjects.filter { $0.baseline != nil && !$0.values.isEmpty }.count)
        summary.add("PSA50URS", subjects.filter { $0.response.code == "Y" }.count)
        summary.add("PSA50CRS", subjects.filter { $0.confirmedResponse.code == "Y" }.count)
        summary.add("PSA90URS", subjects.filter { $0.deepResponse.code == "Y" }.count)
        summary.add("PSA90CRS", subjects.filter { $0.confirmedDeepResponse.code == "Y" }.count)
        summary.add("progressions", subjects.filter { $0.progression != nil }.count)
        doc.member("summary", .object(summary))
        var problems = loadProblems
        problems.add(contentsOf: result.problems)
        MarkerListingTail.json(&doc, notUsed: result.notUsed, problems: problems)
        return doc.finish()
    }
}

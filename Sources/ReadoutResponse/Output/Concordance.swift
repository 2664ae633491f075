import ReadoutCore
import ReadoutData

/// Two evaluators' confirmed best responses side by side (investigator against independent
/// review, say): the agreement table, the agreement rate, and every disagreement.
public struct Concordance: Sendable, Codable {
    public var first: String
    public var second: String
    /// Counts by (first evaluator's response, second evaluator's response).
    public var table: [String: [String: Int]]
    public var subjects: Int
    /// The criteria both evaluators' responses were derived by.
    public var criteria: ResponseCriteriaKind = .recist11
    var agreements: Int
    var responderAgreements: Int
    var disagreements: [Disagreement]

    struct Disagreement: Sendable, Codable, Equatable {
        public var subject: String
        public var first: Response
        public var second: Response
        var firstReason: ResponseReason
        var secondReason: ResponseReason
        var criteria: ResponseCriteriaKind = .recist11
        var firstDetail: String { firstReason.text(in: criteria) }
        var secondDetail: String { secondReason.text(in: criteria) }
    }

    /// Two evaluators' results compared, subject by subject.
    public init(first: String, second: String, firstResults: [SubjectResponse], secondResults: [SubjectResponse]) {
        self.first = first
        self.second = second
        var table: [String: [String: Int]] = [:]
        var agree = 0
        var respAgree = 0
        var dis: [Disagreement] = []
        let other = Dictionary(secondResults.map { ($0.subject, $0) }, uniquingKeysWith: { a, _ in a })
        var n = 0
        for a in firstResults {
            guard let b = other[a.subject] else { continue }
            // Only subjects that both evaluators assessed.
            if a.counted.isEmpty && b.counted.isEmpty { continue }
            n += 1
            table[a.confirmedLabel, default: [:]][b.confirmedLabel, default: 0] += 1
            if a.confirmedResponse == b.confirmedResponse {
                agree += 1
            } else {
                dis.append(
                    Disagreement(
                        subject: a.subject, first: a.confirmedResponse, second: b.confirmedResponse,
                        firstReason: a.confirmedReason, secondReason: b.confirmedReason, criteria: a.criteria))
            }
            if a.confirmedResponse.isResponse == b.confirmedResponse.isResponse { respAgree += 1 }
        }
        self.table = table
        criteria = firstResults.first?.criteria ?? .recist11
        subjects = n
        agreements = agree
        responderAgreements = respAgree
        disagreements = dis
    }

    /// The comparison as the concordance document of the results contract (concordance.schema.json).
    public func json() -> String {
        var o = ResultsContract.envelope("concordance")
        o.add("first", first)
        o.add("second", second)
        o.add("subjects", subjects)
        let order = criteria.categories + ["MISSING"]
        var cells: [JSONObject] = []
        for a in order {
            for b in order {
                guard let n = table[a]?[b] else { continue }
                var c = JSONObject()
                c.add("first", a)
                c.add("second", b)
                c.add("subjects", n)
                cells.append(c)
            }
        }
        o.add("table", cells)
        func rate(_ k: Int) -> JSONObject {
            var r = JSONObject()
            r.add("count", k)
            r.add("percent", subjects == 0 ? nil : Double(k) / Double(subjects) * 100)
            r.add("text", "\(k)/\(subjects) (\(subjects == 0 ? "-" : NumberFormat.percent(k, of: subjects) + "%"))")
            return r
        }
        o.add("categoryAgreement", rate(agreements))
        o.add("responderAgreement", rate(responderAgreements))
        o.add(
            "disagreements",
            disagreements.map { d in
                var x = JSONObject()
                x.add("USUBJID", d.subject)
                var f = JSONObject()
                f.add("AVALC", criteria.rules.label(d.first))
                f.add("explanation", d.firstReason.contract(in: criteria))
                var g = JSONObject()
                g.add("AVALC", criteria.rules.label(d.second))
                g.add("explanation", d.secondReason.contract(in: criteria))
                x.add("first", f)
                x.add("second", g)
                return x
            })
        return JSONValue.object(o).rendered()
    }

    /// The agreement table, rates and disagreements as text.
    public func text() -> String {
        let order = criteria.categories + ["MISSING"]
        let cols = order.filter { c in table.values.contains { $0[c] != nil } }
        let rowsPresent = order.filter { table[$0] != nil }
        var out = "Confirmed best overall response: \(first) (rows) against \(second) (columns)\n\n"
        var rows: [[String]] = []
        for r in rowsPresent {
            rows.append([r] + cols.map { String(table[r]?[$0] ?? 0) } + [String(table[r]!.values.reduce(0, +))])
        }
        rows.append(
            ["Total"] + cols.map { c in String(table.values.reduce(0) { $0 + ($1[c] ?? 0) }) } + [String(subjects)])
        out += textTable(header: [""] + cols + ["Total"], rows: rows, rightAligned: Set(1...(cols.count + 1)))
        func pct(_ k: Int) -> String { subjects == 0 ? "-" : NumberFormat.percent(k, of: subjects) + "%" }
        out +=
            "\nAgreement on the category: \(agreements)/\(subjects) (\(pct(agreements))); on responder status: "
            + "\(responderAgreements)/\(subjects) (\(pct(responderAgreements))).\n"
        if !disagreements.isEmpty {
            out += "\nDisagreements:\n"
            let l = criteria.rules.label
            for d in disagreements {
                out +=
                    "\(d.subject): \(first) \(l(d.first)) (\(d.firstDetail)); \(second) \(l(d.second)) "
                    + "(\(d.secondDetail))\n"
            }
        }
        return out
    }
}

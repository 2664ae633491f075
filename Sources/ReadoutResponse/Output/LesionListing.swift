import Foundation
import ReadoutCore
import ReadoutData

/// The per-visit listing of `readout recist`: tumour sizes, computed responses, recorded ones.
public struct LesionListing: Sendable {
    public var result: LesionEngine.Result
    /// A listing of `result`.
    public init(result: LesionEngine.Result) { self.result = result }

    public static let columns = [
        "USUBJID", "VISIT", "DATE", "SUMDIAM", "CHG", "PCHG", "NADIR", "PCHGNADIR", "TRGRESP", "NTRGRESP", "NEWLESION",
        "OVRLRESP", "RECORDED", "AGREE", "WHY", "BESTPCHG",
    ]

    static func num(_ d: Double?) -> String { d.map { formatNumber(($0 * 10).rounded() / 10) } ?? "" }

    func recordedByVisit() -> [String: LesionEngine.Discrepancy] {
        Dictionary(result.discrepancies.map { ($0.subject + "|" + $0.date.iso, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// One row per subject and visit.
    public func rows() -> [[String]] {
        let dis = recordedByVisit()
        var out: [[String]] = []
        for s in result.subjects {
            for a in s.assessments {
                let d = dis[s.subject + "|" + a.date.iso]
                let recorded = d == nil ? a.overall.code : (d!.recorded?.code ?? "")
                out.append([
                    s.subject, a.visit, a.date.iso, Self.num(a.sum), Self.num(a.changeFromBaseline),
                    Self.num(a.percentChangeFromBaseline),
                    Self.num(a.nadir), Self.num(a.percentChangeFromNadir), a.target, a.nonTarget,
                    a.newLesion ? "Y" : "N",
                    a.overall.code, recorded, d == nil ? "Y" : "N", a.why, Self.num(s.bestPercentChange),
                ])
            }
        }
        return out
    }

    /// The listing as CSV.
    public func csv() -> String {
        var t = Table(name: "recist", header: Self.columns)
        for r in rows() { t.add(r) }
        return t.csv()
    }

    /// The listing as the recist document of the results contract (recist.schema.json).
    public func json() -> String {
        let dis = recordedByVisit()
        var o = ResultsContract.envelope("recist")
        o.add("criteria", "RECIST 1.1")
        o.add(
            "subjects",
            result.subjects.map { s in
                var x = JSONObject()
                x.add("USUBJID", s.subject)
                x.add("baselineDate", s.baselineDate)
                x.add("BASE", s.baselineSum)
                x.add("targetLesions", s.targetCount)
                x.add("bestPCHG", s.bestPercentChange)
                x.add(
                    "visits",
                    s.assessments.map { a in
                        let d = dis[s.subject + "|" + a.date.iso]
                        var v = JSONObject()
                        v.add("AVISIT", a.visit)
                        v.add("ADT", a.date)
                        v.add("AVAL", a.sum)
                        v.add("CHG", a.changeFromBaseline)
                        v.add("PCHG", a.percentChangeFromBaseline)
                        v.add("NADIR", a.nadir)
                        v.add("PCHGNADIR", a.percentChangeFromNadir)
                        v.add("targetResponse", a.target)
                        v.add("nonTargetResponse", a.nonTarget)
                        v.add("newLesion", a.newLesion)
                        v.add("AVALC", a.overall.code)
                        v.add("recordedAVALC", d == nil ? a.overall.code : d!.recorded?.code)
                        v.add("agrees", d == nil)
                        v.add("why", a.why)
                        return v
                    })
                return x
            })
        o.add("comparedVisits", result.comparedVisits)
        o.add(
            "discrepancies",
            result.discrepancies.map { d in
                var x = JSONObject()
                x.add("USUBJID", d.subject)
                x.add("AVISIT", d.visit)
                x.add("ADT", d.date)
                x.add("computed", d.computed.code)
                x.add("recorded", d.recorded?.code)
                x.add("why", d.why)
                return x
            })
        var notUsed = JSONObject()
        notUsed.add("records", result.ignoredByReason.values.reduce(0, +))
        notUsed.add(
            "byReason",
            result.ignoredByReason.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { reason, n in
                var x = JSONObject()
                x.add("reason", reason)
                x.add("records", n)
                return x
            })
        notUsed.add("problems", ResultsContract.problems(result.ignored))
        o.add("notUsed", notUsed)
        return JSONValue.object(o).rendered()
    }

    /// The listing as text, with the records not used and why.
    public func text() -> String {
        var out = "RECIST 1.1 from lesion data (TU/TR), compared with the recorded overall responses (RS)\n\n"
        out += textTable(
            header: [
                "Subject", "Visit", "Date", "Sum mm", "%Base", "Nadir", "%Nadir", "Target", "Non-target", "New",
                "Computed", "Recorded",
            ],
            rows: rows().map {
                [
                    $0[0], $0[1], $0[2], $0[3], $0[5], $0[6], $0[7], $0[8], $0[9], $0[10], $0[11],
                    $0[13] == "Y" ? $0[12] : "\($0[12]) ≠",
                ]
            },
            rightAligned: [3, 4, 5, 6])
        out +=
            "\n\(result.comparedVisits) visits compared; \(result.discrepancies.count) differ from the recorded "
            + "response.\n"
        for d in result.discrepancies {
            out +=
                "\(d.subject) \(d.date) (visit \(d.visit)): computed \(d.computed.code), recorded "
                + "\(d.recorded?.code ?? "nothing"): \(d.why)\n"
        }
        let ignored = result.ignoredByReason.values.reduce(0, +)
        if ignored > 0 {
            out += "\n\(ignored) TR record\(ignored == 1 ? "" : "s") not used:\n"
            for (reason, n) in result.ignoredByReason.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
                out += "  \(n) \(reason)\n"
            }
            for p in result.ignored.problems { out += "  " + p.description + "\n" }
            let omitted = result.ignored.omitted.values.reduce(0, +)
            if omitted > 0 { out += "  ... and \(omitted) more\n" }
        }
        return out
    }
}

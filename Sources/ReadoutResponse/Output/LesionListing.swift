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

    /// The listing as JSON.
    public func json() -> String {
        struct Doc: Codable {
            var subjects: [SubjectLesionResult]
            var discrepancies: [LesionEngine.Discrepancy]
            var comparedVisits: Int
        }
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(
            decoding: try! e.encode(
                Doc(
                    subjects: result.subjects, discrepancies: result.discrepancies,
                    comparedVisits: result.comparedVisits)), as: UTF8.self) + "\n"
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

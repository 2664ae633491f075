import Foundation
import ReadoutCore
import ReadoutData
import ReadoutStatistics

/// A table in the layout statisticians exchange for study reports: title, population line, column
/// headers with N, body, footnotes with definitions and the cut-off. RTF and DOCX render the same one.
struct SubmissionTable: Sendable, Equatable {
    var name: String
    var title: String
    var population: String
    var header: [String]
    var rows: [[String]]
    var footnotes: [String]
}

/// Plain RTF 1.x that Word and LibreOffice open; deterministic.
enum RTFWriter {
    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "{": out += "\\{"
            case "}": out += "\\}"
            default:
                if u.value < 128 {
                    out.unicodeScalars.append(u)
                } else {
                    out += "\\u\(Int16(truncatingIfNeeded: Int(u.value))))?"
                }
            }
        }
        return out
    }

    static func document(_ t: SubmissionTable) -> String {
        let (title, population, header, rows, footnotes) = (t.title, t.population, t.header, t.rows, t.footnotes)
        let columns = header.count
        // Landscape letter: 13,680 twips between the margins.
        let first = 4600
        let rest = max(1300, (13_600 - first) / max(1, columns - 1))
        var edges: [Int] = []
        var x = 0
        for c in 0..<columns {
            x += c == 0 ? first : rest
            edges.append(x)
        }
        func row(_ cells: [String], bold: Bool, topBorder: Bool, bottomBorder: Bool) -> String {
            var r = "\\trowd\\trgaph80\\trleft0"
            for e in edges {
                r +=
                    (topBorder ? "\\clbrdrt\\brdrs\\brdrw10" : "") + (bottomBorder ? "\\clbrdrb\\brdrs\\brdrw10" : "")
                    + "\\cellx\(e)"
            }
            for (k, c) in cells.enumerated() {
                r +=
                    "\\pard\\intbl\(k == 0 ? "\\ql" : "\\qc")" + (bold ? "\\b " : " ") + escape(c)
                    + (bold ? "\\b0" : "") + "\\cell"
            }
            return r + "\\row\n"
        }
        var s =
            "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0\\fmodern Courier "
            + "New;}}\\paperw15840\\paperh12240\\landscape\\margl1080\\margr1080\\margt1080\\margb1080\\f0\\fs18\n"
        s += "\\pard\\qc\\b " + escape(title) + "\\b0\\par\n\\pard\\qc " + escape(population) + "\\par\\par\n"
        s += row(header, bold: true, topBorder: true, bottomBorder: true)
        for (k, r) in rows.enumerated() {
            s += row(r, bold: false, topBorder: false, bottomBorder: k == rows.count - 1)
        }
        s += "\\pard\\par\n"
        for f in footnotes { s += "\\pard\\ql\\fs16 " + escape(f) + "\\par\n" }
        return s + "}\n"
    }

}

/// The submission tables of a readout.
enum SubmissionTables {
    /// The response table and, when the spec has them, the baseline and exposure tables.
    static func all(_ r: ReadoutResult) -> [SubmissionTable] {
        var out = [response(r)]
        for (name, table) in [("baseline", r.baseline), ("exposure", r.exposure)] {
            guard let t = table else { continue }
            out.append(
                summary(
                    t, name: name, label: r.populations.first { $0.name == t.population }?.label ?? t.population,
                    decimals: r.percentDecimals, cutoff: r.provenance.cutoff, engine: r.provenance.engine))
        }
        return out
    }

    static func response(_ r: ReadoutResult) -> SubmissionTable {
        let d = r.percentDecimals
        let header = ["Statistic"] + r.responseRows.map { "\($0.label) (N=\($0.n))" }
        func pct(_ p: Proportion) -> String {
            p.total == 0 ? "-" : "\(p.count) (\(ReadoutFormat.percent(p, decimals: d)))"
        }
        func ci(_ p: Proportion) -> String {
            p.total == 0
                ? "-" : "(" + ReadoutFormat.interval(p, decimals: d).replacingOccurrences(of: "–", with: ", ") + ")"
        }
        var rows: [[String]] = []
        let l = r.criteria.rules.label
        let (cr, pr, sd) = (l(.cr), l(.pr), l(.sd))
        rows.append(["Objective response (\(cr) + \(pr)), n (%)"] + r.responseRows.map { pct($0.overall) })
        rows.append(["  \(Int(r.ciLevel * 100))% CI"] + r.responseRows.map { ci($0.overall) })
        rows.append(["Confirmed objective response, n (%)"] + r.responseRows.map { pct($0.confirmed) })
        rows.append(["  \(Int(r.ciLevel * 100))% CI"] + r.responseRows.map { ci($0.confirmed) })
        rows.append(["Confirmed best overall response, n"] + r.responseRows.map { _ in "" })
        for c in r.criteria.categories {
            rows.append(["  \(c)"] + r.responseRows.map { String($0.confirmedCounts[c] ?? 0) })
        }
        rows.append(["Disease control (\(cr) + \(pr) + \(sd)), n (%)"] + r.responseRows.map { pct($0.diseaseControl) })
        rows.append(
            ["Clinical benefit (\(cr) + \(pr) + durable \(sd)), n (%)"] + r.responseRows.map { pct($0.clinicalBenefit) }
        )
        return SubmissionTable(
            name: "response",
            title: "Table: Objective response (\(r.criteria.rules.name), \(r.evaluator.lowercased()))",
            population: "Populations and subgroups as defined in the analysis spec",
            header: header, rows: rows,
            footnotes: [
                "CR complete response; PR partial response; SD stable disease (at least 42 days after the first "
                    + "dose); PD progressive disease; NE not evaluable.",
                "Confirmed: a response confirmed by a later assessment at least 28 days after it, with at most one "
                    + "NE between (docs/response-rules.md).",
                "Confidence intervals: \(r.ciMethod.rawValue). Percentages of N, rounded half away from zero.",
                "Data cut-off: \(r.provenance.cutoff). \(r.provenance.engine); spec \(r.provenance.spec).",
            ])
    }

    static func summary(
        _ t: ReadoutResult.SummaryTableResult, name: String, label: String, decimals d: Int, cutoff: String,
        engine: String
    ) -> SubmissionTable {
        var rows: [[String]] = []
        for l in t.lines {
            if let c = l.count, let p = l.percent, let n = l.denominator {
                rows.append([l.label, "\(c)/\(n) (\(ReadoutFormat.number(p, decimals: d)))"])
            } else if let s = l.summary, let m = s.median, let lo = s.minimum, let hi = s.maximum {
                rows.append([
                    l.label + ", median (range)",
                    "\(ReadoutFormat.number(m, decimals: 1)) (\(ReadoutFormat.number(lo, decimals: 1)), "
                        + "\(ReadoutFormat.number(hi, decimals: 1)))",
                ])
            }
        }
        return SubmissionTable(
            name: name, title: "Table: \(t.title)", population: "\(label) population",
            header: ["Characteristic", "\(label) (N=\(t.n))"], rows: rows,
            footnotes: [
                "n/N (%): patients meeting the row's definition among those it applies to. Medians by the SAS "
                    + "definition (PCTLDEF=5).",
                "Data cut-off: \(cutoff). \(engine).",
            ])
    }
}

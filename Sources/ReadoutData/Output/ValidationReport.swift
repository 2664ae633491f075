import Foundation
import ReadoutCore

/// The `readout validate` report: per-domain summary, cut-off effects and every problem, as text
/// for people or JSON for tools. Rendering lives here so that the command-line tool stays thin.
public struct ValidationReport: Sendable, Codable {
    public var study: String
    public var cutoff: String?
    public var domains: [DomainSummary]
    public var cutoffReport: DataCutoff.Report?
    public var errors: Int
    public var warnings: Int
    public var omitted: Int
    public var problems: [Problem]

    /// The report of a loaded study: its domains and every problem found.
    public init(load: StudyLoad) {
        study = load.study.folder
        cutoff = load.cutoffReport?.cutoff
        domains = load.summaries
        cutoffReport = load.cutoffReport
        errors = load.problems.count(.error)
        warnings = load.problems.count(.warning)
        omitted = load.problems.omitted.values.reduce(0, +)
        problems = load.problems.problems.sorted { $0.severity < $1.severity }
    }

    public var hasErrors: Bool { errors > 0 }

    /// The report as JSON.
    public func json() -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! e.encode(self), as: UTF8.self) + "\n"
    }

    /// The report as text: domains, then every problem with its location.
    public func text() -> String {
        var out = "Study: \(study)\n"
        out += "Cut-off: \(cutoff ?? "none (all records kept)")\n\n"
        let header = ["Domain", "Format", "File", "Records", "Cut", "Subjects", "Vars", "Dates"]
        var rows: [[String]] = []
        for d in domains {
            let dates =
                d.firstDate.map { "\($0) to \(d.lastDate ?? $0)" + (d.dateVariable.map { " (\($0))" } ?? "") } ?? "-"
            rows.append([
                d.domain, d.format, (d.file as NSString).lastPathComponent, String(d.records),
                String(d.recordsRemovedByCutoff),
                String(d.subjects), String(d.variables), dates,
            ])
        }
        out += textTable(header: header, rows: rows, rightAligned: [3, 4, 5, 6])
        if let r = cutoffReport {
            out += "\n"
            let removed = r.removed.values.reduce(0, +)
            out += "The cut-off removed \(removed) record\(removed == 1 ? "" : "s")"
            if removed > 0 {
                out +=
                    " (" + r.removed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    + ")"
            }
            out += ".\n"
            out +=
                "Subjects enrolled after the cut-off: "
                + (r.subjectsEnrolledAfter.isEmpty ? "none" : r.subjectsEnrolledAfter.joined(separator: ", ")) + ".\n"
            if !r.clearedInDM.isEmpty {
                out +=
                    "DM dates after the cut-off cleared: "
                    + r.clearedInDM.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    + ".\n"
            }
            if !r.undated.isEmpty {
                out +=
                    "Records without a date, kept: "
                    + r.undated.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    + ".\n"
            }
        }
        out += "\n\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        if omitted > 0 { out += " (\(omitted) not listed: the listing stops at the problem limit)" }
        out += "\n"
        for p in problems { out += p.description + "\n" }
        return out
    }
}

/// A plain-text table with a header rule.
public func textTable(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
    var widths = header.map { $0.count }
    for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, c in
            let pad = String(repeating: " ", count: max(0, widths[i] - c.count))
            return rightAligned.contains(i) ? pad + c : c + pad
        }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }
    var out = line(header) + "\n"
    out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
    for r in rows { out += line(r) + "\n" }
    return out
}

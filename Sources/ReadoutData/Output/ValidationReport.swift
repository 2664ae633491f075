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

    /// The report with the study named `name` and every file named relative to `folder` (as a
    /// stored data cut names them: the same files give the same report wherever they were read).
    public func relative(to folder: String, as name: String) -> ValidationReport {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        func strip(_ path: String) -> String {
            if path + "/" == prefix { return name }
            return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        }
        var r = self
        r.study = name
        for i in r.domains.indices { r.domains[i].file = strip(r.domains[i].file) }
        for i in r.problems.indices { r.problems[i].file = r.problems[i].file.map(strip) }
        return r
    }

    /// The report as the validate document of the results contract (validate.schema.json).
    public func json() -> String {
        var o = ResultsContract.envelope("validate")
        o.add("study", study)
        o.add("cutoff", cutoff)
        o.add("domains", domains.map(\.contract))
        o.add("cutoffEffects", cutoffReport?.contract)
        var p = JSONObject()
        p.add("errors", errors)
        p.add("warnings", warnings)
        p.add("notes", problems.filter { $0.severity == .note }.count)
        p.add("omitted", omitted)
        p.add("items", problems)
        o.add("problems", p)
        return JSONValue.object(o).rendered()
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

extension DomainSummary {
    /// One domain as the validate document writes it.
    public var contract: JSONObject {
        var o = JSONObject()
        o.add("domain", domain)
        o.add("file", file)
        o.add("format", format)
        o.add("recordsRead", recordsRead)
        o.add("recordsRemovedByCutoff", recordsRemovedByCutoff)
        o.add("records", records)
        o.add("subjects", subjects)
        o.add("variables", variables)
        o.add("dateVariable", dateVariable)
        o.add("firstDate", firstDate)
        o.add("lastDate", lastDate)
        o.add("undatedRecords", undatedRecords)
        o.add("partialDates", partialDates)
        return o
    }
}

extension DataCutoff.Report {
    /// What the cut-off did, as the validate document writes it: counts by domain or variable, sorted by name.
    public var contract: JSONObject {
        func counts(_ d: [String: Int], _ key: String) -> [JSONObject] {
            d.sorted { $0.key < $1.key }.map {
                var o = JSONObject()
                o.add(key, $0.key)
                o.add("records", $0.value)
                return o
            }
        }
        var o = JSONObject()
        o.add("cutoff", cutoff)
        o.add("removed", counts(removed, "domain"))
        o.add("undated", counts(undated, "domain"))
        o.add("subjectsEnrolledAfter", subjectsEnrolledAfter)
        o.add("clearedInDM", counts(clearedInDM, "variable"))
        return o
    }
}

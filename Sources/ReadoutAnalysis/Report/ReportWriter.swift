import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse
import ReadoutStatistics

/// Writes a readout: tables (Markdown, CSV, JSON), one self-contained HTML page, the derived
/// subject-level (ADSL-like) and response (ADRS-like) datasets as CSV and Dataset-JSON, and the
/// narrative. Same inputs give byte-identical files: nothing depends on the clock or the machine.
public enum ReportWriter {
    /// Writes every output of the readout into `dir` and returns the names of the files written, in order.
    public static func write(_ output: ReadoutRunner.Output, to dir: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let r = output.result
        var written: [String] = []
        func save(_ name: String, _ text: String) throws {
            try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            written.append(name)
        }
        let timer = PhaseTimer()
        try FileManager.default.createDirectory(atPath: dir + "/figures", withIntermediateDirectories: true)
        for f in output.figures { try save("figures/\(f.name).svg", f.svg) }
        timer.mark("write: figures")
        try save("readout.md", markdown(r, figures: output.figures))
        try save("readout.html", html(r, figures: output.figures))
        timer.mark("write: readout.md, readout.html")
        try save("readout.json", r.contract())
        timer.mark("write: readout.json")
        try save("ard.json", AnalysisResults.ardJSON(r))
        try save("ard.csv", AnalysisResults.ardCSV(r))
        try save("reporting-event.json", AnalysisResults.reportingEvent(r))
        timer.mark("write: ARD, reporting event")
        try save(
            "narrative.txt",
            r.narrative.joined(separator: "\n") + "\n\n" + provenanceLines(r).joined(separator: "\n") + "\n")
        try save("provenance.txt", provenanceLines(r).joined(separator: "\n") + "\n")
        for (name, table) in tables(r) { try save(name + ".csv", table.csv()) }
        for t in SubmissionTables.all(r) {
            try save(t.name + ".rtf", RTFWriter.document(t))
            try Data(DOCXWriter.document(t)).write(to: URL(fileURLWithPath: dir + "/" + t.name + ".docx"))
            written.append(t.name + ".docx")
        }
        timer.mark("write: tables (CSV, RTF, DOCX), narrative, provenance")
        let created = r.provenance.cutoff + "T00:00:00"
        let adam = output.adam
        timer.mark("write: ADaM datasets derived")
        written += try adam.write(to: dir, created: created)
        timer.mark("write: ADaM datasets written (CSV, Dataset-JSON, XPT)")
        // Every variable the spec's expressions may name, for checking a definition by hand.
        let level = subjectDataset(output.subjectLevel)
        try DatasetWriter.writeCSV(level, to: dir + "/subject-level.csv", datesAsISO: true)
        written.append("subject-level.csv")
        timer.mark("write: subject-level.csv")
        return written
    }

    /// The submission-layout documents of a table (RTF, and DOCX beside it).
    static func documentFiles(_ table: String) -> [String] {
        ["response", "baseline", "exposure"].contains(table) ? [table + ".rtf", table + ".docx"] : []
    }

    /// Provenance lines every output states.
    static func provenanceLines(_ r: ReadoutResult) -> [String] {
        [
            "Spec: \(r.provenance.spec) (SHA-256 \(r.provenance.specSHA256))", "Data cut-off: \(r.provenance.cutoff)",
            "Engine: \(r.provenance.engine)",
        ]
            + r.provenance.inputs.map { "Input \($0.file): SHA-256 \($0.sha256)" }
    }

    /// Every table of the readout, as the writers show them (built with their ARD rows by `AnalysisResults`).
    static func tables(_ r: ReadoutResult) -> [(String, Table)] {
        AnalysisResults.tables(r).map { ($0.name, $0.table) }
    }

    static func markdownTable(_ t: Table) -> String {
        func esc(_ s: String) -> String { s.utf8.contains(0x7C) ? s.replacingOccurrences(of: "|", with: "\\|") : s }
        var s = "| " + t.header.map(esc).joined(separator: " | ") + " |\n"
        s += "|" + t.header.map { _ in "---" }.joined(separator: "|") + "|\n"
        for r in t.rows { s += "| " + r.map(esc).joined(separator: " | ") + " |\n" }
        return s
    }

    static let titles = [
        "response": "Objective response", "unconfirmed": "Unconfirmed responses",
        "baseline": "Baseline characteristics",
        "exposure": "Exposure and disposition", "populations": "Populations", "followup": "Follow-up",
        "timetoevent": "Time to event",
    ]
    static let notes = [
        "timetoevent": "Kaplan–Meier medians with Brookmeyer–Crowley intervals; NR: not reached.",
        "response": "Counts by confirmed best overall response; intervals exact unless the spec says otherwise.",
    ]

    /// The readout as one Markdown document: narrative, figures, every table and the provenance.
    public static func markdown(_ r: ReadoutResult, figures: [ReportFigure] = []) -> String {
        var s = "# \(r.title)\n\n"
        s += r.narrative.joined(separator: " ") + "\n\n"
        if !figures.isEmpty {
            s +=
                "## Figures\n\n" + figures.map { "![\($0.title)](figures/\($0.name).svg)" }.joined(separator: "\n\n")
                + "\n\n"
        }
        for (name, t) in tables(r) {
            s += "## \(titles[name] ?? name)\n\n" + (notes[name].map { $0 + "\n\n" } ?? "") + markdownTable(t) + "\n"
        }
        s += "## Provenance\n\n" + provenanceLines(r).map { "- " + $0 }.joined(separator: "\n") + "\n"
        return s
    }

    /// The readout as one self-contained HTML page, figures inline.
    public static func html(_ r: ReadoutResult, figures: [ReportFigure] = []) -> String {
        let all = tables(r)
        var s = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Markup.escape(r.title))</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:72rem;margin:2rem auto;
            padding:0 1rem;
            color:#1a1a1a;line-height:1.45}
            nav a{margin-right:1rem}table{border-collapse:collapse;margin:0.5rem 0 1.5rem;font-size:0.9rem}
            th,td{border:1px solid #bbb;padding:0.25rem 0.5rem;text-align:left;vertical-align:top}th{background:#eee}
            td.num{text-align:right}
            .scroll{overflow-x:auto}.note{font-size:0.85rem;color:#444}
            figure{margin:1rem 0}figure svg{max-width:100%;height:auto;border:1px solid #ddd}
            figcaption{font-size:0.85rem;color:#444}
            .prov{font-size:0.8rem;color:#444;word-break:break-all}
            </style></head><body>
            <h1>\(Markup.escape(r.title))</h1>
            <nav><a href="#figures">Figures\
            </a>\(all.map { "<a href=\"#\($0.0)\">\(Markup.escape(titles[$0.0] ?? $0.0))</a>" }.joined())\
            <a href="#provenance">Provenance</a></nav>
            <section id="narrative"><h2>Summary\
            </h2>\(r.narrative.map { "<p>\(Markup.escape($0))</p>" }.joined(separator: "\n"))</section>

            """
        if !figures.isEmpty {
            s += "<section id=\"figures\"><h2>Figures</h2>\n"
            for f in figures {
                // Inline SVG (no file, no script); the XML prolog-free document embeds as is.
                s +=
                    "<figure id=\"figure-\(f.name)\" "
                    + "class=\"figure\">\(f.svg)<figcaption>\(Markup.escape(f.title))</figcaption></figure>\n"
            }
            s += "</section>\n"
        }
        for (name, t) in all {
            s += "<section id=\"\(name)\"><h2>\(Markup.escape(titles[name] ?? name))</h2>"
            if let note = notes[name] { s += "<p class=\"note\">\(Markup.escape(note))</p>" }
            s += "<div class=\"scroll\"><table><thead><tr>"
            s += t.header.map { "<th>\(Markup.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            for row in t.rows {
                s +=
                    "<tr>"
                    + row.map { v in
                        let numeric = !v.isEmpty && v.allSatisfy { "0123456789.-–".contains($0) }
                        return numeric ? "<td class=\"num\">\(Markup.escape(v))</td>" : "<td>\(Markup.escape(v))</td>"
                    }.joined() + "</tr>\n"
            }
            s += "</tbody></table></div></section>\n"
        }
        s +=
            "<section id=\"provenance\" class=\"prov\"><h2>Provenance</h2><ul>"
            + provenanceLines(r).map { "<li>\(Markup.escape($0))</li>" }.joined() + "</ul></section>\n"
        s += "</body></html>\n"
        return s
    }

    /// The subject-level dataset as a Dataset: numbers and dates typed, the rest text.
    static func subjectDataset(_ level: SubjectLevel) -> Dataset {
        var variables = [Variable(name: "USUBJID", label: "Unique Subject Identifier")]
        var columns: [Column] = [.text(TextColumn(level.subjects))]
        for name in level.names {
            let values = level.columns[name]!
            let label = level.labels[name]
            if values.allSatisfy({
                if case .text = $0 { return false }
                if case .bool = $0 { return false }
                return true
            }) {
                let isDate = values.contains {
                    if case .date = $0 { return true }
                    return false
                }
                let numbers = values.map { v -> Double in
                    switch v {
                    case .number(let d): return d
                    case .date(let d): return Double(d.dayNumber)
                    default: return .nan
                    }
                }
                variables.append(
                    Variable(name: name, label: label, type: isDate ? .date : .float, format: isDate ? "DATE9." : nil))
                columns.append(.number(NumberColumn(numbers)))
            } else {
                variables.append(Variable(name: name, label: label))
                columns.append(
                    .text(
                        TextColumn(
                            values.map { v -> String in
                                switch v {
                                case .text(let s): return s
                                case .missing: return ""
                                case .bool(let b): return b ? "Y" : "N"
                                case .number(let d): return formatNumber(d)
                                case .date(let d): return d.iso
                                }
                            })))
            }
        }
        return Dataset(
            name: "ADSL", label: "Subject-Level Analysis Dataset (Readout)", variables: variables, columns: columns,
            source: DataSource(path: "adsl", format: .csv))
    }

}

import ReadoutCore
import ReadoutData
import ReadoutResponse

extension CutComparison {
    /// The output formats of `readout compare`.
    public enum Format: String, Sendable, CaseIterable {
        case text, markdown, html, json
    }

    /// The comparison as its sections: a title, a note and a table each.
    func sections() -> [(title: String, note: String, table: Table)] {
        var cuts = Table(name: "cuts", header: ["Cut", "Folder", "Cut-off", "Subjects"])
        cuts.add(["first", first.folder, first.cutoff.iso, String(firstSubjects)])
        cuts.add(["second", second.folder, second.cutoff.iso, String(secondSubjects)])
        var subjects = Table(name: "subjects", header: ["Subject", "Change"])
        for s in subjectsAdded { subjects.add([s, "added"]) }
        for s in subjectsRemoved { subjects.add([s, "removed"]) }
        var responses = Table(
            name: "responses",
            header: ["Subject", "Parameter", "First", "Second", "First explanation", "Second explanation"])
        for c in responseChanges {
            responses.add([
                c.subject, c.parameter, c.criteria.rules.label(c.first), c.criteria.rules.label(c.second),
                c.firstExplanation, c.secondExplanation,
            ])
        }
        var confirmed = Table(
            name: "confirmed", header: ["Subject", "First CBOR", "Second CBOR", "Confirmed on", "Explanation"])
        for c in newlyConfirmed {
            let l = c.criteria.rules.label
            confirmed.add([c.subject, l(c.firstCBOR), l(c.secondCBOR), c.confirmation?.iso ?? "", c.explanation])
        }
        var behind = Table(
            name: "behind",
            header: ["Domain", "Record", "Change", "Variable", "First", "Second", "First location", "Second location"])
        for r in behindTheCut {
            let rows = r.differences.isEmpty ? [("", "", "")] : r.differences
            for d in rows {
                behind.add([
                    r.domain, r.key, r.kind.rawValue, d.0, d.1, d.2, r.firstLocation ?? "", r.secondLocation ?? "",
                ])
            }
        }
        var out: [(String, String, Table)] = [
            ("Cuts", "Each study folder read at its cut-off.", cuts),
            ("Subjects added or removed", "Subjects (DM) in one cut and not the other.", subjects),
            (
                "Best responses that changed",
                "BOR and confirmed BOR (CBOR) of subjects in both cuts, with why in each.", responses
            ),
            (
                "Responses confirmed since the first cut",
                "Confirmed responders at the second cut who were not at the first.", confirmed
            ),
            (
                "Data changed behind the cut",
                "Records dated on or before the first cut-off (and undated ones) that differ between the first "
                    + "extract and the second read at the first cut-off: \(behindTheCut.count) of "
                    + "\(recordsCompared) records.", behind
            ),
        ]
        if let figures {
            var f = Table(
                name: "figures", header: ["Table", "Population", "Row", "Column", "First", "Second", "Change"])
            for x in figures {
                f.add([
                    x.table, x.population, x.row, x.column, x.first?.formatted ?? "", x.second?.formatted ?? "",
                    x.change.map { NumberFormat.trimmed($0, decimals: 4) } ?? "",
                ])
            }
            out.append(
                (
                    "Readout figures side by side",
                    "Every statistic of the spec's readout (\(specPath ?? "")) in both cuts.",
                    f
                ))
        }
        return out
    }

    /// The comparison in `format`.
    public func render(_ format: Format) -> String {
        let title = "Data cuts compared: \(first.cutoff.iso) and \(second.cutoff.iso)"
        switch format {
        case .json: return contract()
        case .text:
            var s = title + "\n"
            for (t, note, table) in sections() {
                s += "\n\(t)\n\(note)\n"
                s +=
                    table.rows.isEmpty
                    ? "  none\n" : textTable(header: table.header, rows: table.rows)
            }
            return s
        case .markdown:
            var s = "# \(title)\n"
            for (t, note, table) in sections() {
                s += "\n## \(t)\n\n\(note)\n\n"
                s += table.rows.isEmpty ? "None.\n" : ReportWriter.markdownTable(table)
            }
            return s
        case .html:
            var s =
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>\(Markup.escape(title))</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:80rem;margin:2rem auto;padding:0 1rem}"
                + "table{border-collapse:collapse;font-size:0.9rem}th,td{border:1px solid #bbb;padding:0.2rem 0.4rem;"
                + "text-align:left;vertical-align:top}th{background:#eee}</style></head><body>\n"
            s += "<h1>\(Markup.escape(title))</h1>\n"
            for (t, note, table) in sections() {
                s += "<section><h2>\(Markup.escape(t))</h2><p>\(Markup.escape(note))</p>"
                if table.rows.isEmpty {
                    s += "<p>None.</p>"
                } else {
                    s += "<table><thead><tr>" + table.header.map { "<th>\(Markup.escape($0))</th>" }.joined()
                    s += "</tr></thead><tbody>\n"
                    for r in table.rows { s += "<tr>" + r.map { "<td>\(Markup.escape($0))</td>" }.joined() + "</tr>\n" }
                    s += "</tbody></table>"
                }
                s += "</section>\n"
            }
            return s + "</body></html>\n"
        }
    }

    /// The compare document of the results contract (compare.schema.json).
    public func contract() -> String {
        var o = ResultsContract.envelope("compare")
        func cut(_ c: Cut, _ n: Int) -> JSONObject {
            var x = JSONObject()
            x.add("folder", c.folder)
            x.add("cutoff", c.cutoff)
            x.add("subjects", n)
            return x
        }
        o.add("first", cut(first, firstSubjects))
        o.add("second", cut(second, secondSubjects))
        o.add("subjectsAdded", subjectsAdded)
        o.add("subjectsRemoved", subjectsRemoved)
        o.add(
            "responseChanges",
            responseChanges.map { c in
                var x = JSONObject()
                x.add("USUBJID", c.subject)
                x.add("PARAMCD", c.parameter)
                for (key, r, why) in [("first", c.first, c.firstReason), ("second", c.second, c.secondReason)] {
                    var y = JSONObject()
                    y.add("AVALC", c.criteria.rules.label(r))
                    y.add("explanation", why.contract(in: c.criteria))
                    x.add(key, y)
                }
                return x
            })
        o.add(
            "newlyConfirmed",
            newlyConfirmed.map { c in
                var x = JSONObject()
                x.add("USUBJID", c.subject)
                x.add("firstCBOR", c.criteria.rules.label(c.firstCBOR))
                x.add("secondCBOR", c.criteria.rules.label(c.secondCBOR))
                x.add("confirmationDate", c.confirmation)
                x.add("explanation", c.explanation)
                return x
            })
        o.add("recordsCompared", recordsCompared)
        o.add(
            "behindTheCut",
            behindTheCut.map { r in
                var x = JSONObject()
                x.add("domain", r.domain)
                x.add("record", r.key)
                x.add("change", r.kind.rawValue)
                x.add(
                    "differences",
                    r.differences.map { d in
                        var y = JSONObject()
                        y.add("variable", d.variable)
                        y.add("first", d.first)
                        y.add("second", d.second)
                        return y
                    })
                x.add("firstLocation", r.firstLocation)
                x.add("secondLocation", r.secondLocation)
                return x
            })
        o.add("spec", specPath)
        o.add(
            "figures",
            figures.map { list in
                list.map { f in
                    var x = JSONObject()
                    x.add("table", f.table)
                    x.add("population", f.population)
                    x.add("row", f.row)
                    x.add("column", f.column)
                    func side(_ a: ARDRow?) -> JSONObject? {
                        guard let a else { return nil }
                        var y = JSONObject()
                        y.add("value", a.value)
                        y.add("upperValue", a.upperValue)
                        y.add("formatted", a.formatted)
                        return y
                    }
                    x.add("first", side(f.first))
                    x.add("second", side(f.second))
                    x.add("change", f.change)
                    return x
                }
            })
        return JSONValue.object(o).rendered()
    }
}

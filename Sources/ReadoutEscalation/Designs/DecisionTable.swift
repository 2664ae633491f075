import ReadoutCore

/// A design's decision table as a protocol prints it: for each number treated at the current dose,
/// the DLT counts that escalate, stay, de-escalate and eliminate.
public struct DecisionTable: Sendable, Codable {
    public var design: String
    public var parameters: [[String]]
    /// Per number treated n (1...maxN): decision for each y in 0...n.
    public var rows: [Row]

    /// The decisions for one number treated.
    public struct Row: Sendable, Codable {
        public var treated: Int
        public var decisions: [Decision]
    }

    /// Decisions at a middle dose of a 5-level trial with no other data (the usual protocol table).
    public init(design: any EscalationDesign, maxTreated: Int) {
        self.design = design.name
        parameters = design.parameters.map { [$0.0, $0.1] }
        rows = (1...maxTreated).map { n in
            Row(
                treated: n,
                decisions: (0...n).map { y in
                    var data = DoseData(levels: 5)
                    data.treated[2] = n
                    data.dlts[2] = y
                    return design.decide(current: 2, data: data)
                })
        }
    }

    /// The largest y that escalates, the smallest that de-escalates, the smallest that eliminates.
    func summary(_ r: Row) -> (String, String, String) {
        let esc = r.decisions.lastIndex(of: .escalate).map(String.init) ?? "NA"
        let de = r.decisions.firstIndex { $0 == .deEscalate || $0 == .eliminate }.map(String.init) ?? "NA"
        let el = r.decisions.firstIndex(of: .eliminate).map(String.init) ?? "NA"
        return (esc, de, el)
    }

    /// The formats a decision table prints in.
    public enum Format: String, Sendable, CaseIterable {
        /// Aligned text, as a protocol shows it.
        case text
        /// A Markdown table.
        case markdown
        /// CSV of treated, dlts, decision, which `TableDesign.parse` reads back.
        case csv
        /// The escalate document of the results contract (escalate.schema.json).
        case json
    }

    /// The table in `format`.
    public func render(_ format: Format) -> String {
        switch format {
        case .text: return text()
        case .markdown: return markdown()
        case .csv: return csv()
        case .json: return EscalationContract.table(self)
        }
    }

    /// The table as a protocol prints it.
    public func text() -> String {
        var out = "\(design) decision table\n"
        for p in parameters { out += "  \(p[0]): \(p[1])\n" }
        out += "\n"
        let header = ["Number of patients treated at the current dose"] + rows.map { String($0.treated) }
        let s = rows.map(summary)
        let lines = [
            ["Escalate if # of DLT <="] + s.map(\.0), ["De-escalate if # of DLT >="] + s.map(\.1),
            ["Eliminate if # of DLT >="] + s.map(\.2),
        ]
        var widths = header.map(\.count)
        for l in lines { for (i, c) in l.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == 0
                    ? c.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  ")
        }
        out += line(header) + "\n"
        for l in lines { out += line(l) + "\n" }
        out += "(NA: not possible at that number of patients)\n"
        return out
    }

    /// The table in Markdown.
    public func markdown() -> String {
        var out = "**\(design)** — " + parameters.map { "\($0[0]): \($0[1])" }.joined(separator: "; ") + "\n\n"
        out += "| Number of patients treated | " + rows.map { String($0.treated) }.joined(separator: " | ") + " |\n"
        out += "|---|" + rows.map { _ in "---" }.joined(separator: "|") + "|\n"
        let s = rows.map(summary)
        out += "| Escalate if # of DLT ≤ | " + s.map(\.0).joined(separator: " | ") + " |\n"
        out += "| De-escalate if # of DLT ≥ | " + s.map(\.1).joined(separator: " | ") + " |\n"
        out += "| Eliminate if # of DLT ≥ | " + s.map(\.2).joined(separator: " | ") + " |\n"
        return out
    }

    /// The table as CSV of treated, dlts, decision.
    public func csv() -> String {
        var out = "treated,dlts,decision\n"
        for r in rows { for (y, d) in r.decisions.enumerated() { out += "\(r.treated),\(y),\(d.rawValue)\n" } }
        return out
    }
}

import Foundation
import ReadoutCore
import ReadoutData
import ReadoutFigures
import ReadoutStatistics

/// One shard's (or the whole run's) raw results, mergeable exactly.
public struct SimulationOutput: Codable, Sendable {
    public var seed: UInt64
    public var trials: Int
    public var doses: [String]
    public var results: [Entry]
    /// Each design's parameters as the protocol states them (name, value pairs).
    public var designs: [DesignInfo]?
    /// A design's label, name and parameters as the protocol states them.
    public struct DesignInfo: Codable, Sendable {
        public var label: String
        public var name: String
        public var parameters: [[String]]
        /// A design's description.
        public init(label: String, name: String, parameters: [[String]]) {
            self.label = label
            self.name = name
            self.parameters = parameters
        }
    }
    /// The operating characteristics of one design in one scenario.
    public struct Entry: Codable, Sendable {
        public var scenario: String
        public var design: String
        var trueMTD: Int
        public var oc: OperatingCharacteristics
        public var truth: [Double]?
        /// The nonparametric optimal benchmark: selections only.
        public var benchmark: Bool?
        /// An entry of a scenario and design.
        public init(
            scenario: String, design: String, trueMTD: Int, oc: OperatingCharacteristics, truth: [Double]? = nil,
            benchmark: Bool? = nil
        ) {
            self.scenario = scenario
            self.design = design
            self.trueMTD = trueMTD
            self.oc = oc
            self.truth = truth
            self.benchmark = benchmark
        }
    }
    public var target: Double?
    /// Exact operating characteristics by enumeration (`trials` is then the scale, 10⁹).
    public var exact: Bool?
    /// The SHA-256 of the simulation file's text: shards of one simulation come from one file.
    public var fileSHA256: String?
    /// Which slice of the trials this output holds; nil for a whole run (and after merging).
    public var shard: ShardInfo?

    /// The slice of a shard's output, `index` of `count`.
    public struct ShardInfo: Codable, Sendable, Equatable {
        /// Which shard, 1 to `count`.
        public var index: Int
        /// How many shards the simulation was split into.
        public var count: Int
        /// `scenarios` for a slice of the scenarios; nil for a slice of the trials.
        public var by: ShardDimension?

        /// Shard `index` of `count`, slicing `by`.
        public init(index: Int, count: Int, by: ShardDimension? = nil) {
            self.index = index
            self.count = count
            self.by = by
        }
    }

    /// An output of the simulation of `seed` over `trials` trials.
    public init(
        seed: UInt64, trials: Int, doses: [String], results: [Entry], designs: [DesignInfo]? = nil,
        target: Double? = nil, exact: Bool? = nil
    ) {
        self.seed = seed
        self.trials = trials
        self.doses = doses
        self.results = results
        self.designs = designs
        self.target = target
        self.exact = exact
    }

    /// Adds a shard of the same simulation; nil when `part` is not one (seed, scenarios and designs differ).
    public mutating func merge(_ part: SimulationOutput) -> Bool {
        if shard?.by == .scenarios || part.shard?.by == .scenarios {
            // Scenario shards hold whole scenarios: their results follow one another.
            guard part.seed == seed, part.fileSHA256 == fileSHA256, part.trials == trials, shard?.by == part.shard?.by,
                Set(part.results.map(\.scenario)).isDisjoint(with: results.map(\.scenario))
            else { return false }
            results += part.results
            return true
        }
        guard part.seed == seed, part.fileSHA256 == fileSHA256,
            part.results.map({ $0.scenario + "\u{1}" + $0.design })
                == results.map({ $0.scenario + "\u{1}" + $0.design })
        else { return false }
        trials += part.trials
        for i in results.indices { results[i].oc.add(part.results[i].oc) }
        return true
    }
}

/// The simulation's tables (text, Markdown, CSV, JSON, HTML) and figures.
public enum SimulationReport {
    /// The output formats of `readout simulate`.
    public enum Format: String, Sendable, CaseIterable {
        /// Aligned text tables.
        case text
        /// Markdown tables.
        case markdown
        /// The full table as CSV.
        case csv
        /// One self-contained page of tables and figures.
        case html
        /// The raw sums, which `--merge` combines.
        case json
    }

    /// With --exact the benchmark is still simulated: say how.
    static func benchmarkNote(_ o: SimulationOutput) -> String {
        guard let b = o.results.first(where: { $0.benchmark == true }) else { return "" }
        return "; the benchmark rows are simulated, \(b.oc.trials) trials, seed \(o.seed)"
    }

    /// The scenarios in the order they were simulated.
    static func scenarios(_ o: SimulationOutput) -> [String] {
        var out: [String] = []
        for r in o.results where !out.contains(r.scenario) { out.append(r.scenario) }
        return out
    }

    /// One self-contained page: the comparison, each scenario's figures and full table, the designs.
    static func html(
        _ o: SimulationOutput, header: [String], rows: [[String]], compareHeader: [String], compareRows: [[String]],
        gridRows: (title: String, header: [String], rows: [[String]])? = nil
    ) -> String {
        func table(_ h: [String], _ rs: [[String]]) -> String {
            "<div class=\"scroll\"><table><thead><tr>" + h.map { "<th>\(Markup.escape($0))</th>" }.joined()
                + "</tr></thead><tbody>\n"
                + rs.map { r in
                    "<tr>"
                        + r.enumerated().map { i, v in
                            i >= 2 ? "<td class=\"num\">\(Markup.escape(v))</td>" : "<td>\(Markup.escape(v))</td>"
                        }.joined() + "</tr>\n"
                }.joined()
                + "</tbody></table></div>\n"
        }
        let title =
            o.exact == true
            ? "Exact operating characteristics: every possible trial, enumerated"
            : "Operating characteristics: \(o.trials) simulated trials per scenario and design"
        let note = o.exact == true ? "No Monte Carlo error\(benchmarkNote(o))." : "Seed \(o.seed)."
        let targetText = o.target.map { " (\(fmt($0)))" } ?? ""
        var s = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Markup.escape(title))</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:80rem;margin:2rem auto;
            padding:0 1rem;
            color:#1a1a1a;line-height:1.45}
            table{border-collapse:collapse;margin:0.5rem 0 1.5rem;font-size:0.85rem}
            th,td{border:1px solid #bbb;padding:0.2rem 0.45rem;text-align:left;vertical-align:top}
            th{background:#eee}td.num{text-align:right}.scroll{overflow-x:auto}.note{font-size:0.85rem;color:#444}
            figure{margin:1rem 0;display:inline-block;max-width:49%}
            figure svg{max-width:100%;height:auto;border:1px solid #ddd}
            </style></head><body>
            <h1>\(Markup.escape(title))</h1>
            <p class="note">\(note) True MTD: the dose whose true DLT rate is closest to the target\(targetText). \
            Definitions: docs/simulation.md.</p>
            <section id="comparison"><h2>Comparison of designs</h2>
            """
        s += table(compareHeader, compareRows) + "</section>\n"
        if let grid = gridRows {
            s +=
                "<section id=\"grid\"><h2>\(Markup.escape(grid.title))</h2>" + table(grid.header, grid.rows)
                + "</section>\n"
        }
        for (k, name) in scenarios(o).enumerated() {
            let entries = o.results.filter { $0.scenario == name }
            s += "<section id=\"scenario\(k + 1)\"><h2>\(Markup.escape(name))</h2>"
            if let truth = entries.first?.truth {
                s +=
                    "<p class=\"note\">True DLT probabilities: "
                    + zip(o.doses, truth).map { "\(Markup.escape($0.0)): \(fmt($0.1))" }.joined(separator: ", ")
                    + "</p>"
            }
            for figure in SimulationFigures.figures(
                doses: o.doses, scenario: name, trueMTD: entries[0].trueMTD, results: entries.map { ($0.design, $0.oc) }
            ) {
                s += "<figure>\(figure.svg)</figure>"
            }
            s += table(header, rows.filter { $0.first == name }) + "</section>\n"
        }
        if let designs = o.designs, !designs.isEmpty {
            s += "<section id=\"designs\"><h2>Designs</h2>"
            for d in designs {
                s +=
                    "<h3>\(Markup.escape(d.label)) <small>(\(Markup.escape(d.name)))</small></h3>"
                    + table(["Parameter", "Value"], d.parameters)
            }
            s += "</section>\n"
        }
        return s + "</body></html>\n"
    }

    /// Writes each scenario's figures as SVG into `dir`.
    public static func writeFigures(_ o: SimulationOutput, to dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (k, name) in scenarios(o).enumerated() {
            let rows = o.results.filter { $0.scenario == name }
            for figure in SimulationFigures.figures(
                doses: o.doses, scenario: name, trueMTD: rows[0].trueMTD, results: rows.map { ($0.design, $0.oc) })
            {
                try figure.svg.write(
                    toFile: dir + "/scenario\(k + 1)-\(figure.name).svg", atomically: true, encoding: .utf8)
            }
        }
    }

    /// The simulate document of the results contract (simulate.schema.json): the envelope, then
    /// the exact integer sums that shards add up (`SimulationOutput.merge(files:)` reads it back).
    public static func contract(_ o: SimulationOutput) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let body = String(decoding: try! e.encode(o), as: UTF8.self)
        let envelope = ResultsContract.envelope("simulate").members.map { m in
            var member = "  "
            JSONValue.quote(m.key, into: &member)
            return member + " : " + m.value.rendered().dropLast()
        }
        return "{\n" + envelope.joined(separator: ",\n") + ",\n" + body.dropFirst(2) + "\n"
    }

    /// The output in `format`.
    public static func render(_ o: SimulationOutput, format: Format) -> String {
        if format == .json { return contract(o) }
        // Exact results deserve a second decimal. Each row is divided by its own number of trials
        // (with --exact the benchmark is still simulated).
        let digits = o.exact == true ? 2 : 1
        func percent(_ trials: Int) -> (Int) -> String {
            { k in NumberFormat.percent(k, of: max(1, trials), decimals: digits) }
        }
        func average(_ trials: Int) -> (Int) -> String {
            { k in NumberFormat.fixed(Double(k) / Double(max(1, trials)), decimals: 1) }
        }
        func share(_ part: Int, of n: Int) -> String { n == 0 ? "-" : NumberFormat.percent(part, of: n, decimals: 1) }
        func days(_ total: Int, _ trials: Int) -> String {
            NumberFormat.fixed(Double(total) / Double(max(1, trials)), decimals: 0)
        }
        let anyBackfill = o.results.contains { $0.oc.backfillPatients.contains { $0 > 0 } }
        let anyExpansion = o.results.contains { $0.oc.expansionPatients.contains { $0 > 0 } }
        let anyResponse = o.results.contains { $0.oc.responders.contains { $0 > 0 } }
        let anyOverdose = o.results.contains { $0.oc.overdoseTrials > 0 }
        let anyTurnedAway = o.results.contains { $0.oc.turnedAway > 0 }
        var header =
            ["Scenario", "Design"] + o.doses.map { "Sel % \($0)" } + ["Sel % none"] + o.doses.map { "n \($0)" }
            + [
                "Mean n", "Mean DLTs", "% stopped early", "% ended by rule", "% patients above MTD",
                "% selecting above MTD", "Mean days",
            ]
        if anyBackfill { header.append("Mean backfill") }
        if anyExpansion { header += ["Mean expansion", "% escalation = final MTD"] }
        if anyResponse { header.append("Mean responders") }
        if anyOverdose { header.append("Mean P(overdose) at MTD") }
        if anyTurnedAway { header.append("Mean turned away") }
        var rows: [[String]] = []
        for r in o.results {
            let oc = r.oc
            let n = oc.totalPatients
            let pct = percent(oc.trials)
            let mean = average(oc.trials)
            if r.benchmark == true {
                rows.append(
                    [r.scenario, r.design] + oc.selected.map(pct)
                        + Array(repeating: "-", count: header.count - 2 - oc.selected.count))
                continue
            }
            var row = [r.scenario, r.design] + oc.selected.map(pct) + oc.patients.map(mean)
            row += [
                mean(n), mean(oc.dlts.reduce(0, +)), pct(oc.stoppedEarly), pct(oc.endedByRule),
                share(oc.patientsAboveMTD, of: n),
                pct(oc.selectedAboveMTD), days(oc.durationDays, oc.trials),
            ]
            if anyBackfill { row.append(mean(oc.backfillPatients.reduce(0, +))) }
            if anyExpansion {
                let same = zip(oc.selected, oc.selectedAfterEscalation).map { min($0, $1) }.reduce(0, +)
                row += [mean(oc.expansionPatients.reduce(0, +)), pct(same)]
            }
            if anyResponse { row.append(mean(oc.responders.reduce(0, +))) }
            if anyOverdose {
                row.append(
                    oc.overdoseTrials == 0
                        ? "-"
                        : NumberFormat.fixed(Double(oc.overdoseMicros) / 1e6 / Double(oc.overdoseTrials), decimals: 3))
            }
            if anyTurnedAway { row.append(mean(oc.turnedAway)) }
            rows.append(row)
        }
        // Across designs, per scenario: the figures a design comparison turns on.
        let compareHeader = [
            "Scenario", "Design", "True MTD", "% selecting true MTD", "% selecting above", "% selecting none",
            "Accuracy index", "% patients at MTD",
            "% patients above MTD", "Mean n", "Mean days",
        ]
        let compareRows: [[String]] = o.results.map { r in
            let oc = r.oc
            let n = oc.totalPatients
            let pct = percent(oc.trials)
            let mean = average(oc.trials)
            let accuracy =
                r.truth.flatMap {
                    accuracyIndex(truth: $0, target: o.target ?? 0.3, selected: oc.selected, trials: oc.trials)
                }.map { NumberFormat.fixed($0, decimals: 3) } ?? "-"
            let head = [
                r.scenario, r.design, o.doses[r.trueMTD], pct(oc.selected[r.trueMTD]), pct(oc.selectedAboveMTD),
                pct(oc.selected.last ?? 0), accuracy,
            ]
            if r.benchmark == true { return head + ["-", "-", "-", "-"] }
            return head + [
                share(oc.patients[r.trueMTD], of: n), share(oc.patientsAboveMTD, of: n), mean(n),
                days(oc.durationDays, oc.trials),
            ]
        }
        let (gridHeader, gridRows) = gridSummary(o, decimals: digits)
        let gridTitle = "Summary over the \(scenarios(o).count) scenarios"
        switch format {
        case .html:
            return html(
                o, header: header, rows: rows, compareHeader: compareHeader, compareRows: compareRows,
                gridRows: gridRows.isEmpty ? nil : (gridTitle, gridHeader, gridRows))
        case .csv:
            var tab = Table(name: "simulation", header: header)
            for r in rows { tab.add(r) }
            return tab.csv()
        case .markdown:
            func md(_ h: [String], _ rs: [[String]]) -> String {
                "| " + h.joined(separator: " | ") + " |\n|" + h.map { _ in "---" }.joined(separator: "|") + "|\n"
                    + rs.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n") + "\n"
            }
            let designs = (o.designs ?? []).map { d in
                "\n**\(d.label)** (\(d.name))\n\n" + md(["Parameter", "Value"], d.parameters)
            }.joined()
            return md(header, rows) + "\n**Comparison of designs**\n\n" + md(compareHeader, compareRows)
                + (gridRows.isEmpty ? "" : "\n**\(gridTitle)**\n\n" + md(gridHeader, gridRows))
                + (designs.isEmpty ? "" : "\n**Designs**\n" + designs)
        case .text, .json:
            let intro =
                o.exact == true
                ? "Exact operating characteristics: every possible trial enumerated with its probability (no Monte "
                    + "Carlo error\(benchmarkNote(o)))"
                : "\(o.trials) trials per scenario and design (seed \(o.seed))"
            return intro
                + "; selection percentages and mean patients per dose; true MTD: the dose whose true DLT rate is "
                + "closest to the target.\n\n"
                + textTable(header: header, rows: rows, rightAligned: Set(2..<header.count))
                + "\nComparison of designs\n\n"
                + textTable(header: compareHeader, rows: compareRows, rightAligned: Set(3..<compareHeader.count))
                + (gridRows.isEmpty
                    ? ""
                    : "\n\(gridTitle)\n\n"
                        + textTable(header: gridHeader, rows: gridRows, rightAligned: Set(1..<gridHeader.count)))
                + ((o.designs ?? []).isEmpty
                    ? ""
                    : "\nDesigns\n"
                        + (o.designs ?? []).map { d in
                            "\n\(d.label) (\(d.name))\n" + d.parameters.map { "  \($0[0]): \($0[1])\n" }.joined()
                        }.joined())
        }
    }

    /// For each design over every scenario (two or more): the mean and the worst percentage of
    /// trials selecting the true MTD, and of patients above it. The benchmark is left out.
    static func gridSummary(_ o: SimulationOutput, decimals: Int) -> ([String], [[String]]) {
        let header = [
            "Design", "Scenarios", "Mean % selecting true MTD", "Worst % selecting true MTD",
            "Mean % patients above MTD", "Worst % patients above MTD",
        ]
        guard scenarios(o).count >= 2 else { return (header, []) }
        var order: [String] = []
        for r in o.results where r.benchmark != true && !order.contains(r.design) { order.append(r.design) }
        func fixed(_ v: Double) -> String { NumberFormat.fixed(v, decimals: decimals) }
        let rows: [[String]] = order.map { design in
            let entries = o.results.filter { $0.design == design && $0.benchmark != true }
            let correct = entries.map { Double($0.oc.selected[$0.trueMTD]) / Double(max(1, $0.oc.trials)) * 100 }
            let above = entries.map { Double($0.oc.patientsAboveMTD) / Double(max(1, $0.oc.totalPatients)) * 100 }
            let n = Double(max(1, entries.count))
            return [
                design, String(entries.count), fixed(correct.reduce(0, +) / n), fixed(correct.min() ?? 0),
                fixed(above.reduce(0, +) / n), fixed(above.max() ?? 0),
            ]
        }
        return (header, rows)
    }
}

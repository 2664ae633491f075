import ReadoutCore
import ReadoutStatistics

/// One statistic of a readout, as analysis results data (ARD) lists it: which analysis, in which
/// population, grouped how, by which method and operation; its value; the text a table shows; and
/// the table cell that shows it. docs/results-contract.md ("ard.json") documents every field.
public struct ARDRow: Sendable, Equatable {
    /// The analysis: `response`, `baseline`, `exposure`, `populations`, `followup`, `timetoevent`, `unconfirmed`.
    public var analysis: String
    /// The population or subgroup (its spec name), and the population a subgroup is taken from.
    public var population: String
    public var parentPopulation: String?
    /// What the statistic is grouped by, and the group: `CBOR` and `PR`, or a table line's label.
    public var groupingVariable: String?
    public var groupingLevel: String?
    /// The method: `count`, `clopper-pearson` (and the other intervals), `kaplan-meier`, `summary-sas5`, ...
    public var method: String
    /// The operation of the method: `n`, `N`, `count`, `percent`, `lower`, `upper`, `median`, ...
    public var operation: String
    /// The value, unrounded (percentages in percent, times in their unit); nil where none exists (NR).
    /// For an interval or a range (`ci-lower-upper`, `min-max`), the lower end.
    public var value: Double?
    /// The upper end of an interval or range; nil otherwise.
    public var upperValue: Double?
    public var unit: String?
    /// The text the table shows.
    public var formatted: String
    /// The table (file stem: `response` is response.csv and the "Objective response" section), row and column.
    public var table: String
    public var row: Int
    public var column: String

    /// The row's identifier: `table/row/column`, unique in a readout.
    public var id: String { "\(table)/\(row)/\(column)" }
}

/// A table of the readout with, for every number it shows, its ARD row.
public struct ReportTable: Sendable {
    public var name: String
    public var table: Table
    public var ard: [ARDRow] = []

    /// What a row's statistics share: their analysis, population and grouping.
    struct RowContext {
        var analysis: String
        var population: String
        var parent: String? = nil
        var method: String = "count"
        var groupingVariable: String? = nil
        var groupingLevel: String? = nil
    }

    /// A statistic as a cell shows it.
    struct Stat {
        var operation: String
        var value: Double?
        var upper: Double? = nil
        var text: String
        var method: String? = nil
        var unit: String? = nil
        var grouping: (String, String)? = nil
    }

    /// A cell: text, or a statistic shown as its text.
    enum Cell {
        case text(String)
        case stat(Stat)

        static func stat(
            _ operation: String, _ value: Double?, _ text: String, upper: Double? = nil, method: String? = nil,
            unit: String? = nil
        ) -> Cell {
            .stat(Stat(operation: operation, value: value, upper: upper, text: text, method: method, unit: unit))
        }

        static func count(_ n: Int, _ operation: String = "count", grouping: (String, String)? = nil) -> Cell {
            .stat(Stat(operation: operation, value: Double(n), text: String(n), grouping: grouping))
        }

        /// The same statistic, grouped by `variable` = `level`.
        func grouped(_ variable: String, _ level: String) -> Cell {
            guard case .stat(var s) = self else { return self }
            s.grouping = (variable, level)
            return .stat(s)
        }
    }

    init(name: String, header: [String]) {
        self.name = name
        table = Table(name: name, header: header)
    }

    mutating func add(_ context: RowContext, _ cells: [Cell]) {
        let row = table.rows.count + 1
        var texts: [String] = []
        for (k, cell) in cells.enumerated() {
            switch cell {
            case .text(let s): texts.append(s)
            case .stat(let s):
                texts.append(s.text)
                ard.append(
                    ARDRow(
                        analysis: context.analysis, population: context.population, parentPopulation: context.parent,
                        groupingVariable: s.grouping?.0 ?? context.groupingVariable,
                        groupingLevel: s.grouping?.1 ?? context.groupingLevel, method: s.method ?? context.method,
                        operation: s.operation, value: s.value, upperValue: s.upper, unit: s.unit, formatted: s.text,
                        table: name, row: row, column: table.header[k]))
            }
        }
        table.add(texts)
    }
}

/// The tables of a readout and their analysis results data; every writer shows these.
public enum AnalysisResults {
    static func percentCell(_ p: Proportion, decimals d: Int, _ operation: String = "percent") -> ReportTable.Cell {
        .stat(
            operation, p.total == 0 ? nil : p.estimate * 100, ReadoutFormat.percent(p, decimals: d), method: "count",
            unit: "%")
    }

    static func intervalCell(_ p: Proportion, decimals d: Int) -> ReportTable.Cell {
        .stat(
            "ci-lower-upper", p.total == 0 ? nil : p.lower * 100, ReadoutFormat.interval(p, decimals: d),
            upper: p.total == 0 ? nil : p.upper * 100,
            method: "\(p.method.rawValue)-\(NumberFormat.shortest(p.level * 100))", unit: "%")
    }

    /// Every table of the readout, in the order the report shows them.
    public static func tables(_ r: ReadoutResult) -> [ReportTable] {
        let d = r.percentDecimals
        let ci = "\(Int(r.ciLevel * 100))% CI (\(r.ciMethod.rawValue))"
        var response = ReportTable(
            name: "response",
            header: [
                "Population", "N", "Responders (\(r.criteria.categories[0])+\(r.criteria.categories[1]))", "ORR %",
                "ORR " + ci, "Confirmed responders",
                "Confirmed ORR %", "Confirmed ORR " + ci,
            ] + r.criteria.categories + [
                "Disease control %", "Clinical benefit %", "Durable SD", "Unconfirmed",
            ])
        for row in r.responseRows {
            let parent = r.populations.first { $0.name == row.population }?.parent
            let c = row.confirmedCounts
            let bor = r.criteria.categories.map {
                ReportTable.Cell.count(c[$0] ?? 0, grouping: ("CBOR", $0))
            }
            response.add(
                .init(analysis: "response", population: row.population, parent: parent),
                [
                    .text(row.label), .count(row.n, "N"),
                    .count(row.overall.count, grouping: ("RSP", "Y")),
                    percentCell(row.overall, decimals: d).grouped("RSP", "Y"),
                    intervalCell(row.overall, decimals: d).grouped("RSP", "Y"),
                    .count(row.confirmed.count, grouping: ("CRSP", "Y")),
                    percentCell(row.confirmed, decimals: d).grouped("CRSP", "Y"),
                    intervalCell(row.confirmed, decimals: d).grouped("CRSP", "Y"),
                ] + bor + [
                    percentCell(row.diseaseControl, decimals: d).grouped("DCR", "Y"),
                    percentCell(row.clinicalBenefit, decimals: d).grouped("CBR", "Y"),
                    .count(row.durableSD, grouping: ("DURABLESD", "Y")),
                    .count(row.unconfirmed, grouping: ("UNCONFIRMED", "Y")),
                ])
        }
        var out = [response]
        var u = ReportTable(
            name: "unconfirmed", header: ["Subject", "BOR", "First response", "Why not confirmed", "Detail"])
        for x in r.unconfirmedResponders {
            u.add(
                .init(analysis: "unconfirmed", population: "all"),
                [.text(x.subject), .text(x.bestResponse), .text(x.firstResponse), .text(x.reason), .text(x.detail)])
        }
        out.append(u)
        if let b = r.baseline { out.append(summaryTable(b, name: "baseline", decimals: d, r)) }
        if let e = r.exposure { out.append(summaryTable(e, name: "exposure", decimals: d, r)) }
        var p = ReportTable(name: "populations", header: ["Population", "Label", "Definition", "Of", "N"])
        for x in r.populations {
            p.add(
                .init(analysis: "populations", population: x.name, parent: x.parent),
                [.text(x.name), .text(x.label), .text(x.definition), .text(x.parent ?? ""), .count(x.count, "N")])
        }
        out.append(p)
        out.append(followUpTable(r.followUp))
        out.append(timeToEventTable(r))
        return out
    }

    static func summaryTable(
        _ s: ReadoutResult.SummaryTableResult, name: String, decimals d: Int, _ r: ReadoutResult
    ) -> ReportTable {
        var t = ReportTable(
            name: name, header: ["Characteristic", "n", "Denominator", "%", "Median", "Q1", "Q3", "Min", "Max"])
        let parent = r.populations.first { $0.name == s.population }?.parent
        for l in s.lines {
            func stat(_ operation: String, _ v: Double?) -> ReportTable.Cell {
                guard let v else { return .text("") }
                return .stat(operation, v, ReadoutFormat.number(v, decimals: 1), method: "summary-sas5")
            }
            let context = ReportTable.RowContext(
                analysis: name, population: s.population, parent: parent, groupingVariable: "characteristic",
                groupingLevel: l.label)
            t.add(
                context,
                [
                    .text(l.label), l.count.map { .count($0, "n") } ?? .text(""),
                    l.denominator.map { .count($0, "N") } ?? .text(""),
                    l.percent.map {
                        .stat("percent", $0, ReadoutFormat.number($0, decimals: d), method: "count", unit: "%")
                    } ?? .text(""),
                    stat("median", l.summary?.median), stat("q1", l.summary?.firstQuartile),
                    stat("q3", l.summary?.thirdQuartile), stat("min", l.summary?.minimum),
                    stat("max", l.summary?.maximum),
                ])
        }
        return t
    }

    static func followUpTable(_ fu: ReadoutResult.FollowUpResult) -> ReportTable {
        var f = ReportTable(
            name: "followup",
            header: [
                "Population", "Method", "n", "Median (days)", "Median (months)", "Median (weeks)", "Range (months)",
            ])
        func one(_ operation: String, _ v: Double?, _ unit: String) -> ReportTable.Cell {
            guard let v else { return .text("") }
            return .stat(operation, v, NumberFormat.fixed(v, decimals: 1), unit: unit)
        }
        let range: ReportTable.Cell =
            fu.rangeMonths.map {
                .stat(
                    "min-max", $0[0],
                    NumberFormat.fixed($0[0], decimals: 1) + "–" + NumberFormat.fixed($0[1], decimals: 1),
                    upper: $0[1], unit: "months")
            } ?? .text("")
        f.add(
            .init(analysis: "followup", population: fu.population, method: "follow-up-\(fu.method.rawValue)"),
            [
                .text(fu.population), .text(fu.method.rawValue), .count(fu.n, "n"),
                one("median", fu.medianDays, "days"),
                one("median", fu.medianMonths, "months"), one("median", fu.medianWeeks, "weeks"), range,
            ])
        return f
    }

    static func timeToEventTable(_ r: ReadoutResult) -> ReportTable {
        var k = ReportTable(
            name: "timetoevent",
            header: [
                "Endpoint", "Population", "n", "Events", "Median (months)", "\(Int(r.ciLevel * 100))% CI (months)",
            ])
        func m(_ v: Double?) -> String { v.map { ReadoutFormat.number($0, decimals: 1) } ?? "NR" }
        for t in r.timeToEvent {
            k.add(
                .init(
                    analysis: "timetoevent", population: t.population, method: "kaplan-meier",
                    groupingVariable: "PARAMCD", groupingLevel: t.paramcd),
                [
                    .text(t.endpoint), .text(t.population), .count(t.n, "n"), .count(t.events, "events"),
                    .stat("median", t.medianMonths, m(t.medianMonths), unit: "months"),
                    .stat(
                        "ci-lower-upper", t.lowerMonths, m(t.lowerMonths) + "–" + m(t.upperMonths),
                        upper: t.upperMonths, method: "brookmeyer-crowley-\(NumberFormat.shortest(r.ciLevel * 100))",
                        unit: "months"),
                ])
        }
        return k
    }
}

import Foundation
import ReadoutCore
import ReadoutTestSupport
import Testing

@testable import ReadoutAnalysis

/// Analysis results data: every number of every table in readout.md is one ARD row, and every ARD
/// row is shown where it says.
@Suite struct AnalysisResultsTests {
    static let spec = repositoryRoot + "/examples/phase2/readout.yaml"

    /// The tables of a Markdown readout: section title → header and rows of cells.
    static func markdownTables(_ md: String) -> [String: (header: [String], rows: [[String]])] {
        var out: [String: (header: [String], rows: [[String]])] = [:]
        var section = ""
        var lines: [[String]] = []
        func flush() {
            if lines.count >= 2 { out[section] = (lines[0], Array(lines.dropFirst(2))) }
            lines = []
        }
        for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                flush()
                section = String(line.dropFirst(3))
            } else if line.hasPrefix("| ") {
                // Cells are split at unescaped bars.
                var cells: [String] = []
                var cell = ""
                var escaped = false
                for ch in line.dropFirst(2).dropLast(2) {
                    if escaped {
                        cell.append(ch)
                        escaped = false
                    } else if ch == "\\" {
                        escaped = true
                    } else if ch == "|" {
                        cells.append(cell.trimmingCharacters(in: .whitespaces))
                        cell = ""
                    } else {
                        cell.append(ch)
                    }
                }
                cells.append(cell.trimmingCharacters(in: .whitespaces))
                lines.append(cells)
            } else if line.hasPrefix("|---") {
                lines.append([])
            } else if !lines.isEmpty && line.isEmpty {
                flush()
            }
        }
        flush()
        return out
    }

    @Test func everyNumberOfEveryTableIsExactlyOneARDRow() throws {
        let output = try ReadoutRunner.run(specPath: Self.spec)
        let md = ReportWriter.markdown(output.result, figures: output.figures)
        let ard = AnalysisResults.rows(output.result)
        let tables = Self.markdownTables(md)
        let names = Dictionary(uniqueKeysWithValues: ReportWriter.titles.map { ($1, $0) })
        var traced = 0
        var shown = Set<String>()
        for (title, t) in tables {
            guard let name = names[title] else { continue }
            for (r, row) in t.rows.enumerated() {
                for (c, cell) in row.enumerated() {
                    let matches = ard.filter { $0.table == name && $0.row == r + 1 && $0.column == t.header[c] }
                    // Identifiers, labels and definitions may hold digits but are text, not statistics.
                    let textColumns = [
                        "Subject", "BOR", "Definition", "Label", "Population", "Of", "Characteristic", "Method",
                        "First response", "Detail", "Endpoint", "Why not confirmed",
                    ]
                    if textColumns.contains(t.header[c]) || cell.isEmpty {
                        #expect(matches.isEmpty, "\(title) \(t.header[c]) is no statistic")
                        continue
                    }
                    #expect(matches.count == 1, "\(title), row \(r + 1), \(t.header[c]): \(matches.count) ARD rows")
                    #expect(matches.first?.formatted == cell, "\(title), row \(r + 1), \(t.header[c])")
                    traced += 1
                    if let m = matches.first { shown.insert(m.id) }
                }
            }
        }
        #expect(traced > 130, "only \(traced) numbers traced")
        // The converse: no ARD row points at a cell that does not show it.
        let tableRows = ard.filter { $0.table != "narrative" }
        #expect(Set(tableRows.map(\.id)) == shown, "\(Set(tableRows.map(\.id)).subtracting(shown).sorted().prefix(5))")
        #expect(Set(ard.map(\.id)).count == ard.count, "ARD row ids are unique")
    }

    /// Every number of the narrative is one ARD row of table `narrative` (sentence, figure k), in
    /// order; what is left of each sentence holds digits only inside labels and the cut-off date.
    @Test func everyNumberOfTheNarrativeIsExactlyOneARDRow() throws {
        let output = try ReadoutRunner.run(specPath: Self.spec)
        let r = output.result
        let md = ReportWriter.markdown(r, figures: output.figures)
        #expect(md.contains("\n\n" + r.narrative.joined(separator: " ") + "\n\n"))
        let ard = AnalysisResults.rows(r).filter { $0.table == "narrative" }
        let labels =
            r.populations.map(\.label)
            + [r.baseline, r.exposure].compactMap { $0 }.flatMap { [$0.title] + $0.lines.map(\.label) }
            + [r.provenance.cutoff]
        var figures = 0
        for (k, sentence) in r.narrative.enumerated() {
            let mine = ard.filter { $0.row == k + 1 }
            #expect(mine.map(\.column) == (0..<mine.count).map { "figure \($0 + 1)" })
            var rest = Substring(sentence)
            var outside = ""
            for figure in mine {
                let found = try #require(rest.range(of: figure.formatted), "sentence \(k + 1): \(figure.formatted)")
                outside += rest[..<found.lowerBound] + " "
                rest = rest[found.upperBound...]
                figures += 1
            }
            outside += rest
            for label in labels.sorted(by: { $0.count > $1.count }) {
                outside = outside.replacingOccurrences(of: label, with: " ", options: .caseInsensitive)
            }
            let stray = outside.contains { $0.isNumber }
            #expect(!stray, "sentence \(k + 1) states a number no ARD row holds: \(outside)")
        }
        #expect(figures >= 30 && figures == ard.count)
        // Each narrative figure is a statistic the tables show too (same analysis, population, grouping, value).
        let tables = AnalysisResults.rows(r).filter { $0.table != "narrative" }
        for f in ard where f.operation != "ci-level" {
            func twin(_ operation: String, _ value: Double?, _ upper: Double?) -> ARDRow? {
                tables.first {
                    $0.analysis == f.analysis && $0.population == f.population && $0.operation == operation
                        && $0.groupingVariable == f.groupingVariable && $0.groupingLevel == f.groupingLevel
                        && $0.value == value && $0.upperValue == upper
                }
            }
            if f.operation == "min-max" {
                // The table shows the range's ends in two columns.
                #expect(twin("min", f.value, nil) != nil && twin("max", f.upperValue, nil) != nil, "\(f.id)")
                continue
            }
            let twin = twin(f.operation, f.value, f.upperValue)
            if f.groupingVariable == "UNCONFREAS" || f.unit == "weeks" || f.operation == "N" { continue }
            #expect(twin != nil, "\(f.id) (\(f.formatted)) is in no table")
        }
    }

    @Test func ardValuesAreTheUnroundedStatistics() throws {
        let output = try ReadoutRunner.run(specPath: Self.spec)
        let ard = AnalysisResults.rows(output.result)
        let evaluable = output.result.responseRows.first { $0.population == "evaluable" }!
        let confirmed = ard.first {
            $0.population == "evaluable" && $0.groupingVariable == "CRSP" && $0.operation == "percent"
        }!
        #expect(confirmed.value == Double(evaluable.confirmed.count) / Double(evaluable.n) * 100)
        #expect(confirmed.formatted == NumberFormat.percent(evaluable.confirmed.count, of: evaluable.n))
        let ci = ard.first {
            $0.population == "evaluable" && $0.groupingVariable == "CRSP" && $0.operation == "ci-lower-upper"
        }!
        #expect(ci.value == evaluable.confirmed.lower * 100 && ci.upperValue == evaluable.confirmed.upper * 100)
        #expect(ci.method == "clopper-pearson-95")
        let csv = AnalysisResults.ardCSV(output.result)
        #expect(csv.split(separator: "\n").count == ard.count + 1)
    }
}

import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse
import ReadoutStatistics

/// Numbers as a readout prints them.
public enum ReadoutFormat {
    /// Rounded half away from zero to `decimals` places (`NumberFormat.fixed`).
    public static func number(_ v: Double, decimals: Int) -> String { NumberFormat.fixed(v, decimals: decimals) }

    /// A proportion's percentage, rounded in whole numbers so that a true half always rounds up.
    public static func percent(_ p: Proportion, decimals: Int) -> String {
        NumberFormat.percent(p.count, of: p.total, decimals: decimals)
    }

    /// A proportion's confidence interval in percent, `19.1–36.9`, or `-` when there is no denominator.
    public static func interval(_ p: Proportion, decimals: Int) -> String {
        guard p.total > 0 else { return "-" }
        return number(p.lower * 100, decimals: decimals) + "–" + number(p.upper * 100, decimals: decimals)
    }

    /// Small counts in words at the start of a sentence, as disclosures write them.
    public static func words(_ n: Int) -> String {
        let ones = [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
        ]
        let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
        if n < 20 { return ones[n] }
        if n < 100 { return tens[n / 10] + (n % 10 == 0 ? "" : "-" + ones[n % 10]) }
        return String(n)
    }

    /// `s` with its first letter upper-cased.
    public static func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    /// A label in running text: first letter lower-cased unless the word is an acronym (HER2, ECOG).
    public static func inText(_ s: String) -> String {
        let words = s.split(separator: " ", omittingEmptySubsequences: false)
        return words.map { w -> String in
            // Keep words with a capital after their first letter (HER2-positive, ECOG, mg/kg stays as is).
            if w.dropFirst().contains(where: { $0.isUppercase }) { return String(w) }
            return w.lowercased()
        }.joined(separator: " ")
    }
}

/// A sentence put together from text and figures; every figure is recorded as an ARD row of the
/// table `narrative` (row: the sentence's number, column: `figure k`), so that every number of the
/// narrative is traceable to the statistic it states.
struct NarrativeBuilder {
    var sentences: [String] = []
    var ard: [ARDRow] = []
    var sentence = ""
    var figures = 0

    mutating func text(_ s: String) { sentence += s }

    /// Appends `formatted`, the figure of `operation` of `analysis` in `population`.
    mutating func figure(
        _ formatted: String, _ value: Double?, analysis: String, population: String, parent: String? = nil,
        grouping: (String, String)? = nil, method: String = "count", operation: String, upper: Double? = nil,
        unit: String? = nil
    ) {
        figures += 1
        sentence += formatted
        ard.append(
            ARDRow(
                analysis: analysis, population: population, parentPopulation: parent, groupingVariable: grouping?.0,
                groupingLevel: grouping?.1, method: method, operation: operation, value: value, upperValue: upper,
                unit: unit, formatted: formatted, table: "narrative", row: sentences.count + 1,
                column: "figure \(figures)"))
    }

    mutating func end() {
        sentences.append(sentence)
        sentence = ""
        figures = 0
    }
}

/// The readout's text, generated from the computed numbers (never typed).
public enum Narrative {
    /// The narrative of a readout, one sentence per element, opening with the `primary` population's responses.
    public static func sentences(_ r: ReadoutResult, primary: String) -> [String] {
        build(r, primary: primary).sentences
    }

    /// The sentences and an ARD row for every figure they state.
    static func build(_ r: ReadoutResult, primary: String) -> NarrativeBuilder {
        let d = r.percentDecimals
        var b = NarrativeBuilder()
        let level = Int(r.ciLevel * 100)
        let enrolled = r.populations.first { $0.name == "enrolled" }
        let primaryPopulation = r.populations.first { $0.name == primary }
        func parent(_ name: String) -> String? { r.populations.first { $0.name == name }?.parent }
        if let e = enrolled, let p = primaryPopulation, p.name != e.name {
            b.figure(String(e.count), Double(e.count), analysis: "populations", population: e.name, operation: "N")
            b.text(" patients were enrolled in this study, and ")
            b.figure(String(p.count), Double(p.count), analysis: "populations", population: p.name, operation: "N")
            b.text(
                " of these patients were "
                    + "\(ReadoutFormat.inText(p.label).replacingOccurrences(of: " patients", with: ""))."
            )
            b.end()
        } else if let e = enrolled {
            b.figure(String(e.count), Double(e.count), analysis: "populations", population: e.name, operation: "N")
            b.text(" patients were enrolled in this study.")
            b.end()
        }
        let fu = r.followUp
        if let m = fu.medianMonths, let w = fu.medianWeeks {
            let method = "follow-up-\(fu.method.rawValue)"
            b.text("At the time of data cut-off (\(r.provenance.cutoff)), the patients had a median follow-up of ")
            b.figure(
                ReadoutFormat.number(m, decimals: 1), m, analysis: "followup", population: fu.population,
                method: method, operation: "median", unit: "months")
            b.text(" months (")
            b.figure(
                ReadoutFormat.number(w, decimals: 0), w, analysis: "followup", population: fu.population,
                method: method, operation: "median", unit: "weeks")
            b.text(" weeks).")
            b.end()
        }
        for (k, row) in r.responseRows.enumerated() {
            let p = row.population
            b.text(k == 0 ? "Among the entire " : "Among the ")
            b.figure(
                String(row.n), Double(row.n), analysis: "response", population: p, parent: parent(p), operation: "N")
            b.text(" \(ReadoutFormat.inText(row.label)), the overall ORR was ")
            func percent(_ x: Proportion, _ g: String) {
                b.figure(
                    ReadoutFormat.percent(x, decimals: d), x.total == 0 ? nil : x.estimate * 100, analysis: "response",
                    population: p, parent: parent(p), grouping: (g, "Y"), operation: "percent", unit: "%")
            }
            percent(row.overall, "RSP")
            b.text("% and the confirmed ORR was ")
            percent(row.confirmed, "CRSP")
            b.text("% (")
            b.figure(
                String(level), r.ciLevel * 100, analysis: "response", population: p, parent: parent(p),
                grouping: ("CRSP", "Y"), method: "\(r.ciMethod.rawValue)-\(NumberFormat.shortest(r.ciLevel * 100))",
                operation: "ci-level", unit: "%")
            b.text("% CI ")
            b.figure(
                ReadoutFormat.interval(row.confirmed, decimals: d),
                row.confirmed.total == 0 ? nil : row.confirmed.lower * 100, analysis: "response", population: p,
                parent: parent(p), grouping: ("CRSP", "Y"),
                method: "\(r.ciMethod.rawValue)-\(NumberFormat.shortest(r.ciLevel * 100))", operation: "ci-lower-upper",
                upper: row.confirmed.total == 0 ? nil : row.confirmed.upper * 100, unit: "%")
            b.text("%).")
            b.end()
            if k == 0, row.unconfirmed > 0 {
                b.figure(
                    ReadoutFormat.capitalized(ReadoutFormat.words(row.unconfirmed)), Double(row.unconfirmed),
                    analysis: "response", population: p, parent: parent(p), grouping: ("UNCONFIRMED", "Y"),
                    operation: "count")
                b.text(" response\(row.unconfirmed == 1 ? " was" : "s were") not confirmed (")
                let reasons = row.unconfirmedReasons.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
                for (j, reason) in reasons.enumerated() {
                    if j > 0 { b.text(", ") }
                    b.figure(
                        String(reason.value), Double(reason.value), analysis: "response", population: p,
                        parent: parent(p), grouping: ("UNCONFREAS", reason.key), operation: "count")
                    b.text(" \(reason.key)")
                }
                b.text(").")
                b.end()
            }
            if k == 0, row.durableSD > 0 {
                b.figure(
                    ReadoutFormat.capitalized(ReadoutFormat.words(row.durableSD)), Double(row.durableSD),
                    analysis: "response", population: p, parent: parent(p), grouping: ("DURABLESD", "Y"),
                    operation: "count")
                b.text(" patient\(row.durableSD == 1 ? "" : "s") had durable stable disease.")
                b.end()
            }
        }
        for (name, table) in [("baseline", r.baseline), ("exposure", r.exposure)] {
            guard let table, !table.lines.isEmpty else { continue }
            let p = table.population
            b.text("\(table.title) (")
            b.figure(String(table.n), Double(table.n), analysis: name, population: p, parent: parent(p), operation: "N")
            b.text(" patients): ")
            for (j, line) in table.lines.enumerated() {
                if j > 0 { b.text("; ") }
                let g = ("characteristic", line.label)
                b.text("\(ReadoutFormat.inText(line.label)): ")
                if let pct = line.percent, let c = line.count, let n = line.denominator {
                    b.figure(
                        ReadoutFormat.number(pct, decimals: d), pct, analysis: name, population: p, parent: parent(p),
                        grouping: g, operation: "percent", unit: "%")
                    b.text("% (")
                    b.figure(
                        String(c), Double(c), analysis: name, population: p, parent: parent(p), grouping: g,
                        operation: "n")
                    b.text(" of ")
                    b.figure(
                        String(n), Double(n), analysis: name, population: p, parent: parent(p), grouping: g,
                        operation: "N")
                    b.text(")")
                } else if let s = line.summary, let med = s.median, let lo = s.minimum, let hi = s.maximum {
                    b.text("median ")
                    b.figure(
                        NumberFormat.fixed(med, decimals: 1), med, analysis: name, population: p, parent: parent(p),
                        grouping: g, method: "summary-sas5", operation: "median")
                    b.text(" (range ")
                    b.figure(
                        NumberFormat.fixed(lo, decimals: 1) + "–" + NumberFormat.fixed(hi, decimals: 1), lo,
                        analysis: name, population: p, parent: parent(p), grouping: g, method: "summary-sas5",
                        operation: "min-max", upper: hi)
                    b.text(")")
                } else {
                    b.text("not available")
                }
            }
            b.text(".")
            b.end()
        }
        return b
    }
}

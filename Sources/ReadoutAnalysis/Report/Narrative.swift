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

/// The readout's text, generated from the computed numbers (never typed).
public enum Narrative {
    /// The narrative of a readout, one sentence per element, opening with the `primary` population's responses.
    public static func sentences(_ r: ReadoutResult, primary: String) -> [String] {
        let d = r.percentDecimals
        var out: [String] = []
        let enrolled = r.populations.first { $0.name == "enrolled" }
        let primaryPopulation = r.populations.first { $0.name == primary }
        if let e = enrolled, let p = primaryPopulation, p.name != e.name {
            out.append(
                "\(e.count) patients were enrolled in this study, and \(p.count) of these patients were "
                    + "\(ReadoutFormat.inText(p.label).replacingOccurrences(of: " patients", with: ""))."
            )
        } else if let e = enrolled {
            out.append("\(e.count) patients were enrolled in this study.")
        }
        if let m = r.followUp.medianMonths, let w = r.followUp.medianWeeks {
            out.append(
                "At the time of data cut-off (\(r.provenance.cutoff)), the patients had a median follow-up of "
                    + "\(ReadoutFormat.number(m, decimals: 1)) months (\(ReadoutFormat.number(w, decimals: 0)) weeks)."
            )
        }
        for (k, row) in r.responseRows.enumerated() {
            let lead =
                k == 0
                ? "Among the entire \(row.n) \(ReadoutFormat.inText(row.label))"
                : "Among the \(row.n) \(ReadoutFormat.inText(row.label))"
            out.append(
                "\(lead), the overall ORR was \(ReadoutFormat.percent(row.overall, decimals: d))% and the confirmed "
                    + "ORR was \(ReadoutFormat.percent(row.confirmed, decimals: d))% (\(Int(r.ciLevel * 100))% CI "
                    + "\(ReadoutFormat.interval(row.confirmed, decimals: d))%)."
            )
            if k == 0, row.unconfirmed > 0 {
                let reasons = row.unconfirmedReasons.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map {
                    "\($0.value) \($0.key)"
                }.joined(separator: ", ")
                out.append(
                    "\(ReadoutFormat.capitalized(ReadoutFormat.words(row.unconfirmed))) "
                        + "response\(row.unconfirmed == 1 ? " was" : "s were") not confirmed (\(reasons))."
                )
            }
            if k == 0, row.durableSD > 0 {
                out.append(
                    "\(ReadoutFormat.capitalized(ReadoutFormat.words(row.durableSD))) "
                        + "patient\(row.durableSD == 1 ? "" : "s") had durable stable disease."
                )
            }
        }
        for table in [r.baseline, r.exposure].compactMap({ $0 }) {
            let parts = table.lines.map { line -> String in
                if let p = line.percent, let c = line.count, let n = line.denominator {
                    return
                        "\(ReadoutFormat.inText(line.label)): \(ReadoutFormat.number(p, decimals: d))% (\(c) of \(n))"
                }
                if let s = line.summary, let med = s.median, let lo = s.minimum, let hi = s.maximum {
                    func one(_ v: Double) -> String { NumberFormat.fixed(v, decimals: 1) }
                    return "\(ReadoutFormat.inText(line.label)): median \(one(med)) (range \(one(lo))–\(one(hi)))"
                }
                return "\(ReadoutFormat.inText(line.label)): not available"
            }
            if !parts.isEmpty {
                out.append("\(table.title) (\(table.n) patients): " + parts.joined(separator: "; ") + ".")
            }
        }
        return out
    }
}

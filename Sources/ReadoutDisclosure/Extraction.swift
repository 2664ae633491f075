import Foundation
import ReadoutCore
import ReadoutAnalysis
import ReadoutData

/// Finds the quantitative claims of a text.
public enum ClaimExtractor {
    static let units: Set<String> = ["months", "month", "weeks", "week", "days", "day", "years", "year", "cycles", "cycle", "mg/kg", "mg", "hours"]
    static let people: Set<String> = ["patients", "patient", "subjects", "subject", "participants", "people", "women", "men"]
    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
    static let identifierWords: Set<String> = ["rule", "cfr", "section", "item", "form", "no", "act", "number", "file", "phase"]

    static let ones = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
                       "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
    static let tens = ["twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90]

    /// The value of a number written as a word ("forty-two", "Sixty"), or nil.
    static func wordValue(_ w: String) -> Int? {
        let l = w.lowercased()
        if let i = ones.firstIndex(of: l) { return i }
        if let t = tens[l] { return t }
        let parts = l.split(separator: "-")
        if parts.count == 2, let t = tens[String(parts[0])], let o = ones.firstIndex(of: String(parts[1])), o > 0, o < 10 { return t + o }
        if l == "hundred" { return 100 }
        return nil
    }

    struct Token { var text: String; var start: Int; var end: Int }

    static func tokens(_ c: [Character], _ s: Int, _ e: Int) -> [Token] {
        var out: [Token] = []
        var i = s
        while i < e {
            if c[i].isWhitespace { i += 1; continue }
            let st = i
            if c[i].isLetter || c[i].isNumber {
                while i < e, c[i].isLetter || c[i].isNumber || c[i] == "." && i + 1 < e && c[i + 1].isNumber && i > st && c[i - 1].isNumber
                    || c[i] == "," && i + 3 < e && c[i + 1].isNumber && c[i + 2].isNumber && c[i + 3].isNumber && i > st && c[i - 1].isNumber
                    || c[i] == "-" && i + 1 < e && (c[i + 1].isLetter || c[i + 1].isNumber)
                    || c[i] == "/" && i + 1 < e && (c[i + 1].isLetter || c[i + 1].isNumber) {
                    i += 1
                }
            } else {
                i += 1
            }
            out.append(Token(text: String(c[st..<i]), start: st, end: i))
        }
        return out
    }

    public static func extract(_ doc: DisclosureText) -> [Claim] {
        var claims: [Claim] = []
        let c = doc.clean
        for (si, s) in doc.sentences.enumerated() {
            let t = tokens(c, s.start, s.end)
            var k = 0
            while k < t.count {
                let tok = t[k]
                let lower = tok.text.lowercased()
                let prevWord = k > 0 ? t[k - 1].text.lowercased() : ""
                let next = k + 1 < t.count ? t[k + 1].text : ""
                let nextLower = next.lowercased()
                let context = t[max(0, k - 6)..<k].map { $0.text.lowercased() }.joined(separator: " ")
                // Dates: "July 2007".
                if monthNames.contains(lower), k + 1 < t.count, let y = Int(next), y > 1900, y < 2100,
                   let d = CalendarDate(year: y, month: monthNames.firstIndex(of: lower)! + 1, day: 1) {
                    claims.append(Claim(kind: .date, text: String(c[tok.start..<t[k + 1].end]), value: Double(d.dayNumber), decimals: 0, unit: "month",
                                        start: tok.start, end: t[k + 1].end, sentence: si, context: context))
                    k += 2
                    continue
                }
                // Dates: "December 12, 2008", "April 7, 2013".
                if monthNames.contains(lower), k + 1 < t.count, let day = Int(next), day >= 1, day <= 31 {
                    var end = t[k + 1].end
                    var year: Int? = nil
                    if k + 3 < t.count, t[k + 2].text == ",", let y = Int(t[k + 3].text), y > 1900, y < 2100 { year = y; end = t[k + 3].end; k += 2 }
                    let m = monthNames.firstIndex(of: lower)! + 1
                    if let y = year, let d = CalendarDate(year: y, month: m, day: day) {
                        claims.append(Claim(kind: .date, text: String(c[tok.start..<end]), value: Double(d.dayNumber), decimals: 0, unit: "date",
                                            start: tok.start, end: end, sentence: si, context: context))
                    }
                    k += 2
                    continue
                }
                // Dates: 8/29/08, 12/12/2008.
                let slash = tok.text.split(separator: "/")
                if slash.count == 3, let m = Int(slash[0]), let d = Int(slash[1]), var y = Int(slash[2]), (1...12).contains(m) {
                    if y < 100 { y += 2000 }
                    if let date = CalendarDate(year: y, month: m, day: d) {
                        claims.append(Claim(kind: .date, text: tok.text, value: Double(date.dayNumber), decimals: 0, unit: "date",
                                            start: tok.start, end: tok.end, sentence: si, context: context))
                    }
                    k += 1
                    continue
                }
                var value: Double? = nil
                var decimals = 0
                let fractions = ["half": 2.0, "thirds": 3.0, "third": 3.0, "quarters": 4.0, "quarter": 4.0, "fifths": 5.0, "fifth": 5.0]
                let parts = lower.split(separator: "-").map(String.init)
                if parts.count == 2, let num = wordValue(parts[0]), let den = fractions[parts[1]] {
                    claims.append(Claim(kind: .percentage, text: tok.text, value: Double(num) / den * 100, decimals: -1, unit: "fraction",
                                        start: tok.start, end: tok.end, sentence: si, context: context))
                    k += 1
                    continue
                }
                if let w = wordValue(tok.text) {
                    // "one" as a pronoun is a count only when a verb or "of" follows ("one had", "one of").
                    if lower == "one" && !["had", "of", "patient", "was"].contains(nextLower) { k += 1; continue }
                    value = Double(w)
                } else if tok.text.first!.isNumber, tok.text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "," }) {
                    value = Double(tok.text.replacingOccurrences(of: ",", with: ""))
                    if let dot = tok.text.firstIndex(of: ".") { decimals = tok.text.distance(from: dot, to: tok.text.endIndex) - 1 }
                }
                guard let v = value else { k += 1; continue }
                // Identifiers, not quantities: numbers glued to letters or hyphens, after "Rule", in codes.
                let isDigits = tok.text.first!.isNumber
                let nextCapitalized = next.first.map { $0.isUppercase } ?? false
                if identifierWords.contains(prevWord) || isDigits && tok.text.count >= 5 && decimals == 0 && !tok.text.contains(",")
                    || tok.start > 0 && (c[tok.start - 1] == "-" || c[tok.start - 1] == "." || c[tok.start - 1] == "(" && next == ")")
                    || next == "-" || next == "(" || nextLower.hasPrefix("-") || prevWord == "of" && v >= 1900 && v < 2100 && decimals == 0
                    || isDigits && nextCapitalized && !people.contains(nextLower) && !units.contains(nextLower) {
                    k += 1
                    continue
                }
                if decimals == 0, v >= 1900, v < 2100, !people.contains(nextLower) {
                    // A year ("in 2009").
                    if ["in", "since", "by", "during", "until"].contains(prevWord), let d = CalendarDate(year: Int(v), month: 1, day: 1) {
                        claims.append(Claim(kind: .date, text: tok.text, value: Double(d.dayNumber), decimals: 0, unit: "year",
                                            start: tok.start, end: tok.end, sentence: si, context: context))
                    }
                    k += 1
                    continue
                }
                var end = tok.end
                var unit = ""
                var kind = Claim.Kind.count
                if next == "%" || nextLower == "percent" {
                    kind = .percentage; unit = "%"; end = t[k + 1].end
                    // "95% CI", "(95% CI 19.1–36.9%)": a confidence level and interval bounds, not shares.
                    let after2 = k + 2 < t.count ? t[k + 2].text.lowercased() : ""
                    if after2 == "ci" || after2 == "confidence" || context.hasSuffix("ci") || context.contains(" ci ") && (context.hasSuffix("–") || context.hasSuffix("-")) || prevWord == "ci" || prevWord == "–" && context.contains("ci") {
                        kind = .range; unit = "CI"
                    }
                } else if units.contains(nextLower) {
                    unit = nextLower; end = t[k + 1].end
                    kind = unit.hasPrefix("mg") ? .dose : .measure
                } else if k + 2 < t.count, units.contains(t[k + 2].text.lowercased()), t[k + 2].text.lowercased().hasPrefix("cycle") {
                    // "six treatment cycles"
                    unit = t[k + 2].text.lowercased(); end = t[k + 2].end; kind = .measure
                } else {
                    // The noun the count is of: the next people word within four words.
                    for j in (k + 1)..<min(t.count, k + 6) where people.contains(t[j].text.lowercased()) { unit = t[j].text.lowercased(); break }
                    if unit.isEmpty, ["had", "of", "were", "was"].contains(nextLower) { unit = "patients" }
                    if unit.isEmpty, k + 1 < t.count { unit = nextLower }
                }
                if kind != .percentage && context.contains("median") { kind = .median }
                claims.append(Claim(kind: kind, text: String(c[tok.start..<end]), value: v, decimals: decimals, unit: unit,
                                    start: tok.start, end: end, sentence: si, context: context))
                k += 1
            }
        }
        // Ranges: "0.15 mg/kg to 7.5 mg/kg", "from 3.6 mg/kg to 6.5 mg/kg".
        var out: [Claim] = []
        var i = 0
        while i < claims.count {
            if i + 1 < claims.count, claims[i].sentence == claims[i + 1].sentence, claims[i].kind == claims[i + 1].kind,
               claims[i].kind == .dose || claims[i].kind == .measure, claims[i].unit == claims[i + 1].unit {
                let between = String(c[claims[i].end..<claims[i + 1].start]).trimmingCharacters(in: .whitespaces).lowercased()
                if between == "to" || between == "-" || between == "–" {
                    var r = claims[i]
                    r.kind = .range
                    r.upper = claims[i + 1].value
                    r.end = claims[i + 1].end
                    r.text = String(c[r.start..<r.end])
                    out.append(r)
                    i += 2
                    continue
                }
            }
            out.append(claims[i])
            i += 1
        }
        linkDenominators(&out, doc)
        return out
    }

    /// Gives each percentage the population it is a share of: the nearest count of people before it
    /// in the same sentence, else the last one stated earlier in the text.
    static func linkDenominators(_ claims: inout [Claim], _ doc: DisclosureText) {
        let c = doc.clean
        func follows(_ a: Claim, _ pattern: String) -> Bool {
            String(c[a.end..<min(c.count, a.end + pattern.count + 2)]).lowercased().trimmingCharacters(in: .whitespaces).hasPrefix(pattern)
        }
        for i in claims.indices where claims[i].kind == .percentage && claims[i].unit != "fraction" {
            // "47.3% (53 of 112)": the denominator stated right after.
            if i + 2 < claims.count, claims[i + 1].kind == .count, claims[i + 2].kind == .count, claims[i + 2].sentence == claims[i].sentence,
               claims[i + 1].start - claims[i].end <= 3, follows(claims[i + 1], "of"), claims[i + 2].start - claims[i + 1].end <= 5 {
                claims[i].denominator = Int(claims[i + 2].value)
                claims[i].denominatorText = "\"\(claims[i + 1].text) of \(claims[i + 2].text)\" right after it"
                continue
            }
            // Counts that are the part of "k of n" are not populations.
            let before = claims[..<i].filter { $0.kind == .count && people.contains($0.unit) && $0.value >= 1 && $0.value == $0.value.rounded()
                && !(follows($0, "of") && !follows($0, "of these") && !follows($0, "of the")) && !(String(c[max(0, $0.start - 1)..<$0.start]) == "(") }
            if let same = before.last(where: { $0.sentence == claims[i].sentence }) {
                claims[i].denominator = Int(same.value)
                claims[i].denominatorText = "\"\(same.text)\" in the same sentence"
            } else if let earlier = before.last(where: { $0.sentence < claims[i].sentence && $0.value > 1 }) {
                claims[i].denominator = Int(earlier.value)
                claims[i].denominatorText = "\"\(earlier.text)\" in an earlier sentence"
            }
        }
    }
}

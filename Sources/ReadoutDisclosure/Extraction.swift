import Foundation
import ReadoutAnalysis
import ReadoutCore
import ReadoutData

/// Finds the quantitative claims of a text.
public enum ClaimExtractor {
    static let units: Set<String> = [
        "months", "month", "weeks", "week", "days", "day", "years", "year", "cycles", "cycle", "mg/kg", "mg", "hours",
    ]
    static let people: Set<String> = [
        "patients", "patient", "subjects", "subject", "participants", "people", "women", "men",
    ]
    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]
    static let identifierWords: Set<String> = [
        "rule", "cfr", "section", "item", "form", "no", "act", "number", "file", "phase",
    ]

    static let ones = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ]
    static let tens = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]

    /// The value of a number written as a word ("forty-two", "Sixty"), or nil.
    static func wordValue(_ w: String) -> Int? {
        let l = w.lowercased()
        if let i = ones.firstIndex(of: l) { return i }
        if let t = tens[l] { return t }
        let parts = l.split(separator: "-")
        if parts.count == 2, let t = tens[String(parts[0])], let o = ones.firstIndex(of: String(parts[1])), o > 0,
            o < 10
        {
            return t + o
        }
        if l == "hundred" { return 100 }
        return nil
    }

    struct Token {
        var text: String
        var start: Int
        var end: Int
    }

    static func tokens(_ c: [Character], _ s: Int, _ e: Int) -> [Token] {
        var out: [Token] = []
        var i = s
        while i < e {
            if c[i].isWhitespace {
                i += 1
                continue
            }
            let st = i
            if c[i].isLetter || c[i].isNumber {
                while i < e,
                    c[i].isLetter || c[i].isNumber
                        || c[i] == "." && i + 1 < e && c[i + 1].isNumber && i > st && c[i - 1].isNumber
                        || c[i] == "," && i + 3 < e && c[i + 1].isNumber && c[i + 2].isNumber && c[i + 3].isNumber
                            && i > st && c[i - 1].isNumber
                        || c[i] == "-" && i + 1 < e && (c[i + 1].isLetter || c[i + 1].isNumber)
                        || c[i] == "/" && i + 1 < e && (c[i + 1].isLetter || c[i + 1].isNumber)
                {
                    i += 1
                }
            } else {
                i += 1
            }
            out.append(Token(text: String(c[st..<i]), start: st, end: i))
        }
        return out
    }

    /// Every quantitative claim of the text, sentence by sentence and token by token: dates, fractions
    /// in words, then numbers with what they count or measure; adjacent doses and measures joined
    /// into ranges; each percentage linked to its denominator.
    public static func extract(_ doc: DisclosureText) -> [Claim] {
        var claims: [Claim] = []
        for (si, s) in doc.sentences.enumerated() {
            let scan = SentenceScan(text: doc.clean, tokens: tokens(doc.clean, s.start, s.end), sentence: si)
            var k = 0
            while k < scan.tokens.count {
                let (found, consumed) = scan.claim(at: k)
                if let found { claims.append(found) }
                k += consumed
            }
        }
        var out = ranges(claims, doc.clean)
        linkDenominators(&out, doc)
        return out
    }

    /// Ranges: "0.15 mg/kg to 7.5 mg/kg", "from 3.6 mg/kg to 6.5 mg/kg".
    static func ranges(_ claims: [Claim], _ c: [Character]) -> [Claim] {
        var out: [Claim] = []
        var i = 0
        while i < claims.count {
            if i + 1 < claims.count, claims[i].sentence == claims[i + 1].sentence, claims[i].kind == claims[i + 1].kind,
                claims[i].kind == .dose || claims[i].kind == .measure, claims[i].unit == claims[i + 1].unit
            {
                let between = String(c[claims[i].end..<claims[i + 1].start]).trimmingCharacters(in: .whitespaces)
                    .lowercased()
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
        return out
    }

    /// Gives each percentage the population it is a share of: the nearest count of people before it
    /// in the same sentence, else the last one stated earlier in the text.
    static func linkDenominators(_ claims: inout [Claim], _ doc: DisclosureText) {
        let c = doc.clean
        func follows(_ a: Claim, _ pattern: String) -> Bool {
            String(c[a.end..<min(c.count, a.end + pattern.count + 2)]).lowercased().trimmingCharacters(in: .whitespaces)
                .hasPrefix(pattern)
        }
        for i in claims.indices where claims[i].kind == .percentage && claims[i].unit != "fraction" {
            // "47.3% (53 of 112)": the denominator stated right after.
            if i + 2 < claims.count, claims[i + 1].kind == .count, claims[i + 2].kind == .count,
                claims[i + 2].sentence == claims[i].sentence,
                claims[i + 1].start - claims[i].end <= 3, follows(claims[i + 1], "of"),
                claims[i + 2].start - claims[i + 1].end <= 5
            {
                claims[i].denominator = Int(claims[i + 2].value)
                claims[i].denominatorText = "\"\(claims[i + 1].text) of \(claims[i + 2].text)\" right after it"
                continue
            }
            // Counts that are the part of "k of n" are not populations.
            let before = claims[..<i].filter {
                $0.kind == .count && people.contains($0.unit) && $0.value >= 1 && $0.value == $0.value.rounded()
                    && !(follows($0, "of") && !follows($0, "of these") && !follows($0, "of the"))
                    && !(String(c[max(0, $0.start - 1)..<$0.start]) == "(")
            }
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

/// The tokens of one sentence, read claim by claim: each matcher looks at token `k` and returns the
/// claim it finds (or nil) and how many tokens it used, or nil when it does not apply.
struct SentenceScan {
    let text: [Character]
    let tokens: [ClaimExtractor.Token]
    let sentence: Int

    typealias Match = (claim: Claim?, consumed: Int)

    /// The claim at token `k`, trying dates, word fractions, then numbers.
    func claim(at k: Int) -> Match {
        monthYear(k) ?? monthDayYear(k) ?? slashDate(k) ?? fraction(k) ?? number(k)
    }

    private func context(_ k: Int) -> String {
        tokens[max(0, k - 6)..<k].map { $0.text.lowercased() }.joined(separator: " ")
    }
    private func next(_ k: Int) -> String { k + 1 < tokens.count ? tokens[k + 1].text : "" }
    private func date(_ k: Int, _ d: CalendarDate, unit: String, end: Int) -> Claim {
        Claim(
            kind: .date, text: String(text[tokens[k].start..<end]), value: Double(d.dayNumber), decimals: 0, unit: unit,
            start: tokens[k].start, end: end, sentence: sentence, context: context(k))
    }

    /// "July 2007".
    func monthYear(_ k: Int) -> Match? {
        let lower = tokens[k].text.lowercased()
        guard let month = ClaimExtractor.monthNames.firstIndex(of: lower), k + 1 < tokens.count, let y = Int(next(k)),
            y > 1900, y < 2100, let d = CalendarDate(year: y, month: month + 1, day: 1)
        else { return nil }
        return (date(k, d, unit: "month", end: tokens[k + 1].end), 2)
    }

    /// "December 12, 2008", "April 7, 2013" (a month and day without a year is skipped).
    func monthDayYear(_ k: Int) -> Match? {
        let lower = tokens[k].text.lowercased()
        guard let month = ClaimExtractor.monthNames.firstIndex(of: lower), k + 1 < tokens.count, let day = Int(next(k)),
            day >= 1, day <= 31
        else { return nil }
        guard k + 3 < tokens.count, tokens[k + 2].text == ",", let y = Int(tokens[k + 3].text), y > 1900, y < 2100
        else { return (nil, 2) }
        guard let d = CalendarDate(year: y, month: month + 1, day: day) else { return (nil, 4) }
        return (date(k, d, unit: "date", end: tokens[k + 3].end), 4)
    }

    /// 8/29/08, 12/12/2008.
    func slashDate(_ k: Int) -> Match? {
        let slash = tokens[k].text.split(separator: "/")
        guard slash.count == 3, let m = Int(slash[0]), let d = Int(slash[1]), var y = Int(slash[2]),
            (1...12).contains(m)
        else { return nil }
        if y < 100 { y += 2000 }
        guard let date = CalendarDate(year: y, month: m, day: d) else { return (nil, 1) }
        return (self.date(k, date, unit: "date", end: tokens[k].end), 1)
    }

    /// "two-thirds", "one-half": a share in words.
    func fraction(_ k: Int) -> Match? {
        let fractions = [
            "half": 2.0, "thirds": 3.0, "third": 3.0, "quarters": 4.0, "quarter": 4.0, "fifths": 5.0, "fifth": 5.0,
        ]
        let tok = tokens[k]
        let parts = tok.text.lowercased().split(separator: "-").map(String.init)
        guard parts.count == 2, let num = ClaimExtractor.wordValue(parts[0]), let den = fractions[parts[1]] else {
            return nil
        }
        return (
            Claim(
                kind: .percentage, text: tok.text, value: Double(num) / den * 100, decimals: -1, unit: "fraction",
                start: tok.start, end: tok.end, sentence: sentence, context: context(k)), 1
        )
    }

    /// A number in digits or words, unless it is an identifier or a year, with what it counts.
    func number(_ k: Int) -> Match {
        let tok = tokens[k]
        let lower = tok.text.lowercased()
        let nextLower = next(k).lowercased()
        var value: Double? = nil
        var decimals = 0
        if let w = ClaimExtractor.wordValue(tok.text) {
            // "one" as a pronoun is a count only when a verb or "of" follows ("one had", "one of").
            if lower == "one" && !["had", "of", "patient", "was"].contains(nextLower) { return (nil, 1) }
            value = Double(w)
        } else if tok.text.first!.isNumber, tok.text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "," }) {
            value = Double(tok.text.replacingOccurrences(of: ",", with: ""))
            if let dot = tok.text.firstIndex(of: ".") {
                decimals = tok.text.distance(from: dot, to: tok.text.endIndex) - 1
            }
        }
        guard let v = value, !isIdentifier(k, value: v, decimals: decimals) else { return (nil, 1) }
        let prevWord = k > 0 ? tokens[k - 1].text.lowercased() : ""
        if decimals == 0, v >= 1900, v < 2100, !ClaimExtractor.people.contains(nextLower) {
            // A year ("in 2009").
            guard ["in", "since", "by", "during", "until"].contains(prevWord),
                let d = CalendarDate(year: Int(v), month: 1, day: 1)
            else {
                return (nil, 1)
            }
            return (date(k, d, unit: "year", end: tok.end), 1)
        }
        let (kind, unit, end) = described(k)
        let context = context(k)
        let claimKind = kind != .percentage && context.contains("median") ? .median : kind
        return (
            Claim(
                kind: claimKind, text: String(text[tok.start..<end]), value: v, decimals: decimals, unit: unit,
                start: tok.start, end: end, sentence: sentence, context: context), 1
        )
    }

    /// Identifiers, not quantities: numbers glued to letters or hyphens, after "Rule", in codes.
    func isIdentifier(_ k: Int, value v: Double, decimals: Int) -> Bool {
        let tok = tokens[k]
        let next = next(k)
        let nextLower = next.lowercased()
        let prevWord = k > 0 ? tokens[k - 1].text.lowercased() : ""
        let isDigits = tok.text.first!.isNumber
        let nextCapitalized = next.first.map { $0.isUppercase } ?? false
        let glued =
            tok.start > 0
            && (text[tok.start - 1] == "-" || text[tok.start - 1] == "." || text[tok.start - 1] == "(" && next == ")")
        return ClaimExtractor.identifierWords.contains(prevWord)
            || isDigits && tok.text.count >= 5 && decimals == 0 && !tok.text.contains(",")
            || glued || next == "-" || next == "(" || nextLower.hasPrefix("-")
            || prevWord == "of" && v >= 1900 && v < 2100 && decimals == 0
            || isDigits && nextCapitalized && !ClaimExtractor.people.contains(nextLower)
                && !ClaimExtractor.units.contains(nextLower)
    }

    /// What the number at `k` is: a percentage (or a confidence bound), a dose or measure with its
    /// unit, or a count of the people word that follows; and where its text ends.
    func described(_ k: Int) -> (Claim.Kind, String, Int) {
        let next = next(k)
        let nextLower = next.lowercased()
        let prevWord = k > 0 ? tokens[k - 1].text.lowercased() : ""
        let context = context(k)
        if next == "%" || nextLower == "percent" {
            // "95% CI", "(95% CI 19.1–36.9%)": a confidence level and interval bounds, not shares.
            let after2 = k + 2 < tokens.count ? tokens[k + 2].text.lowercased() : ""
            let isBound =
                after2 == "ci" || after2 == "confidence" || context.hasSuffix("ci")
                || context.contains(" ci ") && (context.hasSuffix("–") || context.hasSuffix("-")) || prevWord == "ci"
                || prevWord == "–" && context.contains("ci")
            return isBound ? (.range, "CI", tokens[k + 1].end) : (.percentage, "%", tokens[k + 1].end)
        }
        if ClaimExtractor.units.contains(nextLower) {
            return (nextLower.hasPrefix("mg") ? .dose : .measure, nextLower, tokens[k + 1].end)
        }
        if k + 2 < tokens.count, ClaimExtractor.units.contains(tokens[k + 2].text.lowercased()),
            tokens[k + 2].text.lowercased().hasPrefix("cycle")
        {
            // "six treatment cycles"
            return (.measure, tokens[k + 2].text.lowercased(), tokens[k + 2].end)
        }
        // The noun the count is of: the next people word within four words.
        var unit = ""
        for j in (k + 1)..<min(tokens.count, k + 6) where ClaimExtractor.people.contains(tokens[j].text.lowercased()) {
            unit = tokens[j].text.lowercased()
            break
        }
        if unit.isEmpty, ["had", "of", "were", "was"].contains(nextLower) { unit = "patients" }
        if unit.isEmpty, k + 1 < tokens.count { unit = nextLower }
        return (.count, unit, tokens[k].end)
    }
}

import Foundation
import ReadoutCore

/// A quantitative statement found in a text.
public struct Claim: Sendable, Codable, Equatable {
    /// What a claim states.
    public enum Kind: String, Sendable, Codable { case count, percentage, median, dose, range, measure, date }

    public var kind: Kind
    /// The number as written ("Forty-two", "39.3%", "4.4 months").
    public var text: String
    public var value: Double
    /// Decimal places as written (for percentages and measures).
    public var decimals: Int
    /// For ranges: the upper value.
    public var upper: Double?
    /// Unit or noun that follows ("patients", "months", "mg/kg", "%").
    public var unit: String
    /// Character offsets in the original text (start, end).
    public var start: Int
    public var end: Int
    public var sentence: Int
    /// For percentages: the count of the population it is a share of, and where that came from.
    public var denominator: Int?
    var denominatorText: String?
    /// The few words before the number, lower-cased, that say what it is ("confirmed orr was").
    public var context: String
}

/// A text split into sentences, with offsets into the original.
public struct DisclosureText: Sendable {
    public let original: String
    /// The text with markup blanked out (same length, same offsets).
    let clean: [Character]
    public private(set) var sentences: [(start: Int, end: Int)] = []

    /// The text with its markup removed, split into sentences.
    public init(_ text: String) {
        original = text
        var chars = Array(text)
        // Blank out HTML tags and Markdown emphasis, keeping every offset.
        var i = 0
        while i < chars.count {
            if chars[i] == "<", let close = chars[i...].firstIndex(of: ">"), close - i < 200 {
                for k in i...close { chars[k] = " " }
                i = close + 1
                continue
            }
            if chars[i] == "*" || chars[i] == "_" && (i == 0 || !chars[i - 1].isLetter) || chars[i] == "#" {
                chars[i] = " "
            }
            i += 1
        }
        // Blank out lines that are only a page number.
        var lineStart = 0
        for k in 0...chars.count {
            if k == chars.count || chars[k] == "\n" {
                let line = chars[lineStart..<k]
                let trimmed = line.filter { !$0.isWhitespace }
                if !trimmed.isEmpty, trimmed.count <= 3, trimmed.allSatisfy({ $0.isNumber }) {
                    for j in lineStart..<k { chars[j] = " " }
                }
                lineStart = k + 1
            }
        }
        clean = chars
        sentences = DisclosureText.split(chars)
    }

    static let abbreviations: Set<String> = [
        "inc", "no", "dr", "vs", "e.g", "i.e", "approx", "fig", "mr", "ms", "st", "co", "corp", "ltd", "u.s", "d.c",
    ]

    /// Sentence boundaries: . ! ? followed by a space and a capital, digit or quote; blank lines
    /// after terminal punctuation or a heading-like line; never inside a number (39.3).
    static func split(_ c: [Character]) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        var start = 0
        var i = 0
        func push(_ end: Int) {
            var s = start
            while s < end, c[s].isWhitespace { s += 1 }
            var e = end
            while e > s, c[e - 1].isWhitespace { e -= 1 }
            if e > s { out.append((s, e)) }
            start = end
        }
        while i < c.count {
            let ch = c[i]
            if ch == "." || ch == "!" || ch == "?" {
                let prevDigit = i > 0 && c[i - 1].isNumber
                let nextDigit = i + 1 < c.count && c[i + 1].isNumber
                if ch == "." && prevDigit && nextDigit {
                    i += 1
                    continue
                }
                // The word before the period.
                var w = i - 1
                while w >= 0, c[w].isLetter || c[w] == "." { w -= 1 }
                let word = String(c[(w + 1)..<i]).lowercased()
                var j = i + 1
                while j < c.count, c[j] == ")" || c[j] == "\"" || c[j] == "'" { j += 1 }
                if j >= c.count {
                    push(j)
                    i = j
                    continue
                }
                if c[j].isWhitespace {
                    var k = j
                    while k < c.count, c[k].isWhitespace { k += 1 }
                    if k >= c.count || c[k].isUppercase || c[k].isNumber || c[k] == "(" || c[k] == "-" || c[k] == "\"" {
                        if !abbreviations.contains(word) && !(word.count == 1 && c[k].isUppercase && ch == ".") {
                            push(j)
                            i = j
                            continue
                        }
                    }
                }
            } else if ch == "\n" {
                // A blank line ends a paragraph (and a sentence), unless the line before ends mid-phrase.
                var k = i + 1
                var blank = false
                while k < c.count, c[k].isWhitespace {
                    if c[k] == "\n" { blank = true }
                    k += 1
                }
                if blank {
                    var p = i - 1
                    while p >= start, c[p] == " " || c[p] == "\t" { p -= 1 }
                    let last = p >= 0 ? c[p] : "."
                    let midPhrase = last.isLetter && last.isLowercase || last == ","
                    if !midPhrase {
                        push(i)
                        i = k
                        continue
                    }
                }
            }
            i += 1
        }
        push(c.count)
        return out
    }

    func sentenceText(_ k: Int) -> String {
        let s = sentences[k]
        return String(clean[s.start..<s.end]).replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }
}

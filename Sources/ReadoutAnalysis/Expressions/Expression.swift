import ReadoutCore
import ReadoutData

/// A value an expression computes.
public enum ExpressionValue: Sendable, Equatable, CustomStringConvertible {
    case missing
    case number(Double)
    case text(String)
    case bool(Bool)
    case date(CalendarDate)

    public var description: String {
        switch self {
        case .missing: return "missing"
        case .number(let d): return formatNumber(d)
        case .text(let s): return "\"\(s)\""
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return d.iso
        }
    }

    /// Truth of a value used as a condition: missing is false.
    public var isTrue: Bool {
        if case .bool(let b) = self { return b }
        return false
    }
}

/// The syntax tree of an expression.
public indirect enum Expression: Sendable, Equatable {
    case literal(ExpressionValue)
    case variable(String, position: Int)
    case list([Expression])
    case unary(String, Expression)
    case binary(String, Expression, Expression)
    case call(String, [Expression], position: Int)
}

/// Where a parse or binding error is in the text, and what is wrong. The public functions throw it
/// as the one error type, a `ReadoutError` (code `expression`, location `character N`), which the
/// spec adds its file and item to.
struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    var text: String
    /// 1-based character position.
    var position: Int
    var message: String

    /// The error as a problem: the expression is the value, the character position the location.
    var readoutError: ReadoutError {
        ReadoutError(
            Problem(
                .error, "expression", location: RecordLocation(word: "character", number: position), value: text,
                expected: "an expression of docs/analysis-spec.md", message: description))
    }

    var description: String {
        let caretLine = String(repeating: " ", count: max(0, position - 1)) + "^"
        return "\(message) at position \(position)\n  \(text)\n  \(caretLine)"
    }
}

/// Parses the small expression language of analysis specs (docs/analysis-spec.md):
///
///     expr    := or
///     or      := and ("or" and)*
///     and     := not ("and" not)*
///     not     := "not" not | compare
///     compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") sum)?
///     sum     := product (("+" | "-") product)*
///     product := unary (("*" | "/") unary)*
///     unary   := "-" unary | primary
///     primary := number | "string" | true | false | missing | name | name "(" args ")"
///              | "(" expr ")" | "[" expr ("," expr)* "]"
///
/// Names are variables (case-insensitive); `name(...)` calls a function. Nothing is evaluated as
/// code: the parser builds a tree, the evaluator walks it.
public struct ExpressionParser {
    enum Token: Equatable {
        case number(Double)
        case string(String)
        case name(String)
        case symbol(String)
        case end
    }

    let text: String
    let chars: [Character]
    var tokens: [(Token, Int)] = []
    var k = 0
    /// Brackets, calls, `not` and minus signs open inside each other.
    var depth = 0
    /// Limits that keep a parse (and the tree's evaluation and release, which recurse) within a
    /// thread's stack whatever the text: no spec needs more.
    static let maxDepth = 64
    static let maxTokens = 2_000

    /// Parses `text` into an expression tree, or throws a `ReadoutError` located at the character of
    /// the first problem.
    public static func parse(_ text: String) throws -> Expression {
        do { return try parseTree(text) } catch let e as ExpressionError { throw e.readoutError }
    }

    static func parseTree(_ text: String) throws -> Expression {
        var p = ExpressionParser(text: text)
        try p.tokenize()
        if p.tokens.count > maxTokens + 1 {
            throw p.error("the expression is too long: \(p.tokens.count - 1) tokens, at most \(maxTokens)", at: 0)
        }
        let e = try p.parseOr()
        if case .end = p.tokens[p.k].0 { return e }
        throw p.error("unexpected \(p.describe(p.tokens[p.k].0)); expected an operator or the end of the expression")
    }

    init(text: String) {
        self.text = text
        chars = Array(text)
    }

    func error(_ message: String, at position: Int? = nil) -> ExpressionError {
        ExpressionError(text: text, position: (position ?? tokens[min(k, tokens.count - 1)].1) + 1, message: message)
    }

    func describe(_ t: Token) -> String {
        switch t {
        case .number(let d): return "number \(formatNumber(d))"
        case .string(let s): return "text \"\(s)\""
        case .name(let n): return "name \(n)"
        case .symbol(let s): return "'\(s)'"
        case .end: return "the end of the expression"
        }
    }

    mutating func tokenize() throws {
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                i += 1
                continue
            }
            let start = i
            if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                while i < chars.count, chars[i].isNumber || chars[i] == "." { i += 1 }
                if i < chars.count, chars[i] == "e" || chars[i] == "E" {
                    i += 1
                    if i < chars.count, chars[i] == "+" || chars[i] == "-" { i += 1 }
                    while i < chars.count, chars[i].isNumber { i += 1 }
                }
                guard let d = Double(String(chars[start..<i])) else {
                    throw ExpressionError(
                        text: text, position: start + 1, message: "\"\(String(chars[start..<i]))\" is not a number")
                }
                tokens.append((.number(d), start))
            } else if c == "\"" || c == "'" {
                i += 1
                var s = ""
                while i < chars.count, chars[i] != c {
                    if chars[i] == "\\", i + 1 < chars.count {
                        s.append(chars[i + 1])
                        i += 2
                        continue
                    }
                    s.append(chars[i])
                    i += 1
                }
                guard i < chars.count else {
                    throw ExpressionError(
                        text: text, position: start + 1, message: "text opened here is not closed; expected \(c)")
                }
                i += 1
                tokens.append((.string(s), start))
            } else if c.isLetter || c == "_" {
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
                tokens.append((.name(String(chars[start..<i])), start))
            } else {
                let two = i + 1 < chars.count ? String(chars[i...(i + 1)]) : ""
                if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
                    tokens.append((.symbol(two == "&&" ? "and" : two == "||" ? "or" : two), start))
                    i += 2
                } else if "<>+-*/(),[]!=".contains(c) {
                    if c == "=" {
                        throw ExpressionError(
                            text: text, position: start + 1, message: "'=' alone; expected '==' to compare")
                    }
                    tokens.append((.symbol(c == "!" ? "not" : String(c)), start))
                    i += 1
                } else {
                    throw ExpressionError(text: text, position: start + 1, message: "unexpected character '\(c)'")
                }
            }
        }
        tokens.append((.end, chars.count))
    }

    var current: Token { tokens[k].0 }

    func isWord(_ w: String) -> Bool {
        if case .name(let n) = current { return n.lowercased() == w }
        if case .symbol(let s) = current { return s == w }
        return false
    }

    mutating func parseOr() throws -> Expression {
        var e = try parseAnd()
        while isWord("or") {
            k += 1
            e = .binary("or", e, try parseAnd())
        }
        return e
    }

    mutating func parseAnd() throws -> Expression {
        var e = try parseNot()
        while isWord("and") {
            k += 1
            e = .binary("and", e, try parseNot())
        }
        return e
    }

    /// One level deeper, refused beyond `maxDepth`.
    mutating func enter() throws {
        depth += 1
        if depth > Self.maxDepth {
            throw error("the expression is nested more than \(Self.maxDepth) deep", at: tokens[max(0, k - 1)].1)
        }
    }

    mutating func parseNot() throws -> Expression {
        if isWord("not") {
            k += 1
            try enter()
            defer { depth -= 1 }
            return .unary("not", try parseNot())
        }
        return try parseCompare()
    }

    mutating func parseCompare() throws -> Expression {
        let left = try parseSum()
        if case .symbol(let s) = current, ["==", "!=", "<", "<=", ">", ">="].contains(s) {
            k += 1
            return .binary(s, left, try parseSum())
        }
        if isWord("in") {
            k += 1
            return .binary("in", left, try parseSum())
        }
        if isWord("not"), k + 1 < tokens.count, case .name(let n) = tokens[k + 1].0, n.lowercased() == "in" {
            k += 2
            return .unary("not", .binary("in", left, try parseSum()))
        }
        return left
    }

    mutating func parseSum() throws -> Expression {
        var e = try parseProduct()
        while case .symbol(let s) = current, s == "+" || s == "-" {
            k += 1
            e = .binary(s, e, try parseProduct())
        }
        return e
    }

    mutating func parseProduct() throws -> Expression {
        var e = try parseUnary()
        while case .symbol(let s) = current, s == "*" || s == "/" {
            k += 1
            e = .binary(s, e, try parseUnary())
        }
        return e
    }

    mutating func parseUnary() throws -> Expression {
        if case .symbol("-") = current {
            k += 1
            try enter()
            defer { depth -= 1 }
            return .unary("-", try parseUnary())
        }
        return try parsePrimary()
    }

    mutating func expect(_ symbol: String, _ what: String) throws {
        guard case .symbol(let s) = current, s == symbol else {
            throw error("found \(describe(current)); expected \(what)")
        }
        k += 1
    }

    mutating func parsePrimary() throws -> Expression {
        let (t, position) = tokens[k]
        switch t {
        case .number(let d):
            k += 1
            return .literal(.number(d))
        case .string(let s):
            k += 1
            return .literal(.text(s))
        case .name(let n):
            k += 1
            switch n.lowercased() {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "missing": return .literal(.missing)
            default: break
            }
            if case .symbol("(") = current {
                k += 1
                try enter()
                defer { depth -= 1 }
                var args: [Expression] = []
                if case .symbol(")") = current {
                    k += 1
                    return .call(n.lowercased(), args, position: position)
                }
                while true {
                    args.append(try parseOr())
                    if case .symbol(",") = current {
                        k += 1
                        continue
                    }
                    try expect(")", "',' or ')' in the arguments of \(n)")
                    return .call(n.lowercased(), args, position: position)
                }
            }
            return .variable(n.uppercased(), position: position)
        case .symbol("("):
            k += 1
            try enter()
            defer { depth -= 1 }
            let e = try parseOr()
            try expect(")", "')'")
            return e
        case .symbol("["):
            k += 1
            try enter()
            defer { depth -= 1 }
            var items: [Expression] = []
            if case .symbol("]") = current {
                k += 1
                return .list(items)
            }
            while true {
                items.append(try parseOr())
                if case .symbol(",") = current {
                    k += 1
                    continue
                }
                try expect("]", "',' or ']' in a list")
                return .list(items)
            }
        default:
            throw error("found \(describe(t)); expected a value, a name or '('")
        }
    }
}

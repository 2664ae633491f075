import ReadoutCore

/// A JSON value, for metadata. Rows of Dataset-JSON are parsed straight into columns instead.
public indirect enum JSONNode: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONNode])
    case object([(String, JSONNode)])

    /// Structural equality of JSON values.
    public static func == (a: JSONNode, b: JSONNode) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSONNode? {
        if case .object(let members) = self { return members.first(where: { $0.0 == key })?.1 }
        return nil
    }

    /// Element `index` of an array, or nil (out of range, or not an array).
    public subscript(index: Int) -> JSONNode? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
    var numberValue: Double? {
        if case .number(let d) = self { return d }
        return nil
    }
    var arrayValue: [JSONNode]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The kind of value, as a message names it: `a string`, `an object`.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// Where and why JSON text could not be parsed.
struct JSONSyntaxError: Error {
    var offset: Int
    var message: String
}

/// A strict JSON parser over bytes (RFC 8259), with a nesting limit so hostile input cannot
/// exhaust the stack.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var i: Int
    let end: Int
    var depth = 0
    static let maxDepth = 256

    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.i = start
        self.end = end ?? bytes.count
    }

    func error(_ m: String) -> JSONSyntaxError { JSONSyntaxError(offset: i, message: m) }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < end {
            let c = bytes[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
        }
    }

    @inline(__always)
    func peek() -> UInt8? { i < end ? bytes[i] : nil }

    mutating func expect(_ c: UInt8, _ what: String) throws {
        skipWhitespace()
        guard i < end, bytes[i] == c else { throw error("expected \(what)") }
        i += 1
    }

    mutating func parseValue() throws -> JSONNode {
        skipWhitespace()
        guard i < end else { throw error("unexpected end of input; expected a value") }
        switch bytes[i] {
        case 0x7B: return try parseObject()
        case 0x5B: return try parseArray()
        case 0x22: return .string(try parseString())
        case 0x74:
            try literal("true")
            return .bool(true)
        case 0x66:
            try literal("false")
            return .bool(false)
        case 0x6E:
            try literal("null")
            return .null
        case 0x2D, 0x30...0x39: return .number(try parseNumber())
        default: throw error("unexpected character '\(printable(bytes[i]))'; expected a value")
        }
    }

    mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= end else { throw error("unexpected end of input") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw error("invalid literal; expected \(word)") }
        i += n
    }

    mutating func parseObject() throws -> JSONNode {
        depth += 1
        defer { depth -= 1 }
        if depth > JSONParser.maxDepth { throw error("nesting deeper than \(JSONParser.maxDepth) levels") }
        i += 1
        var members: [(String, JSONNode)] = []
        skipWhitespace()
        if peek() == 0x7D {
            i += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == 0x22 else { throw error("expected a quoted member name") }
            let k = try parseString()
            try expect(0x3A, "':' after a member name")
            members.append((k, try parseValue()))
            skipWhitespace()
            guard let c = peek() else { throw error("unexpected end of input inside an object") }
            if c == 0x2C {
                i += 1
                continue
            }
            if c == 0x7D {
                i += 1
                return .object(members)
            }
            throw error("expected ',' or '}' in an object")
        }
    }

    mutating func parseArray() throws -> JSONNode {
        depth += 1
        defer { depth -= 1 }
        if depth > JSONParser.maxDepth { throw error("nesting deeper than \(JSONParser.maxDepth) levels") }
        i += 1
        var items: [JSONNode] = []
        skipWhitespace()
        if peek() == 0x5D {
            i += 1
            return .array(items)
        }
        while true {
            items.append(try parseValue())
            skipWhitespace()
            guard let c = peek() else { throw error("unexpected end of input inside an array") }
            if c == 0x2C {
                i += 1
                continue
            }
            if c == 0x5D {
                i += 1
                return .array(items)
            }
            throw error("expected ',' or ']' in an array")
        }
    }

    /// The range of a number token, validated against the JSON grammar.
    mutating func numberRange() throws -> Range<Int> {
        let s = i
        if peek() == 0x2D { i += 1 }
        guard let d = peek(), d >= 0x30, d <= 0x39 else { throw error("invalid number") }
        if d == 0x30 { i += 1 } else { while let c = peek(), c >= 0x30, c <= 0x39 { i += 1 } }
        if peek() == 0x2E {
            i += 1
            guard let c = peek(), c >= 0x30, c <= 0x39 else { throw error("invalid number: digits must follow '.'") }
            while let c = peek(), c >= 0x30, c <= 0x39 { i += 1 }
        }
        if let e = peek(), e == 0x65 || e == 0x45 {
            i += 1
            if let c = peek(), c == 0x2B || c == 0x2D { i += 1 }
            guard let c = peek(), c >= 0x30, c <= 0x39 else {
                throw error("invalid number: digits must follow the exponent")
            }
            while let c = peek(), c >= 0x30, c <= 0x39 { i += 1 }
        }
        return s..<i
    }

    mutating func parseNumber() throws -> Double {
        let r = try numberRange()
        guard let v = parseDouble(UnsafeBufferPointer(rebasing: bytes[r])) else { throw error("invalid number") }
        return v
    }

    /// Parses a string at `i` (which is a quote); appends its UTF-8 to `out`.
    mutating func parseString(into out: inout [UInt8]) throws {
        i += 1
        while true {
            let s = i
            while i < end, bytes[i] != 0x22, bytes[i] != 0x5C, bytes[i] >= 0x20 { i += 1 }
            if i > s { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[s..<i])) }
            guard i < end else { throw error("unterminated string") }
            let c = bytes[i]
            if c == 0x22 {
                i += 1
                return
            }
            if c < 0x20 { throw error("control character in a string; it must be escaped") }
            // Escape.
            i += 1
            guard i < end else { throw error("unterminated string") }
            let e = bytes[i]
            i += 1
            switch e {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x2F: out.append(0x2F)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var code = try hex4()
                if code >= 0xD800 && code < 0xDC00 {
                    guard i + 1 < end, bytes[i] == 0x5C, bytes[i + 1] == 0x75 else {
                        throw error("unpaired surrogate in \\u escape")
                    }
                    i += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw error("unpaired surrogate in \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if code >= 0xDC00 && code < 0xE000 {
                    throw error("unpaired surrogate in \\u escape")
                }
                appendUTF8(code, to: &out)
            default: throw error("invalid escape '\\\(printable(e))'")
            }
        }
    }

    mutating func parseString() throws -> String {
        var out: [UInt8] = []
        let start = i
        try parseString(into: &out)
        guard out.withUnsafeBufferPointer({ isValidUTF8($0) }) else {
            i = start
            throw error("a string is not valid UTF-8")
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func hex4() throws -> UInt32 {
        guard i + 4 <= end else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}

func appendUTF8(_ code: UInt32, to out: inout [UInt8]) {
    if code < 0x80 {
        out.append(UInt8(code))
    } else if code < 0x800 {
        out.append(UInt8(0xC0 | (code >> 6)))
        out.append(UInt8(0x80 | (code & 0x3F)))
    } else if code < 0x10000 {
        out.append(UInt8(0xE0 | (code >> 12)))
        out.append(UInt8(0x80 | ((code >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (code & 0x3F)))
    } else {
        out.append(UInt8(0xF0 | (code >> 18)))
        out.append(UInt8(0x80 | ((code >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((code >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (code & 0x3F)))
    }
}

func printable(_ b: UInt8) -> String {
    b >= 0x20 && b < 0x7F ? String(UnicodeScalar(b)) : String(format2hex: b)
}

extension String {
    init(format2hex b: UInt8) {
        let digits = Array("0123456789ABCDEF")
        self = "0x" + String(digits[Int(b >> 4)]) + String(digits[Int(b & 15)])
    }
}

/// Line and column (1-based) of a byte offset, for messages.
func lineAndColumn(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> (Int, Int) {
    var line = 1
    var col = 1
    for k in 0..<min(offset, bytes.count) {
        if bytes[k] == 0x0A {
            line += 1
            col = 1
        } else {
            col += 1
        }
    }
    return (line, col)
}

extension JSONNode {
    /// `text` parsed as one JSON value (RFC 8259); a syntax error names its line and column.
    public static func parse(_ text: String, file: String = "JSON text") throws -> JSONNode {
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBufferPointer { buffer in
            var parser = JSONParser(UnsafeBufferPointer(buffer))
            do {
                let value = try parser.parseValue()
                parser.skipWhitespace()
                if parser.i < parser.end { throw parser.error("unexpected text after the value") }
                return value
            } catch let e as JSONSyntaxError {
                let before = buffer[..<min(e.offset, buffer.count)]
                let line = before.filter { $0 == 0x0A }.count + 1
                let column = e.offset - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
                throw ReadoutError(
                    file: file, code: "json-syntax", "line \(line), column \(column): \(e.message)")
            }
        }
    }
}

extension JSONNode: JSONRepresentable {
    /// The value for a results-contract document (whole numbers as integers), to embed JSON read
    /// back, such as a stored error document.
    public var jsonValue: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d):
            return d == d.rounded() && abs(d) < 9e15 ? .integer(Int(d)) : .number(d)
        case .string(let s): return .string(s)
        case .array(let a): return .array(a.map(\.jsonValue))
        case .object(let members):
            var o = JSONObject()
            for (k, v) in members { o.add(k, v.jsonValue) }
            return .object(o)
        }
    }
}

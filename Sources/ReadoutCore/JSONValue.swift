import Foundation

/// A JSON value with its object keys in the order they were added: the results contract
/// (docs/results-contract.md) is built from these, never by encoding internal types, so that the
/// internal types can change while the documented documents do not.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    /// A number; NaN and infinities are written as `null`.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The value as pretty-printed JSON text (two-space indent, keys in insertion order), ending in a newline.
    public func rendered() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(into: &out, indent: 0)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the pretty-printed JSON bytes of the value at nesting depth `indent`.
    public func write(into out: inout [UInt8], indent: Int) {
        func pad(_ depth: Int) {
            for _ in 0..<depth { out += [0x20, 0x20] }
        }
        switch self {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .integer(let i): out += String(i).utf8
        case .number(let d): out += (d.isFinite ? NumberFormat.shortest(d) : "null").utf8
        case .string(let s): JSONValue.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out += "[]".utf8
                return
            }
            out += "[\n".utf8
            for (k, item) in items.enumerated() {
                pad(indent + 1)
                item.write(into: &out, indent: indent + 1)
                if k < items.count - 1 { out.append(0x2C) }
                out.append(0x0A)
            }
            pad(indent)
            out.append(0x5D)
        case .object(let o):
            if o.members.isEmpty {
                out += "{}".utf8
                return
            }
            out += "{\n".utf8
            for (k, m) in o.members.enumerated() {
                pad(indent + 1)
                JSONValue.quote(m.key, into: &out)
                out += ": ".utf8
                m.value.write(into: &out, indent: indent + 1)
                if k < o.members.count - 1 { out.append(0x2C) }
                out.append(0x0A)
            }
            pad(indent)
            out.append(0x7D)
        }
    }

    /// `s` as JSON string bytes: quotes, backslashes and control characters escaped, the rest as UTF-8.
    public static func quote(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            out.append(0x22)
            if !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
                out += bytes
            } else {
                for b in bytes {
                    switch b {
                    case 0x22: out += [0x5C, 0x22]
                    case 0x5C: out += [0x5C, 0x5C]
                    case 0x0A: out += [0x5C, 0x6E]
                    case 0x0D: out += [0x5C, 0x72]
                    case 0x09: out += [0x5C, 0x74]
                    case 0..<0x20:
                        let hex = String(b, radix: 16)
                        out += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8
                    default: out.append(b)
                    }
                }
            }
            out.append(0x22)
        }
    }

    /// `s` as a JSON string appended to text: quotes, backslashes and control characters escaped.
    public static func quote(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        quote(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }
}

/// One member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONValue

    /// The member `key` with `value`.
    @inlinable public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// A JSON object whose members keep the order in which they were added.
public struct JSONObject: Sendable, Equatable {
    public var members: [JSONMember] = []

    /// An empty object.
    @inlinable public init() {}

    /// Adds `key` (or replaces its value when present); `nil` is written as `null`, so that every
    /// documented key is always present. Inlinable so that callers in other modules get it
    /// specialised for their value types (a readout of 100,000 subjects adds millions of members).
    @inlinable public mutating func add(_ key: String, _ value: (some JSONRepresentable)?) {
        let v = value?.jsonValue ?? .null
        if let i = members.firstIndex(where: { $0.key == key }) {
            members[i].value = v
        } else {
            members.append(JSONMember(key: key, value: v))
        }
    }

    /// The value of `key`, if present.
    public subscript(key: String) -> JSONValue? { members.first { $0.key == key }?.value }
}

/// A value the results contract can write.
public protocol JSONRepresentable {
    /// The value as JSON.
    var jsonValue: JSONValue { get }
}

extension JSONValue: JSONRepresentable {
    public var jsonValue: JSONValue { self }
}

extension JSONObject: JSONRepresentable {
    public var jsonValue: JSONValue { .object(self) }
}

extension String: JSONRepresentable {
    public var jsonValue: JSONValue { .string(self) }
}

extension Int: JSONRepresentable {
    public var jsonValue: JSONValue { .integer(self) }
}

extension Double: JSONRepresentable {
    public var jsonValue: JSONValue { .number(self) }
}

extension Bool: JSONRepresentable {
    public var jsonValue: JSONValue { .bool(self) }
}

extension Array: JSONRepresentable where Element: JSONRepresentable {
    public var jsonValue: JSONValue { .array(map(\.jsonValue)) }
}

extension Problem: JSONRepresentable {
    /// A problem as the results contract writes it (`$defs/problem` of common.schema.json).
    public var jsonValue: JSONValue {
        var o = JSONObject()
        o.add("severity", severity.rawValue)
        o.add("code", code)
        o.add("file", file)
        o.add("row", location?.number)
        o.add("rowKind", location?.word)
        o.add("variable", variable)
        o.add("value", value)
        o.add("expected", expected)
        o.add("message", message)
        o.add("text", description)
        return .object(o)
    }
}

/// Writes a document member by member into bytes, so that a long array (a subject per element)
/// is rendered element by element instead of held as one tree.
public struct JSONDocumentWriter {
    public private(set) var bytes: [UInt8] = []
    var count = 0

    /// A document that starts with the members of `head` (the envelope and what follows it).
    public init(_ head: JSONObject) {
        bytes.reserveCapacity(1 << 20)
        bytes += "{\n".utf8
        for m in head.members { member(m.key, m.value) }
    }

    mutating func key(_ key: String) {
        if count > 0 { bytes += ",\n".utf8 }
        count += 1
        bytes += [0x20, 0x20]
        JSONValue.quote(key, into: &bytes)
        bytes += ": ".utf8
    }

    /// Appends the member `key`.
    public mutating func member(_ key: String, _ value: JSONValue) {
        self.key(key)
        value.write(into: &bytes, indent: 1)
    }

    /// Appends the member `key`, an array of `items` rendered in blocks of 2,048 on every core and
    /// joined in order: the same bytes whatever the number of cores.
    public mutating func parallelArray<T: Sendable>(
        _ key: String, _ items: [T], _ element: @Sendable @escaping (T) -> JSONValue
    ) {
        self.key(key)
        guard !items.isEmpty else {
            bytes += "[]".utf8
            return
        }
        let block = 2048
        let blocks = (items.count + block - 1) / block
        let slots = ParallelSlots<[UInt8]>(count: blocks)
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
            var out: [UInt8] = []
            for k in (b * block)..<min(items.count, (b + 1) * block) {
                out += (k == 0 ? "[\n    " : ",\n    ").utf8
                element(items[k]).write(into: &out, indent: 2)
            }
            slots.set(b, out)
        }
        for b in 0..<blocks { bytes += slots.get(b)! }
        bytes += "\n  ]".utf8
    }

    /// The document's text, ending in a newline.
    public mutating func finish() -> String {
        bytes += "\n}\n".utf8
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The envelope every `--format json` document of Readout starts with.
public enum ResultsContract {
    /// The version of the results contract; the JSON Schemas in docs/schema/ carry it in their `$id`.
    /// It changes (and CHANGELOG.md says how) whenever a documented field changes meaning or goes.
    public static let schemaVersion = "1.0"

    /// A document of kind `document` (the schema's name, such as `responses`): its first members.
    public static func envelope(_ document: String) -> JSONObject {
        var o = JSONObject()
        o.add("document", document)
        o.add("schemaVersion", schemaVersion)
        o.add("engine", "Readout \(ReadoutVersion.string)")
        return o
    }

    /// Problems as the contract writes them, with the counts of those not kept.
    public static func problems(_ log: ProblemLog) -> JSONObject {
        var o = JSONObject()
        o.add("errors", log.count(.error))
        o.add("warnings", log.count(.warning))
        o.add("notes", log.count(.note))
        o.add("omitted", log.omitted.values.reduce(0, +))
        o.add("items", log.problems)
        return o
    }

    /// The document printed for a content error under `--format json` (error.schema.json).
    public static func error(_ error: ReadoutError) -> String {
        var o = envelope("error")
        o.add("problems", error.problems)
        return JSONValue.object(o).rendered()
    }
}

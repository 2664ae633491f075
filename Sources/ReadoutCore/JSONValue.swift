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
        var out = ""
        write(into: &out, indent: 0)
        return out + "\n"
    }

    func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .number(let d): out += d.isFinite ? NumberFormat.shortest(d) : "null"
        case .string(let s): JSONValue.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            let pad = String(repeating: "  ", count: indent + 1)
            out += "[\n"
            for (k, item) in items.enumerated() {
                out += pad
                item.write(into: &out, indent: indent + 1)
                out += k == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .object(let o):
            if o.members.isEmpty {
                out += "{}"
                return
            }
            let pad = String(repeating: "  ", count: indent + 1)
            out += "{\n"
            for (k, m) in o.members.enumerated() {
                out += pad
                JSONValue.quote(m.key, into: &out)
                out += ": "
                m.value.write(into: &out, indent: indent + 1)
                out += k == o.members.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        }
    }

    /// `s` as a JSON string: quotes, backslashes and control characters escaped, the rest as UTF-8.
    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += s
        } else {
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if u.value < 0x20 {
                        let hex = String(u.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(u)
                    }
                }
            }
        }
        out += "\""
    }
}

/// One member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONValue
}

/// A JSON object whose members keep the order in which they were added.
public struct JSONObject: Sendable, Equatable {
    public private(set) var members: [JSONMember] = []

    /// An empty object.
    public init() {}

    /// Adds `key` (or replaces its value when present); `nil` is written as `null`, so that every
    /// documented key is always present.
    public mutating func add(_ key: String, _ value: (some JSONRepresentable)?) {
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

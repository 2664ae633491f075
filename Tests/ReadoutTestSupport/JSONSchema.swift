import Foundation
import ReadoutCore
import ReadoutData

/// A JSON Schema (draft 2020-12) validator for the keywords the results contract's schemas use.
/// A schema with any other keyword is refused, so a schema cannot rely on a check that is not made.
/// CI also validates the same outputs with the Python `jsonschema` package (scripts/check-schemas.py).
public struct SchemaValidator: Sendable {
    /// Schemas by `$id`.
    var schemas: [String: JSONNode] = [:]

    static let annotations: Set<String> = ["$schema", "$id", "$comment", "title", "description", "examples"]
    static let assertions: Set<String> = [
        "$ref", "$defs", "type", "properties", "required", "additionalProperties", "items", "enum", "const", "pattern",
        "minimum", "maximum", "minItems", "maxItems", "oneOf", "anyOf", "format", "minLength",
    ]

    /// Every `*.schema.json` of `folder`, by `$id`.
    public init(folder: String) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        where name.hasSuffix(".schema.json") {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            let node = try JSONNode.parse(text, file: name)
            guard let id = node["$id"]?.stringValue else { throw SchemaError("\(name): no $id") }
            schemas[id] = node
        }
    }

    public struct SchemaError: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    /// Every place where `document` breaks the schema `id`, as `path: message`; empty when it is valid.
    public func validate(_ document: JSONNode, against id: String) throws -> [String] {
        guard let schema = schemas[id] else { throw SchemaError("no schema \(id)") }
        var errors: [String] = []
        try check(document, schema, base: id, path: "", errors: &errors)
        return errors
    }

    func resolve(_ ref: String, base: String) throws -> (JSONNode, String) {
        let parts = ref.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let id = parts[0].isEmpty ? base : parts[0]
        guard var node = schemas[id] else { throw SchemaError("unresolved $ref \(ref)") }
        if parts.count == 2 {
            for key in parts[1].split(separator: "/") {
                guard let next = node[String(key)] else { throw SchemaError("unresolved $ref \(ref)") }
                node = next
            }
        }
        return (node, id)
    }

    static func isType(_ v: JSONNode, _ type: String) -> Bool {
        switch (type, v) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object):
            return true
        case ("number", .number): return true
        case ("integer", .number(let d)): return d == d.rounded() && abs(d) < 9e15
        default: return false
        }
    }

    static func isDate(_ s: String) -> Bool {
        guard s.utf8.count == 10, let d = CalendarDate(iso: s) else { return false }
        return d.iso == s
    }

    func check(_ v: JSONNode, _ schema: JSONNode, base: String, path: String, errors: inout [String]) throws {
        if case .bool(let b) = schema {
            if !b { errors.append("\(path): not allowed") }
            return
        }
        guard case .object(let members) = schema else { throw SchemaError("\(path): a schema must be an object") }
        let here = path.isEmpty ? "/" : path
        for (key, value) in members {
            if Self.annotations.contains(key) { continue }
            guard Self.assertions.contains(key) else { throw SchemaError("unsupported keyword \(key) at \(here)") }
            switch key {
            case "$ref":
                let (target, id) = try resolve(value.stringValue ?? "", base: base)
                try check(v, target, base: id, path: path, errors: &errors)
            case "type":
                let types: [String]
                if case .array(let a) = value {
                    types = a.compactMap(\.stringValue)
                } else {
                    types = [value.stringValue ?? ""]
                }
                if !types.contains(where: { Self.isType(v, $0) }) {
                    errors.append("\(here): expected \(types.joined(separator: " or ")), found \(v.kindName)")
                    return
                }
            case "properties":
                guard case .object(let fields) = v, case .object(let props) = value else { continue }
                for (name, sub) in props {
                    if let field = fields.first(where: { $0.0 == name })?.1 {
                        try check(field, sub, base: base, path: path + "/" + name, errors: &errors)
                    }
                }
            case "required":
                guard case .object(let fields) = v, case .array(let names) = value else { continue }
                for n in names.compactMap(\.stringValue) where !fields.contains(where: { $0.0 == n }) {
                    errors.append("\(here): missing required \(n)")
                }
            case "additionalProperties":
                guard case .object(let fields) = v else { continue }
                var known: Set<String> = []
                if case .object(let props)? = schema["properties"] { known = Set(props.map(\.0)) }
                for (name, field) in fields where !known.contains(name) {
                    try check(field, value, base: base, path: path + "/" + name, errors: &errors)
                }
            case "items":
                guard case .array(let items) = v else { continue }
                for (k, item) in items.enumerated() {
                    try check(item, value, base: base, path: path + "/\(k)", errors: &errors)
                }
            case "enum":
                guard case .array(let options) = value else { continue }
                if !options.contains(v) { errors.append("\(here): \(Self.show(v)) is not one of the permitted values") }
            case "const":
                if v != value { errors.append("\(here): expected \(Self.show(value)), found \(Self.show(v))") }
            case "pattern":
                guard case .string(let s) = v, let p = value.stringValue else { continue }
                if s.range(of: p, options: .regularExpression) == nil {
                    errors.append("\(here): \(Self.show(v)) does not match \(p)")
                }
            case "minLength":
                if case .string(let s) = v, case .number(let m) = value, s.count < Int(m) {
                    errors.append("\(here): shorter than \(Int(m))")
                }
            case "minimum", "maximum":
                guard case .number(let d) = v, case .number(let limit) = value else { continue }
                if key == "minimum" ? d < limit : d > limit { errors.append("\(here): \(d) is beyond \(key) \(limit)") }
            case "minItems", "maxItems":
                guard case .array(let a) = v, case .number(let limit) = value else { continue }
                if key == "minItems" ? a.count < Int(limit) : a.count > Int(limit) {
                    errors.append("\(here): \(a.count) items, \(key) \(Int(limit))")
                }
            case "oneOf", "anyOf":
                guard case .array(let options) = value else { continue }
                var passing = 0
                for option in options {
                    var sub: [String] = []
                    try check(v, option, base: base, path: path, errors: &sub)
                    if sub.isEmpty { passing += 1 }
                }
                if key == "oneOf" ? passing != 1 : passing == 0 {
                    errors.append("\(here): matches \(passing) of the \(key) schemas")
                }
            case "format":
                if value.stringValue == "date", case .string(let s) = v, !Self.isDate(s) {
                    errors.append("\(here): \(Self.show(v)) is not an ISO 8601 date")
                }
            default: break
            }
        }
    }

    static func show(_ v: JSONNode) -> String {
        switch v {
        case .string(let s): return "\"\(s)\""
        case .number(let d): return NumberFormat.shortest(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        default: return v.kindName
        }
    }
}

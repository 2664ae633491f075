import ReadoutCore
import ReadoutData

/// Where an expression finds its variables: one subject's variables, and the subject's records
/// of each domain for aggregates.
public protocol ExpressionContext {
    /// The value of a subject-level variable; nil when there is no such variable.
    func value(of name: String) -> ExpressionValue?
    /// The subject's records of a domain, each as a context of its own; nil when the study has no
    /// such domain.
    func records(of domain: String) -> [any ExpressionContext]?
    /// The cut-off and imputation rule partial dates are completed with (the study's).
    var dateRules: DateRules { get }
}

/// What names an expression may use: subject-level variables and domains with their variables.
public struct ExpressionSchema: Sendable {
    var subjectVariables: Set<String>
    public var domains: [String: Set<String>]
    /// The variables an expression may name: the subject-level ones and each domain's.
    public init(subjectVariables: Set<String>, domains: [String: Set<String>]) {
        self.subjectVariables = subjectVariables
        self.domains = domains
    }
}

enum ExpressionFunctions {
    /// Aggregates over a subject's records: name → (minimum, maximum) argument count.
    static let aggregates: [String: (Int, Int)] = [
        "any": (1, 2), "count": (1, 2), "sum": (2, 3), "min": (2, 3), "max": (2, 3),
    ]
    static let scalars: [String: (Int, Int)] = [
        "days": (2, 2), "weeks": (2, 2), "months": (2, 2), "upper": (1, 1), "is_missing": (1, 1),
        "date": (1, 1), "start_date": (1, 1), "end_date": (1, 1), "coalesce": (2, 8),
        "contains": (2, 2), "abs": (1, 1),
    ]

    /// Checks every name against the schema before anything is evaluated; an unknown name is a
    /// `ReadoutError` located at its character.
    public static func check(_ e: Expression, text: String, schema: ExpressionSchema) throws {
        do { try check(e, text: text, schema: schema, recordScope: nil) } catch let e as ExpressionError {
            throw e.readoutError
        }
    }

    static func check(_ e: Expression, text: String, schema: ExpressionSchema, recordScope: Set<String>?) throws {
        switch e {
        case .literal: return
        case .variable(let name, let position):
            if recordScope?.contains(name) == true || schema.subjectVariables.contains(name) { return }
            let known = (recordScope ?? schema.subjectVariables).union(
                recordScope == nil ? [] : schema.subjectVariables)
            let near = known.sorted().filter { $0.hasPrefix(String(name.prefix(2))) }.prefix(8)
            throw ExpressionError(
                text: text, position: position + 1,
                message: "unknown variable \(name)" + (near.isEmpty ? "" : "; similar: " + near.joined(separator: ", "))
            )
        case .list(let items): for i in items { try check(i, text: text, schema: schema, recordScope: recordScope) }
        case .unary(_, let x): try check(x, text: text, schema: schema, recordScope: recordScope)
        case .binary(_, let a, let b):
            try check(a, text: text, schema: schema, recordScope: recordScope)
            try check(b, text: text, schema: schema, recordScope: recordScope)
        case .call(let name, let args, let position):
            if let (lo, hi) = aggregates[name] {
                guard args.count >= lo, args.count <= hi else {
                    throw ExpressionError(
                        text: text, position: position + 1,
                        message:
                            "\(name) takes a domain and "
                            + "\(lo - 1 == hi - 1 ? "\(lo - 1)" : "\(lo - 1) to \(hi - 1)") more argument(s), "
                            + "not \(args.count - 1)"
                    )
                }
                guard case .variable(let domain, let dp) = args[0] else {
                    throw ExpressionError(
                        text: text, position: position + 1,
                        message: "the first argument of \(name) must be a domain name such as CM or AE")
                }
                guard let vars = schema.domains[domain] else {
                    throw ExpressionError(
                        text: text, position: dp + 1,
                        message: "unknown domain \(domain); the study has "
                            + schema.domains.keys.sorted().joined(separator: ", "))
                }
                for a in args.dropFirst() { try check(a, text: text, schema: schema, recordScope: vars) }
            } else if let (lo, hi) = scalars[name] {
                guard args.count >= lo, args.count <= hi else {
                    throw ExpressionError(
                        text: text, position: position + 1,
                        message: "\(name) takes \(lo == hi ? "\(lo)" : "\(lo) to \(hi)") argument(s), not \(args.count)"
                    )
                }
                for a in args { try check(a, text: text, schema: schema, recordScope: recordScope) }
            } else {
                throw ExpressionError(
                    text: text, position: position + 1,
                    message: "unknown function \(name); functions: "
                        + (Array(aggregates.keys) + Array(scalars.keys)).sorted().joined(separator: ", "))
            }
        }
    }

    /// Evaluates an expression for one subject (and, inside aggregates, one record).
    public static func evaluate(
        _ e: Expression, in context: any ExpressionContext, outer: (any ExpressionContext)? = nil
    ) -> ExpressionValue {
        func eval(_ x: Expression) -> ExpressionValue { evaluate(x, in: context, outer: outer) }
        switch e {
        case .literal(let v): return v
        case .variable(let name, _):
            return context.value(of: name) ?? outer?.value(of: name) ?? .missing
        case .list: return .missing
        case .unary(let op, let x):
            let v = eval(x)
            if op == "not" { return .bool(!v.isTrue) }
            if case .number(let d) = v { return .number(-d) }
            return .missing
        case .binary(let op, let a, let b):
            switch op {
            case "and": return .bool(eval(a).isTrue && eval(b).isTrue)
            case "or": return .bool(eval(a).isTrue || eval(b).isTrue)
            case "in":
                let l = eval(a)
                guard case .list(let items) = b else { return .bool(equal(l, eval(b))) }
                return .bool(items.contains { equal(l, eval($0)) })
            case "==", "!=":
                let l = eval(a)
                let r = eval(b)
                let same: Bool
                if case .missing = r {
                    if case .missing = l { same = true } else { same = false }
                } else if case .missing = l {
                    same = false
                } else {
                    same = equal(l, r)
                }
                return .bool(op == "==" ? same : !same)
            case "<", "<=", ">", ">=":
                guard let c = compare(eval(a), eval(b)) else { return .bool(false) }
                switch op {
                case "<": return .bool(c < 0)
                case "<=": return .bool(c <= 0)
                case ">": return .bool(c > 0)
                default: return .bool(c >= 0)
                }
            default:
                return arithmetic(op, eval(a), eval(b))
            }
        case .call(let name, let args, _):
            if aggregates[name] != nil {
                guard case .variable(let domain, _) = args[0],
                    let records = context.records(of: domain) ?? outer?.records(of: domain)
                else { return .missing }
                let condition: Expression? =
                    name == "any" || name == "count" ? args.dropFirst().first : (args.count == 3 ? args[2] : nil)
                let selected = records.filter { r in
                    condition.map { evaluate($0, in: r, outer: context).isTrue } ?? true
                }
                switch name {
                case "any": return .bool(!selected.isEmpty)
                case "count": return .number(Double(selected.count))
                default:
                    let values = selected.compactMap { r -> Double? in
                        if case .number(let d) = evaluate(args[1], in: r, outer: context) { return d }
                        return nil
                    }
                    if name == "sum" { return .number(values.reduce(0, +)) }
                    guard let m = name == "min" ? values.min() : values.max() else { return .missing }
                    return .number(m)
                }
            }
            let v = args.map(eval)
            switch name {
            case "days", "weeks", "months":
                guard let a = asDate(v[0], role: role(of: args[0]), context.dateRules),
                    let b = asDate(v[1], role: role(of: args[1]), context.dateRules)
                else { return .missing }
                let d = Double(b.dayNumber - a.dayNumber)
                return .number(name == "days" ? d : name == "weeks" ? d / 7 : d / CalendarUnits.daysPerMonth)
            case "upper":
                if case .text(let s) = v[0] { return .text(s.uppercased()) }
                return v[0]
            case "is_missing":
                if case .missing = v[0] { return .bool(true) }
                if case .text(let s) = v[0] { return .bool(s.isEmpty) }
                return .bool(false)
            case "date": return asDate(v[0], role: role(of: args[0]), context.dateRules).map { .date($0) } ?? .missing
            case "start_date": return asDate(v[0], role: .start, context.dateRules).map { .date($0) } ?? .missing
            case "end_date": return asDate(v[0], role: .end, context.dateRules).map { .date($0) } ?? .missing
            case "coalesce":
                return v.first {
                    if case .missing = $0 { return false }
                    if case .text(let s) = $0 { return !s.isEmpty }
                    return true
                } ?? .missing
            case "contains":
                if case .text(let s) = v[0], case .text(let t) = v[1] { return .bool(s.contains(t)) }
                return .bool(false)
            case "abs":
                if case .number(let d) = v[0] { return .number(abs(d)) }
                return .missing
            default: return .missing
            }
        }
    }

    /// A text date is completed by the study's rule for its role, capped at the cut-off.
    static func asDate(_ v: ExpressionValue, role: DateImputation.Role, _ rules: DateRules) -> CalendarDate? {
        switch v {
        case .date(let d): return d
        case .text(let s): return rules.impute(s, role: role)?.date
        default: return nil
        }
    }

    /// The role of a date argument: a variable named --ENDTC ends something, the rest start.
    static func role(of e: Expression) -> DateImputation.Role {
        if case .variable(let name, _) = e { return DateRules.role(ofVariable: name) }
        return .start
    }

    static func equal(_ a: ExpressionValue, _ b: ExpressionValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x == y
        case (.text(let x), .text(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.date(let x), .date(let y)): return x == y
        case (.date(let x), .text(let y)), (.text(let y), .date(let x)): return CalendarDate(iso: y) == x
        case (.number(let x), .text(let y)), (.text(let y), .number(let x)): return parseDouble(y) == x
        default: return false
        }
    }

    static func compare(_ a: ExpressionValue, _ b: ExpressionValue) -> Int? {
        func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : x > y ? 1 : 0 }
        switch (a, b) {
        case (.number(let x), .number(let y)): return cmp(x, y)
        case (.text(let x), .text(let y)): return cmp(x, y)
        case (.date(let x), .date(let y)): return cmp(x, y)
        case (.date(let x), .text(let y)): return CalendarDate(iso: y).map { cmp(x, $0) }
        case (.text(let x), .date(let y)): return CalendarDate(iso: x).map { cmp($0, y) }
        case (.number(let x), .text(let y)): return parseDouble(y).map { cmp(x, $0) }
        case (.text(let x), .number(let y)): return parseDouble(x).map { cmp($0, y) }
        default: return nil
        }
    }

    static func arithmetic(_ op: String, _ a: ExpressionValue, _ b: ExpressionValue) -> ExpressionValue {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            switch op {
            case "+": return .number(x + y)
            case "-": return .number(x - y)
            case "*": return .number(x * y)
            default: return y == 0 ? .missing : .number(x / y)
            }
        case (.date(let x), .date(let y)) where op == "-": return .number(Double(x.dayNumber - y.dayNumber))
        case (.date(let x), .number(let y)) where op == "+" || op == "-":
            return .date(x.adding(days: Int(op == "+" ? y : -y)))
        default: return .missing
        }
    }
}

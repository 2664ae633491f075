/// One thing wrong (or worth a look) in the input, located as precisely as the input allows.
///
/// Every problem says where (file, record, variable), what was found (value) and what was
/// expected, so that a data manager can fix the source without reading Readout's code.
public struct Problem: Sendable, Codable, Equatable, CustomStringConvertible {
    /// How much a problem matters: an error stops a readout, a warning and a note do not.
    public enum Severity: String, Sendable, Codable, Comparable {
        case error
        case warning
        case note

        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        /// Errors sort before warnings, warnings before notes.
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    /// Stable identifier of the kind of problem (for example `not-iso8601`), for tooling.
    public var code: String
    public var file: String?
    /// `row 12` (CSV, header is row 1) or `record 11` (other formats).
    public var location: RecordLocation?
    public var variable: String?
    public var value: String?
    public var expected: String?
    public var message: String

    /// A problem of `severity` with its stable `code`, located as precisely as the caller knows.
    public init(
        _ severity: Severity, _ code: String, file: String? = nil, location: RecordLocation? = nil,
        variable: String? = nil, value: String? = nil, expected: String? = nil, message: String
    ) {
        self.severity = severity
        self.code = code
        self.file = file
        self.location = location
        self.variable = variable
        self.value = value.map(Problem.shorten)
        self.expected = expected
        self.message = message
    }

    /// Values are shown, but a 100 MB field is not.
    static func shorten(_ s: String) -> String {
        s.count <= 80 ? s : String(s.prefix(77)) + "..."
    }

    public var description: String {
        var parts: [String] = []
        var place: [String] = []
        if let f = file { place.append(f) }
        if let l = location { place.append(l.description) }
        if let v = variable { place.append(v) }
        if !place.isEmpty { parts.append(place.joined(separator: ", ") + ":") }
        parts.append(message)
        if let v = value {
            parts.append("(found \"\(v)\"")
            parts[parts.count - 1] += expected.map { "; expected \($0))" } ?? ")"
        } else if let e = expected {
            parts.append("(expected \(e))")
        }
        return "\(severity.rawValue): " + parts.joined(separator: " ")
    }
}

/// Collects problems up to a limit, counting (never silently dropping) those beyond it.
public struct ProblemLog: Sendable {
    public private(set) var problems: [Problem] = []
    /// Problems not kept because the limit was reached, by severity.
    public private(set) var omitted: [Problem.Severity: Int] = [:]
    public let limit: Int
    private var perCode: [String: Int] = [:]
    /// At most this many problems of one code are kept, so one systematic fault does not hide others.
    public let limitPerCode: Int

    /// A log that keeps at most `limit` problems, and at most `limitPerCode` of one code.
    public init(limit: Int = 1000, limitPerCode: Int = 200) {
        self.limit = limit
        self.limitPerCode = limitPerCode
    }

    /// Keeps `p`, or counts it when a limit is reached.
    public mutating func add(_ p: Problem) {
        let k = perCode[p.code, default: 0]
        perCode[p.code] = k + 1
        if problems.count >= limit || k >= limitPerCode {
            omitted[p.severity, default: 0] += 1
        } else {
            problems.append(p)
        }
    }

    /// Adds another log's problems and counts.
    public mutating func add(contentsOf other: ProblemLog) {
        for p in other.problems { add(p) }
        for (s, n) in other.omitted { omitted[s, default: 0] += n }
    }

    /// The number of problems of `severity`, kept or counted.
    public func count(_ severity: Problem.Severity) -> Int {
        problems.filter { $0.severity == severity }.count + omitted[severity, default: 0]
    }

    public var hasErrors: Bool { count(.error) > 0 }
}

/// The one error type of Readout's content errors: a file, a spec, a simulation file, a decision
/// table or an expression that cannot be used. It carries every problem found (not only the first),
/// each with its file, row, variable, value and what was expected. The command-line tool renders it
/// in one place and exits with status 2; argument errors stay with the argument parser (status 64).
public struct ReadoutError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, at least one problem, in the order found.
    public var problems: [Problem]

    /// The first problem.
    public var problem: Problem {
        get { problems[0] }
        set { problems[0] = newValue }
    }

    /// An error of one problem.
    public init(_ problem: Problem) { self.problems = [problem] }

    /// An error of several problems; `problems` must not be empty.
    public init(problems: [Problem]) {
        precondition(!problems.isEmpty, "an error needs a problem")
        self.problems = problems
    }

    /// An error of one problem, located as precisely as the caller knows.
    public init(
        file: String?, code: String, _ message: String, location: RecordLocation? = nil, variable: String? = nil,
        value: String? = nil, expected: String? = nil
    ) {
        self.problems = [
            Problem(
                .error, code, file: file, location: location, variable: variable, value: value,
                expected: expected, message: message)
        ]
    }

    /// One line per problem; several problems are preceded by their count.
    public var description: String {
        if problems.count == 1 { return problems[0].description }
        return "\(problems.count) problems:\n" + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}

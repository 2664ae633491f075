import ReadoutCore
import ReadoutData

/// Reads every subject's CA-125 values from LB and derives GCIG's CA-125 response and progression
/// (docs/response-rules.md, section 12).
public struct CA125Engine: Sendable {
    public var options: CA125Options

    /// An engine with GCIG's rules, or the protocol's.
    public init(options: CA125Options = CA125Options()) { self.options = options }

    /// The domains and variables read.
    public static let requiredData = PSAEngine.requiredData

    /// Every subject's CA-125 results, the problems met, and the records not used, by reason.
    public struct Result: Sendable {
        public var subjects: [CA125Subject]
        public var problems: ProblemLog
        public var notUsed: [String: Int]
        public var records: Int
        /// Values without LBSTNRHI, read against the default upper limit.
        public var defaultUpperLimits: Int
    }

    public func run(_ study: Study) -> Result {
        let index = SubjectIndex(dm: study["DM"])
        let facts = ResponseEngine().facts(study, subjects: index)
        let reader = MarkerReader(
            testCode: options.testCode, name: "CA-125", units: ["U/ML", "KU/L"], unitName: "U/mL")
        var read = reader.read(study, subjects: index)
        var defaults = 0
        let subjects = index.ids.enumerated().map { i, id in
            let samples = read.perSubject[i].map { v -> CA125Sample in
                let uln = options.overrideUpperLimit ?? v.upperLimit ?? options.defaultUpperLimit
                if options.overrideUpperLimit == nil, v.upperLimit == nil { defaults += 1 }
                return CA125Sample(date: v.date, value: v.value, upperLimit: uln)
            }
            return CA125Derivation.derive(
                subject: id, samples: samples, firstDose: facts[i].firstDose, options: options)
        }
        if defaults > 0 {
            read.problems.add(
                Problem(
                    .note, "marker-upper-limit-default", file: study["LB"]?.source.path, variable: "LBSTNRHI",
                    value: "\(defaults) records", expected: "the upper limit of normal",
                    message:
                        "CA-125 values without LBSTNRHI are read against "
                        + "\(NumberFormat.shortest(options.defaultUpperLimit)) U/mL"
                ))
        }
        return Result(
            subjects: subjects, problems: read.problems, notUsed: read.notUsed, records: read.records,
            defaultUpperLimits: defaults)
    }
}

import ReadoutCore
import ReadoutData

/// Reads every subject's PSA values from LB and derives the PCWG3 PSA endpoints (docs/response-rules.md,
/// section 11): baseline, percent change, PSA50 and PSA90 with and without confirmation, the largest
/// decline, PSA progression and the time to it.
public struct PSAEngine: Sendable {
    public var options: PSAOptions

    /// An engine with PCWG3's rules, or the protocol's.
    public init(options: PSAOptions = PSAOptions()) { self.options = options }

    /// The domains and variables read.
    public static let requiredData: (domains: Set<String>, variables: [String: Set<String>]) = {
        var v = ResponseEngine().requiredData().variables
        v["LB"] = MarkerReader.variables
        return (Set(v.keys), v)
    }()

    /// Every subject's PSA endpoints, the problems met, and the PSA records not used, by reason.
    public struct Result: Sendable {
        public var subjects: [PSASubject]
        public var problems: ProblemLog
        public var notUsed: [String: Int]
        /// The PSA records read (LBTESTCD = the test code).
        public var records: Int
    }

    /// Units read as ng/mL (the unit of PCWG3's 2 ng/mL).
    static let units: Set<String> = ["NG/ML", "UG/L", "µG/L", "μG/L"]

    public func run(_ study: Study) -> Result {
        let index = SubjectIndex(dm: study["DM"])
        let facts = ResponseEngine().facts(study, subjects: index)
        let reader = MarkerReader(testCode: options.testCode, name: "PSA", units: Self.units, unitName: "ng/mL")
        let read = reader.read(study, subjects: index)
        let subjects = index.ids.enumerated().map { i, id in
            PSADerivation.derive(
                subject: id, measurements: read.perSubject[i].map { ($0.date, $0.value) },
                firstDose: facts[i].firstDose,
                options: options)
        }
        return Result(subjects: subjects, problems: read.problems, notUsed: read.notUsed, records: read.records)
    }
}

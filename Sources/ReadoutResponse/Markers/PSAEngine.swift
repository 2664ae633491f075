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
        v["LB"] = [
            "USUBJID", "LBSEQ", "LBTESTCD", "LBSTRESN", "LBSTRESC", "LBORRES", "LBSTRESU", "LBORRESU", "LBDTC",
        ]
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
        var problems = ProblemLog()
        var notUsed: [String: Int] = [:]
        var perSubject = [[(date: CalendarDate, value: Double)]](repeating: [], count: index.count)
        var records = 0
        if let lb = study["LB"], let tc = lb.index(of: "LBTESTCD"), let dc = lb.index(of: "LBDTC") {
            let subj = index.positions(in: lb)
            let numeric = lb.index(of: "LBSTRESN")
            let text = lb.index(of: "LBSTRESC") ?? lb.index(of: "LBORRES")
            let unit = lb.index(of: "LBSTRESU") ?? lb.index(of: "LBORRESU")
            let code = options.testCode.uppercased()
            let dates = study.dates
            var blankUnits = 0
            for r in 0..<lb.recordCount where lb.trimmed(r, tc).uppercased() == code {
                records += 1
                guard let i = subj[r] else {
                    notUsed["subject not in DM", default: 0] += 1
                    continue
                }
                let raw = text.map { lb.trimmed(r, $0) } ?? ""
                guard let value = numeric.flatMap({ lb.double(r, $0) }) ?? Double(raw) else {
                    if raw.isEmpty {
                        notUsed["no result", default: 0] += 1
                    } else {
                        notUsed["not a number", default: 0] += 1
                        problems.add(
                            Problem(
                                .warning, "psa-not-numeric", file: lb.source.path, location: lb.location(r),
                                variable: text.map { lb.variables[$0].name }, value: raw, expected: "a number (ng/mL)",
                                message: "the PSA result is not a number and is not used"))
                    }
                    continue
                }
                let u = unit.map { lb.trimmed(r, $0) } ?? ""
                if u.isEmpty {
                    blankUnits += 1
                } else if !Self.units.contains(u.uppercased()) {
                    notUsed["unit not ng/mL", default: 0] += 1
                    problems.add(
                        Problem(
                            .warning, "psa-unit", file: lb.source.path, location: lb.location(r),
                            variable: unit.map { lb.variables[$0].name }, value: u, expected: "ng/mL (or µg/L)",
                            message: "PCWG3's thresholds are in ng/mL; the PSA value is not used"))
                    continue
                }
                guard let day = dates.start(lb.string(r, dc)) else {
                    notUsed["undated", default: 0] += 1
                    problems.add(
                        Problem(
                            .warning, "psa-undated", file: lb.source.path, location: lb.location(r), variable: "LBDTC",
                            value: lb.string(r, dc), expected: "an ISO 8601 date",
                            message: "the PSA value has no usable date and is not used"))
                    continue
                }
                perSubject[i].append((day, value))
            }
            if blankUnits > 0 {
                problems.add(
                    Problem(
                        .note, "psa-unit-blank", file: lb.source.path, variable: unit.map { lb.variables[$0].name },
                        value: "\(blankUnits) records", expected: "ng/mL",
                        message: "PSA values without a unit are read as ng/mL"))
            }
        }
        let subjects = index.ids.enumerated().map { i, id in
            PSADerivation.derive(
                subject: id, measurements: perSubject[i], firstDose: facts[i].firstDose, options: options)
        }
        return Result(subjects: subjects, problems: problems, notUsed: notUsed, records: records)
    }
}

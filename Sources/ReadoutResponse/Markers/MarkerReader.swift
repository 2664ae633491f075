import ReadoutCore
import ReadoutData

/// Reads one tumour marker's values from LB for every subject (PSA, CA-125): the rule of which
/// records are used and why the others are not, shared by the marker criteria.
struct MarkerReader {
    /// LBTESTCD of the marker.
    var testCode: String
    /// The marker's name in messages ("PSA").
    var name: String
    /// Units accepted, upper-cased ("NG/ML"); a blank unit is read as the first and noted.
    var units: Set<String>
    /// The unit as people write it ("ng/mL").
    var unitName: String

    /// The LB variables read.
    static let variables: Set<String> = [
        "USUBJID", "LBSEQ", "LBTESTCD", "LBSTRESN", "LBSTRESC", "LBORRES", "LBSTRESU", "LBORRESU", "LBDTC",
        "LBSTNRHI",
    ]

    struct Value {
        var date: CalendarDate
        var value: Double
        /// LBSTNRHI of the record, when it has one.
        var upperLimit: Double?
    }

    struct Result {
        var perSubject: [[Value]]
        var problems = ProblemLog()
        var notUsed: [String: Int] = [:]
        var records = 0
    }

    func read(_ study: Study, subjects index: SubjectIndex) -> Result {
        var out = Result(perSubject: Array(repeating: [], count: index.count))
        guard let lb = study["LB"], let tc = lb.index(of: "LBTESTCD"), let dc = lb.index(of: "LBDTC") else {
            return out
        }
        let subj = index.positions(in: lb)
        let numeric = lb.index(of: "LBSTRESN")
        let text = lb.index(of: "LBSTRESC") ?? lb.index(of: "LBORRES")
        let unit = lb.index(of: "LBSTRESU") ?? lb.index(of: "LBORRESU")
        let high = lb.index(of: "LBSTNRHI")
        let code = testCode.uppercased()
        let dates = study.dates
        var blankUnits = 0
        for r in 0..<lb.recordCount where lb.trimmed(r, tc).uppercased() == code {
            out.records += 1
            guard let i = subj[r] else {
                out.notUsed["subject not in DM", default: 0] += 1
                continue
            }
            let raw = text.map { lb.trimmed(r, $0) } ?? ""
            guard let value = numeric.flatMap({ lb.double(r, $0) }) ?? Double(raw) else {
                if raw.isEmpty {
                    out.notUsed["no result", default: 0] += 1
                } else {
                    out.notUsed["not a number", default: 0] += 1
                    out.problems.add(
                        Problem(
                            .warning, "marker-not-numeric", file: lb.source.path, location: lb.location(r),
                            variable: text.map { lb.variables[$0].name }, value: raw,
                            expected: "a number (\(unitName))",
                            message: "the \(name) result is not a number and is not used"))
                }
                continue
            }
            let u = unit.map { lb.trimmed(r, $0) } ?? ""
            if u.isEmpty {
                blankUnits += 1
            } else if !units.contains(u.uppercased()) {
                out.notUsed["unit not \(unitName)", default: 0] += 1
                out.problems.add(
                    Problem(
                        .warning, "marker-unit", file: lb.source.path, location: lb.location(r),
                        variable: unit.map { lb.variables[$0].name }, value: u, expected: unitName,
                        message: "the criteria's thresholds are in \(unitName); the \(name) value is not used"))
                continue
            }
            guard let day = dates.start(lb.string(r, dc)) else {
                out.notUsed["undated", default: 0] += 1
                out.problems.add(
                    Problem(
                        .warning, "marker-undated", file: lb.source.path, location: lb.location(r), variable: "LBDTC",
                        value: lb.string(r, dc), expected: "an ISO 8601 date",
                        message: "the \(name) value has no usable date and is not used"))
                continue
            }
            out.perSubject[i].append(Value(date: day, value: value, upperLimit: high.flatMap { lb.double(r, $0) }))
        }
        if blankUnits > 0 {
            out.problems.add(
                Problem(
                    .note, "marker-unit-blank", file: lb.source.path, variable: unit.map { lb.variables[$0].name },
                    value: "\(blankUnits) records", expected: unitName,
                    message: "\(name) values without a unit are read as \(unitName)"))
        }
        return out
    }
}

/// The end every marker listing shares: the records not used by reason, and the problems.
enum MarkerListingTail {
    /// "k <marker> records not used: reason." per reason, then every problem, one per line.
    static func text(name: String, notUsed: [String: Int], problems: ProblemLog) -> String {
        var out = ""
        for (reason, k) in notUsed.sorted(by: { $0.key < $1.key }) {
            out += "\(k) \(name) records not used: \(reason).\n"
        }
        for p in problems.problems { out += p.description + "\n" }
        return out
    }

    /// The `notUsed` and `problems` members of a marker document.
    static func json(_ doc: inout JSONDocumentWriter, notUsed: [String: Int], problems: ProblemLog) {
        doc.member(
            "notUsed",
            .array(
                notUsed.sorted { $0.key < $1.key }.map { reason, count in
                    var y = JSONObject()
                    y.add("reason", reason)
                    y.add("count", count)
                    return .object(y)
                }))
        doc.member("problems", .object(ResultsContract.problems(problems)))
    }
}

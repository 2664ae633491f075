import ReadoutCore
import ReadoutData

/// Reads lesions (TU) and their measurements (TR) from a study and derives RECIST 1.1 visit
/// responses, then compares them with the evaluator's recorded overall responses (RS).
public struct LesionEngine: Sendable {
    public var evaluator: String
    public var firstDoses: [String: CalendarDate]

    /// An engine for `evaluator`'s lesions, measuring time from each subject's first dose.
    public init(evaluator: String = "INVESTIGATOR", firstDoses: [String: CalendarDate]) {
        self.evaluator = evaluator
        self.firstDoses = firstDoses
    }

    /// A visit where the computed response is not the recorded one.
    public struct Discrepancy: Sendable, Codable, Equatable {
        public var subject: String
        public var date: CalendarDate
        public var visit: String
        public var computed: Response
        public var recorded: Response?
        public var why: String
    }

    /// Every subject's visit responses computed from lesions, with the records not used and why.
    public struct Result: Sendable {
        public var subjects: [SubjectLesionResult]
        var discrepancies: [Discrepancy]
        var comparedVisits: Int
        /// TR records not used, each located, with why (notes).
        public var ignored: ProblemLog = ProblemLog()
        /// The same, counted by reason (every record, beyond the log's limit too).
        public var ignoredByReason: [String: Int] = [:]
    }

    func keep(_ ds: Dataset, _ r: Int, evalColumn: Int?) -> Bool {
        guard let c = evalColumn else { return true }
        let v = ds.trimmed(r, c)
        return v.isEmpty || v.uppercased() == evaluator.uppercased()
    }

    /// Computes the visit responses of every subject, in `subjectOrder`: the lesions (TU), their
    /// measurements (TR, every record not used listed with why), the recorded responses (RS) to
    /// compare with, then RECIST 1.1 per subject.
    public func run(_ study: Study, subjectOrder: [String]) -> Result {
        let (lesions, nodes) = identifiedLesions(study)
        let (measurements, ignored, ignoredByReason) = lesionMeasurements(study, nodes: nodes)
        let recorded = recordedResponses(study)
        var results: [SubjectLesionResult] = []
        var discrepancies: [Discrepancy] = []
        var compared = 0
        for subject in subjectOrder where lesions[subject] != nil || measurements[subject] != nil {
            let res = RECISTLesions.assess(
                subject: subject, lesions: lesions[subject] ?? [], measurements: measurements[subject] ?? [],
                firstDose: firstDoses[subject])
            results.append(res)
            for a in res.assessments {
                let rec = recorded[subject]?[a.date]
                compared += 1
                if rec != a.overall {
                    discrepancies.append(
                        Discrepancy(
                            subject: subject, date: a.date, visit: a.visit, computed: a.overall, recorded: rec,
                            why: a.why))
                }
            }
        }
        return Result(
            subjects: results, discrepancies: discrepancies, comparedVisits: compared, ignored: ignored,
            ignoredByReason: ignoredByReason)
    }

    /// A subject's measurements: lesion, date, visit and state.
    typealias Measurements = [String: [(id: String, date: CalendarDate, visit: String, state: LesionState)]]

    /// The lesions of TU by subject, and whether each (subject|lesion) is a lymph node.
    func identifiedLesions(_ study: Study) -> ([String: [Lesion]], [String: Bool]) {
        let dates = study.dates
        var lesions: [String: [Lesion]] = [:]
        var nodes: [String: Bool] = [:]
        if let tu = study["TU"], let s = tu.index(of: "USUBJID"), let id = tu.index(of: "TULNKID"),
            let res = tu.index(of: "TUSTRESC") ?? tu.index(of: "TUORRES")
        {
            let test = tu.index(of: "TUTESTCD")
            let loc = tu.index(of: "TULOC")
            let dtc = tu.index(of: "TUDTC")
            let ev = tu.index(of: "TUEVAL")
            let nodeFlag = tu.index(of: "TUNODE") ?? tu.index(of: "LNODEFL")
            // TULOC "LYMPH NODE", "MEDIASTINAL LYMPH NODE", "AXILLARY NODE": a node when no flag says.
            for r in 0..<tu.recordCount where keep(tu, r, evalColumn: ev) {
                if let t = test, !["TUMIDENT", ""].contains(tu.trimmed(r, t).uppercased()) { continue }
                guard let role = Lesion.Role(rawValue: tu.trimmed(r, res).uppercased()) else { continue }
                let location = loc.map { tu.trimmed(r, $0) } ?? ""
                let node =
                    nodeFlag.map { tu.trimmed(r, $0).uppercased() == "Y" }
                    ?? (location.uppercased().contains("LYMPH") || location.uppercased().contains("NODE"))
                let l = Lesion(
                    id: tu.trimmed(r, id), role: role, location: location, isNode: node,
                    identified: dtc.flatMap { dates.start(tu.string(r, $0)) })
                lesions[tu.trimmed(r, s), default: []].append(l)
                nodes[tu.trimmed(r, s) + "|" + l.id] = node
            }
        }
        return (lesions, nodes)
    }

    /// The measurements of TR by subject; every record not used is a note with its reason.
    func lesionMeasurements(_ study: Study, nodes: [String: Bool]) -> (Measurements, ProblemLog, [String: Int]) {
        let dates = study.dates
        var measurements: Measurements = [:]
        var ignored = ProblemLog(limit: 10_000)
        var ignoredByReason: [String: Int] = [:]
        if let tr = study["TR"], let s = tr.index(of: "USUBJID"), let id = tr.index(of: "TRLNKID"),
            let test = tr.index(of: "TRTESTCD"),
            let dtc = tr.index(of: "TRDTC")
        {
            let num = tr.index(of: "TRSTRESN")
            let txt = tr.index(of: "TRSTRESC") ?? tr.index(of: "TRORRES")
            let ev = tr.index(of: "TREVAL")
            let visit = tr.index(of: "VISITNUM") ?? tr.index(of: "VISIT")
            let codes = study.rules.measurements
            let kinds = tr.mapValues(test) { codes.kind(of: $0) }
            func ignore(_ r: Int, _ variable: String, _ value: String, _ reason: String, expected: String) {
                ignoredByReason[reason, default: 0] += 1
                ignored.add(
                    Problem(
                        .note, "tr-ignored", file: tr.source.path, location: tr.location(r), variable: variable,
                        value: value,
                        expected: expected, message: "measurement not used: " + reason))
            }
            // RECIST measures a node by its short axis, any other lesion by its longest diameter;
            // a lesion measured only one way uses that way.
            var measuredBy: [String: Set<Int>] = [:]
            for r in 0..<tr.recordCount {
                guard let k = kinds[r], k != .state else { continue }
                measuredBy[tr.trimmed(r, s) + "|" + tr.trimmed(r, id), default: []].insert(k == .shortAxis ? 1 : 0)
            }
            func useShortAxis(_ key: String, subject: String, lesion: String) -> Bool {
                let ways = measuredBy[key] ?? []
                if ways.count < 2 { return ways.contains(1) }
                return nodes[subject + "|" + lesion] ?? false
            }
            for r in 0..<tr.recordCount {
                guard keep(tr, r, evalColumn: ev) else {
                    ignore(r, "TREVAL", tr.trimmed(r, ev!), "made by another evaluator", expected: evaluator)
                    continue
                }
                let code = tr.trimmed(r, test).uppercased()
                guard let kind = kinds[r] else {
                    ignore(
                        r, "TRTESTCD", code, "not a lesion measurement or state",
                        expected: (codes.longDiameter + codes.shortAxis + codes.state).joined(separator: ", "))
                    continue
                }
                guard let date = dates.start(tr.string(r, dtc)) else {
                    ignore(r, "TRDTC", tr.string(r, dtc), "no usable date", expected: "an ISO 8601 date")
                    continue
                }
                let subject = tr.trimmed(r, s)
                let lid = tr.trimmed(r, id)
                let text = txt.map { tr.trimmed(r, $0).uppercased() } ?? ""
                var state: LesionState
                switch kind {
                case .longDiameter, .shortAxis:
                    let short = useShortAxis(subject + "|" + lid, subject: subject, lesion: lid)
                    if (kind == .shortAxis) != short {
                        ignore(
                            r, "TRTESTCD", code,
                            kind == .shortAxis
                                ? "short axis of a non-nodal lesion, which RECIST 1.1 measures by its longest diameter"
                                : "longest diameter of a lymph node, which RECIST 1.1 measures by its short axis",
                            expected: kind == .shortAxis
                                ? codes.longDiameter.joined(separator: ", ") : codes.shortAxis.joined(separator: ", "))
                        continue
                    }
                    if let v = num.flatMap({ tr.double(r, $0) }) ?? parseDouble(text) {
                        state = .diameter(v)
                    } else if text == "NOT EVALUABLE" || text == "NE" {
                        state = .notEvaluable
                    } else {
                        ignore(
                            r, num.map { tr.variables[$0].name } ?? "TRSTRESC", text, "the diameter is not a number",
                            expected: "a diameter in mm or NOT EVALUABLE")
                        continue
                    }
                case .state:
                    switch text {
                    case "ABSENT": state = .absent
                    case "PRESENT": state = .present
                    case "UNEQUIVOCAL PROGRESSION", "UNEQUIVOCAL": state = .unequivocalProgression
                    case "NOT EVALUABLE", "NE": state = .notEvaluable
                    default:
                        ignore(
                            r, txt.map { tr.variables[$0].name } ?? "TRSTRESC", text, "not a lesion state",
                            expected: "PRESENT, ABSENT, UNEQUIVOCAL PROGRESSION or NOT EVALUABLE")
                        continue
                    }
                }
                measurements[subject, default: []].append((lid, date, visit.map { tr.trimmed(r, $0) } ?? "", state))
            }
        }
        return (measurements, ignored, ignoredByReason)
    }

    /// The recorded overall responses (RS OVRLRESP) of the evaluator, by subject and date.
    func recordedResponses(_ study: Study) -> [String: [CalendarDate: Response]] {
        let dates = study.dates
        // Recorded overall responses by subject and date.
        var recorded: [String: [CalendarDate: Response]] = [:]
        if let rs = study["RS"], let s = rs.index(of: "USUBJID"), let tc = rs.index(of: "RSTESTCD"),
            let dc = rs.index(of: "RSDTC"),
            let vc = rs.index(of: "RSSTRESC") ?? rs.index(of: "RSORRES")
        {
            let ev = rs.index(of: "RSEVAL")
            for r in 0..<rs.recordCount
            where rs.trimmed(r, tc).uppercased() == "OVRLRESP" && keep(rs, r, evalColumn: ev) {
                guard let d = dates.start(rs.string(r, dc)), let v = RECIST11().parse(rs.trimmed(r, vc)) else {
                    continue
                }
                recorded[rs.trimmed(r, s), default: [:]][d] = v
            }
        }
        return recorded
    }
}

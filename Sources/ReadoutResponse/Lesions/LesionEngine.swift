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

    /// Whether each record is the evaluator's (or names none), decided once per distinct value.
    func kept(_ ds: Dataset, evalColumn: Int?) -> [Bool] {
        guard let c = evalColumn else { return Array(repeating: true, count: ds.recordCount) }
        let wanted = evaluator.uppercased()
        return ds.mapValues(c) { $0.isEmpty || $0.uppercased() == wanted }
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

    /// A lesion: its subject and TRLNKID (TULNKID).
    struct LesionKey: Hashable {
        var subject: String
        var lesion: String
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
            // Each distinct value is read once.
            let byEvaluator = kept(tu, evalColumn: ev)
            let identification = test.map { c in tu.mapValues(c) { ["TUMIDENT", ""].contains($0.uppercased()) } }
            let roles = tu.mapValues(res) { Lesion.Role(rawValue: $0.uppercased()) }
            let locations = loc.map { c in tu.mapValues(c) { $0 } }
            let flags = nodeFlag.map { c in tu.mapValues(c) { $0.uppercased() == "Y" } }
            let subjects = tu.mapValues(s) { $0 }
            let ids = tu.mapValues(id) { $0 }
            let days = dtc.map { c in tu.mapValues(c) { dates.start($0) } }
            for r in 0..<tu.recordCount where byEvaluator[r] {
                if let identifies = identification, !identifies[r] { continue }
                guard let role = roles[r] else { continue }
                let location = locations?[r] ?? ""
                let node =
                    flags?[r] ?? (location.uppercased().contains("LYMPH") || location.uppercased().contains("NODE"))
                let l = Lesion(id: ids[r], role: role, location: location, isNode: node, identified: days?[r] ?? nil)
                lesions[subjects[r], default: []].append(l)
                nodes[subjects[r] + "|" + l.id] = node
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
            // Each distinct value is read once: the test code, subject, lesion, date, result, visit.
            let kinds = tr.mapValues(test) { codes.kind(of: $0) }
            let testCodes = tr.mapValues(test) { $0.uppercased() }
            let subjects = tr.mapValues(s) { $0 }
            let lesionIDs = tr.mapValues(id) { $0 }
            let days = tr.mapValues(dtc) { dates.start($0) }
            let texts = txt.map { c in tr.mapValues(c) { $0.uppercased() } }
            let visits = visit.map { c in tr.mapValues(c) { $0 } }
            let byEvaluator = kept(tr, evalColumn: ev)
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
            // Per lesion (subject and TRLNKID): measured by its longest diameter (bit 0), short axis (bit 1).
            var measuredBy: [LesionKey: UInt8] = [:]
            for r in 0..<tr.recordCount {
                guard let k = kinds[r], k != .state else { continue }
                measuredBy[LesionKey(subject: subjects[r], lesion: lesionIDs[r]), default: 0] |= k == .shortAxis ? 2 : 1
            }
            func useShortAxis(_ key: LesionKey) -> Bool {
                let ways = measuredBy[key] ?? 0
                if ways != 3 { return ways == 2 }
                return nodes[key.subject + "|" + key.lesion] ?? false
            }
            for r in 0..<tr.recordCount {
                guard byEvaluator[r] else {
                    ignore(r, "TREVAL", tr.trimmed(r, ev!), "made by another evaluator", expected: evaluator)
                    continue
                }
                let code = testCodes[r]
                guard let kind = kinds[r] else {
                    ignore(
                        r, "TRTESTCD", code, "not a lesion measurement or state",
                        expected: (codes.longDiameter + codes.shortAxis + codes.state).joined(separator: ", "))
                    continue
                }
                guard let date = days[r] else {
                    ignore(r, "TRDTC", tr.string(r, dtc), "no usable date", expected: "an ISO 8601 date")
                    continue
                }
                let subject = subjects[r]
                let lid = lesionIDs[r]
                let text = texts?[r] ?? ""
                var state: LesionState
                switch kind {
                case .longDiameter, .shortAxis:
                    let short = useShortAxis(LesionKey(subject: subject, lesion: lid))
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
                measurements[subject, default: []].append((lid, date, visits?[r] ?? "", state))
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
            // Each distinct value is decided once: the test code, the evaluator, the date, the result.
            let overall = rs.mapValues(tc) { $0.uppercased() == "OVRLRESP" }
            let byEvaluator = kept(rs, evalColumn: rs.index(of: "RSEVAL"))
            let days = rs.mapValues(dc) { dates.start($0) }
            let values = rs.mapValues(vc) { RECIST11().parse($0) }
            let subjects = rs.mapValues(s) { $0 }
            for r in 0..<rs.recordCount where overall[r] && byEvaluator[r] {
                guard let d = days[r], let v = values[r] else { continue }
                recorded[subjects[r], default: [:]][d] = v
            }
        }
        return recorded
    }
}

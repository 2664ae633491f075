import ReadoutData

/// Reads lesions (TU) and their measurements (TR) from a study and derives RECIST 1.1 visit
/// responses, then compares them with the evaluator's recorded overall responses (RS).
public struct LesionEngine: Sendable {
    public var evaluator: String
    public var firstDoses: [String: CalendarDate]

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

    public struct Result: Sendable {
        public var subjects: [SubjectLesionResult]
        public var discrepancies: [Discrepancy]
        public var comparedVisits: Int
    }

    func keep(_ ds: Dataset, _ r: Int, evalColumn: Int?) -> Bool {
        guard let c = evalColumn else { return true }
        let v = ds.trimmed(r, c)
        return v.isEmpty || v.uppercased() == evaluator.uppercased()
    }

    public func run(_ study: Study, subjectOrder: [String]) -> Result {
        let imputation = DateImputation()
        var lesions: [String: [Lesion]] = [:]
        if let tu = study["TU"], let s = tu.index(of: "USUBJID"), let id = tu.index(of: "TULNKID"),
           let res = tu.index(of: "TUSTRESC") ?? tu.index(of: "TUORRES") {
            let test = tu.index(of: "TUTESTCD"), loc = tu.index(of: "TULOC"), dtc = tu.index(of: "TUDTC"), ev = tu.index(of: "TUEVAL")
            let nodeFlag = tu.index(of: "TUNODE") ?? tu.index(of: "LNODEFL")
            for r in 0..<tu.recordCount where keep(tu, r, evalColumn: ev) {
                if let t = test, !["TUMIDENT", ""].contains(tu.trimmed(r, t).uppercased()) { continue }
                guard let role = Lesion.Role(rawValue: tu.trimmed(r, res).uppercased()) else { continue }
                let location = loc.map { tu.trimmed(r, $0) } ?? ""
                let node = nodeFlag.map { tu.trimmed(r, $0).uppercased() == "Y" } ?? location.uppercased().contains("LYMPH")
                let l = Lesion(id: tu.trimmed(r, id), role: role, location: location, isNode: node,
                               identified: dtc.flatMap { imputation.impute(tu.string(r, $0), role: .start)?.date })
                lesions[tu.trimmed(r, s), default: []].append(l)
            }
        }
        var measurements: [String: [(id: String, date: CalendarDate, visit: String, state: LesionState)]] = [:]
        if let tr = study["TR"], let s = tr.index(of: "USUBJID"), let id = tr.index(of: "TRLNKID"), let test = tr.index(of: "TRTESTCD"),
           let dtc = tr.index(of: "TRDTC") {
            let num = tr.index(of: "TRSTRESN"), txt = tr.index(of: "TRSTRESC") ?? tr.index(of: "TRORRES"), ev = tr.index(of: "TREVAL")
            let visit = tr.index(of: "VISITNUM") ?? tr.index(of: "VISIT")
            // Nodes are measured by short axis where the data give it.
            var hasShortAxis = Set<String>()
            for r in 0..<tr.recordCount where tr.trimmed(r, test).uppercased() == "SAXIS" { hasShortAxis.insert(tr.trimmed(r, s) + "|" + tr.trimmed(r, id)) }
            for r in 0..<tr.recordCount where keep(tr, r, evalColumn: ev) {
                guard let date = imputation.impute(tr.string(r, dtc), role: .start)?.date else { continue }
                let subject = tr.trimmed(r, s), lid = tr.trimmed(r, id)
                let code = tr.trimmed(r, test).uppercased()
                let text = txt.map { tr.trimmed(r, $0).uppercased() } ?? ""
                var state: LesionState
                switch code {
                case "LDIAM", "SAXIS", "DIAMETER", "LONGDIAM":
                    if code == "LDIAM", hasShortAxis.contains(subject + "|" + lid) { continue }
                    if let v = num.flatMap({ tr.double(r, $0) }) ?? parseDouble(text) { state = .diameter(v) }
                    else if text == "NOT EVALUABLE" || text == "NE" { state = .notEvaluable }
                    else { continue }
                case "TUMSTATE":
                    switch text {
                    case "ABSENT": state = .absent
                    case "PRESENT": state = .present
                    case "UNEQUIVOCAL PROGRESSION", "UNEQUIVOCAL": state = .unequivocalProgression
                    case "NOT EVALUABLE", "NE": state = .notEvaluable
                    default: continue
                    }
                default: continue
                }
                measurements[subject, default: []].append((lid, date, visit.map { tr.trimmed(r, $0) } ?? "", state))
            }
        }
        // Recorded overall responses by subject and date.
        var recorded: [String: [CalendarDate: Response]] = [:]
        if let rs = study["RS"], let s = rs.index(of: "USUBJID"), let tc = rs.index(of: "RSTESTCD"), let dc = rs.index(of: "RSDTC"),
           let vc = rs.index(of: "RSSTRESC") ?? rs.index(of: "RSORRES") {
            let ev = rs.index(of: "RSEVAL")
            for r in 0..<rs.recordCount where rs.trimmed(r, tc).uppercased() == "OVRLRESP" && keep(rs, r, evalColumn: ev) {
                guard let d = imputation.impute(rs.string(r, dc), role: .start)?.date, let v = RECIST11().parse(rs.trimmed(r, vc)) else { continue }
                recorded[rs.trimmed(r, s), default: [:]][d] = v
            }
        }
        var results: [SubjectLesionResult] = []
        var discrepancies: [Discrepancy] = []
        var compared = 0
        for subject in subjectOrder where lesions[subject] != nil || measurements[subject] != nil {
            let res = RECISTLesions.assess(subject: subject, lesions: lesions[subject] ?? [], measurements: measurements[subject] ?? [],
                                           firstDose: firstDoses[subject])
            results.append(res)
            for a in res.assessments {
                let rec = recorded[subject]?[a.date]
                compared += 1
                if rec != a.overall {
                    discrepancies.append(Discrepancy(subject: subject, date: a.date, visit: a.visit, computed: a.overall, recorded: rec, why: a.why))
                }
            }
        }
        return Result(subjects: results, discrepancies: discrepancies, comparedVisits: compared)
    }
}

import Foundation
import ReadoutData

/// Derives every subject's responses from a loaded study (cut-off already applied).
public struct ResponseEngine: Sendable {
    public var options: ResponseOptions
    public var criteria: any ResponseCriteria

    public init(options: ResponseOptions = ResponseOptions(), criteria: any ResponseCriteria = RECIST11()) {
        self.options = options
        self.criteria = criteria
    }

    /// The domains and variables the derivation reads: loading only these is much faster on a
    /// large study (the other domains are not read, the other variables not kept).
    public func requiredData(lesions: Bool = false) -> (domains: Set<String>, variables: [String: Set<String>]) {
        var v: [String: Set<String>] = [
            "DM": ["USUBJID", "RFICDTC", "RFSTDTC", "RFENDTC", "RFXENDTC", "DTHDTC", "DTHFL"],
            "EX": ["USUBJID", "EXSEQ", "EXTRT", "EXDOSE", "EXSTDTC"],
            "DS": ["USUBJID", "DSSEQ", "DSDECOD", "DSCAT", "DSSCAT", "DSSTDTC"],
            "RS": ["USUBJID", "RSSEQ", "RSTESTCD", "RSSTRESC", "RSORRES", "RSEVAL", "RSDTC"],
        ]
        if options.stopAtNewTherapy { v["CM"] = ["USUBJID", "CMSEQ", "CMTRT", "CMCAT", "CMSTDTC"] }
        if lesions {
            v["TU"] = ["USUBJID", "TUSEQ", "TULNKID", "TUTESTCD", "TUSTRESC", "TUORRES", "TULOC", "TUDTC", "TUEVAL", "TUNODE", "LNODEFL"]
            v["TR"] = ["USUBJID", "TRSEQ", "TRLNKID", "TRTESTCD", "TRSTRESN", "TRSTRESC", "TRORRES", "TRDTC", "TREVAL", "VISITNUM", "VISIT"]
        }
        return (Set(v.keys), v)
    }

    public struct Result: Sendable {
        public var subjects: [SubjectResponse]
        /// Problems met while deriving (unreadable results, dates), located in the input files.
        public var problems: ProblemLog
        /// RS records not counted because another evaluator made them, or another test code.
        public var otherEvaluatorRecords: Int
        public var evaluators: [String]
    }

    /// First dose, cycles, discontinuation, death and new therapy of every subject.
    public func facts(_ study: Study, subjects index: SubjectIndex) -> [SubjectFacts] {
        let count = index.count
        var facts = [SubjectFacts](repeating: SubjectFacts(), count: count)
        let imputation = DateImputation()
        if let ex = study["EX"], let s = ex.index(of: "USUBJID"), let d = ex.index(of: "EXSTDTC") {
            let dose = ex.index(of: "EXDOSE")
            let subj = index.positions(in: ex)
            _ = s
            let dates = ex.mapValues(d) { imputation.impute($0, role: .start)?.date }
            // Cycles: distinct dosing days per subject, counted from sorted (subject, day) keys.
            var keys: [UInt64] = []
            keys.reserveCapacity(ex.recordCount)
            for r in 0..<ex.recordCount {
                guard let i = subj[r], let day = dates[r] else { continue }
                if let dc = dose { guard let v = ex.double(r, dc), v > options.minimumDose else { continue } }
                if facts[i].firstDose == nil || day < facts[i].firstDose! { facts[i].firstDose = day }
                keys.append(UInt64(i) << 32 | UInt64(UInt32(bitPattern: Int32(truncatingIfNeeded: day.dayNumber))))
            }
            keys.sort()
            var previous: UInt64? = nil
            for k in keys where k != previous {
                facts[Int(k >> 32)].cyclesReceived += 1
                previous = k
            }
        }
        if let ds = study["DS"], let s = ds.index(of: "USUBJID"), let d = ds.index(of: "DSSTDTC"), let decod = ds.index(of: "DSDECOD") {
            let subj = index.positions(in: ds)
            _ = s
            let days = ds.mapValues(d) { imputation.impute($0, role: .start)?.date }
            let decods = ds.mapValues(decod) { $0.uppercased() }
            let isDisposition = ds.index(of: "DSCAT").map { c in ds.mapValues(c) { $0.uppercased() == "DISPOSITION EVENT" } }
            let isTreatment = ds.index(of: "DSSCAT").map { c in ds.mapValues(c) { $0.uppercased() == "STUDY TREATMENT" } }
            for r in 0..<ds.recordCount {
                guard let i = subj[r], let day = days[r] else { continue }
                let dec = decods[r]
                if dec == "DEATH", facts[i].death == nil || day < facts[i].death! { facts[i].death = day }
                if isDisposition?[r] ?? true, isTreatment?[r] ?? false, dec != "COMPLETED",
                   facts[i].treatmentDiscontinued == nil || day < facts[i].treatmentDiscontinued! {
                    facts[i].treatmentDiscontinued = day
                    facts[i].discontinuationReason = dec
                }
            }
        }
        if let dm = study["DM"], let s = dm.index(of: "USUBJID"), let d = dm.index(of: "DTHDTC") {
            let subj = index.positions(in: dm)
            _ = s
            let days = dm.mapValues(d) { imputation.impute($0, role: .start)?.date }
            for r in 0..<dm.recordCount {
                guard let i = subj[r], let day = days[r] else { continue }
                if facts[i].death == nil || day < facts[i].death! { facts[i].death = day }
            }
        }
        if options.stopAtNewTherapy, let cm = study["CM"], let s = cm.index(of: "USUBJID"), let d = cm.index(of: "CMSTDTC"), let cat = cm.index(of: "CMCAT") {
            let categories = Set(options.newTherapyCategories.map { $0.uppercased() })
            for r in 0..<cm.recordCount where categories.contains(cm.trimmed(r, cat).uppercased()) {
                guard let i = cm.trimmed(r, s).withCString({ p in index.position(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p))) }), let day = imputation.impute(cm.string(r, d), role: .start)?.date,
                      let first = facts[i].firstDose, day > first else { continue }
                if facts[i].newTherapy == nil || day < facts[i].newTherapy! { facts[i].newTherapy = day }
            }
        }
        return facts
    }

    public func run(_ study: Study) -> Result {
        var problems = ProblemLog()
        let index = SubjectIndex(dm: study["DM"])
        let ids = index.ids
        let facts = self.facts(study, subjects: index)
        var perSubject = [[DatedResponse]](repeating: [], count: ids.count)
        var other = 0
        var evaluators: [String] = []
        if let rs = study["RS"], let s = rs.index(of: "USUBJID"), let tc = rs.index(of: "RSTESTCD"), let dc = rs.index(of: "RSDTC"),
           let vc = rs.index(of: "RSSTRESC") ?? rs.index(of: "RSORRES") {
            let ec = rs.index(of: "RSEVAL")
            let subj = index.positions(in: rs)
            _ = s
            let code = criteria.overallResponseTestCode
            let isOverall = rs.mapValues(tc) { $0.uppercased() == code }
            let evaluator = options.evaluator.uppercased()
            let evalOK: [Bool]
            if let ec {
                evalOK = rs.mapValues(ec) { $0.uppercased() == evaluator }
                evaluators = rs.distinct("RSEVAL")
            } else {
                evalOK = [Bool](repeating: true, count: rs.recordCount)
            }
            let dates = rs.mapValues(dc) { DateImputation().impute($0, role: .start)?.date }
            let values = rs.mapValues(vc) { criteria.parse($0) }
            for r in 0..<rs.recordCount {
                guard isOverall[r] else { continue }
                guard evalOK[r] else { other += 1; continue }
                guard let i = subj[r] else { continue }  // reported by validation
                guard let day = dates[r] else {
                    problems.add(Problem(.warning, "assessment-undated", file: rs.source.path, location: rs.location(r), variable: "RSDTC",
                                         value: rs.string(r, dc), expected: "an ISO 8601 date", message: "the assessment has no usable date and is not counted"))
                    continue
                }
                guard let v = values[r] else {
                    problems.add(Problem(.error, "response-unreadable", file: rs.source.path, location: rs.location(r), variable: rs.variables[vc].name,
                                         value: rs.string(r, vc), expected: "a \(criteria.name) response", message: "the result is not a \(criteria.name) response and is not counted"))
                    continue
                }
                perSubject[i].append(DatedResponse(day, v))
            }
        }
        return Result(subjects: derive(ids: ids, assessments: perSubject, facts: facts), problems: problems,
                      otherEvaluatorRecords: other, evaluators: evaluators)
    }

    /// Derives every subject from given visit responses (for example, computed from lesion data).
    public func derive(ids: [String], assessments: [[DatedResponse]], facts: [SubjectFacts]) -> [SubjectResponse] {
        var out: [SubjectResponse] = []
        out.reserveCapacity(ids.count)
        for i in 0..<ids.count {
            out.append(ResponseDerivation.derive(subject: ids[i], assessments: assessments[i], facts: facts[i], options: options, criteria: criteria))
        }
        return out
    }

    /// Responses from lesion data (TU/TR) computed by RECIST 1.1 instead of the recorded ones.
    public func runOnComputedResponses(_ study: Study) -> (Result, LesionEngine.Result) {
        let index = SubjectIndex(dm: study["DM"])
        let ids = index.ids
        let facts = self.facts(study, subjects: index)
        var doses: [String: CalendarDate] = [:]
        for (i, f) in facts.enumerated() { if let d = f.firstDose { doses[ids[i]] = d } }
        let lesions = LesionEngine(evaluator: options.evaluator, firstDoses: doses).run(study, subjectOrder: ids)
        var per = [[DatedResponse]](repeating: [], count: ids.count)
        let position = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        for s in lesions.subjects { if let i = position[s.subject] { per[i] = s.assessments.map { DatedResponse($0.date, $0.overall) } } }
        return (Result(subjects: derive(ids: ids, assessments: per, facts: facts), problems: ProblemLog(), otherEvaluatorRecords: 0, evaluators: []), lesions)
    }

    /// First doses of every subject (for lesion baselines).
    public func firstDoses(_ study: Study) -> (ids: [String], doses: [String: CalendarDate]) {
        let index = SubjectIndex(dm: study["DM"])
        let ids = index.ids
        let facts = self.facts(study, subjects: index)
        var doses: [String: CalendarDate] = [:]
        for (i, f) in facts.enumerated() { if let d = f.firstDose { doses[ids[i]] = d } }
        return (ids, doses)
    }
}

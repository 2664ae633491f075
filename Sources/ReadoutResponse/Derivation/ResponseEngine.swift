import Foundation
import ReadoutCore
import ReadoutData

/// Derives every subject's responses from a loaded study (cut-off already applied).
public struct ResponseEngine: Sendable {
    public var options: ResponseOptions
    /// The criteria of `options.criteria`.
    public var criteria: any ResponseCriteria { options.criteria.rules }

    /// An engine with the response rules (the criteria among them).
    public init(options: ResponseOptions = ResponseOptions()) {
        self.options = options
    }

    /// The domains and variables the derivation reads: loading only these is much faster on a
    /// large study (the other domains are not read, the other variables not kept).
    public func requiredData(lesions: Bool = false) -> (domains: Set<String>, variables: [String: Set<String>]) {
        var v: [String: Set<String>] = [
            "DM": ["USUBJID", "RFICDTC", "RFSTDTC", "RFENDTC", "RFXENDTC", "DTHDTC", "DTHFL"],
            "EX": ["USUBJID", "EXSEQ", "EXTRT", "EXDOSE", "EXSTDTC", "EXENDTC"],
            "DS": ["USUBJID", "DSSEQ", "DSDECOD", "DSCAT", "DSSCAT", "EPOCH", "DSSTDTC"],
            "RS": [
                "USUBJID", "RSSEQ", "RSTESTCD", "RSSTRESC", "RSORRES", "RSEVAL", "RSEVALID", "RSACPTFL", "RSDTC",
                "RSCAT", "RSMETHOD",
            ],
            "ADSL": ["USUBJID", "RANDDT"],
        ]
        if options.stopAtNewTherapy { v["CM"] = ["USUBJID", "CMSEQ", "CMTRT", "CMCAT", "CMSTDTC"] }
        if lesions {
            v["TU"] = [
                "USUBJID", "TUSEQ", "TULNKID", "TUTESTCD", "TUSTRESC", "TUORRES", "TULOC", "TUDTC", "TUEVAL", "TUNODE",
                "LNODEFL",
            ]
            v["TR"] = [
                "USUBJID", "TRSEQ", "TRLNKID", "TRTESTCD", "TRSTRESN", "TRSTRESC", "TRORRES", "TRDTC", "TREVAL",
                "VISITNUM",
                "VISIT",
            ]
        }
        return (Set(v.keys), v)
    }

    /// Every subject's responses, with the records not used and why.
    public struct Result: Sendable {
        public var subjects: [SubjectResponse]
        /// Problems met while deriving (unreadable results, dates), located in the input files.
        public var problems: ProblemLog
        /// RS records not counted because another evaluator made them, or another test code.
        public var otherEvaluatorRecords: Int
        public var evaluators: [String]
        /// RS records of the evaluator not used because another read was accepted (RSACPTFL = N).
        public var notAcceptedReads: Int = 0
        /// Overall-response records not used because their RSCAT is not the chosen category.
        public var otherCategoryRecords: Int = 0
        /// Overall-response records not used because of their method (RSMETHOD).
        public var otherMethodRecords: Int = 0
    }

    /// First dose, cycles, discontinuation, death and new therapy of every subject, by the
    /// study's rules (what counts as a dose, which DS records end treatment, date imputation).
    public func facts(_ study: Study, subjects index: SubjectIndex) -> [SubjectFacts] {
        let count = index.count
        var facts = [SubjectFacts](repeating: SubjectFacts(), count: count)
        let dates = study.dates
        for (i, e) in Exposure.read(study, subjects: index).enumerated() {
            facts[i].firstDose = e.firstDose
            facts[i].cyclesReceived = e.doseDays.count
        }
        if let ds = study["DS"], let d = ds.index(of: "DSSTDTC"), let decod = ds.index(of: "DSDECOD") {
            let subj = index.positions(in: ds)
            let rule = study.rules.treatmentEnd
            let days = ds.mapValues(d) { dates.start($0) }
            let category = ds.index(of: "DSCAT")
            let subcategory = ds.index(of: "DSSCAT")
            let epoch = ds.index(of: "EPOCH")
            for r in 0..<ds.recordCount {
                guard let i = subj[r], let day = days[r] else { continue }
                let dec = ds.trimmed(r, decod).uppercased()
                if dec == "DEATH", facts[i].death == nil || day < facts[i].death! { facts[i].death = day }
                let ends = rule.endsTreatment(
                    category: category.map { ds.trimmed(r, $0) }, subcategory: subcategory.map { ds.trimmed(r, $0) },
                    epoch: epoch.map { ds.trimmed(r, $0) }, decod: dec)
                if ends, facts[i].treatmentDiscontinued == nil || day < facts[i].treatmentDiscontinued! {
                    facts[i].treatmentDiscontinued = day
                    facts[i].discontinuationReason = dec
                }
            }
        }
        if let dm = study["DM"], let d = dm.index(of: "DTHDTC") {
            let subj = index.positions(in: dm)
            let days = dm.mapValues(d) { dates.start($0) }
            for r in 0..<dm.recordCount {
                guard let i = subj[r], let day = days[r] else { continue }
                if facts[i].death == nil || day < facts[i].death! { facts[i].death = day }
            }
        }
        if options.stopAtNewTherapy, let cm = study["CM"], let d = cm.index(of: "CMSTDTC"),
            let cat = cm.index(of: "CMCAT")
        {
            let categories = Set(options.newTherapyCategories.map { $0.uppercased() })
            let subj = index.positions(in: cm)
            for r in 0..<cm.recordCount where categories.contains(cm.trimmed(r, cat).uppercased()) {
                guard let i = subj[r], let day = dates.start(cm.string(r, d)), let first = facts[i].firstDose,
                    day > first
                else { continue }
                if facts[i].newTherapy == nil || day < facts[i].newTherapy! { facts[i].newTherapy = day }
            }
        }
        for (i, d) in Self.randomization(study, subjects: index).enumerated() { facts[i].randomization = d }
        return facts
    }

    /// Each subject's randomisation date: ADSL's RANDDT where the study has one, else the DS
    /// record whose DSDECOD is RANDOMIZED.
    static func randomization(_ study: Study, subjects index: SubjectIndex) -> [CalendarDate?] {
        var out = [CalendarDate?](repeating: nil, count: index.count)
        let dates = study.dates
        if let adsl = study["ADSL"], let c = adsl.index(of: "RANDDT") {
            for (r, p) in index.positions(in: adsl).enumerated() {
                guard let i = p, out[i] == nil else { continue }
                switch adsl.value(r, c) {
                case .number(let d): out[i] = CalendarDate(dayNumber: Int(d))
                case .text(let t): out[i] = dates.start(t)
                default: break
                }
            }
        }
        if let ds = study["DS"], let d = ds.index(of: "DSSTDTC"), let decod = ds.index(of: "DSDECOD") {
            for (r, p) in index.positions(in: ds).enumerated() where ds.trimmed(r, decod).uppercased() == "RANDOMIZED" {
                guard let i = p, out[i] == nil else { continue }
                out[i] = dates.start(ds.string(r, d))
            }
        }
        return out
    }

    /// What the derivation does with an RS record.
    public enum RecordUse: Sendable, Equatable {
        /// The evaluator's overall response: used.
        case used
        /// Another test code (target, non-target, new lesions).
        case otherTest
        /// The overall response of another evaluator.
        case otherEvaluator
        /// A read of the evaluator not accepted (RSACPTFL = N) under `readers: accepted`.
        case notAccepted
        /// An overall response of another category (RSCAT) than the chosen one.
        case otherCategory
        /// An overall response by another method (RSMETHOD) than the chosen one, or (Lugano 2014) a
        /// CT-based result of a date that has a PET-CT-based one.
        case otherMethod
    }

    /// Whether each record's method counts: the chosen RSMETHOD, or under Lugano 2014 without a choice,
    /// PET-CT over CT on one subject's date. Nil when every record counts.
    func methodUse(_ rs: Dataset, isOverall: [Bool]) -> [Bool]? {
        guard let mc = rs.index(of: "RSMETHOD") else { return nil }
        if let wanted = options.method?.uppercased() { return rs.mapValues(mc) { $0.uppercased() == wanted } }
        guard options.criteria == .lugano, let sc = rs.index(of: "USUBJID"), let dc = rs.index(of: "RSDTC") else {
            return nil
        }
        let pet = rs.mapValues(mc) { $0.uppercased().contains("PET") }
        var withPET = Set<String>()
        for r in 0..<rs.recordCount where isOverall[r] && pet[r] {
            withPET.insert(rs.trimmed(r, sc) + "|" + String(rs.trimmed(r, dc).prefix(10)))
        }
        return (0..<rs.recordCount).map { r in
            pet[r] || !withPET.contains(rs.trimmed(r, sc) + "|" + String(rs.trimmed(r, dc).prefix(10)))
        }
    }

    /// The use of every RS record, in RS order: the one rule of which records the derivation reads,
    /// which ADRS's OVR records follow too.
    public func recordUse(_ rs: Dataset) -> [RecordUse] {
        guard let tc = rs.index(of: "RSTESTCD") else { return Array(repeating: .otherTest, count: rs.recordCount) }
        let code = criteria.overallResponseTestCode
        let isOverall = rs.mapValues(tc) { $0.uppercased() == code }
        let evaluator = options.evaluator.uppercased()
        let evalOK = rs.index(of: "RSEVAL").map { ec in rs.mapValues(ec) { $0.uppercased() == evaluator } }
        let wanted = options.category?.uppercased()
        let categoryOK = wanted.flatMap { w in
            rs.index(of: "RSCAT").map { c in rs.mapValues(c) { $0.uppercased() == w } }
        }
        let methodOK = self.methodUse(rs, isOverall: isOverall)
        let notAccepted: [Bool]? =
            options.readers == .accepted
            ? rs.index(of: "RSACPTFL").map { c in rs.mapValues(c) { $0.uppercased() == "N" } } : nil
        return (0..<rs.recordCount).map { r in
            if !isOverall[r] { return .otherTest }
            if wanted != nil, categoryOK?[r] != true { return .otherCategory }
            if let m = methodOK, !m[r] { return .otherMethod }
            if let e = evalOK, !e[r] { return .otherEvaluator }
            if let n = notAccepted, n[r] { return .notAccepted }
            return .used
        }
    }

    /// Derives every subject's responses from the recorded visit responses (RS).
    public func run(_ study: Study) -> Result {
        var problems = ProblemLog()
        let index = SubjectIndex(dm: study["DM"])
        let ids = index.ids
        let facts = self.facts(study, subjects: index)
        var perSubject = [[DatedResponse]](repeating: [], count: ids.count)
        var other = 0
        var rejected = 0
        var otherCategory = 0
        var otherMethod = 0
        var evaluators: [String] = []
        if let rs = study["RS"], rs.has("USUBJID"), rs.has("RSTESTCD"), let dc = rs.index(of: "RSDTC"),
            let vc = rs.index(of: "RSSTRESC") ?? rs.index(of: "RSORRES")
        {
            let subj = index.positions(in: rs)
            if rs.has("RSEVAL") { evaluators = rs.distinct("RSEVAL") }
            checkCategories(rs, into: &problems)
            let use = recordUse(rs)
            let studyDates = study.dates
            let dates = rs.mapValues(dc) { studyDates.start($0) }
            let values = rs.mapValues(vc) { criteria.parse($0) }
            for r in 0..<rs.recordCount {
                switch use[r] {
                case .otherTest: continue
                case .otherEvaluator:
                    other += 1
                    continue
                case .notAccepted:
                    rejected += 1
                    continue
                case .otherCategory:
                    otherCategory += 1
                    continue
                case .otherMethod:
                    otherMethod += 1
                    continue
                case .used: break
                }
                guard let i = subj[r] else { continue }  // reported by validation
                guard let day = dates[r] else {
                    problems.add(
                        Problem(
                            .warning, "assessment-undated", file: rs.source.path, location: rs.location(r),
                            variable: "RSDTC",
                            value: rs.string(r, dc), expected: "an ISO 8601 date",
                            message: "the assessment has no usable date and is not counted"))
                    continue
                }
                guard let v = values[r] else {
                    problems.add(
                        Problem(
                            .error, "response-unreadable", file: rs.source.path, location: rs.location(r),
                            variable: rs.variables[vc].name,
                            value: rs.string(r, vc), expected: "a \(criteria.name) response",
                            message: "the result is not a \(criteria.name) response and is not counted"))
                    continue
                }
                perSubject[i].append(DatedResponse(day, v))
            }
        }
        let subjects = derive(ids: ids, assessments: perSubject, facts: facts)
        if let rs = study["RS"] { checkProgressionSequences(subjects, study: study, rs: rs, into: &problems) }
        return Result(
            subjects: subjects, problems: problems, otherEvaluatorRecords: other, evaluators: evaluators,
            notAcceptedReads: rejected, otherCategoryRecords: otherCategory, otherMethodRecords: otherMethod)
    }

    /// A chosen category the RS does not have is an error (no record would count); overall responses
    /// of several categories read together are a warning naming them and the option that chooses.
    func checkCategories(_ rs: Dataset, into problems: inout ProblemLog) {
        guard let tc = rs.index(of: "RSTESTCD") else { return }
        let code = criteria.overallResponseTestCode
        var categories: [String] = []
        if let c = rs.index(of: "RSCAT") {
            // Per distinct value, not per record: this runs on every derivation of every study.
            let isOverall = rs.mapValues(tc) { $0.uppercased() == code }
            let category = rs.mapValues(c) { $0 }
            let key = rs.mapValues(c) { $0.uppercased() }
            var seen = Set<String>()
            for r in 0..<rs.recordCount where isOverall[r] && !seen.contains(key[r]) {
                seen.insert(key[r])
                categories.append(category[r])
            }
        }
        if let wanted = options.category {
            if !categories.contains(where: { $0.uppercased() == wanted.uppercased() }) {
                problems.add(
                    Problem(
                        .error, "response-category-absent", file: rs.source.path, variable: "RSCAT", value: wanted,
                        expected: categories.isEmpty
                            ? "an RSCAT variable" : "one of " + categories.map { "\"\($0)\"" }.joined(separator: ", "),
                        message: "no \(code) record has this category, so no assessment counts"))
            }
        } else if categories.count > 1 {
            problems.add(
                Problem(
                    .warning, "response-categories-mixed", file: rs.source.path, variable: "RSCAT",
                    value: categories.joined(separator: ", "), expected: "one category, chosen with --rs-category",
                    message: "\(code) records of several categories are read together"))
        }
    }

    /// iRECIST: a confirmed progression (iCPD) must confirm an iUPD (with only iUPD or NE between).
    /// One that does not is still progression, dated at itself, and reported at its RS record.
    func checkProgressionSequences(
        _ subjects: [SubjectResponse], study: Study, rs: Dataset, into problems: inout ProblemLog
    ) {
        guard options.criteria == .irecist else { return }
        var flagged: [String: (date: CalendarDate, before: String)] = [:]
        for s in subjects {
            guard let k = s.counted.firstIndex(where: { $0.response == .pd }),
                ResponseDerivation.unconfirmedRunStart(before: k, in: s.counted) == nil
            else { continue }
            let before = k > 0 ? criteria.label(s.counted[k - 1].response) + " on \(s.counted[k - 1].date)" : "nothing"
            flagged[s.subject] = (s.counted[k].date, before)
        }
        guard !flagged.isEmpty, let sc = rs.index(of: "USUBJID"), let dc = rs.index(of: "RSDTC"),
            let vc = rs.index(of: "RSSTRESC") ?? rs.index(of: "RSORRES")
        else { return }
        let use = recordUse(rs)
        let dates = study.dates
        for r in 0..<rs.recordCount where use[r] == .used {
            guard let f = flagged[rs.trimmed(r, sc)], criteria.parse(rs.trimmed(r, vc)) == .pd,
                dates.start(rs.string(r, dc)) == f.date
            else { continue }
            problems.add(
                Problem(
                    .warning, "confirmed-progression-unconfirmed", file: rs.source.path, location: rs.location(r),
                    variable: rs.variables[vc].name, value: rs.string(r, vc),
                    expected: "an iUPD before the iCPD, with only iUPD or NE between",
                    message: "the iCPD follows \(f.before); it counts as progression on its own date"))
            flagged[rs.trimmed(r, sc)] = nil
        }
    }

    /// Derives every subject from given visit responses (for example, computed from lesion data).
    public func derive(ids: [String], assessments: [[DatedResponse]], facts: [SubjectFacts]) -> [SubjectResponse] {
        var out: [SubjectResponse] = []
        out.reserveCapacity(ids.count)
        for i in 0..<ids.count {
            out.append(
                ResponseDerivation.derive(
                    subject: ids[i], assessments: assessments[i], facts: facts[i], options: options)
            )
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
        for s in lesions.subjects {
            if let i = position[s.subject] { per[i] = s.assessments.map { DatedResponse($0.date, $0.overall) } }
        }
        return (
            Result(
                subjects: derive(ids: ids, assessments: per, facts: facts), problems: ProblemLog(),
                otherEvaluatorRecords: 0, evaluators: []), lesions
        )
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

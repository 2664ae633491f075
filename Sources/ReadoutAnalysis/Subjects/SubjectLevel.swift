import ReadoutCore
import ReadoutData
import ReadoutResponse

/// The subject-level analysis dataset (ADSL-like): one record per DM subject with everything the
/// analysis spec's expressions may use. Derived only from the study and the response results.
public struct SubjectLevel: Sendable {
    /// Variables in output order.
    public private(set) var names: [String] = []
    public private(set) var labels: [String: String] = [:]
    /// Values by variable, one per subject in DM order.
    public private(set) var columns: [String: [ExpressionValue]] = [:]
    public let subjects: [String]
    public let responses: [SubjectResponse]
    /// Each subject's records by domain (for aggregates).
    let recordRows: [String: [[Int]]]
    let study: Study
    /// The cut-off and imputation rule the expressions complete partial dates with.
    public let dateRules: DateRules

    public var count: Int { subjects.count }

    mutating func add(_ name: String, _ label: String, _ values: [ExpressionValue]) {
        precondition(values.count == subjects.count)
        if columns[name] == nil { names.append(name) }
        columns[name] = values
        labels[name] = label
    }

    /// The value of variable `name` for subject `i`, or missing.
    public func value(_ name: String, _ i: Int) -> ExpressionValue { columns[name]?[i] ?? .missing }

    /// `evaluator` is the TUEVAL whose lesions make the baseline tumour burden (the response rules').
    /// The variables are added stage by stage: DM and ADSL extras, treatment and exposure,
    /// disposition, follow-up, baseline tumour burden, responses (docs/analysis-spec.md).
    public init(study: Study, responses: ResponseEngine.Result, evaluator: String = "INVESTIGATOR") {
        self.study = study
        let index = SubjectIndex(dm: study["DM"])
        subjects = index.ids
        self.responses = responses.subjects
        // Records of each domain by subject.
        var rows: [String: [[Int]]] = [:]
        for d in study.domains where d != "DM" && !d.hasPrefix("SUPP") {
            var per = [[Int]](repeating: [], count: index.count)
            for (r, p) in index.positions(in: study[d]!).enumerated() { if let p { per[p].append(r) } }
            rows[d] = per
        }
        recordRows = rows
        dateRules = study.dates
        addDemographics(index)
        addTreatment(index)
        let endOfStudy = addDisposition(index)
        addFollowUp(endOfStudy: endOfStudy)
        addTumourBurden(index, evaluator: evaluator.uppercased())
        addResponses()
    }

    /// The dates of `variable` in `ds`, completed by the study's rule for its role.
    func dates(_ ds: Dataset?, _ variable: String) -> [CalendarDate?] {
        guard let ds, let c = ds.index(of: variable) else { return [] }
        let role = DateRules.role(ofVariable: variable)
        let rules = dateRules
        return ds.mapValues(c) { rules.impute($0, role: role)?.date }
    }

    func date(_ d: CalendarDate?) -> ExpressionValue { d.map { .date($0) } ?? .missing }

    /// DM and ADSL-extras variables, as they are.
    mutating func addDemographics(_ index: SubjectIndex) {
        let n = index.count
        for source in ["DM", "ADSL"] {
            guard let ds = study[source] else { continue }
            let pos = index.positions(in: ds)
            var firstRow = [Int?](repeating: nil, count: n)
            for (r, p) in pos.enumerated() { if let p, firstRow[p] == nil { firstRow[p] = r } }
            for (c, v) in ds.variables.enumerated() where v.name != "USUBJID" && columns[v.name] == nil {
                add(
                    v.name, v.label ?? v.name,
                    (0..<n).map { i in
                        guard let r = firstRow[i] else { return .missing }
                        switch ds.value(r, c) {
                        case .missing, .specialMissing: return .missing
                        case .number(let d):
                            return v.type == .date ? .date(CalendarDate(dayNumber: Int(d))) : .number(d)
                        case .text(let s): return s.isEmpty ? .missing : .text(s)
                        }
                    })
            }
        }
    }

    /// Treatment and exposure, by the study's dose rule: first and last dose, cycles, dose levels, reduction.
    mutating func addTreatment(_ index: SubjectIndex) {
        let rs = responses
        let n = index.count
        add("TRTSDT", "Date of first dose", rs.map { date($0.facts.firstDose) })
        add("TRTFL", "Treated (at least one dose)", rs.map { .text($0.facts.firstDose == nil ? "N" : "Y") })
        add("CYCLES", "Cycles received", rs.map { .number(Double($0.facts.cyclesReceived)) })
        // Exposure by the study's dose rule: last dose, dose levels, reduction.
        let exposure = Exposure.read(study, subjects: index)
        let lastDose = exposure.map(\.lastDose)
        let firstDoseLevel = exposure.map(\.firstLevel)
        let lowestDose = exposure.map(\.lowestLevel)
        add("TRTEDT", "Date of last dose", lastDose.map(date))
        add("DOSE1", "First dose level", firstDoseLevel.map { $0.map { .number($0) } ?? .missing })
        add(
            "DOSERED", "Dose reduced",
            (0..<n).map { i in
                guard let f = firstDoseLevel[i], let l = lowestDose[i] else { return .missing }
                return .text(l < f ? "Y" : "N")
            })
        add("DOSERTO", "Lowest dose received", lowestDose.map { $0.map { .number($0) } ?? .missing })
    }

    /// Treatment and study discontinuation, death; returns the end of study of each subject.
    mutating func addDisposition(_ index: SubjectIndex) -> [CalendarDate?] {
        let rs = responses
        let n = index.count
        add("EOTDT", "Date of treatment discontinuation", rs.map { date($0.facts.treatmentDiscontinued) })
        add(
            "EOTREAS", "Reason for treatment discontinuation",
            rs.map { $0.facts.discontinuationReason.map { .text($0) } ?? .missing })
        add("DTHDT", "Date of death", rs.map { date($0.facts.death) })
        var eosDate = [CalendarDate?](repeating: nil, count: n)
        var eosReason = [String?](repeating: nil, count: n)
        if let ds = study["DS"], let dec = ds.index(of: "DSDECOD"), let scat = ds.index(of: "DSSCAT") {
            let pos = index.positions(in: ds)
            let ds0 = dates(ds, "DSSTDTC")
            for r in 0..<ds.recordCount where ds.trimmed(r, scat).uppercased() == "STUDY PARTICIPATION" {
                guard let i = pos[r], !ds0.isEmpty, let d = ds0[r] else { continue }
                if eosDate[i] == nil || d < eosDate[i]! {
                    eosDate[i] = d
                    eosReason[i] = ds.trimmed(r, dec)
                }
            }
        }
        add("EOSDT", "Date of study discontinuation", eosDate.map(date))
        add("EOSREAS", "Reason for study discontinuation", eosReason.map { $0.map { .text($0) } ?? .missing })
        return eosDate
    }

    /// Follow-up: first dose to the earliest of the cut-off, study discontinuation and death.
    mutating func addFollowUp(endOfStudy eosDate: [CalendarDate?]) {
        let rs = responses
        let cutoff = study.cutoff
        add(
            "FUPDAYS", "Follow-up (days, first dose to the earliest of cut-off, end of study, death)",
            (0..<count).map { i in
                guard let start = rs[i].facts.firstDose else { return .missing }
                let ends = [cutoff, eosDate[i], rs[i].facts.death].compactMap { $0 }
                guard let end = ends.min() else { return .missing }
                return .number(Double(end.dayNumber - start.dayNumber + 1))
            })
    }

    /// Baseline tumour burden: target lesions and distinct disease sites of `evaluator`.
    mutating func addTumourBurden(_ index: SubjectIndex, evaluator: String) {
        let rs = responses
        let n = index.count
        var targets = [Int](repeating: 0, count: n)
        var sites = [Set<String>](repeating: [], count: n)
        if let tu = study["TU"], let res = tu.index(of: "TUSTRESC") ?? tu.index(of: "TUORRES") {
            let pos = index.positions(in: tu)
            let tdates = dates(tu, "TUDTC")
            let loc = tu.index(of: "TULOC")
            let eval = tu.index(of: "TUEVAL")
            for r in 0..<tu.recordCount {
                guard let i = pos[r] else { continue }
                if let e = eval, !tu.trimmed(r, e).isEmpty, tu.trimmed(r, e).uppercased() != evaluator { continue }
                let role = tu.trimmed(r, res).uppercased()
                guard role == "TARGET" || role == "NON-TARGET" else { continue }
                // Baseline: identified on or before the first dose (or undated).
                if let d = tdates.isEmpty ? nil : tdates[r], let f = rs[i].facts.firstDose, d > f { continue }
                if role == "TARGET" { targets[i] += 1 }
                if let l = loc {
                    let s = tu.trimmed(r, l)
                    if !s.isEmpty { sites[i].insert(s.uppercased()) }
                }
            }
        }
        add("TLESBL", "Target lesions at baseline", targets.map { .number(Double($0)) })
        add("METSITES", "Distinct baseline disease sites (TULOC)", sites.map { .number(Double($0.count)) })
    }

    /// Best overall response, confirmation, durable SD, disease control, clinical benefit.
    mutating func addResponses() {
        let rs = responses
        add("BOR", "Best overall response", rs.map { .text($0.bestLabel) })
        add("CBOR", "Confirmed best overall response", rs.map { .text($0.confirmedLabel) })
        add("RSPFL", "Responder (BOR CR or PR)", rs.map { .text($0.isResponder ? "Y" : "N") })
        add("CRSPFL", "Confirmed responder", rs.map { .text($0.isConfirmedResponder ? "Y" : "N") })
        add(
            "UNCONFRS", "Why the response was not confirmed",
            rs.map { $0.unconfirmedReason.map { .text($0.rawValue) } ?? .missing })
        add("NASSESS", "Assessments counted", rs.map { .number(Double($0.counted.count)) })
        add("DURSDFL", "Durable stable disease", rs.map { .text($0.durableStable ? "Y" : "N") })
        add(
            "SDDAYS", "Days of SD or better from the first dose",
            rs.map { $0.stableDays.map { .number(Double($0)) } ?? .missing })
        add("DCRFL", "Disease control", rs.map { .text($0.diseaseControl ? "Y" : "N") })
        add("CBRFL", "Clinical benefit", rs.map { .text($0.clinicalBenefit ? "Y" : "N") })
    }

    /// The expression context of subject `i`.
    public func context(_ i: Int) -> SubjectContext { SubjectContext(level: self, index: i) }

    /// Names an expression may use.
    public var schema: ExpressionSchema {
        var domains: [String: Set<String>] = [:]
        for (d, _) in recordRows { domains[d] = Set(study[d]!.variables.map(\.name)) }
        return ExpressionSchema(subjectVariables: Set(names), domains: domains)
    }
}

/// One subject as an expression sees it.
public struct SubjectContext: ExpressionContext {
    let level: SubjectLevel
    let index: Int

    /// The subject's value of variable `name`, or nil when there is no such variable.
    public func value(of name: String) -> ExpressionValue? { level.columns[name]?[index] }

    public var dateRules: DateRules { level.dateRules }

    /// The subject's records of `domain`, each as a context of its own, or nil when the study has no such domain.
    public func records(of domain: String) -> [any ExpressionContext]? {
        guard let rows = level.recordRows[domain], let ds = level.study[domain] else { return nil }
        return rows[index].map { RecordContext(dataset: ds, row: $0, dateRules: level.dateRules) }
    }
}

/// One record of a domain as an expression sees it.
struct RecordContext: ExpressionContext {
    let dataset: Dataset
    let row: Int
    let dateRules: DateRules

    func value(of name: String) -> ExpressionValue? {
        guard let c = dataset.index(of: name) else { return nil }
        switch dataset.value(row, c) {
        case .missing, .specialMissing: return .missing
        case .number(let d): return .number(d)
        case .text(let s): return s.isEmpty ? .missing : .text(s.trimmingBlanks())
        }
    }

    func records(of domain: String) -> [any ExpressionContext]? { nil }
}

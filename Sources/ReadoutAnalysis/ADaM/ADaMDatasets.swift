import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse

/// The ADaM datasets of a study at its cut-off: ADSL, ADRS, ADTTE and ADTR, with the variable names,
/// labels and codes of the ADaM IG and admiralonco's templates (docs/adam.md lists every variable
/// and its derivation). Derived only from the study, the responses and, for ADSL's population
/// flags, the spec's populations.
public struct ADaMDatasets: Sendable {
    public var adsl: Dataset
    public var adrs: Dataset
    public var adtte: Dataset
    /// Tumour measurements: absent when the study has no lesion data (TU/TR).
    public var adtr: Dataset?

    /// Every dataset, in the order they are written.
    public var all: [Dataset] { [adsl, adrs, adtte] + (adtr.map { [$0] } ?? []) }

    /// A population flag of ADSL: its variable (`EFFFL`), label and members.
    public struct PopulationFlag: Sendable {
        public var variable: String
        public var label: String
        public var subjects: Set<String>
        /// A flag `variable` ("Y" for members, "N" otherwise) labelled `label`.
        public init(variable: String, label: String, subjects: Set<String>) {
            self.variable = variable
            self.label = label
            self.subjects = subjects
        }
    }

    /// The datasets of `level`'s study under `options`, with `flags` in ADSL; `lesions` are the
    /// study's RECIST results from TU/TR when already computed (they are computed here otherwise).
    public init(
        level: SubjectLevel, options: ResponseOptions, flags: [PopulationFlag] = [],
        lesions: LesionEngine.Result? = nil
    ) {
        let study = level.study
        let sources = OverallResponseRecords(study: study, options: options, level: level)
        adsl = Self.subjectLevel(level, flags: flags)
        adrs = Self.responses(level, options: options, sources: sources)
        adtte = Self.timeToEvent(level, options: options, sources: sources)
        adtr = Self.tumourMeasurements(level, evaluator: options.evaluator, lesions: lesions)
    }

    /// The flags of the spec's populations: the name's first letters and `FL` (`EFFFL` for
    /// `efficacy`), made unique and at most 8 characters.
    public static func flags(_ populations: [ReadoutResult.PopulationResult]) -> [PopulationFlag] {
        var used: Set<String> = ["SAFFL", "DTHFL"]
        return populations.map { p in
            let letters = p.name.uppercased().filter { $0.isLetter || $0.isNumber }
            var stem = String(letters.prefix(6))
            var k = 1
            while used.contains(stem + "FL") {
                k += 1
                stem = String(letters.prefix(5)) + String(k)
            }
            used.insert(stem + "FL")
            return PopulationFlag(variable: stem + "FL", label: String(p.label.prefix(40)), subjects: Set(p.subjects))
        }
    }

    /// The study day of `date`: day 1 is the first dose, the day before it day -1 (no day 0).
    static func studyDay(_ date: CalendarDate?, from start: CalendarDate?) -> Double? {
        guard let d = date, let s = start else { return nil }
        let k = d.dayNumber - s.dayNumber
        return Double(k >= 0 ? k + 1 : k)
    }

    /// The criterion's categories numbered best first, MISSING last: admiralonco's `aval_resp` for
    /// RECIST 1.1 (CR 1, PR 2, SD 3, NON-CR/NON-PD 4, PD 5, NE 6, MISSING 7); under iRECIST iUPD comes
    /// before iCPD (iCR 1, ..., iUPD 5, iCPD 6, NE 7, MISSING 8).
    public static func responseValue(_ r: Response, _ criteria: ResponseCriteriaKind = .recist11) -> Double {
        let order = criteria.responses
        // A category the criterion has not (iRECIST's iUPD under RECIST 1.1) is never parsed, so
        // only MISSING falls through to the last number.
        return Double((order.firstIndex(of: r) ?? order.count) + 1)
    }

    static func text(_ level: SubjectLevel, _ name: String, _ i: Int) -> String {
        switch level.value(name, i) {
        case .text(let s): return s
        case .number(let d): return NumberFormat.shortest(d)
        case .date(let d): return d.iso
        case .bool(let b): return b ? "Y" : "N"
        case .missing: return ""
        }
    }

    static func date(_ level: SubjectLevel, _ name: String, _ i: Int) -> CalendarDate? {
        if case .date(let d) = level.value(name, i) { return d }
        return nil
    }

    static func subjectLevel(_ level: SubjectLevel, flags: [PopulationFlag]) -> Dataset {
        var b = DatasetBuilder(name: "ADSL", label: "Subject-Level Analysis Dataset")
        let n = level.count
        let rows = Array(0..<n)
        func dm(_ name: String) -> [String] { rows.map { text(level, name, $0) } }
        b.text("STUDYID", "Study Identifier", dm("STUDYID"))
        b.text("USUBJID", "Unique Subject Identifier", level.subjects)
        b.text("SUBJID", "Subject Identifier for the Study", dm("SUBJID"))
        b.text("SITEID", "Study Site Identifier", dm("SITEID"))
        b.number("AGE", "Age", rows.map { Double(text(level, "AGE", $0)) })
        b.text("AGEU", "Age Units", dm("AGEU"))
        b.text("SEX", "Sex", dm("SEX"))
        b.text("RACE", "Race", dm("RACE"))
        b.text("ARM", "Description of Planned Arm", dm("ARM"))
        b.text("ACTARM", "Description of Actual Arm", dm("ACTARM"))
        b.text("TRT01P", "Planned Treatment for Period 01", dm("ARM"))
        b.text("TRT01A", "Actual Treatment for Period 01", dm("ACTARM"))
        let first = level.responses.map(\.facts.firstDose)
        b.date("TRTSDT", "Date of First Exposure to Treatment", first)
        b.date("TRTEDT", "Date of Last Exposure to Treatment", rows.map { date(level, "TRTEDT", $0) })
        b.date("RANDDT", "Date of Randomization", level.responses.map(\.facts.randomization))
        let eot = level.responses.map(\.facts.treatmentDiscontinued)
        b.text(
            "EOTSTT", "End of Treatment Status",
            rows.map { first[$0] == nil ? "" : eot[$0] == nil ? "ONGOING" : "DISCONTINUED" })
        b.date("TRTDCDT", "Date of Discontinuation of Treatment", eot)
        b.text("DCTREAS", "Reason for Discontinuation of Treatment", dm("EOTREAS"))
        let eos = rows.map { date(level, "EOSDT", $0) }
        b.text("EOSSTT", "End of Study Status", rows.map { eos[$0] == nil ? "ONGOING" : "DISCONTINUED" })
        b.date("EOSDT", "End of Study Date", eos)
        b.text("DCSREAS", "Reason for Discontinuation from Study", dm("EOSREAS"))
        let death = level.responses.map(\.facts.death)
        b.date("DTHDT", "Date of Death", death)
        b.text("DTHFL", "Subject Death Flag", death.map { $0 == nil ? "" : "Y" })
        b.text("SAFFL", "Safety Population Flag", first.map { $0 == nil ? "N" : "Y" })
        for f in flags {
            b.text(f.variable, f.label, level.subjects.map { f.subjects.contains($0) ? "Y" : "N" })
        }
        return b.dataset()
    }

    static func parameterSuffix(_ evaluator: String) -> String {
        evaluator.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }
            .joined(separator: " ")
    }

    static func responses(
        _ level: SubjectLevel, options: ResponseOptions, sources: OverallResponseRecords
    ) -> Dataset {
        let criteria = options.criteria.rules
        let kind = options.criteria
        let p = criteria.parameterPrefix
        let named = kind == .recist11 ? "" : criteria.name + " "
        var b = ADRSRows()
        let by = parameterSuffix(options.evaluator)
        for (i, r) in level.responses.enumerated() {
            let start = r.facts.firstDose
            var seq = 0
            func add(
                _ paramcd: String, _ param: String, visit: String = "", visitNumber: Double? = nil,
                date: CalendarDate?, avalc: String, aval: Double, analysed: Bool, source: (String, String, Int?),
                explanation: String
            ) {
                seq += 1
                b.rows.append(
                    ADRSRows.Row(
                        subject: i, seq: seq, paramcd: paramcd, param: param,
                        category: "Tumor Response", evaluator: by,
                        criteria: criteria.name, visit: visit, visitNumber: visitNumber, date: date,
                        day: studyDay(date, from: start), avalc: avalc, aval: aval, analysed: analysed,
                        sourceDomain: source.0, sourceVariable: source.1, sourceSequence: source.2,
                        explanation: explanation))
            }
            for o in sources.records[i] {
                add(
                    "OVR", "Overall Response by \(by)", visit: o.visit, visitNumber: o.visitNumber, date: o.date,
                    avalc: criteria.label(o.response), aval: responseValue(o.response, kind), analysed: o.analysed,
                    source: ("RS", o.variable, o.sequence), explanation: o.analysed ? "" : o.whyNotAnalysed)
                sources.aseq[i][o.index] = seq
            }
            func deciding(_ d: CalendarDate?) -> (String, String, Int?) {
                guard let d, let o = sources.records[i].first(where: { $0.analysed && $0.date == d }) else {
                    return ("", "", nil)
                }
                return ("RS", o.variable, o.sequence)
            }
            add(
                p + "BOR", "\(named)Best Overall Response by \(by) (confirmation not required)",
                date: r.bestResponseDate, avalc: r.bestLabel, aval: responseValue(r.bestResponse, kind), analysed: true,
                source: deciding(r.bestResponseDate), explanation: r.bestResponseDetail)
            add(
                p + "CBOR", "\(named)Best Confirmed Overall Response by \(by)", date: r.confirmedResponseDate,
                avalc: r.confirmedLabel, aval: responseValue(r.confirmedResponse, kind), analysed: true,
                source: deciding(r.confirmedResponseDate), explanation: r.confirmedResponseDetail)
            let rsp = r.isResponder ? r.firstResponse : nil
            add(
                p + "RSP", "\(named)Response by \(by) (confirmation not required)", date: rsp,
                avalc: r.isResponder ? "Y" : "N",
                aval: r.isResponder ? 1 : 0, analysed: true, source: deciding(rsp), explanation: r.bestResponseDetail)
            let crsp = r.isConfirmedResponder ? r.firstResponse : nil
            add(
                p + "CRSP", "\(named)Confirmed Response by \(by)", date: crsp,
                avalc: r.isConfirmedResponder ? "Y" : "N",
                aval: r.isConfirmedResponder ? 1 : 0, analysed: true, source: deciding(crsp),
                explanation: r.confirmedResponseDetail)
        }
        return b.dataset(level)
    }

    static func timeToEvent(_ level: SubjectLevel, options: ResponseOptions, sources: OverallResponseRecords) -> Dataset
    {
        var b = DatasetBuilder(name: "ADTTE", label: "Time-to-Event Analysis Dataset")
        var subject: [String] = []
        var study: [String] = []
        var paramcd: [String] = []
        var param: [String] = []
        var start: [CalendarDate?] = []
        var end: [CalendarDate?] = []
        var aval: [Double?] = []
        var cnsr: [Double?] = []
        var event: [String] = []
        var censor: [String] = []
        var srcdom: [String] = []
        var srcvar: [String] = []
        var srcseq: [Double?] = []
        let cutoff = level.study.cutoff
        let censoredAt =
            options.pfsCensoring == .lastAssessment ? "LAST ASSESSMENT" : "LAST ADEQUATE ASSESSMENT"
        let origin = options.referenceDate == .firstDose ? ("FIRST DOSE", "TRTSDT") : ("RANDOMIZATION", "RANDDT")
        let prefix = options.criteria.rules.parameterPrefix
        let named = options.criteria == .recist11 ? "" : options.criteria.rules.name + " "
        for (i, r) in level.responses.enumerated() {
            func add(_ code: String, _ name: String, _ t: TimeToEvent, startIsResponse: Bool) {
                subject.append(r.subject)
                study.append(text(level, "STUDYID", i))
                paramcd.append(code)
                param.append(name)
                start.append(t.start)
                end.append(t.end)
                aval.append(Double(t.days))
                cnsr.append(t.event ? 0 : 1)
                let record = sources.records[i].firstIndex { $0.analysed && $0.date == t.end }
                if t.event && t.reason == "death" {
                    event.append("DEATH")
                    censor.append("")
                    srcdom.append("ADSL")
                    srcvar.append("DTHDT")
                    srcseq.append(nil)
                } else if t.event {
                    event.append(t.reason.uppercased())
                    censor.append("")
                    srcdom.append("ADRS")
                    srcvar.append("ADT")
                    srcseq.append(record.map { Double(sources.aseq[i][$0]) })
                } else if t.end == t.start && record == nil {
                    let what = startIsResponse ? "FIRST RESPONSE" : origin.0
                    event.append(what)
                    censor.append(what)
                    srcdom.append("ADSL")
                    srcvar.append(startIsResponse ? "" : origin.1)
                    srcseq.append(nil)
                } else {
                    event.append(censoredAt)
                    censor.append(censoredAt)
                    srcdom.append("ADRS")
                    srcvar.append("ADT")
                    srcseq.append(record.map { Double(sources.aseq[i][$0]) })
                }
            }
            if let pfs = r.progressionFree {
                add(prefix + "PFS", named + "Progression Free Survival", pfs, startIsResponse: false)
            }
            if let dor = r.durationOfResponse {
                add(prefix + "RSD", named + "Duration of Response", dor, startIsResponse: true)
            }
            // Overall survival as the readout counts it: first dose to death, else censored at
            // the earliest of the cut-off and the end of study.
            guard let first = r.facts.firstDose else { continue }
            let os: TimeToEvent
            if let d = r.facts.death {
                os = TimeToEvent(start: first, end: d, event: true, reason: "death")
            } else if let stop = [cutoff, date(level, "EOSDT", i)].compactMap({ $0 }).min() {
                os = TimeToEvent(start: first, end: stop, event: false, reason: "")
            } else {
                continue
            }
            subject.append(r.subject)
            study.append(text(level, "STUDYID", i))
            paramcd.append("OS")
            param.append("Overall Survival")
            start.append(os.start)
            end.append(os.end)
            aval.append(Double(os.days))
            cnsr.append(os.event ? 0 : 1)
            let why = os.event ? "DEATH" : (os.end == cutoff ? "DATA CUT-OFF" : "END OF STUDY")
            event.append(why)
            censor.append(os.event ? "" : why)
            srcdom.append("ADSL")
            srcvar.append(os.event ? "DTHDT" : (os.end == cutoff ? "" : "EOSDT"))
            srcseq.append(nil)
        }
        b.text("STUDYID", "Study Identifier", study)
        b.text("USUBJID", "Unique Subject Identifier", subject)
        b.text("PARAMCD", "Parameter Code", paramcd)
        b.text("PARAM", "Parameter", param)
        b.date("STARTDT", "Time-to-Event Origin Date for Subject", start)
        b.date("ADT", "Analysis Date", end)
        b.number("AVAL", "Analysis Value", aval)
        b.text("AVALU", "Analysis Value Unit", subject.map { _ in "DAYS" })
        b.number("CNSR", "Censor", cnsr)
        b.text("EVNTDESC", "Event or Censoring Description", event)
        b.text("CNSDTDSC", "Censor Date Description", censor)
        b.text("SRCDOM", "Source Data", srcdom)
        b.text("SRCVAR", "Source Variable", srcvar)
        b.number("SRCSEQ", "Source Sequence Number", srcseq)
        return b.dataset()
    }

    static func tumourMeasurements(
        _ level: SubjectLevel, evaluator: String, lesions given: LesionEngine.Result?
    ) -> Dataset? {
        let study = level.study
        guard study["TU"] != nil, study["TR"] != nil else { return nil }
        var doses: [String: CalendarDate] = [:]
        for r in level.responses { if let d = r.facts.firstDose { doses[r.subject] = d } }
        let lesions =
            given ?? LesionEngine(evaluator: evaluator, firstDoses: doses).run(study, subjectOrder: level.subjects)
        let position = Dictionary(uniqueKeysWithValues: level.subjects.enumerated().map { ($1, $0) })
        var b = DatasetBuilder(name: "ADTR", label: "Tumor Results Analysis Dataset")
        var rows: [(Int, String, CalendarDate?, Double?, String, LesionAssessment?)] = []
        for s in lesions.subjects where s.baselineSum != nil {
            guard let i = position[s.subject] else { continue }
            rows.append((i, "BASELINE", s.baselineDate, s.baselineSum, "Y", nil))
            for a in s.assessments { rows.append((i, a.visit, a.date, a.sum, "", a)) }
        }
        let by = parameterSuffix(evaluator)
        b.text("STUDYID", "Study Identifier", rows.map { text(level, "STUDYID", $0.0) })
        b.text("USUBJID", "Unique Subject Identifier", rows.map { level.subjects[$0.0] })
        b.text("PARAMCD", "Parameter Code", rows.map { _ in "SDIAM" })
        b.text("PARAM", "Parameter", rows.map { _ in "Target Lesions Sum of Diameters by \(by)" })
        b.text("PARCAT1", "Parameter Category 1", rows.map { _ in "Target Lesion(s)" })
        b.text("AVISIT", "Analysis Visit", rows.map(\.1))
        b.date("ADT", "Analysis Date", rows.map(\.2))
        b.number(
            "ADY", "Analysis Relative Day", rows.map { studyDay($0.2, from: level.responses[$0.0].facts.firstDose) })
        b.number("AVAL", "Analysis Value", rows.map(\.3))
        b.text("AVALU", "Analysis Value Unit", rows.map { _ in "mm" })
        b.text("ABLFL", "Baseline Record Flag", rows.map(\.4))
        let base = Dictionary(
            lesions.subjects.compactMap { s in s.baselineSum.map { (s.subject, $0) } }, uniquingKeysWith: { a, _ in a })
        b.number("BASE", "Baseline Value", rows.map { base[level.subjects[$0.0]] })
        b.number("CHG", "Change from Baseline", rows.map { $0.5?.changeFromBaseline })
        b.number("PCHG", "Percent Change from Baseline", rows.map { $0.5?.percentChangeFromBaseline })
        b.number("NADIR", "Nadir (smallest sum before this visit)", rows.map { $0.5?.nadir })
        b.number("PCHGNAD", "Percent Change from Nadir", rows.map { $0.5?.percentChangeFromNadir })
        b.text("ANL01FL", "Analysis Flag 01", rows.map { $0.5 == nil || $0.3 != nil ? "Y" : "" })
        return b.dataset()
    }
}

/// A dataset put together column by column.
struct DatasetBuilder {
    var name: String
    var label: String
    var variables: [Variable] = []
    var columns: [Column] = []

    mutating func text(_ name: String, _ label: String, _ values: [String]) {
        variables.append(Variable(name: name, label: label))
        columns.append(.text(TextColumn(values)))
    }

    mutating func number(_ name: String, _ label: String, _ values: [Double?]) {
        variables.append(Variable(name: name, label: label, type: .float))
        columns.append(.number(NumberColumn(values.map { $0 ?? .nan })))
    }

    mutating func date(_ name: String, _ label: String, _ values: [CalendarDate?]) {
        variables.append(Variable(name: name, label: label, type: .date, format: "DATE9."))
        columns.append(.number(NumberColumn(values.map { $0.map { Double($0.dayNumber) } ?? .nan })))
    }

    func dataset() -> Dataset {
        Dataset(
            name: name, label: label, variables: variables, columns: columns,
            source: DataSource(path: name.lowercased(), format: .csv))
    }
}

/// The rows of ADRS before they become columns.
struct ADRSRows {
    struct Row {
        var subject: Int
        var seq: Int
        var paramcd, param, category, evaluator, criteria, visit: String
        var visitNumber: Double?
        var date: CalendarDate?
        var day: Double?
        var avalc: String
        var aval: Double
        var analysed: Bool
        var sourceDomain, sourceVariable: String
        var sourceSequence: Int?
        var explanation: String
    }
    var rows: [Row] = []

    func dataset(_ level: SubjectLevel) -> Dataset {
        var b = DatasetBuilder(name: "ADRS", label: "Response Analysis Dataset")
        b.text("STUDYID", "Study Identifier", rows.map { ADaMDatasets.text(level, "STUDYID", $0.subject) })
        b.text("USUBJID", "Unique Subject Identifier", rows.map { level.subjects[$0.subject] })
        b.number("ASEQ", "Analysis Sequence Number", rows.map { Double($0.seq) })
        b.text("PARAMCD", "Parameter Code", rows.map(\.paramcd))
        b.text("PARAM", "Parameter", rows.map(\.param))
        b.text("PARCAT1", "Parameter Category 1", rows.map(\.category))
        b.text("PARCAT2", "Parameter Category 2", rows.map(\.evaluator))
        b.text("PARCAT3", "Parameter Category 3", rows.map(\.criteria))
        b.text("AVISIT", "Analysis Visit", rows.map(\.visit))
        b.number("AVISITN", "Analysis Visit (N)", rows.map(\.visitNumber))
        b.date("ADT", "Analysis Date", rows.map(\.date))
        b.number("ADY", "Analysis Relative Day", rows.map(\.day))
        b.text("AVALC", "Analysis Value (C)", rows.map(\.avalc))
        b.number("AVAL", "Analysis Value", rows.map(\.aval))
        b.text("ANL01FL", "Analysis Flag 01", rows.map { $0.analysed ? "Y" : "" })
        b.text("SRCDOM", "Source Data", rows.map(\.sourceDomain))
        b.text("SRCVAR", "Source Variable", rows.map(\.sourceVariable))
        b.number("SRCSEQ", "Source Sequence Number", rows.map { $0.sourceSequence.map(Double.init) })
        b.text("EXPLAN", "Why (Readout's explanation)", rows.map(\.explanation))
        return b.dataset()
    }
}

/// The evaluator's overall-response records of RS, per subject in date order, each saying whether
/// the derivation counted it (ANL01FL) and, if not, why.
final class OverallResponseRecords: @unchecked Sendable {
    struct Record {
        var index: Int
        var date: CalendarDate?
        var visit: String
        var visitNumber: Double?
        var response: Response
        var variable: String
        var sequence: Int?
        var analysed: Bool
        var whyNotAnalysed: String
    }
    var records: [[Record]]
    /// ASEQ of each record in ADRS, filled in as ADRS is written.
    var aseq: [[Int]] = []

    init(study: Study, options: ResponseOptions, level: SubjectLevel) {
        let criteria = options.criteria.rules
        let index = SubjectIndex(dm: study["DM"])
        records = Array(repeating: [], count: index.count)
        defer { aseq = records.map { Array(repeating: 0, count: $0.count) } }
        guard let rs = study["RS"], rs.has("RSTESTCD"), let dc = rs.index(of: "RSDTC"),
            let vc = rs.index(of: "RSSTRESC") ?? rs.index(of: "RSORRES")
        else { return }
        let seqc = rs.index(of: "RSSEQ")
        let visitc = rs.index(of: "VISIT")
        let visitn = rs.index(of: "VISITNUM")
        let dates = study.dates
        // The records the derivation reads, by its own rule.
        let use = ResponseEngine(options: options).recordUse(rs)
        for (r, p) in index.positions(in: rs).enumerated() {
            guard let i = p, use[r] == .used else { continue }
            guard let response = criteria.parse(rs.string(r, vc)) else { continue }
            records[i].append(
                Record(
                    index: records[i].count, date: dates.start(rs.string(r, dc)),
                    visit: visitc.map { rs.trimmed(r, $0) } ?? "", visitNumber: visitn.flatMap { rs.double(r, $0) },
                    response: response, variable: rs.variables[vc].name,
                    sequence: seqc.flatMap { rs.double(r, $0) }
                        .map { Int($0) }, analysed: false, whyNotAnalysed: ""))
        }
        for i in records.indices {
            records[i].sort { ($0.date?.dayNumber ?? Int.min, $0.index) < ($1.date?.dayNumber ?? Int.min, $1.index) }
            for k in records[i].indices { records[i][k].index = k }
            // A record is analysed when the derivation counted its date and result (the first such record).
            let subject = level.responses[i]
            var counted = subject.counted
            let reference = options.referenceDate == .firstDose ? subject.facts.firstDose : subject.facts.randomization
            let firstPD = subject.counted.first { $0.response == .pd }?.date
            for k in records[i].indices {
                let rec = records[i][k]
                if let d = rec.date, let m = counted.firstIndex(where: { $0.date == d && $0.response == rec.response })
                {
                    records[i][k].analysed = true
                    counted.remove(at: m)
                    continue
                }
                // Why, in the order the derivation asks (docs/response-rules.md, "Which assessments count").
                let why: String
                if let d = rec.date {
                    if reference == nil {
                        why = "no reference date (not treated)"
                    } else if d <= reference! {
                        why = "on or before the reference date"
                    } else if subject.counted.contains(where: { $0.date == d }) {
                        why = "same date as a worse result"
                    } else if let pd = firstPD, d > pd {
                        why = "after the first PD"
                    } else if rec.response == .missing {
                        why = "no result (MISSING)"
                    } else {
                        why = "on or after new anticancer therapy"
                    }
                } else {
                    why = "no usable date"
                }
                records[i][k].whyNotAnalysed = why
            }
        }
    }
}

/// The file formats ADaM datasets are written in.
public enum ADaMFormat: String, Sendable, CaseIterable {
    case csv
    /// Dataset-JSON v1.1.
    case datasetJSON = "dataset-json"
    /// SAS transport version 5 (text over 200 bytes split into NAME1, NAME2, ...).
    case xpt
}

extension ADaMDatasets {
    /// Writes every dataset into `dir` in each of `formats` (`adsl.csv`, `adsl.json`, `adsl.xpt`, ...)
    /// and returns the file names in order. `created` dates the Dataset-JSON files (the cut-off), so
    /// that the bytes depend on the inputs only.
    public func write(to dir: String, formats: [ADaMFormat] = ADaMFormat.allCases, created: String) throws -> [String] {
        // Every file is independent: they are written on every core; the list keeps its order.
        let jobs = all.flatMap { ds in formats.map { (ds, $0) } }
        let failures = ParallelSlots<ReadoutError>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { k in
            let (ds, format) = jobs[k]
            let stem = dir + "/" + ds.name.lowercased()
            do {
                switch format {
                case .csv: try DatasetWriter.writeCSV(ds, to: stem + ".csv", datesAsISO: true)
                case .datasetJSON: try DatasetWriter.writeDatasetJSON(ds, to: stem + ".json", created: created)
                case .xpt: try DatasetWriter.writeXPT(DatasetWriter.splittingLongText(ds), to: stem + ".xpt")
                }
            } catch let e as ReadoutError {
                failures.set(k, e)
            } catch {
                failures.set(k, ReadoutError(file: stem, code: "file-unwritable", "\(error)"))
            }
        }
        let problems = (0..<jobs.count).compactMap { failures.get($0) }.flatMap(\.problems)
        if !problems.isEmpty { throw ReadoutError(problems: problems) }
        return jobs.map { ds, format in
            ds.name.lowercased() + (format == .csv ? ".csv" : format == .datasetJSON ? ".json" : ".xpt")
        }
    }
}

extension ADaMDatasets {
    /// The datasets of a loaded study under `options`: the entry point of `readout adam`. A study
    /// with data errors is refused, as a readout refuses it.
    public static func derive(load: StudyLoad, options: ResponseOptions) throws -> ADaMDatasets {
        if load.problems.hasErrors {
            let first = load.problems.problems.first { $0.severity == .error }!
            throw ReadoutError(
                file: load.study.folder, code: "data-errors",
                "the study has \(load.problems.count(.error)) data errors (first: \(first.description)); "
                    + "run `readout validate` to list them",
                expected: "data without errors")
        }
        let responses = ResponseEngine(options: options).run(load.study)
        let level = SubjectLevel(study: load.study, responses: responses, evaluator: options.evaluator)
        return ADaMDatasets(level: level, options: options)
    }
}

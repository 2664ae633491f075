import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse
import ReadoutStatistics

/// Runs an analysis spec: reads the study, applies the cut-off, derives responses and the
/// subject-level dataset, evaluates populations and subgroups, and computes every table.
///
/// The stages, each a function of its inputs: `loadStudy` (read → cut-off), `responses` (visit
/// responses → best overall response), `SubjectLevel` (the ADSL-like variables), then in
/// `ReadoutComputation`: populations, response tables, summary tables, follow-up, time to event,
/// provenance, narrative and figures.
public enum ReadoutRunner {
    /// A computed readout with what it was computed from.
    public struct Output: Sendable {
        public var result: ReadoutResult
        var subjectLevel: SubjectLevel
        public var load: StudyLoad
        public var figures: [ReportFigure] = []
        /// The response rules the readout used (the spec's), for the ADaM datasets.
        public var responseOptions = ResponseOptions()
        /// Every subject's RECIST 1.1 results from lesion data (TU/TR).
        public var lesions: LesionEngine.Result? = nil

        /// ADSL, ADRS, ADTTE and ADTR of the readout, with a flag per population of the spec.
        public var adam: ADaMDatasets {
            ADaMDatasets(
                level: subjectLevel, options: responseOptions, flags: ADaMDatasets.flags(result.populations),
                lesions: lesions)
        }
    }

    /// Reads the spec at `specPath` and the study it names, and computes the readout.
    public static func run(specPath: String) throws -> Output {
        let spec = try AnalysisSpec.load(path: specPath)
        let load = try loadStudy(spec: spec, specPath: specPath)
        return try run(spec: spec, specPath: specPath, load: load)
    }

    /// The spec's cut-off, checked to be a complete date.
    public static func cutoff(of spec: AnalysisSpec, specPath: String) throws -> CalendarDate {
        guard let cutoff = CalendarDate(iso: spec.cutoff), spec.cutoff.count == 10 else {
            throw ReadoutError(
                file: specPath, code: "spec-invalid", "cutoff \"\(spec.cutoff)\" is not a date", variable: "cutoff",
                value: spec.cutoff, expected: "YYYY-MM-DD")
        }
        return cutoff
    }

    /// Reads the study the spec names (relative to the spec's folder) at its cut-off, with its data
    /// rules. A study with data errors, or a cut-off before every first dose, is refused.
    public static func loadStudy(spec: AnalysisSpec, specPath: String) throws -> StudyLoad {
        let base = URL(fileURLWithPath: specPath).deletingLastPathComponent().path
        let folder = spec.study.hasPrefix("/") ? spec.study : base + "/" + spec.study
        let cutoff = try cutoff(of: spec, specPath: specPath)
        let load = try StudyLoader.load(
            folder: folder, options: StudyLoadOptions(cutoff: cutoff, rules: spec.dataRules))
        if load.problems.hasErrors {
            let first = load.problems.problems.first { $0.severity == .error }!
            throw ReadoutError(
                file: folder, code: "data-errors",
                "the study has \(load.problems.count(.error)) data errors (first: \(first.description)); "
                    + "run `readout validate` to list them",
                expected: "data without errors")
        }
        if let dm = load.study["DM"], let rf = dm.index(of: "RFSTDTC") {
            let dates = load.study.dates
            let anyBefore = (0..<dm.recordCount).contains {
                dates.start(dm.string($0, rf)).map { $0 <= cutoff } ?? false
            }
            if !anyBefore {
                throw ReadoutError(
                    file: specPath, code: "cutoff-before-data",
                    "the cut-off \(spec.cutoff) is before every subject's first treatment (RFSTDTC)",
                    variable: "cutoff", value: spec.cutoff, expected: "a cut-off after the study started")
            }
        }
        return load
    }

    /// The responses the spec's readout is made of: recorded (RS) or computed from lesion data,
    /// under the spec's response rules.
    public static func responses(spec: AnalysisSpec, study: Study) -> ResponseEngine.Result {
        let engine = ResponseEngine(options: spec.responseOptions)
        return spec.responses?.source == .computed ? engine.runOnComputedResponses(study).0 : engine.run(study)
    }

    /// The readout of an already-loaded study (read at the spec's cut-off with its rules): the
    /// entry point for callers that hold the study, such as a server.
    public static func run(spec: AnalysisSpec, specPath: String, load: StudyLoad) throws -> Output {
        let cutoff = try cutoff(of: spec, specPath: specPath)
        let options = spec.responseOptions
        let timer = PhaseTimer()
        let responses = Self.responses(spec: spec, study: load.study)
        timer.mark("readout: responses")
        let level = SubjectLevel(study: load.study, responses: responses, evaluator: options.evaluator)
        timer.mark("readout: subject-level variables")
        var computation = ReadoutComputation(spec: spec, specPath: specPath, level: level)
        try computation.evaluatePopulations()
        timer.mark("readout: populations and subgroups")
        let rows = try computation.responseRows()
        timer.mark("readout: response rows")
        let primary = spec.narrative?.primary ?? rows.first?.population ?? "evaluable"
        var result = ReadoutResult(
            title: spec.title, provenance: try provenance(load: load, specPath: specPath, cutoff: cutoff),
            populations: computation.populations, responseRows: rows,
            unconfirmedResponders: computation.unconfirmed(in: primary),
            baseline: try computation.summaryTable(spec.baseline, title: "Baseline characteristics"),
            exposure: try computation.summaryTable(spec.exposure, title: "Exposure and disposition"),
            followUp: computation.followUp(), narrative: [], percentDecimals: spec.rounding?.percentDecimals ?? 1,
            ciMethod: computation.ciMethod, ciLevel: computation.ciLevel, dataProblems: load.problems.count(.warning))
        timer.mark("readout: provenance (SHA-256), summary tables, follow-up")
        result.criteria = options.criteria
        result.evaluator = options.evaluator
        result.timeToEvent = computation.timeToEvent(in: primary)
        result.primaryPopulation = primary
        result.narrative = Narrative.sentences(result, primary: primary)
        // RECIST from lesion data, once: for the waterfall and spider plots and for ADTR.
        var doses: [String: CalendarDate] = [:]
        for r in level.responses { if let d = r.facts.firstDose { doses[r.subject] = d } }
        timer.mark("readout: time to event, narrative")
        let lesions = LesionEngine(evaluator: options.evaluator, firstDoses: doses).run(
            load.study, subjectOrder: level.subjects)
        timer.mark("readout: RECIST from lesions")
        defer { timer.mark("readout: figures") }
        let figures = ReportFigures.make(
            result: result, level: level, lesions: lesions, primaryMembers: computation.groups[primary] ?? [],
            cutoff: cutoff, limits: spec.figureLimits)
        return Output(
            result: result, subjectLevel: level, load: load, figures: figures, responseOptions: options,
            lesions: lesions)
    }

    /// The SHA-256 of the spec and of every input file (two files at a time), the cut-off and the engine.
    static func provenance(load: StudyLoad, specPath: String, cutoff: CalendarDate) throws -> ReadoutResult.Provenance {
        let files = load.summaries.map(\.file).sorted()
        let digests = ParallelSlots<String>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { k in
            digests.set(k, (try? SHA256.file(files[k])) ?? "unreadable")
        }
        let inputs = files.enumerated().map { k, f in
            ReadoutResult.Provenance.Input(
                file: URL(fileURLWithPath: f).lastPathComponent, sha256: digests.get(k) ?? "unreadable")
        }
        return ReadoutResult.Provenance(
            spec: URL(fileURLWithPath: specPath).lastPathComponent, specSHA256: try SHA256.file(specPath),
            cutoff: cutoff.iso, engine: "Readout " + ReadoutVersion.string, inputs: inputs)
    }
}

/// The tables of a readout, computed stage by stage from the subject-level dataset.
struct ReadoutComputation {
    let spec: AnalysisSpec
    let specPath: String
    let level: SubjectLevel
    let ciMethod: ProportionCI
    let ciLevel: Double
    /// Members (row numbers of `level`) of every population and subgroup, by name.
    private(set) var groups: [String: [Int]] = [:]
    private(set) var populations: [ReadoutResult.PopulationResult] = []

    init(spec: AnalysisSpec, specPath: String, level: SubjectLevel) {
        self.spec = spec
        self.specPath = specPath
        self.level = level
        ciMethod = spec.ci?.method ?? .clopperPearson
        ciLevel = spec.ci?.level ?? 0.95
    }

    /// Parses and checks a spec expression; a problem names the spec, the item and the position.
    func compile(_ expression: String, what: String) throws -> Expression {
        do {
            let tree = try ExpressionParser.parse(expression)
            try ExpressionFunctions.check(tree, text: expression, schema: level.schema)
            return tree
        } catch var e as ReadoutError {
            // The spec's file and item locate the expression's problem.
            e.problem.file = specPath
            e.problem.code = "spec-expression"
            e.problem.message = "\(what): \(e.problem.message)"
            throw e
        }
    }

    /// The subjects (among `among`, else all) for whom `expression` is true.
    func members(_ expression: String, what: String, among: [Int]? = nil) throws -> [Int] {
        let tree = try compile(expression, what: what)
        return (among ?? Array(0..<level.count)).filter {
            ExpressionFunctions.evaluate(tree, in: level.context($0)).isTrue
        }
    }

    /// The numeric values of `expression` among `among` (subjects without one are left out).
    func values(_ expression: String, what: String, among: [Int]) throws -> [Double] {
        let tree = try compile(expression, what: what)
        return among.compactMap {
            if case .number(let d) = ExpressionFunctions.evaluate(tree, in: level.context($0)) { return d }
            return nil
        }
    }

    /// The members of `name`, or a problem naming what the spec defines.
    func group(_ name: String, _ message: @autoclosure () -> String) throws -> [Int] {
        guard let m = groups[name] else {
            throw ReadoutError(
                file: specPath, code: "spec-invalid", message(), value: name,
                expected: "one of " + groups.keys.sorted().joined(separator: ", "))
        }
        return m
    }

    /// Populations, then subgroups of them.
    mutating func evaluatePopulations() throws {
        for p in spec.allPopulations {
            let m = try members(p.where, what: "population \(p.name)")
            groups[p.name] = m
            populations.append(
                .init(
                    name: p.name, label: p.label ?? p.name, definition: p.where, count: m.count, parent: nil,
                    subjects: m.map { level.subjects[$0] }))
        }
        for s in spec.subgroups ?? [] {
            let parent = try group(
                s.population, "subgroup \(s.name) takes population \"\(s.population)\", which the spec does not define")
            let m = try members(s.where, what: "subgroup \(s.name)", among: parent)
            groups[s.name] = m
            populations.append(
                .init(
                    name: s.name, label: s.label ?? s.name, definition: s.where, count: m.count, parent: s.population,
                    subjects: m.map { level.subjects[$0] }))
        }
        for p in populations where p.count == 0 && (spec.responseTables ?? []).contains(p.name) {
            throw ReadoutError(
                file: specPath, code: "empty-population", "population \(p.name) (\(p.definition)) has no subjects",
                value: p.definition, expected: "a definition some subjects meet")
        }
    }

    /// One row per population of `response_tables`: overall and confirmed response, disease
    /// control, clinical benefit, durable SD and the reasons responses stayed unconfirmed.
    func responseRows() throws -> [ReadoutResult.ResponseRow] {
        try (spec.responseTables ?? ["evaluable"]).map { name in
            let m = try group(name, "response_tables names \"\(name)\", which is no population or subgroup")
            let label = populations.first { $0.name == name }?.label ?? name
            let rs = m.map { level.responses[$0] }
            var counts: [String: Int] = [:]
            for r in rs { counts[r.confirmedLabel, default: 0] += 1 }
            var reasons: [String: Int] = [:]
            for r in rs { if let u = r.unconfirmedReason { reasons[u.rawValue, default: 0] += 1 } }
            func prop(_ k: Int) -> Proportion {
                Proportion(count: k, total: rs.count, method: ciMethod, level: ciLevel)
            }
            return .init(
                population: name, label: label, n: rs.count,
                overall: prop(rs.filter(\.isResponder).count), confirmed: prop(rs.filter(\.isConfirmedResponder).count),
                confirmedCounts: counts, diseaseControl: prop(rs.filter(\.diseaseControl).count),
                clinicalBenefit: prop(rs.filter(\.clinicalBenefit).count), durableSD: rs.filter(\.durableStable).count,
                unconfirmed: rs.filter { $0.unconfirmedReason != nil }.count, unconfirmedReasons: reasons)
        }
    }

    /// The responders of `population` whose response stayed unconfirmed, with why.
    func unconfirmed(in population: String) -> [ReadoutResult.UnconfirmedResponder] {
        (groups[population] ?? []).map { level.responses[$0] }.filter { $0.unconfirmedReason != nil }.map {
            ReadoutResult.UnconfirmedResponder(
                subject: $0.subject, bestResponse: $0.bestLabel,
                firstResponse: $0.firstResponse?.iso ?? "", reason: $0.unconfirmedReason!.rawValue,
                detail: $0.confirmedResponseDetail)
        }
    }

    /// A baseline or exposure table: counts and percentages of `where`, or summaries of `value`.
    func summaryTable(_ t: AnalysisSpec.SummaryTable?, title: String) throws -> ReadoutResult.SummaryTableResult? {
        guard let t else { return nil }
        let m = try group(
            t.population, "\(title) table takes population \"\(t.population)\", which the spec does not define")
        var lines: [ReadoutResult.SummaryLine] = []
        for row in t.rows {
            let among = try row.among.map { try members($0, what: "\(title): \(row.label) (among)", among: m) } ?? m
            if let w = row.where {
                let k = try members(w, what: "\(title): \(row.label)", among: among).count
                lines.append(
                    .init(
                        label: row.label, count: k, denominator: among.count,
                        percent: among.isEmpty ? nil : Double(k) / Double(among.count) * 100))
            } else if let v = row.value {
                let found = try values(v, what: "\(title): \(row.label)", among: among)
                lines.append(
                    .init(label: row.label, count: found.count, denominator: among.count, summary: Summary(found)))
            }
        }
        return .init(title: title, population: t.population, n: m.count, lines: lines)
    }

    /// Median follow-up of the follow-up population, by observation or reverse Kaplan–Meier.
    func followUp() -> ReadoutResult.FollowUpResult {
        let population = spec.followUp?.population ?? "enrolled"
        let members = groups[population] ?? []
        let days = members.compactMap { i -> Double? in
            if case .number(let d) = level.value("FUPDAYS", i) { return d }
            return nil
        }
        var followUp = ReadoutResult.FollowUpResult(
            population: population, method: spec.followUp?.method ?? .observation, n: days.count)
        switch followUp.method {
        case .reverseKM:
            let events = members.map { level.responses[$0].facts.death != nil }
            let times = members.map { i -> Double in
                if case .number(let d) = level.value("FUPDAYS", i) { return d }
                return 0
            }
            followUp.medianDays = reverseKaplanMeierMedian(times: times, events: events).estimate
        case .observation:
            followUp.medianDays = Summary(days).median
        }
        followUp.medianMonths = followUp.medianDays.map { $0 / CalendarUnits.daysPerMonth }
        followUp.medianWeeks = followUp.medianDays.map { $0 / CalendarUnits.daysPerWeek }
        if let lo = days.min(), let hi = days.max() {
            followUp.rangeMonths = [lo / CalendarUnits.daysPerMonth, hi / CalendarUnits.daysPerMonth]
        }
        return followUp
    }

    /// Time to event in `population`: duration of response (confirmed responders), PFS, OS.
    func timeToEvent(in population: String) -> [ReadoutResult.TimeToEventRow] {
        let members = groups[population] ?? []
        func row(_ name: String, _ items: [(days: Int, event: Bool)]) -> ReadoutResult.TimeToEventRow {
            let km = KaplanMeier(times: items.map { Double($0.days) }, events: items.map(\.event), level: ciLevel)
            let m = km.median
            func months(_ d: Double?) -> Double? { d.map { $0 / CalendarUnits.daysPerMonth } }
            return .init(
                endpoint: name, population: population, n: items.count, events: km.eventCount,
                medianMonths: months(m.estimate), lowerMonths: months(m.lower), upperMonths: months(m.upper))
        }
        let rs = members.map { level.responses[$0] }
        let survival = members.compactMap { i -> (days: Int, event: Bool)? in
            guard let start = level.responses[i].facts.firstDose else { return nil }
            if let d = level.responses[i].facts.death { return (d.dayNumber - start.dayNumber + 1, true) }
            if case .number(let days) = level.value("FUPDAYS", i) { return (Int(days), false) }
            return nil
        }
        return [
            row("Duration of response", rs.compactMap { $0.durationOfResponse.map { ($0.days, $0.event) } }),
            row("Progression-free survival", rs.compactMap { $0.progressionFree.map { ($0.days, $0.event) } }),
            row("Overall survival", survival),
        ]
    }
}

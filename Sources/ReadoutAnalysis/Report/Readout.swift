import Foundation
import ReadoutCore
import ReadoutStatistics
import ReadoutData
import ReadoutResponse

/// Everything a readout states, computed from the data by the spec. Renderers only format it.
public struct ReadoutResult: Sendable, Codable {
    public struct Provenance: Sendable, Codable {
        public var spec: String
        public var specSHA256: String
        public var cutoff: String
        public var engine: String
        public var inputs: [Input]
        public struct Input: Sendable, Codable { public var file: String; public var sha256: String }
    }

    public struct PopulationResult: Sendable, Codable {
        public var name: String
        public var label: String
        public var definition: String
        public var count: Int
        public var parent: String?
        /// Subject identifiers, in DM order.
        public var subjects: [String]
    }

    public struct ResponseRow: Sendable, Codable {
        public var population: String
        public var label: String
        public var n: Int
        public var overall: Proportion
        public var confirmed: Proportion
        /// Confirmed best overall response counts (CR, PR, SD, NON-CR/NON-PD, PD, NE).
        public var confirmedCounts: [String: Int]
        public var diseaseControl: Proportion
        public var clinicalBenefit: Proportion
        public var durableSD: Int
        public var unconfirmed: Int
        public var unconfirmedReasons: [String: Int]
    }

    public struct UnconfirmedResponder: Sendable, Codable {
        public var subject: String
        public var bestResponse: String
        public var firstResponse: String
        public var reason: String
        public var detail: String
    }

    public struct SummaryLine: Sendable, Codable {
        public var label: String
        public var count: Int?
        public var denominator: Int?
        public var percent: Double?
        public var summary: Summary?
    }

    public struct SummaryTableResult: Sendable, Codable {
        public var title: String
        public var population: String
        public var n: Int
        public var lines: [SummaryLine]
    }

    public struct FollowUpResult: Sendable, Codable {
        public var population: String
        public var method: AnalysisSpec.FollowUpMethod
        public var n: Int
        public var medianDays: Double?
        public var medianMonths: Double?
        public var medianWeeks: Double?
        public var rangeMonths: [Double]?
    }

    /// A time-to-event endpoint in one population: Kaplan–Meier median with its interval.
    public struct TimeToEventRow: Sendable, Codable {
        public var endpoint: String
        public var population: String
        public var n: Int
        public var events: Int
        public var medianMonths: Double?
        public var lowerMonths: Double?
        public var upperMonths: Double?
    }

    public var title: String
    public var provenance: Provenance
    public var timeToEvent: [TimeToEventRow] = []
    public var populations: [PopulationResult]
    public var responseRows: [ResponseRow]
    public var unconfirmedResponders: [UnconfirmedResponder]
    public var baseline: SummaryTableResult?
    public var exposure: SummaryTableResult?
    public var followUp: FollowUpResult
    public var narrative: [String]
    public var percentDecimals: Int
    public var ciMethod: ProportionCI
    public var ciLevel: Double
    public var dataProblems: Int
}

/// Runs an analysis spec: reads the study, applies the cut-off, derives responses and the
/// subject-level dataset, evaluates populations and subgroups, and computes every table.
public enum ReadoutRunner {
    public struct Output: Sendable {
        public var result: ReadoutResult
        public var subjectLevel: SubjectLevel
        public var load: StudyLoad
        public var figures: [ReportFigure] = []
    }

    public static func run(specPath: String) throws -> Output {
        let spec = try AnalysisSpec.load(path: specPath)
        let base = URL(fileURLWithPath: specPath).deletingLastPathComponent().path
        let folder = spec.study.hasPrefix("/") ? spec.study : base + "/" + spec.study
        guard let cutoff = CalendarDate(iso: spec.cutoff), spec.cutoff.count == 10 else {
            throw ReadoutError(file: specPath, code: "spec-invalid", "cutoff \"\(spec.cutoff)\" is not a date", variable: "cutoff", value: spec.cutoff, expected: "YYYY-MM-DD")
        }
        let load = try StudyLoader.load(folder: folder, options: StudyLoadOptions(cutoff: cutoff, rules: spec.dataRules))
        if load.problems.hasErrors {
            let first = load.problems.problems.first { $0.severity == .error }!
            throw ReadoutError(file: folder, code: "data-errors",
                               "the study has \(load.problems.count(.error)) data errors (first: \(first.description)); run `readout validate` to list them",
                               expected: "data without errors")
        }
        if let dm = load.study["DM"], let rf = dm.index(of: "RFSTDTC") {
            let dates = load.study.dates
            let anyBefore = (0..<dm.recordCount).contains { dates.start(dm.string($0, rf)).map { $0 <= cutoff } ?? false }
            if !anyBefore {
                throw ReadoutError(file: specPath, code: "cutoff-before-data", "the cut-off \(spec.cutoff) is before every subject's first treatment (RFSTDTC)",
                                   variable: "cutoff", value: spec.cutoff, expected: "a cut-off after the study started")
            }
        }
        let options = spec.responseOptions
        let engine = ResponseEngine(options: options)
        let responses = spec.responses?.source == .computed ? engine.runOnComputedResponses(load.study).0 : engine.run(load.study)
        let level = SubjectLevel(study: load.study, responses: responses, evaluator: options.evaluator)
        let schema = level.schema
        let ciMethod = spec.ci?.method ?? .clopperPearson
        let ciLevel = spec.ci?.level ?? 0.95

        /// Parses and checks a spec expression; a problem names the spec, the item and the position.
        func compile(_ expression: String, what: String) throws -> Expression {
            do {
                let tree = try ExpressionParser.parse(expression)
                try ExpressionFunctions.check(tree, text: expression, schema: schema)
                return tree
            } catch let e as ExpressionError {
                throw ReadoutError(file: specPath, code: "spec-expression", "\(what): \(e.description)", value: expression, expected: "an expression of docs/analysis-spec.md")
            }
        }
        func members(_ expression: String, what: String, among: [Int]? = nil) throws -> [Int] {
            let tree = try compile(expression, what: what)
            return (among ?? Array(0..<level.count)).filter { ExpressionFunctions.evaluate(tree, in: level.context($0)).isTrue }
        }
        func valueOf(_ expression: String, what: String, among: [Int]) throws -> [Double] {
            let tree = try compile(expression, what: what)
            return among.compactMap { if case .number(let d) = ExpressionFunctions.evaluate(tree, in: level.context($0)) { return d }; return nil }
        }

        // Populations, then subgroups of them.
        var groups: [String: [Int]] = [:]
        var populations: [ReadoutResult.PopulationResult] = []
        for p in spec.allPopulations {
            let m = try members(p.where, what: "population \(p.name)")
            groups[p.name] = m
            populations.append(.init(name: p.name, label: p.label ?? p.name, definition: p.where, count: m.count, parent: nil, subjects: m.map { level.subjects[$0] }))
        }
        for s in spec.subgroups ?? [] {
            guard let parent = groups[s.population] else {
                throw ReadoutError(file: specPath, code: "spec-invalid", "subgroup \(s.name) takes population \"\(s.population)\", which the spec does not define",
                                   value: s.population, expected: "one of " + groups.keys.sorted().joined(separator: ", "))
            }
            let m = try members(s.where, what: "subgroup \(s.name)", among: parent)
            groups[s.name] = m
            populations.append(.init(name: s.name, label: s.label ?? s.name, definition: s.where, count: m.count, parent: s.population, subjects: m.map { level.subjects[$0] }))
        }
        for p in populations where p.count == 0 && (spec.responseTables ?? []).contains(p.name) {
            throw ReadoutError(file: specPath, code: "empty-population", "population \(p.name) (\(p.definition)) has no subjects", value: p.definition,
                               expected: "a definition some subjects meet")
        }
        // Response tables.
        var rows: [ReadoutResult.ResponseRow] = []
        for name in spec.responseTables ?? ["evaluable"] {
            guard let m = groups[name], let p = populations.first(where: { $0.name == name }) else {
                throw ReadoutError(file: specPath, code: "spec-invalid", "response_tables names \"\(name)\", which is no population or subgroup", value: name,
                                   expected: "one of " + groups.keys.sorted().joined(separator: ", "))
            }
            let rs = m.map { level.responses[$0] }
            var counts: [String: Int] = [:]
            for r in rs { counts[r.confirmedResponse.code, default: 0] += 1 }
            var reasons: [String: Int] = [:]
            for r in rs { if let u = r.unconfirmedReason { reasons[u.rawValue, default: 0] += 1 } }
            func prop(_ k: Int) -> Proportion { Proportion(count: k, total: rs.count, method: ciMethod, level: ciLevel) }
            rows.append(.init(population: name, label: p.label, n: rs.count,
                              overall: prop(rs.filter(\.isResponder).count), confirmed: prop(rs.filter(\.isConfirmedResponder).count),
                              confirmedCounts: counts, diseaseControl: prop(rs.filter(\.diseaseControl).count),
                              clinicalBenefit: prop(rs.filter(\.clinicalBenefit).count), durableSD: rs.filter(\.durableStable).count,
                              unconfirmed: rs.filter { $0.unconfirmedReason != nil }.count, unconfirmedReasons: reasons))
        }
        let primary = spec.narrative?.primary ?? rows.first?.population ?? "evaluable"
        let unconfirmed = (groups[primary] ?? []).map { level.responses[$0] }.filter { $0.unconfirmedReason != nil }.map {
            ReadoutResult.UnconfirmedResponder(subject: $0.subject, bestResponse: $0.bestResponse.code, firstResponse: $0.firstResponse?.iso ?? "",
                                               reason: $0.unconfirmedReason!.rawValue, detail: $0.confirmedResponseDetail)
        }
        // Summary tables.
        func summaryTable(_ t: AnalysisSpec.SummaryTable?, title: String) throws -> ReadoutResult.SummaryTableResult? {
            guard let t else { return nil }
            guard let m = groups[t.population] else {
                throw ReadoutError(file: specPath, code: "spec-invalid", "\(title) table takes population \"\(t.population)\", which the spec does not define", value: t.population,
                                   expected: "one of " + groups.keys.sorted().joined(separator: ", "))
            }
            var lines: [ReadoutResult.SummaryLine] = []
            for row in t.rows {
                let among = try row.among.map { try members($0, what: "\(title): \(row.label) (among)", among: m) } ?? m
                if let w = row.where {
                    let k = try members(w, what: "\(title): \(row.label)", among: among).count
                    lines.append(.init(label: row.label, count: k, denominator: among.count, percent: among.isEmpty ? nil : Double(k) / Double(among.count) * 100))
                } else if let v = row.value {
                    let values = try valueOf(v, what: "\(title): \(row.label)", among: among)
                    lines.append(.init(label: row.label, count: values.count, denominator: among.count, summary: Summary(values)))
                }
            }
            return .init(title: title, population: t.population, n: m.count, lines: lines)
        }
        let baseline = try summaryTable(spec.baseline, title: "Baseline characteristics")
        let exposure = try summaryTable(spec.exposure, title: "Exposure and disposition")
        // Follow-up.
        let fuPopulation = spec.followUp?.population ?? "enrolled"
        let fuMembers = groups[fuPopulation] ?? []
        let fuDays = fuMembers.compactMap { i -> Double? in if case .number(let d) = level.value("FUPDAYS", i) { return d }; return nil }
        var followUp = ReadoutResult.FollowUpResult(population: fuPopulation, method: spec.followUp?.method ?? .observation, n: fuDays.count)
        if followUp.method == .reverseKM {
            let events = fuMembers.map { level.responses[$0].facts.death != nil }
            let times = fuMembers.map { i -> Double in if case .number(let d) = level.value("FUPDAYS", i) { return d }; return 0 }
            followUp.medianDays = reverseKaplanMeierMedian(times: times, events: events).estimate
        } else {
            followUp.medianDays = Summary(fuDays).median
        }
        followUp.medianMonths = followUp.medianDays.map { $0 / CalendarUnits.daysPerMonth }
        followUp.medianWeeks = followUp.medianDays.map { $0 / 7 }
        if let lo = fuDays.min(), let hi = fuDays.max() { followUp.rangeMonths = [lo / CalendarUnits.daysPerMonth, hi / CalendarUnits.daysPerMonth] }
        // Provenance.
        // Digests of every input file, two files at a time.
        let files = load.summaries.map(\.file).sorted()
        let digests = ParallelSlots<String>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { k in digests.set(k, (try? SHA256.file(files[k])) ?? "unreadable") }
        let inputs = files.enumerated().map { k, f in ReadoutResult.Provenance.Input(file: URL(fileURLWithPath: f).lastPathComponent, sha256: digests.get(k) ?? "unreadable") }
        let provenance = ReadoutResult.Provenance(spec: URL(fileURLWithPath: specPath).lastPathComponent, specSHA256: try SHA256.file(specPath),
                                                  cutoff: cutoff.iso, engine: "Readout " + ReadoutVersion.string, inputs: inputs)
        var result = ReadoutResult(title: spec.title, provenance: provenance, populations: populations, responseRows: rows,
                                   unconfirmedResponders: unconfirmed, baseline: baseline, exposure: exposure, followUp: followUp,
                                   narrative: [], percentDecimals: spec.rounding?.percentDecimals ?? 1, ciMethod: ciMethod, ciLevel: ciLevel,
                                   dataProblems: load.problems.count(.warning))
        // Time to event in the primary population: DoR (confirmed responders), PFS, OS.
        let primaryMembers = groups[primary] ?? []
        func tteRow(_ name: String, _ items: [(days: Int, event: Bool)]) -> ReadoutResult.TimeToEventRow {
            let km = KaplanMeier(times: items.map { Double($0.days) }, events: items.map(\.event), level: ciLevel)
            let m = km.median
            func months(_ d: Double?) -> Double? { d.map { $0 / CalendarUnits.daysPerMonth } }
            return .init(endpoint: name, population: primary, n: items.count, events: km.eventCount,
                         medianMonths: months(m.estimate), lowerMonths: months(m.lower), upperMonths: months(m.upper))
        }
        let pr = primaryMembers.map { level.responses[$0] }
        result.timeToEvent.append(tteRow("Duration of response", pr.compactMap { $0.durationOfResponse.map { ($0.days, $0.event) } }))
        result.timeToEvent.append(tteRow("Progression-free survival", pr.compactMap { $0.progressionFree.map { ($0.days, $0.event) } }))
        result.timeToEvent.append(tteRow("Overall survival", primaryMembers.compactMap { i -> (Int, Bool)? in
            guard let start = level.responses[i].facts.firstDose else { return nil }
            if let d = level.responses[i].facts.death { return (d.dayNumber - start.dayNumber + 1, true) }
            if case .number(let days) = level.value("FUPDAYS", i) { return (Int(days), false) }
            return nil
        }))
        result.narrative = Narrative.sentences(result, primary: primary)
        let figures = ReportFigures.make(result: result, level: level, study: load.study, primaryMembers: primaryMembers, cutoff: cutoff)
        return Output(result: result, subjectLevel: level, load: load, figures: figures)
    }
}

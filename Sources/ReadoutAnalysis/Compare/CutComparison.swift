import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse

/// Two data cuts of one study compared (docs/compare.md): subjects added and removed, best
/// responses that changed (with both explanations), responses confirmed since the first cut,
/// records dated on or before the first cut-off that changed, disappeared or appeared in the
/// second extract ("data changed behind the cut"), and, with a spec, every figure of the readout
/// side by side. The entry point of `readout compare`; renderers only format it.
public struct CutComparison: Sendable {
    /// One data cut: a study folder read at its cut-off.
    public struct Cut: Sendable {
        public var folder: String
        public var cutoff: CalendarDate
        /// A cut of the study in `folder` at `cutoff`.
        public init(folder: String, cutoff: CalendarDate) {
            self.folder = folder
            self.cutoff = cutoff
        }
    }

    /// A subject's best overall response (BOR) or confirmed best overall response (CBOR) in each cut.
    public struct ResponseChange: Sendable {
        public var subject: String
        public var parameter: String
        public var first: Response
        public var second: Response
        var firstReason: ResponseReason
        var secondReason: ResponseReason
        /// The criteria both cuts were derived by, which word the explanations.
        public var criteria: ResponseCriteriaKind = .recist11
        public var firstExplanation: String { firstReason.text(in: criteria) }
        public var secondExplanation: String { secondReason.text(in: criteria) }
    }

    /// A responder whose response was not confirmed at the first cut and is at the second.
    public struct NewConfirmation: Sendable {
        public var subject: String
        public var firstCBOR: Response
        public var secondCBOR: Response
        public var confirmation: CalendarDate?
        public var explanation: String
        public var criteria: ResponseCriteriaKind = .recist11
    }

    /// A record dated on or before the first cut-off that is not the same in both extracts.
    public struct RecordChange: Sendable {
        public enum Kind: String, Sendable { case changed, disappeared, appeared }
        public var domain: String
        /// USUBJID and the sequence number (`--SEQ`) that identify the record.
        public var key: String
        public var kind: Kind
        /// The variables whose values differ: name, value in the first extract, value in the second.
        public var differences: [(variable: String, first: String, second: String)]
        /// Where the record is in each extract's file.
        public var firstLocation: String?
        public var secondLocation: String?
    }

    /// One figure of the readout (an ARD statistic) in both cuts.
    public struct FigureChange: Sendable {
        public var table: String
        public var population: String
        public var row: String
        public var column: String
        public var first: ARDRow?
        public var second: ARDRow?
        /// Second minus first, where both are single numbers (not intervals or ranges).
        public var change: Double? {
            guard let a = first?.value, let b = second?.value, first?.upperValue == nil, second?.upperValue == nil
            else { return nil }
            return b - a
        }
    }

    public var first: Cut
    public var second: Cut
    public var firstSubjects: Int
    public var secondSubjects: Int
    public var subjectsAdded: [String]
    public var subjectsRemoved: [String]
    public var responseChanges: [ResponseChange]
    public var newlyConfirmed: [NewConfirmation]
    public var behindTheCut: [RecordChange]
    /// Records compared behind the cut, and those without a date (compared as well).
    public var recordsCompared: Int
    /// With a spec: every figure of the readout in both cuts, in the first cut's order.
    public var figures: [FigureChange]?
    public var specPath: String?

    /// Compares two cuts under the response rules `options` and the data rules `rules`; with a
    /// spec, runs it on both cuts (its study and cut-off replaced by each cut's) and pairs the figures.
    public static func run(
        first: Cut, second: Cut, rules: DataRules = DataRules(), options: ResponseOptions = ResponseOptions(),
        spec: (spec: AnalysisSpec, path: String)? = nil
    ) throws -> CutComparison {
        guard first.cutoff <= second.cutoff else {
            throw ReadoutError(
                file: nil, code: "cuts-out-of-order",
                "the first cut (\(first.cutoff)) is after the second (\(second.cutoff))",
                value: first.cutoff.iso, expected: "the earlier cut first")
        }
        let dataRules = spec?.spec.dataRules ?? rules
        let responseOptions = spec?.spec.responseOptions ?? options
        func load(_ folder: String, _ cutoff: CalendarDate) throws -> StudyLoad {
            try StudyLoader.load(folder: folder, options: StudyLoadOptions(cutoff: cutoff, rules: dataRules))
        }
        let a = try load(first.folder, first.cutoff)
        let b = try load(second.folder, second.cutoff)
        // The second extract as it stands at the first cut-off: what the first extract should still be.
        let behind = try load(second.folder, first.cutoff)
        let engine = ResponseEngine(options: responseOptions)
        let ra = engine.run(a.study).subjects
        let rb = engine.run(b.study).subjects
        let idsA = ra.map(\.subject)
        let idsB = rb.map(\.subject)
        let setA = Set(idsA)
        let setB = Set(idsB)
        let byB = Dictionary(rb.map { ($0.subject, $0) }, uniquingKeysWith: { x, _ in x })
        var changes: [ResponseChange] = []
        var confirmed: [NewConfirmation] = []
        for x in ra {
            guard let y = byB[x.subject] else { continue }
            if x.bestResponse != y.bestResponse {
                changes.append(
                    ResponseChange(
                        subject: x.subject, parameter: "BOR", first: x.bestResponse, second: y.bestResponse,
                        firstReason: x.bestReason, secondReason: y.bestReason, criteria: responseOptions.criteria))
            }
            if x.confirmedResponse != y.confirmedResponse {
                changes.append(
                    ResponseChange(
                        subject: x.subject, parameter: "CBOR", first: x.confirmedResponse,
                        second: y.confirmedResponse, firstReason: x.confirmedReason, secondReason: y.confirmedReason,
                        criteria: responseOptions.criteria))
            }
            if !x.isConfirmedResponder && y.isConfirmedResponder {
                confirmed.append(
                    NewConfirmation(
                        subject: x.subject, firstCBOR: x.confirmedResponse, secondCBOR: y.confirmedResponse,
                        confirmation: y.confirmation, explanation: y.confirmedResponseDetail,
                        criteria: responseOptions.criteria))
            }
        }
        let (records, compared) = recordChanges(a.study, behind.study)
        var result = CutComparison(
            first: first, second: second, firstSubjects: idsA.count, secondSubjects: idsB.count,
            subjectsAdded: idsB.filter { !setA.contains($0) }, subjectsRemoved: idsA.filter { !setB.contains($0) },
            responseChanges: changes, newlyConfirmed: confirmed, behindTheCut: records, recordsCompared: compared,
            figures: nil, specPath: spec?.path)
        if let spec {
            func readout(_ cut: Cut, _ load: StudyLoad) throws -> [ARDRow] {
                var s = spec.spec
                s.study = URL(fileURLWithPath: cut.folder).standardizedFileURL.path
                s.cutoff = cut.cutoff.iso
                let out = try ReadoutRunner.run(spec: s, specPath: spec.path, load: load)
                return AnalysisResults.rows(out.result)
            }
            result.figures = pair(try readout(first, a), try readout(second, b))
        }
        return result
    }

    /// The figures of two readouts paired by what they are (analysis, population, grouping, column).
    static func pair(_ a: [ARDRow], _ b: [ARDRow]) -> [FigureChange] {
        func key(_ r: ARDRow) -> String {
            [r.analysis, r.population, r.groupingVariable ?? "", r.groupingLevel ?? "", r.column].joined(
                separator: "\u{1}")
        }
        let second = Dictionary(b.map { (key($0), $0) }, uniquingKeysWith: { x, _ in x })
        let firstKeys = Set(a.map(key))
        func change(_ x: ARDRow?, _ y: ARDRow?) -> FigureChange {
            let r = (x ?? y)!
            // The row as a reader names it: the table line's label, or the grouping and its level.
            let row =
                r.groupingVariable == "characteristic" || r.groupingVariable == "PARAMCD"
                ? (r.groupingLevel ?? "") : r.groupingVariable.map { "\($0) \(r.groupingLevel ?? "")" } ?? r.population
            return FigureChange(
                table: r.table, population: r.population, row: row, column: r.column, first: x, second: y)
        }
        return a.map { change($0, second[key($0)]) } + b.filter { !firstKeys.contains(key($0)) }.map { change(nil, $0) }
    }

    /// The records of `first` and of `second` (the second extract at the first cut-off), domain by
    /// domain, matched by USUBJID and --SEQ (DM and subject-level extras by USUBJID; a domain without
    /// a sequence variable by the whole record).
    /// Supplemental qualifiers are compared as the variables of their parent records (where the
    /// loader merged them). A value blank in the first extract and a date after the first cut-off in
    /// the second (an adverse event that ended later) was not known at the first cut: no difference.
    static func recordChanges(_ first: Study, _ second: Study) -> ([RecordChange], Int) {
        var out: [RecordChange] = []
        var compared = 0
        let cutoff = first.cutoff
        let dates = first.dates
        let domains = Set(first.domains).union(second.domains).filter { !$0.hasPrefix("SUPP") }
        for domain in domains.sorted(by: Study.domainOrder) {
            let a = first[domain]
            let b = second[domain]
            let names: [String] = (a?.variables ?? []).map(\.name) + (b?.variables ?? []).map(\.name)
            let variables = Array(Set(names)).sorted()
            let seq = variables.first { $0.hasSuffix("SEQ") && $0.count == domain.count + 3 && $0.hasPrefix(domain) }
            let oneRecordPerSubject = domain == "DM" || domain == "ADSL"
            func keyed(_ ds: Dataset?) -> [String: Int] {
                guard let ds else { return [:] }
                var out: [String: Int] = [:]
                for r in 0..<ds.recordCount {
                    let k: String
                    if let s = seq, ds.has(s) {
                        k =
                            ds.trimmed(r, ds.index(of: "USUBJID") ?? 0) + " " + s + " "
                            + ds.trimmed(r, ds.index(of: s)!)
                    } else if oneRecordPerSubject, let u = ds.index(of: "USUBJID") {
                        k = ds.trimmed(r, u)
                    } else {
                        k = variables.map { v in ds.index(of: v).map { ds.trimmed(r, $0) } ?? "" }.joined(
                            separator: "|")
                    }
                    if out[k] == nil { out[k] = r }
                }
                return out
            }
            let ka = keyed(a)
            let kb = keyed(b)
            compared += ka.count
            func value(_ ds: Dataset?, _ r: Int, _ v: String) -> String {
                guard let ds, let c = ds.index(of: v) else { return "" }
                return ds.trimmed(r, c)
            }
            for (k, ra) in ka.sorted(by: { $0.value < $1.value }) {
                guard let rb = kb[k] else {
                    out.append(
                        RecordChange(
                            domain: domain, key: k, kind: .disappeared, differences: [],
                            firstLocation: a.map { "\($0.source.path), \($0.location(ra))" }, secondLocation: nil))
                    continue
                }
                let differences = variables.compactMap { v -> (String, String, String)? in
                    let x = value(a, ra, v)
                    let y = value(b, rb, v)
                    if x == y { return nil }
                    if x.isEmpty, v.hasSuffix("DTC"), let c = cutoff, let d = dates.start(y), d > c { return nil }
                    return (v, x, y)
                }
                if !differences.isEmpty {
                    out.append(
                        RecordChange(
                            domain: domain, key: k, kind: .changed, differences: differences,
                            firstLocation: a.map { "\($0.source.path), \($0.location(ra))" },
                            secondLocation: b.map { "\($0.source.path), \($0.location(rb))" }))
                }
            }
            for (k, rb) in kb.sorted(by: { $0.value < $1.value }) where ka[k] == nil {
                out.append(
                    RecordChange(
                        domain: domain, key: k, kind: .appeared, differences: [], firstLocation: nil,
                        secondLocation: b.map { "\($0.source.path), \($0.location(rb))" }))
            }
        }
        return (out, compared)
    }
}

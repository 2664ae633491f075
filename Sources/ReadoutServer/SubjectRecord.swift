import ReadoutAnalysis
import ReadoutCore
import ReadoutData
import ReadoutResponse
import ReadoutStore

/// One subject of a run: the records the derivation read (DM, RS, TU, TR, with their row
/// numbers in the cut's files) and the responses derived under the run's spec, each with its
/// explanation. The subject page and `GET /api/v1/runs/{run}/subjects/{subject}` show it.
public struct SubjectRecord: Sendable {
    public struct Records: Sendable {
        public var domain: String
        public var file: String
        public var variables: [String]
        /// Each record's location in its file and its values, in variable order.
        public var rows: [(location: RecordLocation, values: [String])]
    }

    public var subject: String
    public var cut: StoredCut
    public var response: SubjectResponse
    public var records: [Records]

    /// The domains shown, in this order.
    static let domains = ["DM", "RS", "TU", "TR"]

    /// A cut read under a spec's rules, with every subject's responses: what subject pages need,
    /// kept for the next page of the same run (cuts and specs never change).
    final class Source: Sendable {
        let load: StudyLoad
        let responses: [String: SubjectResponse]

        init(folder: String, cut: StoredCut, spec: AnalysisSpec) throws {
            load = try StudyLoader.load(
                folder: folder, options: StudyLoadOptions(cutoff: cut.cutoff, rules: spec.dataRules))
            let derived = ReadoutRunner.responses(spec: spec, study: load.study).subjects
            responses = Dictionary(derived.map { ($0.subject, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    static func make(source: Source, cut: StoredCut, subject: String) throws -> SubjectRecord {
        guard let response = source.responses[subject] else {
            throw ReadoutError(
                file: nil, code: "subject-unknown", "no subject \(subject) in cut \(cut.id)", variable: "USUBJID",
                value: subject)
        }
        var records: [Records] = []
        for name in domains {
            guard let ds = source.load.study[name], let id = ds.index(of: "USUBJID") else { continue }
            let variables = ds.variables.map(\.name)
            var rows: [(location: RecordLocation, values: [String])] = []
            for r in 0..<ds.recordCount where ds.string(r, id) == subject {
                rows.append((ds.location(r), (0..<variables.count).map { ds.string(r, $0) }))
            }
            let file = ds.source.path.split(separator: "/").last.map(String.init) ?? ds.source.path
            records.append(Records(domain: name, file: file, variables: variables, rows: rows))
        }
        return SubjectRecord(subject: subject, cut: cut, response: response, records: records)
    }

    /// The subject document of the results contract (subject.schema.json).
    public func contract(run: StoredRun) -> String {
        var o = ResultsContract.envelope("subject")
        o.add("run", Int(run.id))
        o.add("cut", Int(cut.id))
        o.add("cutoff", cut.cutoff)
        o.add("USUBJID", subject)
        o.add("responses", response.contract)
        var domains: [JSONObject] = []
        for r in records {
            var d = JSONObject()
            d.add("domain", r.domain)
            d.add("file", r.file)
            d.add("variables", r.variables)
            d.add(
                "records",
                r.rows.map { row -> JSONObject in
                    var x = JSONObject()
                    x.add("location", row.location.description)
                    x.add("values", row.values)
                    return x
                })
            domains.append(d)
        }
        o.add("records", domains)
        return JSONValue.object(o).rendered()
    }
}

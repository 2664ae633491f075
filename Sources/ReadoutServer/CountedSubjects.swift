import ReadoutCore
import ReadoutData
import ReadoutStore

/// The subjects behind one count of a run's tables: the count's row of ard.json, its
/// population's members (readout.json) and the subject-level flags the count is made of
/// (subject-level.csv), all the run's own stored outputs. The number of subjects listed is
/// checked against the count: a difference is an error, never a silently different list.
public struct CountedSubjects: Sendable {
    public var run: Int64
    /// The ard.json row: its id, population, grouping variable and level, and value.
    public var id: String
    public var population: String
    public var groupingVariable: String
    public var groupingLevel: String
    public var count: Int
    public var subjects: [String]

    /// Which subject-level variable and value a grouping counts (docs/results-contract.md, ARD).
    static func rule(_ variable: String, _ level: String) -> (variable: String, matches: (String) -> Bool)? {
        switch (variable, level) {
        case ("RSP", "Y"): return ("RSPFL", { $0 == "Y" })
        case ("CRSP", "Y"): return ("CRSPFL", { $0 == "Y" })
        case ("DCR", "Y"): return ("DCRFL", { $0 == "Y" })
        case ("CBR", "Y"): return ("CBRFL", { $0 == "Y" })
        case ("DURABLESD", "Y"): return ("DURSDFL", { $0 == "Y" })
        case ("UNCONFIRMED", "Y"): return ("UNCONFRS", { !$0.isEmpty })
        case ("UNCONFREAS", let reason): return ("UNCONFRS", { $0 == reason })
        case ("CBOR", let code): return ("CBOR", { $0 == code })
        default: return nil
        }
    }

    /// The ard.json rows that count subjects and can be listed, in ard.json's order.
    static func listable(ard: JSONNode) -> [JSONNode] {
        guard case .array(let rows)? = ard["rows"] else { return [] }
        return rows.filter { r in
            r["operation"]?.stringValue == "count"
                && rule(r["groupingVariable"]?.stringValue ?? "", r["groupingLevel"]?.stringValue ?? "") != nil
        }
    }

    static func make(
        run: Int64, id: String, ard: JSONNode, readout: JSONNode, subjectLevel: [UInt8]
    ) throws
        -> CountedSubjects
    {
        func fail(_ message: String) -> ReadoutError {
            ReadoutError(file: "ard.json", code: "count-unknown", message, variable: "id", value: id)
        }
        guard let row = listable(ard: ard).first(where: { $0["id"]?.stringValue == id }),
            let population = row["population"]?.stringValue,
            let variable = row["groupingVariable"]?.stringValue, let level = row["groupingLevel"]?.stringValue,
            case .number(let value)? = row["value"], let rule = rule(variable, level)
        else { throw fail("run \(run) has no count \(id) whose subjects can be listed") }
        guard case .array(let populations)? = readout["populations"],
            let members = populations.first(where: { $0["name"]?.stringValue == population })?["USUBJID"],
            case .array(let ids) = members
        else { throw fail("the population \(population) of \(id) is not in readout.json") }
        var problems = ProblemLog()
        let ds = try CSVReader.read(
            bytes: subjectLevel, path: "subject-level.csv", name: "SUBJECTS",
            options: CSVOptions(keep: ["USUBJID", rule.variable]), problems: &problems)
        guard let idColumn = ds.index(of: "USUBJID"), let column = ds.index(of: rule.variable) else {
            throw fail("subject-level.csv lacks \(rule.variable)")
        }
        var flagged: Set<String> = []
        for r in 0..<ds.recordCount where rule.matches(ds.string(r, column)) { flagged.insert(ds.string(r, idColumn)) }
        let subjects = ids.compactMap(\.stringValue).filter { flagged.contains($0) }
        guard subjects.count == Int(value) else {
            throw ReadoutError(
                file: "ard.json", code: "count-mismatch",
                "\(id) counts \(Int(value)) subjects but \(subjects.count) are flagged by \(rule.variable)",
                variable: rule.variable, value: String(subjects.count), expected: String(Int(value)))
        }
        return CountedSubjects(
            run: run, id: id, population: population, groupingVariable: variable, groupingLevel: level,
            count: Int(value), subjects: subjects)
    }

    /// The counted document of the results contract (counted.schema.json).
    public func contract() -> String {
        var o = ResultsContract.envelope("counted")
        o.add("run", Int(run))
        o.add("id", id)
        o.add("population", population)
        o.add("groupingVariable", groupingVariable)
        o.add("groupingLevel", groupingLevel)
        o.add("value", count)
        o.add("USUBJID", subjects)
        return JSONValue.object(o).rendered()
    }
}

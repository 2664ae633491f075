import ReadoutCore
import ReadoutResponse
import ReadoutStatistics

// The readout document of the results contract (readout.json; readout.schema.json), and the
// analysis results data (ard.json, ard.csv) and reporting event (reporting-event.json) beside it.

extension Proportion {
    /// `{"count", "N", "percent", "lower", "upper", "text", "intervalText"}`, percentages in percent.
    func contract(decimals: Int) -> JSONObject {
        var o = JSONObject()
        o.add("count", count)
        o.add("N", total)
        o.add("percent", total == 0 ? nil : estimate * 100)
        o.add("lower", total == 0 ? nil : lower * 100)
        o.add("upper", total == 0 ? nil : upper * 100)
        o.add("text", ReadoutFormat.percent(self, decimals: decimals))
        o.add("intervalText", ReadoutFormat.interval(self, decimals: decimals))
        return o
    }
}

extension Summary {
    var contract: JSONObject {
        var o = JSONObject()
        o.add("n", n)
        o.add("mean", mean)
        o.add("sd", standardDeviation)
        o.add("median", median)
        o.add("q1", firstQuartile)
        o.add("q3", thirdQuartile)
        o.add("min", minimum)
        o.add("max", maximum)
        return o
    }
}

extension ReadoutResult.SummaryTableResult {
    var contract: JSONObject {
        var o = JSONObject()
        o.add("title", title)
        o.add("population", population)
        o.add("N", n)
        o.add(
            "lines",
            lines.map { l in
                var x = JSONObject()
                x.add("label", l.label)
                x.add("n", l.count)
                x.add("denominator", l.denominator)
                x.add("percent", l.percent)
                x.add("summary", l.summary?.contract)
                return x
            })
        return o
    }
}

extension ReadoutResult {
    /// The readout document: provenance, settings, populations and every computed result.
    public func contract() -> String {
        let d = percentDecimals
        var o = ResultsContract.envelope("readout")
        o.add("title", title)
        var p = JSONObject()
        p.add("spec", provenance.spec)
        p.add("specSHA256", provenance.specSHA256)
        p.add("cutoff", provenance.cutoff)
        p.add(
            "inputs",
            provenance.inputs.map { i in
                var x = JSONObject()
                x.add("file", i.file)
                x.add("sha256", i.sha256)
                return x
            })
        o.add("provenance", p)
        var settings = JSONObject()
        settings.add("percentDecimals", d)
        settings.add("ciMethod", ciMethod.rawValue)
        settings.add("ciLevel", ciLevel)
        o.add("settings", settings)
        o.add(
            "populations",
            populations.map { x in
                var y = JSONObject()
                y.add("name", x.name)
                y.add("label", x.label)
                y.add("definition", x.definition)
                y.add("parent", x.parent)
                y.add("N", x.count)
                y.add("USUBJID", x.subjects)
                return y
            })
        o.add(
            "response",
            responseRows.map { row in
                var y = JSONObject()
                y.add("population", row.population)
                y.add("label", row.label)
                y.add("N", row.n)
                y.add("responders", row.overall.contract(decimals: d))
                y.add("confirmedResponders", row.confirmed.contract(decimals: d))
                y.add(
                    "confirmedBOR",
                    (criteria.categories + (row.confirmedCounts["MISSING"] == nil ? [] : ["MISSING"])).map { c in
                        var z = JSONObject()
                        z.add("AVALC", c)
                        z.add("count", row.confirmedCounts[c] ?? 0)
                        return z
                    })
                y.add("diseaseControl", row.diseaseControl.contract(decimals: d))
                y.add("clinicalBenefit", row.clinicalBenefit.contract(decimals: d))
                y.add("durableSD", row.durableSD)
                y.add("unconfirmed", row.unconfirmed)
                y.add(
                    "unconfirmedReasons",
                    row.unconfirmedReasons.sorted { $0.key < $1.key }.map { reason, n in
                        var z = JSONObject()
                        z.add("reason", reason)
                        z.add("count", n)
                        return z
                    })
                return y
            })
        o.add(
            "unconfirmedResponders",
            unconfirmedResponders.map { u in
                var y = JSONObject()
                y.add("USUBJID", u.subject)
                y.add("BOR", u.bestResponse)
                y.add("firstResponseDate", u.firstResponse.isEmpty ? nil : u.firstResponse)
                y.add("reason", u.reason)
                y.add("explanation", u.detail)
                return y
            })
        o.add("baseline", baseline?.contract)
        o.add("exposure", exposure?.contract)
        var f = JSONObject()
        f.add("population", followUp.population)
        f.add("method", followUp.method.rawValue)
        f.add("n", followUp.n)
        f.add("medianDays", followUp.medianDays)
        f.add("medianMonths", followUp.medianMonths)
        f.add("medianWeeks", followUp.medianWeeks)
        f.add("minMonths", followUp.rangeMonths?[0])
        f.add("maxMonths", followUp.rangeMonths?[1])
        o.add("followUp", f)
        o.add(
            "timeToEvent",
            timeToEvent.map { t in
                var y = JSONObject()
                y.add("PARAMCD", t.paramcd)
                y.add("endpoint", t.endpoint)
                y.add("population", t.population)
                y.add("n", t.n)
                y.add("events", t.events)
                y.add("medianMonths", t.medianMonths)
                y.add("lowerMonths", t.lowerMonths)
                y.add("upperMonths", t.upperMonths)
                return y
            })
        o.add("narrative", narrative)
        o.add("dataWarnings", dataProblems)
        return JSONValue.object(o).rendered()
    }
}

extension AnalysisResults {
    /// Every statistic of the readout's tables, in table, row and column order, then every figure
    /// of the narrative, sentence by sentence (table `narrative`).
    public static func rows(_ r: ReadoutResult) -> [ARDRow] {
        tables(r).flatMap(\.ard) + Narrative.build(r, primary: r.primaryPopulation).ard
    }

    static let ardColumns = [
        "id", "analysis", "population", "parentPopulation", "groupingVariable", "groupingLevel", "method", "operation",
        "value", "upperValue", "unit", "formatted", "table", "row", "column",
    ]

    static func fields(_ a: ARDRow) -> [(String, JSONValue)] {
        func text(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        func number(_ v: Double?) -> JSONValue { v.map(JSONValue.number) ?? .null }
        return [
            ("id", .string(a.id)), ("analysis", .string(a.analysis)), ("population", .string(a.population)),
            ("parentPopulation", text(a.parentPopulation)), ("groupingVariable", text(a.groupingVariable)),
            ("groupingLevel", text(a.groupingLevel)), ("method", .string(a.method)),
            ("operation", .string(a.operation)), ("value", number(a.value)), ("upperValue", number(a.upperValue)),
            ("unit", text(a.unit)), ("formatted", .string(a.formatted)), ("table", .string(a.table)),
            ("row", .integer(a.row)), ("column", .string(a.column)),
        ]
    }

    /// ard.json: the envelope, the provenance, then one object per statistic.
    public static func ardJSON(_ r: ReadoutResult) -> String {
        var o = ResultsContract.envelope("ard")
        o.add("title", r.title)
        o.add("spec", r.provenance.spec)
        o.add("cutoff", r.provenance.cutoff)
        o.add(
            "rows",
            rows(r).map { a in
                var x = JSONObject()
                for (k, v) in fields(a) { x.add(k, v) }
                return x
            })
        return JSONValue.object(o).rendered()
    }

    /// ard.csv: the same rows, values unrounded (shortest round-trip text), blanks for none.
    public static func ardCSV(_ r: ReadoutResult) -> String {
        var t = Table(name: "ard", header: ardColumns)
        for a in rows(r) {
            t.add(
                fields(a).map { _, v in
                    switch v {
                    case .string(let s): return s
                    case .integer(let i): return String(i)
                    case .number(let d): return NumberFormat.shortest(d)
                    default: return ""
                    }
                })
        }
        return t.csv()
    }

    /// reporting-event.json: in the terms of the CDISC Analysis Results Standard, which analyses
    /// (each with its analysis set or data subset, grouping and methods) produced which outputs,
    /// and the ARD rows each analysis gave.
    public static func reportingEvent(_ r: ReadoutResult) -> String {
        let all = tables(r)
        var o = ResultsContract.envelope("reporting-event")
        var event = JSONObject()
        event.add("id", "RE")
        event.add("name", r.title)
        event.add("cutoff", r.provenance.cutoff)
        event.add("spec", r.provenance.spec)
        o.add("reportingEvent", event)
        func setID(_ name: String) -> String {
            r.populations.first { $0.name == name }?.parent == nil ? "AS_" + name : "DS_" + name
        }
        o.add(
            "analysisSets",
            r.populations.filter { $0.parent == nil }.map { p in
                var x = JSONObject()
                x.add("id", "AS_" + p.name)
                x.add("name", p.label)
                x.add("condition", p.definition)
                x.add("N", p.count)
                return x
            })
        o.add(
            "dataSubsets",
            r.populations.filter { $0.parent != nil }.map { p in
                var x = JSONObject()
                x.add("id", "DS_" + p.name)
                x.add("name", p.label)
                x.add("condition", p.definition)
                x.add("analysisSetId", "AS_" + p.parent!)
                x.add("N", p.count)
                return x
            })
        let ard = rows(r)
        var groupings: [String: [String]] = [:]
        var groupingOrder: [String] = []
        var methods: [String: [String]] = [:]
        var methodOrder: [String] = []
        for a in ard {
            if let g = a.groupingVariable {
                if groupings[g] == nil { groupingOrder.append(g) }
                if let l = a.groupingLevel, !(groupings[g]?.contains(l) ?? false) {
                    groupings[g, default: []].append(l)
                }
            }
            if methods[a.method] == nil { methodOrder.append(a.method) }
            if !(methods[a.method]?.contains(a.operation) ?? false) {
                methods[a.method, default: []].append(a.operation)
            }
        }
        o.add(
            "groupingFactors",
            groupingOrder.map { g in
                var x = JSONObject()
                x.add("id", "GF_" + g)
                x.add("groupingVariable", g)
                x.add("groups", groupings[g] ?? [])
                return x
            })
        o.add(
            "methods",
            methodOrder.map { m in
                var x = JSONObject()
                x.add("id", "MTH_" + m)
                x.add("name", m)
                x.add("operations", methods[m] ?? [])
                return x
            })
        var analyses: [JSONObject] = []
        var seen: Set<String> = []
        for a in ard where !seen.contains(a.analysis + "|" + a.population) {
            seen.insert(a.analysis + "|" + a.population)
            let mine = ard.filter { $0.analysis == a.analysis && $0.population == a.population }
            var x = JSONObject()
            x.add("id", "AN_\(a.analysis)_\(a.population)")
            x.add("analysis", a.analysis)
            let isSubset = setID(a.population).hasPrefix("DS_")
            x.add("analysisSetId", isSubset ? "AS_" + (a.parentPopulation ?? "") : setID(a.population))
            x.add("dataSubsetId", isSubset ? setID(a.population) : nil)
            var gs: [String] = []
            var ms: [String] = []
            var outs: [String] = []
            for m in mine {
                if let g = m.groupingVariable, !gs.contains("GF_" + g) { gs.append("GF_" + g) }
                if !ms.contains("MTH_" + m.method) { ms.append("MTH_" + m.method) }
                if !outs.contains("OUT_" + m.table) { outs.append("OUT_" + m.table) }
            }
            x.add("groupingFactorIds", gs)
            x.add("methodIds", ms)
            x.add("outputIds", outs)
            x.add("resultIds", mine.map(\.id))
            analyses.append(x)
        }
        o.add("analyses", analyses)
        var outputs = all.map { t in
            var x = JSONObject()
            x.add("id", "OUT_" + t.name)
            x.add("name", ReportWriter.titles[t.name] ?? t.name)
            x.add("files", [t.name + ".csv", "readout.md", "readout.html"] + ReportWriter.documentFiles(t.name))
            return x
        }
        var narrative = JSONObject()
        narrative.add("id", "OUT_narrative")
        narrative.add("name", "Narrative")
        narrative.add("files", ["narrative.txt", "readout.md", "readout.html"])
        outputs.append(narrative)
        o.add("outputs", outputs)
        return JSONValue.object(o).rendered()
    }
}

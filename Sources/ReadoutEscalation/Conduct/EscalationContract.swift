import ReadoutCore

// The escalate document of the results contract (docs/results-contract.md, escalate.schema.json):
// a conduct from data, a decision table, or one decision.

extension Decision {
    /// The decision by its stable code.
    public var contractCode: String {
        switch self {
        case .escalate: return "escalate"
        case .stay: return "stay"
        case .deEscalate: return "de-escalate"
        case .eliminate: return "eliminate"
        case .stop: return "stop"
        case .expand: return "expand"
        }
    }

    /// `{"code", "text"}`.
    public var contract: JSONObject {
        var o = JSONObject()
        o.add("code", contractCode)
        o.add("text", words)
        return o
    }
}

extension MTDSelection {
    /// The selected level (1-based), the estimates by level and why.
    func contract(doses: [Double]) -> JSONObject {
        var o = JSONObject()
        o.add("level", dose.map { $0 + 1 })
        o.add("dose", dose.flatMap { $0 < doses.count ? doses[$0] : nil })
        o.add("estimates", estimates.map { $0.map(JSONValue.number) ?? .null })
        o.add("reason", reason)
        return o
    }
}

extension EscalationContract {
    static func envelope(_ mode: String, design: String) -> JSONObject {
        var o = ResultsContract.envelope("escalate")
        o.add("mode", mode)
        o.add("design", design)
        return o
    }
}

/// Builds the escalate documents.
public enum EscalationContract {
    /// An escalation conducted from a study's data.
    public static func conduct(_ r: EscalationConduct.Result) -> String {
        var o = envelope("conduct", design: r.design)
        o.add("asOf", r.asOf)
        o.add("doseUnit", r.doseUnit)
        o.add("doses", r.doses)
        o.add(
            "cohorts",
            r.cohorts.map { c in
                var x = JSONObject()
                x.add("cohort", c.number)
                x.add("level", c.doseLevel)
                x.add("dose", c.dose)
                x.add("USUBJID", c.subjects)
                x.add("evaluable", c.evaluable)
                x.add("dlts", c.dlts)
                x.add("firstDoseDate", c.firstDose)
                x.add("decision", c.decision.contract)
                var d: JSONObject? = nil
                if let dep = c.departure {
                    var y = JSONObject()
                    y.add("dlts", dep.dlts)
                    y.add("evaluable", dep.evaluable)
                    y.add("fromDose", dep.fromDose)
                    y.add("toDose", dep.toDose)
                    y.add("did", dep.did.contract)
                    y.add("designSaid", dep.said.contract)
                    y.add("text", dep.words(unit: r.doseUnit))
                    d = y
                }
                x.add("departure", d)
                return x
            })
        o.add(
            "byDose",
            r.rows.map { row in
                var x = JSONObject()
                x.add("level", row.level)
                x.add("dose", row.dose)
                x.add("treated", row.treated)
                x.add("evaluable", row.evaluable)
                x.add("dlts", row.dlts)
                x.add("confirmedPR", row.confirmedPR)
                x.add("unconfirmedPR", row.unconfirmedPR)
                x.add("CR", row.cr)
                x.add("durableSD", row.durableSD)
                x.add("expansion", row.expansion)
                return x
            })
        o.add("mtd", r.mtd.contract(doses: r.doses))
        o.add("finalDecision", r.finalDecision?.contract)
        o.add(
            "expansionArms",
            r.expansionArms.sorted { $0.key < $1.key }.map { arm, n in
                var x = JSONObject()
                x.add("arm", arm)
                x.add("subjects", n)
                return x
            })
        o.add(
            "pending",
            r.pending.map { p in
                var x = JSONObject()
                x.add("USUBJID", p.subject)
                x.add("level", p.doseLevel)
                x.add("daysObserved", p.daysObserved)
                return x
            })
        var now: JSONObject? = nil
        if let d = r.decisionWithPending {
            var x = JSONObject()
            switch d {
            case .suspend: x.add("action", "suspend")
            case .decide(let decision): x.add("action", decision.contractCode)
            case .wait: x.add("action", "wait")
            }
            x.add("text", d.words)
            now = x
        }
        o.add("decisionWithPending", now)
        o.add("dosingIntervalDays", r.dosingIntervalDays)
        return JSONValue.object(o).rendered()
    }

    /// A design's decision table: for each number treated, the decision for each DLT count.
    public static func table(_ t: DecisionTable) -> String {
        var o = envelope("decision-table", design: t.design)
        o.add(
            "parameters",
            t.parameters.map { p in
                var x = JSONObject()
                x.add("name", p[0])
                x.add("value", p.count > 1 ? p[1] : "")
                return x
            })
        o.add(
            "rows",
            t.rows.map { row in
                var x = JSONObject()
                x.add("treated", row.treated)
                x.add(
                    "decisions",
                    row.decisions.enumerated().map { y, d in
                        var z = JSONObject()
                        z.add("dlts", y)
                        z.add("decision", d.contractCode)
                        return z
                    })
                return x
            })
        return JSONValue.object(o).rendered()
    }

    /// The decision for given data at the current level, and the MTD if the trial ended now.
    public static func decision(
        design: any EscalationDesign, data: DoseData, current: Int
    ) -> String {
        var o = envelope("decision", design: design.name)
        o.add("treated", data.treated)
        o.add("dlts", data.dlts)
        o.add("currentLevel", current + 1)
        o.add("decision", design.decide(current: current, data: data).contract)
        o.add("mtdIfEndedNow", design.selectMTD(data: data).contract(doses: []))
        return JSONValue.object(o).rendered()
    }
}

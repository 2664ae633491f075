import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse

/// Runs a BOIN12 trial from its data (docs/optimal-dose.md, "Conduct from data"): cohorts and
/// toxicities as the escalation conduct reads them (EX, the DLT flag and window), efficacy from the
/// response engine's best overall response — the same derivation as the phase II tables — and after
/// each cohort what BOIN12 decides, where the trial departed from it, and the OBD.
public enum OptimalDoseConduct {
    /// Which response counts as efficacy.
    public enum Efficacy: String, Sendable, CaseIterable, Codable {
        /// A confirmed CR or PR (the response engine's confirmed best overall response).
        case confirmed
        /// A CR or PR as best overall response, confirmed or not.
        case best
    }

    public struct Cohort: Sendable {
        public var number: Int
        /// From 1.
        public var doseLevel: Int
        public var dose: Double
        public var subjects: [String]
        public var firstDose: String
        /// Patients evaluable for toxicity (a DLT, or followed through the window), and among them
        /// those with a toxicity, a response, both.
        public var evaluable: Int
        public var toxicities: Int
        public var responses: Int
        public var both: Int
        /// BOIN12's decision on the data up to and including this cohort.
        public var decision: BOIN12Decision
        /// The design's decision after the previous cohort, when this cohort did not follow it.
        public var departure: BOIN12Decision?
    }

    public struct DoseRow: Sendable {
        public var level: Int
        public var dose: Double
        public var treated: Int
        public var evaluable: Int
        public var toxicities: Int
        public var responses: Int
        public var both: Int
        public var eliminated: Bool
    }

    public struct Result: Sendable {
        public var design: BOIN12
        public var efficacy: Efficacy
        public var doses: [Double]
        public var doseUnit: String?
        public var cohorts: [Cohort]
        public var rows: [DoseRow]
        /// The OBD were the trial to end now (nil when the design stopped with none).
        public var selection: OBDSelection?
        /// Why there is no OBD, when the design stopped with none.
        public var noOBD: BOIN12Decision?
    }

    public static func run(
        study: Study, design: BOIN12, efficacy: Efficacy, options: EscalationConduct.Options,
        responses: ResponseEngine.Result
    ) throws -> Result {
        let p = try ConductPatients(study: study, options: options)
        try p.refuseCombination(study)
        let doses = p.escalationDoses()
        let byID = Dictionary(uniqueKeysWithValues: responses.subjects.map { ($0.subject, $0) })
        let responder = (0..<p.count).map { i -> Bool in
            guard let r = byID[p.index.ids[i]] else { return false }
            return (efficacy == .confirmed ? r.confirmedResponse : r.bestResponse).isResponse
        }
        func level(_ i: Int) -> Int { EscalationConduct.doseLevel(p.firstDose[i]!, in: doses) }
        let escalation = (0..<p.count).filter { p.escalates($0) }
        let groups = p.cohorts(escalation, size: options.cohortSize) { p.firstDose[$0] }
        var data = ToxicityEfficacyData(levels: doses.count)
        var eliminated = Array(repeating: false, count: doses.count)
        var cohorts: [Cohort] = []
        var stopped: BOIN12Decision? = nil
        for (k, g) in groups.enumerated() {
            let l = level(g[0])
            let evaluable = g.filter { p.evaluable[$0] }
            for i in evaluable { data.add(dose: l, toxicity: p.dlt[i], efficacy: responder[i]) }
            // Conduct breaks a tie of desirability toward the first candidate: the current dose, then
            // the lower, then the higher.
            let snapshot = data
            let decision = design.decide(
                current: l, data: snapshot, eliminated: &eliminated,
                desirability: { design.desirability(dose: $0, data: snapshot) }, tieBreak: { 0 })
            var departure: BOIN12Decision? = nil
            if let previous = cohorts.last?.decision, previous.next != l {
                departure = previous
            }
            cohorts.append(
                Cohort(
                    number: k + 1, doseLevel: l + 1, dose: doses[l], subjects: g.map { p.index.ids[$0] },
                    firstDose: p.firstDay[g[0]]!.iso, evaluable: evaluable.count,
                    toxicities: evaluable.filter { p.dlt[$0] }.count,
                    responses: evaluable.filter { responder[$0] }.count,
                    both: evaluable.filter { p.dlt[$0] && responder[$0] }.count, decision: decision,
                    departure: departure))
            stopped = decision.kind == .stopWithoutOBD ? decision : nil
        }
        var rows = doses.enumerated().map {
            DoseRow(
                level: $0.offset + 1, dose: $0.element, treated: 0, evaluable: data.treated[$0.offset],
                toxicities: data.toxicities[$0.offset], responses: data.responses[$0.offset],
                both: data.both[$0.offset],
                eliminated: eliminated[$0.offset])
        }
        for i in escalation { rows[level(i)].treated += 1 }
        let selection =
            stopped == nil && !groups.isEmpty ? design.selectOBD(data: data, eliminated: eliminated) : nil
        return Result(
            design: design, efficacy: efficacy, doses: doses, doseUnit: Exposure.unit(study), cohorts: cohorts,
            rows: rows, selection: selection, noOBD: stopped)
    }

    /// The conduct as text: the cohorts with each decision, the by-dose counts, the estimates and
    /// the OBD.
    public static func text(_ r: Result) -> String {
        func dose(_ level: Int) -> String { "\(doseText(r.doses[level], r.doseUnit)) (level \(level + 1))" }
        var out =
            "BOIN12 from the data: efficacy is a "
            + (r.efficacy == .confirmed ? "confirmed CR or PR" : "CR or PR as best overall response")
            + "; toxicity target \(fmt(r.design.toxicityTarget)), lowest acceptable efficacy "
            + "\(fmt(r.design.efficacyLowest)), benchmark utility "
            + NumberFormat.fixed(r.design.benchmarkUtility, decimals: 1) + "\n\nCohorts in time order:\n"
        for c in r.cohorts {
            out +=
                "  \(c.number). \(dose(c.doseLevel - 1)), from \(c.firstDose): "
                + "\(c.toxicities) \(c.toxicities == 1 ? "toxicity" : "toxicities") and "
                + "\(c.responses) \(c.responses == 1 ? "response" : "responses") of \(c.evaluable) evaluable "
                + "(\(c.subjects.count) treated) → "
                + c.decision.sentence + "\n"
            if let d = c.departure {
                out += "     departure: the design said " + d.sentence.prefix(1).lowercased() + d.sentence.dropFirst()
                out += " The trial went to \(dose(c.doseLevel - 1)).\n"
            }
        }
        out += "\nBy dose level (escalation patients; evaluable for toxicity):\n"
        out += textTable(
            header: [
                "Level", r.doseUnit ?? "Dose", "Treated", "Evaluable", "Toxicities", "Responses", "Both", "Eliminated",
            ],
            rows: r.rows.map {
                [
                    String($0.level), formatNumber($0.dose), String($0.treated), String($0.evaluable),
                    String($0.toxicities), String($0.responses), String($0.both), $0.eliminated ? "yes" : "",
                ]
            }, rightAligned: Set(0...6))
        if let s = r.selection {
            out += "\nEstimates (docs/optimal-dose.md, \"Selecting the OBD\"):\n"
            out += textTable(
                header: ["Level", "Toxicity", "Efficacy", "Utility"],
                rows: r.doses.indices.map { k in
                    [
                        String(k + 1), NumberFormat.fixed(s.toxicityEstimates[k], decimals: 3),
                        NumberFormat.fixed(s.efficacyEstimates[k], decimals: 3),
                        s.utilityEstimates[k].map { NumberFormat.fixed($0, decimals: 1) } ?? "—",
                    ]
                }, rightAligned: Set(0...3))
            out +=
                "\nOBD: " + (s.obd.map(dose) ?? "none") + " — the highest estimated utility among doses tried and not "
                + "eliminated up to the estimated MTD, \(dose(s.estimatedMTD)).\n"
        } else if let stop = r.noOBD {
            out += "\nOBD: none — " + stop.sentence + "\n"
        } else {
            out += "\nOBD: none — no cohort was treated.\n"
        }
        return out
    }

    /// The escalate-optimal-dose document of the results contract.
    public static func contract(_ r: Result) -> String {
        var o = ResultsContract.envelope("escalate-optimal-dose")
        o.add("design", r.design.contractObject())
        o.add("efficacy", r.efficacy.rawValue)
        o.add("doses", r.doses)
        o.add("doseUnit", r.doseUnit)
        o.add(
            "cohorts",
            r.cohorts.map { c -> JSONObject in
                var x = JSONObject()
                x.add("number", c.number)
                x.add("doseLevel", c.doseLevel)
                x.add("dose", c.dose)
                x.add("subjects", c.subjects)
                x.add("firstDose", c.firstDose)
                x.add("evaluable", c.evaluable)
                x.add("toxicities", c.toxicities)
                x.add("responses", c.responses)
                x.add("both", c.both)
                x.add("decision", c.decision.contractObject())
                x.add("departure", c.departure?.contractObject())
                return x
            })
        o.add(
            "rows",
            r.rows.map { row -> JSONObject in
                var x = JSONObject()
                x.add("level", row.level)
                x.add("dose", row.dose)
                x.add("treated", row.treated)
                x.add("evaluable", row.evaluable)
                x.add("toxicities", row.toxicities)
                x.add("responses", row.responses)
                x.add("both", row.both)
                x.add("eliminated", row.eliminated)
                return x
            })
        var obd = JSONObject()
        obd.add("doseLevel", r.selection?.obd.map { $0 + 1 })
        obd.add("estimatedMTD", r.selection.map { $0.estimatedMTD + 1 })
        obd.add("toxicityEstimates", r.selection?.toxicityEstimates)
        obd.add("efficacyEstimates", r.selection?.efficacyEstimates)
        obd.add(
            "utilityEstimates",
            r.selection.map { s in JSONValue.array(s.utilityEstimates.map { $0?.jsonValue ?? .null }) })
        obd.add("stoppedWithoutOBD", r.noOBD?.contractObject())
        o.add("obd", obd)
        return JSONValue.object(o).rendered()
    }
}

extension BOIN12Decision {
    func contractObject() -> JSONObject {
        var x = JSONObject()
        x.add("kind", kind.rawValue)
        x.add("nextDoseLevel", next.map { $0 + 1 })
        x.add("reason", reason.rawValue)
        x.add("sentence", sentence)
        x.add(
            "candidates",
            candidates.map { c -> JSONObject in
                var y = JSONObject()
                y.add("doseLevel", c.dose + 1)
                y.add("desirability", c.desirability)
                return y
            })
        x.add("eliminatedForToxicity", eliminatedForToxicity)
        x.add("eliminatedForFutility", eliminatedForFutility)
        return x
    }
}

extension BOIN12 {
    /// The design's parameters as the results contract writes them (simulate-optimal-dose's and
    /// escalate-optimal-dose's `design`, without the trial's size).
    func contractObject() -> JSONObject {
        var u = JSONObject()
        u.add("efficacyWithoutToxicity", utilities.efficacyWithoutToxicity)
        u.add("neither", utilities.neither)
        u.add("both", utilities.both)
        u.add("toxicityWithoutEfficacy", utilities.toxicityWithoutEfficacy)
        var j = JSONObject()
        j.add("design", "boin12")
        j.add("toxicityTarget", toxicityTarget)
        j.add("efficacyLowest", efficacyLowest)
        j.add("utilities", u)
        j.add("benchmarkUtility", benchmarkUtility)
        j.add("toxicityCutoff", boin.eliminationCutoff)
        j.add("efficacyCutoff", efficacyCutoff)
        j.add("safetyThreshold", safetyThreshold)
        j.add("exploration", explorationThreshold)
        j.add("earlyStop", earlyStopAt)
        return j
    }
}

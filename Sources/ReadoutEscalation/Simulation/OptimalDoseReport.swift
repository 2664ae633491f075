import Foundation
import ReadoutCore
import ReadoutData

extension BOIN12 {
    /// One column of the boundary table: the toxicity counts that escalate, de-escalate and
    /// eliminate, and the response count that eliminates, with `patients` at the dose.
    public struct Boundaries: Sendable, Equatable {
        public var patients: Int
        public var escalate: Int
        public var deEscalate: Int
        public var eliminateToxicities: Int?
        public var eliminateResponses: Int?
    }

    public func boundaries(patients n: Int) -> Boundaries {
        Boundaries(
            patients: n, escalate: escalationBoundary(patients: n), deEscalate: deEscalationBoundary(patients: n),
            eliminateToxicities: toxicityEliminationBoundary(patients: n),
            eliminateResponses: futilityBoundary(patients: n))
    }

    /// One entry of the desirability table.
    public struct DesirabilityEntry: Sendable, Equatable {
        public var patients: Int
        public var toxicities: Int
        public var responses: Int
        public var desirability: Double
        /// The rank-based desirability score: the rank of the desirability among the table's
        /// admissible entries (1 the least desirable; ties share their mean rank); nil when the
        /// entry eliminates the dose.
        public var score: Double?
    }

    /// The rank-based desirability table for these numbers of patients: every number of toxicities
    /// and responses, as a protocol prints it. Only for additive utilities (nil otherwise: the
    /// desirability then depends on how many patients had both).
    public func desirabilityTable(patients sizes: [Int]) -> [DesirabilityEntry]? {
        guard utilities.additive else { return nil }
        var entries: [DesirabilityEntry] = []
        for n in sizes {
            for t in 0...n {
                for r in 0...n {
                    // Additive: which patients had both does not matter; count them as few as can be.
                    let b = max(0, t + r - n)
                    let x = utilities.quasiResponses(treated: n, toxicities: t, responses: r, both: b)
                    let admissible = !toxicityEliminates(t, n) && !futilityEliminates(r, n)
                    entries.append(
                        DesirabilityEntry(
                            patients: n, toxicities: t, responses: r,
                            desirability: desirability(treated: n, quasiResponses: x), score: admissible ? 0 : nil))
                }
            }
        }
        let ranked = entries.indices.filter { entries[$0].score != nil }.sorted {
            entries[$0].desirability < entries[$1].desirability
        }
        var i = 0
        while i < ranked.count {
            var j = i
            while j + 1 < ranked.count,
                abs(entries[ranked[j + 1]].desirability - entries[ranked[i]].desirability) <= 1e-12
            {
                j += 1
            }
            for k in i...j { entries[ranked[k]].score = Double(i + j + 2) / 2 }
            i = j + 1
        }
        return entries
    }
}

/// BOIN12's tables as a protocol prints them: the boundaries by the number of patients at the
/// current dose, and the rank-based desirability scores (additive utilities only).
public enum BOIN12Tables {
    static func table(_ title: String, _ header: [String], _ rows: [[String]], markdown: Bool) -> String {
        if markdown {
            return "\n**\(title)**\n\n| " + header.joined(separator: " | ") + " |\n|"
                + header.map { _ in "---" }.joined(separator: "|") + "|\n"
                + rows.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n") + "\n"
        }
        return "\n\(title)\n" + textTable(header: header, rows: rows, rightAligned: Set(1..<header.count))
    }

    public static func render(_ d: BOIN12, boundarySizes: [Int], desirabilitySizes: [Int], markdown md: Bool) -> String
    {
        var out = ""
        let sizes = boundarySizes.map(d.boundaries(patients:))
        out += table(
            "Boundaries by the number of patients at the current dose", ["Patients"] + sizes.map { "\($0.patients)" },
            [
                ["Escalate if toxicities ≤"] + sizes.map { "\($0.escalate)" },
                ["De-escalate if toxicities ≥"] + sizes.map { "\($0.deEscalate)" },
                ["Eliminate if toxicities ≥"] + sizes.map { $0.eliminateToxicities.map(String.init) ?? "—" },
                ["Eliminate if responses ≤"] + sizes.map { $0.eliminateResponses.map(String.init) ?? "—" },
            ], markdown: md)
        guard let entries = d.desirabilityTable(patients: desirabilitySizes) else {
            return out
                + "\nThe utilities are not additive: the desirability depends on the patients with both outcomes, "
                + "so there is no table by counts.\n"
        }
        let most = desirabilitySizes.max() ?? 0
        var byKey: [Int: BOIN12.DesirabilityEntry] = [:]
        for e in entries { byKey[(e.patients * 1000 + e.toxicities) * 1000 + e.responses] = e }
        var rows: [[String]] = []
        for n in desirabilitySizes {
            for t in 0...n {
                var row = ["\(n), \(t)"]
                for r in 0...most {
                    guard r <= n, let e = byKey[(n * 1000 + t) * 1000 + r] else {
                        row.append("")
                        continue
                    }
                    row.append(e.score.map { NumberFormat.trimmed($0, decimals: 1) } ?? "E")
                }
                rows.append(row)
            }
        }
        out += table(
            "Rank-based desirability score (rows: patients, toxicities; columns: responses; E: eliminated)",
            ["n, T"] + (0...most).map(String.init), rows, markdown: md)
        return out
    }
}

/// What a phase I/II simulation found, per scenario.
public struct OptimalDoseOutput: Sendable {
    public struct Result: Sendable {
        public var scenario: OptimalDosePlan.Scenario
        public var trueOBD: Int?
        public var trueUtility: [Double]
        public var oc: OptimalDoseCharacteristics
        public var percentCorrect: Double? { trueOBD.map { oc.selectionPercent[$0] } }
    }
    public var design: BOIN12
    public var cohorts: Int
    public var cohortSize: Int
    public var start: Int
    public var trials: Int
    public var seed: UInt64
    public var fileSHA256: String
    public var results: [Result]

    public enum Format: String, Sendable { case text, markdown, json }

    /// Numbers of patients at a dose the boundary table shows: the cohort size's multiples up to the
    /// early stop or the sample size.
    var boundarySizes: [Int] {
        let most = min(design.earlyStopAt ?? Int.max, cohorts * cohortSize)
        return Array(stride(from: cohortSize, through: most, by: cohortSize))
    }

    /// Numbers of patients the desirability table shows: none, then multiples of the cohort size
    /// below the early stop, up to 12.
    var desirabilitySizes: [Int] {
        let below = min((design.earlyStopAt ?? Int.max) - 1, cohorts * cohortSize, 12)
        return [0] + Array(stride(from: cohortSize, through: below, by: cohortSize))
    }

    public func render(_ format: Format) -> String {
        if format == .json { return contract() }
        let md = format == .markdown
        func table(_ title: String, _ header: [String], _ rows: [[String]]) -> String {
            if md {
                return "\n**\(title)**\n\n| " + header.joined(separator: " | ") + " |\n|"
                    + header.map { _ in "---" }.joined(separator: "|") + "|\n"
                    + rows.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n") + "\n"
            }
            return "\n\(title)\n" + textTable(header: header, rows: rows, rightAligned: Set(1..<header.count))
        }
        let d = design
        let u = d.utilities
        var out =
            "BOIN12: toxicity target \(fmt(d.toxicityTarget)), lowest acceptable efficacy \(fmt(d.efficacyLowest)); "
            + "utilities \(fmt(u.efficacyWithoutToxicity)) (efficacy without toxicity), \(fmt(u.neither)) (neither), "
            + "\(fmt(u.both)) (both), \(fmt(u.toxicityWithoutEfficacy)) (toxicity without efficacy); benchmark utility "
            + NumberFormat.fixed(d.benchmarkUtility, decimals: 1) + "; \(cohorts) cohorts of \(cohortSize) from dose "
            + "\(start + 1); N* \(d.safetyThreshold); extra exploration "
            + (d.explorationThreshold.map { "at \($0) patients" } ?? "off") + "; early stop "
            + (d.earlyStopAt.map { "at \($0) patients" } ?? "off") + "; \(trials) trials per scenario (seed \(seed)).\n"
        out += md ? "\n## Design\n" : "\nDesign\n"
        out += BOIN12Tables.render(
            d, boundarySizes: boundarySizes, desirabilitySizes: desirabilitySizes, markdown: md)
        for r in results {
            out += md ? "\n## \(r.scenario.name)\n" : "\nScenario \(r.scenario.name)\n"
            let oc = r.oc
            let header = ["Dose"] + (1...oc.selected.count).map(String.init)
            out += table(
                "Correlation \(fmt(r.scenario.correlation)); true OBD "
                    + (r.trueOBD.map { "dose \($0 + 1)" } ?? "none"),
                header,
                [
                    ["True toxicity"] + r.scenario.toxicity.map { NumberFormat.fixed($0, decimals: 2) },
                    ["True efficacy"] + r.scenario.efficacy.map { NumberFormat.fixed($0, decimals: 2) },
                    ["True utility"] + r.trueUtility.map { NumberFormat.fixed($0, decimals: 1) },
                    ["Selected as the OBD (%)"] + oc.selectionPercent.map { NumberFormat.fixed($0, decimals: 1) },
                    ["Patients (mean)"] + oc.meanPatients.map { NumberFormat.fixed($0, decimals: 2) },
                    ["Toxicities (mean)"] + oc.meanToxicities.map { NumberFormat.fixed($0, decimals: 2) },
                    ["Responses (mean)"] + oc.meanResponses.map { NumberFormat.fixed($0, decimals: 2) },
                ])
            out +=
                "\n% selecting the true OBD: " + (r.percentCorrect.map { NumberFormat.fixed($0, decimals: 1) } ?? "—")
                + "; % with no OBD: " + NumberFormat.fixed(oc.percentNoOBD, decimals: 1) + "; mean patients "
                + NumberFormat.fixed(oc.meanPatients.reduce(0, +), decimals: 1) + "\n"
        }
        return out
    }

    /// The simulate-optimal-dose document of the results contract.
    public func contract() -> String {
        var o = ResultsContract.envelope("simulate-optimal-dose")
        let d = design
        var j = d.contractObject()
        j.add("cohorts", cohorts)
        j.add("cohortSize", cohortSize)
        j.add("start", start + 1)
        j.add(
            "boundaries",
            boundarySizes.map(d.boundaries(patients:)).map { b -> JSONObject in
                var x = JSONObject()
                x.add("patients", b.patients)
                x.add("escalate", b.escalate)
                x.add("deEscalate", b.deEscalate)
                x.add("eliminateToxicities", b.eliminateToxicities)
                x.add("eliminateResponses", b.eliminateResponses)
                return x
            })
        o.add("design", j)
        o.add("trials", trials)
        o.add("seed", String(seed))
        o.add("fileSHA256", fileSHA256)
        o.add(
            "scenarios",
            results.map { r -> JSONObject in
                var s = JSONObject()
                s.add("name", r.scenario.name)
                s.add("toxicity", r.scenario.toxicity)
                s.add("efficacy", r.scenario.efficacy)
                s.add("correlation", r.scenario.correlation)
                s.add("trueUtility", r.trueUtility)
                s.add("trueOBD", r.trueOBD.map { $0 + 1 })
                s.add("selectionPercent", r.oc.selectionPercent)
                s.add("meanPatients", r.oc.meanPatients)
                s.add("meanToxicities", r.oc.meanToxicities)
                s.add("meanResponses", r.oc.meanResponses)
                s.add("percentNoOBD", r.oc.percentNoOBD)
                s.add("percentCorrect", r.percentCorrect)
                return s
            })
        return JSONValue.object(o).rendered()
    }
}

import Foundation
import ReadoutCore
import ReadoutData
import ReadoutFigures

/// Runs a two-drug combination escalation from its data (docs/combinations.md, "Conduct from
/// data"): each subject's dose pair from EX (the first dose of each of the two treatments), DLTs
/// and evaluability as the one-drug conduct reads them, cohorts in time order, what BOIN for
/// combinations decides after each, where the trial departed from it, and the MTD combination.
public enum CombinationConduct {
    public struct Cohort: Sendable {
        public var number: Int
        public var pair: DosePair
        public var doseA: Double
        public var doseB: Double
        public var subjects: [String]
        public var firstDose: String
        public var evaluable: Int
        public var dlts: Int
        /// The design's decision on the data up to and including this cohort.
        public var decision: CombinationDecision
        /// The design's decision after the previous cohort, when this cohort did not follow it.
        public var departure: CombinationDecision?
    }

    public struct Result: Sendable {
        /// Drug A (the grid's rows: no more levels than drug B) and drug B, as EXTRT names them.
        public var drugA: String
        public var drugB: String
        public var dosesA: [Double]
        public var dosesB: [Double]
        public var unitA: String?
        public var unitB: String?
        public var cohorts: [Cohort]
        /// Patients treated, evaluable and with a DLT at each pair, row by row.
        public var data: CombinationData
        public var treated: [Int]
        public var eliminated: [Bool]
        public var mtd: DosePair?
        public var estimates: [Double?]
        /// Escalation subjects left out: given one of the two drugs only, or a third.
        public var leftOut: [(subject: String, treatments: [String])]
        public var target: Double
    }

    public static func run(
        study: Study, design: CombinationBOIN, drugs: [String]? = nil, options: EscalationConduct.Options
    ) throws -> Result {
        let p = try ConductPatients(study: study, options: options)
        let escalation = (0..<p.count).filter { p.expansionArm[$0] == nil && p.firstDay[$0] != nil }
        // The two drugs: those named, else the two most given (ties by name).
        var frequency: [String: Int] = [:]
        for i in escalation { for t in p.treatments[i] { frequency[t, default: 0] += 1 } }
        let named = drugs ?? frequency.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(2).map(\.key)
        guard named.count == 2, named[0] != named[1] else {
            throw ReadoutError(
                file: study.folder, code: "escalation-combination",
                "EX does not give two treatments to combine"
                    + (frequency.isEmpty ? "" : " (found " + frequency.keys.sorted().joined(separator: ", ") + ")"),
                expected: "two EXTRT values given together (or --drugs A,B)")
        }
        for d in named where frequency[d] == nil {
            throw ReadoutError(
                file: study.folder, code: "escalation-combination", "no escalation subject received \(d)",
                value: d, expected: "an EXTRT of EX: " + frequency.keys.sorted().joined(separator: ", "))
        }
        var onGrid: [Int] = []
        var leftOut: [(String, [String])] = []
        for i in escalation {
            let t = p.treatments[i]
            let a = p.firstDoseByTreatment[i][named[0]] ?? 0
            let b = p.firstDoseByTreatment[i][named[1]] ?? 0
            if Set(t) == Set(named), a > 0, b > 0 { onGrid.append(i) } else { leftOut.append((p.index.ids[i], t)) }
        }
        func levels(_ drug: String) -> [Double] {
            Array(Set(onGrid.compactMap { p.firstDoseByTreatment[$0][drug] })).sorted()
        }
        // Rows are the drug with fewer levels (the design's convention); ties keep the order found.
        var (drugA, drugB) = (named[0], named[1])
        if levels(drugA).count > levels(drugB).count { swap(&drugA, &drugB) }
        let dosesA = levels(drugA)
        let dosesB = levels(drugB)
        func pair(_ i: Int) -> DosePair {
            DosePair(
                dosesA.firstIndex(of: p.firstDoseByTreatment[i][drugA]!)!,
                dosesB.firstIndex(of: p.firstDoseByTreatment[i][drugB]!)!)
        }
        let groups = p.cohorts(onGrid, size: options.cohortSize, dose: pair)
        var data = CombinationData(rows: dosesA.count, columns: dosesB.count)
        var treated = Array(repeating: 0, count: dosesA.count * dosesB.count)
        var eliminated = Array(repeating: false, count: treated.count)
        var cohorts: [Cohort] = []
        for (k, g) in groups.enumerated() {
            let d = pair(g[0])
            let evaluable = g.filter { p.evaluable[$0] }
            let dlts = evaluable.filter { p.dlt[$0] }.count
            data.add(d, treated: evaluable.count, dlts: dlts)
            treated[d.a * dosesB.count + d.b] += g.count
            // Conduct breaks a tie between neighbours toward the first: drug A's, then drug B's.
            let decision = design.decide(current: d, data: data, eliminated: &eliminated) { 0 }
            var departure: CombinationDecision? = nil
            if let previous = cohorts.last?.decision, previous.next != d { departure = previous }
            cohorts.append(
                Cohort(
                    number: k + 1, pair: d, doseA: dosesA[d.a], doseB: dosesB[d.b], subjects: g.map { p.index.ids[$0] },
                    firstDose: p.firstDay[g[0]]!.iso, evaluable: evaluable.count, dlts: dlts, decision: decision,
                    departure: departure))
        }
        let stoppedAtTheLowest = cohorts.last.map { $0.decision.kind == .stop && $0.decision.next == nil } ?? false
        let selection = design.selectMTD(data: data)
        return Result(
            drugA: drugA, drugB: drugB, dosesA: dosesA, dosesB: dosesB, unitA: unit(study, drugA),
            unitB: unit(study, drugB), cohorts: cohorts, data: data, treated: treated, eliminated: eliminated,
            mtd: stoppedAtTheLowest ? nil : selection.mtd, estimates: selection.estimates, leftOut: leftOut,
            target: design.target)
    }

    /// EXDOSU of the first EX record of `drug`.
    static func unit(_ study: Study, _ drug: String) -> String? {
        guard let ex = study["EX"], let t = ex.index(of: "EXTRT"), let u = ex.index(of: "EXDOSU") else { return nil }
        return (0..<ex.recordCount).lazy.first { ex.trimmed($0, t) == drug && !ex.trimmed($0, u).isEmpty }.map {
            ex.trimmed($0, u)
        }
    }

    static func words(_ d: CombinationDecision) -> String {
        switch d.kind {
        case .stop: return d.next == nil ? "stop: (1, 1) is too toxic, no MTD" : "stop and select the MTD"
        case .stay: return "stay at \(d.next!)"
        case .escalate, .deEscalate:
            let listed = d.candidates.map { "\($0.pair) \(NumberFormat.fixed($0.probability, decimals: 3))" }
            return "\(d.kind.rawValue) to \(d.next!)"
                + (listed.count > 1 ? " (of " + listed.joined(separator: ", ") + ")" : "")
        }
    }

    /// The conduct as text: the cohorts with each decision, the grid's patients and DLTs, the MTD.
    public static func text(_ r: Result) -> String {
        func pairText(_ d: DosePair) -> String {
            "\(d) = \(doseText(r.dosesA[d.a], r.unitA)) \(r.drugA) + \(doseText(r.dosesB[d.b], r.unitB)) \(r.drugB)"
        }
        var out =
            "Combination escalation under BOIN (target \(fmt(r.target))): drug A \(r.drugA) (rows), drug B "
            + "\(r.drugB) (columns)\n\nCohorts in time order:\n"
        for c in r.cohorts {
            out +=
                "  \(c.number). \(pairText(c.pair)), from \(c.firstDose): \(c.dlts) DLT\(c.dlts == 1 ? "" : "s") of "
                + "\(c.evaluable) evaluable (\(c.subjects.count) treated) → \(words(c.decision))\n"
            if let d = c.departure {
                out += "     departure: the design said \(words(d)); the trial went to \(c.pair)\n"
            }
        }
        let columns = r.dosesB.count
        let header = ["\(r.drugA) \\ \(r.drugB)"] + r.dosesB.map { doseText($0, r.unitB) }
        func grid(_ cell: (Int) -> String) -> String {
            textTable(
                header: header,
                rows: r.dosesA.indices.map { a in
                    [doseText(r.dosesA[a], r.unitA)] + (0..<columns).map { cell(a * columns + $0) }
                }, rightAligned: Set(1..<header.count))
        }
        out += "\nDLTs / evaluable patients (E: eliminated):\n"
        out += grid { k in
            r.data.treated[k] == 0 && r.treated[k] == 0
                ? (r.eliminated[k] ? "E" : "—")
                : "\(r.data.dlts[k])/\(r.data.treated[k])" + (r.eliminated[k] ? " E" : "")
        }
        out += "\nIsotonic estimates of the DLT probability:\n"
        out += grid { k in r.estimates[k].map { NumberFormat.fixed($0, decimals: 3) } ?? "" }
        out += "\nMTD: " + (r.mtd.map(pairText) ?? "none") + "\n"
        if !r.leftOut.isEmpty {
            out +=
                "Left out of the grid (\(r.leftOut.count)): "
                + r.leftOut.map { "\($0.subject) (\($0.treatments.joined(separator: ", ")))" }.joined(separator: "; ")
                + "\n"
        }
        return out
    }

    /// The grid figure: patients and DLTs at each dose pair, shaded by the share with a DLT.
    public static func figure(_ r: Result) -> EscalationFigure {
        let cells = (0..<r.treated.count).map { k in
            (patients: r.data.treated[k], dlts: r.data.dlts[k], eliminated: r.eliminated[k])
        }
        let svg = Charts.combinationGrid(
            cells, rows: r.dosesA.map { doseText($0, r.unitA) }, columns: r.dosesB.map { doseText($0, r.unitB) },
            rowTitle: r.drugA, columnTitle: r.drugB, mtd: r.mtd.map { ($0.a, $0.b) },
            title: "DLTs and patients by dose pair")
        return EscalationFigure(kind: .combinationGrid, svg: svg)
    }

    /// The escalate-combination document of the results contract.
    public static func contract(_ r: Result) -> String {
        var o = ResultsContract.envelope("escalate-combination")
        o.add("target", r.target)
        for (key, drug, doses, unit) in [("drugA", r.drugA, r.dosesA, r.unitA), ("drugB", r.drugB, r.dosesB, r.unitB)] {
            var d = JSONObject()
            d.add("treatment", drug)
            d.add("doses", doses)
            d.add("unit", unit)
            o.add(key, d)
        }
        func decision(_ d: CombinationDecision) -> JSONObject {
            var x = JSONObject()
            x.add("kind", d.kind.rawValue)
            x.add("next", d.next.map { [$0.a + 1, $0.b + 1] })
            x.add(
                "candidates",
                d.candidates.map { c -> JSONObject in
                    var y = JSONObject()
                    y.add("pair", [c.pair.a + 1, c.pair.b + 1])
                    y.add("probability", c.probability)
                    y.add("patients", c.patients)
                    return y
                })
            x.add("eliminates", d.eliminates)
            return x
        }
        o.add(
            "cohorts",
            r.cohorts.map { c -> JSONObject in
                var x = JSONObject()
                x.add("number", c.number)
                x.add("pair", [c.pair.a + 1, c.pair.b + 1])
                x.add("doseA", c.doseA)
                x.add("doseB", c.doseB)
                x.add("subjects", c.subjects)
                x.add("firstDose", c.firstDose)
                x.add("evaluable", c.evaluable)
                x.add("dlts", c.dlts)
                x.add("decision", decision(c.decision))
                x.add("departure", c.departure.map(decision))
                return x
            })
        let columns = r.dosesB.count
        func grid<T: JSONRepresentable>(_ v: [T]) -> [[T]] {
            r.dosesA.indices.map { a in (0..<columns).map { v[a * columns + $0] } }
        }
        o.add("treated", grid(r.treated))
        o.add("evaluable", grid(r.data.treated))
        o.add("dlts", grid(r.data.dlts))
        o.add("eliminated", grid(r.eliminated))
        o.add(
            "estimates",
            r.dosesA.indices.map { a in
                JSONValue.array((0..<columns).map { r.estimates[a * columns + $0]?.jsonValue ?? .null })
            })
        o.add("mtd", r.mtd.map { [$0.a + 1, $0.b + 1] })
        o.add(
            "leftOut",
            r.leftOut.map { s -> JSONObject in
                var x = JSONObject()
                x.add("subject", s.subject)
                x.add("treatments", s.treatments)
                return x
            })
        return JSONValue.object(o).rendered()
    }
}

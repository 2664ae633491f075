import Foundation
import ReadoutCore
import ReadoutData
import ReadoutFigures
import ReadoutResponse
import ReadoutStatistics

/// Runs a dose-escalation trial from its data: doses from EX, DLTs from AE records flagged as DLT
/// (SUPPAE QNAM = AEDLT merged onto AE, or another flag) with onset inside the DLT window, cohorts
/// in time order, what the design would have decided at each step and where the trial departed
/// from it, the MTD, and responses and DLTs by dose level; expansion cohorts reported apart.
public struct EscalationConduct: Sendable {
    /// How the conduct reads the data: the DLT flag and window, expansion cohorts, cohort size, the as-of date.
    public struct Options: Sendable {
        public var dltFlag = "AEDLT"
        public var windowDays = 21
        /// A subject is in an expansion cohort when ARM, ARMCD or COHORT contains this (case-insensitive).
        public var expansionMarker = "EXP"
        public var cohortSize = 3
        /// The date the data stand at (the cut-off); default: the latest date in the data. Patients
        /// still inside their DLT window on this date are pending.
        public var asOf: CalendarDate? = nil
        /// Counting pending patients needs at most this share of the current dose's patients
        /// pending; above it the design suspends enrolment (as in simulations).
        public var maxPendingFraction = 0.5
        /// The defaults: AEDLT, 21 days, arms marked EXP, cohorts of 3, as of the cut-off.
        public init() {}
    }

    /// A patient inside the DLT window at the as-of date, without a DLT so far.
    public struct PendingPatient: Sendable, Codable, Equatable {
        public var subject: String
        var doseLevel: Int
        var daysObserved: Int
    }

    /// One cohort in time order: its dose, subjects, DLTs and the design's decision after it.
    public struct Cohort: Sendable, Codable {
        public var number: Int
        var doseLevel: Int
        public var dose: Double
        public var subjects: [String]
        public var evaluable: Int
        public var dlts: Int
        public var firstDose: String
        /// The design's decision on the data up to and including this cohort.
        public var decision: Decision
        /// Where the next cohort went against the design's decision after this one's predecessor.
        public var departure: Departure?
    }

    /// The trial did not do what the design said: after the previous cohort's DLTs at its dose, the
    /// next cohort went to `toDose` (`did`) where the design said `said`.
    public struct Departure: Sendable, Codable, Equatable {
        public var dlts: Int
        public var evaluable: Int
        var fromDose: Double
        var toDose: Double
        public var did: Decision
        public var said: Decision

        /// "after 1/3 at 3.6 mg/kg the trial went to 6.5 mg/kg (escalate); the design says stay".
        public func words(unit: String?) -> String {
            "after \(dlts)/\(evaluable) at \(doseText(fromDose, unit)) the trial went to \(doseText(toDose, unit)) "
                + "(\(did.words)); the design says \(said.words)"
        }
    }

    /// What the design says on the date of the conduct, counting the patients still in their window.
    public enum PendingDecision: Sendable, Equatable {
        /// Too many patients at the current dose are pending: enrolment waits.
        case suspend(pending: Int, atCurrentDose: Int, limitPercent: Double)
        /// The design's decision, counting each pending patient by the share of the window observed.
        case decide(Decision)
        /// The design decides on complete windows only.
        case wait(design: String)

        /// The decision as a sentence.
        public var words: String {
            switch self {
            case .suspend(let here, let atCurrent, let limit):
                return "suspend enrolment: \(here) of the \(atCurrent) patients at the current dose are pending "
                    + "(more than \(fmt(limit))%)"
            case .decide(let d): return d.words + " (counting each pending patient by the share of the window observed)"
            case .wait(let design):
                return "wait for the pending patients (\(design) decides on complete DLT windows only)"
            }
        }
    }

    /// Patients, DLTs and responses at one dose level.
    public struct DoseRow: Sendable, Codable {
        public var level: Int
        public var dose: Double
        public var treated: Int
        public var evaluable: Int
        public var dlts: Int
        public var confirmedPR: Int
        public var unconfirmedPR: Int
        public var cr: Int
        public var durableSD: Int
        public var expansion: Int
    }

    /// The escalation conducted from the data.
    public struct Result: Sendable {
        public var design: String
        public var doses: [Double]
        public var cohorts: [Cohort]
        public var rows: [DoseRow]
        public var mtd: MTDSelection
        /// The design's decision after the last cohort (nil when no cohort was treated).
        public var finalDecision: Decision?
        /// The dose unit of the study (EXDOSU), nil when EX gives none.
        public var doseUnit: String? = nil
        public var expansionArms: [String: Int]
        /// Escalation patients still inside the DLT window at `asOf`, and what the design says now
        /// counting them by the fraction of the window observed (nil when there are none).
        public var asOf: String? = nil
        var pending: [PendingPatient] = []
        var decisionWithPending: PendingDecision? = nil
        /// Median days between a patient's consecutive doses (EX).
        public var dosingIntervalDays: Double? = nil
    }

    /// Conducts the escalation from the study's data, stage by stage: the patients' facts, the
    /// escalation doses, the cohorts with the design's decisions, what is pending at the as-of
    /// date, and the by-dose rows with responses.
    public static func run(
        study: Study, design: any EscalationDesign, options: Options = Options(),
        responses: ResponseEngine.Result
    ) throws -> Result {
        let patients = try ConductPatients(study: study, options: options)
        try patients.refuseCombination(study)
        let doses = patients.escalationDoses()
        let (cohorts, data, groups) = conductCohorts(patients, doses: doses, design: design, options: options)
        let mtd = design.selectMTD(data: data)
        let final = cohorts.last.map { design.decide(current: $0.doseLevel - 1, data: data) }
        // Judged at the given date, else at the data cut-off, else at the last date in the data.
        let asOf = options.asOf ?? study.cutoff ?? patients.lastKnown.compactMap { $0 }.max()
        let (pending, decisionWithPending) = pendingDecision(
            patients, groups: groups, doses: doses, data: data, cohorts: cohorts,
            asOf: asOf, design: design, options: options)
        let (rows, arms) = doseRows(patients, doses: doses, responses: responses)
        return Result(
            design: design.name, doses: doses, cohorts: cohorts, rows: rows, mtd: mtd, finalDecision: final,
            doseUnit: Exposure.unit(study), expansionArms: arms, asOf: asOf?.iso, pending: pending,
            decisionWithPending: decisionWithPending, dosingIntervalDays: patients.dosingIntervalDays)
    }

    /// The level (0-based) of dose `d` among the escalation's `doses`.
    static func doseLevel(_ d: Double, in doses: [Double]) -> Int { doses.firstIndex(of: d) ?? doses.count - 1 }

    /// Cohorts: escalation subjects in order of first dose, consecutive at one dose, by cohort size;
    /// after each, the design's decision, and where the next cohort departed from it.
    static func conductCohorts(
        _ p: ConductPatients, doses: [Double], design: any EscalationDesign,
        options: Options
    ) -> ([Cohort], DoseData, [[Int]]) {
        func level(_ d: Double) -> Int { doseLevel(d, in: doses) }
        let groups = p.cohorts((0..<p.count).filter { p.escalates($0) }, size: options.cohortSize) {
            p.firstDose[$0]
        }
        var data = DoseData(levels: doses.count)
        var cohorts: [Cohort] = []
        for (k, g) in groups.enumerated() {
            let l = level(p.firstDose[g[0]]!)
            let evaluable = g.filter { p.evaluable[$0] }
            for i in evaluable {
                data.treated[l] += 1
                if p.dlt[i] { data.dlts[l] += 1 }
            }
            data.lastCohort = CohortOutcome(
                dose: l, treated: evaluable.count, dlts: evaluable.filter { p.dlt[$0] }.count)
            cohorts.append(
                Cohort(
                    number: k + 1, doseLevel: l + 1, dose: doses[l], subjects: g.map { p.index.ids[$0] },
                    evaluable: evaluable.count, dlts: g.filter { p.dlt[$0] }.count, firstDose: p.firstDay[g[0]]!.iso,
                    decision: design.decide(current: l, data: data), departure: nil))
            guard k > 0 else { continue }
            // Did the trial do what the design said after the previous cohort?
            let prev = cohorts[k - 1]
            let before = dataBefore(
                groups, k, firstDose: p.firstDose, evaluable: p.evaluable, dlt: p.dlt, level: level, levels: doses.count
            )
            let said = design.decide(current: prev.doseLevel - 1, data: before)
            let moved = l - (prev.doseLevel - 1)
            let did: Decision = moved > 0 ? .escalate : moved < 0 ? .deEscalate : .stay
            let compatible =
                said == did || (said == .expand && did == .stay) || (said == .eliminate && did == .deEscalate)
            if !compatible {
                cohorts[k].departure = Departure(
                    dlts: prev.dlts, evaluable: prev.evaluable, fromDose: prev.dose, toDose: doses[l],
                    did: did, said: said)
            }
        }
        return (cohorts, data, groups)
    }

    /// Patients inside the window at `asOf`: counted by follow-up (time-to-event weighting) when the
    /// design can, otherwise the design waits for them; too many pending suspends enrolment.
    static func pendingDecision(
        _ p: ConductPatients, groups: [[Int]], doses: [Double], data: DoseData, cohorts: [Cohort],
        asOf: CalendarDate?, design: any EscalationDesign,
        options: Options
    ) -> ([PendingPatient], PendingDecision?) {
        guard let asOf, let last = cohorts.last else { return ([], nil) }
        func level(_ d: Double) -> Int { doseLevel(d, in: doses) }
        var pending: [PendingPatient] = []
        for g in groups {
            for i in g where !p.evaluable[i] && !p.dlt[i] {
                let days = asOf.dayNumber - p.firstDay[i]!.dayNumber
                if days >= 0 && days < options.windowDays {
                    pending.append(
                        PendingPatient(
                            subject: p.index.ids[i], doseLevel: level(p.firstDose[i]!) + 1, daysObserved: days))
                }
            }
        }
        guard !pending.isEmpty else { return (pending, nil) }
        let here = pending.filter { $0.doseLevel == last.doseLevel }.count
        let atCurrent = data.treated[last.doseLevel - 1] + here
        if Double(here) > options.maxPendingFraction * Double(atCurrent) {
            return (
                pending,
                .suspend(pending: here, atCurrentDose: atCurrent, limitPercent: options.maxPendingFraction * 100)
            )
        }
        guard design.decidesWithPending else { return (pending, .wait(design: design.name)) }
        var withPending = data
        var weights = [[Double]](repeating: [], count: doses.count)
        for patient in pending {
            withPending.treated[patient.doseLevel - 1] += 1
            weights[patient.doseLevel - 1].append(Double(patient.daysObserved) / Double(options.windowDays))
        }
        return (pending, .decide(design.decide(current: last.doseLevel - 1, data: withPending, pending: weights)))
    }

    /// By dose level, with responses; expansion patients counted apart, by arm.
    static func doseRows(
        _ p: ConductPatients, doses: [Double], responses: ResponseEngine.Result
    ) -> ([DoseRow], [String: Int]) {
        func level(_ d: Double) -> Int { doseLevel(d, in: doses) }
        let byID = Dictionary(uniqueKeysWithValues: responses.subjects.map { ($0.subject, $0) })
        var rows: [DoseRow] = doses.enumerated().map {
            DoseRow(
                level: $0.offset + 1, dose: $0.element, treated: 0, evaluable: 0, dlts: 0, confirmedPR: 0,
                unconfirmedPR: 0, cr: 0,
                durableSD: 0, expansion: 0)
        }
        var arms: [String: Int] = [:]
        for i in 0..<p.count {
            guard let d = p.firstDose[i], d > 0 else { continue }
            let l = level(d)
            rows[l].treated += 1
            if let a = p.expansionArm[i] {
                rows[l].expansion += 1
                arms[a, default: 0] += 1
            } else {
                if p.evaluable[i] { rows[l].evaluable += 1 }
                if p.dlt[i] { rows[l].dlts += 1 }
            }
            guard let r = byID[p.index.ids[i]] else { continue }
            if r.confirmedResponse == .cr { rows[l].cr += 1 }
            if r.confirmedResponse == .pr { rows[l].confirmedPR += 1 }
            if r.bestResponse == .pr && !r.isConfirmedResponder { rows[l].unconfirmedPR += 1 }
            if r.durableStable { rows[l].durableSD += 1 }
        }
        return (rows, arms)
    }

    /// The phase I figures: patients by dose level over time with DLTs and the MTD, and best
    /// confirmed response by dose level.
    public static func figures(_ r: Result) -> [EscalationFigure] {
        var order = 0
        var patients: [(order: Int, level: Int, dlt: Bool, expansion: Bool)] = []
        for c in r.cohorts {
            for k in 0..<c.subjects.count {
                order += 1
                patients.append((order, c.doseLevel, k < c.dlts, false))
            }
        }
        for (level, row) in r.rows.enumerated() where row.expansion > 0 {
            for _ in 0..<row.expansion {
                order += 1
                patients.append((order, level + 1, false, true))
            }
        }
        let labels = r.doses.map { doseText($0, r.doseUnit) }
        let escalation = Charts.doseEscalation(
            patients, levels: labels, mtdLevel: r.mtd.dose.map { $0 + 1 }, title: "Dose escalation under \(r.design)")
        let byDose = Charts.responseByDose(
            r.rows.map { row in
                (
                    level: formatNumber(row.dose),
                    byCategory: ["CR": row.cr, "PR": row.confirmedPR + row.unconfirmedPR, "SD": row.durableSD].filter {
                        $0.value > 0
                    }
                )
            }, title: "Responses and durable SD by dose level" + (r.doseUnit.map { " (\($0))" } ?? ""))
        return [
            EscalationFigure(kind: .doseEscalation, svg: escalation),
            EscalationFigure(kind: .responseByDose, svg: byDose),
        ]
    }

    static func dataBefore(
        _ groups: [[Int]], _ k: Int, firstDose: [Double?], evaluable: [Bool], dlt: [Bool], level: (Double) -> Int,
        levels: Int
    ) -> DoseData {
        var d = DoseData(levels: levels)
        for g in groups[..<k] {
            for i in g where evaluable[i] {
                let l = level(firstDose[i]!)
                d.treated[l] += 1
                if dlt[i] { d.dlts[l] += 1 }
            }
        }
        if k > 0 {
            let g = groups[k - 1]
            d.lastCohort = CohortOutcome(
                dose: level(firstDose[g[0]]!), treated: g.filter { evaluable[$0] }.count,
                dlts: g.filter { evaluable[$0] && dlt[$0] }.count)
        }
        return d
    }

    /// The conduct as text: cohorts, departures, the by-dose table, the MTD and what is pending.
    public static func text(_ r: Result) -> String {
        var out = "Dose escalation under \(r.design)\n\nCohorts in time order:\n"
        for c in r.cohorts {
            out +=
                "  \(c.number). \(doseText(c.dose, r.doseUnit)) (level \(c.doseLevel)), from \(c.firstDose): "
                + "\(c.dlts) DLT of \(c.evaluable) evaluable (\(c.subjects.count) treated) → \(c.decision.words)"
            if let d = c.departure { out += "\n     departure: \(d.words(unit: r.doseUnit))" }
            out += "\n"
        }
        out += "\nBy dose level (escalation; expansion patients counted apart):\n"
        out += textTable(
            header: [
                "Level", r.doseUnit ?? "Dose", "Treated", "Evaluable", "DLTs", "Expansion", "CR", "Confirmed PR",
                "Unconfirmed PR", "Durable SD",
            ],
            rows: r.rows.map {
                [
                    String($0.level), formatNumber($0.dose), String($0.treated), String($0.evaluable), String($0.dlts),
                    String($0.expansion),
                    String($0.cr), String($0.confirmedPR), String($0.unconfirmedPR), String($0.durableSD),
                ]
            }, rightAligned: Set(0...9))
        out +=
            "\nMTD: " + (r.mtd.dose.map { "\(doseText(r.doses[$0], r.doseUnit)) (level \($0 + 1))" } ?? "none")
            + " — \(r.mtd.reason).\n"
        out += "The design's decision after the last cohort: \(r.finalDecision?.words ?? "no cohort").\n"
        if let now = r.decisionWithPending, let asOf = r.asOf {
            out +=
                "Pending on \(asOf): \(r.pending.count) patient\(r.pending.count == 1 ? "" : "s") inside the DLT "
                + "window ("
                + r.pending.map { "\($0.subject) at level \($0.doseLevel), day \($0.daysObserved)" }.joined(
                    separator: "; ")
                + "). Now: \(now.words).\n"
        }
        if !r.expansionArms.isEmpty {
            out +=
                "Expansion cohorts: "
                + r.expansionArms.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                + " patients.\n"
        }
        return out
    }
}

/// A dose with its unit (the one way doses are labelled): `6.5 mg/kg`, or `6.5` when the study gives no unit.
public func doseText(_ dose: Double, _ unit: String?) -> String {
    formatNumber(dose) + (unit.map { " " + $0 } ?? "")
}

/// What the conduct knows of each subject (in DM order): first dose day and level, expansion arm,
/// a DLT in the window, the last date known, and whether the DLT window was evaluable.
struct ConductPatients {
    let index: SubjectIndex
    let firstDay: [CalendarDate?]
    let firstDose: [Double?]
    let expansionArm: [String?]
    let dlt: [Bool]
    let lastKnown: [CalendarDate?]
    let evaluable: [Bool]
    /// Each subject's treatments (EXTRT of counted doses) and the first dose of each.
    let treatments: [[String]]
    let firstDoseByTreatment: [[String: Double]]
    /// Median days between a patient's consecutive doses.
    let dosingIntervalDays: Double?

    var count: Int { index.count }

    init(study: Study, options: EscalationConduct.Options) throws {
        guard let dm = study["DM"], study["EX"] != nil else {
            throw ReadoutError(
                file: study.folder, code: "escalation-data", "the study needs DM and EX to conduct an escalation",
                expected: "DM and EX domains")
        }
        index = SubjectIndex(dm: dm)
        // First dose and its level, by the study's dose rule.
        let exposure = Exposure.read(study, subjects: index)
        firstDay = exposure.map(\.firstDose)
        firstDose = exposure.map(\.firstLevel)
        treatments = exposure.map(\.treatments)
        firstDoseByTreatment = exposure.map(\.firstLevelByTreatment)
        dosingIntervalDays = Self.medianGap(exposure.map { $0.doseDays.map(\.dayNumber) })
        expansionArm = Self.expansionArms(dm: dm, index: index, marker: options.expansionMarker)
        dlt = Self.dlts(study: study, index: index, firstDay: firstDay, options: options)
        lastKnown = Self.lastKnownDates(study: study, index: index)
        // Evaluable: a DLT in the window, or followed through the window (on study past its end).
        evaluable = (0..<index.count).map { [firstDay, dlt, lastKnown] i -> Bool in
            guard let f = firstDay[i] else { return false }
            return dlt[i] || (lastKnown[i].map { $0.dayNumber - f.dayNumber >= options.windowDays } ?? false)
        }
    }

    /// A one-drug conduct of a study whose subjects receive two treatments would take whichever
    /// dose came first for the level: refused, naming the subjects and pointing to the combination
    /// conduct.
    func refuseCombination(_ study: Study) throws {
        let two = (0..<count).filter { escalates($0) && treatments[$0].count > 1 }
        guard let first = two.first else { return }
        throw ReadoutError(
            file: study.folder, code: "escalation-combination",
            "\(two.count) escalation subject\(two.count == 1 ? "" : "s") received more than one treatment "
                + "(\(index.ids[first]): " + treatments[first].joined(separator: ", ")
                + "): this is a combination study",
            expected: "one study drug per subject, or readout escalate STUDY --combination (docs/combinations.md)")
    }

    /// `subjects` in order of first dose (then position) grouped into cohorts: consecutive subjects
    /// with the same `dose` (a level, or a pair of levels), up to `size` each. Every conduct's rule.
    func cohorts<Dose: Equatable>(_ subjects: [Int], size: Int, dose: (Int) -> Dose) -> [[Int]] {
        var groups: [[Int]] = []
        for i in subjects.sorted(by: { (firstDay[$0]!, $0) < (firstDay[$1]!, $1) }) {
            if let last = groups.last, dose(last[0]) == dose(i), last.count < size {
                groups[groups.count - 1].append(i)
            } else {
                groups.append([i])
            }
        }
        return groups
    }

    /// Whether subject `i` is in the escalation: dosed with a positive dose, in no expansion arm.
    /// Placebo (a dose of zero, counted by the dose rule) is no level of the escalation.
    func escalates(_ i: Int) -> Bool { expansionArm[i] == nil && firstDay[i] != nil && (firstDose[i] ?? 0) > 0 }

    /// The escalation's dose levels, increasing.
    func escalationDoses() -> [Double] {
        Array(Set((0..<count).filter(escalates).compactMap { firstDose[$0] })).sorted()
    }

    /// The schedule: the median number of days between a patient's consecutive doses.
    static func medianGap(_ doseDays: [[Int]]) -> Double? {
        var gaps: [Int] = []
        for days in doseDays {
            let d = Set(days).sorted()
            for k in d.indices.dropFirst() { gaps.append(d[k] - d[k - 1]) }
        }
        gaps.sort()
        guard !gaps.isEmpty else { return nil }
        let mid = gaps.count / 2
        return gaps.count % 2 == 1 ? Double(gaps[mid]) : Double(gaps[mid - 1] + gaps[mid]) / 2
    }

    /// The expansion arm of each subject: ARM (else the variable) when COHORT, ARMCD or ARM holds the marker.
    static func expansionArms(dm: Dataset, index: SubjectIndex, marker: String) -> [String?] {
        var arms = [String?](repeating: nil, count: index.count)
        let positions = index.positions(in: dm)
        for r in 0..<dm.recordCount {
            guard let i = positions[r] else { continue }
            for v in ["COHORT", "ARMCD", "ARM"]
            where dm.has(v) && dm.string(r, v).uppercased().contains(marker.uppercased()) {
                arms[i] = dm.has("ARM") ? dm.string(r, "ARM") : dm.string(r, v)
            }
        }
        return arms
    }

    /// A DLT: an AE flagged Y by the DLT flag with onset inside the window from the first dose.
    static func dlts(
        study: Study, index: SubjectIndex, firstDay: [CalendarDate?], options: EscalationConduct.Options
    ) -> [Bool] {
        var dlt = [Bool](repeating: false, count: index.count)
        guard let ae = study["AE"], let flag = ae.index(of: options.dltFlag), let onsetCol = ae.index(of: "AESTDTC")
        else { return dlt }
        let positions = index.positions(in: ae)
        for r in 0..<ae.recordCount where ae.trimmed(r, flag).uppercased() == "Y" {
            guard let i = positions[r], let start = firstDay[i], let onset = study.dates.start(ae.string(r, onsetCol))
            else { continue }
            let d = onset.dayNumber - start.dayNumber
            if d >= 0 && d < options.windowDays { dlt[i] = true }
        }
        return dlt
    }

    /// The latest date of any record of each subject (every domain but SUPP--).
    static func lastKnownDates(study: Study, index: SubjectIndex) -> [CalendarDate?] {
        var lastKnown = [CalendarDate?](repeating: nil, count: index.count)
        for (name, ds) in study.datasets where !name.hasPrefix("SUPP") {
            guard let dv = DomainRules.dateVariable(for: ds), let c = ds.index(of: dv) else { continue }
            let p = index.positions(in: ds)
            let known = ds.mapValues(c) { study.dates.start($0) }
            for r in 0..<ds.recordCount {
                if let i = p[r], let d = known[r], lastKnown[i] == nil || d > lastKnown[i]! { lastKnown[i] = d }
            }
        }
        return lastKnown
    }
}

import ReadoutCore

/// What each subject received, from EX by the study's dose rule (`DataRules.dose`): the one place
/// that decides which records are doses, so that first dose, cycles, last dose, dose levels and
/// the escalation's cohorts agree.
public struct SubjectExposure: Sendable, Equatable {
    /// First day of a counted dose (EXSTDTC, start role).
    public var firstDose: CalendarDate?
    /// Last day of a counted dose (EXENDTC, end role; EXSTDTC when EXENDTC is blank or absent).
    public var lastDose: CalendarDate?
    /// Distinct days on which a counted dose started, in order.
    public var doseDays: [CalendarDate] = []
    /// EXDOSE of the first counted dose, and the lowest counted.
    public var firstLevel: Double?
    public var lowestLevel: Double?
    /// EX records not counted as doses (blank or zero EXDOSE outside the rule, undated).
    public var recordsNotCounted = 0
    /// The treatments (EXTRT) of counted doses, in order of first appearance, and the EXDOSE of each
    /// one's first counted dose (a combination study gives two).
    public var treatments: [String] = []
    public var firstLevelByTreatment: [String: Double] = [:]

    /// A subject with no dose yet.
    public init() {}
}

/// The one reader of doses (EX), by the study's dose rule: first and last dose, cycles, dose levels.
public enum Exposure {
    /// Every DM subject's exposure, in `subjects` order.
    public static func read(_ study: Study, subjects: SubjectIndex) -> [SubjectExposure] {
        var out = [SubjectExposure](repeating: SubjectExposure(), count: subjects.count)
        guard let ex = study["EX"], ex.has("USUBJID"), let startColumn = ex.index(of: "EXSTDTC") else { return out }
        let dates = study.dates
        let rule = study.rules.dose
        let pos = subjects.positions(in: ex)
        let doseColumn = ex.index(of: "EXDOSE")
        let treatmentColumn = ex.index(of: "EXTRT")
        let starts = ex.mapValues(startColumn) { dates.start($0) }
        let ends = ex.index(of: "EXENDTC").map { c in ex.mapValues(c) { dates.end($0) } }
        var days = [[Int]](repeating: [], count: subjects.count)
        var firstDay = [[String: CalendarDate]](repeating: [:], count: subjects.count)
        for r in 0..<ex.recordCount {
            guard let i = pos[r] else { continue }
            let dose = doseColumn.flatMap { ex.double(r, $0) }
            let treatment = treatmentColumn.map { ex.trimmed(r, $0) } ?? ""
            let isDose = rule.isDose(dose, treatment: treatment, hasDoseVariable: doseColumn != nil)
            guard let day = starts[r], isDose else {
                out[i].recordsNotCounted += 1
                continue
            }
            days[i].append(day.dayNumber)
            if !out[i].treatments.contains(treatment) { out[i].treatments.append(treatment) }
            if let d = dose,
                out[i].firstLevelByTreatment[treatment] == nil || day < firstDay[i][treatment, default: day]
            {
                out[i].firstLevelByTreatment[treatment] = d
                firstDay[i][treatment] = day
            }
            if out[i].firstDose == nil || day < out[i].firstDose! {
                out[i].firstDose = day
                out[i].firstLevel = dose
            }
            let last = max(ends?[r] ?? day, day)
            if out[i].lastDose == nil || last > out[i].lastDose! { out[i].lastDose = last }
            if let d = dose { out[i].lowestLevel = min(out[i].lowestLevel ?? d, d) }
        }
        for i in out.indices where !days[i].isEmpty {
            days[i].sort()
            var distinct: [CalendarDate] = []
            distinct.reserveCapacity(days[i].count)
            for d in days[i] where distinct.last?.dayNumber != d { distinct.append(CalendarDate(dayNumber: d)) }
            out[i].doseDays = distinct
        }
        return out
    }

    /// The dose unit of the study (EXDOSU of the first record that has one), for labels.
    public static func unit(_ study: Study) -> String? {
        guard let ex = study["EX"], let c = ex.index(of: "EXDOSU") else { return nil }
        return (0..<ex.recordCount).lazy.map { ex.trimmed($0, c) }.first { !$0.isEmpty }
    }
}

import ReadoutCore

/// Checks across domains, in the spirit of CDISC CORE and Pinnacle 21 rules, run after the
/// cut-off with the study's rules (a subject's doses are those the dose rule counts). Each
/// finding names the file, record, variable and value. docs/study-data.md lists them.
public enum CrossDomainChecks {
    /// Adds the findings that need several domains (docs/study-data.md, "Checks across domains").
    public static func run(_ study: Study, problems: inout ProblemLog) {
        guard let dm = study["DM"] else { return }
        let index = SubjectIndex(dm: dm)
        if let ex = study["EX"], ex.recordCount == 0 {
            problems.add(
                Problem(
                    .warning, "ex-empty", file: ex.source.path, variable: "EX",
                    expected: "at least one exposure record",
                    message: "EX has no records on or before the cut-off, so no subject is treated"))
        }
        let exposure = Exposure.read(study, subjects: index)
        assessedWithoutDose(study, index: index, exposure: exposure, problems: &problems)
        measurementsWithoutLesion(study, problems: &problems)
        responsesBeforeFirstDose(study, index: index, exposure: exposure, problems: &problems)
    }

    /// Subjects with RS, TU or TR records but no dose counted in EX: their responses cannot be
    /// derived (a placebo arm under the `positive` rule, a missing EX file, an EXDOSE left blank).
    static func assessedWithoutDose(
        _ study: Study, index: SubjectIndex, exposure: [SubjectExposure],
        problems: inout ProblemLog
    ) {
        var firstRecord = [(domain: String, row: Int)?](repeating: nil, count: index.count)
        var counts = [[String: Int]](repeating: [:], count: index.count)
        for domain in ["RS", "TU", "TR"] {
            guard let ds = study[domain] else { continue }
            for (r, p) in index.positions(in: ds).enumerated() {
                guard let i = p, exposure[i].firstDose == nil else { continue }
                if firstRecord[i] == nil { firstRecord[i] = (domain, r) }
                counts[i][domain, default: 0] += 1
            }
        }
        let rule = study.rules.dose
        let expected =
            study["EX"] == nil
            ? "an EX domain with the subject's doses"
            : "an EX record that is a dose (dose rule \(rule.kind.rawValue))"
        for i in 0..<index.count {
            guard let (domain, row) = firstRecord[i], let ds = study[domain] else { continue }
            let what = ["RS", "TU", "TR"].compactMap { d in counts[i][d].map { "\($0) \(d)" } }.joined(separator: ", ")
            let notCounted = exposure[i].recordsNotCounted
            let why = notCounted > 0 ? "; \(notCounted) EX record(s) of the subject are not doses under the rule" : ""
            problems.add(
                Problem(
                    .warning, "assessed-not-dosed", file: ds.source.path, location: ds.location(row),
                    variable: "USUBJID", value: index.ids[i], expected: expected,
                    message: "the subject has \(what) record(s) but no dose counted in EX\(why); "
                        + "its responses and times to event are not derived"))
        }
    }

    /// TR records whose lesion (TRLNKID) the subject's TU does not identify.
    static func measurementsWithoutLesion(_ study: Study, problems: inout ProblemLog) {
        guard let tr = study["TR"], let tu = study["TU"], let ts = tr.index(of: "USUBJID"),
            let tl = tr.index(of: "TRLNKID"), let us = tu.index(of: "USUBJID"), let ul = tu.index(of: "TULNKID")
        else { return }
        var known = Set<String>()
        for r in 0..<tu.recordCount { known.insert(tu.trimmed(r, us) + "\u{1}" + tu.trimmed(r, ul)) }
        for r in 0..<tr.recordCount {
            let id = tr.trimmed(r, tl)
            guard !id.isEmpty, !known.contains(tr.trimmed(r, ts) + "\u{1}" + id) else { continue }
            problems.add(
                Problem(
                    .warning, "tr-lesion-unknown", file: tr.source.path, location: tr.location(r),
                    variable: "TRLNKID", value: id,
                    expected: "a lesion identified in TU (TULNKID) for subject \(tr.trimmed(r, ts))",
                    message: "the measurement's lesion is not in TU and is not used"))
        }
    }

    /// RS records dated before the subject's first dose.
    static func responsesBeforeFirstDose(
        _ study: Study, index: SubjectIndex, exposure: [SubjectExposure],
        problems: inout ProblemLog
    ) {
        guard let rs = study["RS"], let dc = rs.index(of: "RSDTC") else { return }
        let dates = study.dates
        let pos = index.positions(in: rs)
        let days = rs.mapValues(dc) { dates.start($0) }
        for r in 0..<rs.recordCount {
            guard let i = pos[r], let first = exposure[i].firstDose, let d = days[r], d < first else { continue }
            problems.add(
                Problem(
                    .warning, "rs-before-dose", file: rs.source.path, location: rs.location(r),
                    variable: "RSDTC", value: rs.string(r, dc),
                    expected: "an assessment on or after the first dose (\(first.iso))",
                    message: "the response assessment is dated before the subject's first dose "
                        + "and is not counted"))
        }
    }
}

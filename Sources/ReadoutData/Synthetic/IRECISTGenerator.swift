import Foundation
import ReadoutCore

/// Generates a synthetic single-arm immunotherapy study assessed by iRECIST: READOUTLIMAB 200 mg
/// every 3 weeks, tumour assessments every 6 weeks, overall responses recorded in RS as iRECIST
/// codes (RSCAT = iRECIST). The patients follow the patterns iRECIST was written for: responses,
/// stable disease, progression confirmed at the next assessment (iUPD then iCPD), progression
/// confirmed only later (iUPD, iUPD, iCPD), pseudo-progression (iUPD reset by a later iSD or iPR),
/// unconfirmed progression with no later assessment, and non-target disease only.
public struct IRECISTGenerator: SyntheticStudy {
    public struct Options: Sendable {
        /// The random seed: the same seed gives the same files.
        public var seed: UInt64 = 1
        public var subjects = 60
        public var studyID = "RDT-IO-001"
        public var start = CalendarDate(year: 2022, month: 1, day: 3)!
        /// Nothing is generated after this day (the study's data cut-off).
        public var cutoff = CalendarDate(year: 2023, month: 6, day: 30)!
        /// The defaults: 60 patients enrolled over a year from 2022-01-03, data to 2023-06-30.
        public init() {}
    }

    public let options: Options
    /// A generator with `options`.
    public init(options: Options = Options()) { self.options = options }

    /// A patient's course: the timepoint responses in order, and how treatment ended.
    enum Pattern: CaseIterable {
        case responder, stableThenProgression, pseudoProgression, confirmedAtNext, confirmedLater
        case unconfirmedThenStopped, nonTargetOnly, notEvaluableThenStable, earlyDeath
    }

    static func pattern(_ u: Double) -> Pattern {
        let weights: [(Pattern, Double)] = [
            (.responder, 0.20), (.stableThenProgression, 0.18), (.pseudoProgression, 0.14), (.confirmedAtNext, 0.15),
            (.confirmedLater, 0.07), (.unconfirmedThenStopped, 0.08), (.nonTargetOnly, 0.07),
            (.notEvaluableThenStable, 0.06), (.earlyDeath, 0.05),
        ]
        var sum = 0.0
        for (p, w) in weights {
            sum += w
            if u < sum { return p }
        }
        return .responder
    }

    /// The timepoint responses of a pattern (as many as the patient would have without a cut-off).
    static func responses(_ p: Pattern, rng: inout RandomSource) -> [String] {
        switch p {
        case .responder:
            let sd = rng.int(0...1)
            let pr = rng.int(2...6)
            let cr = rng.bernoulli(0.3) ? rng.int(1...3) : 0
            let end = rng.bernoulli(0.4) ? ["iUPD", "iCPD"] : []
            return Array(repeating: "iSD", count: sd) + Array(repeating: "iPR", count: pr)
                + Array(repeating: "iCR", count: cr) + end
        case .stableThenProgression:
            return Array(repeating: "iSD", count: rng.int(1...5)) + ["iUPD", "iCPD"]
        case .pseudoProgression:
            let after = [["iSD", "iPR", "iPR"], ["iSD", "iSD", "iSD", "iSD"], ["iPR", "iUPD", "iCPD"]][rng.int(0...2)]
            let end = rng.bernoulli(0.3) ? ["iUPD", "iCPD"] : []
            return ["iUPD"] + after + end
        case .confirmedAtNext:
            return (rng.bernoulli(0.5) ? ["iSD"] : []) + ["iUPD", "iCPD"]
        case .confirmedLater:
            return ["iUPD", "iUPD", "iCPD"]
        case .unconfirmedThenStopped:
            return Array(repeating: "iSD", count: rng.int(0...2)) + ["iUPD"]
        case .nonTargetOnly:
            let n = rng.int(2...6)
            return Array(repeating: "NON-iCR/NON-iUPD", count: n) + (rng.bernoulli(0.5) ? ["iUPD", "iCPD"] : [])
        case .notEvaluableThenStable:
            return ["NE"] + Array(repeating: "iSD", count: rng.int(1...3)) + ["iUPD", "iCPD"]
        case .earlyDeath:
            return []
        }
    }

    public func generate() -> [Table] {
        var rng = RandomSource(seed: options.seed)
        let o = options
        var dm = Table(
            name: "dm",
            header: [
                "STUDYID", "DOMAIN", "USUBJID", "SUBJID", "RFICDTC", "RFSTDTC", "RFXSTDTC", "DTHDTC", "DTHFL", "AGE",
                "SEX", "ARMCD", "ARM",
            ])
        var ex = Table(
            name: "ex",
            header: ["STUDYID", "DOMAIN", "USUBJID", "EXSEQ", "EXTRT", "EXDOSE", "EXDOSU", "EXSTDTC", "EXENDTC"])
        var ds = Table(
            name: "ds", header: ["STUDYID", "DOMAIN", "USUBJID", "DSSEQ", "DSDECOD", "DSCAT", "DSSCAT", "DSSTDTC"])
        var rs = Table(
            name: "rs",
            header: [
                "STUDYID", "DOMAIN", "USUBJID", "RSSEQ", "RSTESTCD", "RSTEST", "RSCAT", "RSORRES", "RSSTRESC",
                "RSEVAL", "VISITNUM", "VISIT", "RSDTC",
            ])
        for s in 1...o.subjects {
            let id = "\(o.studyID)-\(pad(s, 3))"
            // Enrolment spread over the first year, whatever the number of patients.
            let first = o.start.adding(days: (s - 1) * 360 / max(1, o.subjects) + rng.int(0...4))
            let consent = first.adding(days: -rng.int(7...21))
            let pattern = Self.pattern(rng.uniform())
            var results = Self.responses(pattern, rng: &rng)
            // Assessments every 6 weeks (a few days either way), none after the cut-off.
            var dates: [CalendarDate] = []
            for k in results.indices {
                let d = first.adding(days: 42 * (k + 1) + rng.int(-3...3))
                if d > o.cutoff { break }
                dates.append(d)
            }
            results = Array(results.prefix(dates.count))
            var death: CalendarDate? = nil
            var end: (CalendarDate, String)? = nil
            if pattern == .earlyDeath {
                death = first.adding(days: rng.int(15...35))
                end = (death!, "DEATH")
            } else if results.last == "iCPD" {
                end = (dates.last!.adding(days: 3), "PROGRESSIVE DISEASE")
            } else if pattern == .unconfirmedThenStopped, results.last == "iUPD" {
                end = (dates.last!.adding(days: rng.int(5...12)), "CLINICAL PROGRESSION")
            }
            let lastDose = min(end?.0 ?? o.cutoff, o.cutoff)
            var seq = 0
            var day = first
            while day <= lastDose && (end == nil || day < end!.0) {
                seq += 1
                ex.add([o.studyID, "EX", id, String(seq), "READOUTLIMAB", "200", "mg", day.iso, day.iso])
                day = day.adding(days: 21)
            }
            for (k, r) in results.enumerated() {
                rs.add([
                    o.studyID, "RS", id, String(k + 1), "OVRLRESP", "Overall Response", "iRECIST", r, r,
                    "INVESTIGATOR", String(k + 2), "WEEK \(6 * (k + 1))", dates[k].iso,
                ])
            }
            if let (d, why) = end, d <= o.cutoff {
                ds.add([o.studyID, "DS", id, "1", why, "DISPOSITION EVENT", "STUDY TREATMENT", d.iso])
            }
            dm.add([
                o.studyID, "DM", id, pad(s, 3), consent.iso, first.iso, first.iso, death?.iso ?? "",
                death == nil ? "" : "Y", String(rng.int(38...81)), rng.bernoulli(0.45) ? "F" : "M", "IO",
                "READOUTLIMAB",
            ])
        }
        return [dm, ex, ds, rs]
    }

}

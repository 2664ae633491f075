import Foundation
import ReadoutCore

/// Generates a synthetic two-drug combination dose-escalation study: READOUTMAB (1, 2, 4 mg/kg) and
/// READOUTNIB (100, 200, 300, 400 mg) given together every 3 weeks, cohorts of three on a 3 × 4 grid
/// of dose pairs, 30 patients. Each patient has two EX records per cycle, one per drug; DLTs are AE
/// records flagged in SUPPAE (QNAM = AEDLT); responses come as RS overall responses.
public struct CombinationGenerator: SyntheticStudy {
    public struct Options: Sendable {
        /// The random seed: the same seed gives the same files.
        public var seed: UInt64 = 1
        public var studyID = "RDT-C1-001"
        /// Drug A's doses (mg/kg) and drug B's (mg).
        public var dosesA: [Double] = [1, 2, 4]
        public var dosesB: [Double] = [100, 200, 300, 400]
        public var start = CalendarDate(year: 2021, month: 3, day: 1)!
        /// The defaults: the path below.
        public init() {}
    }

    public let options: Options
    public init(options: Options = Options()) { self.options = options }

    /// The escalation path: (drug A level, drug B level, DLTs among the three) per cohort, in time order.
    static let path: [(Int, Int, Int)] = [
        (0, 0, 0), (1, 0, 0), (1, 1, 0), (2, 1, 1), (2, 1, 0), (2, 2, 2), (1, 2, 0), (1, 2, 1), (1, 3, 2), (1, 2, 0),
    ]

    public func generate() -> [Table] {
        var rng = RandomSource(seed: options.seed)
        let o = options
        var dm = Table(
            name: "dm",
            header: [
                "STUDYID", "DOMAIN", "USUBJID", "SUBJID", "RFICDTC", "RFSTDTC", "RFXSTDTC", "AGE", "SEX", "ARMCD",
                "ARM", "COHORT",
            ])
        var ex = Table(
            name: "ex",
            header: ["STUDYID", "DOMAIN", "USUBJID", "EXSEQ", "EXTRT", "EXDOSE", "EXDOSU", "EXSTDTC", "EXENDTC"])
        var ae = Table(
            name: "ae",
            header: [
                "STUDYID", "DOMAIN", "USUBJID", "AESEQ", "AETERM", "AEDECOD", "AETOXGR", "AESER", "AEREL", "AESTDTC",
            ])
        var suppae = Table(
            name: "suppae", header: ["STUDYID", "RDOMAIN", "USUBJID", "IDVAR", "IDVARVAL", "QNAM", "QLABEL", "QVAL"])
        var ds = Table(
            name: "ds", header: ["STUDYID", "DOMAIN", "USUBJID", "DSSEQ", "DSDECOD", "DSCAT", "DSSCAT", "DSSTDTC"])
        var rs = Table(
            name: "rs", header: ["STUDYID", "DOMAIN", "USUBJID", "RSSEQ", "RSTESTCD", "RSSTRESC", "RSEVAL", "RSDTC"])
        var day = o.start
        var subject = 0
        for (k, step) in Self.path.enumerated() {
            let dlts = Set((0..<3).shuffled(using: &rng).prefix(step.2))
            for i in 0..<3 {
                subject += 1
                let id = "\(o.studyID)-\(pad(subject, 3))"
                let dlt = dlts.contains(i)
                let first = day.adding(days: rng.int(0...4))
                let consent = first.adding(days: -rng.int(5...14))
                let cycles = dlt ? rng.int(1...2) : rng.int(2...6)
                var seq = 0
                for c in 0..<cycles {
                    let date = first.adding(days: 21 * c).iso
                    for (drug, dose, unit) in [
                        ("READOUTMAB", o.dosesA[step.0], "mg/kg"), ("READOUTNIB", o.dosesB[step.1], "mg"),
                    ] {
                        seq += 1
                        ex.add([o.studyID, "EX", id, String(seq), drug, formatNumber(dose), unit, date, date])
                    }
                }
                var aeSeq = 0
                if dlt {
                    aeSeq += 1
                    let onset = first.adding(days: rng.int(5...18))
                    ae.add([o.studyID, "AE", id, "1", "Neutropenia", "Neutropenia", "4", "N", "RELATED", onset.iso])
                    suppae.add([o.studyID, "AE", id, "AESEQ", "1", "AEDLT", "Dose-limiting toxicity", "Y"])
                }
                aeSeq += 1
                ae.add([
                    o.studyID, "AE", id, String(aeSeq), "Nausea", "Nausea", "1", "N", "POSSIBLY RELATED",
                    first.adding(days: rng.int(2...30)).iso,
                ])
                suppae.add([o.studyID, "AE", id, "AESEQ", String(aeSeq), "AEDLT", "Dose-limiting toxicity", "N"])
                // A PR at the higher pairs now and then; otherwise SD, then PD.
                let responds = !dlt && step.0 + step.1 >= 3 && rng.bernoulli(0.35)
                let results = responds ? ["PR", "PR", "SD"] : cycles >= 4 ? ["SD", "PD"] : ["PD"]
                for (j, r) in results.enumerated() {
                    rs.add([
                        o.studyID, "RS", id, String(j + 1), "OVRLRESP", r, "INVESTIGATOR",
                        first.adding(days: 42 * (j + 1) + 1).iso,
                    ])
                }
                ds.add([
                    o.studyID, "DS", id, "1", results.last == "PD" ? "PROGRESSIVE DISEASE" : "PHYSICIAN DECISION",
                    "DISPOSITION EVENT", "STUDY TREATMENT", first.adding(days: 21 * cycles + 7).iso,
                ])
                dm.add([
                    o.studyID, "DM", id, pad(subject, 3), consent.iso, first.iso, first.iso, String(rng.int(35...78)),
                    rng.bernoulli(0.5) ? "F" : "M", "ESC", "ESCALATION", "ESC\(k + 1)",
                ])
            }
            day = day.adding(days: 28 + rng.int(0...10))
        }
        return [dm, ex, ae, suppae, ds, rs]
    }

}

import Foundation
import ReadoutCore

/// Generates a synthetic first-in-human dose-escalation study shaped like the phase I disclosure in
/// the project's seeds: 0.15 to 7.5 mg/kg every 3 weeks, a 3+3 escalation whose MTD is 6.5 mg/kg,
/// then expansion cohorts at the MTD (mesothelioma, ovarian cancer); 42 patients in all. DLTs are
/// AE records flagged in SUPPAE (QNAM = AEDLT); responses come as RS overall responses.
public struct PhaseIGenerator: SyntheticStudy {
    /// What the synthetic phase I study looks like.
    public struct Options: Sendable {
        /// The random seed: the same seed gives the same files.
        public var seed: UInt64 = 1
        /// STUDYID of every record.
        public var studyID = "RDT-P1-001"
        /// The dose levels in mg/kg, escalated in order.
        public var doses: [Double] = [0.15, 0.3, 0.6, 1.2, 2.0, 3.0, 3.6, 4.5, 5.5, 6.5, 7.5]
        /// The first patient's first dose.
        public var start = CalendarDate(year: 2011, month: 6, day: 6)!
        /// Patients enrolled in each expansion cohort by the cut-off (mesothelioma, ovarian).
        public var expansion = [2, 1]
        /// The defaults: the seed's dose escalation with its expansion cohorts.
        public init() {}
    }

    public let options: Options
    /// A generator with `options`.
    public init(options: Options = Options()) { self.options = options }

    /// The escalation path: (dose index, DLTs among the three) per cohort, in time order.
    /// 1/3 at 3.6 and 6.5 mg/kg expand to six; 2/3 at 7.5 mg/kg stops escalation: MTD 6.5 mg/kg.
    static let path: [(Int, Int)] = [
        (0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 1), (6, 0), (7, 0), (8, 0), (9, 1), (9, 0), (10, 2),
    ]

    public func generate() -> [Table] {
        var rng = RandomSource(seed: options.seed)
        let o = options
        var dm = Table(
            name: "dm",
            header: [
                "STUDYID", "DOMAIN", "USUBJID", "SUBJID", "RFICDTC", "RFSTDTC", "RFXSTDTC", "DTHDTC", "DTHFL", "AGE",
                "SEX", "ARMCD", "ARM", "COHORT",
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
        // Responses (one subject per dose level): a confirmed PR at 6.5 mg/kg, an unconfirmed PR at
        // 5.5, durable SD (at least 18 weeks) at 3.6, 4.5 and 6.5.
        let story: [Int: [String]] = [
            9: ["PR", "PR", "PR", "SD"], 8: ["PR", "SD", "PD"], 6: ["SD", "SD", "SD", "SD"],
            7: ["SD", "SD", "SD", "SD"],
        ]
        var durableAtMTD = false
        var used = Set<Int>()
        func enrol(dose d: Int, dlt: Bool, cohort: String, arm: String) {
            subject += 1
            let id = "\(o.studyID)-\(pad(subject, 3))"
            let first = day.adding(days: rng.int(0...4))
            let consent = first.adding(days: -rng.int(5...14))
            let inStory = !dlt && !used.contains(d) && story[d] != nil && cohort != "EXPANSION"
            let durableSecond = !dlt && d == 9 && used.contains(9) && !durableAtMTD && cohort != "EXPANSION"
            let cycles = dlt ? rng.int(1...2) : inStory || durableSecond ? 9 : rng.int(2...5)
            for c in 0..<cycles {
                ex.add([
                    o.studyID, "EX", id, String(c + 1), "READOUTMAB", formatNumber(o.doses[d]), "mg/kg",
                    first.adding(days: 21 * c).iso, first.adding(days: 21 * c).iso,
                ])
            }
            var aeSeq = 0
            if dlt {
                aeSeq += 1
                let onset = first.adding(days: rng.int(5...18))
                ae.add([
                    o.studyID, "AE", id, String(aeSeq), "Keratitis", "Keratitis", "3", "N", "PROBABLY RELATED",
                    onset.iso,
                ])
                suppae.add([o.studyID, "AE", id, "AESEQ", String(aeSeq), "AEDLT", "Dose-limiting toxicity", "Y"])
            }
            aeSeq += 1
            ae.add([
                o.studyID, "AE", id, String(aeSeq), "Fatigue", "Fatigue", "1", "N", "POSSIBLY RELATED",
                first.adding(days: rng.int(2...30)).iso,
            ])
            suppae.add([o.studyID, "AE", id, "AESEQ", String(aeSeq), "AEDLT", "Dose-limiting toxicity", "N"])
            // Responses every 6 weeks.
            var results: [String]
            if inStory {
                results = story[d]!
                used.insert(d)
            } else if durableSecond {
                results = ["SD", "SD", "SD", "SD"]
                durableAtMTD = true
            } else {
                results = cycles >= 4 ? ["SD", "PD"] : ["PD"]
            }
            for (k, r) in results.enumerated() {
                rs.add([
                    o.studyID, "RS", id, String(k + 1), "OVRLRESP", r, "INVESTIGATOR",
                    first.adding(days: 42 * (k + 1) + 1).iso,
                ])
            }
            let end = first.adding(days: 21 * cycles + 7)
            ds.add([
                o.studyID, "DS", id, "1",
                results.last == "PD" ? "PROGRESSIVE DISEASE" : dlt ? "ADVERSE EVENT" : "PHYSICIAN DECISION",
                "DISPOSITION EVENT", "STUDY TREATMENT", end.iso,
            ])
            dm.add([
                o.studyID, "DM", id, pad(subject, 3), consent.iso, first.iso, first.iso, "", "",
                String(rng.int(35...78)), rng.bernoulli(0.5) ? "F" : "M",
                arm == "ESCALATION" ? "ESC" : arm == "MESOTHELIOMA" ? "EXPMESO" : "EXPOVAR", arm, cohort,
            ])
        }
        for (k, step) in Self.path.enumerated() {
            let dlts = Set((0..<3).shuffled(using: &rng).prefix(step.1))
            for i in 0..<3 { enrol(dose: step.0, dlt: dlts.contains(i), cohort: "ESC\(k + 1)", arm: "ESCALATION") }
            day = day.adding(days: 28 + rng.int(0...10))
        }
        // Expansion cohorts at the MTD.
        let mtd = 9
        for (arm, count) in zip(["MESOTHELIOMA", "OVARIAN"], o.expansion) {
            for _ in 0..<count {
                enrol(dose: mtd, dlt: false, cohort: "EXPANSION", arm: arm)
                day = day.adding(days: 9)
            }
        }
        return [dm, ex, ae, suppae, ds, rs]
    }

}

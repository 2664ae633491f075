import Foundation
import ReadoutCore

/// Generates a synthetic single-arm phase II oncology study, deterministically from a seed, shaped
/// like the disclosure in the project's seeds: metastatic breast cancer, an antibody-drug conjugate
/// at 3.6 mg/kg every 3 weeks, RECIST 1.1 assessments every 6 weeks, prior trastuzumab for all,
/// lapatinib and anthracyclines for some, a central HER2 result for most.
///
/// The lesion measurements (TU/TR) come first; the investigator's visit responses (RS) are derived
/// from them with RECIST 1.1, so that the data are internally consistent. Nothing here is real.
public struct PhaseIIGenerator: SyntheticStudy {
    /// What the synthetic phase II study looks like.
    public struct Options: Sendable {
        /// The random seed: the same seed gives the same files.
        public var seed: UInt64 = 1
        /// Subjects enrolled on or before `cutoff`.
        public var subjects = 112
        /// Further subjects enrolled after the cut-off (to exercise it).
        public var lateSubjects = 3
        /// STUDYID of every record.
        public var studyID = "RDT-P2-001"
        /// The first subject's earliest possible enrolment.
        public var firstEnrolment = CalendarDate(year: 2007, month: 7, day: 2)!
        public var cutoff = CalendarDate(year: 2008, month: 8, day: 29)!
        /// Data are generated up to this day (after the cut-off, so that the cut-off has work to do).
        public var extraction = CalendarDate(year: 2008, month: 9, day: 30)!
        /// The defaults: 112 subjects by the 2008-08-29 cut-off, three after it.
        public init() {}
    }

    public let options: Options
    /// A generator with `options`.
    public init(options: Options = Options()) { self.options = options }

    static let sites = ["101", "102", "103", "104", "105", "201", "202", "203", "301", "302"]
    static let locations = [
        "LIVER", "LUNG", "BONE", "LYMPH NODE", "BREAST", "CHEST WALL", "PLEURA", "SKIN", "BRAIN", "ADRENAL GLAND",
    ]

    /// The domains being written, one table each.
    struct Tables {
        var dm = Table(
            name: "dm",
            header: [
                "STUDYID", "DOMAIN", "USUBJID", "SUBJID", "SITEID", "RFICDTC", "RFSTDTC", "RFXSTDTC", "RFXENDTC",
                "RFENDTC", "DTHDTC", "DTHFL", "AGE", "AGEU", "SEX", "RACE", "ARMCD", "ARM", "ACTARMCD", "ACTARM",
                "COUNTRY",
            ])
        var ds = Table(
            name: "ds",
            header: ["STUDYID", "DOMAIN", "USUBJID", "DSSEQ", "DSTERM", "DSDECOD", "DSCAT", "DSSCAT", "DSSTDTC"])
        var ex = Table(
            name: "ex",
            header: [
                "STUDYID", "DOMAIN", "USUBJID", "EXSEQ", "EXTRT", "EXDOSE", "EXDOSU", "EXDOSFRQ", "EXROUTE", "VISITNUM",
                "VISIT", "EXSTDTC", "EXENDTC",
            ])
        var tu = Table(
            name: "tu",
            header: [
                "STUDYID", "DOMAIN", "USUBJID", "TUSEQ", "TULNKID", "TUTESTCD", "TUTEST", "TUORRES", "TUSTRESC",
                "TULOC", "TUMETHOD", "TUEVAL", "VISITNUM", "VISIT", "TUDTC",
            ])
        var tr = Table(
            name: "tr",
            header: [
                "STUDYID", "DOMAIN", "USUBJID", "TRSEQ", "TRLNKID", "TRTESTCD", "TRTEST", "TRORRES", "TRORRESU",
                "TRSTRESC", "TRSTRESN", "TRSTRESU", "TREVAL", "VISITNUM", "VISIT", "TRDTC",
            ])
        var rs = Table(
            name: "rs",
            header: [
                "STUDYID", "DOMAIN", "USUBJID", "RSSEQ", "RSTESTCD", "RSTEST", "RSCAT", "RSORRES", "RSSTRESC", "RSEVAL",
                "VISITNUM", "VISIT", "RSDTC",
            ])
        var ae = Table(
            name: "ae",
            header: [
                "STUDYID", "DOMAIN", "USUBJID", "AESEQ", "AETERM", "AEDECOD", "AESEV", "AETOXGR", "AESER", "AEREL",
                "AEACN", "AESTDTC", "AEENDTC",
            ])
        var suppae = Table(
            name: "suppae", header: ["STUDYID", "RDOMAIN", "USUBJID", "IDVAR", "IDVARVAL", "QNAM", "QLABEL", "QVAL"])
        var cm = Table(
            name: "cm", header: ["STUDYID", "DOMAIN", "USUBJID", "CMSEQ", "CMTRT", "CMCAT", "CMSTDTC", "CMENDTC"])
        var adsl = Table(name: "adsl", header: ["USUBJID", "HER2CENT", "TUMTYPE", "ECOGBL"])

        var all: [Table] { [dm, ds, ex, tu, tr, rs, ae, suppae, cm, adsl] }
    }

    /// Who is enrolled when, and which subjects have no target lesion, a dose reduction or an
    /// AE withdrawal; drawn before any subject is written.
    struct EnrolmentPlan {
        var enrol: [CalendarDate]
        var noTarget: Set<Int>
        var reduced: Set<Int>
        var aeWithdrawn: Set<Int>
    }

    /// A subject's underlying tumour behaviour and what ends their follow-up.
    struct Disease {
        var kind: Course
        var depth: Double
        var regrowAfter: Int
        /// Withdrawal by subject, in days (Int.max when never).
        var dropout: Int
        var dies: Bool
    }

    /// How a subject's treatment went.
    struct Treatment {
        var endOfTreatment: (day: CalendarDate, reason: String)?
        var lastDose: CalendarDate
        var progressed: Bool
        var reduceAt: Int
    }

    /// Sequence numbers of the subject's records, by domain.
    typealias Sequences = (ds: Int, ex: Int, tu: Int, tr: Int, rs: Int, ae: Int, cm: Int)

    /// All domains of the study as tables, keyed by file stem (dm, ds, ex, ...). Random draws are
    /// made in one fixed order (the plan, then subject by subject), so the files are the same for a seed.
    public func generate() -> [Table] {
        var rng = RandomSource(seed: options.seed)
        var tables = Tables()
        let plan = enrolmentPlan(&rng)
        for i in 0..<(options.subjects + options.lateSubjects) { subject(i, plan: plan, rng: &rng, into: &tables) }
        return tables.all
    }

    func enrolmentPlan(_ rng: inout RandomSource) -> EnrolmentPlan {
        let o = options
        let accrualDays = max(1, CalendarDate.days(from: o.firstEnrolment, to: o.cutoff) - 20)
        // Enrolment days: sorted uniform draws, the late subjects after the cut-off.
        var enrol = (0..<o.subjects).map { _ in o.firstEnrolment.adding(days: rng.int(0...accrualDays)) }.sorted()
        enrol += (0..<o.lateSubjects).map { _ in o.cutoff.adding(days: rng.int(24...30)) }.sorted()
        // Which subjects are not evaluable (no target lesion at baseline), reduced, AE-withdrawn.
        let noTarget = Set((0..<o.subjects).filter { _ in rng.bernoulli(5.0 / 112.0) })
        var reduced = Set<Int>()
        var aeWithdrawn = Set<Int>()
        while reduced.count < min(3, o.subjects / 30 + 1) { reduced.insert(rng.int(0...(max(0, o.subjects / 2)))) }
        while aeWithdrawn.count < min(2, o.subjects / 50 + 1) {
            let k = rng.int(0...(o.subjects - 1))
            if !reduced.contains(k) { aeWithdrawn.insert(k) }
        }
        return EnrolmentPlan(enrol: enrol, noTarget: noTarget, reduced: reduced, aeWithdrawn: aeWithdrawn)
    }

    /// Every record of subject `i`, in the order its draws are made.
    func subject(_ i: Int, plan: EnrolmentPlan, rng: inout RandomSource, into tables: inout Tables) {
        let o = options
        let subjid = pad(i + 1 + 1000, 4)
        let site = Self.sites[i % Self.sites.count]
        let usubjid = "\(o.studyID)-\(site)-\(subjid)"
        let consent = plan.enrol[i].adding(days: -rng.int(3...20))
        let firstDose = plan.enrol[i]
        let age = min(85, max(27, Int(53 + 11 * rng.normal())))
        let disease = self.disease(&rng)
        var seq: Sequences = (ds: 0, ex: 0, tu: 0, tr: 0, rs: 0, ae: 0, cm: 0)
        let lesions = baselineLesions(
            usubjid, firstDose: firstDose, noTarget: plan.noTarget.contains(i), seq: &seq, rng: &rng,
            into: &tables)
        let t = treatment(
            usubjid, firstDose: firstDose, disease: disease, lesions: lesions, reduced: plan.reduced.contains(i),
            aeWithdrawn: plan.aeWithdrawn.contains(i), seq: &seq, rng: &rng, into: &tables)
        var death: CalendarDate? = nil
        if disease.dies, let e = t.endOfTreatment, t.progressed {
            let d = e.day.adding(days: rng.int(20...120))
            if d <= o.extraction { death = d }
        }
        if let e = t.endOfTreatment {
            seq.ds += 1
            let decod = e.reason
            tables.ds.add([
                o.studyID, "DS", usubjid, String(seq.ds), decod.capitalized, decod, "DISPOSITION EVENT",
                "STUDY TREATMENT", e.day.iso,
            ])
        }
        if let d = death {
            seq.ds += 1
            tables.ds.add([
                o.studyID, "DS", usubjid, String(seq.ds), "Death", "DEATH", "DISPOSITION EVENT", "STUDY PARTICIPATION",
                d.iso,
            ])
        }
        seq.ds += 1
        tables.ds.add([
            o.studyID, "DS", usubjid, String(seq.ds), "Informed consent obtained", "INFORMED CONSENT OBTAINED",
            "PROTOCOL MILESTONE", "", consent.iso,
        ])
        let rfend = death ?? t.endOfTreatment?.day
        let sex = rng.bernoulli(0.01) ? "M" : "F"
        let race = rng.pick(["WHITE", "WHITE", "WHITE", "BLACK OR AFRICAN AMERICAN", "ASIAN"])
        let country = rng.pick(["USA", "USA", "CAN"])
        tables.dm.add([
            o.studyID, "DM", usubjid, subjid, site, consent.iso, firstDose.iso, firstDose.iso, t.lastDose.iso,
            rfend?.iso ?? "",
            death?.iso ?? "", death == nil ? "" : "Y", String(age), "YEARS", sex, race, "RDT36",
            "Readoutmab 3.6 mg/kg Q3W",
            "RDT36", "Readoutmab 3.6 mg/kg Q3W", country,
        ])
        adverseEvents(
            usubjid, firstDose: firstDose, treatment: t, reduced: plan.reduced.contains(i),
            aeWithdrawn: plan.aeWithdrawn.contains(i),
            seq: &seq, rng: &rng, into: &tables)
        priorTherapy(usubjid, firstDose: firstDose, seq: &seq, rng: &rng, into: &tables)
        // Subject-level extras: central HER2 result for about four in five.
        let her2 = rng.bernoulli(0.8) ? (rng.bernoulli(0.744) ? "POSITIVE" : "NEGATIVE") : ""
        tables.adsl.add([usubjid, her2, "METASTATIC BREAST CANCER", String(rng.int(0...1))])
    }

    /// Disease course: the subject's underlying tumour behaviour.
    func disease(_ rng: inout RandomSource) -> Disease {
        let u = rng.uniform()
        let kind: Course = u < 0.42 ? .responder : u < 0.75 ? .stable : .progressor
        let depth =
            kind == .responder
            ? 0.3 + 0.7 * rng.uniform() : kind == .stable ? 0.15 * rng.normal() : -0.35 - 0.3 * rng.uniform()
        let regrowAfter =
            kind == .responder ? (rng.bernoulli(0.35) ? rng.int(2...6) : 99) : kind == .stable ? rng.int(3...9) : 1
        let dropout = rng.bernoulli(0.05) ? rng.int(30...200) : Int.max
        let dies = rng.bernoulli(0.04)
        return Disease(kind: kind, depth: depth, regrowAfter: regrowAfter, dropout: dropout, dies: dies)
    }

    /// Baseline lesions, identified (TU) and measured (TR) at screening.
    func baselineLesions(
        _ usubjid: String, firstDose: CalendarDate, noTarget: Bool, seq: inout Sequences, rng: inout RandomSource,
        into tables: inout Tables
    ) -> [Lesion] {
        let o = options
        var lesions: [Lesion] = []
        let nTarget = noTarget ? 0 : rng.int(1...4)
        for t in 0..<nTarget {
            let loc = rng.pick(Self.locations.filter { $0 != "BONE" && $0 != "BRAIN" })
            let node = loc == "LYMPH NODE"
            let size = node ? Double(rng.int(15...32)) : Double(rng.int(11...70))
            lesions.append(Lesion(id: "T\(pad(t + 1, 2))", kind: .target, location: loc, baseline: size, node: node))
        }
        let nNonTarget = rng.int(0...3) + (nTarget == 0 ? 1 : 0)
        for t in 0..<nNonTarget {
            let loc = rng.pick(Self.locations)
            lesions.append(
                Lesion(
                    id: "NT\(pad(t + 1, 2))", kind: .nonTarget, location: loc, baseline: 0, node: loc == "LYMPH NODE"))
        }
        let screening = firstDose.adding(days: -rng.int(1...14))
        for l in lesions {
            seq.tu += 1
            let res = l.kind == .target ? "TARGET" : "NON-TARGET"
            tables.tu.add([
                o.studyID, "TU", usubjid, String(seq.tu), l.id, "TUMIDENT", "Tumor Identification", res, res,
                l.location,
                "CT SCAN", "INVESTIGATOR", "1", "SCREENING", screening.iso,
            ])
            seq.tr += 1
            if l.kind == .target {
                let v = formatNumber(l.baseline)
                tables.tr.add([
                    o.studyID, "TR", usubjid, String(seq.tr), l.id, "LDIAM", "Longest Diameter", v, "mm", v, v, "mm",
                    "INVESTIGATOR", "1", "SCREENING", screening.iso,
                ])
            } else {
                tables.tr.add([
                    o.studyID, "TR", usubjid, String(seq.tr), l.id, "TUMSTATE", "Tumor State", "PRESENT", "", "PRESENT",
                    "", "",
                    "INVESTIGATOR", "1", "SCREENING", screening.iso,
                ])
            }
        }
        return lesions
    }

    /// Treatment (EX) every 3 weeks and assessments every 6, until an end of treatment or the extraction date.
    func treatment(
        _ usubjid: String, firstDose: CalendarDate, disease: Disease, lesions: [Lesion], reduced: Bool,
        aeWithdrawn: Bool,
        seq: inout Sequences, rng: inout RandomSource, into tables: inout Tables
    ) -> Treatment {
        let o = options
        var endOfTreatment: (day: CalendarDate, reason: String)? = nil
        var dose = 3.6
        let reduceAt = reduced ? rng.int(2...4) : Int.max
        let aeStopCycle = aeWithdrawn ? rng.int(2...5) : Int.max
        var cycle = 0
        var assessments = 0
        var nadir = lesions.filter { $0.kind == .target }.reduce(0) { $0 + $1.baseline }
        var lastDose = firstDose
        var progressed = false
        while endOfTreatment == nil {
            let day = firstDose.adding(days: cycle * 21 + (cycle == 0 ? 0 : rng.int(-1...2)))
            if day > o.extraction { break }
            if CalendarDate.days(from: firstDose, to: day) >= disease.dropout {
                endOfTreatment = (day, "WITHDRAWAL BY SUBJECT")
                break
            }
            if cycle + 1 >= aeStopCycle {
                endOfTreatment = (day.adding(days: -rng.int(1...5)), "ADVERSE EVENT")
                break
            }
            cycle += 1
            if cycle >= reduceAt { dose = 3.0 }
            seq.ex += 1
            tables.ex.add([
                o.studyID, "EX", usubjid, String(seq.ex), "READOUTMAB", formatNumber(dose), "mg/kg", "Q3W",
                "INTRAVENOUS",
                String(cycle + 1), "CYCLE \(cycle)", day.iso, day.iso,
            ])
            lastDose = day
            // Assessment every second cycle (6-weekly), a few days before the next dose.
            guard cycle % 2 == 0 else { continue }
            let aday = day.adding(days: 18 + rng.int(-3...3))
            if aday > o.extraction { break }
            assessments += 1
            let overall = assessment(
                usubjid, number: assessments, on: aday, disease: disease, lesions: lesions, nadir: &nadir,
                seq: &seq, rng: &rng, into: &tables)
            if overall == "PD" {
                progressed = true
                endOfTreatment = (aday.adding(days: rng.int(1...10)), "PROGRESSIVE DISEASE")
            }
        }
        return Treatment(endOfTreatment: endOfTreatment, lastDose: lastDose, progressed: progressed, reduceAt: reduceAt)
    }

    /// One assessment: lesion measurements (TR), new lesions (TU) and the RECIST 1.1 visit responses
    /// derived from them (RS, investigator and independent review). Returns the true overall response.
    func assessment(
        _ usubjid: String, number k: Int, on aday: CalendarDate, disease: Disease, lesions: [Lesion],
        nadir: inout Double,
        seq: inout Sequences, rng: inout RandomSource, into tables: inout Tables
    ) -> String {
        let o = options
        let (kind, depth, regrowAfter) = (disease.kind, disease.depth, disease.regrowAfter)
        let baselineSum = lesions.filter { $0.kind == .target }.reduce(0) { $0 + $1.baseline }
        var factor: Double
        switch kind {
        case .responder:
            factor = 1 - depth * (1 - exp(-Double(k) / 1.1))
            if k > regrowAfter { factor *= 1 + 0.45 * Double(k - regrowAfter) }
        case .stable:
            factor = 1 - depth + 0.04 * rng.normal()
            if k > regrowAfter { factor *= 1 + 0.35 * Double(k - regrowAfter) }
        case .progressor:
            factor = 1 - depth
        }
        var sum = 0.0
        var allGone = true
        var visitRows: [[String]] = []
        let visitNum = String(100 + k)
        let visit = "WEEK \(k * 6)"
        for l in lesions where l.kind == .target {
            var size = max(0, (l.baseline * factor + 1.5 * rng.normal()).rounded())
            if l.node {
                if size < 10 && factor < 0.45 { size = Double(rng.int(4...9)) }
            } else if factor < 0.08 {
                size = 0
            }
            if l.node ? size >= 10 : size > 0 { allGone = false }
            sum += size
            let v = formatNumber(size)
            visitRows.append([l.id, "LDIAM", "Longest Diameter", v, "mm", v, v, "mm"])
        }
        let ntProgression = kind != .responder && k > regrowAfter && rng.bernoulli(0.3)
        var ntAllGone = true
        for l in lesions where l.kind == .nonTarget {
            let state =
                ntProgression ? "UNEQUIVOCAL PROGRESSION" : (factor < 0.1 && kind == .responder ? "ABSENT" : "PRESENT")
            if state != "ABSENT" { ntAllGone = false }
            visitRows.append([l.id, "TUMSTATE", "Tumor State", state, "", state, "", ""])
        }
        let newLesion = (kind == .progressor && rng.bernoulli(0.4)) || (k > regrowAfter && rng.bernoulli(0.15))
        for row in visitRows {
            seq.tr += 1
            tables.tr.add(
                [o.studyID, "TR", usubjid, String(seq.tr)] + row + ["INVESTIGATOR", visitNum, visit, aday.iso])
        }
        if newLesion {
            seq.tu += 1
            tables.tu.add([
                o.studyID, "TU", usubjid, String(seq.tu), "NEW01", "TUMIDENT", "Tumor Identification", "NEW", "NEW",
                rng.pick(Self.locations), "CT SCAN", "INVESTIGATOR", visitNum, visit, aday.iso,
            ])
        }
        // RECIST 1.1 visit response from the measurements.
        let hasTarget = lesions.contains { $0.kind == .target }
        let target: String
        if !hasTarget {
            target = "NA"
        } else if allGone {
            target = "CR"
        } else if sum - nadir >= 0.2 * nadir && sum - nadir >= 5 {
            target = "PD"
        } else if (sum - baselineSum) / baselineSum <= -0.3 {
            target = "PR"
        } else {
            target = "SD"
        }
        let hasNonTarget = lesions.contains { $0.kind == .nonTarget }
        let nonTarget = !hasNonTarget ? "NA" : ntProgression ? "PD" : ntAllGone ? "CR" : "NON-CR/NON-PD"
        var overall: String
        if target == "PD" || nonTarget == "PD" || newLesion {
            overall = "PD"
        } else if target == "CR" && (nonTarget == "CR" || nonTarget == "NA") {
            overall = "CR"
        } else if target == "CR" || target == "PR" {
            overall = "PR"
        } else if target == "NA" {
            overall = nonTarget == "CR" ? "CR" : "NON-CR/NON-PD"
        } else {
            overall = "SD"
        }
        if hasTarget { nadir = min(nadir, sum) }
        // Readers disagree now and then: the investigator with the measurements (rarely), the
        // independent review with the investigator (more often). PD is never changed.
        func perturb(_ r: String) -> String {
            switch r {
            case "PR": return "SD"
            case "SD": return "PR"
            case "CR": return "PR"
            default: return r
            }
        }
        let recorded = rng.bernoulli(0.03) ? perturb(overall) : overall
        let independent = rng.bernoulli(0.1) ? perturb(overall) : overall
        for (cd, name, value) in [
            ("TRGRESP", "Target Response", target), ("NTRGRESP", "Non-target Response", nonTarget),
            ("NEWLIND", "New Lesion Indicator", newLesion ? "Y" : "N"), ("OVRLRESP", "Overall Response", recorded),
        ] {
            seq.rs += 1
            tables.rs.add([
                o.studyID, "RS", usubjid, String(seq.rs), cd, name, "RECIST 1.1", value, value, "INVESTIGATOR",
                visitNum, visit, aday.iso,
            ])
        }
        seq.rs += 1
        tables.rs.add([
            o.studyID, "RS", usubjid, String(seq.rs), "OVRLRESP", "Overall Response", "RECIST 1.1", independent,
            independent,
            "INDEPENDENT ASSESSOR", visitNum, visit, aday.iso,
        ])
        return overall
    }

    /// Adverse events (AE, with SUPPAE's treatment-emergent flag), including the one behind an AE
    /// withdrawal or a dose reduction.
    func adverseEvents(
        _ usubjid: String, firstDose: CalendarDate, treatment: Treatment, reduced: Bool, aeWithdrawn: Bool,
        seq: inout Sequences, rng: inout RandomSource, into tables: inout Tables
    ) {
        let o = options
        let aeTerms = [
            ("Fatigue", "Fatigue"), ("Nausea", "Nausea"), ("Low platelets", "Thrombocytopenia"),
            ("Headache", "Headache"),
            ("Raised ALT", "Alanine aminotransferase increased"), ("Epistaxis", "Epistaxis"), ("Pyrexia", "Pyrexia"),
        ]
        let nAE = rng.int(0...4)
        var aeDays: [(CalendarDate, String, String, String, String, String)] = []
        for _ in 0..<nAE {
            let start = firstDose.adding(
                days: rng.int(1...max(2, CalendarDate.days(from: firstDose, to: treatment.lastDose) + 10)))
            if start > o.extraction { continue }
            let t = rng.pick(aeTerms)
            let grade = rng.int(1...3)
            aeDays.append(
                (
                    start, t.0, t.1, String(grade),
                    rng.pick(["NOT RELATED", "UNLIKELY RELATED", "POSSIBLY RELATED", "PROBABLY RELATED"]),
                    "DOSE NOT CHANGED"
                ))
        }
        if aeWithdrawn, let e = treatment.endOfTreatment {
            aeDays.append(
                (e.day.adding(days: -3), "Low platelets", "Thrombocytopenia", "3", "POSSIBLY RELATED", "DRUG WITHDRAWN")
            )
        }
        if reduced {
            let rd = firstDose.adding(days: (treatment.reduceAt - 1) * 21 - 4)
            if rd <= o.extraction {
                aeDays.append(
                    (rd, "Raised ALT", "Alanine aminotransferase increased", "2", "PROBABLY RELATED", "DOSE REDUCED"))
            }
        }
        aeDays.sort { $0.0 < $1.0 }
        for a in aeDays {
            seq.ae += 1
            let end = a.0.adding(days: rng.int(2...30))
            tables.ae.add([
                o.studyID, "AE", usubjid, String(seq.ae), a.1, a.2,
                Int(a.3)! >= 3 ? "SEVERE" : Int(a.3)! == 2 ? "MODERATE" : "MILD", a.3,
                a.3 == "3" && rng.bernoulli(0.3) ? "Y" : "N", a.4, a.5, a.0.iso, end <= o.extraction ? end.iso : "",
            ])
            tables.suppae.add([
                o.studyID, "AE", usubjid, "AESEQ", String(seq.ae), "AETRTEM", "Treatment Emergent Flag", "Y",
            ])
        }
    }

    /// Prior cancer therapy (CM): trastuzumab for all, lapatinib and an anthracycline for some.
    func priorTherapy(
        _ usubjid: String, firstDose: CalendarDate, seq: inout Sequences, rng: inout RandomSource,
        into tables: inout Tables
    ) {
        let o = options
        var priorEnd = firstDose.adding(days: -rng.int(21...60))
        func prior(_ name: String, weeks: Double) {
            let days = max(7, Int(weeks * 7))
            let start = priorEnd.adding(days: -days)
            seq.cm += 1
            tables.cm.add([
                o.studyID, "CM", usubjid, String(seq.cm), name, "PRIOR CANCER THERAPY", start.iso, priorEnd.iso,
            ])
            priorEnd = start.adding(days: -rng.int(14...40))
        }
        if rng.bernoulli(0.554) { prior("LAPATINIB", weeks: 26.3 * exp(0.5 * rng.normal())) }
        prior("TRASTUZUMAB", weeks: 76.6 * exp(0.45 * rng.normal()))
        if rng.bernoulli(0.679) { prior(rng.pick(["DOXORUBICIN", "EPIRUBICIN"]), weeks: 18 * exp(0.3 * rng.normal())) }
    }

    enum Course { case responder, stable, progressor }

    struct Lesion {
        enum Kind { case target, nonTarget }
        var id: String
        var kind: Kind
        var location: String
        var baseline: Double
        var node: Bool
    }

}

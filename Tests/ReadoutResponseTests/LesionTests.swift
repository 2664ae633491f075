import Foundation
import ReadoutCore
import ReadoutData
import ReadoutTestSupport
import Testing

@testable import ReadoutResponse

/// RECIST 1.1 from lesion measurements, threshold by threshold.
@Suite(.temporaryFolders) struct LesionTests {
    static let dose = CalendarDate(iso: "2008-01-01")!

    /// Target lesions T1 (and T2 if given) measured at baseline (day -7) and at each visit.
    func assess(
        _ t1: [Double?], _ t2: [Double?]? = nil, node2: Bool = false, nonTarget: [LesionState]? = nil, newAt: Int? = nil
    ) -> SubjectLesionResult {
        var lesions = [
            Lesion(id: "T1", role: .target, location: "LIVER", isNode: false, identified: Self.dose.adding(days: -7))
        ]
        if t2 != nil {
            lesions.append(
                Lesion(
                    id: "T2", role: .target, location: "LYMPH NODE", isNode: node2,
                    identified: Self.dose.adding(days: -7)))
        }
        if nonTarget != nil {
            lesions.append(
                Lesion(
                    id: "NT1", role: .nonTarget, location: "BONE", isNode: false, identified: Self.dose.adding(days: -7)
                ))
        }
        if let n = newAt {
            lesions.append(
                Lesion(
                    id: "NEW1", role: .new, location: "LUNG", isNode: false, identified: Self.dose.adding(days: 42 * n))
            )
        }
        var m: [(id: String, date: CalendarDate, visit: String, state: LesionState)] = []
        for (k, v) in t1.enumerated() {
            let date = Self.dose.adding(days: k == 0 ? -7 : 42 * k)
            if let v { m.append(("T1", date, "V\(k)", .diameter(v))) }
            if let t2, let w = t2[k] { m.append(("T2", date, "V\(k)", .diameter(w))) }
            if let nt = nonTarget { m.append(("NT1", date, "V\(k)", k == 0 ? .present : nt[k - 1])) }
        }
        return RECISTLesions.assess(subject: "S", lesions: lesions, measurements: m, firstDose: Self.dose)
    }

    @Test func thirtyPercentDecreaseIsPR() {
        let r = assess([100, 71, 70])
        #expect(r.assessments.map(\.target) == ["SD", "PR"])
        #expect(r.assessments[1].percentChangeFromBaseline == -30)
        #expect(r.bestPercentChange == -30)
    }

    @Test func twentyPercentAndFiveMillimetresOverNadirIsPD() {
        // Nadir 20 after baseline 100: 24 is +20% but only +4 mm, 25 is +25% and +5 mm.
        let r = assess([100, 20, 24, 25])
        #expect(r.assessments.map(\.target) == ["PR", "PR", "PD"])
        #expect(r.assessments[2].nadir == 20)
        // Large lesions: +20% over the nadir is enough once it is also ≥5 mm.
        let big = assess([100, 90, 108])
        #expect(big.assessments.map(\.target) == ["SD", "PD"])
        let justBelow = assess([100, 90, 107.9])
        #expect(justBelow.assessments.map(\.target) == ["SD", "SD"])
    }

    @Test func nadirIsTakenAfterBaseline() {
        // Baseline 50, shrinks to 40 (SD), then 49: +22.5% over the nadir 40 and +9 mm → PD,
        // although still below baseline.
        let r = assess([50, 40, 49])
        #expect(r.assessments.map(\.target) == ["SD", "PD"])
        #expect(r.assessments[1].percentChangeFromBaseline! < 0)
    }

    @Test func newLesionIsPD() {
        let r = assess([50, 30, 30], nonTarget: [.present, .present], newAt: 2)
        #expect(r.assessments.map(\.overall) == [.pr, .pd])
        #expect(r.assessments[1].newLesion)
    }

    @Test func missingLesionIsNEUnlessPDAnyway() {
        let r = assess([50, 50], [30, nil])
        #expect(r.assessments[0].target == "NE" && r.assessments[0].overall == .ne)
        // The measured lesion alone exceeds the nadir by 20% and 5 mm: PD regardless.
        let pd = assess([50, 80], [10, nil])
        #expect(pd.assessments[0].target == "PD")
    }

    @Test func nodesUnderTenMillimetresCountAsNormal() {
        let r = assess([20, 0], [25, 8], node2: true, nonTarget: [.absent])
        #expect(r.assessments[0].target == "CR" && r.assessments[0].overall == .cr)
        #expect(r.assessments[0].sum == 8)
        let notYet = assess([20, 0], [25, 10], node2: true)
        #expect(notYet.assessments[0].target == "PR")
    }

    @Test func overallResponseTable() {
        #expect(RECISTLesions.combine(target: "CR", nonTarget: "CR", newLesion: false) == .cr)
        #expect(RECISTLesions.combine(target: "CR", nonTarget: "NON-CR/NON-PD", newLesion: false) == .pr)
        #expect(RECISTLesions.combine(target: "CR", nonTarget: "NE", newLesion: false) == .pr)
        #expect(RECISTLesions.combine(target: "PR", nonTarget: "NE", newLesion: false) == .pr)
        #expect(RECISTLesions.combine(target: "SD", nonTarget: "NON-CR/NON-PD", newLesion: false) == .sd)
        #expect(RECISTLesions.combine(target: "NE", nonTarget: "NON-CR/NON-PD", newLesion: false) == .ne)
        #expect(RECISTLesions.combine(target: "SD", nonTarget: "PD", newLesion: false) == .pd)
        #expect(RECISTLesions.combine(target: "CR", nonTarget: "CR", newLesion: true) == .pd)
        #expect(RECISTLesions.combine(target: "NA", nonTarget: "NON-CR/NON-PD", newLesion: false) == .nonCRNonPD)
        #expect(RECISTLesions.combine(target: "NA", nonTarget: "CR", newLesion: false) == .cr)
        #expect(RECISTLesions.combine(target: "NA", nonTarget: "NE", newLesion: false) == .ne)
    }

    @Test func unequivocalNonTargetProgressionIsPD() {
        let r = assess([50, 48], nonTarget: [.unequivocalProgression])
        #expect(r.assessments[0].overall == .pd)
    }
}

/// The engines on study folders.
@Suite(.temporaryFolders) struct ResponseStudyTests {
    @Test func evaluatorFilterCutoffAndDisposition() throws {
        let dir = temporaryFolder("resp")
        write(
            "USUBJID,RFICDTC,RFSTDTC,DTHDTC\nS-1,2008-01-01,2008-01-01,\nS-2,2008-01-01,2008-01-01,2008-04-01\n"
                + "S-3,2008-01-01,,\n",
            to: dir + "/dm.csv")
        write(
            "USUBJID,EXSEQ,EXTRT,EXDOSE,EXSTDTC\nS-1,1,D,3.6,2008-01-01\nS-1,2,D,3.6,2008-01-22\n"
                + "S-1,3,D,0,2008-02-12\nS-2,1,D,3.6,2008-01-01\nS-3,1,D,0,2008-01-01\n",
            to: dir + "/ex.csv")
        write(
            """
            USUBJID,RSSEQ,RSTESTCD,RSSTRESC,RSEVAL,RSDTC
            S-1,1,OVRLRESP,PR,INVESTIGATOR,2008-02-12
            S-1,2,OVRLRESP,CR,INDEPENDENT ASSESSOR,2008-02-12
            S-1,3,OVRLRESP,PR,INVESTIGATOR,2008-03-25
            S-1,4,OVRLRESP,PR,INVESTIGATOR,2008-09-25
            S-2,1,OVRLRESP,PR,INVESTIGATOR,2008-02-12
            S-3,1,OVRLRESP,SD,INVESTIGATOR,2008-02-12

            """, to: dir + "/rs.csv")
        write(
            "USUBJID,DSSEQ,DSDECOD,DSCAT,DSSCAT,DSSTDTC\nS-2,1,ADVERSE EVENT,DISPOSITION EVENT,STUDY "
                + "TREATMENT,2008-02-20\n",
            to: dir + "/ds.csv")
        let load = try StudyLoader.load(
            folder: dir, options: StudyLoadOptions(cutoff: CalendarDate(iso: "2008-08-29")!))
        #expect(!load.problems.hasErrors, "\(load.problems.problems)")
        let result = ResponseEngine().run(load.study)
        let s = Dictionary(uniqueKeysWithValues: result.subjects.map { ($0.subject, $0) })
        #expect(result.otherEvaluatorRecords == 1)
        #expect(s["S-1"]!.facts.cyclesReceived == 2)  // the zero dose is not a cycle
        #expect(s["S-1"]!.counted.count == 2)  // the September assessment is after the cut-off
        #expect(s["S-1"]!.bestResponse == .pr && s["S-1"]!.confirmedResponse == .pr)
        #expect(s["S-2"]!.unconfirmedReason == .withdrewBeforeConfirmation)
        #expect(s["S-2"]!.facts.discontinuationReason == "ADVERSE EVENT")
        #expect(s["S-2"]!.progressionFree!.event && s["S-2"]!.progressionFree!.reason == "death")
        #expect(s["S-3"]!.facts.firstDose == nil && s["S-3"]!.bestResponse == .ne)
        var o = ResponseOptions()
        o.evaluator = "INDEPENDENT ASSESSOR"
        let ind = ResponseEngine(options: o).run(load.study)
        #expect(ind.subjects[0].bestResponse == .cr)
    }

    @Test func bundledStudyComputedResponsesMostlyMatchRecorded() throws {
        let load = try StudyLoader.load(
            folder: repositoryRoot + "/examples/phase2/data",
            options: StudyLoadOptions(cutoff: CalendarDate(iso: "2008-08-29")!))
        let (ids, doses) = ResponseEngine().firstDoses(load.study)
        let lesions = LesionEngine(firstDoses: doses).run(load.study, subjectOrder: ids)
        #expect(lesions.comparedVisits > 300)
        // The generator makes the investigator disagree with the measurements at about 3% of visits.
        #expect(lesions.discrepancies.count > 0 && lesions.discrepancies.count < lesions.comparedVisits / 10)
        #expect(lesions.discrepancies.allSatisfy { $0.recorded != nil })
    }
}

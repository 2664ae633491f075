import Foundation
import ReadoutCore
import ReadoutData
import ReadoutTestSupport
import Testing

@testable import ReadoutResponse

/// The response rules, case by case. Days are days after the first dose (2008-01-01).
@Suite(.temporaryFolders) struct ResponseRuleTests {
    static let dose = CalendarDate(iso: "2008-01-01")!

    func derive(
        _ seq: [(Int, String)], discontinued: Int? = nil, death: Int? = nil,
        options: ResponseOptions = ResponseOptions()
    ) -> SubjectResponse {
        let a = seq.map { DatedResponse(Self.dose.adding(days: $0.0), RECIST11().parse($0.1)!) }
        let facts = SubjectFacts(
            firstDose: Self.dose, cyclesReceived: 4,
            treatmentDiscontinued: discontinued.map { Self.dose.adding(days: $0) },
            death: death.map { Self.dose.adding(days: $0) })
        return ResponseDerivation.derive(subject: "S", assessments: a, facts: facts, options: options)
    }

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var seq: [(Int, String)]
        var bor: Response
        var cbor: Response
        var reason: UnconfirmedReason? = nil
        var discontinued: Int? = nil
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "PR-NE-PR", seq: [(42, "PR"), (84, "NE"), (126, "PR")], bor: .pr, cbor: .pr),
        Case(
            name: "PR-NE-NE-PR", seq: [(42, "PR"), (84, "NE"), (126, "NE"), (168, "PR")], bor: .pr, cbor: .sd,
            reason: .notSustained),
        Case(name: "PR then CR", seq: [(42, "PR"), (84, "CR")], bor: .cr, cbor: .pr, reason: nil),
        Case(name: "PR, CR, CR", seq: [(42, "PR"), (84, "CR"), (126, "CR")], bor: .cr, cbor: .cr),
        Case(name: "CR then PR", seq: [(42, "CR"), (84, "PR")], bor: .cr, cbor: .pr),
        Case(
            name: "PR, SD, PR", seq: [(42, "PR"), (84, "SD"), (126, "PR")], bor: .pr, cbor: .sd, reason: .notSustained),
        Case(name: "PR then PD", seq: [(42, "PR"), (84, "PD")], bor: .pr, cbor: .sd, reason: .notSustained),
        Case(
            name: "response after PD is not counted", seq: [(42, "SD"), (84, "PD"), (126, "PR"), (168, "PR")], bor: .sd,
            cbor: .sd),
        Case(
            name: "confirmation at 27 days", seq: [(42, "PR"), (69, "PR")], bor: .pr, cbor: .sd,
            reason: .cutoffBeforeConfirmation),
        Case(name: "confirmation at 28 days", seq: [(42, "PR"), (70, "PR")], bor: .pr, cbor: .pr),
        Case(name: "SD at 41 days", seq: [(41, "SD")], bor: .ne, cbor: .ne),
        Case(name: "SD at 42 days", seq: [(42, "SD")], bor: .sd, cbor: .sd),
        Case(name: "SD at 41 days then PD", seq: [(41, "SD"), (84, "PD")], bor: .pd, cbor: .pd),
        Case(name: "no assessments", seq: [], bor: .ne, cbor: .ne),
        Case(
            name: "unconfirmed PR, treatment stopped", seq: [(42, "PR")], bor: .pr, cbor: .sd,
            reason: .withdrewBeforeConfirmation, discontinued: 50),
        Case(
            name: "unconfirmed PR at the cut-off", seq: [(42, "PR")], bor: .pr, cbor: .sd,
            reason: .cutoffBeforeConfirmation),
        Case(name: "early unconfirmed PR", seq: [(30, "PR")], bor: .pr, cbor: .ne, reason: .cutoffBeforeConfirmation),
        Case(
            name: "NON-CR/NON-PD only", seq: [(42, "NON-CR/NON-PD"), (84, "NON-CR/NON-PD")], bor: .nonCRNonPD,
            cbor: .nonCRNonPD),
        Case(name: "all NE", seq: [(42, "NE"), (84, "NE")], bor: .ne, cbor: .ne),
        Case(name: "PD first", seq: [(42, "PD")], bor: .pd, cbor: .pd),
        Case(name: "CR, NE, CR", seq: [(42, "CR"), (70, "NE"), (98, "CR")], bor: .cr, cbor: .cr),
        Case(
            name: "assessment on the first-dose day does not count", seq: [(0, "PR"), (42, "SD")], bor: .sd, cbor: .sd),
    ]

    @Test(arguments: cases)
    func rule(_ c: Case) {
        let r = derive(c.seq, discontinued: c.discontinued)
        #expect(r.bestResponse == c.bor, "\(c.name): \(r.bestResponseDetail)")
        #expect(r.confirmedResponse == c.cbor, "\(c.name): \(r.confirmedResponseDetail)")
        #expect(r.unconfirmedReason == c.reason, "\(c.name)")
    }

    @Test func detailsSayWhichAssessmentDecided() {
        let r = derive([(42, "PR"), (84, "PR")])
        #expect(
            r.confirmedResponseDetail == "PR on 2008-02-12 confirmed by PR on 2008-03-25, 42 days later (at least 28)")
        #expect(r.firstResponse?.iso == "2008-02-12" && r.confirmation?.iso == "2008-03-25")
        let none = derive([])
        #expect(none.bestResponseDetail == "no post-baseline assessment")
        let missing = derive(
            [],
            options: {
                var o = ResponseOptions()
                o.noAssessmentIsMissing = true
                return o
            }())
        #expect(missing.bestResponse == .missing)
    }

    @Test func severalResultsOnOneDateKeepTheWorst() {
        let r = derive([(42, "PR"), (42, "SD"), (84, "PR")])
        #expect(r.counted.map(\.response) == [.sd, .pr])
        #expect(r.sameDateMerges.map(\.iso) == ["2008-02-12"])
        #expect(r.excluded["same date as a worse result"] == 1)
        #expect(r.bestResponse == .pr && r.confirmedResponse == .sd)
    }

    @Test func whatCountsExampleFromTheRules() {
        // docs/response-rules.md, section 1.
        let r = derive([(0, "PR"), (42, "SD"), (42, "PR"), (84, "PR"), (126, "PD"), (168, "PR")])
        #expect(r.counted.map { $0.date.dayNumber - Self.dose.dayNumber } == [42, 84, 126])
        #expect(r.counted.map(\.response) == [.sd, .pr, .pd])
        #expect(
            r.excluded == ["on or before the first dose": 1, "same date as a worse result": 1, "after the first PD": 1])
    }

    @Test func missingResultsAreNotNE() {
        let r = derive([(42, "PR"), (56, ""), (84, "PR")])
        #expect(r.excluded["no result (MISSING)"] == 1)
        #expect(r.confirmedResponse == .pr)
    }

    @Test func optionsChangeTheRules() {
        var o = ResponseOptions()
        o.maximumNEBetween = 2
        #expect(derive([(42, "PR"), (84, "NE"), (126, "NE"), (168, "PR")], options: o).confirmedResponse == .pr)
        o = ResponseOptions()
        o.confirmationMaximumDays = 60
        #expect(derive([(42, "PR"), (126, "PR")], options: o).confirmedResponse == .sd)
        o = ResponseOptions()
        o.confirmationAtNextAssessment = true
        #expect(derive([(42, "PR"), (84, "NE"), (126, "PR")], options: o).confirmedResponse == .sd)
        #expect(derive([(42, "PR"), (56, "PR"), (84, "PR")], options: o).confirmedResponse == .pr)
        o = ResponseOptions()
        o.minimumStableDays = 35
        #expect(derive([(36, "SD")], options: o).bestResponse == .sd)
        o = ResponseOptions()
        o.includeFirstDoseDay = true
        #expect(derive([(0, "SD")], options: o).counted.count == 1)
    }

    @Test func strictRECISTConfirmationTable() {
        var o = ResponseOptions()
        o.strictRECISTConfirmation = true
        // CR then PR: SD when the minimum SD duration was met, PD otherwise.
        #expect(derive([(42, "CR"), (84, "PR")], options: o).confirmedResponse == .sd)
        #expect(derive([(14, "CR"), (28, "SD")], options: o).confirmedResponse == .pd)
        // CR then CR stays a confirmed CR.
        #expect(derive([(42, "CR"), (84, "CR")], options: o).confirmedResponse == .cr)
        // Default rules: CR then PR is a confirmed PR.
        #expect(derive([(42, "CR"), (84, "PR")]).confirmedResponse == .pr)
    }

    @Test func durableStableDisease() {
        let r = derive([(42, "SD"), (84, "SD"), (126, "SD"), (168, "PD")])
        #expect(r.stableDays == 126 && r.durableStable && r.clinicalBenefit && r.diseaseControl)
        let short = derive([(42, "SD"), (84, "SD"), (125, "SD")])
        #expect(short.stableDays == 125 && !short.durableStable)
        let broken = derive([(42, "SD"), (84, "NE"), (126, "SD")])
        #expect(broken.stableDays == 42 && !broken.durableStable)
        // A confirmed responder is not "durable SD" (counted as a response instead).
        let resp = derive([(42, "PR"), (84, "PR"), (126, "PR")])
        #expect(!resp.durableStable && resp.clinicalBenefit)
        var o = ResponseOptions()
        o.durableStableWeeks = 12
        #expect(derive([(42, "SD"), (84, "SD")], options: o).durableStable)
    }

    @Test func durationOfResponseAndPFS() {
        // PR day 42 confirmed day 84, PD day 168: DoR from day 42 to 168 = 127 days (start day counts).
        let r = derive([(42, "PR"), (84, "PR"), (126, "SD"), (168, "PD")])
        let dor = r.durationOfResponse!
        #expect(dor.event && dor.days == 127 && dor.reason == "PD")
        #expect(r.progressionFree!.days == 169 && r.progressionFree!.event)
        // Censored at the last adequate assessment.
        let c = derive([(42, "PR"), (84, "PR"), (126, "NE")])
        #expect(
            !c.durationOfResponse!.event
                && c.durationOfResponse!.end.iso == CalendarDate(iso: "2008-01-01")!.adding(days: 84).iso)
        // Death is an event.
        let d = derive([(42, "PR"), (84, "PR")], death: 100)
        #expect(
            d.durationOfResponse!.event && d.durationOfResponse!.reason == "death" && d.durationOfResponse!.days == 59)
        // Unconfirmed responders have no DoR by default.
        #expect(derive([(42, "PR")]).durationOfResponse == nil)
        var o = ResponseOptions()
        o.durationForUnconfirmedResponders = true
        #expect(derive([(42, "PR")], options: o).durationOfResponse != nil)
        // No assessment: PFS censored at the first dose (day 1).
        #expect(derive([]).progressionFree!.days == 1)
    }

    @Test func notTreatedSubjectsAreNE() {
        let r = ResponseDerivation.derive(
            subject: "S", assessments: [DatedResponse(Self.dose, .pr)], facts: SubjectFacts())
        #expect(r.bestResponse == .ne && r.bestResponseDetail.contains("not treated"))
        #expect(r.excluded["not treated"] == 1)
    }
}

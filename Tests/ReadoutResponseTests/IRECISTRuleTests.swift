import Foundation
import ReadoutCore
import ReadoutData
import Testing

@testable import ReadoutResponse

/// iRECIST's rules (docs/response-rules.md, section 10), case by case. Days are days after the
/// first dose (2008-01-01). The first eight are Table 3 of Seymour et al. (Lancet Oncol 2017),
/// which lists each subject's timepoint responses and the iBOR they give.
struct IRECISTRuleTests {
    static let dose = CalendarDate(iso: "2008-01-01")!

    static func options(_ change: (inout ResponseOptions) -> Void = { _ in }) -> ResponseOptions {
        var o = ResponseOptions()
        o.criteria = .irecist
        change(&o)
        return o
    }

    static func derive(_ seq: [(Int, String)], options: ResponseOptions = options()) -> SubjectResponse {
        let a = seq.map { DatedResponse(dose.adding(days: $0.0), IRECIST().parse($0.1)!) }
        return ResponseDerivation.derive(
            subject: "S", assessments: a, facts: SubjectFacts(firstDose: dose, cyclesReceived: 4), options: options)
    }

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var seq: [(Int, String)]
        /// iBOR and confirmed iBOR as iRECIST writes them.
        var bor: String
        var cbor: String
        /// Day of the progression event of iPFS, or nil when censored.
        var progression: Int?
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "Table 3, example 1", seq: [(42, "iCR"), (84, "iCR"), (126, "NE"), (168, "iUPD"), (210, "iCPD")],
            bor: "iCR", cbor: "iCR", progression: 168),
        Case(
            name: "Table 3, example 2", seq: [(42, "iUPD"), (84, "iPR"), (126, "iCR"), (168, "iCR"), (210, "iUPD")],
            bor: "iCR", cbor: "iCR", progression: nil),
        Case(
            name: "Table 3, example 3", seq: [(42, "iUPD"), (84, "iPR"), (126, "iSD"), (168, "iUPD"), (210, "iCPD")],
            bor: "iPR", cbor: "iSD", progression: 168),
        Case(
            name: "Table 3, example 4", seq: [(42, "iUPD"), (84, "NE"), (126, "iPR"), (168, "iPR"), (210, "iUPD")],
            bor: "iPR", cbor: "iPR", progression: nil),
        Case(
            name: "Table 3, example 5", seq: [(42, "iUPD"), (84, "iSD"), (126, "iUPD"), (168, "iCPD")],
            bor: "iSD", cbor: "iSD", progression: 126),
        Case(
            name: "Table 3, example 6", seq: [(42, "iUPD"), (84, "iCPD")], bor: "iCPD", cbor: "iCPD", progression: 42),
        Case(
            name: "Table 3, example 7", seq: [(42, "iUPD"), (84, "iUPD"), (126, "iCPD")], bor: "iCPD", cbor: "iCPD",
            progression: 42),
        Case(
            name: "Table 3, example 8", seq: [(42, "iUPD"), (84, "NE"), (126, "NE"), (168, "NE"), (210, "NE")],
            bor: "iUPD", cbor: "iUPD", progression: nil),
        // admiralonco's iRECIST vignette: the progression date is the first iUPD of the run the iCPD confirms.
        Case(
            name: "iSD, iSD, iUPD, iPR, iPR, iUPD, iCPD",
            seq: [(42, "iSD"), (84, "iSD"), (126, "iUPD"), (168, "iPR"), (210, "iPR"), (252, "iUPD"), (294, "iCPD")],
            bor: "iPR", cbor: "iPR", progression: 252),
        Case(
            name: "NE inside the confirmed run", seq: [(42, "iUPD"), (84, "NE"), (126, "iCPD")], bor: "iCPD",
            cbor: "iCPD", progression: 42),
        Case(
            name: "iCPD without an iUPD", seq: [(42, "iSD"), (84, "iCPD")], bor: "iSD", cbor: "iSD", progression: 84),
        Case(
            name: "iSD too early, then iUPD", seq: [(28, "iSD"), (56, "iUPD")], bor: "iUPD", cbor: "iUPD",
            progression: nil),
        Case(
            name: "iUPD interrupts a confirmation", seq: [(42, "iPR"), (84, "iUPD"), (126, "iPR")], bor: "iPR",
            cbor: "iSD", progression: nil),
        Case(
            name: "assessments after iCPD do not count", seq: [(42, "iUPD"), (84, "iCPD"), (126, "iPR")], bor: "iCPD",
            cbor: "iCPD", progression: 42),
        Case(
            name: "non-target disease only", seq: [(42, "NON-iCR/NON-iUPD"), (84, "NON-iCR/NON-iUPD")],
            bor: "NON-iCR/NON-iUPD", cbor: "NON-iCR/NON-iUPD", progression: nil),
    ]

    @Test(arguments: cases)
    func rule(_ c: Case) {
        let r = Self.derive(c.seq)
        #expect(r.bestLabel == c.bor, "\(c.name): \(r.bestResponseDetail)")
        #expect(r.confirmedLabel == c.cbor, "\(c.name): \(r.confirmedResponseDetail)")
        let pfs = r.progressionFree!
        #expect(pfs.event == (c.progression != nil), "\(c.name): \(pfs.reason)")
        if let day = c.progression { #expect(pfs.end == Self.dose.adding(days: day), "\(c.name)") }
    }

    @Test func explanationsNameTheAssessmentsInIRECISTWords() {
        let seven = Self.derive([(42, "iUPD"), (84, "iUPD"), (126, "iCPD")])
        #expect(seven.bestResponseDetail == "iUPD on 2008-02-12 confirmed by iCPD on 2008-05-06")
        #expect(seven.bestResponseDate == Self.dose.adding(days: 42))
        let eight = Self.derive([(42, "iUPD"), (84, "NE")])
        #expect(eight.bestResponseDetail == "iUPD on 2008-02-12, never confirmed")
        let early = Self.derive([(28, "iSD"), (56, "iUPD")])
        #expect(early.bestResponseDetail == "iUPD on 2008-02-26, never confirmed; iSD on 2008-01-29 was before day 42")
        let pr = Self.derive([(42, "iPR"), (84, "iPR")])
        #expect(
            pr.confirmedResponseDetail
                == "iPR on 2008-02-12 confirmed by iPR on 2008-03-25, 42 days later (at least 28)")
        let contract = seven.bestReason.contract(in: .irecist)
        #expect(contract["rule"] == .string("confirmed-progression"))
        guard case .array(let records) = contract["records"], case .object(let confirming) = records.last else {
            Issue.record("no records")
            return
        }
        #expect(confirming["role"] == .string("confirming") && confirming["AVALC"] == .string("iCPD"))
    }

    @Test func unconfirmedProgressionIsAnEventWhenAsked() {
        let seq = [(42, "iSD"), (84, "iUPD"), (126, "NE")]
        let censored = Self.derive(seq).progressionFree!
        #expect(!censored.event && censored.end == Self.dose.adding(days: 42))
        let event = Self.derive(seq, options: Self.options { $0.unconfirmedProgression = .event }).progressionFree!
        #expect(event.event && event.end == Self.dose.adding(days: 84) && event.reason == "unconfirmed PD")
        // A reset iUPD is not an event either way.
        let reset = Self.derive(
            [(42, "iUPD"), (84, "iSD")], options: Self.options { $0.unconfirmedProgression = .event })
        #expect(reset.progressionFree?.event == false)
    }

    @Test func durationOfResponseEndsAtTheConfirmedIUPD() {
        let r = Self.derive([(42, "iPR"), (84, "iPR"), (126, "iUPD"), (168, "iCPD")])
        let dor = r.durationOfResponse!
        #expect(dor.event && dor.start == Self.dose.adding(days: 42) && dor.end == Self.dose.adding(days: 126))
        #expect(dor.days == 85)
    }

    @Test func sameDateResultsKeepTheWorst() {
        let r = Self.derive([(42, "iSD"), (42, "iUPD"), (84, "iCPD")])
        #expect(r.counted.map(\.response) == [.unconfirmedPD, .pd])
        let least = Self.derive(
            [(42, "NE"), (42, "iUPD")], options: Self.options { $0.sameDateOrder = .neLeastBad })
        #expect(least.counted.map(\.response) == [.unconfirmedPD])
    }

    @Test func readsIRECISTCodesAndRefusesRECISTOnes() {
        let c = IRECIST()
        #expect(c.parse("iCR") == .cr && c.parse("ICPD") == .pd && c.parse("iUPD") == .unconfirmedPD)
        #expect(c.parse("NON-iCR/NON-iUPD") == .nonCRNonPD && c.parse("NE") == .ne && c.parse("") == .missing)
        #expect(c.parse("PD") == nil && c.parse("CR") == nil)
        #expect(
            ResponseCriteriaKind.irecist.categories == [
                "iCR", "iPR", "iSD", "NON-iCR/NON-iUPD", "iUPD", "iCPD", "NE",
            ])
    }

    @Test func recistResultsDoNotChange() {
        // The RECIST 1.1 ranks and words are the ones they were before criteria became an option.
        #expect(ResponseCriteriaKind.recist11.categories == ["CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE"])
        #expect(Response.pd.rawValue == 4 && Response.missing.rawValue == 6)
        #expect([Response.pd, .cr, .ne, .sd].sorted() == [.cr, .sd, .pd, .ne])
    }
}

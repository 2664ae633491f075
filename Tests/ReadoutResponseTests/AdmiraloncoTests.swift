import ReadoutCore
import ReadoutTestSupport
import Testing

@testable import ReadoutData
@testable import ReadoutResponse

/// The worked examples of admiralonco's tests of `derive_param_confirmed_bor` and
/// `derive_param_bor` (nine subjects, each a sequence of visit responses after a first dose),
/// restated here and derived with `ResponseOptions.admiralonco`, the options that correspond to
/// admiralonco's template. docs/response-rules.md explains each expected result; where the two
/// differ by design the test says so.
@Suite(.temporaryFolders) struct AdmiraloncoTests {
    /// First dose (admiralonco's TRTSDT) and visit responses of each subject.
    static let subjects: [(id: String, firstDose: String, visits: [(String, Response)])] = [
        (
            "1", "2020-01-01",
            [("2020-01-01", .pr), ("2020-02-01", .cr), ("2020-02-16", .ne), ("2020-03-01", .cr), ("2020-04-01", .sd)]
        ),
        ("2", "2019-12-12", [("2020-01-01", .sd), ("2020-02-01", .pr), ("2020-03-01", .sd), ("2020-03-13", .cr)]),
        ("3", "2019-11-11", [("2019-11-12", .cr), ("2019-12-02", .cr), ("2020-01-01", .sd)]),
        (
            "4", "2019-12-30",
            [
                ("2020-01-01", .pr), ("2020-03-01", .sd), ("2020-04-01", .sd), ("2020-05-01", .pr),
                ("2020-05-15", .nonCRNonPD),
            ]
        ),
        (
            "5", "2020-01-01",
            [("2020-01-01", .pr), ("2020-01-10", .sd), ("2020-01-20", .pr), ("2020-05-15", .nonCRNonPD)]
        ),
        ("6", "2020-02-02", [("2020-02-06", .pr), ("2020-02-16", .cr), ("2020-03-30", .pr)]),
        ("7", "2020-02-02", [("2020-02-06", .pr), ("2020-02-16", .cr), ("2020-04-01", .ne)]),
        ("8", "2020-04-01", []),
        ("9", "2020-02-01", [("2020-02-16", .pd), ("2020-03-06", .sd)]),
    ]

    static func derive(_ options: ResponseOptions) -> [String: SubjectResponse] {
        var out: [String: SubjectResponse] = [:]
        for s in subjects {
            let visits = s.visits.map { DatedResponse(CalendarDate(iso: $0.0)!, $0.1) }
            out[s.id] = ResponseDerivation.derive(
                subject: s.id, assessments: visits,
                facts: SubjectFacts(firstDose: CalendarDate(iso: s.firstDose)!), options: options)
        }
        return out
    }

    func check(_ results: [String: SubjectResponse], confirmed: Bool, _ expected: [String: (Response, String?)]) {
        for (id, (response, date)) in expected.sorted(by: { $0.key < $1.key }) {
            let r = results[id]!
            let got = confirmed ? r.confirmedResponse : r.bestResponse
            let gotDate = confirmed ? r.confirmedResponseDate : r.bestResponseDate
            #expect(got == response, "subject \(id): \(confirmed ? "confirmed " : "")BOR \(got), expected \(response)")
            #expect(gotDate?.iso == date, "subject \(id): dated \(gotDate?.iso ?? "nil"), expected \(date ?? "nil")")
        }
    }

    /// derive_param_confirmed_bor, test 1: ref_start_window 28, ref_confirm 28, max_nr_ne 1, records
    /// after the first PD not used.
    @Test func confirmedBestOverallResponseByDefault() {
        check(
            Self.derive(.admiralonco), confirmed: true,
            [
                "1": (.cr, "2020-02-01"),  // CR confirmed by the CR 29 days later, one NE between
                "2": (.sd, "2020-02-01"),  // the PR's confirmation has an SD between: not confirmed
                "3": (.sd, "2020-01-01"),  // the CR 20 days later is too early; the SD breaks the run
                "4": (.sd, "2020-03-01"),
                "5": (.nonCRNonPD, "2020-05-15"),  // nothing at day 28 or later but NON-CR/NON-PD
                "6": (.sd, "2020-03-30"),  // a PR after a CR does not confirm the first PR
                "7": (.ne, "2020-02-06"),  // every assessment before day 28 or NE
                "8": (.missing, nil),
                "9": (.pd, "2020-02-16"),
            ])
    }

    /// The same with Readout's defaults differs where admiralonco's rule is not Readout's default.
    @Test func readoutDefaultsDifferOnPRAfterCR() {
        var o = ResponseOptions.admiralonco
        o.prAfterCR = .confirms
        #expect(Self.derive(o)["6"]!.confirmedResponse == .pr)
    }

    /// derive_param_confirmed_bor, test 2: ref_confirm 14, max_nr_ne 0, accept_sd, missing as NE.
    /// Subject 7 there has a single ND record instead: Readout has no ND category, and counts the
    /// subject's best response as NE (no usable assessment), the same as admiralonco's
    /// missing-as-NE subject 8.
    @Test func confirmedBestOverallResponseAcceptingSD() {
        var o = ResponseOptions.admiralonco
        o.confirmationMinimumDays = 14
        o.maximumNEBetween = 0
        o.maximumSDBetween = 1
        o.noAssessmentIsMissing = false
        check(
            Self.derive(o), confirmed: true,
            [
                "1": (.pr, "2020-01-01"),  // the CR at day 31 has an NE before its confirmation
                "2": (.pr, "2020-02-01"),  // one SD between is accepted
                "3": (.cr, "2019-11-12"),
                "4": (.sd, "2020-03-01"),  // two SDs between are not
                "5": (.pr, "2020-01-01"),
                "6": (.sd, "2020-03-30"),
                "8": (.ne, nil),
                "9": (.pd, "2020-02-16"),
            ])
        let onlyNotDone = ResponseDerivation.derive(
            subject: "7", assessments: [DatedResponse(CalendarDate(iso: "2020-04-02")!, .missing)],
            facts: SubjectFacts(firstDose: CalendarDate(iso: "2020-02-02")!), options: o)
        #expect(onlyNotDone.confirmedResponse == .ne && onlyNotDone.exclusions.missingResult == 1)
    }

    /// derive_param_confirmed_bor, test 4: without a source of PD, records after it count.
    @Test func confirmedBestOverallResponseCountingAfterPD() {
        var o = ResponseOptions.admiralonco
        o.stopAtFirstPD = false
        let r = Self.derive(o)
        #expect(r["9"]!.confirmedResponse == .sd && r["9"]!.confirmedResponseDate?.iso == "2020-03-06")
        #expect(r["1"]!.confirmedResponse == .cr && r["6"]!.confirmedResponse == .sd)
    }

    /// derive_param_bor, test 1: the first CR, else the first PR, else SD in the window, ...
    @Test func bestOverallResponse() {
        var o = ResponseOptions.admiralonco
        o.stopAtFirstPD = false
        check(
            Self.derive(o), confirmed: false,
            [
                "1": (.cr, "2020-02-01"),
                "2": (.cr, "2020-03-13"),
                "3": (.cr, "2019-11-12"),
                "4": (.pr, "2020-01-01"),
                "5": (.pr, "2020-01-01"),  // on the day of the first dose: admiralonco counts it
                "6": (.cr, "2020-02-16"),
                "7": (.cr, "2020-02-16"),
                "8": (.missing, nil),
            ])
        // Only SD before day 28 is NE, dated by the first assessment.
        let early = ResponseDerivation.derive(
            subject: "7",
            assessments: ["2020-02-06", "2020-02-16", "2020-02-20"].map { DatedResponse(CalendarDate(iso: $0)!, .sd) },
            facts: SubjectFacts(firstDose: CalendarDate(iso: "2020-02-02")!), options: o)
        #expect(early.bestResponse == .ne && early.bestResponseDate?.iso == "2020-02-06")
    }

    /// Several results on one date: admiralonco keeps the worst by PD, NON-CR/NON-PD, SD, PR, CR,
    /// NE (NE the least bad); Readout's default ranks NE just after PD.
    @Test func sameDateOrder() {
        let day = CalendarDate(iso: "2020-03-01")!
        let visits = [
            DatedResponse(day, .ne), DatedResponse(day, .pr), DatedResponse(CalendarDate(iso: "2020-04-01")!, .pr),
        ]
        let facts = SubjectFacts(firstDose: CalendarDate(iso: "2020-01-01")!)
        #expect(
            ResponseDerivation.derive(subject: "x", assessments: visits, facts: facts).counted.first?.response == .ne)
        let admiral = ResponseDerivation.derive(subject: "x", assessments: visits, facts: facts, options: .admiralonco)
        #expect(admiral.counted.first?.response == .pr && admiral.confirmedResponse == .pr)
    }

    /// PFS without an event: censored at the last adequate assessment (default) or at the last
    /// assessment of any result (admiralonco's LSTA).
    @Test func progressionFreeSurvivalCensoring() {
        let visits = [
            DatedResponse(CalendarDate(iso: "2020-02-15")!, .sd), DatedResponse(CalendarDate(iso: "2020-04-01")!, .ne),
        ]
        let facts = SubjectFacts(firstDose: CalendarDate(iso: "2020-01-01")!)
        #expect(
            ResponseDerivation.derive(subject: "x", assessments: visits, facts: facts).progressionFree?.end.iso
                == "2020-02-15")
        let admiral = ResponseDerivation.derive(subject: "x", assessments: visits, facts: facts, options: .admiralonco)
        #expect(admiral.progressionFree?.end.iso == "2020-04-01" && admiral.progressionFree?.event == false)
    }
}

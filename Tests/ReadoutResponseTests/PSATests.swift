import Foundation
import ReadoutCore
import ReadoutData
import Testing

@testable import ReadoutResponse

/// PCWG3's PSA rules (docs/response-rules.md, section 11), case by case. First dose 2020-01-01;
/// values are (day, ng/mL), day 0 the first dose (the baseline).
struct PSATests {
    static let dose = CalendarDate(iso: "2020-01-01")!

    static func derive(_ values: [(Int, Double)], options: PSAOptions = PSAOptions()) -> PSASubject {
        PSADerivation.derive(
            subject: "S", measurements: values.map { (dose.adding(days: $0.0), $0.1) }, firstDose: dose,
            options: options)
    }

    static func day(_ d: CalendarDate?) -> Int? { d.map { $0.dayNumber - dose.dayNumber } }

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var values: [(Int, Double)]
        var psa50: String
        var psa50Confirmed: String
        var psa90: String = "N"
        /// Day of the PSA progression (the rise, not its confirmation), or nil.
        var progression: Int?
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "a decline of exactly 50%, confirmed 21 days later", values: [(0, 40), (28, 20), (49, 19)],
            psa50: "Y", psa50Confirmed: "Y"),
        Case(
            name: "confirmation 20 days later is too early", values: [(0, 40), (28, 20), (48, 19)], psa50: "Y",
            psa50Confirmed: "N"),
        Case(
            name: "a decline of 49.9% is no response", values: [(0, 40), (28, 20.04), (56, 20.04)], psa50: "N",
            psa50Confirmed: "N"),
        Case(
            name: "PSA90 confirmed", values: [(0, 100), (28, 9), (56, 5)], psa50: "Y", psa50Confirmed: "Y",
            psa90: "Y"),
        Case(
            name: "after a decline: 25% and 2 ng/mL above the nadir, confirmed",
            values: [(0, 40), (28, 10), (56, 12.5), (84, 13)], psa50: "Y", psa50Confirmed: "Y", progression: 56),
        Case(
            name: "after a decline: 25% but under 2 ng/mL above the nadir is not progression",
            values: [(0, 40), (28, 5), (56, 6.9), (84, 6.9)], psa50: "Y", psa50Confirmed: "Y"),
        Case(
            name: "a rise that falls back is not confirmed", values: [(0, 40), (28, 10), (56, 13), (84, 11)],
            psa50: "Y", psa50Confirmed: "Y"),
        Case(
            name: "no decline: a rise before week 12 does not count",
            values: [(0, 20), (28, 26), (56, 27), (84, 28), (112, 29)],
            psa50: "N", psa50Confirmed: "N", progression: 84),
        Case(
            name: "no decline: a rise from week 12, confirmed", values: [(0, 20), (84, 24), (112, 26), (140, 27)],
            psa50: "N", psa50Confirmed: "N", progression: 112),
        Case(
            name: "the nadir is the lowest value before the rise",
            values: [(0, 40), (28, 8), (56, 6), (84, 8), (112, 9)],
            psa50: "Y", psa50Confirmed: "Y", progression: 84),
    ]

    @Test(arguments: cases)
    func rule(_ c: Case) {
        let s = Self.derive(c.values)
        #expect(s.response.code == c.psa50, "\(c.name)")
        #expect(s.confirmedResponse.code == c.psa50Confirmed, "\(c.name)")
        #expect(s.deepResponse.code == c.psa90, "\(c.name)")
        #expect(Self.day(s.progression?.rise.date) == c.progression, "\(c.name): \(s.progressionText(PSAOptions()))")
        let t = s.timeToProgression!
        #expect(t.event == (c.progression != nil))
        if let p = c.progression { #expect(t.days == p + 1) } else { #expect(t.end == s.values.last?.date) }
    }

    @Test func baselineIsTheLastValueOnOrBeforeTheFirstDose() {
        let s = Self.derive([(-14, 50), (0, 40), (28, 19)])
        #expect(s.baseline?.value == 40 && s.values.count == 1 && s.values[0].percentChange == -52.5)
        #expect(s.bestPercentChange == -52.5)
        let none = Self.derive([(28, 10), (56, 5)])
        #expect(none.baseline == nil && none.response == .no(last: Self.dose.adding(days: 56)))
        #expect(none.progressionText(PSAOptions()) == "no baseline PSA on or before the first dose")
        let empty = Self.derive([])
        #expect(empty.response == .missing && empty.confirmedDeepResponse == .missing)
    }

    @Test func explanationsNameTheValues() {
        let o = PSAOptions()
        let s = Self.derive([(0, 40), (28, 10), (56, 12.5), (84, 13)])
        #expect(
            s.confirmedResponse.text(50, confirmationDays: 21)
                == "10 ng/mL on 2020-01-29 (-75.0%) confirmed by 12.5 ng/mL on 2020-02-26 (-68.8%), 28 days later "
                + "(at least 21)")
        #expect(
            s.progressionText(o)
                == "12.5 ng/mL on 2020-02-26 is at least 25% and 2 ng/mL above the nadir (10 ng/mL), confirmed by "
                + "13 ng/mL on 2020-03-25")
        let rising = Self.derive([(0, 40), (28, 10), (56, 13)])
        #expect(rising.progression == nil && Self.day(rising.unconfirmedRise?.date) == 56)
        #expect(rising.progressionText(o).contains("no later value confirms it yet"))
    }

    @Test func everyThresholdIsAnOption() {
        var o = PSAOptions()
        o.responseDecline = 30
        o.confirmationDays = 28
        o.progressionIncrease = 50
        o.progressionAbsolute = 1
        o.noDeclineWeeks = 0
        let s = Self.derive([(0, 20), (28, 13), (49, 13), (77, 21), (105, 22)], options: o)
        #expect(s.response.code == "Y" && s.confirmedResponse.code == "N")
        // 21 is 61.5% and 8 ng/mL above the nadir of 13.
        #expect(Self.day(s.progression?.rise.date) == 77)
        let noDecline = Self.derive([(0, 20), (28, 30), (56, 31)], options: o)
        #expect(Self.day(noDecline.progression?.rise.date) == 28)
    }

    @Test func oneValuePerDateTheLastRecorded() {
        let s = Self.derive([(0, 40), (28, 30), (28, 19), (56, 18)])
        #expect(s.values.map(\.value) == [19, 18] && s.confirmedResponse.code == "Y")
    }
}

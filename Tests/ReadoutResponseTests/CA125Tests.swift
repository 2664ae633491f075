import Foundation
import ReadoutCore
import ReadoutData
import Testing

@testable import ReadoutResponse

/// GCIG's CA-125 rules (docs/response-rules.md, section 12), case by case. First dose 2021-01-01,
/// upper limit of normal 35 U/mL; values are (day, U/mL), negative days before the first dose.
struct CA125Tests {
    static let dose = CalendarDate(iso: "2021-01-01")!

    static func derive(_ values: [(Int, Double)], options: CA125Options = CA125Options()) -> CA125Subject {
        CA125Derivation.derive(
            subject: "S",
            samples: values.map { CA125Sample(date: dose.adding(days: $0.0), value: $0.1, upperLimit: 35) },
            firstDose: dose, options: options)
    }

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var values: [(Int, Double)]
        var response: CA125Category
        var progression: (day: Int, kind: CA125ProgressionKind)?
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "a reduction confirmed 28 days later", values: [(-7, 400), (21, 190), (49, 180)], response: .partial),
        Case(
            name: "a value between that is not reduced", values: [(-7, 400), (21, 190), (42, 250), (49, 180)],
            response: .noResponse),
        Case(name: "27 days is too early", values: [(-7, 400), (21, 190), (48, 180)], response: .noResponse),
        Case(
            name: "normalised and maintained", values: [(-7, 400), (21, 100), (42, 30), (70, 28)], response: .complete),
        Case(
            name: "pretreatment under twice the limit", values: [(-7, 60), (21, 20), (49, 20)],
            response: .notEvaluable),
        Case(
            name: "A: elevated, normal, then twice the limit twice",
            values: [(-7, 400), (21, 30), (42, 71), (49, 75)], response: .partial,
            progression: (42, .elevatedThenNormal)),
        Case(
            name: "B: elevated, never normal, twice the nadir",
            values: [(-7, 400), (21, 300), (42, 250), (63, 510), (84, 520)], response: .noResponse,
            progression: (63, .elevatedNeverNormal)),
        Case(
            name: "C: normal before treatment", values: [(-7, 20), (21, 60), (42, 72), (56, 80)],
            response: .notEvaluable, progression: (42, .normalBefore)),
    ]

    @Test(arguments: cases)
    func rule(_ c: Case) {
        let s = Self.derive(c.values)
        #expect(s.response == c.response, "\(c.name): \(s.responseText(CA125Options()))")
        #expect(s.progression.map { $0.first.date.dayNumber - Self.dose.dayNumber } == c.progression?.day, "\(c.name)")
        #expect(s.progression?.kind == c.progression?.kind, "\(c.name): \(s.progressionText)")
        #expect(s.timeToProgression?.event == (c.progression != nil))
    }

    @Test func theSecondValueMustBeAWeekLater() {
        let six = Self.derive([(-7, 20), (21, 72), (27, 80)])
        #expect(six.progression == nil)
        let seven = Self.derive([(-7, 20), (21, 72), (28, 80)])
        #expect(seven.progression?.mark == 70)
    }

    @Test func thePretreatmentWindowAndItsOption() {
        let early = Self.derive([(-20, 400), (21, 100), (49, 90)])
        #expect(early.response == .notEvaluable && early.pretreatment == nil)
        #expect(
            early.responseText(CA125Options())
                == "not evaluable: no pretreatment sample within 14 days before the first dose")
        // The sample 20 days before still tells progression that CA-125 was elevated.
        #expect(early.sampledBefore)
        var o = CA125Options()
        o.pretreatmentDays = 21
        #expect(Self.derive([(-20, 400), (21, 100), (49, 90)], options: o).response == .partial)
        let none = Self.derive([(21, 100), (49, 300), (70, 320)])
        #expect(none.progression == nil && none.timeToProgression == nil)
        #expect(none.progressionText == "progression not assessed: no CA-125 before the first dose")
    }

    @Test func explanationsNameTheValues() {
        let o = CA125Options()
        let s = Self.derive([(-7, 400), (21, 100), (42, 30), (70, 28)])
        #expect(
            s.responseText(o)
                == "100 U/mL on 2021-01-22 is at least 50% below the pretreatment 400 U/mL, maintained to 28 U/mL on "
                + "2021-03-12, 49 days later (at least 28), and within the normal range likewise")
        let b = Self.derive([(-7, 400), (21, 300), (42, 250), (63, 510), (84, 520)])
        #expect(
            b.progressionText
                == "510 U/mL on 2021-03-05 and 520 U/mL on 2021-03-26 are at least twice the nadir (500 U/mL; GCIG B)")
    }
}

import ReadoutCore
import ReadoutTestSupport
import Testing

@testable import ReadoutData

@Suite(.temporaryFolders) struct DateTests {
    @Test func calendarArithmeticMatchesSAS() {
        #expect(CalendarDate(year: 1960, month: 1, day: 1)!.dayNumber == 0)
        // SAS: '02JAN2014'd = 19725 (also in the sample ADTTE).
        #expect(CalendarDate(year: 2014, month: 1, day: 2)!.dayNumber == 19725)
        #expect(CalendarDate(year: 1959, month: 12, day: 31)!.dayNumber == -1)
        #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2023, month: 2, day: 29) == nil)
        for n in stride(from: -100_000, through: 100_000, by: 997) {
            let d = CalendarDate(dayNumber: n)
            let (y, m, dd) = d.components
            #expect(CalendarDate(year: y, month: m, day: dd)!.dayNumber == n)
        }
        #expect(CalendarDate(iso: "2008-08-29")!.iso == "2008-08-29")
    }

    @Test(arguments: [
        ("2008-08-29", DatePrecision.day), ("2008-08-29T10:15", .minute), ("2008-08", .month), ("2008", .year),
        ("2008-08-29T10", .hour), ("2008-08-29T10:15:30", .second), ("2008-08-29T10:15:30.5", .second),
        ("2008-08-29T10:15Z", .minute), ("2008-08-29T10:15+01:00", .minute), ("2008---29", .year),
        ("2008-08--T10:15", .month),
    ])
    func validISO(text: String, precision: DatePrecision) throws {
        let v = try ISODateTime.parse(text).get()
        #expect(v.precision == precision)
    }

    @Test(arguments: [
        "08/29/2008", "2008-13-01", "2008-02-30", "29AUG2008", "2008-8-29", "20080829", "2008-08-29 10:15",
        "2008-08-29T25:00", "", "abc",
    ])
    func invalidISO(text: String) {
        #expect(throws: ISODateTime.ParseError.self) { try ISODateTime.parse(text).get() }
    }

    @Test func imputationRulesAreTraceable() {
        let rule = DateImputation()
        let full = rule.impute("2008-08-29", role: .start)!
        #expect(full.date.iso == "2008-08-29" && full.flag == nil)
        let monthStart = rule.impute("2008-08", role: .start)!
        #expect(monthStart.date.iso == "2008-08-01" && monthStart.flag == .day)
        let monthEnd = rule.impute("2008-02", role: .end)!
        #expect(monthEnd.date.iso == "2008-02-29" && monthEnd.flag == .day)
        let yearStart = rule.impute("2008", role: .start)!
        #expect(yearStart.date.iso == "2008-01-01" && yearStart.flag == .month)
        let yearEnd = rule.impute("2008", role: .end)!
        #expect(yearEnd.date.iso == "2008-12-31")
        #expect(yearEnd.description.contains("imputed from \"2008\""))
        // Never beyond the cut-off.
        let capped = rule.impute("2008-08", role: .end, cutoff: CalendarDate(iso: "2008-08-29"))!
        #expect(capped.date.iso == "2008-08-29" && capped.cappedAtCutoff)
        // A complete date is never moved.
        #expect(
            rule.impute("2008-08-30", role: .end, cutoff: CalendarDate(iso: "2008-08-29"))!.date.iso == "2008-08-30")
        #expect(DateImputation(start: .none).impute("2008-08", role: .start) == nil)
        #expect(DateImputation(start: .middle).impute("2008-08", role: .start)!.date.iso == "2008-08-15")
        #expect(DateImputation(start: .middle).impute("2008", role: .start)!.date.iso == "2008-07-01")
        #expect(rule.impute("not a date", role: .start) == nil)
        #expect(rule.impute("", role: .start) == nil)
    }
}

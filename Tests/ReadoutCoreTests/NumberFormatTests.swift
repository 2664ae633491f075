import ReadoutCore
import ReadoutTestSupport
import Testing

/// The one number formatter: half away from zero, percentages exact in whole numbers.
@Suite(.temporaryFolders) struct NumberFormatTests {
    @Test func fixedRoundsHalfAwayFromZero() {
        #expect(NumberFormat.fixed(6.25, decimals: 1) == "6.3")
        #expect(NumberFormat.fixed(-2.5, decimals: 0) == "-3")
        #expect(NumberFormat.fixed(2.5, decimals: 0) == "3")
        #expect(NumberFormat.fixed(-0.04, decimals: 1) == "0.0")
        #expect(NumberFormat.fixed(0.125, decimals: 2) == "0.13")
        #expect(NumberFormat.fixed(1234.5678, decimals: 3) == "1234.568")
        #expect(NumberFormat.fixed(7, decimals: 2) == "7.00")
        #expect(NumberFormat.fixed(.nan, decimals: 1) == "-")
    }

    @Test func percentagesOfCountsAreExact() {
        // 7 of 112 is exactly 6.25%: one decimal is 6.3, in every output.
        #expect(NumberFormat.percent(7, of: 112) == "6.3")
        // 1 of 80 is 1.25% exactly, although 1.0 / 80 * 100 is not exactly 1.25 as a double.
        #expect(NumberFormat.percent(1, of: 80, decimals: 1) == "1.3")
        #expect(NumberFormat.percent(29, of: 106, decimals: 1) == "27.4")
        #expect(NumberFormat.percent(1, of: 3, decimals: 2) == "33.33")
        #expect(NumberFormat.percent(2, of: 3, decimals: 0) == "67")
        #expect(NumberFormat.percent(0, of: 0) == "-")
        #expect(NumberFormat.percent(3, of: 3, decimals: 1) == "100.0")
        // Against an independent decimal computation for every count of a trial-sized denominator.
        for n in [1, 7, 42, 80, 106, 112, 400] {
            for k in 0...n {
                let tenths = (k * 1000 * 2 + n) / (2 * n)
                #expect(NumberFormat.percent(k, of: n) == "\(tenths / 10).\(tenths % 10)", "\(k) of \(n)")
            }
        }
    }

    @Test func shortestAndTrimmed() {
        #expect(NumberFormat.shortest(6.5) == "6.5")
        #expect(NumberFormat.shortest(42) == "42")
        #expect(NumberFormat.shortest(0.15) == "0.15")
        #expect(NumberFormat.shortest(.nan) == "")
        #expect(NumberFormat.trimmed(0.950, decimals: 3) == "0.95")
        #expect(NumberFormat.trimmed(2, decimals: 3) == "2")
        #expect(NumberFormat.trimmed(-0.0001, decimals: 3) == "0")
        #expect(NumberFormat.trimmed(0.2364, decimals: 3) == "0.236")
    }

    @Test func errorsCarryEveryProblem() {
        let e = ReadoutError(problems: [
            Problem(
                .error, "a", file: "f.yaml", variable: "target", value: "1.2", expected: "0 to 1",
                message: "out of range"),
            Problem(
                .error, "b", file: "f.yaml", location: RecordLocation(word: "row", number: 3), message: "not a decision"
            ),
        ])
        #expect(
            e.description == """
                2 problems:
                  error: f.yaml, target: out of range (found "1.2"; expected 0 to 1)
                  error: f.yaml, row 3: not a decision
                """)
        #expect(e.problem.code == "a")
    }
}

import ReadoutCore
import ReadoutData
import ReadoutTestSupport
import Testing

@testable import ReadoutAnalysis

/// A subject with variables and records, for evaluating expressions.
struct TestContext: ExpressionContext {
    var values: [String: ExpressionValue]
    var domains: [String: [[String: ExpressionValue]]] = [:]
    var dateRules = DateRules()
    func value(of name: String) -> ExpressionValue? { values[name] }
    func records(of domain: String) -> [any ExpressionContext]? {
        domains[domain].map { $0.map { TestContext(values: $0, dateRules: dateRules) } }
    }
}

@Suite(.temporaryFolders) struct ExpressionTests {
    let subject = TestContext(
        values: [
            "AGE": .number(54), "SEX": .text("F"), "HER2CENT": .text("POSITIVE"), "BOR": .text("PR"),
            "CBOR": .text("SD"),
            "FIRSTDOSE": .date(CalendarDate(iso: "2008-01-10")!), "EOTDT": .missing, "METSITES": .number(3),
        ],
        domains: [
            "CM": [
                [
                    "CMTRT": .text("LAPATINIB"), "CMCAT": .text("PRIOR CANCER THERAPY"), "CMSTDTC": .text("2007-01-01"),
                    "CMENDTC": .text("2007-07-01"),
                ],
                [
                    "CMTRT": .text("TRASTUZUMAB"), "CMCAT": .text("PRIOR CANCER THERAPY"),
                    "CMSTDTC": .text("2005-01-01"), "CMENDTC": .text("2006-06-30"),
                ],
            ],
            "AE": [["AEREL": .text("POSSIBLY RELATED"), "AEACN": .text("DRUG WITHDRAWN")]],
        ])

    func eval(_ text: String) throws -> ExpressionValue {
        ExpressionFunctions.evaluate(try ExpressionParser.parse(text), in: subject)
    }

    @Test(arguments: [
        ("AGE >= 50 and SEX == \"F\"", true),
        ("not (AGE < 50) && sex == 'F'", true),
        ("BOR in [\"CR\", \"PR\"]", true),
        ("CBOR not in [\"CR\", \"PR\"]", true),
        ("METSITES >= 3", true),
        ("EOTDT == missing", true),
        ("EOTDT > \"2008-01-01\"", false),
        ("FIRSTDOSE < \"2008-02-01\"", true),
        ("any(CM, CMTRT == \"LAPATINIB\" and CMCAT == \"PRIOR CANCER THERAPY\")", true),
        ("any(CM, CMTRT == \"PERTUZUMAB\")", false),
        ("count(CM) == 2", true),
        ("any(AE, AEREL in [\"POSSIBLY RELATED\", \"PROBABLY RELATED\"] and AEACN == \"DRUG WITHDRAWN\")", true),
        ("HER2CENT != missing and HER2CENT == \"POSITIVE\"", true),
        ("is_missing(EOTDT) or AGE > 90", true),
        ("AGE * 2 - 8 == 100", true),
    ])
    func evaluates(text: String, expected: Bool) throws {
        #expect(try eval(text) == .bool(expected), "\(text)")
    }

    @Test func aggregatesAndDates() throws {
        // Weeks on prior trastuzumab: 2005-01-01 to 2006-06-30 is 545 days.
        let w = try eval("sum(CM, weeks(CMSTDTC, CMENDTC), CMTRT == \"TRASTUZUMAB\")")
        #expect(w == .number(545.0 / 7))
        #expect(try eval("days(\"2008-01-10\", FIRSTDOSE + 30)") == .number(30))
        #expect(try eval("max(CM, days(CMSTDTC, CMENDTC))") == .number(545))
        #expect(try eval("coalesce(EOTDT, \"none\")") == .text("none"))
    }

    @Test(arguments: [
        ("AGE >= ", 8, "expected a value"),
        ("AGE = 5", 5, "expected '==' to compare"),
        ("(AGE > 5", 9, "expected ')'"),
        ("SEX == \"F", 8, "not closed"),
        ("AGE > 5 5", 9, "expected an operator or the end"),
        ("BOR in [\"CR\" \"PR\"]", 14, "',' or ']'"),
        ("AGE # 3", 5, "unexpected character '#'"),
        (String(repeating: "(", count: 65) + "AGE" + String(repeating: ")", count: 65), 65, "nested more than 64"),
        (String(repeating: "not ", count: 70) + "TRTFL", 257, "nested more than 64"),
        (Array(repeating: "AGE", count: 1_001).joined(separator: " + "), 1, "too long: 2001 tokens"),
    ])
    func parseErrorsSayWhereAndWhat(text: String, position: Int, words: String) {
        do {
            _ = try ExpressionParser.parse(text)
            Issue.record("\(text) parsed")
        } catch let e as ReadoutError {
            #expect(e.problem.location == RecordLocation(word: "character", number: position), "\(text): \(e)")
            #expect(e.problem.message.contains(words), "\(text): \(e)")
            // A long expression's value is shortened, as every problem's value is.
            let value = e.problem.value ?? ""
            #expect(e.problem.message.contains("^") && text.hasPrefix(String(value.prefix(40))) && !value.isEmpty)
            #expect(e.problem.code == "expression")
        } catch { Issue.record("\(error)") }
    }

    @Test func namesAreCheckedBeforeEvaluation() throws {
        let schema = ExpressionSchema(subjectVariables: ["AGE", "SEX", "AGEGR1"], domains: ["CM": ["CMTRT", "CMCAT"]])
        func failure(_ text: String) -> (position: Int?, message: String)? {
            do {
                try ExpressionFunctions.check(try ExpressionParser.parse(text), text: text, schema: schema)
                return nil
            } catch let e as ReadoutError { return (e.problem.location?.number, e.problem.message) } catch {
                return nil
            }
        }
        #expect(failure("AGE > 5 and any(CM, CMTRT == \"X\" and SEX == \"F\")") == nil)
        let v = try #require(failure("AGX > 5"))
        #expect(v.position == 1 && v.message.contains("unknown variable AGX") && v.message.contains("AGE"))
        let d = try #require(failure("any(XX, CMTRT == \"A\")"))
        #expect(d.position == 5 && d.message.contains("unknown domain XX"))
        let f = try #require(failure("median(AGE)"))
        #expect(f.message.contains("unknown function median"))
        let r = try #require(failure("any(CM, AETERM == \"A\")"))
        #expect(r.message.contains("unknown variable AETERM"))
        let n = try #require(failure("days(AGE)"))
        #expect(n.message.contains("days takes 2 argument(s), not 1"))
    }
}

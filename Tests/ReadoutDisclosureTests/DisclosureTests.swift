import Foundation
import ReadoutCore
import ReadoutData
import ReadoutDisclosure
import ReadoutEscalation
import ReadoutTestSupport
import Testing

@testable import ReadoutAnalysis

@Suite(.temporaryFolders) struct DisclosureTests {
    func checks(_ text: String) -> [ClaimCheck] {
        let doc = DisclosureText(text)
        return ConsistencyChecker.check(doc, claims: ClaimExtractor.extract(doc))
    }

    func seed(_ name: String) throws -> [ClaimCheck] {
        checks(try String(contentsOfFile: fixture("seeds/" + name), encoding: .utf8))
    }

    @Test func phaseTwoSeedHasOneImpossiblePercentage() throws {
        let c = try seed("004_a7766b0aa3884883.txt")
        let bad = c.filter { $0.verdict == .inconsistent }
        #expect(bad.map(\.claim.text) == ["68.7%"])
        #expect(bad[0].reasons[0].contains("77 of 112 gives 68.7% only by truncation"))
        // Every percentage the text states is found, each with its denominator.
        let percents = c.filter { $0.claim.kind == .percentage && $0.claim.unit == "%" }
        #expect(
            percents.map(\.claim.text) == [
                "68.7%", "55.4%", "67.9%", "39.3%", "27.1%", "43.4%", "38.2%", "38.3%", "21.7%", "74.4%", "50.0%",
                "34.4%",
            ])
        #expect(percents.map { $0.claim.denominator ?? 0 } == [112, 112, 112, 107, 107, 76, 76, 60, 60, 86, 64, 64])
        // Counts in digits and words, medians with units, the dose range, dates.
        let texts = c.map(\.claim.text)
        for t in [
            "112", "107", "19", "76", "Sixty", "86", "64", "Two", "Three", "4.4 months", "19 weeks", "76.6 weeks",
            "26.3 weeks", "5.0 cycles",
            "3.6 mg/kg to 3.0 mg/kg", "8/29/08", "July 2007", "two-thirds",
        ] {
            #expect(texts.contains(t), "missing \(t)")
        }
        #expect(c.first { $0.claim.text == "4.4 months" }!.claim.kind == .median)
        #expect(c.first { $0.claim.text == "4.4 months" }!.verdict == .consistent)
        #expect(c.first { $0.claim.text == "Sixty" }!.claim.value == 60)
        // Offsets point at the original text.
        let text = try String(contentsOfFile: fixture("seeds/004_a7766b0aa3884883.txt"), encoding: .utf8)
        let claim = c.first { $0.claim.text == "39.3%" }!.claim
        #expect(String(Array(text)[claim.start..<claim.end]) == "39.3%")
        #expect(
            c.first { $0.claim.text == "39.3%" }!.sentence.hasPrefix("Among the entire 107 efficacy evaluable patients")
        )
    }

    @Test func phaseOneSeedFiguresAreFound() throws {
        let c = try seed("002_9bb2c1103b6cb742.txt")
        let texts = c.map(\.claim.text)
        for t in [
            "0.15 mg/kg to 7.5 mg/kg", "6.5 mg/kg", "Forty-two", "one", "three", "six treatment cycles", "18 weeks",
            "3.6 mg/kg to 6.5 mg/kg", "two", "April 7, 2013",
        ] {
            #expect(texts.contains(t), "missing \(t)")
        }
        #expect(c.first { $0.claim.text == "Forty-two" }!.claim.value == 42)
        #expect(c.first { $0.claim.text == "0.15 mg/kg to 7.5 mg/kg" }!.claim.upper == 7.5)
        #expect(c.first { $0.claim.text == "six treatment cycles" }!.verdict == .consistent)
        #expect(!c.contains { $0.verdict == .inconsistent })
        // Identifiers are not figures: 8-K, Rule 425, the telephone number, the commission file number.
        for t in ["8", "425", "895", "17999", "94", "9343"] { #expect(!texts.contains(t), "\(t) taken as a figure") }
    }

    @Test func consistencyRules() {
        let confirmedAbove = checks(
            "Among the 50 patients treated, the overall ORR was 20.0% and the confirmed ORR was 30.0%.")
        #expect(confirmedAbove.first { $0.claim.text == "30.0%" }!.verdict == .inconsistent)
        let part = checks("Sixty patients were treated. Seventy of the 60 patients responded.")
        #expect(part.first { $0.claim.text == "Seventy" }!.verdict == .inconsistent)
        let units = checks("The median follow-up was 4.4 months (25 weeks).")
        #expect(units.first { $0.claim.text == "4.4 months" }!.verdict == .inconsistent)
        let twice = checks("112 patients were enrolled. Later, 110 patients were enrolled in the same study.")
        #expect(twice.first { $0.claim.text == "110" }!.verdict == .inconsistent)
        let noDenominator = checks("The response rate was 40%.")
        #expect(noDenominator[0].verdict == .unverifiable && noDenominator[0].reasons[0].contains("no denominator"))
        // Half-even and truncation are named when only they fit.
        let halfEven = checks(
            "Of 8 patients, 62.5% responded. Among 32 patients, 3.1% had a rash. Among 8 patients, 12% had a fever.")
        #expect(halfEven.first { $0.claim.text == "62.5%" }!.verdict == .consistent)
        #expect(halfEven.first { $0.claim.text == "3.1%" }!.verdict == .consistent)
        let twelve = halfEven.first { $0.claim.text == "12%" }!
        #expect(twelve.verdict == .inconsistent && twelve.reasons[0].contains("1 of 8 gives 12% only by half even"))
        // A confidence level and interval are not shares.
        let ci = checks("Among the 106 patients, the ORR was 27.4% (95% CI 19.1–36.9%).")
        #expect(
            ci.first { $0.claim.text == "95%" }!.claim.kind == .range
                && ci.filter { $0.verdict == .inconsistent }.isEmpty)
        // "47.3% (53 of 112)": the denominator given right after.
        let after = checks("Treatment discontinued: 47.3% (53 of 112); reduced: 1.8% (2 of 112).")
        #expect(after.filter { $0.claim.kind == .percentage }.map { $0.claim.denominator } == [112, 112])
        // Markdown and HTML markup are read through.
        let md = checks("**Among the 107 patients**, the ORR was <b>39.3%</b>.")
        #expect(md.first { $0.claim.text == "39.3%" }!.claim.denominator == 107)
    }

    @Test func reconciliationWithTheBundledStudy() throws {
        let dir = temporaryFolder("recon")
        let out = try ReadoutRunner.run(specPath: repositoryRoot + "/examples/phase2/readout.yaml")
        // Our own narrative matches the data.
        write(out.result.narrative.joined(separator: " "), to: dir + "/ours.txt")
        let ours = try DisclosureCheck.run(
            path: dir + "/ours.txt", specPath: repositoryRoot + "/examples/phase2/readout.yaml")
        let percents = ours.checks.filter {
            $0.claim.kind == .percentage && $0.claim.unit == "%" && $0.claim.denominator != nil
        }
        #expect(
            !percents.isEmpty && percents.allSatisfy { $0.verdict == .matchesData },
            "\(percents.filter { $0.verdict != .matchesData }.map { ($0.claim.text, $0.reasons) })")
        #expect(!ours.failed)
        // A wrong figure differs from the data, with both values.
        let row = out.result.responseRows[0]
        let wrong =
            "Among the entire \(row.n) efficacy-evaluable patients, the overall ORR was 45.3% and the confirmed ORR "
            + "was \(ReadoutFormat.percent(row.confirmed, decimals: 1))%."
        write(wrong, to: dir + "/wrong.txt")
        let w = try DisclosureCheck.run(
            path: dir + "/wrong.txt", specPath: repositoryRoot + "/examples/phase2/readout.yaml")
        let c = w.checks.first { $0.claim.text == "45.3%" }!
        #expect(c.verdict == .differsFromData || c.verdict == .inconsistent)
        #expect(w.failed)
    }

    /// The phase I disclosure reconciled with the bundled escalation conducted from its data: every
    /// patient, dose, response and cohort figure is found, each matched to the figure its words name.
    @Test func phaseOneSeedReconciledWithTheEscalation() throws {
        let escalation = try EscalationFigures.conduct(
            folder: repositoryRoot + "/examples/phase1/data", design: ThreePlusThree(),
            options: StudyLoadOptions())
        let check = try DisclosureCheck.run(
            path: fixture("seeds/002_9bb2c1103b6cb742.txt"), figures: escalation.figures,
            label: escalation.label)
        func reason(_ text: String, _ occurrence: Int = 0) -> String {
            check.checks.filter { $0.claim.text == text }[occurrence].reasons.joined(separator: "; ")
        }
        #expect(reason("0.15 mg/kg to 7.5 mg/kg").contains("dose range: 0.15 to 7.5"))
        #expect(reason("6.5 mg/kg").contains("MTD (3+3 (variant A)): 6.5"))
        #expect(reason("Forty-two").contains("patients treated: 42"))
        #expect(reason("one", 0).contains("computed confirmed partial responses"))
        #expect(reason("one", 1).contains("computed unconfirmed partial responses"))
        #expect(reason("three").contains("durable stable disease"))
        #expect(reason("3.6 mg/kg to 6.5 mg/kg").contains("doses with a response or durable stable disease"))
        #expect(reason("two").contains("expansion cohorts: 2"))
        #expect(reason("three weeks").contains("dosing interval"))
        #expect(check.checks.filter { $0.verdict == .matchesData }.count == 9 && !check.failed)
    }
}

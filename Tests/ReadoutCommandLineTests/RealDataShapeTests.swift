import Foundation
import ReadoutCore
import ReadoutDisclosure
import ReadoutTestSupport
import Testing

@testable import ReadoutAnalysis
@testable import ReadoutData
@testable import ReadoutEscalation
@testable import ReadoutResponse

/// Shapes of public CDISC-pilot-style oncology data that a study written by others takes, each of
/// which the engine once read wrongly without a word (issue: exact on data that others wrote).
@Suite(.temporaryFolders) struct RealDataShapeTests {
    /// A study folder from files given as CSV text.
    func study(_ files: [String: String]) -> String {
        let dir = temporaryFolder("shape")
        for (name, text) in files { write(text, to: dir + "/" + name) }
        return dir
    }

    func load(_ dir: String, cutoff: String? = "2020-12-31", rules: DataRules = DataRules()) throws -> StudyLoad {
        try StudyLoader.load(
            folder: dir, options: StudyLoadOptions(cutoff: cutoff.map { CalendarDate(iso: $0)! }, rules: rules))
    }

    static let dm = """
        STUDYID,DOMAIN,USUBJID,RFSTDTC,ARM
        S,DM,P-1,2020-01-01,PLACEBO
        S,DM,P-2,2020-01-01,ACTIVE

        """
    static let rs = """
        STUDYID,DOMAIN,USUBJID,RSSEQ,RSTESTCD,RSSTRESC,RSEVAL,RSDTC
        S,RS,P-1,1,OVRLRESP,PR,INVESTIGATOR,2020-02-15
        S,RS,P-1,2,OVRLRESP,PR,INVESTIGATOR,2020-03-20
        S,RS,P-2,1,OVRLRESP,SD,INVESTIGATOR,2020-02-15

        """

    // 1. Placebo is a dose: EXDOSE = 0 with EXTRT PLACEBO.
    @Test func placeboAdministrationsAreDosesByDefault() throws {
        let dir = study([
            "dm.csv": Self.dm, "rs.csv": Self.rs,
            "ex.csv": "STUDYID,DOMAIN,USUBJID,EXSEQ,EXTRT,EXDOSE,EXDOSU,EXSTDTC,EXENDTC\n"
                + "S,EX,P-1,1,PLACEBO,0,mg,2020-01-01,2020-01-01\nS,EX,P-2,1,DRUG X,10,mg,2020-01-01,2020-01-01\n",
        ])
        let loaded = try load(dir)
        let r = ResponseEngine().run(loaded.study)
        #expect(r.subjects[0].facts.firstDose?.iso == "2020-01-01")
        #expect(r.subjects[0].confirmedResponse == .pr)
        #expect(!loaded.problems.problems.contains { $0.code == "assessed-not-dosed" })
        // Under the `positive` rule placebo is not a dose, and validation says so for the subject.
        var rules = DataRules()
        rules.dose.kind = .positive
        let strict = try load(dir, rules: rules)
        #expect(ResponseEngine().run(strict.study).subjects[0].bestReason == .notTreated)
        let warning = strict.problems.problems.first { $0.code == "assessed-not-dosed" }
        #expect(warning?.value == "P-1" && warning?.file?.hasSuffix("rs.csv") == true && warning?.location != nil)
        // The escalation does not take placebo for a dose level.
        let conduct = try EscalationConduct.run(study: loaded.study, design: ThreePlusThree(), responses: r)
        #expect(conduct.doses == [10])
    }

    // 2. Imputation rules reach every stage, with the end role and the cap at the cut-off.
    @Test func imputationRulesReachEveryStage() throws {
        let dir = study([
            "dm.csv": Self.dm,
            "rs.csv": "STUDYID,DOMAIN,USUBJID,RSSEQ,RSTESTCD,RSSTRESC,RSEVAL,RSDTC\n"
                + "S,RS,P-2,1,OVRLRESP,SD,INVESTIGATOR,2020-02\n",
            "ex.csv":
                "STUDYID,DOMAIN,USUBJID,EXSEQ,EXTRT,EXDOSE,EXSTDTC,EXENDTC\nS,EX,P-2,1,DRUG X,10,2020-01-01,2020-03\n",
            "cm.csv":
                "STUDYID,DOMAIN,USUBJID,CMSEQ,CMTRT,CMCAT,CMSTDTC,CMENDTC\nS,CM,P-2,1,X,PRIOR,2019-06-10,2019-07\n",
        ])
        // Default: start first, end last. The assessment "2020-02" is 2020-02-01 (day 31: SD
        // counts from day 28 with a 28-day window); the last dose "2020-03" ends on 2020-03-31.
        var o = ResponseOptions()
        o.minimumStableDays = 28
        let first = try load(dir)
        #expect(ResponseEngine(options: o).run(first.study).subjects[1].bestResponse == .sd)
        let level = SubjectLevel(study: first.study, responses: ResponseEngine(options: o).run(first.study))
        #expect(level.value("TRTEDT", 1) == .date(CalendarDate(iso: "2020-03-31")!))
        // Expressions: CMENDTC is an end date, so "2019-07" is 2019-07-31.
        let tree = try ExpressionParser.parse("max(CM, days(CMSTDTC, CMENDTC))")
        #expect(ExpressionFunctions.evaluate(tree, in: level.context(1)) == .number(51))
        let start = try ExpressionParser.parse("max(CM, days(CMSTDTC, start_date(CMENDTC)))")
        #expect(ExpressionFunctions.evaluate(start, in: level.context(1)) == .number(21))
        // Start rule `last`: the assessment is 2020-02-29; the cap keeps the last dose at a
        // cut-off inside March.
        var rules = DataRules()
        rules.imputation.start = .last
        let late = try load(dir, cutoff: "2020-03-15", rules: rules)
        let r = ResponseEngine(options: o).run(late.study)
        #expect(r.subjects[1].counted.first?.date.iso == "2020-02-29")
        let lateLevel = SubjectLevel(study: late.study, responses: r)
        #expect(lateLevel.value("TRTEDT", 1) == .date(CalendarDate(iso: "2020-03-15")!))
        // The spec's imputation key sets the same rule.
        let spec = try YAMLDecoderShim.spec(
            "title: t\nstudy: .\ncutoff: 2020-03-15\nimputation:\n  start: last\n  end: first\n")
        #expect(spec.dataRules.imputation == DateImputation(start: .last, end: .first))
    }

    // 3. Lymph-node short axis as LPERP.
    @Test func nodalTargetLesionsUseTheShortAxisCodedLPERP() throws {
        let dir = study([
            "dm.csv": Self.dm,
            "ex.csv": "STUDYID,DOMAIN,USUBJID,EXSEQ,EXTRT,EXDOSE,EXSTDTC\nS,EX,P-1,1,DRUG X,10,2020-01-01\n",
            "tu.csv": "STUDYID,DOMAIN,USUBJID,TUSEQ,TULNKID,TUTESTCD,TUSTRESC,TULOC,TUEVAL,TUDTC\n"
                + "S,TU,P-1,1,T01,TUMIDENT,TARGET,LYMPH NODE,INVESTIGATOR,2019-12-20\n"
                + "S,TU,P-1,2,T02,TUMIDENT,TARGET,LIVER,INVESTIGATOR,2019-12-20\n",
            "tr.csv": "STUDYID,DOMAIN,USUBJID,TRSEQ,TRLNKID,TRTESTCD,TRSTRESC,TRSTRESN,TREVAL,VISITNUM,TRDTC\n"
                + "S,TR,P-1,1,T01,LDIAM,25,25,INVESTIGATOR,1,2019-12-20\n"
                + "S,TR,P-1,2,T01,LPERP,15,15,INVESTIGATOR,1,2019-12-20\n"
                + "S,TR,P-1,3,T02,LDIAM,30,30,INVESTIGATOR,1,2019-12-20\n"
                + "S,TR,P-1,4,T01,LDIAM,22,22,INVESTIGATOR,2,2020-02-15\n"
                + "S,TR,P-1,5,T01,LPERP,8,8,INVESTIGATOR,2,2020-02-15\n"
                + "S,TR,P-1,6,T02,LDIAM,20,20,INVESTIGATOR,2,2020-02-15\n"
                + "S,TR,P-1,7,T02,SUMDIAM,28,28,INVESTIGATOR,2,2020-02-15\n",
        ])
        let s = try load(dir).study
        let (ids, doses) = ResponseEngine().firstDoses(s)
        let result = LesionEngine(firstDoses: doses).run(s, subjectOrder: ids)
        let subject = try #require(result.subjects.first)
        #expect(subject.baselineSum == 45)
        #expect(subject.assessments.first?.sum == 28)
        // Every TR record not used is reported, located, with why.
        #expect(
            result.ignoredByReason["longest diameter of a lymph node, which RECIST 1.1 measures by its short axis"] == 2
        )
        #expect(result.ignoredByReason["not a lesion measurement or state"] == 1)
        #expect(result.ignored.problems.allSatisfy { $0.location != nil && $0.file?.hasSuffix("tr.csv") == true })
        // The mapping is an option: without LPERP as a short axis the long diameters are used.
        var rules = DataRules()
        rules.measurements.shortAxis = ["SAXIS"]
        let other = try load(dir, rules: rules).study
        let longOnly = LesionEngine(firstDoses: doses).run(other, subjectOrder: ids)
        #expect(longOnly.subjects.first?.baselineSum == 55)
    }

    // 4. Discontinuation without DSSCAT.
    @Test func dispositionEventWithoutSubcategoryEndsTreatment() throws {
        let dir = study([
            "dm.csv": Self.dm, "rs.csv": Self.rs,
            "ex.csv": "STUDYID,DOMAIN,USUBJID,EXSEQ,EXTRT,EXDOSE,EXSTDTC\nS,EX,P-1,1,DRUG X,10,2020-01-01\n",
            "ds.csv": "STUDYID,DOMAIN,USUBJID,DSSEQ,DSTERM,DSDECOD,DSCAT,EPOCH,DSSTDTC\n"
                + "S,DS,P-1,1,INFORMED CONSENT,INFORMED CONSENT OBTAINED,PROTOCOL MILESTONE,SCREENING,2019-12-01\n"
                + "S,DS,P-1,2,RASH,ADVERSE EVENT,DISPOSITION EVENT,TREATMENT,2020-02-20\n",
        ])
        var o = ResponseOptions()
        o.confirmationMinimumDays = 60
        let r = ResponseEngine(options: o).run(try load(dir).study).subjects[0]
        #expect(r.facts.treatmentDiscontinued?.iso == "2020-02-20" && r.facts.discontinuationReason == "ADVERSE EVENT")
        #expect(r.unconfirmedReason == .withdrewBeforeConfirmation)
        // An option: epochs that do not include TREATMENT make it no end of treatment.
        var rules = DataRules()
        rules.treatmentEnd.epochs = ["FOLLOW-UP"]
        let other = ResponseEngine(options: o).run(try load(dir, rules: rules).study).subjects[0]
        #expect(other.unconfirmedReason == .cutoffBeforeConfirmation)
        #expect(
            TreatmentEndRule().endsTreatment(
                category: "DISPOSITION EVENT", subcategory: "STUDY PARTICIPATION", epoch: nil, decod: "DEATH")
                == false)
        #expect(
            TreatmentEndRule(studyEndEndsTreatment: true).endsTreatment(
                category: "DISPOSITION EVENT", subcategory: "STUDY PARTICIPATION",
                epoch: nil, decod: "DEATH"))
    }

    // 5. Rules admiralonco users expect (each checked in detail in AdmiraloncoTests).
    @Test func acceptedReadOfAnIndependentReview() throws {
        let dir = study([
            "dm.csv": Self.dm,
            "ex.csv": "STUDYID,DOMAIN,USUBJID,EXSEQ,EXTRT,EXDOSE,EXSTDTC\nS,EX,P-1,1,DRUG X,10,2020-01-01\n",
            "rs.csv": "STUDYID,DOMAIN,USUBJID,RSSEQ,RSTESTCD,RSSTRESC,RSEVAL,RSEVALID,RSACPTFL,RSDTC\n"
                + "S,RS,P-1,1,OVRLRESP,PR,INDEPENDENT ASSESSOR,RADIOLOGIST 1,Y,2020-02-15\n"
                + "S,RS,P-1,2,OVRLRESP,SD,INDEPENDENT ASSESSOR,RADIOLOGIST 2,N,2020-02-15\n"
                + "S,RS,P-1,3,OVRLRESP,PR,INDEPENDENT ASSESSOR,RADIOLOGIST 1,Y,2020-03-20\n"
                + "S,RS,P-1,4,OVRLRESP,PR,INDEPENDENT ASSESSOR,RADIOLOGIST 2,N,2020-03-20\n",
        ])
        var o = ResponseOptions()
        o.evaluator = "INDEPENDENT ASSESSOR"
        let s = try load(dir).study
        #expect(ResponseEngine(options: o).run(s).subjects[0].confirmedResponse == .sd)
        o.readers = .accepted
        let accepted = ResponseEngine(options: o).run(s)
        #expect(accepted.subjects[0].confirmedResponse == .pr && accepted.notAcceptedReads == 2)
    }

    @Test func randomisationAsTheReferenceDate() throws {
        let dir = study([
            "dm.csv": Self.dm,
            "ex.csv": "STUDYID,DOMAIN,USUBJID,EXSEQ,EXTRT,EXDOSE,EXSTDTC\nS,EX,P-2,1,DRUG X,10,2020-01-20\n",
            "ds.csv":
                "STUDYID,DOMAIN,USUBJID,DSSEQ,DSDECOD,DSCAT,DSSTDTC\nS,DS,P-2,1,RANDOMIZED,PROTOCOL "
                + "MILESTONE,2020-01-01\n",
            "rs.csv":
                "STUDYID,DOMAIN,USUBJID,RSSEQ,RSTESTCD,RSSTRESC,RSEVAL,RSDTC\n"
                + "S,RS,P-2,1,OVRLRESP,SD,INVESTIGATOR,2020-02-20\n",
        ])
        let s = try load(dir).study
        // Day 31 after the first dose, day 50 after randomisation: SD needs 42 days.
        #expect(ResponseEngine().run(s).subjects[1].bestResponse == .ne)
        var o = ResponseOptions()
        o.referenceDate = .randomization
        let r = ResponseEngine(options: o).run(s).subjects[1]
        #expect(r.bestResponse == .sd && r.progressionFree?.start.iso == "2020-01-01")
    }

    // 6. The disclosure check never matches a claim to a figure by value alone.
    @Test func claimNamingAFigureIsNeverMatchedToAnotherOfTheSameValue() throws {
        let figures = [
            ComputedFigure(label: "confirmed partial responses", value: 2, kind: .count),
            ComputedFigure(label: "unconfirmed partial responses", value: 3, kind: .count),
        ]
        let path = temporaryFolder("claim") + "/text.txt"
        write("Two patients had unconfirmed partial responses.", to: path)
        let check = try DisclosureCheck.run(path: path, figures: figures, label: "test")
        let claim = try #require(check.checks.first)
        #expect(claim.verdict == .differsFromData)
        #expect(claim.reasons.contains { $0.contains("unconfirmed partial responses") && $0.contains("3") })
    }

    @Test func pendingPatientsAreJudgedAtTheGivenCutoff() throws {
        let dir = study([
            "dm.csv": "STUDYID,DOMAIN,USUBJID,RFSTDTC\nS,DM,P-1,2020-01-01\nS,DM,P-2,2020-01-01\nS,DM,P-3,2020-01-01\n",
            "ex.csv": "STUDYID,DOMAIN,USUBJID,EXSEQ,EXTRT,EXDOSE,EXSTDTC\n"
                + "S,EX,P-1,1,X,1,2020-01-01\nS,EX,P-2,1,X,1,2020-01-01\nS,EX,P-3,1,X,1,2020-01-01\n"
                + "S,EX,P-1,2,X,1,2020-03-01\n",
        ])
        let s = try load(dir, cutoff: "2020-01-10").study
        let conduct = try EscalationConduct.run(study: s, design: BOIN(target: 0.3), responses: ResponseEngine().run(s))
        #expect(conduct.asOf == "2020-01-10" && conduct.pending.count == 3)
    }

    // 7. Operating characteristics: a 3+3 trial that completes did not stop early.
    @Test func completedThreePlusThreeTrialsDidNotStopEarly() {
        let oc = Simulator.run(
            design: ThreePlusThree(), setting: SimulationSetting(truth: [0.05, 0.1, 0.2, 0.5]), seed: 1,
            trials: 0..<2000)
        #expect(oc.stoppedEarly <= oc.selected[4])
        #expect(oc.stoppedEarly < 100 && oc.endedByRule > 1800)
        #expect(oc.stoppedEarly + oc.endedByRule <= oc.trials)
        let toxic = Simulator.run(
            design: ThreePlusThree(), setting: SimulationSetting(truth: [0.9, 0.95]), seed: 1, trials: 0..<500)
        #expect(toxic.stoppedEarly > 450)
    }

    // 8. Cross-domain validation.
    @Test func crossDomainFindingsAreLocated() throws {
        let dir = study([
            "dm.csv": Self.dm,
            "ex.csv": "STUDYID,DOMAIN,USUBJID,EXSEQ,EXTRT,EXDOSE,EXSTDTC\nS,EX,P-2,1,DRUG X,10,2020-02-01\n",
            "rs.csv": Self.rs.replacingOccurrences(
                of: "P-2,1,OVRLRESP,SD,INVESTIGATOR,2020-02-15", with: "P-2,1,OVRLRESP,SD,INVESTIGATOR,2020-01-25"),
            "tu.csv": "STUDYID,DOMAIN,USUBJID,TUSEQ,TULNKID,TUSTRESC,TUDTC\nS,TU,P-2,1,T01,TARGET,2020-01-20\n",
            "tr.csv":
                "STUDYID,DOMAIN,USUBJID,TRSEQ,TRLNKID,TRTESTCD,TRSTRESN,TRDTC\nS,TR,P-2,1,T09,LDIAM,10,2020-01-20\n",
        ])
        let problems = try load(dir).problems.problems
        let notDosed = try #require(problems.first { $0.code == "assessed-not-dosed" })
        #expect(notDosed.value == "P-1" && notDosed.message.contains("2 RS"))
        let unknown = try #require(problems.first { $0.code == "tr-lesion-unknown" })
        #expect(unknown.variable == "TRLNKID" && unknown.value == "T09" && unknown.location?.description == "row 2")
        let early = try #require(problems.first { $0.code == "rs-before-dose" })
        #expect(early.variable == "RSDTC" && early.value == "2020-01-25" && early.location?.description == "row 4")
        let emptyEX = study(["dm.csv": Self.dm, "ex.csv": "STUDYID,DOMAIN,USUBJID,EXSEQ,EXTRT,EXDOSE,EXSTDTC\n"])
        #expect(try load(emptyEX).problems.problems.contains { $0.code == "ex-empty" })
    }
}

/// Decodes a spec from text, as `AnalysisSpec.load` does from a file.
enum YAMLDecoderShim {
    static func spec(_ yaml: String) throws -> AnalysisSpec {
        let path = temporaryFolder("spec") + "/spec.yaml"
        write(yaml, to: path)
        return try AnalysisSpec.load(path: path)
    }
}

/// The data and response rules given on the command line and in the spec reach the derivation.
@Suite(.serialized, .temporaryFolders) struct RuleOptionsAtEveryEntryTests {
    func placeboStudy() -> String {
        let dir = temporaryFolder("placebo-cli")
        write(RealDataShapeTests.dm, to: dir + "/dm.csv")
        write(RealDataShapeTests.rs, to: dir + "/rs.csv")
        write(
            "STUDYID,DOMAIN,USUBJID,EXSEQ,EXTRT,EXDOSE,EXSTDTC\nS,EX,P-1,1,PLACEBO,0,2020-01-01\nS,EX,P-2,1,DRUG "
                + "X,10,2020-01-01\n",
            to: dir + "/ex.csv")
        return dir
    }

    @Test func commandLineDoseRuleReachesResponsesAndValidate() throws {
        let dir = placeboStudy()
        let byDefault = try runReadout(["responses", dir, "--cutoff", "2020-12-31", "--format", "csv"])
        #expect(byDefault.status == 0, "\(byDefault.stderr)")
        #expect(byDefault.stdout.split(separator: "\n").first { $0.hasPrefix("P-1,") }?.contains("2020-01-01") == true)
        let positive = try runReadout([
            "responses", dir, "--cutoff", "2020-12-31", "--format", "csv", "--dose-rule", "positive",
        ])
        #expect(positive.stdout.split(separator: "\n").first { $0.hasPrefix("P-1,") }?.contains("2020-01-01") == false)
        let validate = try runReadout(["validate", dir, "--cutoff", "2020-12-31", "--dose-rule", "positive"])
        #expect(validate.status == 0 && validate.stdout.contains("no dose counted in EX"), "\(validate.stdout)")
        let validateDefault = try runReadout(["validate", dir, "--cutoff", "2020-12-31"])
        #expect(validateDefault.status == 0 && !validateDefault.stdout.contains("no dose counted in EX"))
        let refused = try runReadout(["responses", dir, "--dose-rule", "postive"])
        #expect(refused.status == 64 && refused.stderr.contains("dose-rule"))
    }

    @Test func commandLinePresetAndSpecResponseRules() throws {
        let dir = temporaryFolder("preset-cli")
        write("STUDYID,DOMAIN,USUBJID,RFSTDTC\nS,DM,6,2020-02-02\n", to: dir + "/dm.csv")
        write("STUDYID,DOMAIN,USUBJID,EXSEQ,EXTRT,EXDOSE,EXSTDTC\nS,EX,6,1,X,1,2020-02-02\n", to: dir + "/ex.csv")
        write(
            "STUDYID,DOMAIN,USUBJID,RSSEQ,RSTESTCD,RSSTRESC,RSEVAL,RSDTC\n"
                + "S,RS,6,1,OVRLRESP,PR,INVESTIGATOR,2020-02-06\n"
                + "S,RS,6,2,OVRLRESP,CR,INVESTIGATOR,2020-02-16\nS,RS,6,3,OVRLRESP,PR,INVESTIGATOR,2020-03-30\n",
            to: dir + "/rs.csv")
        func cbor(_ args: [String]) throws -> String {
            let r = try runReadout(["responses", dir, "--format", "csv"] + args)
            #expect(r.status == 0, "\(r.stderr)")
            let line = r.stdout.split(separator: "\n").first { $0.hasPrefix("6,") }.map(String.init) ?? ""
            return line.contains(",CR,CR on 2020-02-16,PR,")
                ? "PR" : line.contains(",CR,CR on 2020-02-16,SD,") ? "SD" : line
        }
        #expect(try cbor([]) == "PR")
        #expect(try cbor(["--preset", "admiralonco"]) == "SD")
        #expect(try cbor(["--pr-after-cr", "breaks-confirmation"]) == "SD")
        #expect(try cbor(["--preset", "admiralonco", "--pr-after-cr", "confirms"]) == "PR")
        // The spec: the same rule through `responses: pr_after_cr`.
        let spec = try YAMLDecoderShim.spec(
            "title: t\nstudy: .\ncutoff: 2020-12-31\nresponses:\n  pr_after_cr: breaks-confirmation\n"
                + "  readers: accepted\n  pfs_censoring: last-assessment\ndose:\n  rule: positive\n")
        #expect(spec.responseOptions.prAfterCR == .breaksConfirmation && spec.responseOptions.readers == .accepted)
        #expect(spec.responseOptions.pfsCensoring == .lastAssessment && spec.dataRules.dose.kind == .positive)
        #expect(YAMLDecoderShim.specFails("title: t\nstudy: .\ncutoff: 2020-12-31\ndose:\n  rule: postive\n"))
    }
}

extension YAMLDecoderShim {
    static func specFails(_ yaml: String) -> Bool { (try? spec(yaml)) == nil }
}

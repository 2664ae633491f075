import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse
import ReadoutTestSupport
import Testing

/// `readout ca125` on the bundled ovarian study (examples/gcig): the GCIG results, the options, the
/// refusals.
@Suite(.temporaryFolders) struct CA125StudyTests {
    static let study = repositoryRoot + "/examples/gcig/data"

    /// examples/gcig/data is `readout synth --criteria gcig`, byte for byte.
    @Test func theExampleIsTheGenerators() throws {
        let dir = temporaryFolder("gcig")
        let r = try runReadout(["synth", "--criteria", "gcig", "--out", dir])
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["dm", "ex", "lb"] {
            let made = try Data(contentsOf: URL(fileURLWithPath: dir + "/\(name).csv"))
            let kept = try Data(contentsOf: URL(fileURLWithPath: Self.study + "/\(name).csv"))
            #expect(made == kept, "\(name).csv")
        }
    }

    /// The worked example of docs/results-contract.md; every kind of result occurs in the study.
    @Test func theDocumentedSubject() throws {
        let r = try runReadout(["ca125", Self.study, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONNode.parse(r.stdout)
        guard case .array(let subjects) = doc["subjects"] else {
            Issue.record("no subjects")
            return
        }
        let s = subjects.first { $0["USUBJID"]?.stringValue == "RDT-OV-001-013" }
        #expect(s?["pretreatment"]?["AVAL"] == .number(140) && s?["pretreatment"]?["ULN"] == .number(35))
        #expect(s?["response"]?["AVALC"]?.stringValue == "CR" && s?["response"]?["ADT"]?.stringValue == "2021-12-10")
        #expect(s?["progression"]?["kind"]?.stringValue == "A" && s?["progression"]?["mark"] == .number(70))
        #expect(s?["TTP"]?["AVAL"] == .number(169))
        let kinds = Set(subjects.compactMap { $0["progression"]?["kind"]?.stringValue })
        let responses = Set(subjects.compactMap { $0["response"]?["AVALC"]?.stringValue })
        #expect(kinds.isSuperset(of: ["A", "B"]) && responses.isSuperset(of: ["CR", "PR", "SD", "NE"]))
    }

    /// The reduction, the pretreatment window and the upper limit given on the command line reach the
    /// derivation (the pretreatment window decides evaluability for response, not progression).
    @Test func optionsReachTheDerivation() throws {
        func counts(_ args: [String]) throws -> (Double, Double) {
            let r = try runReadout(["ca125", Self.study, "--format", "json"] + args)
            #expect(r.status == 0, "\(r.stderr)")
            let s = try JSONNode.parse(r.stdout)["summary"]
            func n(_ k: String) -> Double { if case .number(let d)? = s?[k] { d } else { -1 } }
            return (n("CR") + n("PR"), n("progressions"))
        }
        let base = try counts([])
        let deeper = try counts(["--ca125-response-reduction", "90"])
        let window = try counts(["--ca125-pretreatment-days", "0"])
        let higher = try counts(["--ca125-upper-limit", "1000"])
        #expect(deeper.0 < base.0 && deeper.0 > 0)
        #expect(window.0 == 0 && window.1 == base.1)
        #expect(higher.1 < base.1)
    }

    @Test func aStudyWithoutLBIsRefused() throws {
        let r = try runReadout(["ca125", repositoryRoot + "/examples/phase2/data", "--format", "json"])
        #expect(r.status == 2 && r.stderr.contains("no LB domain") && r.stdout.contains("\"document\": \"error\""))
    }
}

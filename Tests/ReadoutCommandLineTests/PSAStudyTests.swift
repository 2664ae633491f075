import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse
import ReadoutTestSupport
import Testing

/// `readout psa` on the bundled prostate study (examples/pcwg3): the PCWG3 endpoints, the records
/// not used, the options, and the refusals.
@Suite(.temporaryFolders) struct PSAStudyTests {
    static let study = repositoryRoot + "/examples/pcwg3/data"

    /// examples/pcwg3/data is `readout synth --criteria pcwg3`, byte for byte.
    @Test func theExampleIsTheGenerators() throws {
        let dir = temporaryFolder("pcwg3")
        let r = try runReadout(["synth", "--criteria", "pcwg3", "--out", dir])
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["dm", "ex", "lb"] {
            let made = try Data(contentsOf: URL(fileURLWithPath: dir + "/\(name).csv"))
            let kept = try Data(contentsOf: URL(fileURLWithPath: Self.study + "/\(name).csv"))
            #expect(made == kept, "\(name).csv")
        }
    }

    /// The worked example of docs/results-contract.md, and the counts against the records.
    @Test func theDocumentedSubject() throws {
        let r = try runReadout(["psa", Self.study, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONNode.parse(r.stdout)
        guard case .array(let subjects) = doc["subjects"] else {
            Issue.record("no subjects")
            return
        }
        let s = subjects.first { $0["USUBJID"]?.stringValue == "RDT-PC-001-028" }
        #expect(s?["baseline"]?["AVAL"] == .number(75))
        #expect(s?["PSA50CRS"]?["AVALC"]?.stringValue == "Y" && s?["PSA50CRS"]?["ADT"]?.stringValue == "2021-12-23")
        #expect(s?["PSA50CRS"]?["confirmationDate"]?.stringValue == "2022-01-18")
        #expect(s?["progression"]?["ADT"]?.stringValue == "2022-02-13" && s?["progression"]?["nadir"] == .number(30))
        #expect(s?["TTPP"]?["AVAL"] == .number(195) && s?["TTPP"]?["CNSR"] == .number(0))
        // The samples not done are counted, not lost: records = values used + not used.
        let load = try StudyLoader.load(folder: Self.study)
        let lb = load.study["LB"]!
        let blank = (0..<lb.recordCount).filter { lb.string($0, "LBSTRESN").isEmpty }.count
        #expect(blank > 0 && doc["notUsed"]?[0]?["count"] == .number(Double(blank)))
        #expect(doc["records"] == .number(Double(lb.recordCount)))
    }

    /// Every threshold given on the command line reaches the derivation.
    @Test func optionsReachTheDerivation() throws {
        func summary(_ args: [String]) throws -> JSONNode? {
            let r = try runReadout(["psa", Self.study, "--format", "json"] + args)
            #expect(r.status == 0, "\(r.stderr)")
            return try JSONNode.parse(r.stdout)["summary"]
        }
        let base = try summary([])
        let looser = try summary(["--psa-response-decline", "30"])
        let later = try summary(["--psa-confirmation-days", "60"])
        let flat = try summary(["--psa-progression-increase", "1000"])
        func n(_ s: JSONNode?, _ k: String) -> Double {
            s?[k].flatMap { if case .number(let d) = $0 { d } else { nil } } ?? -1
        }
        #expect(n(looser, "PSA50URS") > n(base, "PSA50URS"))
        #expect(n(later, "PSA50CRS") < n(base, "PSA50CRS"))
        #expect(n(flat, "progressions") == 0 && n(base, "progressions") > 0)
    }

    /// A study without LB is refused; PSA in another unit is a warning per record, not used.
    @Test func refusals() throws {
        let none = try runReadout(["psa", repositoryRoot + "/examples/phase2/data"])
        #expect(none.status == 2 && none.stderr.contains("no LB domain"))
        let dir = temporaryFolder("pcwg3")
        write("USUBJID,RFSTDTC\nS-1,2020-01-01\n", to: dir + "/dm.csv")
        write("USUBJID,EXSEQ,EXTRT,EXDOSE,EXSTDTC\nS-1,1,X,240,2020-01-01\n", to: dir + "/ex.csv")
        write(
            "USUBJID,LBSEQ,LBTESTCD,LBSTRESN,LBSTRESU,LBDTC\nS-1,1,PSA,40,ng/mL,2019-12-30\n"
                + "S-1,2,PSA,2,ng/dL,2020-02-01\nS-1,3,PSA,18,ng/mL,2020-03-01\n", to: dir + "/lb.csv")
        let r = try runReadout(["psa", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("1 PSA records not used: unit not ng/mL."))
        #expect(r.stdout.contains("lb.csv, row 3, LBSTRESU") && r.stdout.contains("found \"ng/dL\""))
        #expect(r.stdout.contains("S-1: no decline of 50% or more from baseline that was confirmed"))
    }
}

import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse
import ReadoutTestSupport
import Testing

/// Lugano 2014 from recorded responses, shaped as pharmaversesdtm's rs_onco_lymphoma records them:
/// a PET-CT-based and a CT-based overall response per visit, told apart by RSMETHOD.
@Suite(.temporaryFolders) struct LuganoTests {
    func study() -> String {
        let dir = temporaryFolder("lugano")
        write("USUBJID,RFSTDTC\nL-1,2020-01-01\nL-2,2020-01-01\nL-3,2020-01-01\n", to: dir + "/dm.csv")
        write(
            "USUBJID,EXSEQ,EXTRT,EXDOSE,EXSTDTC\nL-1,1,X,10,2020-01-01\nL-2,1,X,10,2020-01-01\nL-3,1,X,10,2020-01-01\n",
            to: dir + "/ex.csv")
        let rows = [
            ("L-1", "PET-CT", "NMR", "2020-02-26"), ("L-1", "CT", "SAD", "2020-02-26"),
            ("L-1", "PET-CT", "CMR", "2020-04-22"), ("L-1", "CT", "PAR", "2020-04-22"),
            ("L-1", "PET-CT", "CMR", "2020-06-17"), ("L-1", "CT", "PAR", "2020-06-17"),
            ("L-2", "PET-CT", "PMR", "2020-02-26"), ("L-2", "CT", "PAR", "2020-02-26"),
            ("L-2", "CT", "PAD", "2020-04-22"),
            ("L-3", "PET-CT", "NED", "2020-02-26"), ("L-3", "CT", "SAD", "2020-02-26"),
            ("L-3", "PET-CT", "ND", "2020-04-22"),
        ]
        var rs = "USUBJID,RSSEQ,RSTESTCD,RSCAT,RSMETHOD,RSORRES,RSSTRESC,RSEVAL,RSDTC\n"
        for (k, r) in rows.enumerated() {
            rs += "\(r.0),\(k + 1),OVRLRESP,LUGANO 2014,\(r.1),\(r.2),\(r.2),INVESTIGATOR,\(r.3)\n"
        }
        write(rs, to: dir + "/rs.csv")
        return dir
    }

    func derive(_ dir: String, method: String? = nil) throws -> ResponseEngine.Result {
        var o = ResponseOptions()
        o.criteria = .lugano
        o.method = method
        return ResponseEngine(options: o).run(try StudyLoader.load(folder: dir).study)
    }

    /// A visit's PET-CT-based result replaces its CT-based one; a CT-only visit counts its CT result.
    @Test func petCTBeforeCT() throws {
        let dir = study()
        let r = try derive(dir)
        let byID = Dictionary(uniqueKeysWithValues: r.subjects.map { ($0.subject, $0) })
        #expect(byID["L-1"]?.bestResponse == .cr && byID["L-1"]?.confirmedResponse == .cr)
        #expect(byID["L-2"]?.bestResponse == .pr && byID["L-2"]?.counted.map(\.response) == [.pr, .pd])
        #expect(r.otherMethodRecords == 5)
        // A scan not done (ND) is no result: not counted, and said so.
        #expect(byID["L-3"]?.excluded["no result (MISSING)"] == 1)
        let ct = try derive(dir, method: "CT")
        let l1 = ct.subjects.first { $0.subject == "L-1" }!
        #expect(l1.bestResponse == .pr && ct.otherMethodRecords == 6)
    }

    /// NED and LYRIC's categories are not Lugano 2014 results: an error at the row, not counted.
    @Test func nonLuganoResultsAreRefused() throws {
        let r = try derive(study())
        let bad = r.problems.problems.filter { $0.code == "response-unreadable" }
        #expect(bad.count == 1 && bad[0].value == "NED" && bad[0].expected == "a Lugano 2014 response")
        // Lugano's codes are known to the RS checks; NED is the one value they flag.
        let load = try StudyLoader.load(folder: study())
        #expect(
            load.problems.count(.error) == 1 && load.problems.problems.first { $0.severity == .error }?.value == "NED")
    }

    /// Through the command line: --criteria lugano-2014 and --rs-method, the summary counts, the text.
    @Test func theCommandLine() throws {
        let dir = study()
        let r = try runReadout(["responses", dir, "--criteria", "lugano-2014", "--format", "json"])
        let doc = try JSONNode.parse(r.stdout)
        #expect(doc["criteria"]?.stringValue == "Lugano 2014")
        #expect(doc["summary"]?["otherMethodRecords"] == .number(5))
        #expect(doc["options"]?["rs-method"] == .null)
        let text = try runReadout(["responses", dir, "--criteria", "lugano-2014", "--rs-method", "PET-CT"])
        #expect(text.stdout.contains("were not used for their method (RSMETHOD): not \"PET-CT\"."))
    }
}

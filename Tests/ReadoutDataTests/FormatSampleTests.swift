import Foundation
import ReadoutCore
import ReadoutTestSupport
import Testing

@testable import ReadoutData

/// The real SAS- and CDISC-written samples must read cell for cell as their reference CSVs say.
@Suite(.temporaryFolders) struct FormatSampleTests {
    static let xptNames = ["msg_adam_adsl", "msg_adam_adtte", "msg_sdtm_ae", "msg_sdtm_dm", "msg_sdtm_ds"]

    @Test(arguments: xptNames)
    func xptMatchesReference(name: String) throws {
        var problems = ProblemLog()
        let ds = try DataReader.read(path: fixture("formats-samples/xpt/\(name).xpt"), name: "", problems: &problems)
        #expect(ds.source.format == .xpt)
        #expect(problems.problems.isEmpty, "\(problems.problems)")
        let ref = referenceCSV(fixture("formats-samples/xpt/\(name).csv"))
        let header = ref[0]
        #expect(ds.variables.map(\.name) == header)
        #expect(ds.recordCount == ref.count - 1)
        let meta =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: fixture("formats-samples/xpt/\(name).meta.json"))))
            as! [String: Any]
        #expect(ds.name == meta["table_name"] as! String)
        #expect(ds.label == meta["file_label"] as? String)
        let metaColumns = meta["columns"] as! [[String: Any]]
        var mismatches = 0
        for (c, v) in ds.variables.enumerated() {
            #expect(v.label == metaColumns[c]["label"] as? String)
            #expect(v.length == metaColumns[c]["length"] as? Int)
            let numeric = (metaColumns[c]["type"] as! String) == "double"
            #expect(v.type.isNumeric == numeric)
            for r in 0..<ds.recordCount {
                let expected = ref[r + 1][c]
                if numeric {
                    let got = ds.double(r, c)
                    if expected.isEmpty {
                        if got != nil { mismatches += 1 }
                    } else if got != Double(expected)! {
                        mismatches += 1
                        print("\(name) \(v.name) row \(r): \(String(describing: got)) vs \(expected)")
                    }
                } else if ds.string(r, c) != expected {
                    mismatches += 1
                    print("\(name) \(v.name) row \(r): \(ds.string(r, c)) vs \(expected)")
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func xptDateFormatsGiveDateVariables() throws {
        var problems = ProblemLog()
        let ds = try DataReader.read(
            path: fixture("formats-samples/xpt/msg_adam_adtte.xpt"), name: "", problems: &problems)
        let v = ds.variables[ds.index(of: "trtsdt")!]
        #expect(v.type == .date)
        #expect(v.format == "DATE9.")
        // 19725 days after 1960-01-01.
        #expect(CalendarDate(dayNumber: Int(ds.double(0, ds.index(of: "TRTSDT")!)!)).iso == "2014-01-02")
    }

    /// Dataset-JSON forms of the same data agree with each other and with the SAS transport file.
    @Test(arguments: [("sdtm_dm", "msg_sdtm_dm"), ("adam_adtte", "msg_adam_adtte")])
    func datasetJSONMatchesXPT(json: String, xpt: String) throws {
        var problems = ProblemLog()
        let x = try DataReader.read(path: fixture("formats-samples/xpt/\(xpt).xpt"), name: "", problems: &problems)
        var forms = [
            try DataReader.read(
                path: fixture("formats-samples/datasetjson/\(json).json"), name: "", problems: &problems),
            try DataReader.read(
                path: fixture("formats-samples/datasetjson/\(json).ndjson"), name: "", problems: &problems),
        ]
        if json == "sdtm_dm" {
            forms.append(
                try DataReader.read(
                    path: fixture("formats-samples/datasetjson/sdtm_dm.dsjc"), name: "", problems: &problems))
        }
        #expect(problems.problems.isEmpty, "\(problems.problems)")
        #expect(forms.map(\.source.format).contains(.datasetNDJSON))
        for ds in forms {
            #expect(ds.name == x.name)
            #expect(ds.recordCount == x.recordCount)
            #expect(ds.variables.map(\.name) == x.variables.map(\.name))
            for c in 0..<x.variables.count {
                let jc = ds.index(of: x.variables[c].name)!
                for r in 0..<x.recordCount {
                    if x.variables[c].type.isNumeric {
                        #expect(ds.double(r, jc) == x.double(r, c), "\(ds.source.format) \(x.variables[c].name) \(r)")
                    } else {
                        #expect(ds.string(r, jc) == x.string(r, c), "\(ds.source.format) \(x.variables[c].name) \(r)")
                    }
                }
            }
        }
    }

    @Test func datasetJSONDatesWithIntegerTargetAreSASNumbers() throws {
        var problems = ProblemLog()
        let ds = try DataReader.read(
            path: fixture("formats-samples/datasetjson/adam_adtte.json"), name: "", problems: &problems)
        let c = ds.index(of: "ADT")!
        #expect(ds.variables[c].type == .date)
        #expect(ds.double(0, c) == 19726)
        // SDTM --DTC dates without a target type stay ISO text.
        let dm = try DataReader.read(
            path: fixture("formats-samples/datasetjson/sdtm_dm.json"), name: "", problems: &problems)
        #expect(dm.variables[dm.index(of: "RFSTDTC")!].type == .text)
        #expect(dm.string(0, "RFSTDTC") == "2012-11-30")
    }

    @Test func dsReadsAndAttributeOrderDoesNotMatter() throws {
        var problems = ProblemLog()
        let ds = try DataReader.read(
            path: fixture("formats-samples/datasetjson/sdtm_ds.json"), name: "", problems: &problems)
        #expect(ds.name == "DS")
        let x = try DataReader.read(path: fixture("formats-samples/xpt/msg_sdtm_ds.xpt"), name: "", problems: &problems)
        #expect(ds.recordCount == x.recordCount)
        // Rows placed before the columns in the document still read the same.
        let text = try String(contentsOfFile: fixture("formats-samples/datasetjson/sdtm_dm.json"), encoding: .utf8)
        let obj = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let rows = try JSONSerialization.data(withJSONObject: obj["rows"]!)
        let columns = try JSONSerialization.data(withJSONObject: obj["columns"]!)
        let reordered =
            "{\"rows\": " + String(decoding: rows, as: UTF8.self)
            + ", \"name\": \"DM\", \"datasetJSONVersion\": \"1.1.0\", \"columns\": "
            + String(decoding: columns, as: UTF8.self) + "}"
        let a = try DatasetJSONReader.readJSON(
            bytes: Array(reordered.utf8), path: "reordered.json", name: "", problems: &problems)
        let b = try DataReader.read(
            path: fixture("formats-samples/datasetjson/sdtm_dm.json"), name: "", problems: &problems)
        #expect(a.recordCount == b.recordCount)
        for r in 0..<a.recordCount { for c in 0..<a.variables.count { #expect(a.string(r, c) == b.string(r, c)) } }
    }
}

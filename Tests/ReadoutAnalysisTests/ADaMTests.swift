import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse
import ReadoutStatistics
import ReadoutTestSupport
import Testing

@testable import ReadoutAnalysis

/// ADSL, ADRS, ADTTE and ADTR of the bundled study: names, labels and codes as the ADaM IG and
/// admiralonco's templates write them, values consistent with the readout, and the files read back.
@Suite(.temporaryFolders) struct ADaMTests {
    static let spec = repositoryRoot + "/examples/phase2/readout.yaml"
    static let output = Result { try ReadoutRunner.run(specPath: spec) }

    /// ADaM IG (v1.3, BDS and ADSL) and admiralonco labels of the variables Readout writes.
    static let igLabels: [String: String] = [
        "STUDYID": "Study Identifier", "USUBJID": "Unique Subject Identifier",
        "SUBJID": "Subject Identifier for the Study", "SITEID": "Study Site Identifier", "AGE": "Age",
        "AGEU": "Age Units", "SEX": "Sex", "RACE": "Race", "ARM": "Description of Planned Arm",
        "ACTARM": "Description of Actual Arm", "TRT01P": "Planned Treatment for Period 01",
        "TRT01A": "Actual Treatment for Period 01", "TRTSDT": "Date of First Exposure to Treatment",
        "TRTEDT": "Date of Last Exposure to Treatment", "RANDDT": "Date of Randomization",
        "EOSSTT": "End of Study Status", "EOSDT": "End of Study Date",
        "DCSREAS": "Reason for Discontinuation from Study", "DTHDT": "Date of Death", "DTHFL": "Subject Death Flag",
        "SAFFL": "Safety Population Flag", "ASEQ": "Analysis Sequence Number", "PARAMCD": "Parameter Code",
        "PARAM": "Parameter", "PARCAT1": "Parameter Category 1", "PARCAT2": "Parameter Category 2",
        "PARCAT3": "Parameter Category 3", "AVISIT": "Analysis Visit", "AVISITN": "Analysis Visit (N)",
        "ADT": "Analysis Date", "ADY": "Analysis Relative Day", "AVALC": "Analysis Value (C)",
        "AVAL": "Analysis Value", "AVALU": "Analysis Value Unit", "ANL01FL": "Analysis Flag 01",
        "SRCDOM": "Source Data", "SRCVAR": "Source Variable", "SRCSEQ": "Source Sequence Number",
        "STARTDT": "Time-to-Event Origin Date for Subject", "CNSR": "Censor",
        "EVNTDESC": "Event or Censoring Description", "CNSDTDSC": "Censor Date Description",
        "ABLFL": "Baseline Record Flag", "BASE": "Baseline Value", "CHG": "Change from Baseline",
        "PCHG": "Percent Change from Baseline",
    ]

    static func column(_ ds: Dataset, _ name: String) -> [String] {
        let c = ds.index(of: name)!
        return (0..<ds.recordCount).map { ds.string($0, c) }
    }

    @Test func namesLabelsAndTypesFollowTheADaMIG() throws {
        let adam = try Self.output.get().adam
        for ds in adam.all {
            for v in ds.variables {
                #expect(v.name.utf8.count <= 8 && v.name == v.name.uppercased(), "\(ds.name).\(v.name)")
                #expect((v.label ?? "").utf8.count <= 40 && v.label != nil, "\(ds.name).\(v.name) label")
                if let label = Self.igLabels[v.name] { #expect(v.label == label, "\(ds.name).\(v.name)") }
                // Dates are numeric SAS dates with a date format; names ending in DT are dates.
                if v.name.hasSuffix("DT") { #expect(v.type == .date && v.format == "DATE9.", "\(ds.name).\(v.name)") }
            }
            #expect(Array(ds.variables.prefix(2).map(\.name)) == ["STUDYID", "USUBJID"], "\(ds.name)")
        }
        #expect(adam.adsl.name == "ADSL" && adam.adrs.name == "ADRS" && adam.adtte.name == "ADTTE")
        #expect(adam.adtr?.name == "ADTR")
        let required = [
            "ADRS": ["PARAMCD", "PARAM", "AVALC", "AVAL", "ADT", "ANL01FL", "SRCDOM", "SRCSEQ", "ASEQ"],
            "ADTTE": [
                "PARAMCD", "PARAM", "STARTDT", "ADT", "AVAL", "CNSR", "EVNTDESC", "CNSDTDSC", "SRCDOM", "SRCSEQ",
            ],
            "ADTR": ["PARAMCD", "AVAL", "BASE", "CHG", "PCHG", "ADT", "ABLFL"],
            "ADSL": ["TRTSDT", "TRTEDT", "SAFFL", "DTHFL", "EOSSTT"],
        ]
        for ds in adam.all { for name in required[ds.name] ?? [] { #expect(ds.has(name), "\(ds.name) has \(name)") } }
    }

    @Test func responseParametersAndCodesAreAdmiraloncos() throws {
        let out = try Self.output.get()
        let adrs = out.adam.adrs
        let paramcd = Self.column(adrs, "PARAMCD")
        let avalc = Self.column(adrs, "AVALC")
        let aval = Self.column(adrs, "AVAL")
        let subject = Self.column(adrs, "USUBJID")
        #expect(Set(paramcd) == ["OVR", "BOR", "CBOR", "RSP", "CRSP"])
        let codes = ["CR": "1", "PR": "2", "SD": "3", "NON-CR/NON-PD": "4", "PD": "5", "NE": "6", "MISSING": "7"]
        for r in 0..<adrs.recordCount {
            if ["RSP", "CRSP"].contains(paramcd[r]) {
                #expect((avalc[r] == "Y" && aval[r] == "1") || (avalc[r] == "N" && aval[r] == "0"))
            } else {
                #expect(codes[avalc[r]] == aval[r], "row \(r + 1): \(avalc[r]) is \(aval[r])")
            }
        }
        // One BOR, CBOR, RSP and CRSP per subject, equal to the readout's responses; OVR records
        // flagged ANL01FL are exactly the assessments the derivation counted.
        let responses = Dictionary(uniqueKeysWithValues: out.subjectLevel.responses.map { ($0.subject, $0) })
        let anl = Self.column(adrs, "ANL01FL")
        var counted: [String: Int] = [:]
        for r in 0..<adrs.recordCount {
            let s = responses[subject[r]]!
            switch paramcd[r] {
            case "BOR": #expect(avalc[r] == s.bestResponse.code)
            case "CBOR": #expect(avalc[r] == s.confirmedResponse.code)
            case "CRSP": #expect((avalc[r] == "Y") == s.isConfirmedResponder)
            case "OVR": if anl[r] == "Y" { counted[subject[r], default: 0] += 1 }
            default: break
            }
        }
        for s in out.subjectLevel.responses {
            #expect(counted[s.subject, default: 0] == s.counted.count, "\(s.subject)")
        }
        #expect(paramcd.filter { $0 == "CBOR" }.count == responses.count)
        // Confirmed responders in ADRS are the readout's confirmed responders of the evaluable population.
        let evaluable = Set(out.result.populations.first { $0.name == "evaluable" }!.subjects)
        let confirmed = (0..<adrs.recordCount).filter {
            paramcd[$0] == "CRSP" && avalc[$0] == "Y" && evaluable.contains(subject[$0])
        }.count
        #expect(confirmed == out.result.responseRows.first { $0.population == "evaluable" }!.confirmed.count)
    }

    @Test func timeToEventAgreesWithTheReadoutsKaplanMeier() throws {
        let out = try Self.output.get()
        let adtte = out.adam.adtte
        let paramcd = Self.column(adtte, "PARAMCD")
        let cnsr = Self.column(adtte, "CNSR")
        #expect(Set(paramcd) == ["PFS", "RSD", "OS"] && Set(cnsr) == ["0", "1"])
        let start = adtte.index(of: "STARTDT")!
        let end = adtte.index(of: "ADT")!
        let aval = adtte.index(of: "AVAL")!
        for r in 0..<adtte.recordCount {
            #expect(adtte.double(r, aval) == adtte.double(r, end)! - adtte.double(r, start)! + 1)
        }
        // The Kaplan–Meier median of ADTTE's records in the primary population is the readout's.
        let primary = Set(out.result.populations.first { $0.name == "evaluable" }!.subjects)
        let subject = Self.column(adtte, "USUBJID")
        for (code, endpoint) in [
            ("PFS", "Progression-free survival"), ("RSD", "Duration of response"), ("OS", "Overall survival"),
        ] {
            let rows = (0..<adtte.recordCount).filter { paramcd[$0] == code && primary.contains(subject[$0]) }
            let km = KaplanMeier(
                times: rows.map { adtte.double($0, aval)! }, events: rows.map { cnsr[$0] == "0" })
            let reported = out.result.timeToEvent.first { $0.endpoint == endpoint }!
            #expect(rows.count == reported.n, "\(code)")
            #expect(km.median.estimate.map { $0 / CalendarUnits.daysPerMonth } == reported.medianMonths, "\(code)")
        }
    }

    @Test func filesReadBackInEveryFormat() throws {
        let out = try Self.output.get()
        let dir = temporaryFolder("adam")
        let written = try out.adam.write(to: dir, created: "2008-08-29T00:00:00")
        #expect(written.count == 12)
        for ds in out.adam.all {
            let stem = dir + "/" + ds.name.lowercased()
            var problems = ProblemLog()
            let xpt = try XPTReader.read(path: stem + ".xpt", name: ds.name, problems: &problems)
            let json = try DataReader.read(path: stem + ".json", name: ds.name, problems: &problems)
            #expect(!problems.hasErrors, "\(problems.problems.prefix(3))")
            for copy in [xpt, json] {
                #expect(copy.recordCount == ds.recordCount, "\(ds.name)")
                for (c, v) in ds.variables.enumerated() {
                    let k = copy.index(of: v.name)!
                    #expect(copy.variables[k].label == v.label, "\(ds.name).\(v.name) label")
                    for r in Swift.stride(from: 0, to: ds.recordCount, by: 7) {
                        let a = ds.string(r, c)
                        let b = copy.string(r, k)
                        // Long explanations are split across EXPLAN, EXPLAN1, ... in SAS transport.
                        if copy.source.format == .xpt, v.name == "EXPLAN", a.utf8.count > 200 {
                            #expect(a.hasPrefix(b), "\(ds.name).\(v.name) row \(r + 1)")
                        } else {
                            #expect(a == b, "\(ds.name).\(v.name) row \(r + 1) in \(copy.source.format)")
                        }
                    }
                }
            }
        }
    }

    @Test func longTextIsSplitNotCutInTransportFiles() throws {
        let long = String(repeating: "é", count: 150) + "end"
        let ds = Dataset(
            name: "T", variables: [Variable(name: "EXPLAN", label: "Why")], columns: [.text(TextColumn([long, "a"]))],
            source: DataSource(path: "t", format: .csv))
        let split = DatasetWriter.splittingLongText(ds)
        #expect(split.variables.map(\.name) == ["EXPLAN", "EXPLAN1"])
        #expect(split.string(0, 0) + split.string(0, 1) == long && split.string(0, 0).utf8.count <= 200)
        #expect(split.string(1, 0) == "a" && split.string(1, 1) == "")
    }
}

import Foundation
import ReadoutCore
import ReadoutTestSupport
import Testing

@testable import ReadoutData

/// Builds small study folders and checks loading, SUPP-- merging, the cut-off and validation.
@Suite(.temporaryFolders) struct StudyTests {
    func study(_ files: [String: String]) -> String {
        let dir = temporaryFolder("study")
        for (name, text) in files { write(text, to: dir + "/" + name) }
        return dir
    }

    static let dm = """
        STUDYID,DOMAIN,USUBJID,RFICDTC,RFSTDTC,DTHDTC,DTHFL,SEX
        S,DM,S-1,2008-01-01,2008-01-05,2008-09-10,Y,F
        S,DM,S-2,2008-02-01,2008-02-03,,,F
        S,DM,S-3,2008-09-01,2008-09-03,,,F

        """

    @Test func supplementalQualifiersMergeOntoParentRecords() throws {
        let dir = study([
            "dm.csv": Self.dm,
            "ae.csv":
                "USUBJID,AESEQ,AEDECOD,AESTDTC\nS-1,1,Nausea,2008-01-10\nS-1,2,Fatigue,2008-01-12\n"
                + "S-2,1,Nausea,2008-02-10\n",
            "suppae.csv":
                "USUBJID,RDOMAIN,IDVAR,IDVARVAL,QNAM,QLABEL,QVAL\nS-1,AE,AESEQ,2,AEDLT,Dose-limiting "
                + "toxicity,Y\nS-2,AE,AESEQ,1.0,AEDLT,Dose-limiting "
                + "toxicity,N\nS-2,AE,AESEQ,9,AEDLT,Dose-limiting toxicity,Y\n",
        ])
        let load = try StudyLoader.load(folder: dir)
        let ae = try #require(load.study["AE"])
        let c = try #require(ae.index(of: "AEDLT"))
        #expect(ae.variables[c].label == "Dose-limiting toxicity")
        #expect((0..<3).map { ae.string($0, c) } == ["", "Y", "N"])
        let orphan = try #require(load.problems.problems.first { $0.code == "supp-no-parent" })
        #expect(orphan.location == RecordLocation(word: "row", number: 4))
        #expect(orphan.value == "AESEQ = 9")
    }

    @Test func subjectLevelQualifierGoesOnDM() throws {
        let dir = study([
            "dm.csv": Self.dm, "suppdm.csv": "USUBJID,RDOMAIN,IDVAR,IDVARVAL,QNAM,QVAL\nS-2,DM,,,HER2CENT,POSITIVE\n",
        ])
        let load = try StudyLoader.load(folder: dir)
        #expect(load.study["DM"]!.string(1, "HER2CENT") == "POSITIVE")
        #expect(!load.problems.hasErrors)
    }

    @Test func cutoffRemovesLaterRecordsEverywhereAndReportsIt() throws {
        let dir = study([
            "dm.csv": Self.dm,
            "rs.csv":
                "USUBJID,RSSEQ,RSTESTCD,RSSTRESC,RSDTC\nS-1,1,OVRLRESP,PR,2008-03-01\nS-1,2,OVRLRESP,PR,2008-08\n"
                + "S-1,3,OVRLRESP,SD,2008-09-01\nS-2,1,OVRLRESP,SD,\nS-3,1,OVRLRESP,SD,2008-10-01\n",
        ])
        let cutoff = CalendarDate(iso: "2008-08-29")!
        let load = try StudyLoader.load(folder: dir, options: StudyLoadOptions(cutoff: cutoff))
        let rs = load.study["RS"]!
        // 2008-08 is on or before the cut-off by the start rule; the undated record is kept.
        #expect(rs.recordCount == 3)
        #expect((0..<3).map { rs.string($0, "RSSEQ") } == ["1", "2", "1"])
        // Rows in messages still point at the file as delivered.
        #expect(rs.location(2) == RecordLocation(word: "row", number: 5))
        let r = try #require(load.cutoffReport)
        #expect(r.removed["RS"] == 2)
        #expect(r.undated["RS"] == 1)
        #expect(r.subjectsEnrolledAfter == ["S-3"])
        // Death after the cut-off had not happened at it.
        let dm = load.study["DM"]!
        #expect(dm.recordCount == 2)
        #expect(dm.string(0, "DTHDTC") == "" && dm.string(0, "DTHFL") == "")
        #expect(r.clearedInDM["DTHDTC"] == 1)
        let summary = load.summaries.first { $0.domain == "RS" }!
        #expect(summary.recordsRead == 5 && summary.records == 3 && summary.recordsRemovedByCutoff == 2)
        #expect(summary.firstDate == "2008-03-01" && summary.lastDate == "2008-08-01" && summary.partialDates == 1)
    }

    @Test func everyProblemIsCollectedWithItsPlace() throws {
        let dir = study([
            "dm.csv": Self.dm + "S,DM,S-2,2008-02-01,2008-02-03,,,X\n",
            "rs.csv":
                "USUBJID,RSSEQ,RSTESTCD,RSSTRESC,RSDTC\nS-1,1,OVRLRESP,PR,2008-03-01\nS-1,1,OVRLRESP,pr,03/01/2008\n"
                + "S-9,x,OVRLRESP,SD,2008-04-01\n,3,OVRLRESP,SD,2008-04-01\n",
            "ex.csv": "USUBJID,EXTRT,EXSTDTC\nS-1,DRUG,2008-01-05\n",
        ])
        let load = try StudyLoader.load(folder: dir)
        let p = load.problems.problems
        func has(_ code: String, _ file: String, _ row: Int?, _ variable: String?) -> Bool {
            p.contains {
                $0.code == code && $0.file!.hasSuffix(file) && $0.location?.number == row && $0.variable == variable
            }
        }
        #expect(has("required-variable-missing", "ex.csv", nil, "EXDOSE"))
        #expect(has("duplicate-key", "rs.csv", 3, "USUBJID, RSSEQ"))
        #expect(has("controlled-terminology", "rs.csv", 3, "RSSTRESC"))
        #expect(has("not-iso8601", "rs.csv", 3, "RSDTC"))
        #expect(has("not-a-number", "rs.csv", 4, "RSSEQ"))
        #expect(has("subject-not-in-dm", "rs.csv", 4, "USUBJID"))
        #expect(has("required-value-missing", "rs.csv", 5, "USUBJID"))
        #expect(has("duplicate-key", "dm.csv", 5, "USUBJID"))
        #expect(p.contains { $0.code == "controlled-terminology" && $0.variable == "SEX" && $0.severity == .warning })
        let iso = p.first { $0.code == "not-iso8601" }!
        #expect(iso.value == "03/01/2008")
        #expect(iso.description.contains("rs.csv, row 3, RSDTC"))
        #expect(iso.expected!.contains("ISO 8601"))
    }

    @Test func formatsMixInOneStudyAndMatchCaseInsensitively() throws {
        let dir = temporaryFolder("mixed")
        try FileManager.default.copyItem(
            atPath: fixture("formats-samples/xpt/msg_sdtm_dm.xpt"), toPath: dir + "/dm.xpt")
        try FileManager.default.copyItem(
            atPath: fixture("formats-samples/datasetjson/sdtm_ds.json"), toPath: dir + "/DS.json")
        let load = try StudyLoader.load(folder: dir)
        #expect(load.study.domains == ["DM", "DS"])
        #expect(load.study["dm"]!.string(0, "usubjid") == "CDISC001")
        #expect(load.summaries.map(\.format) == ["sas-xpt-v5", "dataset-json"])
    }

    @Test func twoFilesForOneDomainIsAnError() throws {
        let dir = study(["dm.csv": Self.dm])
        try FileManager.default.copyItem(
            atPath: fixture("formats-samples/xpt/msg_sdtm_dm.xpt"), toPath: dir + "/dm.xpt")
        let load = try StudyLoader.load(folder: dir)
        #expect(load.problems.problems.contains { $0.code == "domain-twice" })
    }

    @Test func defineXMLLabelsAndCodelistsAreUsed() throws {
        let define = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" xmlns:def="http://www.cdisc.org/ns/def/v2.1">
            <Study OID="S"><MetaDataVersion OID="M" Name="M">
            <ItemGroupDef OID="IG.DM" Name="DM" Repeating="No" def:Structure="One record per subject">
              <ItemRef ItemOID="IT.DM.USUBJID" Mandatory="Yes" KeySequence="1"/>
              <ItemRef ItemOID="IT.DM.RACE" Mandatory="No" KeySequence="2"/>
            </ItemGroupDef>
            <ItemDef OID="IT.DM.USUBJID" Name="USUBJID" DataType="text" Length="20"><Description>\
            <TranslatedText xml:lang="en">Unique Subject Identifier</TranslatedText></Description></ItemDef>
            <ItemDef OID="IT.DM.RACE" Name="RACE" DataType="text" Length="40"><Description>\
            <TranslatedText xml:lang="en">Race</TranslatedText></Description><CodeListRef CodeListOID="CL.RACE"/>\
            </ItemDef>
            <CodeList OID="CL.RACE" Name="Race" DataType="text"><EnumeratedItem CodedValue="WHITE"/>\
            <EnumeratedItem CodedValue="ASIAN"/></CodeList>
            </MetaDataVersion></Study></ODM>
            """
        let dir = study(["dm.csv": "USUBJID,RACE\nS-1,WHITE\nS-2,MARTIAN\nS-2,ASIAN\n", "define.xml": define])
        let load = try StudyLoader.load(folder: dir)
        let dm = load.study["DM"]!
        #expect(dm.variables[dm.index(of: "USUBJID")!].label == "Unique Subject Identifier")
        let p = try #require(load.problems.problems.first { $0.code == "controlled-terminology" })
        #expect(p.value == "MARTIAN" && p.location?.number == 3 && p.message.contains("define.xml"))
        // define.xml's key (USUBJID, RACE) replaces the default (USUBJID): S-2 twice is no duplicate here.
        #expect(!load.problems.problems.contains { $0.code == "duplicate-key" })
        #expect(load.study.define?.groups["DM"]?.keys == ["USUBJID", "RACE"])
        // A broken define.xml is a warning, never a failure.
        let dir2 = study(["dm.csv": "USUBJID\nS-1\n", "define.xml": "<ODM><broken"])
        let load2 = try StudyLoader.load(folder: dir2)
        #expect(load2.problems.problems.contains { $0.code == "define-xml" && $0.severity == .warning })
    }

    @Test func bundledStudyIsCleanAtItsCutoff() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let load = try StudyLoader.load(
            folder: root + "/examples/phase2/data",
            options: StudyLoadOptions(cutoff: CalendarDate(iso: "2008-08-29")!))
        #expect(load.problems.problems.isEmpty, "\(load.problems.problems.prefix(5))")
        #expect(load.study["DM"]!.recordCount == 112)
        #expect(load.cutoffReport!.subjectsEnrolledAfter.count == 3)
    }

    @Test func generatorIsDeterministic() {
        var o = PhaseIIGenerator.Options()
        o.subjects = 20
        o.seed = 5
        let a = PhaseIIGenerator(options: o).generate().map { $0.csv() }
        let b = PhaseIIGenerator(options: o).generate().map { $0.csv() }
        #expect(a == b)
        o.seed = 6
        #expect(PhaseIIGenerator(options: o).generate().map { $0.csv() } != a)
    }
}

import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse
import ReadoutTestSupport
import Testing

@testable import ReadoutAnalysis

/// The two-cut example (examples/phase2-interim at 2008-03-31, examples/phase2 at 2008-08-29),
/// compared figure by figure against readouts run on each cut on their own, and the three edits of
/// scripts/make-interim-cut.py found behind the cut.
@Suite struct CutComparisonTests {
    static let interim = repositoryRoot + "/examples/phase2-interim/data"
    static let final = repositoryRoot + "/examples/phase2/data"
    static let specPath = repositoryRoot + "/examples/phase2/readout.yaml"
    static let first = CutComparison.Cut(folder: interim, cutoff: CalendarDate(iso: "2008-03-31")!)
    static let second = CutComparison.Cut(folder: final, cutoff: CalendarDate(iso: "2008-08-29")!)
    static let comparison = Result {
        try CutComparison.run(first: first, second: second, spec: (try AnalysisSpec.load(path: specPath), specPath))
    }

    /// The readout of the spec on one cut, run on its own.
    static func readout(_ cut: CutComparison.Cut) throws -> ReadoutResult {
        var spec = try AnalysisSpec.load(path: specPath)
        spec.study = cut.folder
        spec.cutoff = cut.cutoff.iso
        return try ReadoutRunner.run(
            spec: spec, specPath: specPath, load: ReadoutRunner.loadStudy(spec: spec, specPath: specPath)
        ).result
    }

    @Test func everyFigureIsTheFigureOfEachCutsOwnReadout() throws {
        let c = try Self.comparison.get()
        let a = AnalysisResults.rows(try Self.readout(Self.first))
        let b = AnalysisResults.rows(try Self.readout(Self.second))
        let figures = try #require(c.figures)
        #expect(figures.count == max(a.count, b.count))
        let byIDA = Dictionary(uniqueKeysWithValues: a.map { ($0.id, $0) })
        let byIDB = Dictionary(uniqueKeysWithValues: b.map { ($0.id, $0) })
        for f in figures {
            // Both cuts have the same tables and rows here, so a figure pairs the same cell of each.
            let x = try #require(f.first)
            let y = try #require(f.second)
            #expect(x == byIDA[x.id] && y == byIDB[y.id] && x.id == y.id, "\(x.id)")
            if x.upperValue == nil, y.upperValue == nil, let u = x.value, let v = y.value { #expect(f.change == v - u) }
        }
        func figure(_ population: String, _ column: String) -> CutComparison.FigureChange? {
            figures.first { $0.table == "response" && $0.population == population && $0.column == column }
        }
        // The numbers as the readouts state them: 62 and 106 evaluable, confirmed ORR 22.6% then 27.4%.
        #expect(
            figure("evaluable", "N")?.first?.formatted == "62" && figure("evaluable", "N")?.second?.formatted == "106")
        #expect(figure("evaluable", "Confirmed ORR %")?.first?.formatted == "22.6")
        #expect(figure("evaluable", "Confirmed ORR %")?.second?.formatted == "27.4")
    }

    @Test func subjectsAndResponsesThatChanged() throws {
        let c = try Self.comparison.get()
        #expect(c.firstSubjects == 70 && c.secondSubjects == 112)
        #expect(c.subjectsAdded.count == 42 && c.subjectsRemoved.isEmpty)
        // The correction PR → SD at week 12 (edit 1) changes the subject's BOR, with both explanations.
        let corrected = try #require(
            c.responseChanges.first { $0.subject == "RDT-P2-001-104-1004" && $0.parameter == "BOR" })
        #expect(corrected.first == .pr && corrected.second == .sd)
        #expect(corrected.firstExplanation == "PR on 2007-10-12")
        #expect(corrected.secondExplanation.hasPrefix("SD on 2007-10-12, day 84"))
        // Newly confirmed responders, counted independently from two runs of the response engine.
        let engine = ResponseEngine()
        func responses(_ cut: CutComparison.Cut) throws -> [String: SubjectResponse] {
            let load = try StudyLoader.load(folder: cut.folder, options: StudyLoadOptions(cutoff: cut.cutoff))
            return Dictionary(uniqueKeysWithValues: engine.run(load.study).subjects.map { ($0.subject, $0) })
        }
        let a = try responses(Self.first)
        let b = try responses(Self.second)
        let expected = a.keys.filter { !a[$0]!.isConfirmedResponder && b[$0]!.isConfirmedResponder }.sorted()
        #expect(c.newlyConfirmed.map(\.subject).sorted() == expected && !expected.isEmpty)
        let changed = a.keys.filter { a[$0]!.confirmedResponse != b[$0]!.confirmedResponse }.count
        #expect(c.responseChanges.filter { $0.parameter == "CBOR" }.count == changed)
    }

    @Test func dataChangedBehindTheCutIsFoundAndLocated() throws {
        let c = try Self.comparison.get()
        let changes = c.behindTheCut
        // Exactly the three edits: a corrected response, a deleted assessment, a corrected AE start date.
        #expect(changes.count == 3, "\(changes.map { "\($0.domain) \($0.key) \($0.kind)" })")
        let rs = try #require(changes.first { $0.domain == "RS" && $0.kind == .changed })
        #expect(rs.key == "RDT-P2-001-104-1004 RSSEQ 9")
        #expect(rs.differences.map(\.variable) == ["RSORRES", "RSSTRESC"] && rs.differences[0].first == "PR")
        #expect(rs.firstLocation?.hasSuffix("phase2-interim/data/rs.csv, row 60") == true)
        let deleted = try #require(changes.first { $0.kind == .disappeared })
        #expect(deleted.key.hasSuffix("RSSEQ 900") && deleted.secondLocation == nil)
        let ae = try #require(changes.first { $0.domain == "AE" })
        #expect(ae.differences.map(\.variable) == ["AESTDTC"])
        // AE end dates after the first cut-off, blank in the interim extract, are not differences.
        #expect(!changes.contains { $0.differences.contains { $0.variable == "AEENDTC" } })
        #expect(c.recordsCompared > 2000)
    }

    @Test func everyFormatSaysTheSame() throws {
        let c = try Self.comparison.get()
        let text = c.render(.text)
        let md = c.render(.markdown)
        let html = c.render(.html)
        for s in [text, md, html] {
            #expect(s.contains("RDT-P2-001-104-1004") && s.contains("RSSEQ 900") && s.contains("27.4"))
        }
        #expect(md.contains("## Data changed behind the cut") && html.hasPrefix("<!DOCTYPE html>"))
        let json = try JSONNode.parse(c.render(.json))
        #expect(json["document"]?.stringValue == "compare")
        #expect(c.render(.json) == (try Self.comparison.get()).render(.json), "deterministic")
    }

    @Test func cutsOutOfOrderAreRefused() throws {
        #expect(throws: ReadoutError.self) { try CutComparison.run(first: Self.second, second: Self.first) }
    }
}

import Foundation
import ReadoutCore
import ReadoutTestSupport
import Testing

@testable import ReadoutAnalysis

/// The report's figures and RTF tables, on the bundled study.
@Suite(.temporaryFolders) struct ReportFigureTests {
    @Test func reportEmbedsAndWritesTheFigures() throws {
        let out = try ReadoutRunner.run(specPath: repositoryRoot + "/examples/phase2/readout.yaml")
        #expect(out.figures.map(\.name) == ["waterfall", "spider", "swimmer", "kaplan-meier", "forest"])
        let html = ReportWriter.html(out.result, figures: out.figures)
        for f in out.figures { #expect(html.contains("id=\"figure-\(f.name)\"")) }
        #expect(!html.contains("<script"))
        // The waterfall has one bar per evaluable patient with post-baseline measurements.
        let bars = out.figures[0].svg.components(separatedBy: "<rect").count - 2  // minus background and legend…
        #expect(bars > 90)
    }

    /// The spec's figures limits reach the figures: with 10 each, the bundled study's waterfall is
    /// binned, its swimmer and spider sampled, and each says so; a limit below 10 is refused.
    @Test func theSpecsFigureLimitsReachTheFigures() throws {
        let dir = temporaryFolder("limits")
        let text = try String(contentsOfFile: repositoryRoot + "/examples/phase2/readout.yaml", encoding: .utf8)
            .replacingOccurrences(of: "study: data", with: "study: " + repositoryRoot + "/examples/phase2/data")
        try (text + "\nfigures: {max_bars: 10, max_lanes: 10, max_lines: 10}\n").write(
            toFile: dir + "/spec.yaml", atomically: true, encoding: .utf8)
        let out = try ReadoutRunner.run(specPath: dir + "/spec.yaml")
        let svg = Dictionary(uniqueKeysWithValues: out.figures.map { ($0.name, $0.svg) })
        #expect(svg["waterfall"]!.contains("in 10 bins of") && svg["waterfall"]!.contains("<title>patients 1–"))
        #expect(svg["swimmer"]!.contains("10 of 112 patients") || svg["swimmer"]!.contains("10 of "))
        #expect(svg["swimmer"]!.contains("systematic sample of 10 lanes"))
        #expect(svg["spider"]!.contains("systematic sample of 10 lines"))
        let full = try ReadoutRunner.run(specPath: repositoryRoot + "/examples/phase2/readout.yaml")
        #expect(!full.figures[0].svg.contains("bins of") && !full.figures[2].svg.contains("systematic sample"))
        try (text + "\nfigures: {max_bars: 5}\n").write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        #expect(throws: ReadoutError.self) { try ReadoutRunner.run(specPath: dir + "/bad.yaml") }
    }

    @Test func rtfTablesAreBalancedAndStateNAndCutoff() throws {
        let out = try ReadoutRunner.run(specPath: repositoryRoot + "/examples/phase2/readout.yaml")
        let rtf = RTFWriter.document(SubmissionTables.response(out.result))
        #expect(
            rtf.hasPrefix("{\\rtf1")
                && rtf.filter { $0 == "{" }.count - rtf.filter { $0 == "}" }.count == rtf.components(separatedBy: "\\{")
                    .count - rtf.components(separatedBy: "\\}").count
        )
        #expect(rtf.contains("Efficacy-evaluable patients (N=106)") && rtf.contains("Data cut-off: 2008-08-29"))
        #expect(rtf.contains("Confirmed objective response, n (%)"))
    }
}

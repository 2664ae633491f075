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

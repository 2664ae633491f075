import Foundation
import ReadoutCore
import ReadoutTestSupport
import Testing

@testable import ReadoutAnalysis

/// The readout of the bundled study, byte for byte: Markdown and RTF tables (Tests/Golden/ReportGoldenTests/).
/// After an intended change, run with READOUT_UPDATE_GOLDEN=1 and review the diff.
@Suite(.temporaryFolders) struct ReportGoldenTests {
    static let spec = repositoryRoot + "/examples/phase2/readout.yaml"

    @Test func markdownAndRTFTablesMatchTheirGoldenFiles() throws {
        let dir = temporaryFolder("golden")
        let output = try ReadoutRunner.run(specPath: Self.spec)
        _ = try ReportWriter.write(output, to: dir)
        for file in ["readout.md", "response.rtf", "baseline.rtf", "exposure.rtf", "narrative.txt"] {
            let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
            expectGolden(text, "ReportGoldenTests/markdownAndRTFTablesMatchTheirGoldenFiles." + file)
        }
    }
}

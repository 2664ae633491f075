import Foundation
import ReadoutCore
import ReadoutTestSupport
import Testing

/// The help texts, byte for byte (Tests/Golden/HelpGoldenTests/): an option renamed or a default
/// changed shows here. After an intended change, run with READOUT_UPDATE_GOLDEN=1 and review the diff.
@Suite(.temporaryFolders) struct HelpGoldenTests {
    @Test(arguments: ["", "validate", "responses", "report", "check-text", "escalate", "simulate", "demo"])
    func helpTextMatchesItsGoldenFile(command: String) throws {
        let r = try runReadout(command.isEmpty ? ["--help"] : ["help", command])
        #expect(r.status == 0, "\(r.stderr)")
        expectGolden(
            r.stdout, "HelpGoldenTests/helpTextMatchesItsGoldenFile.\(command.isEmpty ? "readout" : command).txt")
    }
}

import Foundation
import ReadoutFuzzTargets
import ReadoutTestSupport
import Testing

/// Every input kept in Tests/Fixtures/fuzz (seeds, and inputs that once crashed a reader) goes
/// through its fuzz target again without a crash; the seed corpora of scripts/fuzz.sh too.
@Suite struct FuzzRegressionTests {
    @Test(arguments: FuzzTargets.names) func keptInputsDoNotCrash(target: String) throws {
        let folder = fixture("fuzz/" + target)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for f in files.sorted() {
            #expect(FuzzTargets.run(target, [UInt8](FileManager.default.contents(atPath: folder + "/" + f)!)))
        }
    }

    /// Truncations of every bad-input fixture through every reader: a reader must refuse, not crash.
    @Test func truncatedFixturesDoNotCrashAnyReader() throws {
        let folder = fixture("bad-inputs")
        for f in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
            let bytes = [UInt8](FileManager.default.contents(atPath: folder + "/" + f)!)
            for cut in Set([0, 1, bytes.count / 3, bytes.count / 2, max(0, bytes.count - 1)]) {
                for target in FuzzTargets.names { FuzzTargets.run(target, Array(bytes.prefix(cut))) }
            }
        }
        #expect(FuzzTargets.run("no-such-target", []) == false)
    }
}

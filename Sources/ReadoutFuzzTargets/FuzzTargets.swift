import Foundation
import ReadoutAnalysis
import ReadoutCore
import ReadoutData

/// What the fuzzer feeds (scripts/fuzz.sh; docs/benchmarks.md, "Fuzzing"): each target reads
/// arbitrary bytes as one input format. Every outcome but a crash is allowed — a dataset, or a
/// `ReadoutError` with its problems — so a crash (a trap, an out-of-bounds access, a hang) is a
/// bug. The regression test replays every input kept in Tests/Fixtures/fuzz through the same
/// functions.
public enum FuzzTargets {
    public static let names = ["csv", "xpt", "dataset-json", "ndjson", "dsjc", "archive", "expression", "json"]

    /// Runs target `name` on `bytes`; false when there is no such target.
    @discardableResult public static func run(_ name: String, _ bytes: [UInt8]) -> Bool {
        var problems = ProblemLog()
        switch name {
        case "csv": _ = try? CSVReader.read(bytes: bytes, path: "fuzz.csv", name: "FUZZ", problems: &problems)
        case "xpt": _ = try? XPTReader.read(bytes: bytes, path: "fuzz.xpt", name: "FUZZ", problems: &problems)
        case "dataset-json":
            _ = try? DatasetJSONReader.readJSON(bytes: bytes, path: "fuzz.json", name: "FUZZ", problems: &problems)
        case "ndjson":
            _ = try? DatasetJSONReader.readNDJSON(
                source: MemoryByteSource(bytes), path: "fuzz.ndjson", name: "FUZZ", problems: &problems)
        case "dsjc":
            _ = try? DatasetJSONReader.readCompressed(
                bytes: bytes, path: "fuzz.dsjc", name: "FUZZ", problems: &problems)
        case "archive":
            _ = try? StudyArchive.read(bytes, file: "fuzz.zip", limits: StudyArchive.Limits(maxTotalBytes: 64 << 20))
        case "expression": _ = try? ExpressionParser.parse(String(decoding: bytes, as: UTF8.self))
        case "json": _ = try? JSONNode.parse(String(decoding: bytes, as: UTF8.self))
        default: return false
        }
        return true
    }
}

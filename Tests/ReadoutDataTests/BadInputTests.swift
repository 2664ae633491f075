import Foundation
import ReadoutCore
import ReadoutTestSupport
import Testing

@testable import ReadoutData

/// No input, however malformed, may crash or hang the reader: each ends in a clear message.
/// `Fixtures/bad-inputs/expected.tsv` lists each file with the problem code and the words its
/// message must contain.
@Suite(.temporaryFolders) struct BadInputTests {
    struct Outcome {
        var code: String
        var message: String
        var fatal: Bool
    }

    static func outcome(_ path: String) -> Outcome {
        var problems = ProblemLog()
        do {
            _ = try DataReader.read(path: path, name: "", problems: &problems)
            if let p = problems.problems.first(where: { $0.severity == .error }) ?? problems.problems.first {
                return Outcome(code: p.code, message: p.description, fatal: false)
            }
            return Outcome(code: "ok", message: "", fatal: false)
        } catch let e as ReadoutError {
            return Outcome(code: e.problem.code, message: e.description, fatal: true)
        } catch {
            return Outcome(code: "unexpected-error", message: "\(error)", fatal: true)
        }
    }

    static let expectations: [(file: String, code: String, words: String)] = {
        let text = try! String(contentsOfFile: fixture("bad-inputs/expected.tsv"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
            let f = $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return (f[0], f[1], f[2])
        }
    }()

    @Test func everyCorpusFileIsListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: fixture("bad-inputs")).filter {
            $0 != "expected.tsv"
        }
        #expect(Set(files) == Set(Self.expectations.map(\.file)))
    }

    @Test(arguments: expectations.map(\.file))
    func corpusFileGivesItsMessage(file: String) {
        let e = Self.expectations.first { $0.file == file }!
        let o = Self.outcome(fixture("bad-inputs/" + file))
        #expect(o.code == e.code, "\(file): \(o.message)")
        #expect(o.message.contains(e.words), "\(file): \(o.message)")
        #expect(o.message.contains(file), "\(file): the message must name the file: \(o.message)")
    }

    /// Random corruption of every real sample: flipped bytes and truncation. Whatever happens,
    /// the reader returns or throws a ReadoutError; a crash fails the whole test run.
    @Test func corruptedSamplesNeverCrash() throws {
        let samples = [
            "xpt/msg_sdtm_dm.xpt", "xpt/msg_adam_adtte.xpt", "datasetjson/sdtm_dm.json",
            "datasetjson/adam_adtte.ndjson",
            "datasetjson/sdtm_dm.dsjc", "xpt/msg_sdtm_ae.csv",
        ]
        var rng = SplitMix(seed: 42)
        let dir = temporaryFolder("fuzz")
        var outcomes: [String: Int] = [:]
        for s in samples {
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture("formats-samples/" + s))))
            for trial in 0..<40 {
                var b = original
                if trial % 3 == 0 {
                    b = Array(b.prefix(Int(rng.next() % UInt64(b.count))))
                } else {
                    for _ in 0..<(1 + Int(rng.next() % 8)) where !b.isEmpty {
                        b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next())
                    }
                }
                let path = dir + "/f" + String(trial) + "." + (s as NSString).pathExtension
                writeBytes(b, to: path)
                let o = Self.outcome(path)
                #expect(o.code != "unexpected-error", "\(s) trial \(trial): \(o.message)")
                outcomes[o.code, default: 0] += 1
            }
        }
        #expect(outcomes.count > 3)
    }

    @Test func hundredMegabyteFieldEndsInAMessageNotACrash() throws {
        let dir = temporaryFolder("big")
        var bytes = Array("USUBJID,AETERM\nS-1,\"".utf8)
        bytes += [UInt8](repeating: 0x61, count: 100 << 20)
        writeBytes(bytes, to: dir + "/ae.csv")
        var o = CSVOptions()
        o.maxRecordBytes = 64 << 20
        var p = ProblemLog()
        #expect(throws: ReadoutError.self) {
            try CSVReader.read(path: dir + "/ae.csv", name: "AE", options: o, problems: &p)
        }
        // With the default limit it is an unclosed quote reported at the end.
        let o2 = Self.outcome(dir + "/ae.csv")
        #expect(o2.code == "csv-unclosed-quote")
    }
}

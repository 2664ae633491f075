import Foundation
import ReadoutCore
import ReadoutTestSupport
import Testing

@testable import ReadoutData

@Suite(.temporaryFolders) struct CSVReaderTests {
    func read(
        _ text: String, chunk: Int = 1 << 20, encoding: TextEncoding = .utf8, problems: inout ProblemLog
    ) throws -> Dataset {
        var o = CSVOptions(encoding: encoding)
        o.chunkBytes = chunk
        return try CSVReader.read(bytes: Array(text.utf8), path: "t.csv", name: "RS", options: o, problems: &problems)
    }

    @Test func quotingCommasNewlinesAndDoubledQuotes() throws {
        var p = ProblemLog()
        let ds = try read(
            "usubjid,rsorres,comment\r\n01,PR,\"a, b\"\r\n02,\"SD\",\"line1\nline2\"\r\n03,PD,\"say \"\"hi\"\"\"\r\n",
            problems: &p)
        #expect(p.problems.isEmpty)
        #expect(ds.variables.map(\.name) == ["USUBJID", "RSORRES", "COMMENT"])
        #expect(ds.recordCount == 3)
        #expect(ds.string(0, 2) == "a, b")
        #expect(ds.string(1, 1) == "SD")
        #expect(ds.string(1, 2) == "line1\nline2")
        #expect(ds.string(2, 2) == "say \"hi\"")
    }

    @Test func byteOrderMarkAndNoFinalNewline() throws {
        var p = ProblemLog()
        let ds = try CSVReader.read(
            bytes: [0xEF, 0xBB, 0xBF] + Array("USUBJID,AGE\n01,54".utf8), path: "t.csv", name: "DM", problems: &p)
        #expect(ds.variables[0].name == "USUBJID")
        #expect(ds.string(0, 1) == "54")
        #expect(ds.double(0, 1) == 54)
    }

    @Test func emptyFieldsAndTrailingEmptyField() throws {
        var p = ProblemLog()
        let ds = try read("A,B,C\n1,,\n,,3\n", problems: &p)
        #expect(p.problems.isEmpty)
        #expect(ds.recordCount == 2)
        #expect(ds.string(0, 1) == "" && ds.string(0, 2) == "")
        #expect(ds.string(1, 2) == "3")
    }

    @Test func wrongFieldCountIsReportedWithRow() throws {
        var p = ProblemLog()
        let ds = try read("A,B\n1,2\n3\n4,5,6\n", problems: &p)
        #expect(ds.recordCount == 3)
        let errors = p.problems.filter { $0.code == "csv-field-count" }
        #expect(errors.map { $0.location?.number } == [3, 4])
        #expect(errors[0].description.contains("t.csv, row 3"))
    }

    @Test func unclosedQuoteIsAnErrorNotAHang() throws {
        var p = ProblemLog()
        let ds = try read("A,B\n1,\"open\n2,3\n", problems: &p)
        #expect(ds.recordCount == 0)
        #expect(p.problems.contains { $0.code == "csv-unclosed-quote" && $0.location?.number == 2 })
    }

    @Test func invalidUTF8IsReportedAndLatin1CanBeChosen() throws {
        var p = ProblemLog()
        let bytes = Array("A,B\n1,caf".utf8) + [0xE9] + Array("\n".utf8)
        _ = try CSVReader.read(bytes: bytes, path: "t.csv", name: "X", problems: &p)
        let e = try #require(p.problems.first { $0.code == "invalid-utf8" })
        #expect(e.variable == "B" && e.location?.number == 2)
        var q = ProblemLog()
        let ds = try CSVReader.read(
            bytes: bytes, path: "t.csv", name: "X", options: CSVOptions(encoding: .latin1), problems: &q)
        #expect(q.problems.isEmpty)
        #expect(ds.string(0, 1) == "café")
    }

    @Test func duplicateHeaderIsAnError() throws {
        var p = ProblemLog()
        let ds = try read("A,a,B\n1,2,3\n", problems: &p)
        #expect(p.problems.contains { $0.code == "csv-duplicate-header" })
        #expect(ds.variables.map(\.name) == ["A", "B"])
        #expect(ds.string(0, 1) == "3")
    }

    @Test func keepOnlyNamedVariables() throws {
        var p = ProblemLog()
        var o = CSVOptions(keep: ["USUBJID", "RSDTC"])
        o.chunkBytes = 64
        let ds = try CSVReader.read(
            bytes: Array("USUBJID,X,RSDTC\n01,zz,2020-01-01\n".utf8), path: "t.csv", name: "RS", options: o,
            problems: &p)
        #expect(ds.variables.map(\.name) == ["USUBJID", "RSDTC"])
        #expect(ds.string(0, 1) == "2020-01-01")
    }

    @Test func emptyFileAndUTF16AreClearErrors() {
        var p = ProblemLog()
        #expect(throws: ReadoutError.self) { try read("", problems: &p) }
        do {
            _ = try CSVReader.read(bytes: [0xFF, 0xFE, 0x41, 0x00], path: "t.csv", name: "X", problems: &p)
            Issue.record("expected an error")
        } catch let e as ReadoutError {
            #expect(e.problem.message.contains("UTF-16"))
        } catch { Issue.record("\(error)") }
    }

    @Test func aHugeSingleFieldReadsOrFailsClearly() throws {
        var p = ProblemLog()
        let big = String(repeating: "x", count: 3 << 20)
        var o = CSVOptions()
        o.chunkBytes = 1 << 16
        let ds = try CSVReader.read(
            bytes: Array("A,B\n1,\(big)\n".utf8), path: "t.csv", name: "X", options: o, problems: &p)
        #expect(ds.string(0, 1).count == big.count)
        o.maxRecordBytes = 1 << 20
        #expect(throws: ReadoutError.self) {
            try CSVReader.read(
                bytes: Array("A,B\n1,\"\(big)\n".utf8), path: "t.csv", name: "X", options: o, problems: &p)
        }
    }

    /// A file read in parallel parts gives exactly what one pass gives, with the same row numbers
    /// in problems, however the quoted fields and line breaks fall across the split points.
    @Test func parallelPartsEqualOnePass() throws {
        var rng = SplitMix(seed: 99)
        let dir = temporaryFolder("par")
        let alphabet: [String] = ["a", "B", "7", " ", ",", "\"", "\n", "é", "x", "-"]
        for trial in 0..<30 {
            var text = "USUBJID,RSSEQ,NOTE,RSDTC\n"
            let n = 50 + Int(rng.next() % 400)
            for r in 0..<n {
                let note = (0..<Int(rng.next() % 12)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                    .joined()
                let quoted = "\"" + note.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                let fields = ["S-\(r % 17)", String(r), quoted, "2020-01-0\(1 + r % 9)"]
                text +=
                    (trial % 7 == 0 && r == n / 2 ? fields.dropLast() : fields[...]).joined(separator: ",")
                    + (trial % 2 == 0 ? "\n" : "\r\n")
            }
            let path = dir + "/rs\(trial).csv"
            write(text, to: path)
            var one = ProblemLog()
            var par = ProblemLog()
            var o = CSVOptions()
            o.parallelThreshold = Int.max
            let a = try CSVReader.read(path: path, name: "RS", options: o, problems: &one)
            o.parallelThreshold = 1
            let b = try CSVReader.read(path: path, name: "RS", options: o, problems: &par)
            #expect(a.recordCount == b.recordCount && a.recordCount == n, "trial \(trial)")
            #expect(one.problems == par.problems, "trial \(trial)")
            for r in 0..<min(a.recordCount, b.recordCount) {
                for c in 0..<a.variables.count where a.string(r, c) != b.string(r, c) {
                    let (x, y) = (a.string(r, c).debugDescription, b.string(r, c).debugDescription)
                    Issue.record("trial \(trial) row \(r) col \(c): \(x) vs \(y)")
                }
            }
        }
    }

    /// Random tables written with random quoting and line ends read back exactly, whatever the
    /// chunk size (records straddling chunk boundaries).
    @Test func randomTablesRoundTripAtEveryChunkSize() throws {
        var rng = SplitMix(seed: 7)
        let alphabet: [String] = ["a", "b", "Z", "0", "9", " ", ",", "\"", "\n", "é", "—", "x"]
        for trial in 0..<60 {
            let ncol = 1 + Int(rng.next() % 5)
            let nrow = Int(rng.next() % 30)
            let header = (0..<ncol).map { "V\($0)" }
            var rows: [[String]] = []
            for _ in 0..<nrow {
                rows.append(
                    (0..<ncol).map { _ in
                        let len = Int(rng.next() % 8)
                        return (0..<len).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
                    })
            }
            let eol = trial % 2 == 0 ? "\n" : "\r\n"
            func enc(_ s: String) -> String {
                let needs = s.contains(",") || s.contains("\"") || s.contains("\n") || rng.next() % 4 == 0
                return needs ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
            }
            // A single empty column would be a blank line, which the reader skips by design.
            if ncol == 1 { rows = rows.filter { !$0[0].isEmpty } }
            var text = header.joined(separator: ",") + eol
            for r in rows { text += r.map(enc).joined(separator: ",") + eol }
            for chunk in [7, 64, 1 << 20] {
                var p = ProblemLog()
                let ds = try read(text, chunk: chunk, problems: &p)
                #expect(
                    p.problems.filter { $0.severity == .error }.isEmpty, "trial \(trial) chunk \(chunk): \(p.problems)")
                #expect(ds.recordCount == rows.count, "trial \(trial) chunk \(chunk)")
                if ds.recordCount == rows.count {
                    for (r, row) in rows.enumerated() {
                        for (c, v) in row.enumerated() where ds.string(r, c) != v {
                            let found = ds.string(r, c).debugDescription
                            Issue.record(
                                "trial \(trial) chunk \(chunk) row \(r) col \(c): \(found) != \(v.debugDescription)")
                        }
                    }
                }
            }
        }
    }
}

import Foundation
import ReadoutCore
@testable import ReadoutData

/// Folder of this test target's fixtures.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

func fixture(_ relative: String) -> String { fixtures + "/" + relative }

/// A fresh temporary folder for one test.
func temporaryFolder(_ label: String = "t") -> String {
    let dir = NSTemporaryDirectory() + "readout-tests-\(label)-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func write(_ text: String, to path: String) {
    try! text.write(toFile: path, atomically: true, encoding: .utf8)
}

func writeBytes(_ bytes: [UInt8], to path: String) {
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

/// Minimal RFC 4180 parser for reference files in tests (independent of the reader under test).
func referenceCSV(_ path: String) -> [[String]] {
    let text = try! String(contentsOfFile: path, encoding: .utf8)
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var inQuotes = false
    var chars = Array(text)
    if chars.last != "\n" { chars.append("\n") }
    var i = 0
    while i < chars.count {
        let c = chars[i]
        if inQuotes {
            if c == "\"" {
                if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 2; continue }
                inQuotes = false
            } else { field.append(c) }
        } else if c == "\"" { inQuotes = true }
        else if c == "," { row.append(field); field = "" }
        else if c == "\n" || c == "\r\n" { row.append(field); rows.append(row); row = []; field = "" }
        else if c != "\r" { field.append(c) }
        i += 1
    }
    return rows
}

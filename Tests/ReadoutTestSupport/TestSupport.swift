import Foundation
import ReadoutCore
import Testing

/// Helpers every test target shares: the repository's fixtures, temporary folders that are removed
/// after each test, reference CSV parsing independent of the reader under test, golden files, and
/// running the built `readout` tool as a user would.

/// The repository's top folder.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The shared fixtures folder, `Tests/Fixtures`.
public let fixtures = repositoryRoot + "/Tests/Fixtures"

/// The path of a fixture, relative to `Tests/Fixtures`.
public func fixture(_ relative: String) -> String { fixtures + "/" + relative }

/// The temporary folders made during the current test, removed when it ends.
final class TemporaryFolders: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String] = []

    func add(_ path: String) {
        lock.lock()
        paths.append(path)
        lock.unlock()
    }

    func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        for p in paths { try? FileManager.default.removeItem(atPath: p) }
        paths = []
    }

    @TaskLocal static var current: TemporaryFolders?
}

/// The trait that removes a test's temporary folders when it ends: `@Suite(.temporaryFolders)`.
public struct TemporaryFolderTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        // The suite itself has no test case: only test cases get a scope of their own.
        guard testCase != nil else { return try await function() }
        let folders = TemporaryFolders()
        defer { folders.removeAll() }
        try await TemporaryFolders.$current.withValue(folders) { try await function() }
    }
}

extension Trait where Self == TemporaryFolderTrait {
    /// Removes every folder `temporaryFolder` made during a test when the test ends.
    public static var temporaryFolders: Self { TemporaryFolderTrait() }
}

/// A fresh temporary folder for one test; under `.temporaryFolders` it is removed after the test.
public func temporaryFolder(_ label: String = "t") -> String {
    let dir = NSTemporaryDirectory() + "readout-tests-\(label)-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    TemporaryFolders.current?.add(dir)
    return dir
}

/// Writes text to a file (a test input).
public func write(_ text: String, to path: String) {
    try! text.write(toFile: path, atomically: true, encoding: .utf8)
}

/// Writes bytes to a file (a test input).
public func writeBytes(_ bytes: [UInt8], to path: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

/// Minimal RFC 4180 parser for reference files in tests (independent of the reader under test).
public func referenceCSV(_ path: String) -> [[String]] {
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
                if i + 1 < chars.count, chars[i + 1] == "\"" {
                    field.append("\"")
                    i += 2
                    continue
                }
                inQuotes = false
            } else {
                field.append(c)
            }
        } else if c == "\"" {
            inQuotes = true
        } else if c == "," {
            row.append(field)
            field = ""
        } else if c == "\n" || c == "\r\n" {
            row.append(field)
            rows.append(row)
            row = []
            field = ""
        } else if c != "\r" {
            field.append(c)
        }
        i += 1
    }
    return rows
}

/// Compares `actual` with the golden file `Tests/Golden/<name>`, named after its test. With
/// `READOUT_UPDATE_GOLDEN=1` the golden file is written instead.
public func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let path = repositoryRoot + "/Tests/Golden/" + name
    if ProcessInfo.processInfo.environment["READOUT_UPDATE_GOLDEN"] != nil {
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        write(actual, to: path)
        return
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
        Issue.record(
            "no golden file \(path); run with READOUT_UPDATE_GOLDEN=1 to write it", sourceLocation: sourceLocation)
        return
    }
    if actual != expected {
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
        let found = line < a.count ? String(a[line]) : ""
        let wanted = line < e.count ? String(e[line]) : ""
        Issue.record(
            "\(name) differs from its golden file at line \(line + 1): \"\(found)\" instead of \"\(wanted)\"",
            sourceLocation: sourceLocation)
    }
}

/// What a run of the `readout` tool printed, and its exit status.
public struct RunResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// The built `readout` executable: the test bundle sits in the build products folder beside it.
public func readoutExecutable() throws -> String {
    var candidates: [String] = []
    for b in Bundle.allBundles { candidates.append((b.bundlePath as NSString).deletingLastPathComponent + "/readout") }
    candidates.append(repositoryRoot + "/.build/debug/readout")
    guard let exe = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        throw ReadoutError(file: nil, code: "test", "readout executable not found in \(candidates)")
    }
    return exe
}

/// Runs the built `readout` tool as a user would (from `cwd` when given, with `environment` added
/// to this process's, and `input` on its standard input).
public func runReadout(
    _ args: [String], cwd: String? = nil, environment: [String: String] = [:], input: String? = nil
) throws -> RunResult {
    let exe = try readoutExecutable()
    let p = Process()
    p.executableURL = URL(fileURLWithPath: exe)
    p.arguments = args
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    let stdin = Pipe()
    p.standardInput = stdin
    try p.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return RunResult(
        status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
        stderr: String(decoding: e, as: UTF8.self))
}

/// Small deterministic generator for test inputs (independent of the generator under test).
public struct SplitMix {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import Foundation
import ReadoutCore
import ReadoutData
import ReadoutTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `readout serve` as a real process on loopback, killed with SIGKILL mid-upload and mid-job:
/// nothing half-stored is visible after a restart, and the interrupted job is run again.
@Suite(.temporaryFolders, .serialized) struct ServerProcessTests {
    /// A running `readout serve` and the port it printed.
    final class Server: @unchecked Sendable {
        let process: Process
        let port: Int

        init(data: String, extra: [String] = []) throws {
            process = Process()
            process.executableURL = URL(fileURLWithPath: try readoutExecutable())
            process.arguments = ["serve", "--port", "0", "--data", data, "--log-level", "warning"] + extra
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The first line is "Readout serving on http://127.0.0.1:PORT (...)".
            var line: [UInt8] = []
            while let byte = try out.fileHandleForReading.read(upToCount: 1)?.first, byte != 0x0A { line.append(byte) }
            let text = String(decoding: line, as: UTF8.self)
            guard let range = text.range(of: "127.0.0.1:"),
                let port = Int(text[range.upperBound...].prefix { $0.isNumber })
            else { throw ReadoutError(file: nil, code: "test", "the server printed \"\(text)\"") }
            self.port = port
        }

        /// SIGKILL: no handler runs, nothing is flushed or closed.
        func kill() {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        /// SIGTERM: the server stops gracefully and exits 0.
        @discardableResult func stop() -> Int32 {
            process.terminate()
            process.waitUntilExit()
            return process.terminationStatus
        }

        func request(_ path: String, method: String = "GET", body: [UInt8]? = nil) async throws -> (Int, JSONNode) {
            var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            r.httpMethod = method
            r.httpBody = body.map { Data($0) }
            let (data, response) = try await URLSession.shared.data(for: r)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            return (status, try JSONNode.parse(String(decoding: data, as: UTF8.self)))
        }

        func job(_ id: Int) async throws -> JSONNode { try await request("/api/v1/jobs/\(id)").1["job"]! }
    }

    static func number(_ node: JSONNode?) -> Double? {
        if case .number(let d)? = node { return d }
        return nil
    }

    @Test func aKilledJobIsRunAgainAfterARestart() async throws {
        let data = temporaryFolder("data")
        // The demo simulation with enough trials to be killed while it runs.
        let file = try String(contentsOfFile: repositoryRoot + "/examples/simulation/demo.yaml", encoding: .utf8)
            .replacingOccurrences(of: "trials: 10000", with: "trials: 40000")
        let first = try Server(data: data, extra: ["--job-lease", "1", "--max-attempts", "3"])
        let (status, queued) = try await first.request(
            "/api/v1/simulations?name=long.yaml", method: "POST", body: Array(file.utf8))
        #expect(status == 202)
        let id = Int(Self.number(queued["job"]?["id"]) ?? 0)
        var running: JSONNode? = nil
        // Up to two minutes: the machine may be busy with the rest of the suite.
        for _ in 0..<4800 {
            let j = try await first.job(id)
            if j["state"]?.stringValue == "succeeded" { break }
            if j["state"]?.stringValue == "running", (Self.number(j["progress"]) ?? 0) > 0.02 {
                running = j
                break
            }
            try await Task.sleep(nanoseconds: 25_000_000)
        }
        #expect(running != nil, "the job never ran")
        first.kill()
        let second = try Server(data: data, extra: ["--job-lease", "1", "--max-attempts", "3"])
        defer { second.stop() }
        // Nothing of the killed attempt is visible: the job is not done and no simulation is stored.
        let before = try await second.job(id)
        let (absent, _) = try await second.request("/api/v1/simulations/1")
        #expect(before["state"]?.stringValue != "succeeded" && before["result"] == .null && absent == 404, "\(before)")
        var done: JSONNode? = nil
        for _ in 0..<1200 {
            let j = try await second.job(id)
            if j["state"]?.stringValue == "succeeded" || j["state"]?.stringValue == "failed" {
                done = j
                break
            }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        #expect(
            done?["state"]?.stringValue == "succeeded" && Self.number(done?["attempts"]) == 2,
            "\(String(describing: done))")
        let result = Int(Self.number(done?["result"]?["id"]) ?? 0)
        let (found, _) = try await second.request("/api/v1/simulations/\(result)")
        #expect(found == 200 && result == 1, "one simulation stored, by the second attempt")
    }

    @Test func aKilledUploadLeavesNoCut() async throws {
        let data = temporaryFolder("data")
        let first = try Server(data: data)
        // Half of a large upload, then the server is killed while it waits for the rest.
        let socket = try LoopbackSocket(port: first.port)
        try socket.send(
            Array(
                ("POST /api/v1/studies/S/cuts?cutoff=2008-08-29 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Length: 50000000\r\n\r\n").utf8) + [UInt8](repeating: 0x50, count: 1 << 20))
        try await Task.sleep(nanoseconds: 300_000_000)
        first.kill()
        socket.close()
        let second = try Server(data: data)
        let (status, studies) = try await second.request("/api/v1/studies")
        #expect(status == 200 && studies["studies"] == .array([]))
        // And a whole upload afterwards is stored.
        let archive = ZipArchive.stored(
            try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/examples/phase2/data").sorted().map {
                (
                    $0,
                    [UInt8](try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/examples/phase2/data/" + $0)))
                )
            })
        let (created, cut) = try await second.request(
            "/api/v1/studies/RDT-P2-001/cuts?cutoff=2008-08-29", method: "POST", body: archive)
        #expect(created == 201 && Self.number(cut["cut"]?["id"]) == 1)
        #expect(second.stop() == 0, "SIGTERM stops the server gracefully")
    }
}

/// A TCP connection to loopback, to send a request the way no HTTP client would: half of it.
final class LoopbackSocket {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard fd >= 0, connected == 0 else { throw ReadoutError(file: nil, code: "test", "cannot connect") }
    }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw ReadoutError(file: nil, code: "test", "send failed") }
            sent += n
        }
    }

    func close() { _ = Glibc.close(fd) }
}

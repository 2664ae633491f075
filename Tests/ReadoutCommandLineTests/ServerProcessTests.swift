import Foundation
import ReadoutCore
import ReadoutData
import ReadoutTestSupport
import Testing

@testable import ReadoutStore

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

        init(data: String, extra: [String] = [], access: String = "open") throws {
            process = Process()
            process.executableURL = URL(fileURLWithPath: try readoutExecutable())
            process.arguments =
                ["serve", "--port", "0", "--data", data, "--log-level", "warning", "--access", access] + extra
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

        func request(
            _ path: String, method: String = "GET", body: [UInt8]? = nil, token: String? = nil
        ) async throws -> (Int, JSONNode) {
            var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            r.httpMethod = method
            if let token { r.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
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

    /// Polls job `id` until `done` holds of it (up to four minutes: the rest of the suite may be
    /// running beside this test, in this process too).
    static func wait(_ server: Server, job id: Int, until done: (JSONNode) -> Bool) async throws -> JSONNode? {
        for _ in 0..<2400 {
            let j = try await server.job(id)
            if done(j) { return j }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        return nil
    }

    /// A simulation too long to end during the test is killed while it runs; after a restart it is
    /// queued again and claimed (attempt 2); killed again, and the server restarted with two attempts
    /// at most, it is failed as interrupted. Nothing of an interrupted attempt is ever stored.
    @Test func aKilledJobIsRunAgainThenFailed() async throws {
        let data = temporaryFolder("data")
        let file = try String(contentsOfFile: repositoryRoot + "/examples/simulation/demo.yaml", encoding: .utf8)
            .replacingOccurrences(of: "trials: 10000", with: "trials: 5000000")
        let options = ["--job-lease", "1", "--max-attempts", "3"]
        let first = try Server(data: data, extra: options)
        let (status, queued) = try await first.request(
            "/api/v1/simulations?name=long.yaml", method: "POST", body: Array(file.utf8))
        #expect(status == 202)
        let id = Int(Self.number(queued["job"]?["id"]) ?? 0)
        let running = try await Self.wait(first, job: id) { $0["state"]?.stringValue == "running" }
        #expect(running != nil, "the job never ran")
        first.kill()

        let second = try Server(data: data, extra: options)
        let (absent, _) = try await second.request("/api/v1/simulations/1")
        #expect(absent == 404, "nothing of the killed attempt is stored")
        let again = try await Self.wait(second, job: id) {
            $0["state"]?.stringValue == "running" && Self.number($0["attempts"]) == 2
        }
        #expect(again != nil, "the interrupted job was not claimed again")
        second.kill()

        let third = try Server(data: data, extra: ["--job-lease", "1", "--max-attempts", "2"])
        let failed = try await Self.wait(third, job: id) { $0["state"]?.stringValue == "failed" }
        let error = failed.map { "\($0["error"] ?? .null)" } ?? ""
        #expect(error.contains("job-interrupted"), "\(String(describing: failed))")
        let (stillAbsent, _) = try await third.request("/api/v1/simulations/1")
        #expect(stillAbsent == 404)
        #expect(third.stop() == 0)
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

/// `readout audit verify` on a server's data folder: 0 for a whole chain, 1 naming the entry an
/// edit broke; `readout audit export` prints the entries.
@Suite(.temporaryFolders) struct AuditCommandTests {
    @Test func verifyFindsAnEditedEntry() async throws {
        let data = temporaryFolder("data")
        let store = try await SQLiteStore(path: data + "/readout.sqlite")
        _ = try await store.migrate()
        for k in 1...4 {
            _ = try await store.appendAudit(
                AuditRecord(actor: "anonymous", action: .cutStored, study: "S", object: "cut \(k)"), now: Int64(k))
        }
        let whole = try runReadout(["audit", "verify", "--data", data])
        #expect(whole.status == 0 && whole.stdout.contains("holds: 4 entries"), "\(whole)")
        let export = try runReadout(["audit", "export", "--data", data, "--format", "csv"])
        #expect(export.stdout.split(separator: "\n").count == 5 && export.stdout.contains(",cut-stored,S,cut 3,"))
        try await store.allowTampering("audit")
        try await store.execute("UPDATE audit SET actor = 'mallory' WHERE sequence = 2")
        try await store.close()
        let broken = try runReadout(["audit", "verify", "--data", data, "--format", "json"])
        #expect(broken.status == 1, "\(broken)")
        let doc = try JSONNode.parse(broken.stdout)
        #expect(doc["valid"] == .bool(false) && doc["firstBroken"]?["sequence"] == .number(2))
        let missing = try runReadout(["audit", "verify", "--data", temporaryFolder("empty")])
        #expect(missing.status == 2 && missing.stderr.contains("store-missing") || missing.stderr.contains("no store"))
    }
}

/// `readout user`: the first administrator from the command line (no default account, the
/// password on standard input, refused when weak), roles and a token, then a server with accounts
/// that knows them; `--access open` is refused beyond loopback.
@Suite(.temporaryFolders, .serialized) struct UserCommandTests {
    @Test func theFirstAdministratorIsMadeFromTheCommandLine() async throws {
        let data = temporaryFolder("data")
        let store = ["--data", data]
        let weak = try runReadout(
            ["user", "add", "alice", "--display-name", "Alice Smith", "--admin", "--password-stdin"] + store,
            input: "short\n")
        #expect(weak.status == 2 && weak.stderr.contains("the password is refused"), "\(weak)")
        let added = try runReadout(
            [
                "user", "add", "alice", "--display-name", "Alice Smith", "--admin", "--password-stdin", "--bcrypt-cost",
                "4",
            ]
                + store, input: "Correct-Horse-9-battery\n")
        #expect(added.status == 0 && added.stdout.contains("added alice (Alice Smith), site administrator"), "\(added)")
        let again = try runReadout(
            ["user", "add", "alice", "--display-name", "A", "--password-stdin"] + store,
            input: "Correct-Horse-9-battery\n")
        #expect(again.status == 2 && again.stderr.contains("there is a user alice already"), "\(again)")
        let grant = try runReadout(["user", "grant", "alice", "S-1", "viewer", "--create-study"] + store)
        #expect(grant.status == 0 && grant.stdout.contains("granted"), "\(grant)")
        let list = try runReadout(["user", "list"] + store)
        #expect(list.stdout.contains("alice\tAlice Smith\tsite-admin\tactive\tS-1: viewer"), "\(list)")
        let token = try runReadout(["user", "token", "alice", "--label", "ci", "--days", "1"] + store)
        let secret = token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.status == 0 && secret.hasPrefix("rdt_") && secret.count == 47, "\(token)")

        let server = try ServerProcessTests.Server(data: data, access: "accounts")
        let (anonymous, _) = try await server.request("/api/v1/studies")
        #expect(anonymous == 401)
        let (status, studies) = try await server.request("/api/v1/studies", token: secret)
        #expect(status == 200 && studies["studies"]?[0]?["name"] == .string("S-1"))
        #expect(server.stop() == 0)
        let audit = try runReadout(["audit", "export", "--data", data, "--format", "csv"])
        for action in ["user-created", "study-created", "role-granted", "token-created"] {
            #expect(audit.stdout.contains(",command-line,\(action),"), "\(action)")
        }

        let open = try runReadout(["serve", "--access", "open", "--host", "0.0.0.0", "--data", data])
        #expect(open.status != 0 && open.stderr.contains("loopback only"), "\(open)")
    }
}

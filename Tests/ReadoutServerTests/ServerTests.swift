import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ReadoutCore
import ReadoutData
import ReadoutResponse
import ReadoutTestSupport
import Testing

@testable import ReadoutAnalysis
@testable import ReadoutEscalation
@testable import ReadoutServer
@testable import ReadoutStore

/// The server through its routes (Hummingbird's router test client, the job workers running):
/// uploads, validation, runs byte for byte as `readout report` writes them, simulations,
/// subjects, comparisons, disclosure checks, errors, the dashboard and the OpenAPI document.
@Suite(.temporaryFolders) struct ServerTests {
    static let validator = Result { try SchemaValidator(folder: repositoryRoot + "/docs/schema") }
    static let finalCutoff = "2008-08-29"
    static let interimCutoff = "2008-03-31"
    static let specPath = repositoryRoot + "/examples/phase2/readout.yaml"

    /// The stores a server test runs on: SQLite always, PostgreSQL when READOUT_TEST_POSTGRES_URL is set
    /// (CI sets it, with READOUT_REQUIRE_POSTGRES, which makes its absence fail).
    enum StoreKind: String, CaseIterable, Sendable {
        case sqlite
        case postgres

        /// A new store of this kind: `location` is the SQLite file or the PostgreSQL schema (two
        /// stores opened on one location are two processes on one database). Nil when unavailable.
        func open(_ location: String) async throws -> (any ReadoutStore)? {
            switch self {
            case .sqlite: return try await SQLiteStore(path: location)
            case .postgres:
                guard let url = ProcessInfo.processInfo.environment["READOUT_TEST_POSTGRES_URL"] else {
                    if ProcessInfo.processInfo.environment["READOUT_REQUIRE_POSTGRES"] == "1" {
                        Issue.record("READOUT_REQUIRE_POSTGRES is set but READOUT_TEST_POSTGRES_URL is not")
                    }
                    return nil
                }
                return try PostgresStore(url: url, schema: location)
            }
        }

        func newLocation(_ folder: String) -> String {
            self == .sqlite
                ? folder + "/readout.sqlite"
                : "s_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        }
    }

    /// A server on a new store, for `body`.
    func withServer(
        store kind: StoreKind = .sqlite, workers: Int = 1, registerRoots: [String] = [],
        _ body: @Sendable (ReadoutService, any TestClientProtocol) async throws -> Void
    ) async throws {
        var configuration = ServerConfiguration(dataFolder: temporaryFolder("server"))
        // What these tests check is the same with accounts; AccessTests checks who may do it.
        configuration.access.mode = .open
        configuration.workers = workers
        configuration.registerRoots = registerRoots
        configuration.pollInterval = 0.05
        try FileManager.default.createDirectory(atPath: configuration.cacheFolder, withIntermediateDirectories: true)
        guard let store = try await kind.open(kind.newLocation(configuration.dataFolder)) else { return }
        do {
            _ = try await store.migrate()
            let service = ReadoutService(store: store, configuration: configuration)
            var logger = Logger(label: "test")
            logger.logLevel = .warning
            let app = try ReadoutServer.application(service: service, logger: logger)
            try await app.test(.router) { client in try await body(service, client) }
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }

    static func buffer(_ bytes: [UInt8]) -> ByteBuffer {
        var b = ByteBufferAllocator().buffer(capacity: bytes.count)
        b.writeBytes(bytes)
        return b
    }

    /// A study folder as a zip archive (stored entries, inside a folder as `zip -r` makes it).
    static func zip(_ folder: String) throws -> [UInt8] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        return ZipArchive.stored(
            try names.map { ("cut/" + $0, [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)))) })
    }

    static func text(_ r: TestResponse) -> String { String(buffer: r.body) }

    static func json(
        _ r: TestResponse, _ schema: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws
        -> JSONNode
    {
        let node = try JSONNode.parse(text(r), file: schema)
        let errors = try validator.get().validate(node, against: "urn:readout:schema:\(schema):1")
        #expect(errors.isEmpty, "\(schema): \(errors.prefix(5))", sourceLocation: sourceLocation)
        #expect(node["document"]?.stringValue == schema, sourceLocation: sourceLocation)
        return node
    }

    static func int(_ node: JSONNode?) -> Int64? {
        if case .number(let d)? = node { return Int64(d) }
        return nil
    }

    /// Uploads the bundled phase II study at `cutoff` and returns the cut's id.
    static func upload(
        _ client: any TestClientProtocol, folder: String = "phase2", cutoff: String = finalCutoff, label: String
    ) async throws -> Int64 {
        let archive = try zip(repositoryRoot + "/examples/\(folder)/data")
        let r = try await client.execute(
            uri: "/api/v1/studies/RDT-P2-001/cuts?cutoff=\(cutoff)&label=\(label)", method: .post,
            body: buffer(archive))
        #expect(r.status == .created, "\(text(r))")
        return int(try json(r, "cut")["cut"]?["id"])!
    }

    /// Queues the bundled spec on `cut`, waits for the job and returns the run's id.
    static func run(_ client: any TestClientProtocol, cut: Int64) async throws -> Int64 {
        let spec = [UInt8](FileManager.default.contents(atPath: specPath)!)
        let r = try await client.execute(
            uri: "/api/v1/cuts/\(cut)/runs?spec=readout.yaml", method: .post, body: buffer(spec))
        #expect(r.status == .accepted, "\(text(r))")
        let job = int(try json(r, "job")["job"]?["id"])!
        #expect(r.headers[.location] == "/api/v1/jobs/\(job)")
        let done = try await wait(client, job: job)
        #expect(done["state"]?.stringValue == "succeeded", "\(done)")
        return int(done["result"]?["id"])!
    }

    static func wait(_ client: any TestClientProtocol, job: Int64) async throws -> JSONNode {
        for _ in 0..<600 {
            let r = try await client.execute(uri: "/api/v1/jobs/\(job)", method: .get)
            let node = try json(r, "job")["job"]!
            if let state = node["state"]?.stringValue, state == "succeeded" || state == "failed" { return node }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw ReadoutError(file: nil, code: "test", "job \(job) did not finish")
    }

    /// The files `readout report` writes for the bundled spec at `cutoff`, by name.
    static func reportFiles(cutoff: String) throws -> [String: [UInt8]] {
        var spec = try AnalysisSpec.load(path: specPath)
        spec.cutoff = cutoff
        let load = try ReadoutRunner.loadStudy(spec: spec, specPath: specPath)
        let out = try ReadoutRunner.run(spec: spec, specPath: specPath, load: load)
        let dir = temporaryFolder("report")
        var files: [String: [UInt8]] = [:]
        for name in try ReportWriter.write(out, to: dir) {
            files[name] = [UInt8](FileManager.default.contents(atPath: dir + "/" + name)!)
        }
        return files
    }

    @Test(arguments: StoreKind.allCases) func anUploadedCutRunsToTheReadoutThatReportWrites(
        store: StoreKind
    )
        async throws
    {
        let expected = try Self.reportFiles(cutoff: Self.finalCutoff)
        try await withServer(store: store) { _, client in
            let cut = try await Self.upload(client, label: "final")
            let cutDoc = try Self.json(try await client.execute(uri: "/api/v1/cuts/\(cut)", method: .get), "cut")
            #expect(cutDoc["cut"]?["cutoff"]?.stringValue == Self.finalCutoff)
            #expect(Self.int(cutDoc["cut"]?["validation"]?["errors"]) == 0)
            let validation = try Self.json(
                try await client.execute(uri: "/api/v1/cuts/\(cut)/validation", method: .get), "validate")
            #expect(validation["study"]?.stringValue == "RDT-P2-001")
            #expect(
                !Self.text(try await client.execute(uri: "/api/v1/cuts/\(cut)/validation", method: .get)).contains(
                    "/tmp"))
            let run = try await Self.run(client, cut: cut)
            let runDoc = try Self.json(try await client.execute(uri: "/api/v1/runs/\(run)", method: .get), "run")
            guard case .array(let files)? = runDoc["run"]?["files"] else {
                Issue.record("no files")
                return
            }
            let names = files.compactMap { $0["name"]?.stringValue }
            #expect(names.sorted() == expected.keys.sorted())
            for name in names {
                let r = try await client.execute(uri: "/api/v1/runs/\(run)/files/\(name)", method: .get)
                #expect(r.status == .ok && [UInt8](buffer: r.body) == expected[name], "\(name)")
            }
            _ = try Self.json(
                try await client.execute(uri: "/api/v1/runs/\(run)/files/readout.json", method: .get), "readout")
            // The same files and the same spec again: the same cut, the same run.
            let again = try await Self.upload(client, label: "final again")
            #expect(again == cut)
            #expect(try await Self.run(client, cut: cut) == run)
            let runs = try Self.json(try await client.execute(uri: "/api/v1/cuts/\(cut)/runs", method: .get), "runs")
            if case .array(let list)? = runs["runs"] { #expect(list.count == 1) }
            let studies = try Self.json(try await client.execute(uri: "/api/v1/studies", method: .get), "studies")
            #expect(studies["studies"].map { "\($0)" }?.contains("RDT-P2-001") == true)
            _ = try Self.json(try await client.execute(uri: "/api/v1/studies/RDT-P2-001/cuts", method: .get), "cuts")
            _ = try Self.json(try await client.execute(uri: "/api/v1/jobs", method: .get), "jobs")
            _ = try Self.json(try await client.execute(uri: "/api/v1/health", method: .get), "health")
        }
    }

    @Test func subjectsComparisonsAndDisclosureChecksUseTheStoredRuns() async throws {
        try await withServer { _, client in
            let interim = try await Self.run(
                client,
                cut: try await Self.upload(
                    client, folder: "phase2-interim", cutoff: Self.interimCutoff, label: "interim"))
            let final = try await Self.run(client, cut: try await Self.upload(client, label: "final"))
            // A subject: the records read and the responses, as the responses command derives them.
            let subject = "RDT-P2-001-101-1001"
            let s = try Self.json(
                try await client.execute(uri: "/api/v1/runs/\(final)/subjects/\(subject)", method: .get), "subject")
            var spec = try AnalysisSpec.load(path: Self.specPath)
            spec.cutoff = Self.finalCutoff
            let load = try ReadoutRunner.loadStudy(spec: spec, specPath: Self.specPath)
            let derived = ReadoutRunner.responses(spec: spec, study: load.study).subjects.first {
                $0.subject == subject
            }
            let expected = try derived.map { try JSONNode.parse(JSONValue.object($0.contract).rendered()) }
            #expect(expected != nil && s["responses"] == expected)
            if case .array(let domains)? = s["records"] {
                let names = domains.compactMap { d -> String? in d["domain"]?.stringValue }
                #expect(names.contains("RS"))
            }
            // The identifier percent-encoded, as the dashboard's links encode it.
            let encoded = try await client.execute(
                uri: "/api/v1/runs/\(final)/subjects/RDT%2DP2%2D001-101-1001", method: .get)
            #expect(encoded.status == .ok && Pages.segment("A B/C") == "A%20B%2FC")
            let missing = try await client.execute(uri: "/api/v1/runs/\(final)/subjects/NOBODY", method: .get)
            #expect(missing.status == .notFound)
            // Cut to cut: the compare command's document, with the cuts named by the store.
            let c = try Self.json(
                try await client.execute(uri: "/api/v1/compare?from=\(interim)&to=\(final)", method: .get), "compare")
            #expect(c["first"]?["folder"]?.stringValue?.hasPrefix("cut ") == true)
            let direct2 = try runReadout([
                "compare", repositoryRoot + "/examples/phase2-interim/data", repositoryRoot + "/examples/phase2/data",
                "--first-cutoff", Self.interimCutoff, "--second-cutoff", Self.finalCutoff, "--spec", Self.specPath,
                "--format", "json",
            ])
            let d2 = try JSONNode.parse(direct2.stdout)
            #expect(c["responseChanges"] == d2["responseChanges"] && c["figures"] == d2["figures"])
            let reversed = try await client.execute(uri: "/api/v1/compare?from=\(final)&to=\(interim)", method: .get)
            #expect(reversed.status == .unprocessableContent)
            // A disclosure checked against the run: the seed's text, as check-text --spec does it.
            let seed = try String(contentsOfFile: fixture("seeds/004_a7766b0aa3884883.txt"), encoding: .utf8)
            let check = try Self.json(
                try await client.execute(
                    uri: "/api/v1/runs/\(final)/check-text", method: .post, body: Self.buffer(Array(seed.utf8))),
                "check-text")
            let direct3 = try runReadout([
                "check-text", fixture("seeds/004_a7766b0aa3884883.txt"), "--spec", Self.specPath, "--format", "json",
            ])
            #expect(check["verdicts"] == (try JSONNode.parse(direct3.stdout))["verdicts"])
        }
    }

    @Test func aSimulationRunsAsAJobAndStoresWhatSimulateWrites() async throws {
        let path = repositoryRoot + "/examples/simulation/demo.yaml"
        let bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        let direct = try runReadout(["simulate", path, "--format", "json"])
        try await withServer { _, client in
            let r = try await client.execute(
                uri: "/api/v1/simulations?name=demo.yaml", method: .post, body: Self.buffer(bytes))
            #expect(r.status == .accepted)
            let job = Self.int(try Self.json(r, "job")["job"]?["id"])!
            let done = try await Self.wait(client, job: job)
            #expect(done["state"]?.stringValue == "succeeded" && done["progress"] == .number(1))
            let id = Self.int(done["result"]?["id"])!
            let s = try Self.json(
                try await client.execute(uri: "/api/v1/simulations/\(id)", method: .get), "simulation")
            #expect("\(s)".contains("figures/"))
            let json = try await client.execute(uri: "/api/v1/simulations/\(id)/files/simulation.json", method: .get)
            #expect(Self.text(json) == direct.stdout)
            _ = try Self.json(json, "simulate")
        }
    }

    /// Every refusal is an error document naming the problem, with the status its code calls for.
    @Test func badRequestsGetErrorDocuments() async throws {
        try await withServer { _, client in
            func expectError(
                _ uri: String, _ method: HTTPRequest.Method = .get, body: [UInt8]? = nil, status: HTTPResponse.Status,
                codes: [String], sourceLocation: SourceLocation = #_sourceLocation
            ) async throws {
                let r = try await client.execute(uri: uri, method: method, body: body.map(Self.buffer))
                #expect(r.status == status, "\(uri): \(Self.text(r))", sourceLocation: sourceLocation)
                let doc = try Self.json(r, "error", sourceLocation: sourceLocation)
                if case .array(let problems)? = doc["problems"] {
                    #expect(problems.compactMap { $0["code"]?.stringValue } == codes, sourceLocation: sourceLocation)
                }
            }
            try await expectError("/api/v1/cuts/99", status: .notFound, codes: ["cut-unknown"])
            try await expectError("/api/v1/cuts/abc", status: .badRequest, codes: ["parameter-invalid"])
            try await expectError("/api/v1/runs/7", status: .notFound, codes: ["run-unknown"])
            try await expectError("/api/v1/jobs/7", status: .notFound, codes: ["job-unknown"])
            try await expectError("/api/v1/nothing", status: .notFound, codes: ["not-found"])
            try await expectError("/api/v1/studies/NONE/cuts", status: .notFound, codes: ["study-unknown"])
            try await expectError(
                "/api/v1/studies/S/cuts?cutoff=2008-08", .post, body: [1], status: .badRequest,
                codes: ["parameter-invalid"])
            try await expectError(
                "/api/v1/studies/S/cuts?cutoff=2008-08-29", .post, body: Array("a,b\n".utf8),
                status: .unprocessableContent, codes: ["archive-unknown"])
            let traversal = [UInt8](FileManager.default.contents(atPath: fixture("archives/traversal.zip"))!)
            try await expectError(
                "/api/v1/studies/S/cuts?cutoff=2008-08-29", .post, body: traversal, status: .unprocessableContent,
                codes: ["archive-unsafe-name", "archive-unsafe-name"])
            try await expectError(
                "/api/v1/studies/..%2F/cuts?cutoff=2008-08-29", .post, body: [1], status: .badRequest,
                codes: ["study-name-invalid"])
            try await expectError(
                "/api/v1/studies/S/cuts/register?cutoff=2008-08-29&folder=/etc", .post, status: .forbidden,
                codes: ["register-forbidden"])
            let cut = try await Self.upload(client, label: "final")
            try await expectError(
                "/api/v1/cuts/\(cut)/runs", .post, body: Array("title: x\nbogus: 1\n".utf8),
                status: .unprocessableContent, codes: ["spec-invalid"])
            try await expectError(
                "/api/v1/cuts/\(cut)/runs?spec=../x.yaml", .post, body: [1], status: .unprocessableContent,
                codes: ["spec-invalid"])
            try await expectError(
                "/api/v1/simulations", .post, body: Array("designs: 3\n".utf8), status: .unprocessableContent,
                codes: ["simulation-file"])
            try await expectError(
                "/api/v1/compare?from=1", status: .badRequest, codes: ["parameter-invalid"])
            // A path of the API with a method it does not have: 405, naming the methods it has.
            try await expectError("/api/v1/studies", .delete, status: .methodNotAllowed, codes: ["method-not-allowed"])
            let r = try await client.execute(uri: "/api/v1/studies/S/cuts", method: .put)
            #expect(r.status == .methodNotAllowed && r.headers[.allow] == "GET, POST")
            try await expectError(
                "/api/v1/runs/1/files/figures/x.svg", .post, status: .methodNotAllowed, codes: ["method-not-allowed"])
            // A route that takes a body, without one.
            try await expectError("/api/v1/simulations", .post, status: .badRequest, codes: ["body-invalid"])
            try await expectError("/api/v1/audit?format=xml", status: .badRequest, codes: ["parameter-invalid"])
        }
    }

    /// Two services on one store (two processes): a job queued through one is run by the other's
    /// worker, and both see every cut and run.
    @Test(arguments: StoreKind.allCases) func processesOnOneStoreShareTheWork(store kind: StoreKind) async throws {
        let location = kind.newLocation(temporaryFolder("shared"))
        guard let first = try await kind.open(location), let second = try await kind.open(location) else { return }
        var configuration = ServerConfiguration(dataFolder: temporaryFolder("server"))
        configuration.access.mode = .open
        configuration.pollInterval = 0.05
        configuration.workers = 0
        _ = try await first.migrate()
        _ = try await second.migrate()
        let queueing = ReadoutService(store: first, configuration: configuration)
        configuration.workers = 1
        let working = ReadoutService(store: second, configuration: configuration)
        let logger = {
            var l = Logger(label: "test")
            l.logLevel = .warning
            return l
        }()
        try await ReadoutServer.application(service: queueing, logger: logger).test(.router) { client in
            try await ReadoutServer.application(service: working, logger: logger).test(.router) { otherClient in
                let cut = try await Self.upload(client, label: "final")
                let run = try await Self.run(client, cut: cut)
                let seen = try await otherClient.execute(uri: "/api/v1/runs/\(run)", method: .get)
                #expect(seen.status == .ok)
            }
        }
        try await first.close()
        try await second.close()
    }
}

extension ServerTests {
    /// Every count of the response table lists exactly the subjects it counts: members of its
    /// population whose subject-level value is the grouping's.
    @Test func everyCountListsItsSubjects() async throws {
        try await withServer { _, client in
            let run = try await Self.run(client, cut: try await Self.upload(client, label: "final"))
            let ard = try JSONNode.parse(
                Self.text(try await client.execute(uri: "/api/v1/runs/\(run)/files/ard.json", method: .get)))
            let rows = CountedSubjects.listable(ard: ard)
            #expect(rows.count >= 30)
            let level = try JSONNode.parse(
                Self.text(try await client.execute(uri: "/api/v1/runs/\(run)/files/readout.json", method: .get)))
            for row in rows {
                let id = row["id"]!.stringValue!
                let r = try await client.execute(
                    uri: "/api/v1/runs/\(run)/counted?id=\(Pages.query(id))", method: .get)
                #expect(r.status == .ok, "\(id): \(Self.text(r))")
                let doc = try Self.json(r, "counted")
                guard case .array(let subjects)? = doc["USUBJID"] else { continue }
                #expect(Self.int(doc["value"]).map(Int.init) == subjects.count && doc["value"] == row["value"], "\(id)")
                // Every subject listed is a member of the row's population.
                if case .array(let populations)? = level["populations"],
                    let members = populations.first(where: { $0["name"] == row["population"] })?["USUBJID"],
                    case .array(let ids) = members
                {
                    #expect(Set(subjects.compactMap(\.stringValue)).isSubset(of: Set(ids.compactMap(\.stringValue))))
                }
            }
            let unknown = try await client.execute(uri: "/api/v1/runs/\(run)/counted?id=nothing", method: .get)
            #expect(unknown.status == .notFound)
        }
    }
}

extension ServerTests {
    /// A folder under a register root is stored as a cut (the same cut an upload of its files
    /// makes); one outside every root, or reached through `..`, is refused.
    @Test func foldersUnderARegisterRootAreRegistered() async throws {
        let examples = repositoryRoot + "/examples"
        try await withServer(registerRoots: [examples + "/phase2"]) { _, client in
            let r = try await client.execute(
                uri: "/api/v1/studies/RDT-P2-001/cuts/register?cutoff=2008-08-29&label=final&folder="
                    + Pages.query(examples + "/phase2/data"), method: .post)
            #expect(r.status == .created, "\(Self.text(r))")
            let registered = try Self.json(r, "cut")["cut"]
            let uploaded = try await Self.upload(client, label: "final")
            #expect(Self.int(registered?["id"]) == uploaded, "the same files at the same cut-off: one cut")
            for folder in [examples + "/phase2-interim/data", examples + "/phase2/../phase2-interim/data"] {
                let refused = try await client.execute(
                    uri: "/api/v1/studies/RDT-P2-001/cuts/register?cutoff=2008-03-31&folder=" + Pages.query(folder),
                    method: .post)
                #expect(refused.status == .forbidden, "\(folder)")
            }
        }
    }
}

extension ServerTests {
    /// A JSON log record is one line: time, level, label, message, source and the metadata.
    @Test func jsonLogsAreOneObjectPerLine() throws {
        final class Lines: @unchecked Sendable {
            var text = ""
        }
        let lines = Lines()
        var logger = Logger(label: "readout") { label in JSONLogHandler(label: label) { lines.text += $0 } }
        logger.logLevel = .info
        logger.info("job finished", metadata: ["job": "7", "state": "succeeded \"quoted\""])
        logger.debug("not shown")
        #expect(lines.text.split(separator: "\n").count == 1 && lines.text.hasSuffix("}\n"))
        let record = try JSONNode.parse(lines.text)
        #expect(record["message"]?.stringValue == "job finished" && record["level"]?.stringValue == "info")
        #expect(record["job"]?.stringValue == "7" && record["state"]?.stringValue == "succeeded \"quoted\"")
        #expect(record["time"]?.stringValue?.hasSuffix("Z") == true && record["label"]?.stringValue == "readout")
    }
}

extension ServerTests {
    /// Uploading, queueing and a job's end are in the audit trail with the digests of what they
    /// touched; the chain verifies; the export is the same entries as CSV.
    @Test(arguments: StoreKind.allCases) func theAuditTrailRecordsWhatTheServerDid(store: StoreKind) async throws {
        try await withServer(store: store) { _, client in
            let cut = try await Self.upload(client, label: "final")
            let run = try await Self.run(client, cut: cut)
            let audit = try Self.json(try await client.execute(uri: "/api/v1/audit", method: .get), "audit")
            guard case .array(let entries)? = audit["entries"] else {
                Issue.record("no entries")
                return
            }
            let actions = entries.compactMap { e -> String? in e["action"]?.stringValue }
            #expect(actions == ["cut-stored", "run-queued", "job-succeeded"])
            let cutDoc = try Self.json(try await client.execute(uri: "/api/v1/cuts/\(cut)", method: .get), "cut")
            let runDoc = try Self.json(try await client.execute(uri: "/api/v1/runs/\(run)", method: .get), "run")
            #expect(
                entries[0]["objectSHA256"] == cutDoc["cut"]?["digest"] && entries[0]["actor"] == .string("anonymous"))
            #expect(entries[2]["objectSHA256"] == runDoc["run"]?["digest"] && entries[2]["actor"] == .string("system"))
            #expect(entries[2]["object"]?.stringValue == "run \(run)" && entries[1]["study"] == .string("RDT-P2-001"))
            let verdict = try Self.json(
                try await client.execute(uri: "/api/v1/audit/verify", method: .get), "audit-verify")
            // Reading the trail through the API is an export, itself an entry (the fourth).
            #expect(verdict["valid"] == .bool(true) && Self.int(verdict["entries"]) == 4)
            let again = try Self.json(try await client.execute(uri: "/api/v1/audit", method: .get), "audit")
            guard case .array(let all)? = again["entries"], all.count == 4 else {
                Issue.record("expected four entries")
                return
            }
            #expect(all[3]["action"] == .string("audit-exported") && all[3]["objectSHA256"] == entries[2]["hash"])
            #expect(verdict["head"] == all[3]["hash"])
            let csv = Self.text(try await client.execute(uri: "/api/v1/audit?format=csv", method: .get))
            #expect(
                csv.hasPrefix("sequence,time,actor,action,") && csv.contains(",job-succeeded,RDT-P2-001,run \(run),"))
            let none = try Self.json(
                try await client.execute(uri: "/api/v1/audit?study=OTHER", method: .get), "audit")
            #expect(none["entries"] == .array([]))
        }
    }
}

extension ServerTests {
    /// Given a certificate and key (Tests/Fixtures/tls, scripts/make-tls-fixture.sh), the server
    /// speaks HTTPS on loopback; a key without a certificate, or an unreadable one, is refused.
    @Test func theServerSpeaksTLSWhenGivenACertificate() async throws {
        var configuration = ServerConfiguration(dataFolder: temporaryFolder("tls"))
        configuration.access.mode = .open
        configuration.port = 0
        configuration.workers = 0
        configuration.tlsCertificate = fixture("tls/certificate.pem")
        configuration.tlsKey = fixture("tls/key.pem")
        let store = try await SQLiteStore(path: configuration.storePath)
        _ = try await store.migrate()
        let service = ReadoutService(store: store, configuration: configuration)
        let logger = {
            var l = Logger(label: "tls")
            l.logLevel = .warning
            return l
        }()
        try await ReadoutServer.application(service: service, logger: logger).test(.ahc(.https)) { client in
            let r = try await client.execute(uri: "/api/v1/health", method: .get)
            #expect(r.status == .ok && r.headers[.strictTransportSecurity] == "max-age=31536000")
            _ = try Self.json(r, "health")
        }
        try await store.close()
        var incomplete = configuration
        incomplete.tlsCertificate = nil
        #expect(throws: ReadoutError.self) { _ = try ReadoutServer.httpServer(incomplete) }
        var unreadable = configuration
        unreadable.tlsKey = fixture("tls/certificate.pem")
        let e = #expect(throws: ReadoutError.self) { _ = try ReadoutServer.httpServer(unreadable) }
        #expect(e?.problem.code == "tls-unreadable")
    }
}

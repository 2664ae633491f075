import Foundation
import ReadoutCore
import ReadoutData
import ReadoutTestSupport
import Testing

@testable import ReadoutAnalysis
@testable import ReadoutStore

/// The stores the suite runs against: SQLite always; PostgreSQL when READOUT_TEST_POSTGRES_URL
/// names a server (CI starts one and sets READOUT_REQUIRE_POSTGRES, which makes its absence fail).
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres
    var testDescription: String { rawValue }

    static var postgresURL: String? { ProcessInfo.processInfo.environment["READOUT_TEST_POSTGRES_URL"] }

    /// A new, empty store of this kind (a new database file, or a new PostgreSQL schema), not migrated;
    /// nil when this kind is not available here.
    func make(_ label: String) async throws -> (any StoreTestAccess)? {
        switch self {
        case .sqlite: return try await SQLiteStore(path: temporaryFolder(label) + "/readout.sqlite")
        case .postgres:
            guard let url = Self.postgresURL else {
                if ProcessInfo.processInfo.environment["READOUT_REQUIRE_POSTGRES"] == "1" {
                    Issue.record("READOUT_REQUIRE_POSTGRES is set but READOUT_TEST_POSTGRES_URL is not")
                }
                return nil
            }
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            return try PostgresStore(url: url, schema: schema)
        }
    }
}

/// Every store on real cuts: migrations from an empty database and from the previous version,
/// content addressing, immutability, transactions that leave nothing behind, a readout of a
/// stored cut that is byte for byte the readout of the folder it came from, and jobs.
@Suite(.temporaryFolders) struct StoreTests {
    static let cutoff = CalendarDate(iso: "2008-08-29")!

    /// A new, migrated store of `kind` for `body`, closed afterwards (skipped when unavailable).
    func withStore(_ kind: StoreKind, _ body: (any StoreTestAccess) async throws -> Void) async throws {
        guard let s = try await kind.make("store") else { return }
        do {
            let migrated = try await s.migrate()
            let again = try await s.migrate()
            #expect(migrated == type(of: s).migrationCount && again == migrated, "migrating again changes nothing")
            try await body(s)
            try await s.shutdown()
        } catch {
            try? await s.shutdown()
            throw error
        }
    }

    /// A store not migrated, for `body`.
    func withEmptyStore(_ kind: StoreKind, _ body: (any StoreTestAccess) async throws -> Void) async throws {
        guard let s = try await kind.make("empty") else { return }
        do {
            try await body(s)
            try await s.shutdown()
        } catch {
            try? await s.shutdown()
            throw error
        }
    }

    @Test(arguments: StoreKind.allCases) func migrationsRunFromAnEmptyDatabase(kind: StoreKind) async throws {
        try await withEmptyStore(kind) { s in
            let before = try await s.schemaVersion()
            let after = try await s.migrate()
            let tables = try await s.tables()
            #expect(before == 0 && after == type(of: s).migrationCount)
            #expect(
                tables == [
                    "audit", "blobs", "cut_files", "cuts", "jobs", "login_throttle", "roles", "run_files", "runs",
                    "sessions", "signatures", "simulation_files", "simulations", "studies", "tokens", "users",
                ])
        }
    }

    /// A store of the previous schema version (2) with a run in it migrates and keeps it.
    @Test(arguments: StoreKind.allCases) func migrationsRunFromVersionTwo(kind: StoreKind) async throws {
        try await withEmptyStore(kind) { s in
            _ = try await s.migrate(upTo: 2)
            let cut = try await s.addCut(
                study: "S", label: "old", cutoff: Self.cutoff, files: [("dm.csv", Array("USUBJID\nA\n".utf8))],
                validation: "{}")
            let run = try await s.addRun(cut: cut.id, specName: "s.yaml", spec: [1], files: [("readout.md", [2])])
            let current = try await s.migrate()
            let kept = try await s.run(run.id)
            let job = try await s.addJob(kind: .readout, cut: cut.id, specName: "s.yaml", spec: [1], now: 5)
            #expect(current == type(of: s).migrationCount && kept == run && job.state == .queued)
        }
    }

    /// A store of every earlier schema version with a cut in it migrates to the current version
    /// and keeps the cut; what the newer versions add works afterwards.
    @Test(arguments: StoreKind.allCases) func migrationsRunFromEveryEarlierVersion(kind: StoreKind) async throws {
        for version in 1..<SQLiteStore.migrationCount {
            try await withEmptyStore(kind) { s in
                let reached = try await s.migrate(upTo: version)
                let cut = try await s.addCut(
                    study: "S", label: "old", cutoff: Self.cutoff, files: [("dm.csv", Array("USUBJID\nA\n".utf8))],
                    validation: "{}")
                let current = try await s.migrate()
                let kept = try await s.cut(cut.id)
                let run = try await s.addRun(cut: cut.id, specName: "s.yaml", spec: [1], files: [("readout.md", [2])])
                let entry = try await s.appendAudit(
                    AuditRecord(actor: "a", action: .cutStored, object: "cut 1"), now: 0)
                #expect(reached == version && current == type(of: s).migrationCount, "from \(version)")
                #expect(kept == cut && run.cut == cut.id && entry.sequence == 1, "from \(version)")
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func aNewerSchemaIsRefused(kind: StoreKind) async throws {
        try await withStore(kind) { s in
            try await s.setSchemaVersion(99)
            await #expect(throws: ReadoutError.self) { _ = try await s.migrate() }
        }
    }

    @Test(arguments: StoreKind.allCases) func cutsAreContentAddressedAndStoredOnce(kind: StoreKind) async throws {
        try await withStore(kind) { s in
            let folder = repositoryRoot + "/examples/phase2/data"
            let a = try await CutIngest.register(
                folder: folder, study: "RDT-P2-001", label: "final", cutoff: Self.cutoff, in: s)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            #expect(a.files.map(\.name) == names)
            for f in a.files {
                #expect(f.sha256 == (try SHA256.file(folder + "/" + f.name)))
            }
            #expect(a.digest == StoredCut.digest(a.files))
            let validation = try JSONNode.parse(a.validation)
            #expect(
                validation["document"]?.stringValue == "validate" && validation["cutoff"]?.stringValue == "2008-08-29")
            // The same files at the same cut-off: the same cut. Another cut-off: another cut, same blobs.
            let again = try await CutIngest.register(
                folder: folder, study: "RDT-P2-001", label: "again", cutoff: Self.cutoff, in: s)
            #expect(again == a)
            let earlier = try await CutIngest.register(
                folder: folder, study: "RDT-P2-001", label: "earlier", cutoff: CalendarDate(iso: "2008-03-31")!, in: s)
            #expect(earlier.id != a.id && earlier.digest == a.digest)
            let interim = try await CutIngest.register(
                folder: repositoryRoot + "/examples/phase2-interim/data", study: "RDT-P2-001", label: "interim",
                cutoff: CalendarDate(iso: "2008-03-31")!, in: s)
            #expect(interim.digest != a.digest)
            let labels = try await s.cuts(study: "RDT-P2-001").map(\.label)
            let studies = try await s.studies()
            #expect(labels == ["final", "earlier", "interim"] && studies == ["RDT-P2-001"])
            let byID = try await s.cut(a.id)
            let none = try await s.cut(999)
            #expect(byID == a && none == nil)
            let blobs = try await s.count("blobs")
            #expect(blobs == a.files.count + interim.files.count, "identical files are stored once")
        }
    }

    @Test(arguments: StoreKind.allCases) func storedDataCannotBeChanged(kind: StoreKind) async throws {
        try await withStore(kind) { s in
            let cut = try await s.addCut(
                study: "S", label: "c", cutoff: Self.cutoff, files: [("dm.csv", Array("USUBJID\nA\n".utf8))],
                validation: "{}")
            _ = try await s.addRun(cut: cut.id, specName: "s.yaml", spec: [1], files: [("readout.md", [2])])
            for sql in [
                "UPDATE blobs SET size = 0", "DELETE FROM blobs", "UPDATE cuts SET label = 'x'", "DELETE FROM cuts",
                "UPDATE cut_files SET name = 'x'", "DELETE FROM cut_files", "UPDATE runs SET spec_name = 'x'",
                "DELETE FROM runs", "UPDATE run_files SET name = 'x'", "DELETE FROM run_files",
            ] {
                await #expect(throws: ReadoutError.self, "\(sql)") { try await s.execute(sql) }
            }
            let stored = try await s.cut(cut.id)
            let bytes = try await s.blob(cut.files[0].sha256)
            #expect(stored == cut && bytes == Array("USUBJID\nA\n".utf8))
        }
    }

    @Test(arguments: StoreKind.allCases) func aFailedWriteLeavesNothing(kind: StoreKind) async throws {
        try await withStore(kind) { s in
            // Two files of one name: refused before anything is written.
            await #expect(throws: ReadoutError.self) {
                _ = try await s.addCut(
                    study: "S", label: "c", cutoff: Self.cutoff, files: [("dm.csv", [1]), ("dm.csv", [2])],
                    validation: "{}")
            }
            // A failure inside the transaction rolls the study and the blob back.
            await #expect(throws: ReadoutError.self) { try await s.failHalfway() }
            let studies = try await s.studies()
            let blob = try await s.blob(SHA256.hex([9, 9]))
            #expect(studies.isEmpty && blob == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func aStoredCutGivesTheSameReadoutByteForByte(kind: StoreKind) async throws {
        try await withStore(kind) { s in
            let folder = repositoryRoot + "/examples/phase2/data"
            let cut = try await CutIngest.register(
                folder: folder, study: "RDT-P2-001", label: "final", cutoff: Self.cutoff, in: s)
            let copy = temporaryFolder("materialized")
            try await CutIngest.materialize(cut, from: s, into: copy)
            let specPath = repositoryRoot + "/examples/phase2/readout.yaml"
            let spec = try AnalysisSpec.load(path: specPath)
            func readout(_ folder: String) throws -> [String: Data] {
                let load = try StudyLoader.load(
                    folder: folder, options: StudyLoadOptions(cutoff: Self.cutoff, rules: spec.dataRules))
                let out = try ReadoutRunner.run(spec: spec, specPath: specPath, load: load)
                let dir = temporaryFolder("readout")
                var files: [String: Data] = [:]
                for name in try ReportWriter.write(out, to: dir) {
                    files[name] = FileManager.default.contents(atPath: dir + "/" + name)
                }
                return files
            }
            let direct = try readout(folder)
            let fromCut = try readout(copy)
            #expect(direct.keys.sorted() == fromCut.keys.sorted() && direct.count > 30)
            for (name, bytes) in direct { #expect(fromCut[name] == bytes, "\(name)") }
            // The run's outputs stored and read back: the same bytes; the same spec on the same cut is one run.
            let specBytes = [UInt8](FileManager.default.contents(atPath: specPath)!)
            let outputs = fromCut.sorted { $0.key < $1.key }.map { (name: $0.key, bytes: [UInt8]($0.value)) }
            let run = try await s.addRun(cut: cut.id, specName: "readout.yaml", spec: specBytes, files: outputs)
            let again = try await s.addRun(cut: cut.id, specName: "readout.yaml", spec: specBytes, files: outputs)
            let runs = try await s.runs(cut: cut.id)
            #expect(again == run && runs == [run] && run.specSHA256 == SHA256.hex(specBytes))
            #expect(run.files.map(\.name) == outputs.map(\.name))
            for f in run.files {
                let bytes = try await s.blob(f.sha256)
                #expect(bytes.map { Data($0) } == direct[f.name], "\(f.name)")
            }
            await #expect(throws: ReadoutError.self) {
                _ = try await s.addRun(cut: 999, specName: "x", spec: [], files: [])
            }
        }
    }

    /// A job's life: queued, claimed by one worker, progress, finished; a second worker cannot
    /// claim it or report on it.
    @Test(arguments: StoreKind.allCases) func jobsAreClaimedOnceAndFinishedByTheirWorker(kind: StoreKind) async throws {
        try await withStore(kind) { s in
            let cut = try await s.addCut(
                study: "S", label: "c", cutoff: Self.cutoff, files: [("dm.csv", [1])], validation: "{}")
            let a = try await s.addJob(kind: .readout, cut: cut.id, specName: "s.yaml", spec: [7], now: 1000)
            let b = try await s.addJob(kind: .simulation, cut: nil, specName: "sim.yaml", spec: [8], now: 1001)
            #expect(a.state == .queued && a.specSHA256 == SHA256.hex([7]) && a.created == 1000 && b.cut == nil)
            let first = try await s.claimJob(worker: "w1", now: 1100)
            let second = try await s.claimJob(worker: "w2", now: 1100)
            let none = try await s.claimJob(worker: "w3", now: 1100)
            #expect(first?.id == a.id && first?.state == .running && first?.attempts == 1)
            #expect(second?.id == b.id && none == nil)
            let mine = try await s.reportJob(a.id, worker: "w1", progress: 0.5, stage: "deriving", now: 1200)
            let notMine = try await s.reportJob(a.id, worker: "w2", progress: 0.9, stage: "x", now: 1200)
            #expect(mine && !notMine)
            let halfway = try await s.job(a.id)
            #expect(halfway?.progress == 0.5 && halfway?.stage == "deriving" && halfway?.updated == 1200)
            try await s.finishJob(a.id, worker: "w2", result: 9, error: nil, now: 1300)
            let still = try await s.job(a.id)
            #expect(still?.state == .running, "only the claiming worker finishes a job")
            try await s.finishJob(a.id, worker: "w1", result: 9, error: nil, now: 1300)
            try await s.finishJob(b.id, worker: "w2", result: nil, error: "{\"document\":\"error\"}", now: 1300)
            let done = try await s.jobs(limit: 10)
            #expect(done.map(\.id) == [b.id, a.id])
            #expect(done[1].state == .succeeded && done[1].result == 9 && done[1].progress == 1)
            #expect(done[0].state == .failed && done[0].error == "{\"document\":\"error\"}")
            await #expect(throws: ReadoutError.self) {
                _ = try await s.addJob(kind: .readout, cut: 999, specName: "s", spec: [], now: 0)
            }
        }
    }

    /// A worker that stops reporting (a killed process): its job is queued again, and failed once
    /// claimed `maxAttempts` times; a live job is left alone.
    @Test(arguments: StoreKind.allCases) func interruptedJobsAreQueuedAgainThenFailed(kind: StoreKind) async throws {
        try await withStore(kind) { s in
            let job = try await s.addJob(kind: .simulation, cut: nil, specName: "sim.yaml", spec: [1], now: 0)
            let live = try await s.addJob(kind: .simulation, cut: nil, specName: "b.yaml", spec: [2], now: 0)
            _ = try await s.claimJob(worker: "dead", now: 0)
            _ = try await s.claimJob(worker: "alive", now: 0)
            _ = try await s.reportJob(live.id, worker: "alive", progress: 0.1, stage: "x", now: 9000)
            let r1 = try await s.recoverJobs(now: 10_000, lease: 5000, maxAttempts: 2)
            #expect(r1 == (1, 0))
            let requeued = try await s.job(job.id)
            let running = try await s.job(live.id)
            #expect(requeued?.state == .queued && running?.state == .running)
            let again = try await s.claimJob(worker: "dead-again", now: 10_000)
            #expect(again?.id == job.id && again?.attempts == 2)
            let r2 = try await s.recoverJobs(now: 20_000, lease: 5000, maxAttempts: 2)
            let failed = try await s.job(job.id)
            // The live job has now stopped reporting too: queued again (its first claim); the other failed.
            #expect(r2 == (1, 1))
            #expect(failed?.state == .failed && failed?.error?.contains("job-interrupted") == true)
        }
    }

    @Test(arguments: StoreKind.allCases) func simulationsAreStoredOncePerFile(kind: StoreKind) async throws {
        try await withStore(kind) { s in
            let a = try await s.addSimulation(specName: "sim.yaml", spec: [1, 2], files: [("oc.json", [3])])
            let b = try await s.addSimulation(specName: "other.yaml", spec: [1, 2], files: [("oc.json", [3])])
            let read = try await s.simulation(a.id)
            #expect(a == b && read == a && a.files.map(\.name) == ["oc.json"])
            let missing = try await s.simulation(99)
            #expect(missing == nil)
            await #expect(throws: ReadoutError.self) {
                try await s.execute("DELETE FROM simulations")
            }
        }
    }
}

extension StoreTests {
    static func records(_ n: Int) -> [AuditRecord] {
        var out: [AuditRecord] = []
        for k in 1...n {
            let even = k % 2 == 0
            let action: AuditAction = even ? .jobSucceeded : .cutStored
            let study: String? = k == 5 ? nil : "S"
            let detail: [String: String] = ["label": "cut \(k)\nwith a line break", "cutoff": "2008-08-29"]
            out.append(
                AuditRecord(
                    actor: even ? "system" : "anonymous", action: action, study: study, object: "cut \(k)",
                    objectSHA256: SHA256.hex([UInt8(k)]), detail: detail))
        }
        return out
    }

    /// Entries are numbered from 1 and chained: each one's `previous` is the hash of the one before.
    @Test(arguments: StoreKind.allCases) func auditEntriesAreChained(kind: StoreKind) async throws {
        try await withStore(kind) { s in
            var appended: [AuditEntry] = []
            for (k, r) in Self.records(5).enumerated() {
                appended.append(try await s.appendAudit(r, now: 1_796_000_000_000 + Int64(k)))
            }
            let read = try await s.auditEntries(study: nil)
            #expect(read == appended && read.map(\.sequence) == [1, 2, 3, 4, 5])
            #expect(read[0].previous == AuditEntry.genesis && read[1].previous == read[0].hash)
            #expect(read[0].time == "2026-11-30T00:53:20.000Z" && read[0].detail.hasPrefix("cutoff=2008-08-29\n"))
            #expect(AuditTrail.verify(read) == AuditTrail.Verification(entries: 5, firstBroken: nil))
            let ofStudy = try await s.auditEntries(study: "S")
            #expect(ofStudy.map(\.sequence) == [1, 2, 3, 4])
            // The application cannot change an entry: the triggers refuse it.
            await #expect(throws: ReadoutError.self) { try await s.execute("UPDATE audit SET actor = 'x'") }
            await #expect(throws: ReadoutError.self) { try await s.execute("DELETE FROM audit") }
        }
    }

    /// Someone with the database in hand edits, removes or reorders entries: verify names the
    /// first broken one.
    @Test(arguments: StoreKind.allCases) func verifyNamesTheFirstTamperedEntry(kind: StoreKind) async throws {
        let tampering: [(String, Int64, String)] = [
            ("UPDATE audit SET actor = 'mallory' WHERE sequence = 3", 3, "edited"),
            ("UPDATE audit SET detail = 'label=other' WHERE sequence = 4", 4, "edited"),
            ("DELETE FROM audit WHERE sequence = 2", 3, "missing"),
            // Two entries swapped: their numbers exchanged (through a free number).
            (
                "UPDATE audit SET sequence = 99 WHERE sequence = 2; UPDATE audit SET sequence = 2 WHERE sequence = 3; "
                    + "UPDATE audit SET sequence = 3 WHERE sequence = 99", 2, "reordered"
            ),
        ]
        for (sql, broken, word) in tampering {
            try await withStore(kind) { s in
                for (k, r) in Self.records(5).enumerated() { _ = try await s.appendAudit(r, now: 1000 + Int64(k)) }
                try await s.allowTampering("audit")
                for statement in sql.split(separator: ";") { try await s.execute(String(statement)) }
                let verdict = AuditTrail.verify(try await s.auditEntries(study: nil))
                #expect(verdict.firstBroken?.sequence == broken, "\(sql): \(verdict)")
                #expect(verdict.firstBroken?.problem.contains(word) == true, "\(sql): \(verdict)")
            }
        }
    }

    /// Appends from many tasks at once (as from several processes) still make one chain.
    @Test(arguments: StoreKind.allCases) func concurrentAppendsMakeOneChain(kind: StoreKind) async throws {
        try await withStore(kind) { s in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for r in Self.records(5) + Self.records(5) + Self.records(5) {
                    group.addTask { _ = try await s.appendAudit(r, now: 5) }
                }
                try await group.waitForAll()
            }
            let verdict = AuditTrail.verify(try await s.auditEntries(study: nil))
            #expect(verdict.valid && verdict.entries == 15)
        }
    }
}

extension StoreTests {
    /// A role given the store's grants does everything the server does, and cannot change or
    /// remove a stored row or an audit entry, nor disable the triggers that guard them.
    @Test func aGrantedRoleCannotRewriteTheStore() async throws {
        guard let url = StoreKind.postgresURL,
            let owner = try await StoreKind.postgres.make("grants") as? PostgresStore
        else { return }
        let role = "r_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        _ = try await owner.migrate()
        try await owner.execute("CREATE ROLE \(role) LOGIN")
        for g in try PostgresStore.grants(role: role, schema: owner.schema) { try await owner.execute(g) }
        var c = URLComponents(string: url)!
        c.user = role
        let app = try PostgresStore(url: c.string!, schema: owner.schema)
        do {
            #expect(try await app.migrate() == PostgresStore.migrationCount, "a migrated store starts as the role")
            let cut = try await app.addCut(
                study: "S", label: "c", cutoff: Self.cutoff, files: [("dm.csv", [1])], validation: "{}")
            _ = try await app.addRun(cut: cut.id, specName: "s.yaml", spec: [2], files: [("readout.md", [3])])
            let job = try await app.addJob(kind: .readout, cut: cut.id, specName: "s.yaml", spec: [2], now: 1)
            _ = try await app.claimJob(worker: "w", now: 2)
            _ = try await app.reportJob(job.id, worker: "w", progress: 0.5, stage: "x", now: 3)
            try await app.finishJob(job.id, worker: "w", result: 1, error: nil, now: 4)
            _ = try await app.recoverJobs(now: 5, lease: 1, maxAttempts: 2)
            _ = try await app.addSimulation(specName: "sim.yaml", spec: [4], files: [("s.json", [5])])
            _ = try await app.appendAudit(AuditRecord(actor: "a", action: .cutStored, object: "cut 1"), now: 6)
            try await AccountStoreTests.exercise(app, cutID: cut.id)
            for sql in [
                "UPDATE audit SET actor = 'x'", "DELETE FROM audit", "TRUNCATE audit", "UPDATE cuts SET label = 'x'",
                "DELETE FROM blobs", "ALTER TABLE audit DISABLE TRIGGER USER", "DROP TABLE audit",
                "UPDATE readout_schema SET version = 1", "CREATE TABLE x (y INT)",
                "UPDATE signatures SET meaning = 'approved'", "DELETE FROM signatures", "DELETE FROM users",
            ] {
                await #expect(throws: ReadoutError.self, "\(sql)") { try await app.execute(sql) }
            }
            let entries = try await app.auditEntries(study: nil)
            #expect(AuditTrail.verify(entries).valid && entries.count == 1)
            await app.close()
        } catch {
            await app.close()
            throw error
        }
        await owner.close()
    }
}

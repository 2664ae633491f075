import Foundation
import NIOCore
import ReadoutCore
import ReadoutData
import SQLiteNIO

/// The embedded store: one SQLite database file (WAL journal, foreign keys on). Writes are
/// transactions run one at a time; stored rows cannot be updated or deleted (triggers refuse it).
public actor SQLiteStore: ReadoutStore {
    let connection: SQLiteConnection
    let path: String
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// The migrations, in order: migration k (from 1) takes the schema from version k − 1 to k.
    /// A released migration never changes; a new schema is a new migration.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, content BLOB NOT NULL)
            """,
            """
            CREATE TABLE studies (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)
            """,
            """
            CREATE TABLE cuts (id INTEGER PRIMARY KEY, study_id INTEGER NOT NULL REFERENCES studies(id),
              label TEXT NOT NULL, cutoff TEXT NOT NULL, digest TEXT NOT NULL, validation TEXT NOT NULL,
              UNIQUE (study_id, digest, cutoff))
            """,
            """
            CREATE TABLE cut_files (cut_id INTEGER NOT NULL REFERENCES cuts(id), name TEXT NOT NULL,
              sha256 TEXT NOT NULL REFERENCES blobs(sha256), PRIMARY KEY (cut_id, name))
            """,
        ] + ["blobs", "cuts", "cut_files"].flatMap(immutable),
        [
            """
            CREATE TABLE runs (id INTEGER PRIMARY KEY, cut_id INTEGER NOT NULL REFERENCES cuts(id),
              spec_name TEXT NOT NULL, spec_sha256 TEXT NOT NULL REFERENCES blobs(sha256), digest TEXT NOT NULL,
              UNIQUE (cut_id, spec_sha256))
            """,
            """
            CREATE TABLE run_files (run_id INTEGER NOT NULL REFERENCES runs(id), name TEXT NOT NULL,
              sha256 TEXT NOT NULL REFERENCES blobs(sha256), PRIMARY KEY (run_id, name))
            """,
        ] + ["runs", "run_files"].flatMap(immutable),
        [
            """
            CREATE TABLE simulations (id INTEGER PRIMARY KEY, spec_name TEXT NOT NULL,
              spec_sha256 TEXT NOT NULL UNIQUE REFERENCES blobs(sha256), digest TEXT NOT NULL)
            """,
            """
            CREATE TABLE simulation_files (simulation_id INTEGER NOT NULL REFERENCES simulations(id),
              name TEXT NOT NULL, sha256 TEXT NOT NULL REFERENCES blobs(sha256), PRIMARY KEY (simulation_id, name))
            """,
            // Jobs change state, so they are the one table without the immutability triggers.
            """
            CREATE TABLE jobs (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL,
              cut_id INTEGER REFERENCES cuts(id), spec_name TEXT NOT NULL,
              spec_sha256 TEXT NOT NULL REFERENCES blobs(sha256), attempts INTEGER NOT NULL DEFAULT 0,
              worker TEXT, heartbeat INTEGER, progress REAL NOT NULL DEFAULT 0, stage TEXT NOT NULL DEFAULT '',
              result_id INTEGER, error TEXT, created INTEGER NOT NULL, updated INTEGER NOT NULL)
            """,
            "CREATE INDEX jobs_state ON jobs (state, id)",
        ] + ["simulations", "simulation_files"].flatMap(immutable),
        [
            """
            CREATE TABLE audit (sequence INTEGER PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL,
              action TEXT NOT NULL, study TEXT, object TEXT NOT NULL, object_sha256 TEXT, detail TEXT NOT NULL,
              previous TEXT NOT NULL, hash TEXT NOT NULL UNIQUE)
            """,
            "CREATE INDEX audit_study ON audit (study, sequence)",
        ] + immutable("audit"),
        accountTables,
    ]

    /// Triggers that refuse every update and delete of `table`'s rows.
    static func immutable(_ table: String) -> [String] {
        ["UPDATE", "DELETE"].map { action in
            "CREATE TRIGGER \(table)_no_\(action.lowercased()) BEFORE \(action) ON \(table) "
                + "BEGIN SELECT RAISE(ABORT, 'stored data are immutable'); END"
        }
    }

    /// Opens (creating when absent) the database at `path`.
    public init(path: String) async throws {
        self.path = path
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path))
        } catch {
            throw ReadoutError(
                file: path, code: "store-unopenable", "cannot open the SQLite store: \(error)",
                expected: "a writable database file")
        }
        _ = try await connection.query("PRAGMA journal_mode = WAL")
        _ = try await connection.query("PRAGMA foreign_keys = ON")
        _ = try await connection.query("PRAGMA busy_timeout = 5000")
    }

    /// Closes the database; a store must be closed before it is released (SQLiteNIO checks it).
    public func close() async throws { try await connection.close() }

    /// Opens the store at `path`, migrated, runs `body` with it and closes it, whether `body`
    /// returns or throws.
    public static func with<T: Sendable>(
        path: String, _ body: (SQLiteStore) async throws -> T
    ) async throws -> T {
        let store = try await SQLiteStore(path: path)
        do {
            _ = try await store.migrate()
            let value = try await body(store)
            try await store.close()
            return value
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// Runs `body` alone: calls are serialised even across the awaits inside a transaction.
    func exclusive<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        while busy { await withCheckedContinuation { waiting.append($0) } }
        busy = true
        defer {
            busy = false
            if !waiting.isEmpty { waiting.removeFirst().resume() }
        }
        return try await body()
    }

    func query(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        let connection = self.connection
        do {
            // In a task of its own: a cancelled caller (a request whose client went away) must not
            // cut a transaction short between its statements and leave it open.
            return try await Task { try await connection.query(sql, binds) }.value
        } catch {
            throw ReadoutError(file: path, code: "store-query", "the store refused a statement: \(error)")
        }
    }

    /// `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await exclusive {
            _ = try await query("BEGIN IMMEDIATE")
            do {
                let value = try await body()
                _ = try await query("COMMIT")
                return value
            } catch {
                _ = try? await query("ROLLBACK")
                throw error
            }
        }
    }

    func lastID() async throws -> Int {
        do { return try await connection.lastAutoincrementID() } catch {
            throw ReadoutError(file: path, code: "store-query", "the store lost a row's id: \(error)")
        }
    }

    public func schemaVersion() async throws -> Int {
        let rows = try await query("PRAGMA user_version")
        return rows.first?.column("user_version")?.integer ?? 0
    }

    public func migrate() async throws -> Int { try await migrate(upTo: Self.migrations.count) }

    /// Applies the migrations up to version `target` (tests use it to make a store of an earlier version).
    func migrate(upTo target: Int) async throws -> Int {
        var version = try await schemaVersion()
        guard version <= Self.migrations.count else {
            throw ReadoutError(
                file: path, code: "store-too-new",
                "the store has schema version \(version); this Readout knows up to \(Self.migrations.count)",
                value: String(version), expected: "a Readout at least as new as the one that wrote the store")
        }
        while version < min(target, Self.migrations.count) {
            let statements = Self.migrations[version]
            let next = version + 1
            try await transaction {
                for s in statements { _ = try await query(s) }
                _ = try await query("PRAGMA user_version = \(next)")
            }
            version = next
        }
        return version
    }

    func insertBlob(_ bytes: [UInt8]) async throws -> String {
        let sha = SHA256.hex(bytes)
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        _ = try await query(
            "INSERT OR IGNORE INTO blobs (sha256, size, content) VALUES (?, ?, ?)",
            [.text(sha), .integer(bytes.count), .blob(buffer)])
        return sha
    }

    /// Stores each file's bytes as a blob (inside the caller's transaction).
    func insertBlobs(_ files: [(name: String, bytes: [UInt8])]) async throws -> [StoredFile] {
        var stored: [StoredFile] = []
        for f in files { stored.append(StoredFile(name: f.name, sha256: try await insertBlob(f.bytes))) }
        return stored
    }

    /// Records `files` as the files of row `id` of `table` (cut_files, run_files, simulation_files).
    func insertFiles(_ table: String, _ key: String, _ id: Int, _ files: [StoredFile]) async throws {
        for f in files {
            _ = try await query(
                "INSERT INTO \(table) (\(key), name, sha256) VALUES (?, ?, ?)",
                [.integer(id), .text(f.name), .text(f.sha256)])
        }
    }

    public func putBlob(_ bytes: [UInt8]) async throws -> String {
        try await transaction { try await insertBlob(bytes) }
    }

    public func blob(_ sha256: String) async throws -> [UInt8]? {
        let rows = try await query("SELECT content FROM blobs WHERE sha256 = ?", [.text(sha256)])
        guard let data = rows.first?.column("content") else { return nil }
        if case .blob(var b) = data { return b.readBytes(length: b.readableBytes) }
        return []
    }

    public func addCut(
        study: String, label: String, cutoff: CalendarDate, files: [(name: String, bytes: [UInt8])],
        validation: String
    ) async throws -> StoredCut {
        try StoredFile.refuseDuplicateNames(files, of: "a cut", code: "cut-duplicate-file", value: study)
        let id: Int64 = try await transaction {
            _ = try await query("INSERT OR IGNORE INTO studies (name) VALUES (?)", [.text(study)])
            let studyID = try await query("SELECT id FROM studies WHERE name = ?", [.text(study)])
                .first!.column("id")!.integer!
            let stored = try await insertBlobs(files)
            let digest = StoredCut.digest(stored)
            let existing = try await query(
                "SELECT id FROM cuts WHERE study_id = ? AND digest = ? AND cutoff = ?",
                [.integer(studyID), .text(digest), .text(cutoff.iso)])
            if let id = existing.first?.column("id")?.integer { return Int64(id) }
            _ = try await query(
                "INSERT INTO cuts (study_id, label, cutoff, digest, validation) VALUES (?, ?, ?, ?, ?)",
                [.integer(studyID), .text(label), .text(cutoff.iso), .text(digest), .text(validation)])
            let id = try await lastID()
            try await insertFiles("cut_files", "cut_id", id, stored)
            return Int64(id)
        }
        return try await cut(id)!
    }

    static let cutColumns =
        "SELECT cuts.id AS id, studies.name AS study, label, cutoff, digest, validation FROM cuts "
        + "JOIN studies ON studies.id = cuts.study_id"

    func cut(from row: SQLiteRow) async throws -> StoredCut {
        let id = Int64(row.column("id")!.integer!)
        let files = try await query(
            "SELECT name, sha256 FROM cut_files WHERE cut_id = ? ORDER BY name", [.integer(Int(id))]
        )
        .map { StoredFile(name: $0.column("name")!.string!, sha256: $0.column("sha256")!.string!) }
        return StoredCut(
            id: id, study: row.column("study")!.string!, label: row.column("label")!.string!,
            cutoff: CalendarDate(iso: row.column("cutoff")!.string!)!, digest: row.column("digest")!.string!,
            files: files, validation: row.column("validation")!.string!)
    }

    public func cut(_ id: Int64) async throws -> StoredCut? {
        guard let row = try await query(Self.cutColumns + " WHERE cuts.id = ?", [.integer(Int(id))]).first else {
            return nil
        }
        return try await cut(from: row)
    }

    public func cuts(study: String) async throws -> [StoredCut] {
        var out: [StoredCut] = []
        for row in try await query(Self.cutColumns + " WHERE studies.name = ? ORDER BY cuts.id", [.text(study)]) {
            out.append(try await cut(from: row))
        }
        return out
    }

    public func addRun(
        cut: Int64, specName: String, spec: [UInt8], files: [(name: String, bytes: [UInt8])]
    ) async throws -> StoredRun {
        try StoredFile.refuseDuplicateNames(files, of: "a run", code: "run-duplicate-file", value: specName)
        let id: Int64 = try await transaction {
            guard try await query("SELECT id FROM cuts WHERE id = ?", [.integer(Int(cut))]).first != nil else {
                throw ReadoutError(file: nil, code: "cut-unknown", "no stored cut \(cut)", value: String(cut))
            }
            let specSHA = try await insertBlob(spec)
            let existing = try await query(
                "SELECT id FROM runs WHERE cut_id = ? AND spec_sha256 = ?", [.integer(Int(cut)), .text(specSHA)])
            if let id = existing.first?.column("id")?.integer { return Int64(id) }
            let stored = try await insertBlobs(files)
            _ = try await query(
                "INSERT INTO runs (cut_id, spec_name, spec_sha256, digest) VALUES (?, ?, ?, ?)",
                [.integer(Int(cut)), .text(specName), .text(specSHA), .text(StoredCut.digest(stored))])
            let id = try await lastID()
            try await insertFiles("run_files", "run_id", id, stored)
            return Int64(id)
        }
        return try await run(id)!
    }

    public func run(_ id: Int64) async throws -> StoredRun? {
        guard
            let row = try await query(
                "SELECT id, cut_id, spec_name, spec_sha256, digest FROM runs WHERE id = ?", [.integer(Int(id))]
            ).first
        else { return nil }
        let files = try await query(
            "SELECT name, sha256 FROM run_files WHERE run_id = ? ORDER BY name", [.integer(Int(id))]
        ).map { StoredFile(name: $0.column("name")!.string!, sha256: $0.column("sha256")!.string!) }
        return StoredRun(
            id: id, cut: Int64(row.column("cut_id")!.integer!), specName: row.column("spec_name")!.string!,
            specSHA256: row.column("spec_sha256")!.string!, digest: row.column("digest")!.string!, files: files)
    }

    public func runs(cut: Int64) async throws -> [StoredRun] {
        var out: [StoredRun] = []
        for row in try await query("SELECT id FROM runs WHERE cut_id = ? ORDER BY id", [.integer(Int(cut))]) {
            if let r = try await run(Int64(row.column("id")!.integer!)) { out.append(r) }
        }
        return out
    }

    public func studies() async throws -> [String] {
        try await query("SELECT name FROM studies ORDER BY name").compactMap { $0.column("name")?.string }
    }
}

import Foundation
import Logging
import NIOCore
import PostgresNIO
import ReadoutCore
import ReadoutData

/// The shared store: a PostgreSQL database (PostgresNIO's connection pool), for several
/// `readout serve` processes at once. The same schema as `SQLiteStore`, the same guarantees:
/// every write one transaction, stored rows immutable (triggers refuse updates, deletes and
/// truncation), jobs claimed with `FOR UPDATE SKIP LOCKED` so that no two workers of any process
/// take one job. Migrations run under an advisory lock: processes starting together migrate once.
public final class PostgresStore: ReadoutStore {
    let client: PostgresClient
    let runner: Task<Void, Never>
    let logger: Logger
    /// Where the tables live: `public`, or a schema of their own (tests use one per test).
    public let schema: String
    let description: String

    /// The migrations, in order, as `SQLiteStore.migrations`; a released migration never changes.
    static let migrations: [[String]] = [
        [
            """
            CREATE FUNCTION readout_refuse_change() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'stored data are immutable'; END $$
            """,
            "CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, content BYTEA NOT NULL)",
            "CREATE TABLE studies (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
            """
            CREATE TABLE cuts (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              study_id BIGINT NOT NULL REFERENCES studies(id), label TEXT NOT NULL, cutoff TEXT NOT NULL,
              digest TEXT NOT NULL, validation TEXT NOT NULL, UNIQUE (study_id, digest, cutoff))
            """,
            """
            CREATE TABLE cut_files (cut_id BIGINT NOT NULL REFERENCES cuts(id), name TEXT NOT NULL,
              sha256 TEXT NOT NULL REFERENCES blobs(sha256), PRIMARY KEY (cut_id, name))
            """,
        ] + ["blobs", "cuts", "cut_files"].flatMap(immutable),
        [
            """
            CREATE TABLE runs (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              cut_id BIGINT NOT NULL REFERENCES cuts(id), spec_name TEXT NOT NULL,
              spec_sha256 TEXT NOT NULL REFERENCES blobs(sha256), digest TEXT NOT NULL, UNIQUE (cut_id, spec_sha256))
            """,
            """
            CREATE TABLE run_files (run_id BIGINT NOT NULL REFERENCES runs(id), name TEXT NOT NULL,
              sha256 TEXT NOT NULL REFERENCES blobs(sha256), PRIMARY KEY (run_id, name))
            """,
        ] + ["runs", "run_files"].flatMap(immutable),
        [
            """
            CREATE TABLE simulations (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, spec_name TEXT NOT NULL,
              spec_sha256 TEXT NOT NULL UNIQUE REFERENCES blobs(sha256), digest TEXT NOT NULL)
            """,
            """
            CREATE TABLE simulation_files (simulation_id BIGINT NOT NULL REFERENCES simulations(id),
              name TEXT NOT NULL, sha256 TEXT NOT NULL REFERENCES blobs(sha256), PRIMARY KEY (simulation_id, name))
            """,
            """
            CREATE TABLE jobs (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kind TEXT NOT NULL,
              state TEXT NOT NULL, cut_id BIGINT REFERENCES cuts(id), spec_name TEXT NOT NULL,
              spec_sha256 TEXT NOT NULL REFERENCES blobs(sha256), attempts INTEGER NOT NULL DEFAULT 0,
              worker TEXT, heartbeat BIGINT, progress DOUBLE PRECISION NOT NULL DEFAULT 0,
              stage TEXT NOT NULL DEFAULT '', result_id BIGINT, error TEXT, created BIGINT NOT NULL,
              updated BIGINT NOT NULL)
            """,
            "CREATE INDEX jobs_state ON jobs (state, id)",
        ] + ["simulations", "simulation_files"].flatMap(immutable),
        [
            """
            CREATE TABLE audit (sequence BIGINT PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL,
              action TEXT NOT NULL, study TEXT, object TEXT NOT NULL, object_sha256 TEXT, detail TEXT NOT NULL,
              previous TEXT NOT NULL, hash TEXT NOT NULL UNIQUE)
            """,
            "CREATE INDEX audit_study ON audit (study, sequence)",
        ] + immutable("audit"),
        accountTables,
    ]

    static func immutable(_ table: String) -> [String] {
        [
            """
            CREATE TRIGGER \(table)_immutable BEFORE UPDATE OR DELETE ON \(table) FOR EACH ROW EXECUTE
            FUNCTION readout_refuse_change()
            """,
            """
            CREATE TRIGGER \(table)_no_truncate BEFORE TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE
            FUNCTION readout_refuse_change()
            """,
        ]
    }

    /// Connects to `url` (`postgres://user:password@host:port/database`, `?sslmode=disable`,
    /// `prefer` (the default) or `require`), the tables in `schema`.
    public init(url: String, schema: String = "public", logger: Logger = Logger(label: "readout.store")) throws {
        guard let c = URLComponents(string: url), ["postgres", "postgresql"].contains(c.scheme ?? ""),
            let host = c.host, !host.isEmpty
        else {
            throw ReadoutError(
                file: nil, code: "store-url-invalid", "the PostgreSQL URL cannot be read", value: url,
                expected: "postgres://user:password@host:port/database")
        }
        guard schema.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !schema.isEmpty else {
            throw ReadoutError(
                file: nil, code: "store-url-invalid", "the schema name is not allowed", value: schema,
                expected: "letters, digits and _")
        }
        let mode = c.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch mode {
        case "disable": tls = .disable
        case "require": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: c.port ?? 5432, username: c.user ?? "postgres", password: c.password,
            database: c.path.split(separator: "/").first.map(String.init), tls: tls)
        if schema != "public" { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        runner = Task { [client] in await client.run() }
        self.logger = logger
        self.schema = schema
        description = "postgres://\(host):\(c.port ?? 5432)\(c.path)"
    }

    /// Stops the connection pool.
    public func close() async {
        runner.cancel()
        _ = await runner.value
    }

    /// Opens the store at `url`, migrated, runs `body` with it and closes it.
    public static func with<T: Sendable>(
        url: String, schema: String = "public", _ body: (PostgresStore) async throws -> T
    ) async throws -> T {
        let store = try PostgresStore(url: url, schema: schema)
        do {
            _ = try await store.migrate()
            let value = try await body(store)
            await store.close()
            return value
        } catch {
            await store.close()
            throw error
        }
    }

    func failure(_ error: any Error) -> ReadoutError {
        if let e = error as? ReadoutError { return e }
        let psql = (error as? PSQLError) ?? ((error as? PostgresTransactionError)?.closureError as? PSQLError)
        if let inner = (error as? PostgresTransactionError)?.closureError as? ReadoutError { return inner }
        let message = psql?.serverInfo?[.message] ?? "\(error)"
        return ReadoutError(file: description, code: "store-query", "the store refused a statement: \(message)")
    }

    /// `body` in one transaction, in a task of its own (a cancelled caller cannot cut it short).
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T
    {
        let client = self.client
        let logger = self.logger
        do {
            return try await Task { try await client.withTransaction(logger: logger) { try await body($0) } }.value
        } catch {
            throw failure(error)
        }
    }

    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        let client = self.client
        do {
            return try await Task { try await client.query(query).collect() }.value
        } catch {
            throw failure(error)
        }
    }

    // MARK: schema

    public func schemaVersion() async throws -> Int {
        let schema = self.schema
        let exists = try await rows(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = \(schema) AND table_name = 'readout_schema'")
        guard !exists.isEmpty else { return 0 }
        return try await rows("SELECT version FROM readout_schema").first.map { try $0.decode(Int.self) } ?? 0
    }

    public func migrate() async throws -> Int { try await migrate(upTo: Self.migrations.count) }

    func migrate(upTo target: Int) async throws -> Int {
        // A store already at the version needs no statement that changes the schema, so a server
        // connected as a role that may not change it (docs/store.md, "A role for the server") starts.
        let current = try await schemaVersion()
        if current >= min(target, Self.migrations.count) && current <= Self.migrations.count { return current }
        let schema = self.schema
        return try await transaction { c in
            // One process migrates at a time; the others wait, then find nothing left to do.
            try await c.query("SELECT pg_advisory_xact_lock(\(Int64(0x5245_4144_4F55)))", logger: Logger.quiet)
            if schema != "public" {
                try await c.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: .quiet)
            }
            try await c.query(
                "CREATE TABLE IF NOT EXISTS readout_schema (version INTEGER NOT NULL)", logger: .quiet)
            var version = 0
            for try await v in try await c.query("SELECT version FROM readout_schema", logger: .quiet).decode(Int.self)
            {
                version = v
            }
            var rows = 0
            for try await _ in try await c.query("SELECT version FROM readout_schema", logger: .quiet) { rows += 1 }
            if rows == 0 { try await c.query("INSERT INTO readout_schema (version) VALUES (0)", logger: .quiet) }
            guard version <= Self.migrations.count else {
                throw ReadoutError(
                    file: nil, code: "store-too-new",
                    "the store has schema version \(version); this Readout knows up to \(Self.migrations.count)",
                    value: String(version), expected: "a Readout at least as new as the one that wrote the store")
            }
            while version < min(target, Self.migrations.count) {
                for statement in Self.migrations[version] {
                    try await c.query(PostgresQuery(unsafeSQL: statement), logger: .quiet)
                }
                version += 1
                try await c.query("UPDATE readout_schema SET version = \(version)", logger: .quiet)
            }
            return version
        }
    }

    /// The statements that let `role` use the store as the server does without owning it: read
    /// and append everything, change the jobs' state (the one mutable table), and nothing else —
    /// no update, delete or truncation of stored rows and audit entries, no schema change (the
    /// owner migrates: `readout store migrate`). Run by the owner after each migration.
    public static func grants(role: String, schema: String = "public") throws -> [String] {
        guard role.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !role.isEmpty,
            schema.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !schema.isEmpty
        else {
            throw ReadoutError(
                file: nil, code: "parameter-invalid", "the role or schema name is not allowed", value: role,
                expected: "letters, digits and _")
        }
        return [
            "GRANT USAGE ON SCHEMA \(schema) TO \(role)",
            "GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA \(schema) TO \(role)",
            "REVOKE INSERT ON \(schema).readout_schema FROM \(role)",
            "GRANT UPDATE ON \(schema).jobs TO \(role)",
            // Accounts change: a password, a revocation, a role taken away, a throttle counted.
            "GRANT UPDATE ON \(schema).users, \(schema).sessions, \(schema).tokens, \(schema).login_throttle "
                + "TO \(role)",
            "GRANT DELETE ON \(schema).roles TO \(role)",
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA \(schema) TO \(role)",
        ]
    }

    // MARK: blobs, studies, cuts

    static func insertBlob(_ bytes: [UInt8], on c: PostgresConnection) async throws -> String {
        let sha = SHA256.hex(bytes)
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        try await c.query(
            """
            INSERT INTO blobs (sha256, size, content) VALUES (\(sha), \(Int64(bytes.count)), \(buffer)) ON
            CONFLICT (sha256) DO NOTHING
            """, logger: .quiet)
        return sha
    }

    /// Stores each file's bytes as a blob, on the transaction's connection.
    static func insertBlobs(_ files: [SendableFile], on c: PostgresConnection) async throws -> [StoredFile] {
        var stored: [StoredFile] = []
        for f in files { stored.append(StoredFile(name: f.name, sha256: try await insertBlob(f.bytes, on: c))) }
        return stored
    }

    /// Records `files` as the files of row `id` of `table` (cut_files, run_files, simulation_files).
    static func insertFiles(
        _ table: String, _ key: String, _ id: Int64, _ files: [StoredFile], on c: PostgresConnection
    )
        async throws
    {
        for f in files {
            var b = PostgresBindings()
            b.append(id)
            b.append(f.name)
            b.append(f.sha256)
            try await c.query(
                PostgresQuery(unsafeSQL: "INSERT INTO \(table) (\(key), name, sha256) VALUES ($1, $2, $3)", binds: b),
                logger: .quiet)
        }
    }

    public func putBlob(_ bytes: [UInt8]) async throws -> String {
        try await transaction { try await Self.insertBlob(bytes, on: $0) }
    }

    public func blob(_ sha256: String) async throws -> [UInt8]? {
        guard let row = try await rows("SELECT content FROM blobs WHERE sha256 = \(sha256)").first else { return nil }
        var buffer = try row.decode(ByteBuffer.self)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    public func studies() async throws -> [String] {
        try await rows("SELECT name FROM studies ORDER BY name").map { try $0.decode(String.self) }
    }

    /// The files of `table` (cut_files, run_files, simulation_files) of row `id`.
    func files(_ table: String, _ key: String, _ id: Int64) async throws -> [StoredFile] {
        try await rows(
            PostgresQuery(
                unsafeSQL: "SELECT name, sha256 FROM \(table) WHERE \(key) = $1 ORDER BY name", binds: binds(id))
        ).map { row in
            let (name, sha) = try row.decode((String, String).self)
            return StoredFile(name: name, sha256: sha)
        }
    }

    func binds(_ id: Int64) -> PostgresBindings {
        var b = PostgresBindings()
        b.append(id)
        return b
    }

    public func addCut(
        study: String, label: String, cutoff: CalendarDate, files: [(name: String, bytes: [UInt8])],
        validation: String
    ) async throws -> StoredCut {
        try StoredFile.refuseDuplicateNames(files, of: "a cut", code: "cut-duplicate-file", value: study)
        let sendable = files.map { SendableFile(name: $0.name, bytes: $0.bytes) }
        let id: Int64 = try await transaction { c in
            try await c.query(
                "INSERT INTO studies (name) VALUES (\(study)) ON CONFLICT (name) DO NOTHING", logger: .quiet)
            var studyID: Int64 = 0
            for try await v in try await c.query("SELECT id FROM studies WHERE name = \(study)", logger: .quiet)
                .decode(Int64.self)
            {
                studyID = v
            }
            let stored = try await Self.insertBlobs(sendable, on: c)
            let digest = StoredCut.digest(stored)
            for try await existing in try await c.query(
                "SELECT id FROM cuts WHERE study_id = \(studyID) AND digest = \(digest) AND cutoff = \(cutoff.iso)",
                logger: .quiet
            ).decode(Int64.self) {
                return existing
            }
            var id: Int64 = 0
            for try await v in try await c.query(
                """
                INSERT INTO cuts (study_id, label, cutoff, digest, validation) VALUES (\(studyID), \(label),
                \(cutoff.iso), \(digest), \(validation)) RETURNING id
                """, logger: .quiet
            ).decode(Int64.self) {
                id = v
            }
            try await Self.insertFiles("cut_files", "cut_id", id, stored, on: c)
            return id
        }
        return try await cut(id)!
    }

    static let cutColumns =
        "SELECT cuts.id, studies.name, label, cutoff, digest, validation FROM cuts "
        + "JOIN studies ON studies.id = cuts.study_id"

    func cut(from row: PostgresRow) async throws -> StoredCut {
        let (id, study, label, cutoff, digest, validation) = try row.decode(
            (Int64, String, String, String, String, String).self)
        return StoredCut(
            id: id, study: study, label: label, cutoff: CalendarDate(iso: cutoff)!, digest: digest,
            files: try await files("cut_files", "cut_id", id), validation: validation)
    }

    public func cut(_ id: Int64) async throws -> StoredCut? {
        guard
            let row = try await rows(
                PostgresQuery(unsafeSQL: Self.cutColumns + " WHERE cuts.id = $1", binds: binds(id))
            ).first
        else { return nil }
        return try await cut(from: row)
    }

    public func cuts(study: String) async throws -> [StoredCut] {
        var b = PostgresBindings()
        b.append(study)
        var out: [StoredCut] = []
        for row in try await rows(
            PostgresQuery(unsafeSQL: Self.cutColumns + " WHERE studies.name = $1 ORDER BY cuts.id", binds: b))
        {
            out.append(try await cut(from: row))
        }
        return out
    }

    // MARK: runs

    public func addRun(
        cut: Int64, specName: String, spec: [UInt8], files: [(name: String, bytes: [UInt8])]
    ) async throws -> StoredRun {
        try StoredFile.refuseDuplicateNames(files, of: "a run", code: "run-duplicate-file", value: specName)
        let sendable = files.map { SendableFile(name: $0.name, bytes: $0.bytes) }
        let id: Int64 = try await transaction { c in
            guard try await c.query("SELECT id FROM cuts WHERE id = \(cut)", logger: .quiet).collect().count == 1
            else {
                throw ReadoutError(file: nil, code: "cut-unknown", "no stored cut \(cut)", value: String(cut))
            }
            let specSHA = try await Self.insertBlob(spec, on: c)
            for try await existing in try await c.query(
                "SELECT id FROM runs WHERE cut_id = \(cut) AND spec_sha256 = \(specSHA)", logger: .quiet
            ).decode(Int64.self) {
                return existing
            }
            let stored = try await Self.insertBlobs(sendable, on: c)
            var id: Int64 = 0
            for try await v in try await c.query(
                """
                INSERT INTO runs (cut_id, spec_name, spec_sha256, digest) VALUES (\(cut), \(specName),
                \(specSHA), \(StoredCut.digest(stored))) RETURNING id
                """, logger: .quiet
            ).decode(Int64.self) {
                id = v
            }
            try await Self.insertFiles("run_files", "run_id", id, stored, on: c)
            return id
        }
        return try await run(id)!
    }

    public func run(_ id: Int64) async throws -> StoredRun? {
        guard
            let row = try await rows("SELECT cut_id, spec_name, spec_sha256, digest FROM runs WHERE id = \(id)").first
        else { return nil }
        let (cut, name, sha, digest) = try row.decode((Int64, String, String, String).self)
        return StoredRun(
            id: id, cut: cut, specName: name, specSHA256: sha, digest: digest,
            files: try await files("run_files", "run_id", id))
    }

    public func runs(cut: Int64) async throws -> [StoredRun] {
        var out: [StoredRun] = []
        for row in try await rows("SELECT id FROM runs WHERE cut_id = \(cut) ORDER BY id") {
            if let r = try await run(try row.decode(Int64.self)) { out.append(r) }
        }
        return out
    }
}

/// A file's name and bytes, handed to a transaction's task.
struct SendableFile: Sendable {
    var name: String
    var bytes: [UInt8]
}

extension Logger {
    /// For statements inside transactions: PostgresNIO logs at debug and below only.
    static let quiet = Logger(label: "readout.store.statement")
}

import PostgresNIO
import ReadoutCore

/// What the store tests need of each store beyond `ReadoutStore`, so that one suite runs against
/// every store: raw statements (to try to change stored rows), earlier schema versions, and a
/// transaction that fails halfway. Internal: only `@testable` code sees it.
protocol StoreTestAccess: ReadoutStore {
    static var migrationCount: Int { get }
    func migrate(upTo target: Int) async throws -> Int
    /// Runs one statement outside the store's own methods.
    func execute(_ sql: String) async throws
    func count(_ table: String) async throws -> Int
    /// The store's tables, sorted (its bookkeeping table aside).
    func tables() async throws -> [String]
    func setSchemaVersion(_ version: Int) async throws
    /// A transaction that stores a study and a blob, then throws.
    func failHalfway() async throws
    func shutdown() async throws
    /// Lets statements change `table`'s rows, as someone with the database in hand could.
    func allowTampering(_ table: String) async throws
}

extension SQLiteStore: StoreTestAccess {
    static var migrationCount: Int { migrations.count }
    func execute(_ sql: String) async throws { _ = try await query(sql) }
    func count(_ table: String) async throws -> Int {
        try await query("SELECT COUNT(*) AS n FROM \(table)").first?.column("n")?.integer ?? -1
    }
    func tables() async throws -> [String] {
        try await query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap {
            $0.column("name")?.string
        }
    }
    func setSchemaVersion(_ version: Int) async throws { _ = try await query("PRAGMA user_version = \(version)") }
    func failHalfway() async throws {
        try await transaction {
            _ = try await query("INSERT INTO studies (name) VALUES ('T')")
            _ = try await insertBlob([9, 9])
            throw ReadoutError(file: nil, code: "test", "halfway")
        }
    }
    func shutdown() async throws { try await close() }
    func allowTampering(_ table: String) async throws {
        for action in ["update", "delete"] { try await execute("DROP TRIGGER \(table)_no_\(action)") }
    }
}

extension PostgresStore: StoreTestAccess {
    static var migrationCount: Int { migrations.count }
    func execute(_ sql: String) async throws { _ = try await rows(PostgresQuery(unsafeSQL: sql)) }
    func count(_ table: String) async throws -> Int {
        try await rows(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table)")).first?.decode(Int.self) ?? -1
    }
    func tables() async throws -> [String] {
        let schema = self.schema
        return try await rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = \(schema) ORDER BY table_name"
        ).map { try $0.decode(String.self) }.filter { $0 != "readout_schema" }
    }
    func setSchemaVersion(_ version: Int) async throws {
        try await execute("UPDATE readout_schema SET version = \(version)")
    }
    func failHalfway() async throws {
        _ = try await transaction { c -> Int in
            try await c.query("INSERT INTO studies (name) VALUES ('T')", logger: .quiet)
            _ = try await Self.insertBlob([9, 9], on: c)
            throw ReadoutError(file: nil, code: "test", "halfway")
        }
    }
    func shutdown() async throws { await close() }
    func allowTampering(_ table: String) async throws { try await execute("ALTER TABLE \(table) DISABLE TRIGGER USER") }
}

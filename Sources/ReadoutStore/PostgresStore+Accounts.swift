import PostgresNIO

extension PostgresStore: AccountStatements {
    /// Schema 5, as `SQLiteStore.accountTables`.
    static let accountTables: [String] =
        [
            """
            CREATE TABLE users (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name TEXT NOT NULL UNIQUE,
              display_name TEXT NOT NULL, password_hash TEXT NOT NULL, site_admin BIGINT NOT NULL,
              disabled BIGINT NOT NULL, created BIGINT NOT NULL)
            """,
            """
            CREATE TABLE sessions (token_sha256 TEXT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users(id),
              csrf TEXT NOT NULL, created BIGINT NOT NULL, expires BIGINT NOT NULL, revoked BIGINT)
            """,
            "CREATE INDEX sessions_user ON sessions (user_id)",
            """
            CREATE TABLE tokens (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              user_id BIGINT NOT NULL REFERENCES users(id), name TEXT NOT NULL, token_sha256 TEXT NOT NULL UNIQUE,
              created BIGINT NOT NULL, expires BIGINT NOT NULL, revoked BIGINT)
            """,
            """
            CREATE TABLE roles (user_id BIGINT NOT NULL REFERENCES users(id),
              study_id BIGINT NOT NULL REFERENCES studies(id), role TEXT NOT NULL,
              PRIMARY KEY (user_id, study_id, role))
            """,
            """
            CREATE TABLE login_throttle (name TEXT PRIMARY KEY, failures BIGINT NOT NULL, locked_until BIGINT NOT NULL)
            """,
            """
            CREATE TABLE signatures (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              run_id BIGINT NOT NULL REFERENCES runs(id), user_id BIGINT NOT NULL REFERENCES users(id),
              printed_name TEXT NOT NULL, meaning TEXT NOT NULL, time TEXT NOT NULL, run_digest TEXT NOT NULL)
            """,
            "CREATE INDEX signatures_run ON signatures (run_id)",
        ] + immutable("signatures")

    func accountRows(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
        var b = PostgresBindings()
        for v in binds {
            switch v {
            case .integer(let i): b.append(i)
            case .text(let t): b.append(t)
            case .null: b.appendNull()
            }
        }
        return try await rows(PostgresQuery(unsafeSQL: sql, binds: b)).map { row in
            try row.makeRandomAccess().map { cell in
                if cell.bytes == nil { return .null }
                switch cell.dataType {
                case .int8, .int4, .int2: return .integer(try cell.decode(Int64.self))
                default: return .text(try cell.decode(String.self))
                }
            }
        }
    }
}

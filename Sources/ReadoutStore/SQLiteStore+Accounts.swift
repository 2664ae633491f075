import SQLiteNIO

extension SQLiteStore: AccountStatements {
    /// Schema 5: accounts, sessions, API tokens, roles, sign-in throttling, signatures.
    static let accountTables: [String] =
        [
            """
            CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
              password_hash TEXT NOT NULL, site_admin INTEGER NOT NULL, disabled INTEGER NOT NULL,
              created INTEGER NOT NULL)
            """,
            """
            CREATE TABLE sessions (token_sha256 TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
              csrf TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL, revoked INTEGER)
            """,
            "CREATE INDEX sessions_user ON sessions (user_id)",
            """
            CREATE TABLE tokens (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
              name TEXT NOT NULL, token_sha256 TEXT NOT NULL UNIQUE, created INTEGER NOT NULL,
              expires INTEGER NOT NULL, revoked INTEGER)
            """,
            """
            CREATE TABLE roles (user_id INTEGER NOT NULL REFERENCES users(id),
              study_id INTEGER NOT NULL REFERENCES studies(id), role TEXT NOT NULL,
              PRIMARY KEY (user_id, study_id, role))
            """,
            """
            CREATE TABLE login_throttle (name TEXT PRIMARY KEY, failures INTEGER NOT NULL,
              locked_until INTEGER NOT NULL)
            """,
            """
            CREATE TABLE signatures (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),
              user_id INTEGER NOT NULL REFERENCES users(id), printed_name TEXT NOT NULL, meaning TEXT NOT NULL,
              time TEXT NOT NULL, run_digest TEXT NOT NULL)
            """,
            "CREATE INDEX signatures_run ON signatures (run_id)",
        ] + immutable("signatures")

    func accountRows(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
        let data: [SQLiteData] = binds.map {
            switch $0 {
            case .integer(let v): return .integer(Int(v))
            case .text(let v): return .text(v)
            case .null: return .null
            }
        }
        return try await exclusive { try await query(sql, data) }.map { row in
            row.columns.map { c in
                switch c.data {
                case .integer(let v): return .integer(Int64(v))
                case .text(let v): return .text(v)
                default: return .null
                }
            }
        }
    }
}

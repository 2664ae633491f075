import ReadoutCore

/// A person who signs in to the server. The password is kept only as its bcrypt hash.
public struct StoredUser: Sendable, Equatable {
    public var id: Int64
    /// What the person types to sign in: lower-case letters, digits, `.`, `-` and `_`.
    public var name: String
    /// The printed name, shown on the person's electronic signatures.
    public var displayName: String
    public var passwordHash: String
    /// A site administrator manages users and studies (not, by that alone, a study's data).
    public var siteAdmin: Bool
    public var disabled: Bool
    /// Milliseconds since 1970 (UTC).
    public var created: Int64
}

/// What a user may do on one study. Roles are granted one by one; every role lets its holder read
/// the study's cuts and results.
public enum StudyRole: String, Sendable, CaseIterable, Comparable {
    /// Reads cuts, runs, subjects and the disclosure check.
    case viewer
    /// Also uploads and registers cuts and starts runs.
    case analyst
    /// Also signs runs off.
    case approver
    /// Also grants and revokes the study's roles and reads the study's audit trail.
    case studyAdmin = "study-admin"

    public static func < (a: StudyRole, b: StudyRole) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A browser session: the SHA-256 of its cookie's random value (the value itself is never stored)
/// and the CSRF token its forms carry.
public struct StoredSession: Sendable, Equatable {
    public var tokenSHA256: String
    public var user: Int64
    public var csrf: String
    public var created: Int64
    public var expires: Int64

    public init(tokenSHA256: String, user: Int64, csrf: String, created: Int64, expires: Int64) {
        self.tokenSHA256 = tokenSHA256
        self.user = user
        self.csrf = csrf
        self.created = created
        self.expires = expires
    }
}

/// An API token for scripts: shown once when made, stored as its SHA-256, expiring, revocable.
public struct StoredToken: Sendable, Equatable {
    public var id: Int64
    public var user: Int64
    public var name: String
    public var created: Int64
    public var expires: Int64
    public var revoked: Int64?
}

/// What a signature means (21 CFR 11.50): the signer says which.
public enum SignatureMeaning: String, Sendable, CaseIterable {
    case reviewed, approved
}

/// An electronic signature of a run: who (printed name), when (UTC), what it means, and the run's
/// result digest at the time, so that the signature is bound to exactly those outputs.
public struct StoredSignature: Sendable, Equatable {
    public var id: Int64
    public var run: Int64
    public var user: Int64
    public var userName: String
    public var printedName: String
    public var meaning: SignatureMeaning
    /// ISO 8601 in UTC, to the millisecond.
    public var time: String
    public var runDigest: String
}

/// Failed sign-ins of one name (known or not), for throttling.
public struct LoginThrottle: Sendable, Equatable {
    public var failures: Int
    /// Milliseconds since 1970 until which sign-in is refused (0: not locked).
    public var lockedUntil: Int64
}

/// The accounts part of a store: users, sessions, API tokens, roles per study, sign-in throttling
/// and signatures. Users, sessions, tokens, roles and throttles change (a password, a revocation);
/// signatures never do. Every change is also an audit entry, written by the server.
public protocol AccountStore: Sendable {
    func addUser(
        name: String, displayName: String, passwordHash: String, siteAdmin: Bool, now: Int64
    )
        async throws -> StoredUser
    func user(name: String) async throws -> StoredUser?
    func user(id: Int64) async throws -> StoredUser?
    /// Every user, by name.
    func users() async throws -> [StoredUser]
    func setPassword(user: Int64, hash: String) async throws
    func setDisabled(user: Int64, _ disabled: Bool) async throws

    func addSession(_ session: StoredSession) async throws
    /// The session with this cookie hash, when it is neither expired at `now` nor revoked.
    func session(tokenSHA256: String, now: Int64) async throws -> StoredSession?
    func revokeSession(tokenSHA256: String, now: Int64) async throws
    /// Revokes every session of `user`; returns how many were open.
    func revokeSessions(user: Int64, now: Int64) async throws -> Int

    func addToken(
        user: Int64, name: String, tokenSHA256: String, now: Int64, expires: Int64
    ) async throws
        -> StoredToken
    /// The token with this hash, when it is neither expired at `now` nor revoked.
    func token(sha256: String, now: Int64) async throws -> StoredToken?
    func tokens(user: Int64) async throws -> [StoredToken]
    /// Revokes token `id` of `user`; false when there is no such open token.
    func revokeToken(id: Int64, user: Int64, now: Int64) async throws -> Bool

    /// Grants `role` on `study` (which exists); false when the user had it already.
    func grant(user: Int64, study: String, role: StudyRole) async throws -> Bool
    /// False when the user did not have it.
    func revoke(user: Int64, study: String, role: StudyRole) async throws -> Bool
    /// The user's roles, by study.
    func roles(user: Int64) async throws -> [String: Set<StudyRole>]
    /// Who holds which role on `study`, by user name then role.
    func roles(study: String) async throws -> [(user: String, role: StudyRole)]
    /// Creates the study when absent; false when it existed.
    func addStudy(_ name: String) async throws -> Bool

    func loginThrottle(name: String) async throws -> LoginThrottle
    /// Counts a failed sign-in of `name`; once `limit` failures in a row are reached, locks it
    /// until `now + lockout` and starts counting again.
    func recordLoginFailure(name: String, now: Int64, limit: Int, lockout: Int64) async throws -> LoginThrottle
    func clearLoginFailures(name: String) async throws

    func addSignature(
        run: Int64, user: Int64, printedName: String, meaning: SignatureMeaning, now: Int64,
        runDigest: String
    ) async throws -> StoredSignature
    /// The run's signatures, oldest first.
    func signatures(run: Int64) async throws -> [StoredSignature]
}

/// A value in or out of an account statement: the two stores' column types reduced to those used.
enum SQLValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
    case null

    var integer: Int64? { if case .integer(let v) = self { return v } else { return nil } }
    var text: String? { if case .text(let v) = self { return v } else { return nil } }
}

/// One statement with `$1`, `$2`, … parameters (each used once, in order, which SQLite reads as
/// positional parameters too), returning its rows' columns in the order selected. The account
/// statements are written once, for both stores, over this.
protocol AccountStatements: AccountStore {
    func accountRows(_ sql: String, _ binds: [SQLValue]) async throws -> [[SQLValue]]
}

extension AccountStatements {
    static var userColumns: String {
        "SELECT id, name, display_name, password_hash, site_admin, disabled, created FROM users"
    }

    func user(_ row: [SQLValue]) -> StoredUser {
        StoredUser(
            id: row[0].integer!, name: row[1].text!, displayName: row[2].text!, passwordHash: row[3].text!,
            siteAdmin: row[4].integer == 1, disabled: row[5].integer == 1, created: row[6].integer!)
    }

    public func addUser(
        name: String, displayName: String, passwordHash: String, siteAdmin: Bool, now: Int64
    )
        async throws -> StoredUser
    {
        if try await user(name: name) != nil {
            throw ReadoutError(
                file: nil, code: "user-exists", "there is a user \(name) already", variable: "name", value: name,
                expected: "a name no user has")
        }
        let rows = try await accountRows(
            "INSERT INTO users (name, display_name, password_hash, site_admin, disabled, created) "
                + "VALUES ($1, $2, $3, $4, 0, $5) RETURNING id",
            [.text(name), .text(displayName), .text(passwordHash), .integer(siteAdmin ? 1 : 0), .integer(now)])
        return StoredUser(
            id: rows[0][0].integer!, name: name, displayName: displayName, passwordHash: passwordHash,
            siteAdmin: siteAdmin, disabled: false, created: now)
    }

    public func user(name: String) async throws -> StoredUser? {
        try await accountRows(Self.userColumns + " WHERE name = $1", [.text(name)]).first.map(user)
    }

    public func user(id: Int64) async throws -> StoredUser? {
        try await accountRows(Self.userColumns + " WHERE id = $1", [.integer(id)]).first.map(user)
    }

    public func users() async throws -> [StoredUser] {
        try await accountRows(Self.userColumns + " ORDER BY name", []).map(user)
    }

    public func setPassword(user: Int64, hash: String) async throws {
        _ = try await accountRows("UPDATE users SET password_hash = $1 WHERE id = $2", [.text(hash), .integer(user)])
    }

    public func setDisabled(user: Int64, _ disabled: Bool) async throws {
        _ = try await accountRows(
            "UPDATE users SET disabled = $1 WHERE id = $2", [.integer(disabled ? 1 : 0), .integer(user)])
    }

    public func addSession(_ s: StoredSession) async throws {
        _ = try await accountRows(
            "INSERT INTO sessions (token_sha256, user_id, csrf, created, expires) VALUES ($1, $2, $3, $4, $5)",
            [.text(s.tokenSHA256), .integer(s.user), .text(s.csrf), .integer(s.created), .integer(s.expires)])
    }

    public func session(tokenSHA256: String, now: Int64) async throws -> StoredSession? {
        try await accountRows(
            "SELECT token_sha256, user_id, csrf, created, expires FROM sessions "
                + "WHERE token_sha256 = $1 AND expires > $2 AND revoked IS NULL",
            [.text(tokenSHA256), .integer(now)]
        ).first.map {
            StoredSession(
                tokenSHA256: $0[0].text!, user: $0[1].integer!, csrf: $0[2].text!, created: $0[3].integer!,
                expires: $0[4].integer!)
        }
    }

    public func revokeSession(tokenSHA256: String, now: Int64) async throws {
        _ = try await accountRows(
            "UPDATE sessions SET revoked = $1 WHERE token_sha256 = $2 AND revoked IS NULL",
            [.integer(now), .text(tokenSHA256)])
    }

    public func revokeSessions(user: Int64, now: Int64) async throws -> Int {
        try await accountRows(
            "UPDATE sessions SET revoked = $1 WHERE user_id = $2 AND revoked IS NULL AND expires > $3 "
                + "RETURNING token_sha256",
            [.integer(now), .integer(user), .integer(now)]
        ).count
    }

    static var tokenColumns: String { "SELECT id, user_id, name, created, expires, revoked FROM tokens" }

    func token(_ row: [SQLValue]) -> StoredToken {
        StoredToken(
            id: row[0].integer!, user: row[1].integer!, name: row[2].text!, created: row[3].integer!,
            expires: row[4].integer!, revoked: row[5].integer)
    }

    public func addToken(
        user: Int64, name: String, tokenSHA256: String, now: Int64, expires: Int64
    ) async throws
        -> StoredToken
    {
        let rows = try await accountRows(
            "INSERT INTO tokens (user_id, name, token_sha256, created, expires) VALUES ($1, $2, $3, $4, $5) "
                + "RETURNING id",
            [.integer(user), .text(name), .text(tokenSHA256), .integer(now), .integer(expires)])
        return StoredToken(id: rows[0][0].integer!, user: user, name: name, created: now, expires: expires)
    }

    public func token(sha256: String, now: Int64) async throws -> StoredToken? {
        try await accountRows(
            Self.tokenColumns + " WHERE token_sha256 = $1 AND expires > $2 AND revoked IS NULL",
            [.text(sha256), .integer(now)]
        ).first.map(token)
    }

    public func tokens(user: Int64) async throws -> [StoredToken] {
        try await accountRows(Self.tokenColumns + " WHERE user_id = $1 ORDER BY id", [.integer(user)]).map(token)
    }

    public func revokeToken(id: Int64, user: Int64, now: Int64) async throws -> Bool {
        !(try await accountRows(
            "UPDATE tokens SET revoked = $1 WHERE id = $2 AND user_id = $3 AND revoked IS NULL RETURNING id",
            [.integer(now), .integer(id), .integer(user)]
        )
        .isEmpty)
    }

    func studyID(_ study: String) async throws -> Int64 {
        guard let id = try await accountRows("SELECT id FROM studies WHERE name = $1", [.text(study)]).first?[0].integer
        else {
            throw ReadoutError(file: nil, code: "study-unknown", "no study \(study)", value: study)
        }
        return id
    }

    public func grant(user: Int64, study: String, role: StudyRole) async throws -> Bool {
        let id = try await studyID(study)
        return
            !(try await accountRows(
                "INSERT INTO roles (user_id, study_id, role) VALUES ($1, $2, $3) "
                    + "ON CONFLICT DO NOTHING RETURNING user_id",
                [.integer(user), .integer(id), .text(role.rawValue)]
            )
            .isEmpty)
    }

    public func revoke(user: Int64, study: String, role: StudyRole) async throws -> Bool {
        let id = try await studyID(study)
        return
            !(try await accountRows(
                "DELETE FROM roles WHERE user_id = $1 AND study_id = $2 AND role = $3 RETURNING user_id",
                [.integer(user), .integer(id), .text(role.rawValue)]
            )
            .isEmpty)
    }

    public func roles(user: Int64) async throws -> [String: Set<StudyRole>] {
        var out: [String: Set<StudyRole>] = [:]
        for row in try await accountRows(
            "SELECT studies.name, roles.role FROM roles JOIN studies ON studies.id = roles.study_id "
                + "WHERE roles.user_id = $1",
            [.integer(user)])
        {
            if let role = StudyRole(rawValue: row[1].text!) { out[row[0].text!, default: []].insert(role) }
        }
        return out
    }

    public func roles(study: String) async throws -> [(user: String, role: StudyRole)] {
        try await accountRows(
            "SELECT users.name, roles.role FROM roles JOIN users ON users.id = roles.user_id "
                + "JOIN studies ON studies.id = roles.study_id WHERE studies.name = $1",
            [.text(study)]
        ).compactMap { row in StudyRole(rawValue: row[1].text!).map { (row[0].text!, $0) } }
            .sorted { ($0.user, $0.role) < ($1.user, $1.role) }
    }

    public func addStudy(_ name: String) async throws -> Bool {
        !(try await accountRows(
            "INSERT INTO studies (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id", [.text(name)]
        )
        .isEmpty)
    }

    public func loginThrottle(name: String) async throws -> LoginThrottle {
        try await accountRows("SELECT failures, locked_until FROM login_throttle WHERE name = $1", [.text(name)])
            .first.map { LoginThrottle(failures: Int($0[0].integer!), lockedUntil: $0[1].integer!) }
            ?? LoginThrottle(failures: 0, lockedUntil: 0)
    }

    public func recordLoginFailure(
        name: String, now: Int64, limit: Int, lockout: Int64
    ) async throws
        -> LoginThrottle
    {
        // One statement, so that two servers on one store count every failure.
        let row = try await accountRows(
            """
            INSERT INTO login_throttle (name, failures, locked_until) VALUES ($1, 1, 0)
            ON CONFLICT (name) DO UPDATE SET failures = login_throttle.failures + 1
            RETURNING failures, locked_until
            """, [.text(name)])[0]
        let failures = Int(row[0].integer!)
        guard failures >= limit else { return LoginThrottle(failures: failures, lockedUntil: row[1].integer!) }
        _ = try await accountRows(
            "UPDATE login_throttle SET failures = 0, locked_until = $1 WHERE name = $2",
            [.integer(now + lockout), .text(name)])
        return LoginThrottle(failures: failures, lockedUntil: now + lockout)
    }

    public func clearLoginFailures(name: String) async throws {
        _ = try await accountRows(
            "UPDATE login_throttle SET failures = 0, locked_until = 0 WHERE name = $1", [.text(name)])
    }

    public func addSignature(
        run: Int64, user: Int64, printedName: String, meaning: SignatureMeaning, now: Int64, runDigest: String
    ) async throws -> StoredSignature {
        let time = AuditTrail.time(now)
        let rows = try await accountRows(
            "INSERT INTO signatures (run_id, user_id, printed_name, meaning, time, run_digest) "
                + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            [.integer(run), .integer(user), .text(printedName), .text(meaning.rawValue), .text(time), .text(runDigest)])
        let name = try await self.user(id: user)?.name ?? ""
        return StoredSignature(
            id: rows[0][0].integer!, run: run, user: user, userName: name, printedName: printedName, meaning: meaning,
            time: time, runDigest: runDigest)
    }

    public func signatures(run: Int64) async throws -> [StoredSignature] {
        try await accountRows(
            "SELECT signatures.id, run_id, user_id, users.name, printed_name, meaning, time, run_digest "
                + "FROM signatures JOIN users ON users.id = signatures.user_id WHERE run_id = $1 "
                + "ORDER BY signatures.id",
            [.integer(run)]
        ).map { r in
            StoredSignature(
                id: r[0].integer!, run: r[1].integer!, user: r[2].integer!, userName: r[3].text!,
                printedName: r[4].text!, meaning: SignatureMeaning(rawValue: r[5].text!) ?? .reviewed, time: r[6].text!,
                runDigest: r[7].text!)
        }
    }
}

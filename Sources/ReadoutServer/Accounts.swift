import Foundation
import HummingbirdBcrypt
import ReadoutCore
import ReadoutData
import ReadoutStore

/// Random secrets and their digests. Session cookies, CSRF tokens and API tokens are 32 bytes from
/// the system's cryptographic generator; only their SHA-256 is stored (they are random, so a
/// slow hash such as bcrypt would add nothing; passwords, chosen by people, are bcrypt-hashed).
enum Credentials {
    static func random() -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &g) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func digest(_ secret: String) -> String { SHA256.hex(Array(secret.utf8)) }

    /// Compares in time independent of where the texts differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// API tokens start with this, so that a token pasted somewhere it should not be is recognisable.
    static let tokenPrefix = "rdt_"
}

/// What a password must be (docs/security.md): at least `minimumLength` characters, at most 72 bytes
/// (bcrypt reads no further), not containing the user name, and of at least three kinds of
/// character (lower case, upper case, digits, others) unless it is 20 characters or longer.
public struct PasswordPolicy: Sendable {
    public var minimumLength = 12

    public init(minimumLength: Int = 12) { self.minimumLength = minimumLength }

    public func problems(_ password: String, name: String) -> [String] {
        var out: [String] = []
        if password.count < minimumLength { out.append("it has fewer than \(minimumLength) characters") }
        if password.utf8.count > 72 { out.append("it is longer than 72 bytes") }
        if !name.isEmpty, password.lowercased().contains(name.lowercased()) { out.append("it contains the user name") }
        let kinds = [
            password.contains(where: \.isLowercase), password.contains(where: \.isUppercase),
            password.contains(where: \.isNumber),
            password.contains { !$0.isLetter && !$0.isNumber },
        ].filter { $0 }.count
        if kinds < 3 && password.count < 20 {
            out.append("it has fewer than three kinds of character (lower case, upper case, digits, others)")
        }
        if Set(password).count < 4 { out.append("it repeats too few characters") }
        return out
    }

    public func check(_ password: String, name: String) throws {
        let p = problems(password, name: name)
        guard p.isEmpty else {
            throw ReadoutError(
                file: nil, code: "password-weak", "the password is refused: " + p.joined(separator: "; "),
                variable: "password",
                expected: "at least \(minimumLength) characters of three kinds, or 20 of any, without the user name")
        }
    }
}

/// Accounts, sessions, tokens, roles and signatures: each operation checks who asks, changes the
/// store and appends its audit entry. The server and `readout user` both use it.
public struct Accounts: Sendable {
    public let store: any ReadoutStore
    public let configuration: AccessConfiguration
    /// Principals by credential digest, briefly (see `ExpiringCache`).
    let principals: ExpiringCache<String, Principal>

    public init(store: any ReadoutStore, configuration: AccessConfiguration) {
        self.store = store
        self.configuration = configuration
        principals = ExpiringCache(lifetime: configuration.cacheLifetime)
    }

    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    func audit(
        _ p: Principal, _ action: AuditAction, study: String? = nil, object: String, sha: String? = nil,
        detail: [String: String] = [:]
    ) async throws {
        // Every change to accounts, sessions, tokens, roles or signatures is audited here: what
        // was read about credentials is read again afterwards.
        principals.removeAll()
        _ = try await store.appendAudit(
            AuditRecord(
                actor: p.actor, action: action, study: study, object: object, objectSHA256: sha, detail: detail),
            now: Self.now())
    }

    /// bcrypt off the cooperative threads: at cost 12 one hash takes a quarter of a second.
    func hash(_ password: String) async throws -> String {
        let cost = UInt8(configuration.bcryptCost)
        return try await JobExecution.offThread { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await JobExecution.offThread { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash no password matches, checked when the name is unknown so that an unknown name takes
    /// as long to refuse as a wrong password.
    static let decoy = Bcrypt.hash(Credentials.random(), cost: 4)

    // MARK: users

    static func checkUserName(_ name: String) throws {
        let ok = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0)
        }
        guard ok, (1...64).contains(name.count) else {
            throw ReadoutError(
                file: nil, code: "user-name-invalid", "the user name is not allowed", variable: "name", value: name,
                expected: "1 to 64 lower-case letters, digits, '.', '-' or '_'")
        }
    }

    public func addUser(
        name: String, displayName: String, password: String, siteAdmin: Bool, by p: Principal
    ) async throws -> StoredUser {
        try p.requireSiteAdmin()
        try Self.checkUserName(name)
        let display = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...128).contains(display.count) else {
            throw ReadoutError(
                file: nil, code: "parameter-invalid", "the printed name is not given", variable: "displayName",
                value: displayName, expected: "the person's name as signatures print it, 1 to 128 characters")
        }
        try configuration.passwordPolicy.check(password, name: name)
        let user = try await store.addUser(
            name: name, displayName: display, passwordHash: try await hash(password), siteAdmin: siteAdmin,
            now: Self.now())
        try await audit(
            p, .userCreated, object: "user \(name)",
            detail: ["displayName": display, "siteAdmin": siteAdmin ? "yes" : "no"])
        return user
    }

    public func user(named name: String) async throws -> StoredUser {
        guard let u = try await store.user(name: name) else {
            throw ReadoutError(file: nil, code: "user-unknown", "no user \(name)", variable: "user", value: name)
        }
        return u
    }

    public func setDisabled(_ name: String, _ disabled: Bool, by p: Principal) async throws -> StoredUser {
        try p.requireSiteAdmin()
        var u = try await user(named: name)
        if u.id == p.user?.id && disabled {
            throw ReadoutError(
                file: nil, code: "parameter-invalid", "a site administrator cannot disable their own account",
                variable: "user", value: name, expected: "another user")
        }
        try await store.setDisabled(user: u.id, disabled)
        if disabled { _ = try await store.revokeSessions(user: u.id, now: Self.now()) }
        u.disabled = disabled
        try await audit(p, disabled ? .userDisabled : .userEnabled, object: "user \(name)")
        return u
    }

    /// The user's own password, changed after the current one is given again; every other
    /// session of theirs ends.
    public func changePassword(current: String, new: String, by p: Principal) async throws {
        try p.requireSignedIn()
        guard let u = p.user else { throw Principal.signInRequired }
        guard try await verify(current, hash: u.passwordHash) else {
            throw ReadoutError(
                file: nil, code: "password-wrong", "the current password is not right", variable: "current")
        }
        try configuration.passwordPolicy.check(new, name: u.name)
        try await store.setPassword(user: u.id, hash: try await hash(new))
        _ = try await store.revokeSessions(user: u.id, now: Self.now())
        try await audit(p, .passwordChanged, object: "user \(u.name)")
    }

    /// Sets a user's password from the command line (a forgotten one): every session ends.
    public func resetPassword(_ name: String, password: String, by p: Principal) async throws {
        try p.requireSiteAdmin()
        let u = try await user(named: name)
        try configuration.passwordPolicy.check(password, name: name)
        try await store.setPassword(user: u.id, hash: try await hash(password))
        _ = try await store.revokeSessions(user: u.id, now: Self.now())
        try await audit(p, .passwordChanged, object: "user \(name)", detail: ["by": "administrator"])
    }

    // MARK: signing in

    /// Signs `name` in with `password`: a new session (a new random cookie whatever the browser
    /// sent, so a session cannot be fixed in advance). Refused names are throttled: after
    /// `loginAttempts` failures in a row the name is locked for `loginLockout` seconds.
    public func login(
        name: String, password: String
    ) async throws -> (user: StoredUser, cookie: String, session: StoredSession) {
        let key = name.lowercased()
        let now = Self.now()
        let failed = Principal.anonymous
        let throttle = try await store.loginThrottle(name: key)
        if throttle.lockedUntil > now {
            try await audit(failed, .loginFailed, object: "user \(key)", detail: ["reason": "locked"])
            throw Self.locked(until: throttle.lockedUntil, now: now)
        }
        let user = try await store.user(name: key)
        let right = try await verify(password, hash: user?.passwordHash ?? Self.decoy)
        guard let user, right, !user.disabled else {
            let reason = user == nil ? "unknown-user" : !right ? "wrong-password" : "disabled"
            let t = try await store.recordLoginFailure(
                name: key, now: now, limit: configuration.loginAttempts,
                lockout: Int64(configuration.loginLockout * 1000))
            try await audit(failed, .loginFailed, object: "user \(key)", detail: ["reason": reason])
            if t.lockedUntil > now { throw Self.locked(until: t.lockedUntil, now: now) }
            throw ReadoutError(
                file: nil, code: "login-failed", "the user name or password is not right", variable: "name",
                value: key)
        }
        try await store.clearLoginFailures(name: key)
        let cookie = Credentials.random()
        let session = StoredSession(
            tokenSHA256: Credentials.digest(cookie), user: user.id, csrf: Credentials.random(), created: now,
            expires: now + Int64(configuration.sessionLifetime * 1000))
        try await store.addSession(session)
        let p = Principal(user: user, roles: [:], credential: .session, session: session)
        try await audit(p, .login, object: "user \(user.name)", detail: ["expires": AuditTrail.time(session.expires)])
        return (user, cookie, session)
    }

    static func locked(until: Int64, now: Int64) -> ReadoutError {
        ReadoutError(
            file: nil, code: "login-locked", "too many failed sign-ins: try again in \((until - now + 999) / 1000) s",
            variable: "name", value: String((until - now + 999) / 1000), expected: "a wait")
    }

    /// Ends the session the request carries (with an API token there is none: nothing happens).
    public func logout(_ p: Principal) async throws {
        try p.requireSignedIn()
        guard let s = p.session, let u = p.user else { return }
        try await store.revokeSession(tokenSHA256: s.tokenSHA256, now: Self.now())
        try await audit(p, .logout, object: "user \(u.name)")
    }

    /// Ends every session of the user (tokens stay: each is revoked on its own).
    public func logoutEverywhere(_ p: Principal) async throws -> Int {
        guard let u = p.user else { throw Principal.signInRequired }
        let n = try await store.revokeSessions(user: u.id, now: Self.now())
        try await audit(p, .logoutEverywhere, object: "user \(u.name)", detail: ["sessions": String(n)])
        return n
    }

    /// The principal of a session cookie or API token, or nil when it is unknown, expired,
    /// revoked or its user disabled.
    public func principal(cookie: String?, bearer: String?) async throws -> Principal? {
        let key = bearer.map { "t" + Credentials.digest($0) } ?? cookie.map { "s" + Credentials.digest($0) } ?? ""
        if let p = principals.get(key) { return p }
        guard let p = try await lookUp(cookie: cookie, bearer: bearer) else { return nil }
        principals.put(key, p)
        return p
    }

    func lookUp(cookie: String?, bearer: String?) async throws -> Principal? {
        let now = Self.now()
        if let bearer {
            guard let t = try await store.token(sha256: Credentials.digest(bearer), now: now),
                let u = try await store.user(id: t.user), !u.disabled
            else { return nil }
            return Principal(user: u, roles: try await store.roles(user: u.id), credential: .token, session: nil)
        }
        if let cookie {
            guard let s = try await store.session(tokenSHA256: Credentials.digest(cookie), now: now),
                let u = try await store.user(id: s.user), !u.disabled
            else { return nil }
            return Principal(user: u, roles: try await store.roles(user: u.id), credential: .session, session: s)
        }
        return nil
    }

    // MARK: tokens

    /// A new API token of the user's, valid `days` days; the secret is returned once, never stored.
    public func createToken(
        name: String, days: Int, for p: Principal
    ) async throws -> (token: StoredToken, secret: String) {
        try p.requireSignedIn()
        guard let u = p.user else { throw Principal.signInRequired }
        let label = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...64).contains(label.count) else {
            throw ReadoutError(
                file: nil, code: "parameter-invalid", "the token has no name", variable: "name", value: name,
                expected: "1 to 64 characters saying what the token is for")
        }
        guard (1...configuration.maxTokenDays).contains(days) else {
            throw ReadoutError(
                file: nil, code: "parameter-invalid", "the token's life is out of range", variable: "days",
                value: String(days), expected: "1 to \(configuration.maxTokenDays) days")
        }
        let secret = Credentials.tokenPrefix + Credentials.random()
        let now = Self.now()
        let t = try await store.addToken(
            user: u.id, name: label, tokenSHA256: Credentials.digest(secret), now: now,
            expires: now + Int64(days) * 86_400_000)
        // Made by `readout user token`, the entry is the command line's, for the user.
        try await audit(
            p.credential == .commandLine ? .commandLine : p, .tokenCreated, object: "token \(t.id)",
            detail: ["name": label, "expires": AuditTrail.time(t.expires), "user": u.name])
        return (t, secret)
    }

    public func revokeToken(_ id: Int64, by p: Principal) async throws {
        try p.requireSignedIn()
        guard let u = p.user, try await store.revokeToken(id: id, user: u.id, now: Self.now()) else {
            throw ReadoutError(file: nil, code: "token-unknown", "no open token \(id) of yours", value: String(id))
        }
        try await audit(p, .tokenRevoked, object: "token \(id)")
    }

    // MARK: studies and roles

    public func createStudy(_ name: String, by p: Principal) async throws -> Bool {
        try p.requireSiteAdmin()
        try ReadoutService.checkStudyName(name)
        let created = try await store.addStudy(name)
        if created { try await audit(p, .studyCreated, study: name, object: "study \(name)") }
        return created
    }

    static func studyUnknown(_ study: String) -> ReadoutError {
        ReadoutError(file: nil, code: "study-unknown", "no study \(study)", value: study)
    }

    public func roles(study: String, by p: Principal) async throws -> [(user: String, role: StudyRole)] {
        try p.requireStudyAdmin(study, notFound: Self.studyUnknown(study))
        guard try await store.studies().contains(study) else { throw Self.studyUnknown(study) }
        return try await store.roles(study: study)
    }

    /// Grants or revokes; returns whether anything changed (granting a held role changes nothing).
    public func setRole(
        _ role: StudyRole, of name: String, on study: String, granted: Bool, by p: Principal
    ) async throws -> Bool {
        try p.requireStudyAdmin(study, notFound: Self.studyUnknown(study))
        guard try await store.studies().contains(study) else { throw Self.studyUnknown(study) }
        let u = try await user(named: name)
        let changed =
            granted
            ? try await store.grant(user: u.id, study: study, role: role)
            : try await store.revoke(user: u.id, study: study, role: role)
        if changed {
            try await audit(
                p, granted ? .roleGranted : .roleRevoked, study: study, object: "user \(name)",
                detail: ["role": role.rawValue])
        }
        return changed
    }
}

/// The access settings of the server (`readout serve` flags; docs/security.md).
public struct AccessConfiguration: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        /// Users sign in; every route checks roles (the default).
        case accounts
        /// Anyone reaching the server may do anything (one person on their own machine; loopback only).
        case open
    }
    public var mode = Mode.accounts
    /// bcrypt's cost (work factor, 4 to 31): each step doubles the time a hash takes.
    public var bcryptCost = 12
    public var passwordPolicy = PasswordPolicy()
    /// How long a browser session lasts, in seconds.
    public var sessionLifetime = 8.0 * 3600
    /// Failed sign-ins of one name in a row before it is locked, and for how long (seconds).
    public var loginAttempts = 5
    public var loginLockout = 300.0
    /// Seconds a server keeps what it read about a credential (its user, roles, expiry) and a
    /// run's signatures: changes made through this server apply at once, those made through
    /// another server on the same store within this time. 0 reads the store on every request.
    public var cacheLifetime = 1.0
    /// The longest life an API token may be given, in days.
    public var maxTokenDays = 365
    /// The Secure attribute on cookies: nil sets it when the server speaks TLS or listens beyond
    /// loopback (where it belongs behind a TLS proxy); plain HTTP on loopback goes without.
    public var secureCookies: Bool? = nil

    public init() {}
}

/// What was read about a credential (its principal) or a run (its signatures), kept for `lifetime`
/// seconds so that a burst of requests reads the store once. Any change this process makes to
/// accounts, roles or signatures empties it at once; a change made by another server on the same
/// store is seen within `lifetime` (docs/security.md).
final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Key: (value: Value, until: Double)] = [:]
    let lifetime: Double
    let capacity: Int

    init(lifetime: Double, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    static var clock: Double { ProcessInfo.processInfo.systemUptime }

    func get(_ key: Key) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        guard let e = entries[key], e.until > Self.clock else { return nil }
        return e.value
    }

    func put(_ key: Key, _ value: Value) {
        guard lifetime > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = (value, Self.clock + lifetime)
    }

    func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        entries.removeAll(keepingCapacity: true)
    }
}

import ReadoutCore
import ReadoutStore

/// Who is asking, as every operation of `ReadoutService` is told: a signed-in user with their
/// roles, nobody (not signed in), or anyone at all (a server started with `--access open`).
/// The checks here are the one place a decision to allow or refuse is made (docs/security.md).
public struct Principal: Sendable {
    public enum Credential: String, Sendable {
        case none, session, token, open
        /// `readout user …` on the server's machine, and the server's own job workers.
        case commandLine = "command-line"
        case system
    }

    public var user: StoredUser?
    /// The user's roles by study, read when the request arrived.
    public var roles: [String: Set<StudyRole>]
    public var credential: Credential
    /// The browser session (its CSRF token), when the credential is a session cookie.
    public var session: StoredSession?

    /// Anyone: the server without accounts. Every check passes; entries are by `anonymous`.
    public static let open = Principal(user: nil, roles: [:], credential: .open, session: nil)
    /// The job workers and the demo loader: the server itself.
    public static let system = Principal(user: nil, roles: [:], credential: .system, session: nil)
    /// `readout user …`: whoever may open the store on the server's machine.
    public static let commandLine = Principal(user: nil, roles: [:], credential: .commandLine, session: nil)
    /// Nobody signed in.
    public static let anonymous = Principal(user: nil, roles: [:], credential: .none, session: nil)

    public init(user: StoredUser?, roles: [String: Set<StudyRole>], credential: Credential, session: StoredSession?) {
        self.user = user
        self.roles = roles
        self.credential = credential
        self.session = session
    }

    /// The name audit entries give.
    public var actor: String {
        if let user { return user.name }
        switch credential {
        case .commandLine: return "command-line"
        case .system: return "system"
        default: return "anonymous"
        }
    }
    /// Every check passes: an open server, the command line, the server's own workers.
    public var isOpen: Bool { [.open, .commandLine, .system].contains(credential) }
    public var isSiteAdmin: Bool { isOpen || user?.siteAdmin == true }

    /// Refuses nobody: the request needs a user.
    public func requireSignedIn() throws {
        guard isOpen || user != nil else { throw Self.signInRequired }
    }

    static let signInRequired = ReadoutError(
        file: nil, code: "sign-in-required", "this needs a signed-in user", expected: "a session cookie or an API token"
    )

    public func requireSiteAdmin() throws {
        try requireSignedIn()
        guard isSiteAdmin else {
            throw ReadoutError(
                file: nil, code: "site-admin-required", "this needs a site administrator", value: actor,
                expected: "a user made with --admin")
        }
    }

    /// Whether the user may see that `study` exists: a role on it, or a site administrator.
    public func knows(_ study: String) -> Bool { isSiteAdmin || !(roles[study] ?? []).isEmpty }

    /// Refuses unless the user holds `role` on `study`; a user with no role at all on it is told
    /// that it does not exist (`notFound`), as for a study that does not, so names do not leak.
    /// `nil` asks for any role (reading the study).
    public func require(_ role: StudyRole?, on study: String, notFound: @autoclosure () -> ReadoutError) throws {
        try requireSignedIn()
        if isOpen { return }
        let held = roles[study] ?? []
        if held.isEmpty && !isSiteAdmin { throw notFound() }
        if let role {
            guard held.contains(role) else { throw Self.roleMissing(role, study: study, actor: actor) }
        } else if held.isEmpty {
            throw Self.roleMissing(.viewer, study: study, actor: actor)
        }
    }

    /// Study administrators and site administrators manage a study's roles and read its trail.
    public func requireStudyAdmin(_ study: String, notFound: @autoclosure () -> ReadoutError) throws {
        if isSiteAdmin { return }
        try require(.studyAdmin, on: study, notFound: notFound())
    }

    static func roleMissing(_ role: StudyRole, study: String, actor: String) -> ReadoutError {
        ReadoutError(
            file: nil, code: "role-missing", "\(actor) does not have the \(role.rawValue) role on \(study)",
            variable: "role", value: study, expected: role.rawValue)
    }

    /// Refuses a state-changing request sent with a session cookie but without its CSRF token.
    public func checkCSRF(_ token: String?) throws {
        guard credential == .session, let session else { return }
        guard let token, Credentials.equal(token, session.csrf) else {
            throw ReadoutError(
                file: nil, code: "csrf-invalid", "the request does not carry this session's CSRF token",
                variable: "csrf", expected: "the token of the form, or the X-CSRF-Token header")
        }
    }
}

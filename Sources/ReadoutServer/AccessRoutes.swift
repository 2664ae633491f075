import Foundation
import HTTPTypes
import Hummingbird
import ReadoutCore
import ReadoutData
import ReadoutStore

/// A request's context: Hummingbird's, and who is asking (set by `AccessMiddleware`).
public struct ReadoutRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal = Principal.anonymous

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

/// Finds who is asking: an API token (`Authorization: Bearer`), else the session cookie. A token
/// that is not valid is refused at once; a stale cookie is ignored (the request is anonymous).
/// State-changing API requests made with a session cookie must carry its CSRF token in
/// `X-CSRF-Token` (dashboard forms carry it as a field, checked where the form is read), and
/// a cross-site Origin is refused whatever they carry.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = ReadoutRequestContext
    let service: ReadoutService

    static let cookieName = "readout-session"
    static let loginCookieName = "readout-login"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if service.configuration.access.mode == .open {
            context.principal = .open
            return try await next(request, context)
        }
        let bearer = request.headers[.authorization].flatMap { h -> String? in
            h.lowercased().hasPrefix("bearer ") ? String(h.dropFirst(7)).trimmingCharacters(in: .whitespaces) : nil
        }
        let cookie = Self.cookie(Self.cookieName, in: request)
        if bearer != nil || cookie != nil {
            if let p = try await service.accounts.principal(cookie: cookie, bearer: bearer) {
                context.principal = p
            } else if bearer != nil {
                throw ReadoutError(
                    file: nil, code: "token-invalid", "the API token is not valid (unknown, expired or revoked)",
                    variable: "Authorization", expected: "Bearer and a token made with POST /api/v1/tokens")
            }
        }
        // Nobody gets further than the public routes: every operation checks again, but a route
        // that forgot to would still not be open.
        if context.principal.user == nil && !Self.isPublic(request) { throw Principal.signInRequired }
        let unsafe = ![.get, .head, .options].contains(request.method)
        if unsafe, context.principal.credential == .session {
            try Self.checkOrigin(request)
            if request.uri.path.hasPrefix("/api/") {
                try context.principal.checkCSRF(request.headers[.xCSRFToken])
            }
        }
        return try await next(request, context)
    }

    /// The paths that need no user: health, the API's description, signing in, and the stylesheet.
    /// (Any method: the router answers 405 for one they do not have; GET and DELETE of the session
    /// check for a user themselves.)
    static let publicPaths: Set<String> = [
        "/api/v1/health", "/openapi.json", "/api/v1/session", "/login", "/static/readout.css",
    ]

    static func isPublic(_ request: Request) -> Bool { publicPaths.contains(request.uri.path) }

    /// A browser's Origin, when it sends one, must be this server's (the Host it was sent to).
    static func checkOrigin(_ request: Request) throws {
        // "null" is what a browser sends when it will not say (a page with no-referrer, a sandbox):
        // the CSRF token decides then.
        guard let origin = request.headers[.origin], origin != "null" else { return }
        let host = request.head.authority ?? ""
        let authority = URLComponents(string: origin).map { c in
            (c.host ?? "") + (c.port.map { ":\($0)" } ?? "")
        }
        guard authority == host else {
            throw ReadoutError(
                file: nil, code: "csrf-invalid", "the request comes from another site", variable: "Origin",
                value: origin, expected: "this server's own pages")
        }
    }

    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if kv.count == 2, kv[0] == name, !kv[1].isEmpty { return kv[1] }
            }
        }
        return nil
    }

    /// A Set-Cookie value: HTTP-only, same-site strict, Secure when the configuration says.
    static func setCookie(_ name: String, _ value: String, maxAge: Int, secure: Bool) -> String {
        "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}

extension HTTPField.Name {
    static var xCSRFToken: Self { .init("X-CSRF-Token")! }
}

extension Request {
    /// The body as a JSON object (account routes take JSON).
    func jsonObject(limit: Int = 64 << 10) async throws -> JSONNode {
        let bytes = try await self.bytes(limit: limit)
        let node: JSONNode
        do { node = try JSONNode.parse(String(decoding: bytes, as: UTF8.self), file: "the request body") } catch {
            throw ReadoutError(file: nil, code: "body-invalid", "the body is not JSON", expected: "a JSON object")
        }
        guard case .object = node else {
            throw ReadoutError(file: nil, code: "body-invalid", "the body is not a JSON object", expected: "an object")
        }
        return node
    }
}

extension JSONNode {
    /// Field `key` of a request object, as text; refused when absent (if `required`) or not text.
    func text(_ key: String, required: Bool = true) throws -> String? {
        switch self[key] {
        case .string(let s)?: return s
        case nil, .null?:
            if !required { return nil }
            throw ReadoutError(file: nil, code: "parameter-invalid", "\(key) is not given", variable: key)
        default:
            throw ReadoutError(
                file: nil, code: "parameter-invalid", "\(key) is not text", variable: key, expected: "a string")
        }
    }

    func flag(_ key: String) throws -> Bool {
        switch self[key] {
        case .bool(let b)?: return b
        case nil, .null?: return false
        default:
            throw ReadoutError(
                file: nil, code: "parameter-invalid", "\(key) is not true or false", variable: key,
                expected: "a boolean")
        }
    }

    func whole(_ key: String, default fallback: Int) throws -> Int {
        switch self[key] {
        case .number(let n)? where n == n.rounded() && abs(n) < 1e9: return Int(n)
        case nil, .null?: return fallback
        default:
            throw ReadoutError(
                file: nil, code: "parameter-invalid", "\(key) is not a whole number", variable: key,
                expected: "a whole number")
        }
    }
}

/// The account, token, study, role and signature routes of the API.
enum AccessRoutes {
    static func sessionCookie(_ value: String, service: ReadoutService) -> String {
        AccessMiddleware.setCookie(
            AccessMiddleware.cookieName, value, maxAge: Int(service.configuration.access.sessionLifetime),
            secure: service.configuration.secureCookies)
    }

    static func clearedCookie(service: ReadoutService) -> String {
        AccessMiddleware.setCookie(
            AccessMiddleware.cookieName, "", maxAge: 0, secure: service.configuration.secureCookies)
    }

    static func role(_ text: String) throws -> StudyRole {
        guard let r = StudyRole(rawValue: text) else {
            throw ReadoutError(
                file: nil, code: "parameter-invalid", "the role is not known", variable: "role", value: text,
                expected: StudyRole.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return r
    }

    static func add(to table: RouteTable, service: ReadoutService) {
        let accounts = service.accounts
        table.add(.post, "/api/v1/session", "signIn") { request, _ in
            let body = try await request.jsonObject()
            let login = try await accounts.login(name: try body.text("name")!, password: try body.text("password")!)
            let p = Principal(
                user: login.user, roles: try await service.store.roles(user: login.user.id),
                credential: .session, session: login.session)
            var response = Reply.json(AccessDocuments.session(p), status: .created)
            response.headers[.setCookie] = sessionCookie(login.cookie, service: service)
            return response
        }
        table.add(.get, "/api/v1/session", "getSession") { _, context in
            try context.principal.requireSignedIn()
            return Reply.json(AccessDocuments.session(context.principal))
        }
        table.add(.delete, "/api/v1/session", "signOut") { _, context in
            try await accounts.logout(context.principal)
            var response = Response(status: .noContent)
            response.headers[.setCookie] = clearedCookie(service: service)
            return response
        }
        table.add(.post, "/api/v1/session/sign-out-everywhere", "signOutEverywhere") { _, context in
            _ = try await accounts.logoutEverywhere(context.principal)
            var response = Response(status: .noContent)
            response.headers[.setCookie] = clearedCookie(service: service)
            return response
        }
        table.add(.post, "/api/v1/session/password", "changePassword") { request, context in
            let body = try await request.jsonObject()
            try await accounts.changePassword(
                current: try body.text("current")!, new: try body.text("new")!, by: context.principal)
            var response = Response(status: .noContent)
            response.headers[.setCookie] = clearedCookie(service: service)
            return response
        }
        table.add(.get, "/api/v1/tokens", "listTokens") { _, context in
            try context.principal.requireSignedIn()
            guard let u = context.principal.user else { throw Principal.signInRequired }
            return Reply.json(AccessDocuments.tokens(try await service.store.tokens(user: u.id)))
        }
        table.add(.post, "/api/v1/tokens", "createToken") { request, context in
            let body = try await request.jsonObject()
            let made = try await accounts.createToken(
                name: try body.text("name")!, days: try body.whole("days", default: 90), for: context.principal)
            return Reply.json(AccessDocuments.token(made.token, secret: made.secret), status: .created)
        }
        table.add(.delete, "/api/v1/tokens/{token}", "revokeToken") { request, context in
            try await accounts.revokeToken(try request.id("token", context), by: context.principal)
            return Response(status: .noContent)
        }
        table.add(.get, "/api/v1/users", "listUsers") { _, context in
            try context.principal.requireSiteAdmin()
            return Reply.json(AccessDocuments.users(try await service.store.users()))
        }
        table.add(.post, "/api/v1/users", "createUser") { request, context in
            try context.principal.requireSiteAdmin()
            let body = try await request.jsonObject()
            let user = try await accounts.addUser(
                name: try body.text("name")!, displayName: try body.text("displayName")!,
                password: try body.text("password")!, siteAdmin: try body.flag("siteAdmin"), by: context.principal)
            return Reply.json(AccessDocuments.user(user), status: .created)
        }
        for (verb, disabled) in [("disable", true), ("enable", false)] {
            table.add(.post, "/api/v1/users/{user}/\(verb)", verb + "User") { request, context in
                let user = try await accounts.setDisabled(
                    try request.segment("user", context), disabled, by: context.principal)
                return Reply.json(AccessDocuments.user(user))
            }
        }
        table.add(.post, "/api/v1/studies", "createStudy") { request, context in
            try context.principal.requireSiteAdmin()
            let name = try await request.jsonObject().text("name")!
            let created = try await accounts.createStudy(name, by: context.principal)
            return Reply.json(
                AccessDocuments.roles(study: name, try await accounts.roles(study: name, by: context.principal)),
                status: created ? .created : .ok)
        }
        table.add(.get, "/api/v1/studies/{study}/roles", "listStudyRoles") { request, context in
            let study = try request.segment("study", context)
            return Reply.json(
                AccessDocuments.roles(study: study, try await accounts.roles(study: study, by: context.principal)))
        }
        for (method, granted) in [(HTTPRequest.Method.put, true), (.delete, false)] {
            let id = granted ? "grantRole" : "revokeRole"
            table.add(method, "/api/v1/studies/{study}/roles/{user}/{role}", id) { request, context in
                let study = try request.segment("study", context)
                _ = try await accounts.setRole(
                    try role(try request.segment("role", context)), of: try request.segment("user", context),
                    on: study, granted: granted, by: context.principal)
                return Reply.json(
                    AccessDocuments.roles(study: study, try await accounts.roles(study: study, by: context.principal)))
            }
        }
        table.add(.get, "/api/v1/runs/{run}/signatures", "listSignatures") { request, context in
            let id = try request.id("run", context)
            return Reply.json(
                AccessDocuments.signatures(run: id, try await service.signatures(run: id, context.principal)))
        }
        table.add(.post, "/api/v1/runs/{run}/signatures", "signRun") { request, context in
            let id = try request.id("run", context)
            let body = try await request.jsonObject()
            let s = try await service.sign(
                run: id, password: try body.text("password")!, meaning: try body.text("meaning")!, context.principal)
            return Reply.json(AccessDocuments.signatures(run: id, [s]), status: .created)
        }
        table.add(.get, "/api/v1/runs/{run}/export", "exportRun") { request, context in
            var response = Reply.bytes(
                try await service.export(run: try request.id("run", context), context.principal),
                type: "text/html; charset=utf-8")
            response.headers[.contentDisposition] =
                "attachment; filename=\"readout-run-\(try request.id("run", context)).html\""
            return response
        }
    }
}

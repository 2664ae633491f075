import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ReadoutCore
import ReadoutData
import ReadoutTestSupport
import Testing

@testable import ReadoutServer
@testable import ReadoutStore

/// Who may do what: every API route, as every role, on its own study and on another, and
/// anonymously; sign-in, sessions and CSRF, tokens, throttling, sign-off and the audit of it all.
@Suite(.temporaryFolders) struct AccessTests {
    static let password = "Correct-Horse-9-battery"
    static let study = "RDT-P2-001"
    static let other = "OTHER-STUDY"

    /// The people of the tests: a role each on `study` (nora has one on `other` only; root is a
    /// site administrator with no study role).
    enum Persona: String, CaseIterable, Sendable {
        case anonymous, nora, vera, anna, abe, sam, root
        var role: StudyRole? {
            switch self {
            case .vera: return .viewer
            case .anna: return .analyst
            case .abe: return .approver
            case .sam: return .studyAdmin
            default: return nil
            }
        }
    }

    /// What a route needs (the policy of docs/security.md, written out here independently of the code).
    enum Rule: Sendable, Equatable {
        case everyone, signedIn, siteAdmin, studyAdmins, auditVerifiers
        /// A role on the study the route touches (nil: any role).
        case study(StudyRole?)

        func expected(_ p: Persona) -> HTTPResponse.Status? {
            if self == .everyone { return nil }
            if p == .anonymous { return .unauthorized }
            switch self {
            case .everyone, .signedIn: return nil
            case .siteAdmin: return p == .root ? nil : .forbidden
            case .auditVerifiers: return p == .root || p == .sam ? nil : .forbidden
            case .studyAdmins:
                if p == .root || p == .sam { return nil }
                return p == .nora ? .notFound : .forbidden
            case .study(let role):
                if p == .nora { return .notFound }
                if p == .root { return .forbidden }
                if let role { return p.role == role ? nil : .forbidden }
                return nil
            }
        }
    }

    struct Fixture: Sendable {
        var tokens: [Persona: String]
        var spareTokens: [Persona: Int64]
        /// A cut and a run of each study, and a readout job of `study`.
        var cut: [String: Int64]
        var run: [String: Int64]
        var job: Int64
        var simulation: Int64
        var archive: [UInt8]
        var spec: [UInt8]
    }

    static func configuration(_ folder: String) -> ServerConfiguration {
        var c = ServerConfiguration(dataFolder: folder)
        c.access.bcryptCost = 4
        c.access.loginAttempts = 3
        c.access.loginLockout = 60
        c.workers = 1
        c.pollInterval = 0.05
        c.registerRoots = [repositoryRoot + "/examples/phase2"]
        return c
    }

    /// A server with accounts on a new SQLite store: the people, their tokens, both studies with
    /// a cut and a run each, and a simulation.
    func withAccounts(
        _ body: @Sendable (ReadoutService, any TestClientProtocol, Fixture) async throws -> Void
    )
        async throws
    {
        let c = Self.configuration(temporaryFolder("access"))
        try FileManager.default.createDirectory(atPath: c.cacheFolder, withIntermediateDirectories: true)
        let store = try await SQLiteStore(path: c.storePath)
        do {
            _ = try await store.migrate()
            let service = ReadoutService(store: store, configuration: c)
            var logger = Logger(label: "test")
            logger.logLevel = .warning
            let app = try ReadoutServer.application(service: service, logger: logger)
            // Inside the test: the job workers run while the application does.
            try await app.test(.router) { client in try await body(service, client, try await Self.populate(service)) }
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }

    static func populate(_ service: ReadoutService) async throws -> Fixture {
        let a = service.accounts
        let archive = try ServerTests.zip(repositoryRoot + "/examples/phase2/data")
        let spec = [UInt8](FileManager.default.contents(atPath: ServerTests.specPath)!)
        var tokens: [Persona: String] = [:]
        var spare: [Persona: Int64] = [:]
        for s in [study, other] { _ = try await a.createStudy(s, by: .commandLine) }
        for p in Persona.allCases where p != .anonymous {
            let u = try await a.addUser(
                name: p.rawValue, displayName: p.rawValue.capitalized + " Tester", password: password,
                siteAdmin: p == .root, by: .commandLine)
            if let role = p.role {
                _ = try await a.setRole(role, of: u.name, on: study, granted: true, by: .commandLine)
            }
            if p == .nora { _ = try await a.setRole(.viewer, of: u.name, on: other, granted: true, by: .commandLine) }
            let me = Principal(user: u, roles: [:], credential: .commandLine, session: nil)
            tokens[p] = try await a.createToken(name: "tests", days: 1, for: me).secret
            spare[p] = try await a.createToken(name: "spare", days: 1, for: me).token.id
        }
        _ = try await a.addUser(
            name: "dora", displayName: "Dora Spare", password: password, siteAdmin: false, by: .commandLine)
        var cut: [String: Int64] = [:]
        var run: [String: Int64] = [:]
        var job: Int64 = 0
        for s in [study, other] {
            let c = try await service.upload(
                study: s, label: "final", cutoff: ServerTests.finalCutoff, archive: archive, name: "cut.zip", .system)
            let j = try await service.submitReadout(cut: c.id, specName: "readout.yaml", spec: spec, .system)
            cut[s] = c.id
            run[s] = try await Self.result(of: j.id, service)
            if s == study { job = j.id }
        }
        let sim = try DashboardRoutes.example("simulation/demo.yaml", among: DashboardRoutes.exampleSimulations)
        var file = String(decoding: sim.bytes, as: UTF8.self)
        file = file.replacingOccurrences(of: "trials: 10000", with: "trials: 50")
        let simJob = try await service.submitSimulation(name: sim.name, file: Array(file.utf8), .system)
        let simulation = try await Self.result(of: simJob.id, service)
        return Fixture(
            tokens: tokens, spareTokens: spare, cut: cut, run: run, job: job, simulation: simulation,
            archive: archive, spec: spec)
    }

    static func result(of job: Int64, _ service: ReadoutService) async throws -> Int64 {
        for _ in 0..<1200 {
            let j = try await service.job(job, .system)
            if j.state == .succeeded, let r = j.result { return r }
            if j.state == .failed { throw ReadoutError(file: nil, code: "test", "job \(job) failed: \(j.error ?? "")") }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw ReadoutError(file: nil, code: "test", "job \(job) did not finish")
    }

    struct Call: Sendable {
        var method: HTTPRequest.Method
        var uri: String
        var body: [UInt8] = []
        var rule: Rule
        /// Study-scoped: tried on the other study too, where role holders of `study` get 404.
        var scoped = false
    }

    /// One request per API route, touching `study` (`s`), valid for someone allowed.
    static func calls(_ f: Fixture, on s: String, persona p: Persona, n: Int) -> [String: Call] {
        let cut = f.cut[s]!
        let run = f.run[s]!
        func json(_ o: String) -> [UInt8] { Array(o.utf8) }
        return [
            "getOpenAPI": Call(method: .get, uri: "/openapi.json", rule: .everyone),
            "getHealth": Call(method: .get, uri: "/api/v1/health", rule: .everyone),
            "signIn": Call(
                method: .post, uri: "/api/v1/session", body: json("{\"name\":\"vera\",\"password\":\"\(password)\"}"),
                rule: .everyone),
            "getSession": Call(method: .get, uri: "/api/v1/session", rule: .signedIn),
            "signOut": Call(method: .delete, uri: "/api/v1/session", rule: .signedIn),
            "signOutEverywhere": Call(method: .post, uri: "/api/v1/session/sign-out-everywhere", rule: .signedIn),
            "changePassword": Call(
                method: .post, uri: "/api/v1/session/password",
                body: json("{\"current\":\"\(password)\",\"new\":\"\(password)\"}"), rule: .signedIn),
            "listTokens": Call(method: .get, uri: "/api/v1/tokens", rule: .signedIn),
            "createToken": Call(
                method: .post, uri: "/api/v1/tokens", body: json("{\"name\":\"matrix\",\"days\":2}"), rule: .signedIn),
            "revokeToken": Call(
                method: .delete, uri: "/api/v1/tokens/\(f.spareTokens[p] ?? 1)", rule: .signedIn),
            "listUsers": Call(method: .get, uri: "/api/v1/users", rule: .siteAdmin),
            "createUser": Call(
                method: .post, uri: "/api/v1/users",
                body: json("{\"name\":\"new\(n)\",\"displayName\":\"New \(n)\",\"password\":\"\(password)\"}"),
                rule: .siteAdmin),
            "disableUser": Call(method: .post, uri: "/api/v1/users/dora/disable", rule: .siteAdmin),
            "enableUser": Call(method: .post, uri: "/api/v1/users/dora/enable", rule: .siteAdmin),
            "listStudies": Call(method: .get, uri: "/api/v1/studies", rule: .signedIn),
            "createStudy": Call(
                method: .post, uri: "/api/v1/studies", body: json("{\"name\":\"NEW-\(n)\"}"), rule: .siteAdmin),
            "listStudyRoles": Call(method: .get, uri: "/api/v1/studies/\(s)/roles", rule: .studyAdmins, scoped: true),
            "grantRole": Call(
                method: .put, uri: "/api/v1/studies/\(s)/roles/dora/viewer", rule: .studyAdmins, scoped: true),
            "revokeRole": Call(
                method: .delete, uri: "/api/v1/studies/\(s)/roles/dora/viewer", rule: .studyAdmins, scoped: true),
            "listCuts": Call(method: .get, uri: "/api/v1/studies/\(s)/cuts", rule: .study(nil), scoped: true),
            "uploadCut": Call(
                method: .post, uri: "/api/v1/studies/\(s)/cuts?cutoff=\(ServerTests.finalCutoff)&label=again",
                body: f.archive, rule: .study(.analyst), scoped: true),
            "registerCut": Call(
                method: .post,
                uri: "/api/v1/studies/\(s)/cuts/register?cutoff=\(ServerTests.interimCutoff)&folder="
                    + Pages.query(repositoryRoot + "/examples/phase2/data"),
                rule: .study(.analyst), scoped: true),
            "getCut": Call(method: .get, uri: "/api/v1/cuts/\(cut)", rule: .study(nil), scoped: true),
            "getCutValidation": Call(
                method: .get, uri: "/api/v1/cuts/\(cut)/validation", rule: .study(nil), scoped: true),
            "listRuns": Call(method: .get, uri: "/api/v1/cuts/\(cut)/runs", rule: .study(nil), scoped: true),
            "startRun": Call(
                method: .post, uri: "/api/v1/cuts/\(cut)/runs?spec=readout.yaml", body: f.spec,
                rule: .study(.analyst), scoped: true),
            "listJobs": Call(method: .get, uri: "/api/v1/jobs", rule: .signedIn),
            "getJob": Call(method: .get, uri: "/api/v1/jobs/\(f.job)", rule: .study(nil)),
            "getRun": Call(method: .get, uri: "/api/v1/runs/\(run)", rule: .study(nil), scoped: true),
            "getRunFile": Call(
                method: .get, uri: "/api/v1/runs/\(run)/files/readout.json", rule: .study(nil), scoped: true),
            "getSubject": Call(
                method: .get, uri: "/api/v1/runs/\(run)/subjects/RDT-P2-001-101-1001", rule: .study(nil), scoped: true),
            "getCountedSubjects": Call(
                method: .get, uri: "/api/v1/runs/\(run)/counted?id=" + Pages.query("response/1/Responders (CR+PR)"),
                rule: .study(nil), scoped: true),
            "checkText": Call(
                method: .post, uri: "/api/v1/runs/\(run)/check-text",
                body: json("The objective response rate was 20%."), rule: .study(nil), scoped: true),
            "compareRuns": Call(
                method: .get, uri: "/api/v1/compare?from=\(run)&to=\(run)", rule: .study(nil), scoped: true),
            "listSignatures": Call(
                method: .get, uri: "/api/v1/runs/\(run)/signatures", rule: .study(nil), scoped: true),
            "signRun": Call(
                method: .post, uri: "/api/v1/runs/\(run)/signatures",
                body: json("{\"password\":\"\(password)\",\"meaning\":\"reviewed\"}"), rule: .study(.approver),
                scoped: true),
            "exportRun": Call(method: .get, uri: "/api/v1/runs/\(run)/export", rule: .study(nil), scoped: true),
            "listAudit": Call(method: .get, uri: "/api/v1/audit?study=\(s)", rule: .studyAdmins, scoped: true),
            "verifyAudit": Call(method: .get, uri: "/api/v1/audit/verify", rule: .auditVerifiers),
            "startSimulation": Call(
                method: .post, uri: "/api/v1/simulations?name=tiny.yaml",
                body: Array(
                    String(
                        decoding: FileManager.default.contents(
                            atPath: repositoryRoot + "/examples/simulation/demo.yaml")!, as: UTF8.self
                    ).replacingOccurrences(of: "trials: 10000", with: "trials: 20").utf8), rule: .signedIn),
            "getSimulation": Call(method: .get, uri: "/api/v1/simulations/\(f.simulation)", rule: .signedIn),
            "getSimulationFile": Call(
                method: .get, uri: "/api/v1/simulations/\(f.simulation)/files/simulation.json", rule: .signedIn),
        ]
    }

    static func headers(_ p: Persona, _ f: Fixture) -> HTTPFields {
        var h = HTTPFields()
        if let t = f.tokens[p] { h[.authorization] = "Bearer \(t)" }
        return h
    }

    /// Every route × every persona on `study`, and every study-scoped route × every role holder
    /// on the other study; every route of the server is in the matrix.
    @Test func everyRouteChecksTheRoleForTheStudyItTouches() async throws {
        try await withAccounts { service, client, f in
            let operations = Set(ReadoutServer.apiRoutes(service: service).map(\.operationID))
            var n = 0
            #expect(Set(Self.calls(f, on: Self.study, persona: .root, n: 0).keys) == operations, "a route is missing")
            for p in Persona.allCases {
                for (op, call) in Self.calls(f, on: Self.study, persona: p, n: n).sorted(by: { $0.key < $1.key }) {
                    n += 1
                    let r = try await client.execute(
                        uri: call.uri, method: call.method, headers: Self.headers(p, f),
                        body: ServerTests.buffer(call.body))
                    if let refused = call.rule.expected(p) {
                        #expect(r.status == refused, "\(op) as \(p): \(r.status) \(ServerTests.text(r).prefix(300))")
                    } else {
                        #expect(
                            (200..<300).contains(r.status.code),
                            "\(op) as \(p) should be allowed: \(r.status) \(ServerTests.text(r).prefix(300))")
                    }
                }
            }
            for p in [Persona.vera, .anna, .abe, .sam, .root] {
                for (op, call) in Self.calls(f, on: Self.other, persona: p, n: n) where call.scoped {
                    n += 1
                    let r = try await client.execute(
                        uri: call.uri, method: call.method, headers: Self.headers(p, f),
                        body: ServerTests.buffer(call.body))
                    // A site administrator knows every study exists; the others are not told.
                    if p == .root && call.rule == .studyAdmins {
                        #expect((200..<300).contains(r.status.code), "\(op) on the other study as root: \(r.status)")
                    } else {
                        #expect(
                            r.status == (p == .root ? .forbidden : .notFound),
                            "\(op) on the other study as \(p): \(r.status)")
                    }
                }
            }
        }
    }
}

extension AccessTests {
    static func body(_ text: String) -> ByteBuffer { ServerTests.buffer(Array(text.utf8)) }

    /// Signs `name` in through the API; returns the cookie's value, its Set-Cookie line and the CSRF token.
    static func signIn(
        _ client: any TestClientProtocol, _ name: String, password: String = password
    ) async throws
        -> (cookie: String, setCookie: String, csrf: String)
    {
        let r = try await client.execute(
            uri: "/api/v1/session", method: .post, body: body("{\"name\":\"\(name)\",\"password\":\"\(password)\"}"))
        #expect(r.status == .created, "\(ServerTests.text(r))")
        let set = r.headers[.setCookie] ?? ""
        let value = set.split(separator: ";")[0].split(separator: "=", maxSplits: 1)[1]
        let doc = try ServerTests.json(r, "session")
        return (String(value), set, doc["csrf"]?.stringValue ?? "")
    }

    static func cookieHeaders(_ cookie: String, csrf: String? = nil, origin: String? = nil) -> HTTPFields {
        var h = HTTPFields()
        h[.cookie] = "readout-session=\(cookie)"
        if let csrf { h[.xCSRFToken] = csrf }
        if let origin { h[.origin] = origin }
        return h
    }

    /// A session cookie is HTTP-only and same-site; state-changing requests with it need its CSRF
    /// token and no foreign Origin; a cookie chosen before signing in is never the session's;
    /// signing out ends it, and signing out everywhere ends the others.
    @Test func sessionsAreCookiesWithCSRFProtection() async throws {
        try await withAccounts { _, client, f in
            // A cookie planted before signing in (session fixation) is not adopted.
            let planted = "planted-by-someone-else"
            let r0 = try await client.execute(
                uri: "/api/v1/session", method: .post, headers: Self.cookieHeaders(planted),
                body: Self.body("{\"name\":\"vera\",\"password\":\"\(Self.password)\"}"))
            #expect(r0.status == .created && r0.headers[.setCookie]?.contains(planted) == false)
            let fixed = try await client.execute(
                uri: "/api/v1/session", method: .get, headers: Self.cookieHeaders(planted))
            #expect(fixed.status == .unauthorized)

            let s = try await Self.signIn(client, "anna")
            #expect(s.setCookie.contains("HttpOnly") && s.setCookie.contains("SameSite=Strict"))
            #expect(!s.setCookie.contains("Secure"), "plain HTTP on loopback")
            let me = try ServerTests.json(
                try await client.execute(uri: "/api/v1/session", method: .get, headers: Self.cookieHeaders(s.cookie)),
                "session")
            #expect(me["user"]?["name"] == .string("anna") && me["credential"] == .string("session"))
            let start = "/api/v1/cuts/\(f.cut[Self.study]!)/runs?spec=readout.yaml"
            let noToken = try await client.execute(
                uri: start, method: .post, headers: Self.cookieHeaders(s.cookie), body: ServerTests.buffer(f.spec))
            #expect(noToken.status == .forbidden && ServerTests.text(noToken).contains("csrf-invalid"))
            let foreign = try await client.execute(
                uri: start, method: .post,
                headers: Self.cookieHeaders(s.cookie, csrf: s.csrf, origin: "https://evil.example"),
                body: ServerTests.buffer(f.spec))
            #expect(foreign.status == .forbidden)
            let ok = try await client.execute(
                uri: start, method: .post, headers: Self.cookieHeaders(s.cookie, csrf: s.csrf),
                body: ServerTests.buffer(f.spec))
            #expect(ok.status == .accepted, "\(ServerTests.text(ok))")

            // Two sessions; signing out of one leaves the other; signing out everywhere ends both.
            let second = try await Self.signIn(client, "anna")
            let out = try await client.execute(
                uri: "/api/v1/session", method: .delete, headers: Self.cookieHeaders(s.cookie, csrf: s.csrf))
            #expect(out.status == .noContent)
            let after = try await client.execute(
                uri: "/api/v1/session", method: .get, headers: Self.cookieHeaders(s.cookie))
            #expect(after.status == .unauthorized)
            let third = try await Self.signIn(client, "anna")
            let everywhere = try await client.execute(
                uri: "/api/v1/session/sign-out-everywhere", method: .post,
                headers: Self.cookieHeaders(third.cookie, csrf: third.csrf))
            #expect(everywhere.status == .noContent)
            for c in [second.cookie, third.cookie] {
                let r = try await client.execute(uri: "/api/v1/session", method: .get, headers: Self.cookieHeaders(c))
                #expect(r.status == .unauthorized)
            }
        }
    }

    /// Wrong passwords lock the name after the configured number of failures (429 with
    /// Retry-After, even with the right password); unknown names are refused the same way.
    /// Every failure is in the audit trail with its reason.
    @Test func failedSignInsAreThrottledAndAudited() async throws {
        try await withAccounts { service, client, _ in
            for _ in 0..<2 {
                let r = try await client.execute(
                    uri: "/api/v1/session", method: .post, body: Self.body("{\"name\":\"vera\",\"password\":\"nope\"}"))
                #expect(r.status == .unauthorized && ServerTests.text(r).contains("login-failed"))
            }
            let third = try await client.execute(
                uri: "/api/v1/session", method: .post, body: Self.body("{\"name\":\"vera\",\"password\":\"nope\"}"))
            #expect(third.status == .tooManyRequests && third.headers[.retryAfter] == "60")
            let right = try await client.execute(
                uri: "/api/v1/session", method: .post,
                body: Self.body("{\"name\":\"vera\",\"password\":\"\(Self.password)\"}"))
            #expect(right.status == .tooManyRequests, "locked even with the right password")
            let unknown = try await client.execute(
                uri: "/api/v1/session", method: .post, body: Self.body("{\"name\":\"zed\",\"password\":\"x\"}"))
            #expect(unknown.status == .unauthorized && ServerTests.text(unknown).contains("login-failed"))
            let failures = try await service.store.auditEntries(study: nil).filter { $0.action == .loginFailed }
            #expect(
                failures.map(\.detail) == [
                    "reason=wrong-password", "reason=wrong-password", "reason=wrong-password", "reason=locked",
                    "reason=unknown-user",
                ])
            #expect(failures.allSatisfy { $0.actor == "anonymous" } && failures[0].object == "user vera")
            // Another name is not locked.
            _ = try await Self.signIn(client, "anna")
        }
    }

    /// Tokens: a revoked, expired or disabled user's token is refused (401), never taken as anonymous.
    @Test func tokensAreRevocableExpiringAndRefusedWhenNotValid() async throws {
        try await withAccounts { service, client, f in
            let made = try ServerTests.json(
                try await client.execute(
                    uri: "/api/v1/tokens", method: .post, headers: Self.headers(.vera, f),
                    body: Self.body("{\"name\":\"ci\",\"days\":3}")), "token")
            let secret = made["secret"]?.stringValue ?? ""
            let id = ServerTests.int(made["token"]?["id"])!
            var h = HTTPFields()
            h[.authorization] = "Bearer \(secret)"
            #expect(try await client.execute(uri: "/api/v1/session", method: .get, headers: h).status == .ok)
            let listed = ServerTests.text(
                try await client.execute(uri: "/api/v1/tokens", method: .get, headers: Self.headers(.vera, f)))
            #expect(!listed.contains(secret) && !listed.contains(Credentials.digest(secret)), "no secret is listed")
            #expect(
                try await client.execute(uri: "/api/v1/tokens/\(id)", method: .delete, headers: h).status == .noContent)
            let revoked = try await client.execute(uri: "/api/v1/session", method: .get, headers: h)
            #expect(revoked.status == .unauthorized && ServerTests.text(revoked).contains("token-invalid"))
            let tooLong = try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: Self.headers(.vera, f),
                body: Self.body("{\"name\":\"ci\",\"days\":400}"))
            #expect(tooLong.status == .badRequest)

            let vera = try await service.store.user(name: "vera")!
            _ = try await service.store.addToken(
                user: vera.id, name: "old", tokenSHA256: Credentials.digest("rdt_expired"), now: 1, expires: 2)
            h[.authorization] = "Bearer rdt_expired"
            #expect(try await client.execute(uri: "/api/v1/session", method: .get, headers: h).status == .unauthorized)

            let disable = try await client.execute(
                uri: "/api/v1/users/vera/disable", method: .post, headers: Self.headers(.root, f))
            #expect(disable.status == .ok)
            let refused = try await client.execute(
                uri: "/api/v1/session", method: .get, headers: Self.headers(.vera, f))
            #expect(refused.status == .unauthorized)
        }
    }

    /// Passwords below the policy are refused with every reason.
    @Test func weakPasswordsAreRefused() async throws {
        try await withAccounts { _, client, f in
            let r = try await client.execute(
                uri: "/api/v1/users", method: .post, headers: Self.headers(.root, f),
                body: Self.body("{\"name\":\"weak\",\"displayName\":\"W\",\"password\":\"weakweak\"}"))
            let text = ServerTests.text(r)
            #expect(r.status == .unprocessableContent && text.contains("password-weak"))
            #expect(text.contains("fewer than 12 characters") && text.contains("three kinds"))
            #expect(PasswordPolicy().problems("Xy7-Xy7-Xy7-Xy7", name: "") == [])
            #expect(PasswordPolicy().problems("alice-Secret-99", name: "alice") == ["it contains the user name"])
            #expect(PasswordPolicy().problems("correct horse battery staple", name: "") == [], "a long passphrase")
        }
    }

    /// An approver signs a run with the password again and a meaning: the signature shows on the
    /// run and in the exported report, with the run's digest; a wrong password signs nothing and is
    /// audited; another cut's run carries no signature.
    @Test func approversSignRunsOff() async throws {
        try await withAccounts { service, client, f in
            let run = f.run[Self.study]!
            let wrong = try await client.execute(
                uri: "/api/v1/runs/\(run)/signatures", method: .post, headers: Self.headers(.abe, f),
                body: Self.body("{\"password\":\"not-it\",\"meaning\":\"approved\"}"))
            #expect(wrong.status == .forbidden && ServerTests.text(wrong).contains("password-wrong"))
            let badMeaning = try await client.execute(
                uri: "/api/v1/runs/\(run)/signatures", method: .post, headers: Self.headers(.abe, f),
                body: Self.body("{\"password\":\"\(Self.password)\",\"meaning\":\"liked\"}"))
            #expect(badMeaning.status == .badRequest)
            let signed = try ServerTests.json(
                try await client.execute(
                    uri: "/api/v1/runs/\(run)/signatures", method: .post, headers: Self.headers(.abe, f),
                    body: Self.body("{\"password\":\"\(Self.password)\",\"meaning\":\"approved\"}")), "signatures")
            let runDoc = try ServerTests.json(
                try await client.execute(uri: "/api/v1/runs/\(run)", method: .get, headers: Self.headers(.vera, f)),
                "run")
            let digest = runDoc["run"]?["digest"]
            #expect(signed["signatures"]?[0]?["runDigest"] == digest && digest != nil)
            #expect(runDoc["run"]?["signatures"]?[0]?["printedName"] == .string("Abe Tester"))
            #expect(runDoc["run"]?["signatures"]?[0]?["meaning"] == .string("approved"))
            let export = try await client.execute(
                uri: "/api/v1/runs/\(run)/export", method: .get, headers: Self.headers(.vera, f))
            let html = ServerTests.text(export)
            #expect(export.status == .ok && html.contains("<td>Abe Tester</td><td>abe</td><td>approved</td>"))
            #expect(html.contains(digest?.stringValue ?? "-") && html.hasSuffix("</html>\n"))

            // The interim cut is other data: its run is a new run, unsigned.
            let interim = try await service.upload(
                study: Self.study, label: "interim", cutoff: ServerTests.interimCutoff, archive: f.archive,
                name: "cut.zip", .system)
            let job = try await service.submitReadout(cut: interim.id, specName: "readout.yaml", spec: f.spec, .system)
            let newRun = try await Self.result(of: job.id, service)
            #expect(newRun != run)
            #expect(try await service.signatures(run: newRun, .system).isEmpty)

            let entries = try await service.store.auditEntries(study: Self.study)
            let refused = entries.filter { $0.action == .signatureRefused }
            let signedEntries = entries.filter { $0.action == .runSigned }
            #expect(refused.count == 1 && refused[0].actor == "abe" && refused[0].objectSHA256 == digest?.stringValue)
            #expect(signedEntries.count == 1 && signedEntries[0].detail.contains("meaning=approved"))
            #expect(entries.contains { $0.action == .runExported && $0.actor == "vera" })
        }
    }

    /// A study's administrator reads that study's trail and grants its roles (audited); the whole
    /// trail is the site administrator's.
    @Test func studyAdministratorsReadTheirStudysTrailAndGrantRoles() async throws {
        try await withAccounts { service, client, f in
            let grant = try await client.execute(
                uri: "/api/v1/studies/\(Self.study)/roles/dora/analyst", method: .put, headers: Self.headers(.sam, f))
            let roles = try ServerTests.json(grant, "study-roles")
            #expect(ServerTests.text(grant).contains("\"user\": \"dora\""), "\(roles)")
            let trail = try ServerTests.json(
                try await client.execute(
                    uri: "/api/v1/audit?study=\(Self.study)", method: .get, headers: Self.headers(.sam, f)), "audit")
            guard case .array(let entries)? = trail["entries"] else {
                Issue.record("no entries")
                return
            }
            #expect(entries.allSatisfy { $0["study"] == .string(Self.study) })
            #expect(
                entries.contains {
                    $0["action"] == .string("role-granted") && $0["actor"] == .string("sam")
                        && $0["detail"]?["role"] == .string("analyst")
                })
            let all = try await client.execute(uri: "/api/v1/audit", method: .get, headers: Self.headers(.sam, f))
            #expect(all.status == .forbidden)
            let csv = try await client.execute(
                uri: "/api/v1/audit?format=csv", method: .get, headers: Self.headers(.root, f))
            #expect(csv.status == .ok && ServerTests.text(csv).contains(",role-granted,"))
            let exports = try await service.store.auditEntries(study: nil).filter { $0.action == .auditExported }
            #expect(exports.map(\.actor) == ["sam", "root"])
            let studies = try ServerTests.json(
                try await client.execute(uri: "/api/v1/studies", method: .get, headers: Self.headers(.nora, f)),
                "studies")
            #expect(studies["studies"]?[0]?["name"] == .string(Self.other) && studies["studies"]?[1] == nil)
        }
    }
}

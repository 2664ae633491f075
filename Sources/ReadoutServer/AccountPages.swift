import Foundation
import Hummingbird
import ReadoutCore
import ReadoutStore

/// The dashboard's routes for signing in and out, one's account, administration and roles.
/// Sign-in forms are protected by a double-submitted token (a cookie and a field that must
/// match), since there is no session yet; every other form by the session's CSRF token.
enum AccountPages {
    /// Where to go after signing in: a path of this server only (never `//host` or a URL).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }

    static func loginPage(_ service: ReadoutService, next: String, failure: ReadoutError? = nil) -> Response {
        let token = Credentials.random()
        var response = DashboardRoutes.html(
            .anonymous, status: failure.map { Reply.status(for: $0.problem.code) } ?? .ok
        ) {
            Pages.login(next: next, token: token, failure: failure)
        }
        response.headers[.setCookie] = AccessMiddleware.setCookie(
            AccessMiddleware.loginCookieName, token, maxAge: 3600, secure: service.configuration.secureCookies)
        return response
    }

    static func add(to router: Router<ReadoutRequestContext>, service: ReadoutService) {
        let accounts = service.accounts
        router.get("/login") { request, _ in loginPage(service, next: safeNext(request.query("next"))) }
        router.post("/login") { request, _ in
            let body = try await request.bytes(limit: 64 << 10, required: false)
            let f = URLForm.decode(String(decoding: body, as: UTF8.self))
            let next = safeNext(f["next"])
            guard let sent = f["csrf"],
                let kept = AccessMiddleware.cookie(AccessMiddleware.loginCookieName, in: request),
                Credentials.equal(sent, kept)
            else {
                throw ReadoutError(
                    file: nil, code: "csrf-invalid", "the sign-in form is not this server's, or has expired",
                    variable: "csrf", expected: "the form from /login")
            }
            do {
                let login = try await accounts.login(name: f["name"] ?? "", password: f["password"] ?? "")
                var response = Reply.redirect(next)
                response.headers[values: .setCookie] = [
                    AccessRoutes.sessionCookie(login.cookie, service: service),
                    AccessMiddleware.setCookie(
                        AccessMiddleware.loginCookieName, "", maxAge: 0, secure: service.configuration.secureCookies),
                ]
                return response
            } catch let e as ReadoutError where ["login-failed", "login-locked"].contains(e.problem.code) {
                return loginPage(service, next: next, failure: e)
            }
        }
        router.post("/logout") { request, context in
            _ = try await DashboardRoutes.fields(request, context)
            try await accounts.logout(context.principal)
            var response = Reply.redirect("/login")
            response.headers[.setCookie] = AccessRoutes.clearedCookie(service: service)
            return response
        }
        @Sendable func account(_ p: Principal, secret: String? = nil) async throws -> Response {
            try p.requireSignedIn()
            guard let u = p.user else {
                throw ReadoutError(file: nil, code: "not-found", "an open server has no accounts", value: "/account")
            }
            let tokens = try await service.store.tokens(user: u.id)
            return DashboardRoutes.html(p) { Pages.account(u, tokens: tokens, roles: p.roles, secret: secret) }
        }
        router.get("/account") { _, context in try await account(context.principal) }
        router.post("/account/tokens") { request, context in
            let f = try await DashboardRoutes.fields(request, context)
            let made = try await accounts.createToken(
                name: f["name"] ?? "", days: Int(f["days"] ?? "90") ?? 0, for: context.principal)
            return try await account(context.principal, secret: made.secret)
        }
        router.post("/account/tokens/{token}/revoke") { request, context in
            _ = try await DashboardRoutes.fields(request, context)
            try await accounts.revokeToken(try request.id("token", context), by: context.principal)
            return Reply.redirect("/account")
        }
        router.post("/account/password") { request, context in
            let f = try await DashboardRoutes.fields(request, context)
            try await accounts.changePassword(current: f["current"] ?? "", new: f["new"] ?? "", by: context.principal)
            var response = Reply.redirect("/login")
            response.headers[.setCookie] = AccessRoutes.clearedCookie(service: service)
            return response
        }
        router.post("/account/sign-out-everywhere") { request, context in
            _ = try await DashboardRoutes.fields(request, context)
            _ = try await accounts.logoutEverywhere(context.principal)
            var response = Reply.redirect("/login")
            response.headers[.setCookie] = AccessRoutes.clearedCookie(service: service)
            return response
        }
        router.get("/admin") { _, context in
            let p = context.principal
            try p.requireSiteAdmin()
            let users = try await service.store.users()
            let studies = try await service.store.studies()
            return DashboardRoutes.html(p) { Pages.admin(users, studies: studies) }
        }
        router.post("/admin/users") { request, context in
            let f = try await DashboardRoutes.fields(request, context)
            _ = try await accounts.addUser(
                name: f["name"] ?? "", displayName: f["displayName"] ?? "", password: f["password"] ?? "",
                siteAdmin: f["siteAdmin"] == "yes", by: context.principal)
            return Reply.redirect("/admin")
        }
        router.post("/admin/users/{user}/{verb}") { request, context in
            _ = try await DashboardRoutes.fields(request, context)
            let verb = try request.segment("verb", context)
            guard verb == "disable" || verb == "enable" else {
                throw ReadoutError(file: nil, code: "not-found", "no such action", value: verb)
            }
            _ = try await accounts.setDisabled(
                try request.segment("user", context), verb == "disable", by: context.principal)
            return Reply.redirect("/admin")
        }
        router.post("/admin/studies") { request, context in
            let f = try await DashboardRoutes.fields(request, context)
            let name = f["name"] ?? ""
            _ = try await accounts.createStudy(name, by: context.principal)
            return Reply.redirect("/studies/" + Pages.segment(name))
        }
        router.post("/studies/{study}/roles") { request, context in
            let f = try await DashboardRoutes.fields(request, context)
            let study = try request.segment("study", context)
            _ = try await accounts.setRole(
                try AccessRoutes.role(f["role"] ?? ""), of: f["user"] ?? "", on: study,
                granted: f["action"] != "revoke",
                by: context.principal)
            return Reply.redirect("/studies/" + Pages.segment(study))
        }
    }
}

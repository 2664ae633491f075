import ReadoutCore
import ReadoutStore

/// The dashboard's pages for signing in, one's account, administration, roles and signatures.
extension Pages {
    /// Who the page is rendered for: set around each rendering by `DashboardRoutes.html`.
    @TaskLocal static var viewer = Principal.anonymous

    /// The hidden field every state-changing form carries (the session's CSRF token).
    static func csrfField() -> String {
        guard let token = viewer.session?.csrf else { return "" }
        return "<input type=\"hidden\" name=\"csrf\" value=\"\(e(token))\">"
    }

    /// The header's end: the user, their account and a sign-out button.
    static func signedIn() -> String {
        guard let u = viewer.user else { return "" }
        var out = "<span class=user><a href=\"/account\">\(e(u.displayName))</a>"
        if u.siteAdmin { out += " <a href=\"/admin\">Administration</a>" }
        out += "<form class=inline method=\"post\" action=\"/logout\">\(csrfField())"
        return out + "<button type=\"submit\">Sign out</button></form></span>"
    }

    static func login(next: String, token: String, failure: ReadoutError?) -> String {
        var body = ""
        if let failure { body += "<p class=error>\(e(failure.problem.message))</p>" }
        body += """
            <form method="post" action="/login"><input type="hidden" name="csrf" value="\(e(token))">
            <input type="hidden" name="next" value="\(e(next))">
            <label>User name <input type="text" name="name" autocomplete="username" required autofocus></label>
            <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
            <button type="submit">Sign in</button></form>
            """
        return page("Sign in", body)
    }

    static func account(
        _ u: StoredUser, tokens: [StoredToken], roles: [String: Set<StudyRole>], secret: String?
    )
        -> String
    {
        var body = "<p>\(e(u.displayName)) (<code>\(e(u.name))</code>)\(u.siteAdmin ? ", site administrator" : "")</p>"
        if let secret {
            body += "<p class=notice>The new token, shown this once: <code id=\"token-secret\">\(e(secret))</code></p>"
        }
        body += "<h2>Roles</h2><ul>"
        for study in roles.keys.sorted() {
            body += "<li><a href=\"/studies/\(segment(study))\">\(e(study))</a>: "
            body += roles[study]!.sorted().map(\.rawValue).joined(separator: ", ") + "</li>"
        }
        body += "</ul><h2>API tokens</h2><table><tr><th>Name</th><th>Created</th><th>Expires</th><th></th></tr>\n"
        for t in tokens {
            body += "<tr><td>\(e(t.name))</td><td>\(APIDocuments.time(t.created))</td>"
            body += "<td>\(APIDocuments.time(t.expires))</td><td>"
            if let r = t.revoked {
                body += "revoked \(APIDocuments.time(r))"
            } else {
                body += "<form class=inline method=\"post\" action=\"/account/tokens/\(t.id)/revoke\">\(csrfField())"
                body += "<button type=\"submit\">Revoke</button></form>"
            }
            body += "</td></tr>\n"
        }
        body += """
            </table>
            <form method="post" action="/account/tokens"><h2>Make an API token</h2>\(csrfField())
            <label>What it is for <input type="text" name="name" required maxlength="64"></label>
            <label>Days it lasts <input type="number" name="days" value="90" min="1" max="365"></label>
            <button type="submit">Make</button></form>
            <form method="post" action="/account/password"><h2>Change the password</h2>\(csrfField())
            <label>Current password <input type="password" name="current" autocomplete="current-password" \
            required></label>
            <label>New password <input type="password" name="new" autocomplete="new-password" required></label>
            <button type="submit">Change (signs out everywhere)</button></form>
            <form method="post" action="/account/sign-out-everywhere"><h2>Sessions</h2>\(csrfField())
            <button type="submit">Sign out everywhere</button></form>
            """
        return page("Account", body)
    }

    static func admin(_ users: [StoredUser], studies: [String]) -> String {
        var body = "<h2>Users</h2><table><tr><th>Name</th><th>Printed name</th><th>Site admin</th><th>State</th>"
        body += "<th></th></tr>\n"
        for u in users {
            let verb = u.disabled ? "enable" : "disable"
            body += "<tr><td>\(e(u.name))</td><td>\(e(u.displayName))</td><td>\(u.siteAdmin ? "yes" : "")</td>"
            body += "<td>\(u.disabled ? "disabled" : "active")</td><td><form class=inline method=\"post\" "
            body += "action=\"/admin/users/\(segment(u.name))/\(verb)\">\(csrfField())"
            body += "<button type=\"submit\">\(verb.capitalized)</button></form></td></tr>\n"
        }
        body += """
            </table>
            <form method="post" action="/admin/users"><h2>Add a user</h2>\(csrfField())
            <label>User name <input type="text" name="name" required pattern="[a-z0-9._\\-]{1,64}"></label>
            <label>Printed name <input type="text" name="displayName" required></label>
            <label>Password <input type="password" name="password" autocomplete="new-password" required></label>
            <label><input type="checkbox" name="siteAdmin" value="yes"> Site administrator</label>
            <button type="submit">Add</button></form>
            <h2>Studies</h2><ul>
            """
        for s in studies { body += "<li><a href=\"/studies/\(segment(s))\">\(e(s))</a></li>" }
        body += """
            </ul><form method="post" action="/admin/studies"><h2>Create a study</h2>\(csrfField())
            <label>Study <input type="text" name="name" required pattern="[A-Za-z0-9._\\-]{1,64}"></label>
            <button type="submit">Create</button></form>
            """
        return page("Administration", body)
    }

    /// For a user who is not a site administrator: the studies whose trail they administer.
    static func auditChoice(_ studies: [String]) -> String {
        var body = "<p>The whole trail is for site administrators. "
        if studies.isEmpty {
            body += "A study's trail is for its administrators; you administer none.</p>"
        } else {
            body += "The trails of the studies you administer:</p><ul>"
            for s in studies { body += "<li><a href=\"/audit?study=\(query(s))\">\(e(s))</a></li>" }
            body += "</ul>"
        }
        return page("Audit trail", body)
    }

    static func roleSection(_ study: String, _ roles: [(user: String, role: StudyRole)]) -> String {
        var body = "<h2>Roles</h2><table><tr><th>User</th><th>Role</th><th></th></tr>\n"
        for r in roles {
            body += "<tr><td>\(e(r.user))</td><td>\(r.role.rawValue)</td><td><form class=inline method=\"post\" "
            body += "action=\"/studies/\(segment(study))/roles\">\(csrfField())"
            body += "<input type=\"hidden\" name=\"user\" value=\"\(e(r.user))\">"
            body += "<input type=\"hidden\" name=\"role\" value=\"\(r.role.rawValue)\">"
            body += "<input type=\"hidden\" name=\"action\" value=\"revoke\"><button type=\"submit\">Revoke</button>"
            body += "</form></td></tr>\n"
        }
        let options = StudyRole.allCases.map { "<option>\($0.rawValue)</option>" }.joined()
        body += """
            </table><form method="post" action="/studies/\(segment(study))/roles"><h2>Grant a role</h2>\(csrfField())
            <input type="hidden" name="action" value="grant">
            <label>User <input type="text" name="user" required></label>
            <label>Role <select name="role">\(options)</select></label>
            <button type="submit">Grant</button></form>
            """
        return body
    }

    static func signatureSection(_ r: StoredRun, _ signatures: [StoredSignature]) -> String {
        var body = "<section id=\"signatures\"><h2>Signatures</h2>"
        if signatures.isEmpty {
            body += "<p>Not signed.</p>"
        } else {
            body += "<table><tr><th>Printed name</th><th>Meaning</th><th>Signed (UTC)</th><th>Result digest</th></tr>"
            for s in signatures {
                body += "<tr><td>\(e(s.printedName)) (<code>\(e(s.userName))</code>)</td><td>\(s.meaning.rawValue)</td>"
                body += "<td>\(s.time)</td><td class=mono>\(s.runDigest)</td></tr>\n"
            }
            body += "</table>"
        }
        body += "<p><a href=\"/api/v1/runs/\(r.id)/export\">Export the signed report</a></p>"
        if viewer.isOpen == false, viewer.user != nil {
            let options = SignatureMeaning.allCases.map { "<option>\($0.rawValue)</option>" }.joined()
            body += """
                <form method="post" action="/runs/\(r.id)/sign"><h3>Sign this run off</h3>\(csrfField())
                <p>Signing binds your name, the time and the meaning to outputs <code>\(r.digest.prefix(12))</code>.</p>
                <label>Meaning <select name="meaning">\(options)</select></label>
                <label>Your password, again <input type="password" name="password" autocomplete="current-password" \
                required></label>
                <button type="submit">Sign</button></form>
                """
        }
        return body + "</section>"
    }
}

import ReadoutCore
import ReadoutStore

/// The documents of the account routes (docs/results-contract.md, docs/schema). No document
/// carries a password hash, a session cookie or a token's digest; a new token's secret is in the
/// one response that makes it.
enum AccessDocuments {
    static func userObject(_ u: StoredUser) -> JSONObject {
        var o = JSONObject()
        o.add("name", u.name)
        o.add("displayName", u.displayName)
        o.add("siteAdmin", u.siteAdmin)
        o.add("disabled", u.disabled)
        o.add("created", APIDocuments.time(u.created))
        return o
    }

    static func rolesObject(_ roles: [String: Set<StudyRole>]) -> [JSONObject] {
        roles.keys.sorted().map { study in
            var o = JSONObject()
            o.add("study", study)
            o.add("roles", roles[study]!.sorted().map(\.rawValue))
            return o
        }
    }

    static func session(_ p: Principal) -> String {
        APIDocuments.document("session") { o in
            o.add("user", p.user.map(userObject))
            o.add("credential", p.credential.rawValue)
            o.add("roles", rolesObject(p.roles))
            o.add("csrf", p.session?.csrf)
            o.add("expires", p.session.map { APIDocuments.time($0.expires) })
        }
    }

    static func user(_ u: StoredUser) -> String {
        APIDocuments.document("user") { o in o.add("user", userObject(u)) }
    }

    static func users(_ list: [StoredUser]) -> String {
        APIDocuments.document("users") { o in o.add("users", list.map(userObject)) }
    }

    static func tokenObject(_ t: StoredToken) -> JSONObject {
        var o = JSONObject()
        o.add("id", Int(t.id))
        o.add("name", t.name)
        o.add("created", APIDocuments.time(t.created))
        o.add("expires", APIDocuments.time(t.expires))
        o.add("revoked", t.revoked.map(APIDocuments.time))
        return o
    }

    static func token(_ t: StoredToken, secret: String) -> String {
        APIDocuments.document("token") { o in
            o.add("token", tokenObject(t))
            o.add("secret", secret)
        }
    }

    static func tokens(_ list: [StoredToken]) -> String {
        APIDocuments.document("tokens") { o in o.add("tokens", list.map(tokenObject)) }
    }

    static func roles(study: String, _ list: [(user: String, role: StudyRole)]) -> String {
        APIDocuments.document("study-roles") { o in
            o.add("study", study)
            o.add(
                "roles",
                list.map { r -> JSONObject in
                    var x = JSONObject()
                    x.add("user", r.user)
                    x.add("role", r.role.rawValue)
                    return x
                })
        }
    }

    static func signatureObject(_ s: StoredSignature) -> JSONObject {
        var o = JSONObject()
        o.add("id", Int(s.id))
        o.add("user", s.userName)
        o.add("printedName", s.printedName)
        o.add("meaning", s.meaning.rawValue)
        o.add("time", s.time)
        o.add("runDigest", s.runDigest)
        return o
    }

    static func signatures(run: Int64, _ list: [StoredSignature]) -> String {
        APIDocuments.document("signatures") { o in
            o.add("run", Int(run))
            o.add("signatures", list.map(signatureObject))
        }
    }
}

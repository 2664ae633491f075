import Foundation
import ReadoutCore
import ReadoutData
import ReadoutStore

extension ReadoutService {
    /// Signs run `id` off: an approver of its study gives their password again and says what the
    /// signature means. The signature records the run's result digest; another cut or spec is
    /// another run, which this signature never covers.
    public func sign(
        run id: Int64, password: String, meaning: String?, _ p: Principal
    ) async throws
        -> StoredSignature
    {
        let (run, cut) = try await run(id, p, needs: .approver)
        guard let user = p.user else {
            throw ReadoutError(
                file: nil, code: "sign-in-required", "a signature needs a signed-in user",
                expected: "a server with accounts (--access accounts)")
        }
        guard let meaning = meaning.flatMap(SignatureMeaning.init(rawValue:)) else {
            throw ReadoutError(
                file: nil, code: "parameter-invalid", "the signature's meaning is not known", variable: "meaning",
                value: meaning ?? "(none)", expected: SignatureMeaning.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let c = configuration.access
        let throttle = try await store.loginThrottle(name: user.name)
        if throttle.lockedUntil > Self.now() { throw Accounts.locked(until: throttle.lockedUntil, now: Self.now()) }
        guard try await accounts.verify(password, hash: user.passwordHash) else {
            // A wrong password here counts as a failed sign-in: signing cannot be used to guess.
            _ = try await store.recordLoginFailure(
                name: user.name, now: Self.now(), limit: c.loginAttempts, lockout: Int64(c.loginLockout * 1000))
            try await accounts.audit(
                p, .signatureRefused, study: cut.study, object: "run \(run.id)", sha: run.digest,
                detail: ["reason": "wrong-password"])
            throw ReadoutError(
                file: nil, code: "password-wrong", "the password is not right: the run is not signed",
                variable: "password")
        }
        try await store.clearLoginFailures(name: user.name)
        let signature = try await store.addSignature(
            run: run.id, user: user.id, printedName: user.displayName, meaning: meaning, now: Self.now(),
            runDigest: run.digest)
        signatureCache.removeAll()
        try await accounts.audit(
            p, .runSigned, study: cut.study, object: "run \(run.id)", sha: run.digest,
            detail: ["meaning": meaning.rawValue, "printedName": user.displayName, "signature": String(signature.id)])
        return signature
    }

    public func signatures(run id: Int64, _ p: Principal) async throws -> [StoredSignature] {
        let (run, _) = try await run(id, p)
        if let s = signatureCache.get(run.id) { return s }
        let s = try await store.signatures(run: run.id)
        signatureCache.put(run.id, s)
        return s
    }

    /// The run's HTML report with its signatures (the stored report is immutable; signatures come
    /// later, so they are added when the report is exported). Each export is an audit entry.
    public func export(run id: Int64, _ p: Principal) async throws -> [UInt8] {
        let (run, cut) = try await run(id, p)
        let html = String(
            decoding: try await file("readout.html", of: run.files, owner: "run \(run.id)"), as: UTF8.self)
        let signatures = try await store.signatures(run: run.id)
        let block = Self.signatureBlock(run: run, cut: cut, signatures: signatures)
        let exported: String
        if let end = html.range(of: "</body>", options: .backwards) {
            exported = html.replacingCharacters(in: end, with: block + "</body>")
        } else {
            exported = html + block
        }
        let bytes = Array(exported.utf8)
        try await accounts.audit(
            p, .runExported, study: cut.study, object: "run \(run.id)", sha: SHA256.hex(bytes),
            detail: ["format": "html", "signatures": String(signatures.count)])
        return bytes
    }

    static func signatureBlock(run: StoredRun, cut: StoredCut, signatures: [StoredSignature]) -> String {
        let e = Markup.escape
        var out = "<section id=\"signatures\"><h2>Electronic signatures</h2>\n"
        out +=
            "<p>Run \(run.id): \(e(run.specName)) on cut \(cut.id) (\(e(cut.label)), cut-off \(cut.cutoff.iso)) "
            + "of \(e(cut.study)); result digest <code>\(run.digest)</code>.</p>\n"
        if signatures.isEmpty {
            out += "<p>This run has not been signed.</p>\n"
        } else {
            out += "<table><tr><th>Printed name</th><th>User</th><th>Meaning</th><th>Signed (UTC)</th>"
            out += "<th>Result digest signed</th></tr>\n"
            for s in signatures {
                out += "<tr><td>\(e(s.printedName))</td><td>\(e(s.userName))</td><td>\(s.meaning.rawValue)</td>"
                out += "<td>\(s.time)</td><td><code>\(s.runDigest)</code></td></tr>\n"
            }
            out += "</table>\n"
        }
        return out + "</section>\n"
    }
}

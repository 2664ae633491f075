import Foundation
import ReadoutCore
import ReadoutData
import ReadoutTestSupport
import Testing

@testable import ReadoutStore

/// Users, sessions, tokens, roles, throttling and signatures, on every store.
@Suite(.temporaryFolders) struct AccountStoreTests {
    /// Everything the server does with accounts, checked; also run as the PostgreSQL role the
    /// server uses (StoreTests.aGrantedRoleCannotRewriteTheStore).
    static func exercise(_ s: any ReadoutStore, cutID: Int64) async throws {
        let alice = try await s.addUser(
            name: "alice", displayName: "Alice Smith", passwordHash: "h1", siteAdmin: true, now: 10)
        let bob = try await s.addUser(
            name: "bob", displayName: "Bob Jones", passwordHash: "h2", siteAdmin: false, now: 11)
        await #expect(throws: ReadoutError.self) {
            _ = try await s.addUser(name: "bob", displayName: "B", passwordHash: "h", siteAdmin: false, now: 12)
        }
        #expect(try await s.user(name: "alice") == alice)
        #expect(try await s.user(id: bob.id) == bob)
        #expect(try await s.users().map(\.name) == ["alice", "bob"])
        try await s.setPassword(user: bob.id, hash: "h3")
        try await s.setDisabled(user: bob.id, true)
        let changed = try await s.user(id: bob.id)
        #expect(changed?.passwordHash == "h3" && changed?.disabled == true)

        // Sessions: found until expired or revoked; revoking all of a user's counts the open ones.
        for (k, expires) in [(1, 100), (2, 200), (3, 300)] {
            try await s.addSession(
                StoredSession(tokenSHA256: "s\(k)", user: bob.id, csrf: "c\(k)", created: 1, expires: Int64(expires)))
        }
        #expect(try await s.session(tokenSHA256: "s1", now: 50)?.csrf == "c1")
        #expect(try await s.session(tokenSHA256: "s1", now: 100) == nil, "expired")
        try await s.revokeSession(tokenSHA256: "s2", now: 60)
        #expect(try await s.session(tokenSHA256: "s2", now: 61) == nil, "revoked")
        #expect(try await s.revokeSessions(user: bob.id, now: 150) == 1, "only s3 was open")
        #expect(try await s.session(tokenSHA256: "s3", now: 151) == nil)

        // Tokens: found by hash until expired or revoked, revocable only by their owner.
        let t = try await s.addToken(user: bob.id, name: "ci", tokenSHA256: "t1", now: 5, expires: 1000)
        #expect(try await s.token(sha256: "t1", now: 6) == t)
        #expect(try await s.token(sha256: "t1", now: 1000) == nil)
        #expect(try await s.revokeToken(id: t.id, user: alice.id, now: 7) == false)
        #expect(try await s.revokeToken(id: t.id, user: bob.id, now: 7) == true)
        #expect(try await s.revokeToken(id: t.id, user: bob.id, now: 8) == false)
        #expect(try await s.token(sha256: "t1", now: 9) == nil)
        #expect(try await s.tokens(user: bob.id).first?.revoked == 7)

        // Roles: on existing studies only; granting twice or revoking what is not held says so.
        let study = try await s.cut(cutID)!.study
        #expect(try await s.addStudy("NEW") == true)
        #expect(try await s.addStudy("NEW") == false)
        #expect(try await s.addStudy(study) == false)
        #expect(try await s.grant(user: bob.id, study: study, role: .viewer) == true)
        #expect(try await s.grant(user: bob.id, study: study, role: .viewer) == false)
        #expect(try await s.grant(user: bob.id, study: "NEW", role: .approver) == true)
        await #expect(throws: ReadoutError.self) { _ = try await s.grant(user: bob.id, study: "NONE", role: .viewer) }
        #expect(try await s.roles(user: bob.id) == [study: [.viewer], "NEW": [.approver]])
        #expect(try await s.roles(study: "NEW").map { "\($0.user) \($0.role.rawValue)" } == ["bob approver"])
        #expect(try await s.revoke(user: bob.id, study: "NEW", role: .approver) == true)
        #expect(try await s.revoke(user: bob.id, study: "NEW", role: .approver) == false)
        #expect(try await s.roles(user: bob.id) == [study: [.viewer]])

        // Throttling: the third failure locks the name and starts counting again; success clears it.
        #expect(try await s.recordLoginFailure(name: "x", now: 1, limit: 3, lockout: 50).lockedUntil == 0)
        #expect(try await s.recordLoginFailure(name: "x", now: 2, limit: 3, lockout: 50).failures == 2)
        #expect(try await s.recordLoginFailure(name: "x", now: 3, limit: 3, lockout: 50).lockedUntil == 53)
        #expect(try await s.loginThrottle(name: "x") == LoginThrottle(failures: 0, lockedUntil: 53))
        try await s.clearLoginFailures(name: "x")
        #expect(try await s.loginThrottle(name: "x") == LoginThrottle(failures: 0, lockedUntil: 0))

        // Signatures: kept with the run's digest, oldest first.
        let run = try await s.addRun(cut: cutID, specName: "sign.yaml", spec: [7, 7], files: [("readout.md", [8])])
        let sig = try await s.addSignature(
            run: run.id, user: alice.id, printedName: "Alice Smith", meaning: .approved, now: 86_400_000,
            runDigest: run.digest)
        #expect(sig.time == "1970-01-02T00:00:00.000Z" && sig.userName == "alice")
        #expect(try await s.signatures(run: run.id) == [sig])
    }

    @Test(arguments: StoreKind.allCases) func accountsWorkOnEveryStore(kind: StoreKind) async throws {
        guard let s = try await kind.make("accounts") else { return }
        do {
            _ = try await s.migrate()
            let cut = try await s.addCut(
                study: "S", label: "c", cutoff: StoreTests.cutoff, files: [("dm.csv", [1])], validation: "{}")
            try await Self.exercise(s, cutID: cut.id)
            await #expect(throws: ReadoutError.self, "signatures are immutable") {
                try await s.execute("UPDATE signatures SET meaning = 'reviewed'")
            }
            try await s.shutdown()
        } catch {
            try? await s.shutdown()
            throw error
        }
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import ReadoutCore
import ReadoutData
import ReadoutTestSupport
import Testing

@testable import ReadoutServer

/// The dashboard as a browser without script uses it: forms posted, redirects followed, every
/// link of every page answered, security headers on every response.
@Suite(.temporaryFolders) struct DashboardTests {
    static let boundary = "readout-test-boundary"

    /// A multipart/form-data body of text fields and files.
    static func form(
        _ fields: [(String, String)], files: [(field: String, name: String, bytes: [UInt8])] = []
    )
        -> ByteBuffer
    {
        var body: [UInt8] = []
        for (k, v) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8)
        }
        for f in files {
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(f.field)\"; filename=\"\(f.name)\"\r\n"
                    .utf8)
            body += Array("Content-Type: application/octet-stream\r\n\r\n".utf8) + f.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ServerTests.buffer(body)
    }

    static let formHeaders: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]

    func page(
        _ client: any TestClientProtocol, _ uri: String, sourceLocation: SourceLocation = #_sourceLocation
    )
        async throws -> String
    {
        let r = try await client.execute(uri: uri, method: .get)
        #expect(r.status == .ok, "\(uri): \(r.status)", sourceLocation: sourceLocation)
        #expect(r.headers[.contentSecurityPolicy] != nil, "\(uri)", sourceLocation: sourceLocation)
        #expect(r.headers[.xContentTypeOptions] == "nosniff", sourceLocation: sourceLocation)
        let html = ServerTests.text(r)
        #expect(!html.contains("<script"), "\(uri) has a script", sourceLocation: sourceLocation)
        return html
    }

    /// The site-relative links (href, src, action) of a page.
    static func links(_ html: String) -> [String] {
        var out: [String] = []
        for attribute in ["href=\"", "src=\""] {
            var rest = Substring(html)
            while let r = rest.range(of: attribute) {
                rest = rest[r.upperBound...]
                guard let end = rest.firstIndex(of: "\"") else { break }
                let link = String(rest[..<end]).replacingOccurrences(of: "&amp;", with: "&")
                if link.hasPrefix("/") { out.append(link) }
            }
        }
        return out
    }

    @Test func aCutIsUploadedRunAndReadThroughTheForms() async throws {
        let archive = try ServerTests.zip(repositoryRoot + "/examples/phase2/data")
        try await ServerTests().withServer { _, client in
            let home = try await page(client, "/")
            #expect(home.contains("No study yet") && home.contains("enctype=\"multipart/form-data\""))
            let upload = try await client.execute(
                uri: "/cuts", method: .post, headers: Self.formHeaders,
                body: Self.form(
                    [("study", "RDT-P2-001"), ("label", "final"), ("cutoff", "2008-08-29")],
                    files: [("archive", "final.zip", archive)]))
            #expect(upload.status == .seeOther)
            let cutPage = try #require(upload.headers[.location])
            let cut = try await page(client, cutPage)
            #expect(cut.contains("Run a readout") && cut.contains("dm.csv"))
            let start = try await client.execute(
                uri: cutPage + "/runs", method: .post, headers: Self.formHeaders,
                body: Self.form([("example", "phase2/readout.yaml")]))
            #expect(start.status == .seeOther)
            let jobPage = try #require(start.headers[.location])
            let jobID = Int64(jobPage.split(separator: "/").last!)!
            let done = try await ServerTests.wait(client, job: jobID)
            let runID = ServerTests.int(done["result"]?["id"])!
            let job = try await page(client, jobPage)
            #expect(job.contains("succeeded") && job.contains("/runs/\(runID)") && !job.contains("http-equiv"))
            let run = try await page(client, "/runs/\(runID)")
            #expect(run.contains("/runs/\(runID)/subjects/RDT-P2-001-101-1001") && run.contains("<iframe"))
            let subject = try await page(client, "/runs/\(runID)/subjects/RDT-P2-001-101-1001")
            #expect(subject.contains("Best overall response (BOR)") && subject.contains("<h2>RS"))
            let check = try await client.execute(
                uri: "/runs/\(runID)/check", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ServerTests.buffer(Array("text=Of+112+patients%2C+50+%2844.6%25%29+responded.".utf8)))
            #expect(check.status == .ok && ServerTests.text(check).contains("44.6%"))
            let sim = try await client.execute(
                uri: "/simulations", method: .post, headers: Self.formHeaders,
                body: Self.form([("example", "simulation/demo.yaml")]))
            #expect(sim.status == .seeOther)
            let simJob = Int64(try #require(sim.headers[.location]).split(separator: "/").last!)!
            _ = try await ServerTests.wait(client, job: simJob)
            let audit = try await page(client, "/audit?study=RDT-P2-001")
            #expect(audit.contains("The chain of all") && audit.contains("cut-stored") && audit.contains("run-queued"))
            // Every link of every page, followed from the home page.
            var seen: Set<String> = []
            var queue = ["/"]
            while let uri = queue.popLast() {
                guard seen.insert(uri).inserted else { continue }
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .ok, "\(uri) linked but answers \(r.status)")
                if r.headers[.contentType]?.hasPrefix("text/html") == true, !uri.contains("/files/") {
                    queue += Self.links(ServerTests.text(r)).filter { !seen.contains($0) }
                }
            }
            #expect(seen.count >= 20 && seen.contains("/simulations/1"))
            let missing = try await client.execute(uri: "/cuts/999", method: .get)
            #expect(missing.status == .notFound && ServerTests.text(missing).contains("cut-unknown"))
        }
    }
}

extension DashboardTests {
    /// The value `name` of the first hidden field of that name in a page.
    static func hidden(_ name: String, in html: String) -> String? {
        guard let r = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[r.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    static func cookie(_ name: String, from r: TestResponse) -> String? {
        for line in r.headers[values: .setCookie] where line.hasPrefix(name + "=") {
            return String(line.split(separator: ";")[0].dropFirst(name.count + 1))
        }
        return nil
    }

    /// With accounts: pages send an anonymous browser to the sign-in form; the form works only
    /// with its own token (a cookie and a field); signed in, every form carries the session's CSRF
    /// token and a form without it is refused; an approver signs a run off from its page.
    @Test func theDashboardSignsInAndItsFormsCarryTheCSRFToken() async throws {
        try await AccessTests().withAccounts { _, client, f in
            let anonymous = try await client.execute(uri: "/studies/\(AccessTests.study)", method: .get)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location]?.hasPrefix("/login?next=") == true)
            let form = try await client.execute(uri: "/login?next=/runs/\(f.run[AccessTests.study]!)", method: .get)
            let loginToken = Self.hidden("csrf", in: ServerTests.text(form))
            let loginCookie = Self.cookie("readout-login", from: form)
            #expect(loginToken != nil && loginToken == loginCookie)
            func signIn(token: String?, cookie: String?) async throws -> TestResponse {
                var h: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
                if let cookie { h[.cookie] = "readout-login=\(cookie)" }
                let body =
                    "name=abe&password=\(Pages.query(AccessTests.password))&csrf=\(token ?? "")&next="
                    + Pages.query("/runs/\(f.run[AccessTests.study]!)")
                return try await client.execute(uri: "/login", method: .post, headers: h, body: AccessTests.body(body))
            }
            // Another site's form (no matching cookie) cannot sign anyone in.
            #expect(try await signIn(token: loginToken, cookie: "other").status == .forbidden)
            let signedIn = try await signIn(token: loginToken, cookie: loginCookie)
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/runs/\(f.run[AccessTests.study]!)")
            let session = try #require(Self.cookie("readout-session", from: signedIn))
            let h: HTTPFields = [.cookie: "readout-session=\(session)"]
            let runPage = ServerTests.text(
                try await client.execute(uri: "/runs/\(f.run[AccessTests.study]!)", method: .get, headers: h))
            let csrf = try #require(Self.hidden("csrf", in: runPage))
            #expect(
                runPage.contains("Abe Tester") && runPage.contains("action=\"/runs/\(f.run[AccessTests.study]!)/sign\"")
            )
            var post = h
            post[.contentType] = "application/x-www-form-urlencoded"
            let sign = "/runs/\(f.run[AccessTests.study]!)/sign"
            let forged = try await client.execute(
                uri: sign, method: .post, headers: post,
                body: AccessTests.body("meaning=approved&password=\(Pages.query(AccessTests.password))"))
            #expect(forged.status == .forbidden, "no CSRF token")
            let signed = try await client.execute(
                uri: sign, method: .post, headers: post,
                body: AccessTests.body("meaning=approved&password=\(Pages.query(AccessTests.password))&csrf=\(csrf)"))
            #expect(signed.status == .seeOther)
            let after = ServerTests.text(
                try await client.execute(uri: "/runs/\(f.run[AccessTests.study]!)", method: .get, headers: h))
            #expect(after.contains("<td>Abe Tester (<code>abe</code>)</td><td>approved</td>"))
            // Every form on the page carries the token.
            let forms = after.components(separatedBy: "method=\"post\"").count - 1
            let tokens = after.components(separatedBy: "name=\"csrf\" value=\"\(csrf)\"").count - 1
            #expect(forms > 0 && forms == tokens, "\(forms) post forms, \(tokens) tokens")
            let choice = ServerTests.text(try await client.execute(uri: "/audit", method: .get, headers: h))
            #expect(choice.contains("you administer none"), "abe administers no study")
            let out = try await client.execute(
                uri: "/logout", method: .post, headers: post, body: AccessTests.body("csrf=\(csrf)"))
            #expect(out.status == .seeOther)
            let gone = try await client.execute(uri: "/runs/\(f.run[AccessTests.study]!)", method: .get, headers: h)
            #expect(gone.status == .seeOther, "signed out")
        }
    }
}

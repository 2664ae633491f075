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

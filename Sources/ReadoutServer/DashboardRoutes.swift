import Foundation
import HTTPTypes
import Hummingbird
import MultipartKit
import ReadoutCore
import ReadoutData
import ReadoutExamples
import ReadoutStore

/// The dashboard's routes: pages and the forms they post. Every action here is also an API
/// route; both call the same `ReadoutService` operation.
enum DashboardRoutes {
    /// The bundled specs and simulation files a form may name instead of uploading one.
    static let exampleSpecs = ["phase2/readout.yaml"]
    static let exampleSimulations = ["simulation/demo.yaml", "simulation/boin-vs-3plus3.yaml"]

    static func example(_ name: String, among allowed: [String]) throws -> (name: String, bytes: [UInt8]) {
        guard allowed.contains(name), let folder = Examples.folder,
            let data = FileManager.default.contents(atPath: folder + "/" + name)
        else {
            throw ReadoutError(
                file: nil, code: "example-unknown", "no bundled file \(name)", value: name,
                expected: allowed.joined(separator: ", "))
        }
        return (String(name.split(separator: "/").last!), [UInt8](data))
    }

    /// The parts of a multipart/form-data body, by field name (a browser's file upload).
    static func form(_ request: Request, limit: Int) async throws -> [String: MultipartPart] {
        let type = request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("multipart/form-data"),
            let range = type.range(of: "boundary=")
        else {
            throw ReadoutError(
                file: nil, code: "body-invalid", "the form is not multipart/form-data", value: type,
                expected: "multipart/form-data")
        }
        var boundary = String(type[range.upperBound...])
        if let semicolon = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semicolon]) }
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        let bytes = try await request.bytes(limit: limit, required: false)
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var headers: HTTPHeaders = [:]
        var body = ByteBuffer()
        parser.onHeader = { name, value in headers.replaceOrAdd(name: name, value: value) }
        parser.onBody = { chunk in body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: body))
            headers = [:]
            body = ByteBuffer()
        }
        do { try parser.execute(bytes) } catch {
            throw ReadoutError(
                file: nil, code: "body-invalid", "the form could not be read: \(error)", expected: "multipart/form-data"
            )
        }
        var out: [String: MultipartPart] = [:]
        for p in parts { if let name = p.name { out[name] = p } }
        return out
    }

    /// The file name a browser gave a file field (`filename` in its Content-Disposition).
    static func filename(_ part: MultipartPart?) -> String? {
        guard let disposition = part?.headers.first(name: "Content-Disposition") else { return nil }
        for item in disposition.split(separator: ";") {
            let kv = item.trimmingCharacters(in: .whitespaces)
            if kv.hasPrefix("filename=") {
                let name = kv.dropFirst("filename=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return name.isEmpty ? nil : name
            }
        }
        return nil
    }

    /// The file uploaded in `field`, or else the bundled file chosen in `example`.
    static func uploadedOrBundled(
        _ form: [String: MultipartPart], field: String, among: [String], what: String
    ) throws
        -> (name: String?, bytes: [UInt8])
    {
        let uploaded = bytes(form[field])
        if !uploaded.isEmpty { return (filename(form[field]), uploaded) }
        if let chosen = text(form["example"]) {
            let e = try example(chosen, among: among)
            return (e.name, e.bytes)
        }
        throw ReadoutError(
            file: nil, code: "parameter-invalid", "no file was given", variable: field,
            expected: "\(what), uploaded or bundled")
    }

    static func text(_ part: MultipartPart?) -> String? {
        guard let part else { return nil }
        let s = String(buffer: part.body).trimmingCharacters(in: .whitespacesAndNewlines)
        return s.isEmpty ? nil : s
    }

    static func bytes(_ part: MultipartPart?) -> [UInt8] {
        guard var b = part?.body else { return [] }
        return b.readBytes(length: b.readableBytes) ?? []
    }

    /// A page rendered for `p` (its header names the user; its forms carry the CSRF token).
    static func html(_ p: Principal, status: HTTPResponse.Status = .ok, _ render: () -> String) -> Response {
        Reply.html(Pages.$viewer.withValue(p) { render() }, status: status)
    }

    /// The fields of a url-encoded form, after its CSRF token is checked.
    static func fields(
        _ request: Request, _ context: ReadoutRequestContext, limit: Int = 1 << 20
    ) async throws
        -> [String: String]
    {
        let body = try await request.bytes(limit: limit, required: false)
        let fields = URLForm.decode(String(decoding: body, as: UTF8.self))
        try context.principal.checkCSRF(fields["csrf"])
        return fields
    }

    /// A multipart form, after its CSRF token is checked.
    static func form(
        _ request: Request, _ context: ReadoutRequestContext, limit: Int
    ) async throws
        -> [String: MultipartPart]
    {
        let parts = try await form(request, limit: limit)
        try context.principal.checkCSRF(text(parts["csrf"]))
        return parts
    }

    static func add(to router: Router<ReadoutRequestContext>, service: ReadoutService) {
        let limit = service.configuration.maxUploadBytes
        router.get("/static/readout.css") { _, _ in
            var r = Reply.bytes(Array(Pages.stylesheet.utf8), type: "text/css; charset=utf-8")
            r.headers[.cacheControl] = "public, max-age=3600"
            return r
        }
        router.get("/") { _, context in
            let p = context.principal
            let studies = try await service.studies(p)
            let jobs = try await service.jobs(limit: 10, p)
            return html(p) { Pages.home(studies, jobs: jobs) }
        }
        router.get("/studies/{study}") { request, context in
            let p = context.principal
            let study = try request.segment("study", context)
            let cuts = try await service.cuts(study: study, p)
            var runs: [Int64: [StoredRun]] = [:]
            for c in cuts { runs[c.id] = try await service.runs(cut: c.id, p) }
            let roles = p.isOpen ? nil : try? await service.accounts.roles(study: study, by: p)
            return html(p) { Pages.study(study, cuts: cuts, runs: runs, roles: roles) }
        }
        router.post("/cuts") { request, context in
            let form = try await form(request, context, limit: limit)
            guard let study = text(form["study"]) else {
                throw ReadoutError(file: nil, code: "parameter-invalid", "the study is not given", variable: "study")
            }
            let cut = try await service.upload(
                study: study, label: text(form["label"]), cutoff: text(form["cutoff"]),
                archive: bytes(form["archive"]), name: filename(form["archive"]) ?? "upload", context.principal)
            return Reply.redirect("/cuts/\(cut.id)")
        }
        router.get("/cuts/{cut}") { request, context in
            let p = context.principal
            let cut = try await service.cut(try request.id("cut", context), p)
            let runs = try await service.runs(cut: cut.id, p)
            return html(p) { Pages.cut(cut, runs: runs, specs: exampleSpecs) }
        }
        router.post("/cuts/{cut}/runs") { request, context in
            let id = try request.id("cut", context)
            let form = try await form(request, context, limit: limit)
            let spec = try uploadedOrBundled(form, field: "spec", among: exampleSpecs, what: "an analysis spec")
            let job = try await service.submitReadout(
                cut: id, specName: spec.name, spec: spec.bytes, context.principal)
            return Reply.redirect("/jobs/\(job.id)")
        }
        router.get("/audit") { request, context in
            let p = context.principal
            let study = request.query("study")
            // The whole trail is the site administrator's; others see the studies whose trail they may read.
            if study == nil, !p.isSiteAdmin {
                try p.requireSignedIn()
                let administered = p.roles.filter { $0.value.contains(.studyAdmin) }.keys.sorted()
                return html(p) { Pages.auditChoice(administered) }
            }
            let entries = try await service.auditEntries(study: study, p)
            let verdict = try await service.verifyAudit(p).verification
            return html(p) { Pages.audit(entries, study: study, verdict: verdict) }
        }
        router.get("/jobs") { _, context in
            let p = context.principal
            let jobs = try await service.jobs(limit: 100, p)
            return html(p) { Pages.jobs(jobs) }
        }
        router.get("/jobs/{job}") { request, context in
            let p = context.principal
            let job = try await service.job(try request.id("job", context), p)
            return html(p) { Pages.job(job) }
        }
        router.get("/runs/{run}") { request, context in
            let p = context.principal
            let (run, cut) = try await service.run(try request.id("run", context), p)
            let narrative = String(
                decoding: try await service.file("narrative.txt", of: run.files, owner: "run \(run.id)"), as: UTF8.self)
            let subjects = try subjectList(try await service.file("subject-level.csv", of: run.files, owner: "run"))
            var others: [(run: StoredRun, cut: StoredCut)] = []
            for c in try await service.cuts(study: cut.study, p) where c.cutoff <= cut.cutoff {
                for r in try await service.runs(cut: c.id, p) where r.id != run.id { others.append((r, c)) }
            }
            let counts = try await service.counts(run: run)
            let signatures = try await service.signatures(run: run.id, p)
            return html(p) {
                Pages.run(
                    run, cut: cut, subjects: subjects, narrative: narrative, others: others, counts: counts,
                    signatures: signatures)
            }
        }
        router.post("/runs/{run}/sign") { request, context in
            let id = try request.id("run", context)
            let f = try await fields(request, context)
            _ = try await service.sign(
                run: id, password: f["password"] ?? "", meaning: f["meaning"], context.principal)
            return Reply.redirect("/runs/\(id)#signatures")
        }
        router.get("/runs/{run}/subjects/{subject}") { request, context in
            let p = context.principal
            let id = try request.id("run", context)
            let record = try await service.subject(run: id, subject: try request.segment("subject", context), p)
            let run = try await service.run(id, p).0
            return html(p) { Pages.subject(record, run: run) }
        }
        router.get("/runs/{run}/counted") { request, context in
            let p = context.principal
            let id = try request.id("run", context)
            guard let count = request.query("id") else {
                throw ReadoutError(file: nil, code: "parameter-invalid", "the count is not given", variable: "id")
            }
            let counted = try await service.counted(run: id, count: count, p)
            return html(p) { Pages.counted(counted) }
        }
        router.post("/runs/{run}/check") { request, context in
            let p = context.principal
            let id = try request.id("run", context)
            let f = try await fields(request, context, limit: limit)
            guard let text = f["text"], !text.isEmpty else {
                throw ReadoutError(file: nil, code: "parameter-invalid", "no text was given", variable: "text")
            }
            let check = try await service.checkText(run: id, text: text, p)
            let run = try await service.run(id, p).0
            return html(p) { Pages.check(check, run: run) }
        }
        router.get("/compare") { request, context in
            let c = try await service.compare(
                from: try request.idQuery("from"), to: try request.idQuery("to"), context.principal)
            var response = Reply.html(c.render(.html))
            response.headers[.contentSecurityPolicy] =
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
            return response
        }
        router.get("/simulations") { _, context in
            let p = context.principal
            let jobs = try await service.jobs(limit: 100, p)
            return html(p) { Pages.simulations(jobs, examples: exampleSimulations) }
        }
        router.post("/simulations") { request, context in
            let form = try await form(request, context, limit: limit)
            let file = try uploadedOrBundled(form, field: "file", among: exampleSimulations, what: "a simulation file")
            let job = try await service.submitSimulation(name: file.name, file: file.bytes, context.principal)
            return Reply.redirect("/jobs/\(job.id)")
        }
        router.get("/simulations/{simulation}") { request, context in
            let p = context.principal
            let s = try await service.simulation(try request.id("simulation", context), p)
            return html(p) { Pages.simulation(s) }
        }
        AccountPages.add(to: router, service: service)
    }

    /// Each subject's BOR and CBOR, from the run's stored subject-level.csv.
    static func subjectList(_ csv: [UInt8]) throws -> [(id: String, bor: String, cbor: String)] {
        var problems = ProblemLog()
        let ds = try CSVReader.read(
            bytes: csv, path: "subject-level.csv", name: "SUBJECTS",
            options: CSVOptions(keep: ["USUBJID", "BOR", "CBOR"]),
            problems: &problems)
        guard let id = ds.index(of: "USUBJID") else { return [] }
        let bor = ds.index(of: "BOR")
        let cbor = ds.index(of: "CBOR")
        return (0..<ds.recordCount).map { r in
            (ds.string(r, id), bor.map { ds.string(r, $0) } ?? "", cbor.map { ds.string(r, $0) } ?? "")
        }
    }
}

/// application/x-www-form-urlencoded fields (the check-text form).
enum URLForm {
    static func decode(_ body: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if let k = kv.first { out[k] = kv.count > 1 ? kv[1] : "" }
        }
        return out
    }
}

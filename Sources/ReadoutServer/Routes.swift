import Foundation
import HTTPTypes
import Hummingbird
import ReadoutAnalysis
import ReadoutCore
import ReadoutData
import ReadoutStore

/// One route as the OpenAPI document names it: method, path template (`{cut}`; `{path}` is
/// the rest of the path, slashes included) and operation id.
public struct RouteDescription: Sendable, Hashable {
    public var method: String
    public var path: String
    public var operationID: String
}

/// The routes registered, kept as they are added: the test that compares them with
/// /openapi.json reads this list, so a route cannot be added without being documented.
final class RouteTable: @unchecked Sendable {
    private(set) var routes: [RouteDescription] = []
    let router: Router<ReadoutRequestContext>

    init(router: Router<ReadoutRequestContext>) { self.router = router }

    /// The template in Hummingbird's syntax: `{path}` matches the rest of the path.
    static func routerPath(_ template: String) -> String {
        template.replacingOccurrences(of: "{path}", with: "**")
    }

    /// The methods of the routes whose template matches `path` (`{name}` one segment, `{path}`
    /// the rest): for a 405 that says which methods the path has.
    func methods(for path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        func matches(_ template: String) -> Bool {
            let t = template.split(separator: "/", omittingEmptySubsequences: true)
            for (k, segment) in t.enumerated() {
                if segment == "{path}" { return parts.count > k }
                guard k < parts.count else { return false }
                if segment.hasPrefix("{") { continue }
                if segment != parts[k] { return false }
            }
            return t.count == parts.count
        }
        return Array(Set(routes.filter { matches($0.path) }.map(\.method))).sorted()
    }

    func add(
        _ method: HTTPRequest.Method, _ path: String, _ operationID: String,
        _ handler: @escaping @Sendable (Request, ReadoutRequestContext) async throws -> Response
    ) {
        routes.append(RouteDescription(method: method.rawValue, path: path, operationID: operationID))
        router.on(RouterPath(Self.routerPath(path)), method: method, use: handler)
    }
}

/// Responses, made in one place.
enum Reply {
    static func bytes(_ bytes: [UInt8], type: String, status: HTTPResponse.Status = .ok) -> Response {
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return Response(
            status: status, headers: [.contentType: type, .contentLength: String(bytes.count)],
            body: ResponseBody(byteBuffer: buffer))
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        bytes(Array(text.utf8), type: "application/json; charset=utf-8", status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        bytes(Array(text.utf8), type: "text/html; charset=utf-8", status: status)
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .contentLength: "0"])
    }

    /// The media type of an output file, by its extension.
    static func mediaType(_ name: String) -> String {
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "json": return "application/json; charset=utf-8"
        case "html": return "text/html; charset=utf-8"
        case "md": return "text/markdown; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "txt", "yaml", "yml": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "rtf": return "application/rtf"
        case "docx": return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "xpt": return "application/octet-stream"
        default: return "application/octet-stream"
        }
    }

    /// The HTTP status of a problem, by its code: one table for the API and the dashboard.
    static func status(for code: String) -> HTTPResponse.Status {
        if code.hasSuffix("-unknown") && code != "archive-unknown" { return .notFound }
        switch code {
        case "register-forbidden", "role-missing", "site-admin-required", "csrf-invalid", "password-wrong":
            return .forbidden
        case "sign-in-required", "token-invalid", "login-failed": return .unauthorized
        case "login-locked": return .tooManyRequests
        case "user-exists": return .conflict
        case "count-mismatch": return .internalServerError
        case "archive-too-large", "upload-too-large", "archive-too-many-entries": return .contentTooLarge
        case "parameter-invalid", "study-name-invalid", "name-invalid", "body-invalid": return .badRequest
        case "not-found": return .notFound
        case "method-not-allowed": return .methodNotAllowed
        case let c where c.hasPrefix("store-") || c == "internal": return .internalServerError
        default: return .unprocessableContent
        }
    }

    /// A ReadoutError as the error document of the results contract, with its status.
    static func error(_ e: ReadoutError) -> Response {
        var response = json(ResultsContract.error(e), status: status(for: e.problem.code))
        if response.status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"readout\"" }
        if e.problem.code == "login-locked" { response.headers[.retryAfter] = e.problem.value }
        return response
    }
}

/// Turns every failure into the error document (API) or an error page (dashboard): the one
/// place errors are rendered. Nothing internal (stack traces, SQL) reaches a response.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The API's routes, to tell a path with another method (405) from no such path (404).
    let routes: RouteTable

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            var e = Self.readoutError(error, path: request.uri.path)
            let allowed = e.problem.code == "not-found" ? routes.methods(for: request.uri.path) : []
            if !allowed.isEmpty {
                e = ReadoutError(
                    file: nil, code: "method-not-allowed", "\(request.method.rawValue) is not a method of this path",
                    value: request.uri.path, expected: allowed.joined(separator: ", "))
                var response = Reply.error(e)
                response.headers[.allow] = allowed.joined(separator: ", ")
                return response
            }
            if request.uri.path.hasPrefix("/api/") || request.uri.path == "/openapi.json" {
                return Reply.error(e)
            }
            if e.problem.code == "sign-in-required", request.method == .get {
                return Reply.redirect("/login?next=" + Pages.query(request.uri.path))
            }
            return Reply.html(Pages.errorPage(e), status: Reply.status(for: e.problem.code))
        }
    }

    static func readoutError(_ error: any Error, path: String) -> ReadoutError {
        if let e = error as? ReadoutError { return e }
        if let e = error as? HTTPError {
            let code =
                e.status == .notFound
                ? "not-found" : e.status == .methodNotAllowed ? "method-not-allowed" : "body-invalid"
            return ReadoutError(file: nil, code: code, e.body ?? e.status.reasonPhrase, value: path)
        }
        return ReadoutError(file: nil, code: "internal", "the server could not complete the request", value: path)
    }
}

/// Security headers on every response.
struct HeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The server speaks HTTPS: browsers are told to keep to it (Strict-Transport-Security).
    var tls = false

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        var response = try await next(request, context)
        // Stored readouts carry their own inline style; they are shown in a frame of the run page.
        let stored = request.uri.path.contains("/files/")
        response.headers[.contentSecurityPolicy] =
            stored
            ? "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
            : "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; form-action 'self'; "
                + "frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        if tls { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        // same-origin: nothing leaks to other sites, and our own forms carry their Origin (checked).
        response.headers[.referrerPolicy] = "same-origin"
        response.headers[.cacheControl] = response.headers[.cacheControl] ?? "no-store"
        return response
    }
}

extension HTTPField.Name {
    static var xContentTypeOptions: Self { .init("X-Content-Type-Options")! }
    static var referrerPolicy: Self { .init("Referrer-Policy")! }
    static var strictTransportSecurity: Self { .init("Strict-Transport-Security")! }
}

extension Request {
    /// The whole body, refused beyond `limit` bytes, and when empty if `required`.
    func bytes(limit: Int, required: Bool = true) async throws -> [UInt8] {
        var collected: [UInt8] = []
        for try await var chunk in body {
            if collected.count + chunk.readableBytes > limit {
                throw ReadoutError(
                    file: nil, code: "upload-too-large", "the request body is larger than \(limit) bytes",
                    value: String(limit), expected: "at most \(limit) bytes")
            }
            collected += chunk.readBytes(length: chunk.readableBytes) ?? []
        }
        if required && collected.isEmpty {
            throw ReadoutError(
                file: nil, code: "body-invalid", "the request has no body", expected: "the file or text the route takes"
            )
        }
        return collected
    }

    func query(_ name: String) -> String? { uri.queryParameters.get(name) }

    /// A path parameter, percent-decoded (the router hands it over as sent).
    func segment(_ name: String, _ context: ReadoutRequestContext) throws -> String {
        let raw = try context.parameters.require(name)
        guard let decoded = raw.removingPercentEncoding else {
            throw ReadoutError(
                file: nil, code: "parameter-invalid", "\(name) is not valid percent-encoding", variable: name,
                value: raw, expected: "a percent-encoded path segment")
        }
        return decoded
    }

    func id(_ name: String, _ context: ReadoutRequestContext) throws -> Int64 {
        guard let text = context.parameters.get(name), let id = Int64(text), id > 0 else {
            throw ReadoutError(
                file: nil, code: "parameter-invalid", "\(name) is not an id", variable: name,
                value: context.parameters.get(name) ?? "", expected: "a positive whole number")
        }
        return id
    }

    func idQuery(_ name: String) throws -> Int64 {
        guard let text = query(name), let id = Int64(text), id > 0 else {
            throw ReadoutError(
                file: nil, code: "parameter-invalid", "\(name) is not an id", variable: name, value: query(name) ?? "",
                expected: "a positive whole number")
        }
        return id
    }
}

/// The REST API (docs/server.md; /openapi.json describes every route).
enum APIRoutes {
    static func add(to table: RouteTable, service: ReadoutService) {
        let limit = service.configuration.maxUploadBytes
        table.add(.get, "/openapi.json", "getOpenAPI") { _, _ in
            Reply.bytes(OpenAPIDocument.bytes, type: "application/json; charset=utf-8")
        }
        table.add(.get, "/api/v1/health", "getHealth") { _, _ in
            Reply.json(
                APIDocuments.document("health") { o in
                    o.add("status", "ok")
                })
        }
        table.add(.get, "/api/v1/studies", "listStudies") { _, context in
            Reply.json(APIDocuments.studies(try await service.studies(context.principal)))
        }
        table.add(.get, "/api/v1/studies/{study}/cuts", "listCuts") { request, context in
            let study = try request.segment("study", context)
            return Reply.json(APIDocuments.cuts(study: study, try await service.cuts(study: study, context.principal)))
        }
        table.add(.post, "/api/v1/studies/{study}/cuts", "uploadCut") { request, context in
            let study = try request.segment("study", context)
            let bytes = try await request.bytes(limit: limit)
            let cut = try await service.upload(
                study: study, label: request.query("label"), cutoff: request.query("cutoff"), archive: bytes,
                name: request.query("name") ?? "upload", context.principal)
            return Reply.json(APIDocuments.cut(cut), status: .created)
        }
        table.add(.post, "/api/v1/studies/{study}/cuts/register", "registerCut") { request, context in
            let study = try request.segment("study", context)
            guard let folder = request.query("folder") else {
                throw ReadoutError(
                    file: nil, code: "parameter-invalid", "the folder is not given", variable: "folder",
                    expected: "a folder on the server")
            }
            let cut = try await service.register(
                study: study, label: request.query("label"), cutoff: request.query("cutoff"), folder: folder,
                context.principal)
            return Reply.json(APIDocuments.cut(cut), status: .created)
        }
        table.add(.get, "/api/v1/cuts/{cut}", "getCut") { request, context in
            Reply.json(APIDocuments.cut(try await service.cut(try request.id("cut", context), context.principal)))
        }
        table.add(.get, "/api/v1/cuts/{cut}/validation", "getCutValidation") { request, context in
            Reply.json(try await service.cut(try request.id("cut", context), context.principal).validation)
        }
        table.add(.get, "/api/v1/cuts/{cut}/runs", "listRuns") { request, context in
            let id = try request.id("cut", context)
            return Reply.json(APIDocuments.runs(cut: id, try await service.runs(cut: id, context.principal)))
        }
        table.add(.post, "/api/v1/cuts/{cut}/runs", "startRun") { request, context in
            let id = try request.id("cut", context)
            let spec = try await request.bytes(limit: limit)
            let job = try await service.submitReadout(
                cut: id, specName: request.query("spec"), spec: spec, context.principal)
            var response = Reply.json(APIDocuments.job(job), status: .accepted)
            response.headers[.location] = "/api/v1/jobs/\(job.id)"
            return response
        }
        table.add(.get, "/api/v1/jobs", "listJobs") { _, context in
            Reply.json(APIDocuments.jobs(try await service.jobs(context.principal)))
        }
        table.add(.get, "/api/v1/jobs/{job}", "getJob") { request, context in
            Reply.json(APIDocuments.job(try await service.job(try request.id("job", context), context.principal)))
        }
        table.add(.get, "/api/v1/runs/{run}", "getRun") { request, context in
            let id = try request.id("run", context)
            let (run, _) = try await service.run(id, context.principal)
            return Reply.json(
                APIDocuments.run(run, signatures: try await service.signatures(run: id, context.principal)))
        }
        table.add(.get, "/api/v1/runs/{run}/files/{path}", "getRunFile") { request, context in
            let (run, _) = try await service.run(try request.id("run", context), context.principal)
            let name = context.parameters.getCatchAll().joined(separator: "/")
            var response = Reply.bytes(
                try await service.file(name, of: run.files, owner: "run \(run.id)"), type: Reply.mediaType(name))
            response.headers[.cacheControl] = "private, max-age=31536000, immutable"
            return response
        }
        table.add(.get, "/api/v1/runs/{run}/subjects/{subject}", "getSubject") { request, context in
            let id = try request.id("run", context)
            let subject = try request.segment("subject", context)
            let record = try await service.subject(run: id, subject: subject, context.principal)
            return Reply.json(record.contract(run: try await service.run(id, context.principal).0))
        }
        table.add(.get, "/api/v1/runs/{run}/counted", "getCountedSubjects") { request, context in
            let id = try request.id("run", context)
            guard let count = request.query("id") else {
                throw ReadoutError(
                    file: nil, code: "parameter-invalid", "the count is not given", variable: "id",
                    expected: "an ard.json row id")
            }
            return Reply.json(try await service.counted(run: id, count: count, context.principal).contract())
        }
        table.add(.post, "/api/v1/runs/{run}/check-text", "checkText") { request, context in
            let id = try request.id("run", context)
            let bytes = try await request.bytes(limit: limit)
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw ReadoutError(
                    file: nil, code: "body-invalid", "the text is not UTF-8", expected: "UTF-8 text, Markdown or HTML")
            }
            return Reply.json(try await service.checkText(run: id, text: text, context.principal).json())
        }
        table.add(.get, "/api/v1/audit", "listAudit") { request, context in
            let study = request.query("study")
            let format = request.query("format") ?? "json"
            guard format == "json" || format == "csv" else {
                throw ReadoutError(
                    file: nil, code: "parameter-invalid", "the format is not known", variable: "format", value: format,
                    expected: "json or csv")
            }
            let entries = try await service.exportAudit(study: study, format: format, context.principal)
            if format == "csv" {
                return Reply.bytes(Array(AuditTrail.csv(entries).utf8), type: "text/csv; charset=utf-8")
            }
            return Reply.json(AuditTrail.contract(entries, study: study))
        }
        table.add(.get, "/api/v1/audit/verify", "verifyAudit") { _, context in
            let verdict = try await service.verifyAudit(context.principal)
            return Reply.json(AuditTrail.contract(verdict.verification, head: verdict.head))
        }
        table.add(.get, "/api/v1/compare", "compareRuns") { request, context in
            let c = try await service.compare(
                from: try request.idQuery("from"), to: try request.idQuery("to"), context.principal)
            return Reply.json(c.contract())
        }
        table.add(.post, "/api/v1/simulations", "startSimulation") { request, context in
            let bytes = try await request.bytes(limit: limit)
            let job = try await service.submitSimulation(name: request.query("name"), file: bytes, context.principal)
            var response = Reply.json(APIDocuments.job(job), status: .accepted)
            response.headers[.location] = "/api/v1/jobs/\(job.id)"
            return response
        }
        table.add(.get, "/api/v1/simulations/{simulation}", "getSimulation") { request, context in
            Reply.json(
                APIDocuments.simulation(
                    try await service.simulation(try request.id("simulation", context), context.principal)))
        }
        table.add(.get, "/api/v1/simulations/{simulation}/files/{path}", "getSimulationFile") { request, context in
            let s = try await service.simulation(try request.id("simulation", context), context.principal)
            let name = context.parameters.getCatchAll().joined(separator: "/")
            return Reply.bytes(
                try await service.file(name, of: s.files, owner: "simulation \(s.id)"), type: Reply.mediaType(name))
        }
    }
}

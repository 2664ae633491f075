import Foundation
import Logging
import ReadoutCore
import ReadoutData
import ReadoutTestSupport
import Testing

@testable import ReadoutServer
@testable import ReadoutStore

/// /openapi.json is docs/openapi.json, names every route the server has and no other, and its
/// schemas are the results contract's.
@Suite(.temporaryFolders) struct OpenAPITests {
    static func document() throws -> JSONNode { try JSONNode.parse(OpenAPIDocument.text, file: "openapi.json") }

    @Test func theServedDocumentIsTheCommittedOne() throws {
        let committed = try String(contentsOfFile: repositoryRoot + "/docs/openapi.json", encoding: .utf8)
        #expect(committed == OpenAPIDocument.text, "run python3 scripts/make-openapi.py")
        #expect(try Self.document()["openapi"]?.stringValue == "3.1.0")
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        let store = try await SQLiteStore(path: temporaryFolder("openapi") + "/s.sqlite")
        let service = ReadoutService(store: store, configuration: ServerConfiguration(dataFolder: temporaryFolder()))
        let routes = ReadoutServer.apiRoutes(service: service)
        try await store.close()
        var documented: Set<RouteDescription> = []
        guard case .object(let paths)? = try Self.document()["paths"] else {
            Issue.record("no paths")
            return
        }
        for (path, item) in paths {
            guard case .object(let operations) = item else { continue }
            for (method, operation) in operations {
                documented.insert(
                    RouteDescription(
                        method: method.uppercased(), path: path,
                        operationID: operation["operationId"]?.stringValue ?? ""))
            }
        }
        let served = Set(routes)
        #expect(served.count == routes.count, "a route is registered twice")
        #expect(served.subtracting(documented).isEmpty, "not in the document: \(served.subtracting(documented))")
        #expect(documented.subtracting(served).isEmpty, "not served: \(documented.subtracting(served))")
        #expect(served.count >= 20)
    }

    /// The embedded schemas are docs/schema's, their references made local.
    @Test func theSchemasAreTheContracts() throws {
        let folder = repositoryRoot + "/docs/schema"
        guard case .object(let schemas)? = try Self.document()["components"]?["schemas"] else {
            Issue.record("no schemas")
            return
        }
        func local(_ node: JSONNode) -> JSONNode {
            switch node {
            case .object(let members):
                return .object(
                    members.filter { $0.0 != "$schema" && $0.0 != "$id" }.map { key, value in
                        if key == "$ref", case .string(let r) = value, r.hasPrefix("urn:readout:schema:") {
                            let rest = r.dropFirst("urn:readout:schema:".count)
                            let parts = rest.split(separator: "#", maxSplits: 1)
                            let name = parts[0].split(separator: ":").dropLast().joined(separator: ":")
                            return (
                                key, .string("#/components/schemas/" + name + (parts.count > 1 ? String(parts[1]) : ""))
                            )
                        }
                        return (key, local(value))
                    })
            case .array(let items): return .array(items.map(local))
            default: return node
            }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".schema.json") }
        #expect(Set(schemas.map(\.0)) == Set(files.map { String($0.dropLast(".schema.json".count)) }))
        for (name, embedded) in schemas {
            let source = try JSONNode.parse(
                try String(contentsOfFile: folder + "/" + name + ".schema.json", encoding: .utf8), file: name)
            #expect(embedded == local(source), "\(name): run python3 scripts/make-openapi.py")
        }
    }
}

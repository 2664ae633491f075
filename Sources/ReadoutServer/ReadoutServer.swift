import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL
import ReadoutCore
import ReadoutData
import ReadoutExamples
import ReadoutStore
import ServiceLifecycle

/// `readout serve`: the store, the job workers and the HTTP server, started and stopped together.
public enum ReadoutServer {
    /// The router with every API and dashboard route, and the API's route table.
    static func router(service: ReadoutService) -> (Router<ReadoutRequestContext>, RouteTable) {
        let router = Router(context: ReadoutRequestContext.self)
        let table = RouteTable(router: router)
        router.add(middleware: HeadersMiddleware(tls: service.configuration.tlsCertificate != nil))
        router.add(middleware: ErrorMiddleware(routes: table))
        router.add(middleware: AccessMiddleware(service: service))
        APIRoutes.add(to: table, service: service)
        AccessRoutes.add(to: table, service: service)
        DashboardRoutes.add(to: router, service: service)
        return (router, table)
    }

    /// The API's routes, as registered (the OpenAPI test compares them with the document).
    public static func apiRoutes(service: ReadoutService) -> [RouteDescription] {
        router(service: service).1.routes
    }

    /// The application serving `service`, with its job workers as services; `onReady` is told
    /// the port once the server listens.
    public static func application(
        service: ReadoutService, logger: Logger, onReady: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let c = service.configuration
        let workers = (0..<max(0, c.workers)).map { JobWorker(service: service, number: $0 + 1, logger: logger) }
        return Application(
            router: router(service: service).0, server: try httpServer(c),
            configuration: ApplicationConfiguration(address: .hostname(c.host, port: c.port), serverName: "Readout"),
            services: workers,
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? c.port) },
            logger: logger)
    }

    /// HTTP/1.1, inside TLS when the configuration gives a certificate and key.
    static func httpServer(_ c: ServerConfiguration) throws -> HTTPServerBuilder {
        switch (c.tlsCertificate, c.tlsKey) {
        case (nil, nil): return .http1()
        case (let certificate?, let key?):
            let chain: [NIOSSLCertificate]
            let privateKey: NIOSSLPrivateKey
            do { chain = try NIOSSLCertificate.fromPEMFile(certificate) } catch {
                throw ReadoutError(
                    file: certificate, code: "tls-unreadable", "the certificate cannot be read: \(error)",
                    expected: "a PEM certificate chain")
            }
            do { privateKey = try NIOSSLPrivateKey(file: key, format: .pem) } catch {
                throw ReadoutError(
                    file: key, code: "tls-unreadable", "the private key cannot be read: \(error)",
                    expected: "a PEM private key")
            }
            let tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
            return try .tls(.http1(), tlsConfiguration: tls)
        default:
            throw ReadoutError(
                file: nil, code: "tls-incomplete", "TLS needs both a certificate and its private key",
                expected: "--tls-certificate and --tls-key together")
        }
    }

    /// Opens the store in the data folder, migrates it, preloads the demo when asked, serves until
    /// SIGINT or SIGTERM (jobs in progress finish first), and closes the store.
    public static func run(
        configuration: ServerConfiguration, logger: Logger, onReady: @escaping @Sendable (Int) async -> Void
    ) async throws {
        try FileManager.default.createDirectory(atPath: configuration.cacheFolder, withIntermediateDirectories: true)
        let store: any ReadoutStore
        if let url = configuration.storeURL {
            store = try PostgresStore(url: url, logger: logger)
        } else {
            store = try await SQLiteStore(path: configuration.storePath)
        }
        do {
            let version = try await store.migrate()
            logger.info(
                "store ready",
                metadata: [
                    "store": .string(configuration.storeURL.map(redacted) ?? configuration.storePath),
                    "schema": .stringConvertible(version),
                ])
            if configuration.access.mode == .accounts, try await store.users().isEmpty {
                logger.warning(
                    """
                    no user can sign in yet: make the first administrator with readout user add NAME --admin \
                    (same --data or --store), or serve one's own machine with --access open
                    """)
            }
            let service = ReadoutService(store: store, configuration: configuration)
            if configuration.demo { try await preloadDemo(service, logger: logger) }
            try await application(service: service, logger: logger, onReady: onReady).runService()
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// A store URL without its password, for logs.
    static func redacted(_ url: String) -> String {
        guard var c = URLComponents(string: url) else { return "(a store URL)" }
        if c.password != nil { c.password = "***" }
        return c.string ?? "(a store URL)"
    }

    /// The bundled studies as cuts (the phase II interim and final cuts, the phase I study), a
    /// readout of each phase II cut and the demo simulation queued. Loading twice changes nothing:
    /// cuts and runs are content-addressed.
    static func preloadDemo(_ service: ReadoutService, logger: Logger) async throws {
        guard let examples = Examples.folder else {
            throw ReadoutError(
                file: nil, code: "examples-missing", "the bundled examples are not installed beside the binary",
                expected: "the Readout_ReadoutExamples resource bundle")
        }
        let cuts: [(folder: String, study: String, label: String, cutoff: String)] = [
            ("phase2-interim/data", "RDT-P2-001", "interim", "2008-03-31"),
            ("phase2/data", "RDT-P2-001", "final", "2008-08-29"),
            ("phase1/data", "RDT-P1-001", "escalation complete", "2012-12-31"),
        ]
        let spec = [UInt8](FileManager.default.contents(atPath: examples + "/phase2/readout.yaml") ?? Data())
        let existing = try await service.jobs(limit: 1000, .system)
        for c in cuts {
            let cut = try await CutIngest.register(
                folder: examples + "/" + c.folder, study: c.study, label: c.label,
                cutoff: CalendarDate(iso: c.cutoff)!, in: service.store)
            try await service.audit("system", .cutRegistered, cut: cut, detail: ["folder": "examples/" + c.folder])
            logger.info("demo cut stored", metadata: ["cut": "\(cut.id)", "study": .string(c.study)])
            if c.study == "RDT-P2-001", !existing.contains(where: { $0.cut == cut.id }) {
                _ = try await service.submitReadout(cut: cut.id, specName: "readout.yaml", spec: spec, .system)
            }
        }
        if !existing.contains(where: { $0.kind == .simulation }) {
            let sim = try DashboardRoutes.example("simulation/demo.yaml", among: DashboardRoutes.exampleSimulations)
            _ = try await service.submitSimulation(name: sim.name, file: sim.bytes, .system)
        }
    }
}

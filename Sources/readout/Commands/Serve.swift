import ArgumentParser
import Foundation
import Logging
import ReadoutCore
import ReadoutServer

/// `readout serve`: the server (docs/server.md).
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the dashboard and the REST API on a store of data cuts, runs and simulations.",
        discussion: """
            Every option can also be given by an environment variable (READOUT_HOST, READOUT_PORT, READOUT_DATA, \
            READOUT_STORE, READOUT_WORKERS, READOUT_JOB_THREADS, READOUT_JOB_LEASE, READOUT_MAX_UPLOAD_MB, \
            READOUT_LOG_LEVEL, READOUT_LOG_FORMAT, READOUT_TLS_CERTIFICATE, READOUT_TLS_KEY, READOUT_ACCESS, \
            READOUT_BCRYPT_COST, READOUT_SESSION_HOURS, READOUT_LOGIN_ATTEMPTS, READOUT_LOGIN_LOCKOUT, \
            READOUT_MAX_TOKEN_DAYS, READOUT_PASSWORD_MIN_LENGTH, READOUT_SECURE_COOKIES, \
            READOUT_ACCESS_CACHE_SECONDS); a flag wins. \
            The API is described at /openapi.json; docs/server.md describes every route and option. \
            SIGINT or SIGTERM stops the server once running jobs finish.
            """)

    @Option(help: "The address to listen on (loopback by default; any other address serves plain HTTP to it).")
    var host: String?
    @Option(help: "The port (0: a free one, printed when ready).") var port: Int?
    @Option(help: ArgumentHelp("The folder of the store and its cache (created when absent).", valueName: "dir"))
    var data: String?
    @Option(
        help: ArgumentHelp(
            "A PostgreSQL URL (postgres://user:password@host:port/database): the store is that database, shared "
                + "by every server on it, instead of the SQLite file in --data.", valueName: "url"))
    var store: String?
    @Option(help: "Jobs this process runs at a time.") var workers: Int?
    @Option(help: "Threads a simulation job uses (default: all cores but one, kept for requests).")
    var jobThreads: Int?
    @Option(help: "Seconds without a heartbeat after which a running job is taken as interrupted.")
    var jobLease: Double?
    @Option(help: "Claims of one job before an interruption fails it.") var maxAttempts: Int?
    @Option(help: "The largest upload, in MB.") var maxUploadMb: Int?
    @Option(
        help: ArgumentHelp(
            "A server-side folder under which study folders may be registered as cuts (repeatable).",
            valueName: "dir"))
    var registerRoot: [String] = []
    @Option(help: ArgumentHelp("A PEM certificate chain: serve HTTPS (with --tls-key).", valueName: "file"))
    var tlsCertificate: String?
    @Option(help: ArgumentHelp("The certificate's PEM private key.", valueName: "file")) var tlsKey: String?
    @Flag(help: "Preload the bundled example studies, their readouts and a simulation.") var demo = false
    @Option(
        help: ArgumentHelp(
            "accounts (users sign in; roles per study) or open (anyone reaching the server may do anything; "
                + "loopback only)."))
    var access: String?
    @Option(help: "bcrypt's cost for passwords (4 to 31).") var bcryptCost: Int?
    @Option(help: "Hours a browser session lasts.") var sessionHours: Double?
    @Option(help: "Failed sign-ins of one name in a row before it is locked.") var loginAttempts: Int?
    @Option(help: "Seconds a name stays locked after too many failed sign-ins.") var loginLockout: Double?
    @Option(help: "The longest life of an API token, in days.") var maxTokenDays: Int?
    @Option(help: "The shortest password accepted.") var passwordMinLength: Int?
    @Option(
        help: ArgumentHelp(
            "Seconds a credential's user and roles, and a run's signatures, are kept between reads of the "
                + "store (changes through another server on the store show within this time; 0: read every time)."))
    var accessCacheSeconds: Double?
    @Option(help: "The Secure attribute on cookies: true or false (default: on under TLS or beyond loopback).")
    var secureCookies: Bool?
    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.") var logLevel: String?
    @Option(help: "Log format on standard error: text (one line per record) or json (one JSON object per line).")
    var logFormat: String?

    func value<T>(_ flag: T?, _ variable: String, _ parse: (String) -> T?) throws -> T? {
        if let flag { return flag }
        guard let text = ProcessInfo.processInfo.environment[variable] else { return nil }
        guard let v = parse(text) else { throw ValidationError("\(variable)=\(text) is not a valid value") }
        return v
    }

    func serverConfiguration() throws -> ServerConfiguration {
        var c = ServerConfiguration(dataFolder: try value(data, "READOUT_DATA", { $0 }) ?? "readout-data")
        c.host = try value(host, "READOUT_HOST", { $0 }) ?? c.host
        c.storeURL = try value(store, "READOUT_STORE", { $0 })
        c.port = try value(port, "READOUT_PORT", { Int($0) }) ?? c.port
        c.workers = try value(workers, "READOUT_WORKERS", { Int($0) }) ?? c.workers
        c.jobThreads = try value(jobThreads, "READOUT_JOB_THREADS", { Int($0) }) ?? c.jobThreads
        c.jobLease = try value(jobLease, "READOUT_JOB_LEASE", { Double($0) }) ?? c.jobLease
        c.maxAttempts = try value(maxAttempts, "READOUT_MAX_ATTEMPTS", { Int($0) }) ?? c.maxAttempts
        if let mb = try value(maxUploadMb, "READOUT_MAX_UPLOAD_MB", { Int($0) }) {
            c.maxUploadBytes = mb << 20
            c.archiveLimits.maxTotalBytes = max(c.archiveLimits.maxTotalBytes, mb << 20)
        }
        c.registerRoots = registerRoot
        c.tlsCertificate = try value(tlsCertificate, "READOUT_TLS_CERTIFICATE", { $0 })
        c.tlsKey = try value(tlsKey, "READOUT_TLS_KEY", { $0 })
        if (c.tlsCertificate == nil) != (c.tlsKey == nil) {
            throw ValidationError("--tls-certificate and --tls-key go together")
        }
        c.demo = demo
        let mode = try value(access, "READOUT_ACCESS", { $0 }) ?? "accounts"
        guard let m = AccessConfiguration.Mode(rawValue: mode) else {
            throw ValidationError("--access \(mode): expected accounts or open")
        }
        c.access.mode = m
        c.access.bcryptCost = try value(bcryptCost, "READOUT_BCRYPT_COST", { Int($0) }) ?? c.access.bcryptCost
        if let h = try value(sessionHours, "READOUT_SESSION_HOURS", { Double($0) }) {
            c.access.sessionLifetime = h * 3600
        }
        c.access.loginAttempts =
            try value(loginAttempts, "READOUT_LOGIN_ATTEMPTS", { Int($0) }) ?? c.access.loginAttempts
        c.access.loginLockout =
            try value(loginLockout, "READOUT_LOGIN_LOCKOUT", { Double($0) }) ?? c.access.loginLockout
        c.access.maxTokenDays = try value(maxTokenDays, "READOUT_MAX_TOKEN_DAYS", { Int($0) }) ?? c.access.maxTokenDays
        if let n = try value(passwordMinLength, "READOUT_PASSWORD_MIN_LENGTH", { Int($0) }) {
            c.access.passwordPolicy.minimumLength = n
        }
        c.access.secureCookies = try value(secureCookies, "READOUT_SECURE_COOKIES", { Bool($0) })
        c.access.cacheLifetime =
            try value(accessCacheSeconds, "READOUT_ACCESS_CACHE_SECONDS", { Double($0) }) ?? c.access.cacheLifetime
        guard (0...60).contains(c.access.cacheLifetime) else {
            throw ValidationError("--access-cache-seconds: expected 0 to 60")
        }
        guard (4...31).contains(c.access.bcryptCost) else { throw ValidationError("--bcrypt-cost: expected 4 to 31") }
        guard c.access.sessionLifetime >= 60 else {
            throw ValidationError("--session-hours: expected at least 1 minute")
        }
        guard c.access.loginAttempts >= 1 else { throw ValidationError("--login-attempts: expected at least 1") }
        guard c.access.loginLockout >= 0 else { throw ValidationError("--login-lockout: expected 0 or more") }
        guard c.access.maxTokenDays >= 1 else { throw ValidationError("--max-token-days: expected at least 1") }
        guard c.access.passwordPolicy.minimumLength >= 8 else {
            throw ValidationError("--password-min-length: expected at least 8")
        }
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(c.host)
        if m == .open && !loopback {
            throw ValidationError("--access open serves anyone: it listens on loopback only, not \(c.host)")
        }
        guard (0...65535).contains(c.port) else { throw ValidationError("--port \(c.port): expected 0 to 65535") }
        guard c.workers >= 0 else { throw ValidationError("--workers \(c.workers): expected 0 or more") }
        guard c.jobThreads >= 1 else { throw ValidationError("--job-threads \(c.jobThreads): expected at least 1") }
        guard c.jobLease >= 1 else { throw ValidationError("--job-lease \(c.jobLease): expected at least 1 second") }
        guard c.maxAttempts >= 1 else { throw ValidationError("--max-attempts: expected at least 1") }
        return c
    }

    func run() throws {
        let c = try serverConfiguration()
        let levelName = try value(logLevel, "READOUT_LOG_LEVEL", { $0 }) ?? "info"
        guard let level = Logger.Level(rawValue: levelName) else {
            throw ValidationError("--log-level \(levelName): expected trace, debug, info, notice, warning or error")
        }
        let format = try value(logFormat, "READOUT_LOG_FORMAT", { $0 }) ?? "text"
        guard ["text", "json"].contains(format) else {
            throw ValidationError("--log-format \(format): expected text or json")
        }
        LoggingSystem.bootstrap { label in
            if format == "json" {
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "readout")
        if !["127.0.0.1", "::1", "localhost"].contains(c.host) && c.tlsCertificate == nil {
            logger.warning(
                "serving plain HTTP on a non-loopback address: put a TLS-terminating proxy in front",
                metadata: ["host": .string(c.host)])
        }
        try blocking {
            try await ReadoutServer.run(configuration: c, logger: logger) { port in
                // Written unbuffered: a script waiting for this line reads it at once.
                FileHandle.standardOutput.write(
                    Data(
                        ("Readout serving on \(c.tlsCertificate == nil ? "http" : "https")://\(c.host):\(port) "
                            + "(data in \(c.dataFolder))\n").utf8))
            }
        }
    }
}

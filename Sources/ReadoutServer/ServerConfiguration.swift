import Foundation
import ReadoutData

/// Everything `readout serve` is told: by flags, or by the environment variables named in
/// docs/server.md. One value, made once and passed down.
public struct ServerConfiguration: Sendable {
    /// The address to listen on; loopback unless told otherwise.
    public var host = "127.0.0.1"
    /// 0 picks a free port (printed when the server is ready).
    public var port = 8080
    /// The folder holding the store (`readout.sqlite`) and the cache of materialized cuts.
    public var dataFolder: String
    /// A PostgreSQL URL: the store is that database (shared by every server on it) instead of the
    /// SQLite file in the data folder.
    public var storeURL: String? = nil
    /// Jobs one process runs at a time.
    public var workers = 1
    /// Threads a simulation job uses: all cores but one by default, so that the server keeps a
    /// core for requests (a job using every core would hold up every request until it ends).
    public var jobThreads = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
    /// A worker reports a heartbeat every third of the lease; a running job whose heartbeat is
    /// older than the lease (in seconds) is taken as interrupted and queued again.
    public var jobLease = 30.0
    /// Claims of one job before an interruption fails it.
    public var maxAttempts = 2
    /// How often (seconds) an idle worker looks for jobs queued by other processes; jobs queued
    /// by its own process wake it at once.
    public var pollInterval = 0.5
    /// The largest upload (archive, spec, text), in bytes.
    public var maxUploadBytes = 2 << 30
    /// What an uploaded archive may hold.
    public var archiveLimits = StudyArchive.Limits()
    /// Server-side folders under which `register` may read a study folder (none: registering is off).
    public var registerRoots: [String] = []
    /// A PEM certificate chain and private key: the server speaks HTTPS (both, or neither).
    public var tlsCertificate: String? = nil
    public var tlsKey: String? = nil
    /// Accounts or an open server, and the settings of sign-in, sessions and tokens.
    public var access = AccessConfiguration()
    /// Preload the bundled example studies, specs and simulation (`--demo`).
    public var demo = false

    public init(dataFolder: String) {
        self.dataFolder = dataFolder
    }

    /// The SQLite database file in the data folder (when no store URL is given).
    public var storePath: String { dataFolder + "/readout.sqlite" }
    /// Whether cookies carry the Secure attribute (see `AccessConfiguration.secureCookies`).
    public var secureCookies: Bool {
        access.secureCookies ?? (tlsCertificate != nil || !["127.0.0.1", "::1", "localhost"].contains(host))
    }
    /// Where stored cuts are written out to be read (by their digest: immutable, shared).
    public var cacheFolder: String { dataFolder + "/cache" }
}

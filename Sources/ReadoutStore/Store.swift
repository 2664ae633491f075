import ReadoutCore
import ReadoutData

/// A data cut as the store holds it: a study's files at a cut-off, immutable once stored.
public struct StoredCut: Sendable, Equatable {
    /// The store's identifier of the cut.
    public var id: Int64
    public var study: String
    /// A name people give the cut ("interim 1").
    public var label: String
    public var cutoff: CalendarDate
    /// The SHA-256 of the cut's content: of its files' names and digests, sorted by name
    /// (`name`, NUL, hex digest, newline each). Two cuts with the same files have the same digest.
    public var digest: String
    /// The files, sorted by name, each with the SHA-256 of its bytes.
    public var files: [StoredFile]
    /// The validate document of the results contract, made when the cut was stored.
    public var validation: String
}

/// One file of a stored cut: its name in the study folder and the SHA-256 of its bytes.
public struct StoredFile: Sendable, Equatable {
    public var name: String
    public var sha256: String
}

/// Where Readout keeps studies, data cuts and their files: content-addressed, immutable once
/// stored, every write a transaction (a write interrupted at any point leaves nothing visible).
/// SQLite (`SQLiteStore`) is the embedded default; the server's PostgreSQL store implements the
/// same protocol and passes the same tests.
public protocol ReadoutStore: JobStore, AuditStore, AccountStore, Sendable {
    /// Applies every migration not yet applied and returns the schema version.
    func migrate() async throws -> Int
    /// Closes the database (connections, pool); the store is not used afterwards.
    func close() async throws
    /// The schema version of the database (0: empty).
    func schemaVersion() async throws -> Int
    /// Stores `bytes` under their SHA-256 (once: storing the same bytes again changes nothing).
    func putBlob(_ bytes: [UInt8]) async throws -> String
    /// The bytes stored under `sha256`, or nil.
    func blob(_ sha256: String) async throws -> [UInt8]?
    /// Stores a cut of `study` (created when new) with its files and validation document, in one
    /// transaction; the same files at the same cut-off of the same study are stored once.
    func addCut(
        study: String, label: String, cutoff: CalendarDate, files: [(name: String, bytes: [UInt8])],
        validation: String
    ) async throws -> StoredCut
    /// The cuts of `study`, in the order they were stored.
    func cuts(study: String) async throws -> [StoredCut]
    /// The cut `id`, or nil.
    func cut(_ id: Int64) async throws -> StoredCut?
    /// The names of the studies, sorted.
    func studies() async throws -> [String]
    /// Stores the outputs of a spec run on cut `cut` (the spec's bytes kept too), in one
    /// transaction; the same spec on the same cut is stored once (its outputs are deterministic).
    func addRun(
        cut: Int64, specName: String, spec: [UInt8], files: [(name: String, bytes: [UInt8])]
    ) async throws
        -> StoredRun
    /// The run `id`, or nil.
    func run(_ id: Int64) async throws -> StoredRun?
    /// The runs of cut `cut`, in the order they were stored.
    func runs(cut: Int64) async throws -> [StoredRun]
}

/// An analysis run as the store holds it: a spec run on a stored cut, and its output files.
public struct StoredRun: Sendable, Equatable {
    public var id: Int64
    /// The cut it ran on.
    public var cut: Int64
    /// The spec's file name and the SHA-256 of its bytes (stored as a blob).
    public var specName: String
    public var specSHA256: String
    /// The digest of the output files, as a cut's digest is made.
    public var digest: String
    /// The output files (`readout.md`, `ard.json`, `figures/forest.svg`, ...), sorted by name.
    public var files: [StoredFile]
}

extension StoredFile {
    /// Refuses files of which two share a name (a cut's or a run's files are a folder).
    static func refuseDuplicateNames(
        _ files: [(name: String, bytes: [UInt8])], of owner: String, code: String, value: String
    )
        throws
    {
        let names = files.map(\.name)
        if Set(names).count != names.count {
            throw ReadoutError(file: nil, code: code, "\(owner) has two files of one name", value: value)
        }
    }
}

extension StoredCut {
    /// The digest of a cut's files (see `digest`).
    public static func digest(_ files: [StoredFile]) -> String {
        var text: [UInt8] = []
        for f in files.sorted(by: { $0.name < $1.name }) {
            text += Array(f.name.utf8) + [0] + Array(f.sha256.utf8) + [0x0A]
        }
        return SHA256.hex(text)
    }
}

/// A simulation run as the store holds it: a simulation file and its outputs (seeded, so the same
/// file gives the same outputs and is stored once).
public struct StoredSimulation: Sendable, Equatable {
    public var id: Int64
    public var specName: String
    public var specSHA256: String
    public var digest: String
    public var files: [StoredFile]
}

/// A background job: a readout of a spec on a cut, or a simulation. Jobs are the one mutable
/// thing in the store: queued, claimed by a worker (any process on the store) that reports
/// progress and a heartbeat, then succeeded with a result or failed with an error document.
/// A job whose worker stops reporting (a process killed) is queued again, or failed after
/// `maxAttempts` claims.
public struct StoredJob: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case readout, simulation }
    public enum State: String, Sendable, CaseIterable { case queued, running, succeeded, failed }
    public var id: Int64
    public var kind: Kind
    public var state: State
    /// The cut a readout runs on (nil for a simulation).
    public var cut: Int64?
    public var specName: String
    public var specSHA256: String
    /// How many times a worker has claimed it.
    public var attempts: Int
    /// From 0 to 1, and what the worker is doing.
    public var progress: Double
    public var stage: String
    /// The run (readout) or simulation id once succeeded.
    public var result: Int64?
    /// The error document (results contract) once failed.
    public var error: String?
    /// Milliseconds since 1970 (UTC).
    public var created: Int64
    public var updated: Int64
}

/// The jobs part of a store (see `StoredJob`).
public protocol JobStore: Sendable {
    /// Queues a job; the spec's bytes are stored as a blob.
    func addJob(
        kind: StoredJob.Kind, cut: Int64?, specName: String, spec: [UInt8], now: Int64
    ) async throws
        -> StoredJob
    func job(_ id: Int64) async throws -> StoredJob?
    /// The most recent jobs first.
    func jobs(limit: Int) async throws -> [StoredJob]
    /// Claims the oldest queued job for `worker`, or nil when none is queued.
    func claimJob(worker: String, now: Int64) async throws -> StoredJob?
    /// Records progress and the heartbeat; false when the job is no longer `worker`'s.
    func reportJob(_ id: Int64, worker: String, progress: Double, stage: String, now: Int64) async throws -> Bool
    /// Ends a job of `worker`'s: succeeded with `result`, or failed with `error`.
    func finishJob(_ id: Int64, worker: String, result: Int64?, error: String?, now: Int64) async throws
    /// Queues again the running jobs whose heartbeat is older than `lease` milliseconds, or fails
    /// them once claimed `maxAttempts` times; returns how many were queued again and failed.
    func recoverJobs(now: Int64, lease: Int64, maxAttempts: Int) async throws -> (requeued: Int, failed: Int)
    /// Stores a simulation's outputs (the same file is stored once).
    func addSimulation(
        specName: String, spec: [UInt8], files: [(name: String, bytes: [UInt8])]
    ) async throws
        -> StoredSimulation
    func simulation(_ id: Int64) async throws -> StoredSimulation?
}

/// The audit trail part of a store (see `AuditEntry`): appended in order, one at a time across
/// every process on the store, never changed.
public protocol AuditStore: Sendable {
    /// Appends `record` after the last entry, numbered, dated `now` (milliseconds since 1970) and chained.
    func appendAudit(_ record: AuditRecord, now: Int64) async throws -> AuditEntry
    /// The entries in sequence order: all of them, or those of `study`.
    func auditEntries(study: String?) async throws -> [AuditEntry]
}

import Foundation
import ReadoutAnalysis
import ReadoutCore
import ReadoutData
import ReadoutDisclosure
import ReadoutResponse
import ReadoutStore

/// What the server does, whatever asks (the REST API or the dashboard): every operation reads
/// and writes the store, and keeps no state that another process on the same store would need.
/// Its only memory is caches of immutable things (blobs by digest, cuts written out by digest).
public final class ReadoutService: Sendable {
    public let store: any ReadoutStore
    public let configuration: ServerConfiguration
    /// Wakes this process's workers when it queues a job.
    let wake: JobSignal
    let blobs: BlobCache
    /// Stored cuts and runs by id: once stored they never change, so any process may keep them.
    let storedCuts = IDCache<StoredCut>()
    let storedRuns = IDCache<StoredRun>()
    /// The cuts most recently read for subject pages, by cut digest and spec digest.
    let sources = RecentCache<SubjectRecord.Source>(capacity: 2)

    public let accounts: Accounts
    /// Runs' signatures, briefly (see `ExpiringCache`).
    let signatureCache: ExpiringCache<Int64, [StoredSignature]>

    public init(store: any ReadoutStore, configuration: ServerConfiguration) {
        self.store = store
        self.configuration = configuration
        accounts = Accounts(store: store, configuration: configuration.access)
        signatureCache = ExpiringCache(lifetime: configuration.access.cacheLifetime)
        wake = JobSignal()
        blobs = BlobCache(capacity: 256 << 20)
    }

    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    // MARK: names

    /// A study name as it appears in paths: letters, digits and `-_.`, at most 64.
    static func checkStudyName(_ name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || "-_.".unicodeScalars.contains($0)
        }
        guard !name.isEmpty, name.count <= 64, allowed, name != ".", name != ".." else {
            throw ReadoutError(
                file: nil, code: "study-name-invalid", "the study name is not allowed", variable: "study",
                value: name, expected: "1 to 64 letters, digits, '-', '_' or '.'")
        }
    }

    /// A file name given with a spec or a simulation file: its last component, checked.
    static func fileName(_ name: String?, default fallback: String, variable: String) throws -> String {
        let base = (name ?? fallback).split(separator: "/").last.map(String.init) ?? ""
        let ext = base.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard !base.isEmpty, !base.hasPrefix("."), base.count <= 128, ["yaml", "yml", "json"].contains(ext) else {
            throw ReadoutError(
                file: nil, code: "name-invalid", "the file name is not allowed", variable: variable, value: base,
                expected: "a name ending in .yaml, .yml or .json")
        }
        return base
    }

    static func date(_ text: String?, variable: String) throws -> CalendarDate {
        guard let text, text.count == 10, let d = CalendarDate(iso: text) else {
            throw ReadoutError(
                file: nil, code: "parameter-invalid", "a complete date is needed", variable: variable,
                value: text ?? "(none)", expected: "YYYY-MM-DD")
        }
        return d
    }

    // MARK: studies and cuts

    public struct StudySummary: Sendable {
        public var name: String
        public var cuts: [StoredCut]
    }

    /// The studies `p` may know of, with their cuts.
    public func studies(_ p: Principal) async throws -> [StudySummary] {
        try p.requireSignedIn()
        var out: [StudySummary] = []
        for name in try await store.studies() where p.knows(name) {
            out.append(StudySummary(name: name, cuts: try await store.cuts(study: name)))
        }
        return out
    }

    public func cuts(study: String, _ p: Principal) async throws -> [StoredCut] {
        try Self.checkStudyName(study)
        try p.require(nil, on: study, notFound: Accounts.studyUnknown(study))
        let cuts = try await store.cuts(study: study)
        if cuts.isEmpty, !(try await store.studies().contains(study)) {
            throw ReadoutError(file: nil, code: "study-unknown", "no study \(study)", value: study)
        }
        return cuts
    }

    /// Cut `id`, when `p` holds `role` (nil: any role) on its study; a cut of a study `p` has
    /// no role on is unknown.
    public func cut(_ id: Int64, _ p: Principal, needs role: StudyRole? = nil) async throws -> StoredCut {
        let unknown = ReadoutError(file: nil, code: "cut-unknown", "no stored cut \(id)", value: String(id))
        try p.requireSignedIn()
        guard let cut = try await storedCuts.get(id, orLoad: { try await store.cut(id) }) else { throw unknown }
        try p.require(role, on: cut.study, notFound: unknown)
        return cut
    }

    /// A study `p` may add cuts to: an open server creates it when new; with accounts it must
    /// exist (a site administrator creates it) and `p` be its analyst.
    func checkUploadable(_ study: String, _ p: Principal) async throws {
        try Self.checkStudyName(study)
        try p.require(.analyst, on: study, notFound: Accounts.studyUnknown(study))
        if !p.isOpen, !(try await store.studies().contains(study)) { throw Accounts.studyUnknown(study) }
    }

    /// Stores an uploaded archive (zip, tar or tar.gz) as a cut of `study`.
    public func upload(
        study: String, label: String?, cutoff: String?, archive: [UInt8], name: String, _ p: Principal
    ) async throws
        -> StoredCut
    {
        try await checkUploadable(study, p)
        let cutoff = try Self.date(cutoff, variable: "cutoff")
        let contents = try StudyArchive.read(archive, file: name, limits: configuration.archiveLimits)
        let cut = try await CutIngest.register(
            files: contents.files, study: study, label: label ?? "cut of \(cutoff.iso)", cutoff: cutoff, in: store)
        try await audit(
            p.actor, .cutStored, cut: cut,
            detail: ["archive": name, "archiveSHA256": SHA256.hex(archive), "files": String(cut.files.count)])
        return cut
    }

    /// Appends an entry about `cut` to the audit trail.
    func audit(_ actor: String, _ action: AuditAction, cut: StoredCut, detail: [String: String]) async throws {
        var detail = detail
        detail["label"] = cut.label
        detail["cutoff"] = cut.cutoff.iso
        _ = try await store.appendAudit(
            AuditRecord(
                actor: actor, action: action, study: cut.study, object: "cut \(cut.id)", objectSHA256: cut.digest,
                detail: detail), now: Self.now())
    }

    /// Stores a study folder on the server's disk as a cut, when it lies under a register root.
    public func register(
        study: String, label: String?, cutoff: String?, folder: String, _ p: Principal
    ) async throws -> StoredCut {
        try await checkUploadable(study, p)
        let cutoff = try Self.date(cutoff, variable: "cutoff")
        let resolved = URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath().path
        let allowed = configuration.registerRoots.contains { root in
            let r = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
            return resolved == r || resolved.hasPrefix(r.hasSuffix("/") ? r : r + "/")
        }
        guard allowed else {
            throw ReadoutError(
                file: nil, code: "register-forbidden", "the folder is not under a folder the server may read",
                variable: "folder", value: folder,
                expected: configuration.registerRoots.isEmpty
                    ? "a server started with --register-root" : "a folder under a --register-root")
        }
        let cut = try await CutIngest.register(
            folder: resolved, study: study, label: label ?? "cut of \(cutoff.iso)", cutoff: cutoff, in: store)
        try await audit(p.actor, .cutRegistered, cut: cut, detail: ["folder": resolved])
        return cut
    }

    /// The cut's files written out under the cache folder (once per digest; a folder appears
    /// whole or not at all), checked against their digests.
    public func folder(of cut: StoredCut) async throws -> String {
        let folder = configuration.cacheFolder + "/cut-" + cut.digest
        if FileManager.default.fileExists(atPath: folder) { return folder }
        let partial = folder + ".partial-" + UUID().uuidString
        try await CutIngest.materialize(cut, from: store, into: partial)
        do {
            try FileManager.default.moveItem(atPath: partial, toPath: folder)
        } catch {
            // Another worker wrote the same cut first: its folder has the same bytes.
            try? FileManager.default.removeItem(atPath: partial)
            guard FileManager.default.fileExists(atPath: folder) else { throw error }
        }
        return folder
    }

    // MARK: jobs

    /// Queues a readout of the spec (YAML bytes) on cut `cut`; the spec is parsed first, so a
    /// spec with errors is refused at once with its problems.
    public func submitReadout(
        cut id: Int64, specName: String?, spec: [UInt8], _ p: Principal
    )
        async throws -> StoredJob
    {
        let cut = try await cut(id, p, needs: .analyst)
        let name = try Self.fileName(specName, default: "readout.yaml", variable: "spec")
        _ = try JobExecution.parseSpec(spec, name: name, cut: cut)
        let job = try await store.addJob(kind: .readout, cut: cut.id, specName: name, spec: spec, now: Self.now())
        _ = try await store.appendAudit(
            AuditRecord(
                actor: p.actor, action: .runQueued, study: cut.study, object: "job \(job.id)",
                objectSHA256: job.specSHA256, detail: ["cut": String(cut.id), "spec": name]), now: Self.now())
        wake.signal()
        return job
    }

    /// Queues a simulation of the simulation file (YAML bytes), parsed first.
    /// Simulations hold no study's data: any signed-in user may run and read them.
    public func submitSimulation(name: String?, file: [UInt8], _ p: Principal) async throws -> StoredJob {
        try p.requireSignedIn()
        let name = try Self.fileName(name, default: "simulation.yaml", variable: "name")
        _ = try JobExecution.parseSimulation(file, name: name)
        let job = try await store.addJob(kind: .simulation, cut: nil, specName: name, spec: file, now: Self.now())
        _ = try await store.appendAudit(
            AuditRecord(
                actor: p.actor, action: .simulationQueued, object: "job \(job.id)", objectSHA256: job.specSHA256,
                detail: ["file": name]), now: Self.now())
        wake.signal()
        return job
    }

    /// The audit trail (a site administrator's), or a study's part of it (also its administrators').
    public func auditEntries(study: String?, _ p: Principal) async throws -> [AuditEntry] {
        if let study {
            try Self.checkStudyName(study)
            try p.requireStudyAdmin(study, notFound: Accounts.studyUnknown(study))
        } else {
            try p.requireSiteAdmin()
        }
        return try await store.auditEntries(study: study)
    }

    /// The trail exported (CSV or JSON), which is itself an audit entry.
    public func exportAudit(study: String?, format: String, _ p: Principal) async throws -> [AuditEntry] {
        let entries = try await auditEntries(study: study, p)
        try await accounts.audit(
            p, .auditExported, study: study, object: "audit", sha: entries.last?.hash,
            detail: ["entries": String(entries.count), "format": format])
        return entries
    }

    /// The whole trail checked (a study's part alone cannot be: its entries are chained with the
    /// others), for site administrators and study administrators.
    public func verifyAudit(_ p: Principal) async throws -> (verification: AuditTrail.Verification, head: String?) {
        try p.requireSignedIn()
        guard p.isSiteAdmin || p.roles.values.contains(where: { $0.contains(.studyAdmin) }) else {
            throw Principal.roleMissing(.studyAdmin, study: "any study", actor: p.actor)
        }
        let entries = try await store.auditEntries(study: nil)
        return (AuditTrail.verify(entries), entries.last?.hash)
    }

    /// Whether `p` may see `job`: a simulation, or a readout of a cut of a study `p` has a role on.
    func visible(_ job: StoredJob, _ p: Principal) async throws -> Bool {
        guard let cutID = job.cut else { return true }
        guard let cut = try await storedCuts.get(cutID, orLoad: { try await store.cut(cutID) }) else { return false }
        return p.isOpen || !(p.roles[cut.study] ?? []).isEmpty
    }

    public func job(_ id: Int64, _ p: Principal) async throws -> StoredJob {
        let unknown = ReadoutError(file: nil, code: "job-unknown", "no job \(id)", value: String(id))
        try p.requireSignedIn()
        guard let job = try await store.job(id) else { throw unknown }
        if let cutID = job.cut {
            guard let cut = try await storedCuts.get(cutID, orLoad: { try await store.cut(cutID) }) else {
                throw unknown
            }
            try p.require(nil, on: cut.study, notFound: unknown)
        }
        return job
    }

    /// The most recent jobs `p` may see.
    public func jobs(limit: Int = 50, _ p: Principal) async throws -> [StoredJob] {
        try p.requireSignedIn()
        var out: [StoredJob] = []
        for j in try await store.jobs(limit: p.isOpen ? limit : limit * 4) where try await visible(j, p) {
            out.append(j)
            if out.count == limit { break }
        }
        return out
    }

    // MARK: runs and simulations

    /// Run `id` and its cut, when `p` holds `role` (nil: any) on the cut's study.
    public func run(_ id: Int64, _ p: Principal, needs role: StudyRole? = nil) async throws -> (StoredRun, StoredCut) {
        let unknown = ReadoutError(file: nil, code: "run-unknown", "no run \(id)", value: String(id))
        try p.requireSignedIn()
        guard let run = try await storedRuns.get(id, orLoad: { try await store.run(id) }),
            let cut = try await storedCuts.get(run.cut, orLoad: { try await store.cut(run.cut) })
        else { throw unknown }
        try p.require(role, on: cut.study, notFound: unknown)
        return (run, cut)
    }

    public func runs(cut: Int64, _ p: Principal) async throws -> [StoredRun] {
        _ = try await self.cut(cut, p)
        return try await store.runs(cut: cut)
    }

    public func simulation(_ id: Int64, _ p: Principal) async throws -> StoredSimulation {
        try p.requireSignedIn()
        guard let s = try await store.simulation(id) else {
            throw ReadoutError(file: nil, code: "simulation-unknown", "no simulation \(id)", value: String(id))
        }
        return s
    }

    /// The bytes of a stored blob (cached: blobs never change).
    public func bytes(_ sha256: String) async throws -> [UInt8] {
        if let b = blobs.get(sha256) { return b }
        guard let b = try await store.blob(sha256) else {
            throw ReadoutError(file: nil, code: "store-corrupt", "a stored file is missing", value: sha256)
        }
        blobs.put(sha256, b)
        return b
    }

    /// The output file `name` of a run or simulation.
    public func file(_ name: String, of files: [StoredFile], owner: String) async throws -> [UInt8] {
        guard let f = files.first(where: { $0.name == name }) else {
            throw ReadoutError(file: nil, code: "file-unknown", "\(owner) has no file \(name)", value: name)
        }
        return try await bytes(f.sha256)
    }

    /// A run's spec, as stored, with the cut-off the run used (the cut's).
    func spec(of run: StoredRun, cut: StoredCut) async throws -> AnalysisSpec {
        try JobExecution.parseSpec(try await bytes(run.specSHA256), name: run.specName, cut: cut)
    }

    // MARK: subjects, comparisons, disclosure checks

    /// One subject of a run: every assessment and lesion record, and the derived responses with
    /// their explanations, under the run's spec.
    public func subject(run id: Int64, subject: String, _ p: Principal) async throws -> SubjectRecord {
        let (run, cut) = try await run(id, p)
        let key = cut.digest + "/" + run.specSHA256
        if let source = sources.get(key) { return try SubjectRecord.make(source: source, cut: cut, subject: subject) }
        let spec = try await spec(of: run, cut: cut)
        let folder = try await folder(of: cut)
        let source = try await JobExecution.offThread { try SubjectRecord.Source(folder: folder, cut: cut, spec: spec) }
        sources.put(key, source)
        return try SubjectRecord.make(source: source, cut: cut, subject: subject)
    }

    /// A run's stored JSON output `name`, parsed.
    func json(_ name: String, of run: StoredRun) async throws -> JSONNode {
        let bytes = try await file(name, of: run.files, owner: "run \(run.id)")
        return try JSONNode.parse(String(decoding: bytes, as: UTF8.self), file: name)
    }

    /// The subjects behind the count `id` (an ard.json row id) of run `run`.
    public func counted(run id: Int64, count: String, _ p: Principal) async throws -> CountedSubjects {
        let (run, _) = try await run(id, p)
        return try CountedSubjects.make(
            run: run.id, id: count, ard: try await json("ard.json", of: run),
            readout: try await json("readout.json", of: run),
            subjectLevel: try await file("subject-level.csv", of: run.files, owner: "run \(run.id)"))
    }

    /// The listable counts of run `run` (ard.json rows).
    public func counts(run: StoredRun) async throws -> [JSONNode] {
        CountedSubjects.listable(ard: try await json("ard.json", of: run))
    }

    /// The comparison of two runs' cuts under the later run's spec.
    public func compare(from first: Int64, to second: Int64, _ p: Principal) async throws -> CutComparison {
        let (_, cutA) = try await run(first, p)
        let (b, cutB) = try await run(second, p)
        let spec = try await spec(of: b, cut: cutB)
        let folderA = try await folder(of: cutA)
        let folderB = try await folder(of: cutB)
        let specBytes = try await bytes(b.specSHA256)
        return try await JobExecution.offThread {
            try JobExecution.inWorkFolder { work in
                let specPath = work + "/" + b.specName
                try Data(specBytes).write(to: URL(fileURLWithPath: specPath))
                var c = try CutComparison.run(
                    first: .init(folder: folderA, cutoff: cutA.cutoff),
                    second: .init(folder: folderB, cutoff: cutB.cutoff),
                    spec: (spec, specPath))
                c.first.folder = "cut \(cutA.id) (\(cutA.label))"
                c.second.folder = "cut \(cutB.id) (\(cutB.label))"
                return c
            }
        }
    }

    /// Checks a written text against itself and against the readout of run `id`.
    public func checkText(run id: Int64, text: String, _ p: Principal) async throws -> DisclosureCheck {
        let (run, cut) = try await run(id, p)
        let folder = try await folder(of: cut)
        let specBytes = try await bytes(run.specSHA256)
        return try await JobExecution.offThread {
            try JobExecution.inWorkFolder { work in
                let output = try JobExecution.output(
                    spec: specBytes, name: run.specName, cut: cut, folder: folder, work: work)
                return DisclosureCheck.run(
                    text: text, file: "the text given", readout: output.result,
                    label: "run \(run.id) (\(run.specName) on cut \(cut.id), \(cut.label))")
            }
        }
    }
}

/// Wakes waiting workers of this process (a job was queued); workers also poll, for jobs
/// queued by other processes.
final class JobSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var pending = 0

    func signal() {
        lock.lock()
        if waiters.isEmpty {
            pending += 1
            lock.unlock()
        } else {
            let all = waiters
            waiters = []
            lock.unlock()
            for w in all { w.resume() }
        }
    }

    /// Returns when signalled or after `seconds`.
    func wait(seconds: Double) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                await withCheckedContinuation { c in
                    lock.lock()
                    if pending > 0 {
                        pending = 0
                        lock.unlock()
                        c.resume()
                    } else {
                        waiters.append(c)
                        lock.unlock()
                    }
                }
            }
            group.addTask { try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9)) }
            await group.next()
            group.cancelAll()
            // The sleeping task ends on cancellation; a waiter left behind is resumed by the next signal.
            signalIfWaiting()
        }
    }

    private func signalIfWaiting() {
        lock.lock()
        let all = waiters
        waiters = []
        lock.unlock()
        for w in all { w.resume() }
    }
}

/// Immutable stored things by id, up to `capacity` (then emptied and filled again).
final class IDCache<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Int64: Value] = [:]
    let capacity: Int

    init(capacity: Int = 10_000) { self.capacity = capacity }

    func get(_ id: Int64) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return entries[id]
    }

    func put(_ id: Int64, _ value: Value) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[id] = value
    }

    /// The value of `id`, loaded (and kept) when not yet here; nil when `load` finds none.
    func get(_ id: Int64, orLoad load: () async throws -> Value?) async throws -> Value? {
        if let v = get(id) { return v }
        guard let v = try await load() else { return nil }
        put(id, v)
        return v
    }
}

/// The `capacity` values most recently stored, by key.
final class RecentCache<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(key: String, value: Value)] = []
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func get(_ key: String) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return entries.first { $0.key == key }?.value
    }

    func put(_ key: String, _ value: Value) {
        lock.lock()
        defer { lock.unlock() }
        entries.removeAll { $0.key == key }
        entries.append((key, value))
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }
}

/// Blobs by digest, up to `capacity` bytes, the least recently stored dropped first.
final class BlobCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: [UInt8]] = [:]
    private var order: [String] = []
    private var size = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func get(_ key: String) -> [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    func put(_ key: String, _ bytes: [UInt8]) {
        guard bytes.count <= capacity / 4 else { return }
        lock.lock()
        defer { lock.unlock() }
        if entries[key] != nil { return }
        entries[key] = bytes
        order.append(key)
        size += bytes.count
        while size > capacity, !order.isEmpty {
            let old = order.removeFirst()
            size -= entries.removeValue(forKey: old)?.count ?? 0
        }
    }
}

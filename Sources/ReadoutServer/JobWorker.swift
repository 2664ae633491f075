import Foundation
import Logging
import ReadoutCore
import ReadoutData
import ReadoutStore
import ServiceLifecycle

/// Runs queued jobs, one at a time, until the server shuts down: claims the oldest queued job
/// in the store (any process's), reports progress and a heartbeat while it runs, and stores its
/// result. Between jobs it queues again (or fails) jobs whose worker stopped reporting.
struct JobWorker: Service {
    let service: ReadoutService
    /// Unique per worker and process: host, process id, worker number and a random part.
    let name: String
    let logger: Logger

    init(service: ReadoutService, number: Int, logger: Logger) {
        self.service = service
        let host = ProcessInfo.processInfo.hostName
        name = "\(host):\(ProcessInfo.processInfo.processIdentifier):\(number):\(UUID().uuidString.prefix(8))"
        self.logger = logger
    }

    var store: any ReadoutStore { service.store }
    var configuration: ServerConfiguration { service.configuration }
    var leaseMilliseconds: Int64 { Int64(configuration.jobLease * 1000) }

    func run() async throws {
        logger.info("job worker started", metadata: ["worker": .string(name)])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let recovered = try await store.recoverJobs(
                    now: ReadoutService.now(), lease: leaseMilliseconds, maxAttempts: configuration.maxAttempts)
                if recovered.requeued + recovered.failed > 0 {
                    logger.warning(
                        "interrupted jobs recovered",
                        metadata: ["requeued": "\(recovered.requeued)", "failed": "\(recovered.failed)"])
                }
                if let job = try await store.claimJob(worker: name, now: ReadoutService.now()) {
                    await execute(job)
                    continue
                }
            } catch {
                logger.error("job store unavailable", metadata: ["error": "\(error)"])
            }
            await service.wake.wait(seconds: configuration.pollInterval)
        }
        logger.info("job worker stopped", metadata: ["worker": .string(name)])
    }

    /// Runs `job` with a heartbeat beside it; any failure is stored as the job's error document.
    func execute(_ job: StoredJob) async {
        logger.info("job started", metadata: ["job": "\(job.id)", "kind": .string(job.kind.rawValue)])
        let progress = JobProgress()
        let interval = min(1.0, configuration.jobLease / 3)
        // The heartbeat is the progress reported every `interval`, changed or not.
        let heartbeat = Task { [store, name] in
            while !Task.isCancelled {
                let now = progress.get()
                _ = try? await store.reportJob(
                    job.id, worker: name, progress: now.0, stage: now.1, now: ReadoutService.now())
                try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
            }
        }
        var result: Int64? = nil
        var failure: String? = nil
        do {
            result = try await perform(job, progress: progress)
        } catch let e as ReadoutError {
            failure = ResultsContract.error(e)
        } catch {
            failure = ResultsContract.error(
                ReadoutError(file: nil, code: "job-failed", "the job failed: \(error)", value: String(job.id)))
        }
        heartbeat.cancel()
        _ = await heartbeat.result
        do {
            // Recorded first: whoever sees the job finished finds its entry in the trail.
            try await recordInAudit(job, result: result, failure: failure)
            try await store.finishJob(job.id, worker: name, result: result, error: failure, now: ReadoutService.now())
        } catch {
            logger.error("job result not recorded", metadata: ["job": "\(job.id)", "error": "\(error)"])
        }
        logger.info(
            "job finished",
            metadata: ["job": "\(job.id)", "state": .string(failure == nil ? "succeeded" : "failed")])
    }

    /// The job's end in the audit trail: the run or simulation stored (with its digest), or the
    /// error's code.
    func recordInAudit(_ job: StoredJob, result: Int64?, failure: String?) async throws {
        var detail = ["job": String(job.id), "worker": name]
        var study: String? = nil
        var object = "job \(job.id)"
        var digest: String? = nil
        if let cutID = job.cut { study = try await service.cut(cutID, .system).study }
        if let result {
            if job.kind == .readout {
                object = "run \(result)"
                digest = try await service.run(result, .system).0.digest
            } else {
                object = "simulation \(result)"
                digest = try await service.simulation(result, .system).digest
            }
        }
        if let failure, let doc = try? JSONNode.parse(failure, file: "error"), case .array(let p)? = doc["problems"] {
            detail["error"] = p.first?["code"]?.stringValue ?? "unknown"
        }
        _ = try await store.appendAudit(
            AuditRecord(
                actor: "system", action: failure == nil ? .jobSucceeded : .jobFailed, study: study, object: object,
                objectSHA256: digest, detail: detail), now: ReadoutService.now())
    }

    /// The job's work; returns the stored run's or simulation's id.
    func perform(_ job: StoredJob, progress: JobProgress) async throws -> Int64 {
        let spec = try await service.bytes(job.specSHA256)
        switch job.kind {
        case .readout:
            guard let cutID = job.cut else {
                throw ReadoutError(file: nil, code: "job-invalid", "a readout job without a cut", value: String(job.id))
            }
            progress.set(0.05, "writing out the cut")
            let cut = try await service.cut(cutID, .system)
            let folder = try await service.folder(of: cut)
            let files = try await JobExecution.offThread {
                try JobExecution.readout(spec: spec, name: job.specName, cut: cut, folder: folder) { p, s in
                    progress.set(p, s)
                }
            }
            progress.set(0.9, "storing the outputs")
            return try await store.addRun(cut: cut.id, specName: job.specName, spec: spec, files: files).id
        case .simulation:
            progress.set(0.02, "simulating")
            let threads = configuration.jobThreads
            let files = try await JobExecution.offThread {
                try JobExecution.simulation(file: spec, name: job.specName, threads: threads) { p, s in
                    progress.set(p, s)
                }
            }
            progress.set(0.95, "storing the outputs")
            return try await store.addSimulation(specName: job.specName, spec: spec, files: files).id
        }
    }
}

/// The latest progress of a running job, set by its work and read by its heartbeat.
final class JobProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (Double, String) = (0, "claimed")

    func set(_ fraction: Double, _ stage: String) {
        lock.lock()
        value = (fraction, stage)
        lock.unlock()
    }

    func get() -> (Double, String) {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

import PostgresNIO
import ReadoutCore

extension PostgresStore {
    static let jobColumns =
        "SELECT id, kind, state, cut_id, spec_name, spec_sha256, attempts, progress, stage, result_id, error, "
        + "created, updated FROM jobs"

    func job(from row: PostgresRow) throws -> StoredJob {
        let (id, kind, state, cut, name, sha, attempts, progress, stage, result, error, created, updated) =
            try row.decode(
                (
                    Int64, String, String, Int64?, String, String, Int, Double, String, Int64?, String?, Int64, Int64
                ).self)
        return StoredJob(
            id: id, kind: StoredJob.Kind(rawValue: kind)!, state: StoredJob.State(rawValue: state)!, cut: cut,
            specName: name, specSHA256: sha, attempts: attempts, progress: progress, stage: stage, result: result,
            error: error, created: created, updated: updated)
    }

    public func addJob(
        kind: StoredJob.Kind, cut: Int64?, specName: String, spec: [UInt8], now: Int64
    ) async throws
        -> StoredJob
    {
        let id: Int64 = try await transaction { c in
            if let cut, try await c.query("SELECT id FROM cuts WHERE id = \(cut)", logger: .quiet).collect().isEmpty {
                throw ReadoutError(file: nil, code: "cut-unknown", "no stored cut \(cut)", value: String(cut))
            }
            let sha = try await Self.insertBlob(spec, on: c)
            var id: Int64 = 0
            for try await v in try await c.query(
                """
                INSERT INTO jobs (kind, state, cut_id, spec_name, spec_sha256, created, updated) VALUES
                (\(kind.rawValue), 'queued', \(cut), \(specName), \(sha), \(now), \(now)) RETURNING id
                """,
                logger: .quiet
            ).decode(Int64.self) {
                id = v
            }
            return id
        }
        return try await job(id)!
    }

    public func job(_ id: Int64) async throws -> StoredJob? {
        var b = PostgresBindings()
        b.append(id)
        return try await rows(PostgresQuery(unsafeSQL: Self.jobColumns + " WHERE id = $1", binds: b)).first.map(
            job(from:))
    }

    public func jobs(limit: Int) async throws -> [StoredJob] {
        var b = PostgresBindings()
        b.append(limit)
        return try await rows(PostgresQuery(unsafeSQL: Self.jobColumns + " ORDER BY id DESC LIMIT $1", binds: b))
            .map(job(from:))
    }

    public func claimJob(worker: String, now: Int64) async throws -> StoredJob? {
        let id: Int64? = try await transaction { c in
            // SKIP LOCKED: a job another worker is claiming at this moment is passed over, not waited for.
            for try await v in try await c.query(
                """
                UPDATE jobs SET state = 'running', worker = \(worker), heartbeat = \(now), attempts = attempts +
                1, progress = 0, stage = 'claimed', updated = \(now) WHERE id = (SELECT id FROM jobs WHERE state
                = 'queued' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id
                """,
                logger: .quiet
            ).decode(Int64.self) {
                return v
            }
            return nil
        }
        guard let id else { return nil }
        return try await job(id)
    }

    public func reportJob(
        _ id: Int64, worker: String, progress: Double, stage: String, now: Int64
    ) async throws
        -> Bool
    {
        try await transaction { c in
            let changed = try await c.query(
                """
                UPDATE jobs SET progress = \(progress), stage = \(stage), heartbeat = \(now), updated = \(now)
                WHERE id = \(id) AND worker = \(worker) AND state = 'running' RETURNING id
                """, logger: .quiet
            ).collect()
            return changed.count == 1
        }
    }

    public func finishJob(_ id: Int64, worker: String, result: Int64?, error: String?, now: Int64) async throws {
        let state = error == nil ? "succeeded" : "failed"
        let progress: Double = error == nil ? 1 : 0
        let stage = error == nil ? "done" : "failed"
        _ = try await transaction { c in
            try await c.query(
                """
                UPDATE jobs SET state = \(state), result_id = \(result), error = \(error), progress =
                \(progress), stage = \(stage), updated = \(now) WHERE id = \(id) AND worker = \(worker) AND
                state = 'running'
                """, logger: .quiet)
        }
    }

    public func recoverJobs(now: Int64, lease: Int64, maxAttempts: Int) async throws -> (requeued: Int, failed: Int) {
        let counts: [Int] = try await transaction { c in
            var stale: [(Int64, Int)] = []
            for try await row in try await c.query(
                """
                SELECT id, attempts FROM jobs WHERE state = 'running' AND heartbeat < \(now - lease) FOR UPDATE
                SKIP LOCKED
                """, logger: .quiet
            ).decode((Int64, Int).self) {
                stale.append(row)
            }
            var requeued = 0
            var failed = 0
            for (id, attempts) in stale {
                if attempts >= maxAttempts {
                    let error = ResultsContract.error(
                        ReadoutError(
                            file: nil, code: "job-interrupted",
                            "the job's worker stopped \(maxAttempts) times before it finished", value: String(id),
                            expected: "a job that finishes"))
                    try await c.query(
                        """
                        UPDATE jobs SET state = 'failed', error = \(error), stage = 'interrupted', worker = NULL,
                        updated = \(now) WHERE id = \(id)
                        """, logger: .quiet)
                    failed += 1
                } else {
                    try await c.query(
                        """
                        UPDATE jobs SET state = 'queued', stage = 'requeued after an interruption', worker = NULL,
                        progress = 0, updated = \(now) WHERE id = \(id)
                        """, logger: .quiet)
                    requeued += 1
                }
            }
            return [requeued, failed]
        }
        return (counts[0], counts[1])
    }

    public func addSimulation(
        specName: String, spec: [UInt8], files: [(name: String, bytes: [UInt8])]
    ) async throws
        -> StoredSimulation
    {
        let sendable = files.map { SendableFile(name: $0.name, bytes: $0.bytes) }
        let id: Int64 = try await transaction { c in
            let sha = try await Self.insertBlob(spec, on: c)
            for try await existing in try await c.query(
                "SELECT id FROM simulations WHERE spec_sha256 = \(sha)", logger: .quiet
            ).decode(Int64.self) {
                return existing
            }
            let stored = try await Self.insertBlobs(sendable, on: c)
            var id: Int64 = 0
            for try await v in try await c.query(
                """
                INSERT INTO simulations (spec_name, spec_sha256, digest) VALUES (\(specName), \(sha),
                \(StoredCut.digest(stored))) RETURNING id
                """, logger: .quiet
            ).decode(Int64.self) {
                id = v
            }
            try await Self.insertFiles("simulation_files", "simulation_id", id, stored, on: c)
            return id
        }
        return try await simulation(id)!
    }

    public func simulation(_ id: Int64) async throws -> StoredSimulation? {
        guard
            let row = try await rows("SELECT spec_name, spec_sha256, digest FROM simulations WHERE id = \(id)").first
        else { return nil }
        let (name, sha, digest) = try row.decode((String, String, String).self)
        return StoredSimulation(
            id: id, specName: name, specSHA256: sha, digest: digest,
            files: try await files("simulation_files", "simulation_id", id))
    }
}

import ReadoutCore
import SQLiteNIO

extension SQLiteStore {
    static let jobColumns =
        "SELECT id, kind, state, cut_id, spec_name, spec_sha256, attempts, progress, stage, result_id, error, "
        + "created, updated FROM jobs"

    func job(from row: SQLiteRow) -> StoredJob {
        StoredJob(
            id: Int64(row.column("id")!.integer!), kind: StoredJob.Kind(rawValue: row.column("kind")!.string!)!,
            state: StoredJob.State(rawValue: row.column("state")!.string!)!,
            cut: row.column("cut_id")?.integer.map(Int64.init), specName: row.column("spec_name")!.string!,
            specSHA256: row.column("spec_sha256")!.string!, attempts: row.column("attempts")!.integer!,
            progress: row.column("progress")!.double!, stage: row.column("stage")!.string!,
            result: row.column("result_id")?.integer.map(Int64.init), error: row.column("error")?.string,
            created: Int64(row.column("created")!.integer!), updated: Int64(row.column("updated")!.integer!))
    }

    public func addJob(
        kind: StoredJob.Kind, cut: Int64?, specName: String, spec: [UInt8], now: Int64
    ) async throws
        -> StoredJob
    {
        let id: Int = try await transaction {
            if let cut, try await query("SELECT id FROM cuts WHERE id = ?", [.integer(Int(cut))]).isEmpty {
                throw ReadoutError(file: nil, code: "cut-unknown", "no stored cut \(cut)", value: String(cut))
            }
            let sha = try await insertBlob(spec)
            _ = try await query(
                "INSERT INTO jobs (kind, state, cut_id, spec_name, spec_sha256, created, updated) "
                    + "VALUES (?, 'queued', ?, ?, ?, ?, ?)",
                [
                    .text(kind.rawValue), cut.map { .integer(Int($0)) } ?? .null, .text(specName), .text(sha),
                    .integer(Int(now)), .integer(Int(now)),
                ])
            return try await lastID()
        }
        return try await job(Int64(id))!
    }

    public func job(_ id: Int64) async throws -> StoredJob? {
        try await query(Self.jobColumns + " WHERE id = ?", [.integer(Int(id))]).first.map(job(from:))
    }

    public func jobs(limit: Int) async throws -> [StoredJob] {
        try await query(Self.jobColumns + " ORDER BY id DESC LIMIT ?", [.integer(limit)]).map(job(from:))
    }

    public func claimJob(worker: String, now: Int64) async throws -> StoredJob? {
        let id: Int? = try await transaction {
            guard let row = try await query("SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1").first,
                let id = row.column("id")?.integer
            else { return nil }
            _ = try await query(
                "UPDATE jobs SET state = 'running', worker = ?, heartbeat = ?, attempts = attempts + 1, "
                    + "progress = 0, stage = 'claimed', updated = ? WHERE id = ?",
                [.text(worker), .integer(Int(now)), .integer(Int(now)), .integer(id)])
            return id
        }
        guard let id else { return nil }
        return try await job(Int64(id))
    }

    public func reportJob(
        _ id: Int64, worker: String, progress: Double, stage: String, now: Int64
    ) async throws
        -> Bool
    {
        try await transaction {
            _ = try await query(
                "UPDATE jobs SET progress = ?, stage = ?, heartbeat = ?, updated = ? "
                    + "WHERE id = ? AND worker = ? AND state = 'running'",
                [
                    .float(progress), .text(stage), .integer(Int(now)), .integer(Int(now)), .integer(Int(id)),
                    .text(worker),
                ]
            )
            return try await query("SELECT changes() AS n").first?.column("n")?.integer == 1
        }
    }

    public func finishJob(_ id: Int64, worker: String, result: Int64?, error: String?, now: Int64) async throws {
        _ = try await transaction {
            try await query(
                "UPDATE jobs SET state = ?, result_id = ?, error = ?, progress = ?, stage = ?, updated = ? "
                    + "WHERE id = ? AND worker = ? AND state = 'running'",
                [
                    .text(error == nil ? "succeeded" : "failed"), result.map { .integer(Int($0)) } ?? .null,
                    error.map { .text($0) } ?? .null, .float(error == nil ? 1 : 0),
                    .text(error == nil ? "done" : "failed"), .integer(Int(now)), .integer(Int(id)), .text(worker),
                ])
        }
    }

    public func recoverJobs(now: Int64, lease: Int64, maxAttempts: Int) async throws -> (requeued: Int, failed: Int) {
        try await transaction {
            let stale = try await query(
                "SELECT id, attempts FROM jobs WHERE state = 'running' AND heartbeat < ?", [.integer(Int(now - lease))])
            var requeued = 0
            var failed = 0
            for row in stale {
                let id = row.column("id")!.integer!
                if row.column("attempts")!.integer! >= maxAttempts {
                    let error = ResultsContract.error(
                        ReadoutError(
                            file: nil, code: "job-interrupted",
                            "the job's worker stopped \(maxAttempts) times before it finished",
                            value: String(id), expected: "a job that finishes"))
                    _ = try await query(
                        "UPDATE jobs SET state = 'failed', error = ?, stage = 'interrupted', worker = NULL, "
                            + "updated = ? WHERE id = ?", [.text(error), .integer(Int(now)), .integer(id)])
                    failed += 1
                } else {
                    _ = try await query(
                        "UPDATE jobs SET state = 'queued', stage = 'requeued after an interruption', worker = NULL, "
                            + "progress = 0, updated = ? WHERE id = ?", [.integer(Int(now)), .integer(id)])
                    requeued += 1
                }
            }
            return (requeued, failed)
        }
    }

    public func addSimulation(
        specName: String, spec: [UInt8], files: [(name: String, bytes: [UInt8])]
    ) async throws
        -> StoredSimulation
    {
        let id: Int = try await transaction {
            let sha = try await insertBlob(spec)
            if let id = try await query("SELECT id FROM simulations WHERE spec_sha256 = ?", [.text(sha)]).first?
                .column("id")?.integer
            {
                return id
            }
            let stored = try await insertBlobs(files)
            _ = try await query(
                "INSERT INTO simulations (spec_name, spec_sha256, digest) VALUES (?, ?, ?)",
                [.text(specName), .text(sha), .text(StoredCut.digest(stored))])
            let id = try await lastID()
            try await insertFiles("simulation_files", "simulation_id", id, stored)
            return id
        }
        return try await simulation(Int64(id))!
    }

    public func simulation(_ id: Int64) async throws -> StoredSimulation? {
        guard
            let row = try await query(
                "SELECT spec_name, spec_sha256, digest FROM simulations WHERE id = ?", [.integer(Int(id))]
            ).first
        else { return nil }
        let files = try await query(
            "SELECT name, sha256 FROM simulation_files WHERE simulation_id = ? ORDER BY name", [.integer(Int(id))]
        ).map { StoredFile(name: $0.column("name")!.string!, sha256: $0.column("sha256")!.string!) }
        return StoredSimulation(
            id: id, specName: row.column("spec_name")!.string!, specSHA256: row.column("spec_sha256")!.string!,
            digest: row.column("digest")!.string!, files: files)
    }
}

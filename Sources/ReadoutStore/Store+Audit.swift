import PostgresNIO
import ReadoutCore
import SQLiteNIO

extension SQLiteStore {
    static let auditColumns =
        "SELECT sequence, time, actor, action, study, object, object_sha256, detail, previous, hash FROM audit"

    func audit(from row: SQLiteRow) -> AuditEntry {
        AuditEntry(
            sequence: Int64(row.column("sequence")!.integer!), time: row.column("time")!.string!,
            actor: row.column("actor")!.string!, action: AuditAction(rawValue: row.column("action")!.string!)!,
            study: row.column("study")?.string, object: row.column("object")!.string!,
            objectSHA256: row.column("object_sha256")?.string, detail: row.column("detail")!.string!,
            previous: row.column("previous")!.string!, hash: row.column("hash")!.string!)
    }

    public func appendAudit(_ record: AuditRecord, now: Int64) async throws -> AuditEntry {
        try await transaction {
            let last = try await query("SELECT sequence, hash FROM audit ORDER BY sequence DESC LIMIT 1").first.map {
                (Int64($0.column("sequence")!.integer!), $0.column("hash")!.string!)
            }
            let e = record.entry(after: last, now: now)
            _ = try await query(
                "INSERT INTO audit (sequence, time, actor, action, study, object, object_sha256, detail, previous, "
                    + "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    .integer(Int(e.sequence)), .text(e.time), .text(e.actor), .text(e.action.rawValue),
                    e.study.map { .text($0) } ?? .null, .text(e.object), e.objectSHA256.map { .text($0) } ?? .null,
                    .text(e.detail), .text(e.previous), .text(e.hash),
                ])
            return e
        }
    }

    public func auditEntries(study: String?) async throws -> [AuditEntry] {
        let rows: [SQLiteRow]
        if let study {
            rows = try await query(Self.auditColumns + " WHERE study = ? ORDER BY sequence", [.text(study)])
        } else {
            rows = try await query(Self.auditColumns + " ORDER BY sequence")
        }
        return try rows.map { row in
            try AuditTrail.checkAction(row.column("action")?.string ?? "", sequence: row.column("sequence")?.integer)
            return audit(from: row)
        }
    }
}

extension PostgresStore {
    public func appendAudit(_ record: AuditRecord, now: Int64) async throws -> AuditEntry {
        try await transaction { c in
            // One appender at a time across every process: the chain has one head. An advisory lock,
            // which needs no privilege on the table (a role that may only read and append can take it).
            try await c.query("SELECT pg_advisory_xact_lock(\(Int64(0x4155_4449_54)))", logger: .quiet)
            var last: (Int64, String)? = nil
            for try await row in try await c.query(
                "SELECT sequence, hash FROM audit ORDER BY sequence DESC LIMIT 1", logger: .quiet
            ).decode((Int64, String).self) {
                last = row
            }
            let e = record.entry(after: last, now: now)
            try await c.query(
                """
                INSERT INTO audit (sequence, time, actor, action, study, object, object_sha256, detail, previous, hash)
                VALUES (\(e.sequence), \(e.time), \(e.actor), \(e.action.rawValue), \(e.study), \(e.object),
                \(e.objectSHA256), \(e.detail), \(e.previous), \(e.hash))
                """, logger: .quiet)
            return e
        }
    }

    public func auditEntries(study: String?) async throws -> [AuditEntry] {
        let columns =
            "SELECT sequence, time, actor, action, study, object, object_sha256, detail, previous, hash FROM audit"
        var b = PostgresBindings()
        if let study { b.append(study) }
        let rows = try await self.rows(
            PostgresQuery(
                unsafeSQL: columns + (study == nil ? "" : " WHERE study = $1") + " ORDER BY sequence", binds: b))
        return try rows.map { row in
            let (sequence, time, actor, action, study, object, sha, detail, previous, hash) = try row.decode(
                (Int64, String, String, String, String?, String, String?, String, String, String).self)
            try AuditTrail.checkAction(action, sequence: Int(sequence))
            return AuditEntry(
                sequence: sequence, time: time, actor: actor, action: AuditAction(rawValue: action)!, study: study,
                object: object,
                objectSHA256: sha, detail: detail, previous: previous, hash: hash)
        }
    }
}

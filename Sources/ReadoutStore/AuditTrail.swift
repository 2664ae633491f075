import Foundation
import ReadoutCore
import ReadoutData

/// One entry of the audit trail: who did what to which object, when, with the SHA-256 of what
/// was touched, chained to the entry before it by its hash. Entries are appended, never changed
/// (the store's triggers refuse it), and `AuditTrail.verify` finds any entry edited, removed or
/// put out of order afterwards.
public struct AuditEntry: Sendable, Equatable {
    /// 1, 2, 3, … with no gap.
    public var sequence: Int64
    /// ISO 8601 in UTC, to the millisecond.
    public var time: String
    /// Who: a user name, `anonymous` (an open server, or a failed sign-in), `system` (a job worker) or `demo`.
    public var actor: String
    public var action: AuditAction
    /// The study the object belongs to, when it belongs to one.
    public var study: String?
    /// What was touched: `cut 3`, `run 7`, `job 12`, `simulation 2`.
    public var object: String
    /// The SHA-256 of what was touched: a cut's or run's digest, a spec's or file's bytes.
    public var objectSHA256: String?
    /// More about it, as `key=value` lines sorted by key (the label, the spec's name, an error code).
    public var detail: String
    /// The previous entry's hash (64 zeros for the first).
    public var previous: String
    /// SHA-256 of this entry's fields and `previous` (`AuditEntry.text`).
    public var hash: String

    public static let genesis = String(repeating: "0", count: 64)

    /// The text the hash is of: every field but the hash, one per line, in this order.
    public static func text(
        sequence: Int64, time: String, actor: String, action: AuditAction, study: String?, object: String,
        objectSHA256: String?, detail: String, previous: String
    ) -> String {
        [
            String(sequence), time, actor, action.rawValue, study ?? "", object, objectSHA256 ?? "", detail, previous,
        ].map { $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n") }
            .joined(separator: "\n")
    }

    /// The hash this entry should have.
    public var expectedHash: String {
        SHA256.hex(
            Array(
                Self.text(
                    sequence: sequence, time: time, actor: actor, action: action, study: study, object: object,
                    objectSHA256: objectSHA256, detail: detail, previous: previous
                ).utf8))
    }
}

/// What an audit entry records (docs/security.md lists each with its object and detail).
public enum AuditAction: String, Sendable, CaseIterable {
    case cutStored = "cut-stored"
    case cutRegistered = "cut-registered"
    case runQueued = "run-queued"
    case simulationQueued = "simulation-queued"
    case jobSucceeded = "job-succeeded"
    case jobFailed = "job-failed"
    case login
    case loginFailed = "login-failed"
    case logout
    case logoutEverywhere = "logout-everywhere"
    case userCreated = "user-created"
    case userDisabled = "user-disabled"
    case userEnabled = "user-enabled"
    case passwordChanged = "password-changed"
    case studyCreated = "study-created"
    case roleGranted = "role-granted"
    case roleRevoked = "role-revoked"
    case tokenCreated = "token-created"
    case tokenRevoked = "token-revoked"
    case runSigned = "run-signed"
    case signatureRefused = "signature-refused"
    case runExported = "run-exported"
    case auditExported = "audit-exported"
}

/// What is appended: an entry's fields before the store numbers, dates, chains and hashes it.
public struct AuditRecord: Sendable {
    public var actor: String
    public var action: AuditAction
    public var study: String?
    public var object: String
    public var objectSHA256: String?
    public var detail: [String: String]

    public init(
        actor: String, action: AuditAction, study: String? = nil, object: String, objectSHA256: String? = nil,
        detail: [String: String] = [:]
    ) {
        self.actor = actor
        self.action = action
        self.study = study
        self.object = object
        self.objectSHA256 = objectSHA256
        self.detail = detail
    }

    /// The detail as sorted `key=value` lines.
    var detailText: String { detail.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n") }

    /// The entry this record becomes after `last` (nil: the first), at `now` (milliseconds since 1970).
    func entry(after last: (sequence: Int64, hash: String)?, now: Int64) -> AuditEntry {
        let sequence = (last?.sequence ?? 0) + 1
        let previous = last?.hash ?? AuditEntry.genesis
        let time = AuditTrail.time(now)
        var e = AuditEntry(
            sequence: sequence, time: time, actor: actor, action: action, study: study, object: object,
            objectSHA256: objectSHA256, detail: detailText, previous: previous, hash: "")
        e.hash = e.expectedHash
        return e
    }
}

public enum AuditTrail {
    /// Refuses an entry whose action this Readout does not know (written by a newer one): it is
    /// never skipped, which would break the chain unnoticed.
    static func checkAction(_ action: String, sequence: Int?) throws {
        guard AuditAction(rawValue: action) == nil else { return }
        throw ReadoutError(
            file: nil, code: "store-too-new",
            "audit entry \(sequence ?? 0) records an action this Readout does not know",
            value: action, expected: AuditAction.allCases.map(\.rawValue).joined(separator: ", "))
    }

    /// Milliseconds since 1970 as ISO 8601 in UTC, to the millisecond.
    public static func time(_ ms: Int64) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    /// The verdict on a trail: how many entries, and the first that breaks the chain.
    public struct Verification: Sendable, Equatable {
        public var entries: Int
        /// The first broken entry's sequence number (as stored) and what is wrong with it.
        public var firstBroken: (sequence: Int64, problem: String)?
        public var valid: Bool { firstBroken == nil }

        public static func == (a: Verification, b: Verification) -> Bool {
            a.entries == b.entries && a.firstBroken?.sequence == b.firstBroken?.sequence
                && a.firstBroken?.problem == b.firstBroken?.problem
        }
    }

    /// Checks entries read in storage order (by sequence number): numbered 1, 2, 3 … without a gap,
    /// each hash that of its fields, each `previous` the hash of the entry before.
    public static func verify(_ entries: [AuditEntry]) -> Verification {
        var expectedSequence: Int64 = 1
        var previous = AuditEntry.genesis
        for e in entries {
            if e.sequence != expectedSequence {
                return Verification(
                    entries: entries.count,
                    firstBroken: (
                        e.sequence,
                        "expected entry \(expectedSequence) here: \(e.sequence - expectedSequence) entries are missing"
                    ))
            }
            if e.previous != previous {
                return Verification(
                    entries: entries.count,
                    firstBroken: (e.sequence, "it does not follow the entry before it (removed or reordered entries)"))
            }
            if e.hash != e.expectedHash {
                return Verification(
                    entries: entries.count, firstBroken: (e.sequence, "its fields do not match its hash (edited)"))
            }
            previous = e.hash
            expectedSequence += 1
        }
        return Verification(entries: entries.count, firstBroken: nil)
    }
}

import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutStore

/// `readout audit`: the server's audit trail, checked or exported, read from its store.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the audit trail of a server's store, or export it.",
        discussion:
            "Reads the store readout serve uses: the SQLite file in --data, or the PostgreSQL database of --store. "
            + "docs/server.md describes what is recorded and how the chain is checked.",
        subcommands: [AuditVerify.self, AuditExport.self])
}

/// Where the store is: the same options as `readout serve`.
struct StoreLocation: ParsableArguments {
    @Option(help: ArgumentHelp("The server's data folder (its readout.sqlite).", valueName: "dir"))
    var data: String?
    @Option(help: ArgumentHelp("A PostgreSQL URL instead of --data.", valueName: "url")) var store: String?

    /// `body` with the store (migrated only by `readout store migrate`), closed afterwards.
    /// `migrating`: the store is created (SQLite: its folder too) and migrated first, as `readout user` needs.
    func withStore<T: Sendable>(
        migrating: Bool = false, _ body: @escaping @Sendable (any ReadoutStore) async throws -> T
    ) throws -> T {
        let url = store ?? ProcessInfo.processInfo.environment["READOUT_STORE"]
        let folder = data ?? ProcessInfo.processInfo.environment["READOUT_DATA"] ?? "readout-data"
        return try blocking {
            let s: any ReadoutStore
            if let url {
                s = try PostgresStore(url: url)
            } else {
                if migrating {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
                guard migrating || FileManager.default.fileExists(atPath: folder + "/readout.sqlite") else {
                    throw ReadoutError(
                        file: folder, code: "store-missing", "no store in the folder",
                        expected: "a readout serve data folder")
                }
                s = try await SQLiteStore(path: folder + "/readout.sqlite")
            }
            do {
                if migrating { _ = try await s.migrate() }
                let value = try await body(s)
                try await s.close()
                return value
            } catch {
                try? await s.close()
                throw error
            }
        }
    }

    /// The store's audit entries (of `study`, or all).
    func entries(study: String?) throws -> [AuditEntry] {
        try withStore { try await $0.auditEntries(study: study) }
    }
}

/// The outcome of async work, handed to the thread that waits for it.
private final class Outcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

/// Runs async work from a command's synchronous `run()`, blocking until it ends.
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = Outcome<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that no entry was edited, removed or reordered; exits 1 naming the first broken entry.")
    @OptionGroup var location: StoreLocation
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let entries = try location.entries(study: nil)
        let verdict = AuditTrail.verify(entries)
        let head = entries.last?.hash
        print(
            format == .json ? AuditTrail.contract(verdict, head: head) : AuditTrail.text(verdict, head: head),
            terminator: "")
        if !verdict.valid { throw ExitCode(ExitStatus.findings) }
    }
}

struct AuditExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Print the audit trail, or one study's entries, as CSV or JSON.")
    @OptionGroup var location: StoreLocation
    @Option(help: "Only the entries of this study.") var study: String?
    @Option(help: "Output format: csv or json.") var format: String = "csv"

    func validate() throws {
        guard ["csv", "json"].contains(format) else {
            throw ValidationError("--format \(format): expected csv or json")
        }
    }

    func run() throws {
        let entries = try location.entries(study: study)
        print(format == "json" ? AuditTrail.contract(entries, study: study) : AuditTrail.csv(entries), terminator: "")
    }
}

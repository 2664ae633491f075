import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutStore

/// `readout store`: what a database administrator does with a server's store.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Migrate a server's store, or print the grants of a role for the server.",
        discussion: "docs/store.md, \"A role for the server\".", subcommands: [StoreMigrate.self, StoreGrants.self])
}

struct StoreMigrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply the migrations a store lacks (as its owner) and print its version.")
    @OptionGroup var location: StoreLocation

    func run() throws {
        let version = try location.withStore { try await $0.migrate() }
        print("The store is at schema version \(version).")
    }
}

struct StoreGrants: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grants",
        abstract:
            "Print the SQL that lets a PostgreSQL role serve the store without being able to rewrite it (run it as "
            + "the owner after each migration).")
    @Option(help: "The role the server connects as.") var role: String
    @Option(help: "The schema the store's tables are in.") var schema: String = "public"

    func run() throws {
        for statement in try PostgresStore.grants(role: role, schema: schema) { print(statement + ";") }
    }
}

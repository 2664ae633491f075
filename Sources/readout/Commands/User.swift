import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutServer
import ReadoutStore

/// `readout user`: the server's accounts, managed on the machine that holds its store. Whoever
/// can open the store can do this; each change is an audit entry by `command-line`.
struct User: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add and manage the server's users, their roles and API tokens.",
        discussion: """
            Works on the store readout serve uses (--data or --store), creating and migrating it when absent, \
            so that the first administrator exists before the server starts. There is no default account and \
            no default password. docs/security.md describes roles, passwords and tokens.
            """,
        subcommands: [
            UserAdd.self, UserList.self, UserGrant.self, UserRevoke.self, UserToken.self, UserDisable.self,
            UserEnable.self, UserPassword.self,
        ])
}

/// The access settings that `readout user` applies (the password policy and bcrypt's cost).
struct AccessOptions: ParsableArguments {
    @Option(help: "bcrypt's cost (4 to 31; each step doubles the time of a hash).") var bcryptCost = 12
    @Option(help: "The shortest password accepted.") var passwordMinLength = 12

    func configuration() throws -> AccessConfiguration {
        guard (4...31).contains(bcryptCost) else { throw ValidationError("--bcrypt-cost: expected 4 to 31") }
        guard passwordMinLength >= 8 else { throw ValidationError("--password-min-length: expected at least 8") }
        var c = AccessConfiguration()
        c.bcryptCost = bcryptCost
        c.passwordPolicy = PasswordPolicy(minimumLength: passwordMinLength)
        return c
    }
}

/// A password from standard input (one line) or typed twice at the terminal, never an argument
/// (arguments are visible to every user of the machine).
func readPassword(fromStandardInput: Bool) throws -> String {
    if fromStandardInput || isatty(0) == 0 {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("no password on standard input")
        }
        return line
    }
    guard let first = getpass("Password: ").map({ String(cString: $0) }),
        let second = getpass("Password again: ").map({ String(cString: $0) })
    else { throw ValidationError("no password was typed") }
    guard first == second else { throw ValidationError("the two passwords differ") }
    return first
}

struct UserAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user.")
    @OptionGroup var location: StoreLocation
    @OptionGroup var access: AccessOptions
    @Argument(help: "The user name (lower-case letters, digits, '.', '-', '_').") var name: String
    @Option(help: "The printed name, shown on the user's signatures.") var displayName: String
    @Flag(help: "A site administrator (manages users and studies).") var admin = false
    @Flag(help: "Read the password from standard input instead of prompting.") var passwordStdin = false

    func run() throws {
        let password = try readPassword(fromStandardInput: passwordStdin)
        let c = try access.configuration()
        let (name, display, admin) = (name, displayName, admin)
        let user = try location.withStore(migrating: true) { store in
            try await Accounts(store: store, configuration: c).addUser(
                name: name, displayName: display, password: password, siteAdmin: admin, by: .commandLine)
        }
        print("added \(user.name) (\(user.displayName))\(user.siteAdmin ? ", site administrator" : "")")
    }
}

struct UserList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users and their roles.")
    @OptionGroup var location: StoreLocation

    func run() throws {
        let lines = try location.withStore { store in
            var out: [String] = []
            for u in try await store.users() {
                let roles = try await store.roles(user: u.id)
                let r = roles.keys.sorted().map {
                    "\($0): " + roles[$0]!.sorted().map(\.rawValue).joined(separator: ",")
                }
                out.append(
                    [
                        u.name, u.displayName, u.siteAdmin ? "site-admin" : "-", u.disabled ? "disabled" : "active",
                        r.joined(separator: "; "),
                    ].joined(separator: "\t"))
            }
            return out
        }
        for l in lines { print(l) }
    }
}

struct RoleArguments: ParsableArguments {
    @Argument(help: "The user name.") var name: String
    @Argument(help: "The study.") var study: String
    @Argument(help: "viewer, analyst, approver or study-admin.") var role: String
    @Flag(help: "Create the study when it does not exist.") var createStudy = false

    func studyRole() throws -> StudyRole {
        guard let r = StudyRole(rawValue: role) else {
            throw ValidationError("\(role): expected " + StudyRole.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return r
    }

    func apply(granted: Bool, location: StoreLocation) throws -> Bool {
        let (name, study, role, create) = (name, study, try studyRole(), createStudy)
        return try location.withStore { store in
            let accounts = Accounts(store: store, configuration: AccessConfiguration())
            if create { _ = try await accounts.createStudy(study, by: .commandLine) }
            return try await accounts.setRole(role, of: name, on: study, granted: granted, by: .commandLine)
        }
    }
}

struct UserGrant: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grant", abstract: "Grant a user a role on a study.")
    @OptionGroup var location: StoreLocation
    @OptionGroup var role: RoleArguments

    func run() throws {
        let changed = try role.apply(granted: true, location: location)
        print(changed ? "granted" : "\(role.name) already has \(role.role) on \(role.study)")
    }
}

struct UserRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a user's role on a study.")
    @OptionGroup var location: StoreLocation
    @OptionGroup var role: RoleArguments

    func run() throws {
        let changed = try role.apply(granted: false, location: location)
        print(changed ? "revoked" : "\(role.name) does not have \(role.role) on \(role.study)")
    }
}

struct UserToken: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Make an API token for a user and print it (shown this once).")
    @OptionGroup var location: StoreLocation
    @Argument(help: "The user name.") var name: String
    @Option(help: "What the token is for.") var label: String = "command line"
    @Option(help: "Days it lasts (at most 365).") var days = 90

    func run() throws {
        let (name, label, days) = (name, label, days)
        let secret = try location.withStore { store in
            let accounts = Accounts(store: store, configuration: AccessConfiguration())
            let user = try await accounts.user(named: name)
            let p = Principal(user: user, roles: [:], credential: .commandLine, session: nil)
            return try await accounts.createToken(name: label, days: days, for: p).secret
        }
        print(secret)
    }
}

struct UserDisable: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable a user: sign-in refused, sessions ended, tokens refused.")
    @OptionGroup var location: StoreLocation
    @Argument(help: "The user name.") var name: String

    func run() throws { try setDisabled(name, true, location: location) }
}

struct UserEnable: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a disabled user.")
    @OptionGroup var location: StoreLocation
    @Argument(help: "The user name.") var name: String

    func run() throws { try setDisabled(name, false, location: location) }
}

struct UserPassword: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "password", abstract: "Set a user's password (a forgotten one); their sessions end.")
    @OptionGroup var location: StoreLocation
    @OptionGroup var access: AccessOptions
    @Argument(help: "The user name.") var name: String
    @Flag(help: "Read the password from standard input instead of prompting.") var passwordStdin = false

    func run() throws {
        let password = try readPassword(fromStandardInput: passwordStdin)
        let (name, c) = (name, try access.configuration())
        try location.withStore { store in
            try await Accounts(store: store, configuration: c).resetPassword(name, password: password, by: .commandLine)
        }
        print("password set for \(name)")
    }
}

/// `user disable` and `user enable`: one change of the store, audited as the command line's.
func setDisabled(_ name: String, _ disabled: Bool, location: StoreLocation) throws {
    _ = try location.withStore { store in
        try await Accounts(store: store, configuration: AccessConfiguration()).setDisabled(
            name, disabled, by: .commandLine)
    }
    print("\(disabled ? "disabled" : "enabled") \(name)")
}

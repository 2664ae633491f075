import ArgumentParser
import Foundation
import ReadoutCore

/// The exit statuses of `readout` (README, "Exit status").
enum ExitStatus {
    /// The command ran; validate found no errors, check-text found nothing inconsistent.
    static let success: Int32 = 0
    /// The command ran and found what it checks for: errors in the data, claims that differ.
    static let findings: Int32 = 1
    /// The input cannot be used: a study, spec, simulation file or decision table with problems.
    static let contentError: Int32 = 2
}

@main
struct Readout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readout",
        abstract: "Turns patient-level oncology trial data into readouts: validated data, responses, tables and text.",
        discussion: """
            A study is a folder of SDTM domain files (DM, DS, EX, RS, TU, TR, AE, CM, SUPP--) and an optional
            subject-level extras file (adsl), each as CSV, Dataset-JSON (.json, .ndjson, .dsjc) or SAS
            transport (.xpt). Definitions and options are documented in docs/. Exit status: 0 done, 1 findings
            (validate: errors in the data; check-text: claims that do not hold), 2 input that cannot be used,
            64 a wrong argument.
            """,
        version: ReadoutVersion.string,
        subcommands: [
            Validate.self, Responses.self, PSA.self, CA125.self, Recist.self, ConcordanceCommand.self, Report.self,
            ADaMCommand.self,
            Compare.self,
            CheckText.self,
            Escalate.self, Simulate.self, Synth.self, Demo.self, Serve.self, User.self, Audit.self, StoreCommand.self,
        ]
    )

    /// Runs the command; a content error is rendered here, and only here, with exit status 2.
    static func main() {
        var json = false
        do {
            var command = try parseAsRoot()
            json = (command as? JSONDocumentCommand)?.printsJSON ?? false
            try command.run()
        } catch let error as ReadoutError {
            // A tool reading `--format json` gets the problems as a document of the contract too.
            if json { print(ResultsContract.error(error), terminator: "") }
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            Foundation.exit(ExitStatus.contentError)
        } catch {
            exit(withError: error)
        }
    }
}

/// A command whose output may be a document of the results contract (docs/results-contract.md).
protocol JSONDocumentCommand {
    /// The command prints JSON (`--format json`): a content error is printed as an error document.
    var printsJSON: Bool { get }
}

import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutData

/// `readout validate`: every problem of a study, located.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a study, check it, and report every problem with its file, row, variable and value.",
        discussion: "Exits 1 when there are errors; warnings alone exit 0. See docs/study-data.md for the checks."
    )

    @OptionGroup var study: StudyOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let report = ValidationReport(load: try study.load())
        print(format == .json ? report.json() : report.text(), terminator: "")
        if report.hasErrors { throw ExitCode(ExitStatus.findings) }
    }
}

/// Output formats of commands that print a report or JSON.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

import ArgumentParser
import Foundation
import ReadoutAnalysis
import ReadoutCore
import ReadoutData

/// `readout adam`: the ADaM datasets of a study at a cut-off.
struct ADaMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adam",
        abstract: "Write the ADaM datasets of a study at a cut-off: ADSL, ADRS, ADTTE and ADTR.",
        discussion: """
            Variable names, labels and codes follow the ADaM IG and admiralonco's templates; every variable and its \
            derivation: docs/adam.md. Each dataset is written as CSV, Dataset-JSON and SAS transport (version 5) \
            unless --format says otherwise. The response rules are the options of readout responses.
            """
    )

    @OptionGroup var study: StudyOptions
    @OptionGroup var rules: ResponseRuleOptions
    @Option(help: ArgumentHelp("The folder to write the datasets to.", valueName: "dir")) var out: String
    @Option(
        parsing: .upToNextOption,
        help: "Formats: csv, dataset-json, xpt (default: all three).")
    var format: [ADaMFormat] = ADaMFormat.allCases

    func validate() throws {
        if study.cutoff == nil { throw ValidationError("--cutoff is required: a dataset is always of a data cut") }
    }

    func run() throws {
        let load = try study.load()
        let datasets = try ADaMDatasets.derive(load: load, options: rules.responseOptions)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let written = try datasets.write(to: out, formats: format, created: study.cutoff!.iso + "T00:00:00")
        print("Wrote \(written.count) files to \(out): \(written.joined(separator: ", "))")
    }
}

extension ADaMFormat: ExpressibleByArgument {}

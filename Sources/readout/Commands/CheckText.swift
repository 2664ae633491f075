import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutData
import ReadoutDisclosure
import ReadoutEscalation

/// `readout check-text`: every number of a written readout, checked.
struct CheckText: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-text",
        abstract: "Check every number in a written readout: internal consistency, and with --spec, against the data.",
        discussion: """
            Finds counts, percentages with their denominators, medians, doses, ranges and dates (numbers in words \
            too), checks each percentage against whole counts of its denominator, confirmed against overall rates, \
            parts within wholes, unit conversions and repeated quantities. Exits 1 when anything is inconsistent or \
            differs from the data.
            """
    )

    @Argument(help: "The text (plain, Markdown or simple HTML).") var file: String
    @Option(help: "An analysis spec: reconcile each claim with the readout it computes.") var spec: String?
    @Option(
        help: ArgumentHelp(
            "A phase I study folder: reconcile each claim with the dose escalation conducted from its data.",
            valueName: "dir"))
    var escalation: String?
    @OptionGroup(title: "With --escalation: the design that selects the MTD (default 3+3)") var design: DesignOptions
    @Option(
        help: ArgumentHelp("With --escalation: the data cut-off (YYYY-MM-DD).", valueName: "date"),
        transform: completeDate)
    var cutoff: CalendarDate?
    @OptionGroup(title: "With --escalation: data rules") var rules: DataRuleOptions
    @OptionGroup(title: "With --escalation: response rules") var responseRules: ResponseRuleOptions
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let escalationFigures = try escalation.map { folder in
            try EscalationFigures.conduct(
                folder: folder, design: design.build(fallback: .threePlusThree),
                options: StudyLoadOptions(cutoff: cutoff, rules: rules.dataRules),
                responseOptions: responseRules.responseOptions)
        }
        let result = try DisclosureCheck.run(
            path: file, specPath: spec, figures: escalationFigures?.figures,
            label: escalationFigures?.label)
        print(format == .json ? result.json() : result.text(), terminator: "")
        if result.failed { throw ExitCode(ExitStatus.findings) }
    }
}

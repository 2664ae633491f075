import ArgumentParser
import Foundation
import ReadoutAnalysis
import ReadoutCore
import ReadoutData

/// `readout compare`: two data cuts of one study side by side.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two data cuts of one study: subjects, responses, data changed behind the cut, figures.",
        discussion: """
            Lists subjects added or removed, subjects whose best overall response or confirmed best overall \
            response changed (with both explanations), responses confirmed since the first cut, and every record \
            dated on or before the first cut-off that changed, disappeared or appeared in the second extract. With \
            --spec, every figure of the readout in both cuts with its change. Definitions: docs/compare.md.
            """
    )

    @Argument(help: "The first (earlier) cut: a study folder.") var firstCut: String
    @Argument(help: "The second cut: a study folder.") var secondCut: String
    @Option(help: ArgumentHelp("Cut-off of the first cut (YYYY-MM-DD).", valueName: "date"), transform: completeDate)
    var firstCutoff: CalendarDate
    @Option(help: ArgumentHelp("Cut-off of the second cut (YYYY-MM-DD).", valueName: "date"), transform: completeDate)
    var secondCutoff: CalendarDate
    @Option(
        help: ArgumentHelp(
            "An analysis spec: run it on both cuts (its study and cut-off replaced by each cut's) and compare "
                + "every figure; its data and response rules then apply.", valueName: "spec"))
    var spec: String?
    @OptionGroup(title: "Data rules") var dataRules: DataRuleOptions
    @OptionGroup var rules: ResponseRuleOptions
    @Option(help: "Output format: text, markdown, html or json.") var format: CutComparison.Format = .text

    func run() throws {
        let loaded = try spec.map { (spec: try AnalysisSpec.load(path: $0), path: $0) }
        let comparison = try CutComparison.run(
            first: .init(folder: firstCut, cutoff: firstCutoff), second: .init(folder: secondCut, cutoff: secondCutoff),
            rules: dataRules.dataRules, options: rules.responseOptions, spec: loaded)
        print(comparison.render(format), terminator: "")
    }
}

extension CutComparison.Format: ExpressibleByArgument {}

extension Compare: JSONDocumentCommand {
    var printsJSON: Bool { format == .json }
}

import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse

/// `readout concordance`: two evaluators' confirmed best responses compared.
struct ConcordanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concordance",
        abstract: "Compare two evaluators' confirmed best overall responses (investigator against independent review).",
        discussion: "Prints the agreement table, the agreement rates and every subject on whom they disagree."
    )

    @OptionGroup var study: StudyOptions
    @OptionGroup var rules: ResponseRuleOptions
    @Option(help: "The other evaluator (RSEVAL).") var versus: String = "INDEPENDENT ASSESSOR"
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let load = try study.load()
        let a = ResponseEngine(options: rules.responseOptions).run(load.study)
        var o2 = rules.responseOptions
        o2.evaluator = versus
        let b = ResponseEngine(options: o2).run(load.study)
        let c = Concordance(first: rules.evaluator, second: versus, firstResults: a.subjects, secondResults: b.subjects)
        print(format == .json ? c.json() : c.text(), terminator: "")
    }
}

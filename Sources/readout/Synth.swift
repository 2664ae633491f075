import ArgumentParser
import Foundation
import ReadoutData

struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a synthetic single-arm phase II study (deterministic from its seed).",
        discussion: "Writes DM, DS, EX, TU, TR, RS, AE, SUPPAE, CM and ADSL extras as CSV. The same seed and options give byte-identical files."
    )

    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Subjects enrolled by the cut-off.") var subjects: Int = 112
    @Option(help: "Further subjects enrolled after the cut-off.") var lateSubjects: Int = 3
    @Option(help: ArgumentHelp("Output folder.", valueName: "dir")) var out: String

    func validate() throws {
        guard subjects >= 1, subjects <= 5_000_000 else { throw ValidationError("--subjects must be from 1 to 5,000,000") }
        guard lateSubjects >= 0 else { throw ValidationError("--late-subjects must be zero or more") }
    }

    func run() throws {
        var o = PhaseIIGenerator.Options()
        o.seed = seed
        o.subjects = subjects
        o.lateSubjects = lateSubjects
        try PhaseIIGenerator(options: o).write(to: out)
        print("Wrote a synthetic phase II study of \(subjects + lateSubjects) subjects to \(out)")
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run Readout on the example study bundled in the repository and say where the output is.",
        discussion: "Until the analysis report lands, the demo validates the bundled study at its cut-off."
    )

    @Option(help: "The bundled study folder.") var study: String = "examples/phase2/data"
    @Option(help: "Data cut-off.") var cutoff: String = "2008-08-29"

    func run() throws {
        guard FileManager.default.fileExists(atPath: study) else {
            throw ValidationError("no study at \(study): run the demo from the repository's top folder")
        }
        var o = try StudyOptions.parse([study, "--cutoff", cutoff])
        o.maxProblems = 1000
        let load = try loadStudy(o)
        let report = ValidationReport(load: load)
        print(report.text(), terminator: "")
        if report.hasErrors { throw ExitCode(1) }
    }
}

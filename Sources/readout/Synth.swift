import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutData
import ReadoutEscalation
import ReadoutResponse

struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a synthetic single-arm phase II study (deterministic from its seed).",
        discussion: "Writes DM, DS, EX, TU, TR, RS, AE, SUPPAE, CM and ADSL extras as CSV. The same seed and options give byte-identical files."
    )

    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Subjects enrolled by the cut-off.") var subjects: Int = 112
    @Option(help: "Further subjects enrolled after the cut-off.") var lateSubjects: Int = 3
    @Option(help: ArgumentHelp("Output folder.", valueName: "dir")) var out: String
    @Option(help: "Phase: 2 (single-arm phase II) or 1 (dose escalation with expansion cohorts).") var phase: Int = 2

    func validate() throws {
        guard subjects >= 1, subjects <= 5_000_000 else { throw ValidationError("--subjects must be from 1 to 5,000,000") }
        guard lateSubjects >= 0 else { throw ValidationError("--late-subjects must be zero or more") }
    }

    func run() throws {
        if phase == 1 {
            var o = PhaseIGenerator.Options()
            o.seed = seed
            try PhaseIGenerator(options: o).write(to: out)
            print("Wrote a synthetic phase I dose-escalation study to \(out)")
            return
        }
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
        abstract: "Run Readout on the example study bundled in the repository and say where the report is.",
        discussion: "Runs the analysis spec examples/phase2/readout.yaml on the synthetic study in examples/phase2/data and writes the readout to readout-out/."
    )

    @Option(help: "The analysis spec.") var spec: String = "examples/phase2/readout.yaml"
    @Option(help: ArgumentHelp("Output folder.", valueName: "dir")) var out: String = "readout-out"

    func run() throws {
        guard FileManager.default.fileExists(atPath: spec) else {
            throw ValidationError("no spec at \(spec): run the demo from the repository's top folder")
        }
        var report = try Report.parse([spec, "--out", out])
        try report.run()
        print("Open \(out)/readout.html in a browser; the tables are also in \(out) as Markdown, CSV and JSON.")
        // The phase I side: the bundled escalation conducted under BOIN, and exact operating
        // characteristics of the designs a protocol would compare.
        let phase1 = "examples/phase1/data", design = "examples/simulation/demo.yaml"
        guard FileManager.default.fileExists(atPath: phase1), FileManager.default.fileExists(atPath: design) else { return }
        let dir = out + "/phase1"
        try FileManager.default.createDirectory(atPath: dir + "/figures", withIntermediateDirectories: true)
        let load = try loadStudy(try StudyOptions.parse([phase1]))
        let conduct = try EscalationConduct.run(study: load.study, design: BOIN(target: 0.3), responses: ResponseEngine().run(load.study))
        try EscalationConduct.text(conduct).write(toFile: dir + "/escalation.txt", atomically: true, encoding: .utf8)
        for (name, svg) in EscalationConduct.figures(conduct) { try svg.write(toFile: dir + "/figures/\(name).svg", atomically: true, encoding: .utf8) }
        let oc = try Simulate.parse([design, "--exact", "--quiet"]).results()
        try SimulationReport.render(oc, format: "html").write(toFile: dir + "/operating-characteristics.html", atomically: true, encoding: .utf8)
        print("Phase I: \(dir)/escalation.txt (the bundled escalation under BOIN: MTD \(conduct.mtd.dose.map { formatNumber(conduct.doses[$0]) + " mg/kg" } ?? "none")) and \(dir)/operating-characteristics.html (exact operating characteristics).")
    }
}

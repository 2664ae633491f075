import ArgumentParser
import Foundation
import ReadoutAnalysis
import ReadoutCore
import ReadoutData
import ReadoutEscalation
import ReadoutExamples
import ReadoutResponse

/// `readout demo`: the bundled examples run end to end.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run Readout on the example studies bundled with it and say where the report is.",
        discussion: """
            Runs the analysis spec phase2/readout.yaml of the bundled examples on their synthetic phase II study, \
            conducts the bundled phase I escalation under BOIN and computes the exact operating characteristics of \
            simulation/demo.yaml, runs irecist/readout.yaml on the synthetic immunotherapy study assessed by \
            iRECIST, and derives PCWG3's PSA endpoints for the synthetic prostate study and GCIG's CA-125 response \
            for the synthetic ovarian study; writes everything to readout-out/. Works from any folder: the examples \
            are package resources.
            """
    )

    @Option(help: "The analysis spec (default: the bundled phase II example's).") var spec: String?
    @Option(help: ArgumentHelp("Output folder.", valueName: "dir")) var out: String = "readout-out"

    func run() throws {
        guard let examples = Examples.folder else {
            throw ValidationError(
                "the bundled examples are not installed beside this binary (Readout_ReadoutExamples.resources)")
        }
        let output = try ReadoutRunner.run(specPath: spec ?? examples + "/phase2/readout.yaml")
        let files = try ReportWriter.write(output, to: out)
        print(output.result.narrative.joined(separator: "\n"))
        print("\nWrote \(files.count) files to \(out): " + files.joined(separator: ", "))
        print("Open \(out)/readout.html in a browser; the tables are also in \(out) as Markdown, CSV and JSON.")
        try phaseOne(examples: examples)
        let immuno = try ReadoutRunner.run(specPath: examples + "/irecist/readout.yaml")
        let written = try ReportWriter.write(immuno, to: out + "/irecist")
        print(
            "iRECIST: \(out)/irecist/readout.html (\(written.count) files; the bundled immunotherapy study, "
                + "responses by iRECIST).")
        let prostate = try StudyLoader.load(folder: examples + "/pcwg3/data", options: StudyLoadOptions())
        let psa = PSAListing(
            result: PSAEngine().run(prostate.study), options: PSAOptions(), cutoff: nil, study: "pcwg3/data",
            loadProblems: prostate.problems)
        try FileManager.default.createDirectory(atPath: out + "/pcwg3", withIntermediateDirectories: true)
        try psa.text().write(toFile: out + "/pcwg3/psa.txt", atomically: true, encoding: .utf8)
        try psa.csv().write(toFile: out + "/pcwg3/psa.csv", atomically: true, encoding: .utf8)
        print("PCWG3: \(out)/pcwg3/psa.txt (PSA50, PSA90 and PSA progression of the bundled prostate study).")
        let ovarian = try StudyLoader.load(folder: examples + "/gcig/data", options: StudyLoadOptions())
        let ca125 = CA125Listing(
            result: CA125Engine().run(ovarian.study), options: CA125Options(), cutoff: nil, study: "gcig/data",
            loadProblems: ovarian.problems)
        try FileManager.default.createDirectory(atPath: out + "/gcig", withIntermediateDirectories: true)
        try ca125.text().write(toFile: out + "/gcig/ca125.txt", atomically: true, encoding: .utf8)
        try ca125.csv().write(toFile: out + "/gcig/ca125.csv", atomically: true, encoding: .utf8)
        print("GCIG: \(out)/gcig/ca125.txt (CA-125 response and progression of the bundled ovarian study).")
    }

    /// The phase I side: the bundled escalation conducted under BOIN, and exact operating
    /// characteristics of the designs a protocol would compare.
    func phaseOne(examples: String) throws {
        let dir = out + "/phase1"
        try FileManager.default.createDirectory(atPath: dir + "/figures", withIntermediateDirectories: true)
        let load = try StudyLoader.load(folder: examples + "/phase1/data", options: StudyLoadOptions())
        let conduct = try EscalationConduct.run(
            study: load.study, design: BOIN(target: 0.3), responses: ResponseEngine().run(load.study))
        try EscalationConduct.text(conduct).write(toFile: dir + "/escalation.txt", atomically: true, encoding: .utf8)
        for figure in EscalationConduct.figures(conduct) {
            try figure.svg.write(toFile: dir + "/figures/\(figure.name).svg", atomically: true, encoding: .utf8)
        }
        var exact = SimulationRunOptions()
        exact.exact = true
        let oc = try SimulationFile.load(path: examples + "/simulation/demo.yaml").run(exact)
        try SimulationReport.render(oc, format: .html).write(
            toFile: dir + "/operating-characteristics.html", atomically: true,
            encoding: .utf8)
        let mtd = conduct.mtd.dose.map { doseText(conduct.doses[$0], conduct.doseUnit) } ?? "none"
        print(
            "Phase I: \(dir)/escalation.txt (the bundled escalation under BOIN: MTD \(mtd)) and "
                + "\(dir)/operating-characteristics.html (exact operating characteristics).")
    }
}

import ArgumentParser
import Foundation
import ReadoutAnalysis
import ReadoutCore

/// `readout report`: an analysis spec run into a readout.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run an analysis spec and write the readout: tables, HTML page, derived datasets and narrative.",
        discussion:
            "Writes readout.md, readout.html, readout.json, ard.json, ard.csv, reporting-event.json, narrative.txt, "
            + "one CSV per table, RTF and DOCX tables, and the ADaM datasets ADSL, ADRS, ADTTE and ADTR as CSV, "
            + "Dataset-JSON and SAS transport. The spec's schema: docs/analysis-spec.md; the outputs: "
            + "docs/results-contract.md and docs/adam.md."
    )

    @Argument(help: "The analysis spec (YAML).") var spec: String
    @Option(help: ArgumentHelp("Output folder.", valueName: "dir")) var out: String = "readout-out"
    @Flag(help: "Also convert the RTF tables to PDF with LibreOffice (Debian's libreoffice-writer), when installed.")
    var pdf = false

    func run() throws {
        let output = try ReadoutRunner.run(specPath: spec)
        var files = try ReportWriter.write(output, to: out)
        if pdf { files += try convertToPDF(files.filter { $0.hasSuffix(".rtf") }, in: out) }
        print(output.result.narrative.joined(separator: "\n"))
        print("\nWrote \(files.count) files to \(out): " + files.joined(separator: ", "))
    }
}

/// RTF → PDF with LibreOffice in headless mode.
func convertToPDF(_ rtfs: [String], in dir: String) throws -> [String] {
    let candidates = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"]
    guard let office = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        throw ValidationError("--pdf needs LibreOffice (apt-get install libreoffice-writer-nogui)")
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: office)
    p.arguments = ["--headless", "--convert-to", "pdf", "--outdir", dir] + rtfs.map { dir + "/" + $0 }
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    let pdfs = rtfs.map { String($0.dropLast(4)) + ".pdf" }.filter {
        FileManager.default.fileExists(atPath: dir + "/" + $0)
    }
    if pdfs.count < rtfs.count {
        throw ValidationError("LibreOffice converted \(pdfs.count) of \(rtfs.count) RTF tables to PDF")
    }
    return pdfs
}

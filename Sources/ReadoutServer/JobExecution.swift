import Foundation
import ReadoutAnalysis
import ReadoutCore
import ReadoutData
import ReadoutEscalation
import ReadoutStore

/// The work of a job, done as the command-line tool does it, so that a stored run holds the
/// bytes `readout report` writes for the same spec and cut (and a stored simulation the bytes of
/// `readout simulate`).
enum JobExecution {
    /// Runs `body` on a thread of its own, off the threads that serve requests.
    static func offThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            Thread.detachNewThread { c.resume(with: Result { try body() }) }
        }
    }

    /// `body` with a new temporary folder, removed afterwards.
    static func inWorkFolder<T>(_ body: (String) throws -> T) throws -> T {
        let folder = NSTemporaryDirectory() + "readout-job-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try body(folder)
    }

    /// The spec's bytes, parsed as `readout report` parses a spec file of that name, with the
    /// cut-off replaced by the cut's (a spec is reused from cut to cut).
    static func parseSpec(_ bytes: [UInt8], name: String, cut: StoredCut) throws -> AnalysisSpec {
        try inWorkFolder { work in
            let path = work + "/" + name
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                var spec = try AnalysisSpec.load(path: path)
                spec.cutoff = cut.cutoff.iso
                return spec
            } catch let e as ReadoutError {
                throw ReadoutError(
                    problems: e.problems.map { p in
                        var p = p
                        p.file = p.file.map { $0.hasPrefix(work + "/") ? String($0.dropFirst(work.count + 1)) : $0 }
                        return p
                    })
            }
        }
    }

    /// Writes the spec's bytes under its name into `work`; returns the path.
    static func writeSpec(_ bytes: [UInt8], name: String, in work: String) throws -> String {
        let path = work + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The readout of the spec on the cut written out in `folder` (as `readout report` computes it).
    static func output(
        spec bytes: [UInt8], name: String, cut: StoredCut, folder: String, work: String
    ) throws
        -> ReadoutRunner.Output
    {
        let specPath = try writeSpec(bytes, name: name, in: work)
        var spec = try parseSpec(bytes, name: name, cut: cut)
        spec.study = folder
        let load = try ReadoutRunner.loadStudy(spec: spec, specPath: specPath)
        return try ReadoutRunner.run(spec: spec, specPath: specPath, load: load)
    }

    static func parseSimulation(_ bytes: [UInt8], name: String) throws -> SimulationPlan {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ReadoutError(file: name, code: "simulation-file", "the file is not UTF-8 text", expected: "YAML")
        }
        return try SimulationFile.parse(yaml: text, file: name)
    }

    /// The readout of `spec` (bytes, named `name`) on the cut written out in `folder`: the files
    /// `readout report` writes, by name. `progress` is told each stage.
    static func readout(
        spec bytes: [UInt8], name: String, cut: StoredCut, folder: String, progress: (Double, String) -> Void
    ) throws -> [(name: String, bytes: [UInt8])] {
        try inWorkFolder { work in
            progress(0.2, "reading the study and deriving the readout")
            let output = try output(spec: bytes, name: name, cut: cut, folder: folder, work: work)
            progress(0.7, "writing the outputs")
            let out = work + "/out"
            let names = try ReportWriter.write(output, to: out)
            var files: [(name: String, bytes: [UInt8])] = []
            for n in names.sorted() {
                guard let data = FileManager.default.contents(atPath: out + "/" + n) else {
                    throw ReadoutError(file: n, code: "file-unreadable", "an output file vanished")
                }
                files.append((n, [UInt8](data)))
            }
            return files
        }
    }

    /// The simulation of a simulation file's bytes: the files `readout simulate` writes
    /// (`simulation.json` as `--format json`, `.md`, `.html`, `.csv`, and the figures).
    static func simulation(
        file bytes: [UInt8], name: String, threads: Int, progress: @escaping @Sendable (Double, String) -> Void
    ) throws -> [(name: String, bytes: [UInt8])] {
        let plan = try parseSimulation(bytes, name: name)
        var options = SimulationRunOptions()
        options.threads = threads
        let output = try plan.run(options) { p in
            let part = p.total > 0 ? Double(p.done ?? 0) / Double(p.total) : 0
            progress(
                0.05 + 0.85 * (Double(p.step - 1) + part) / Double(max(1, p.steps)),
                "scenario \(p.scenario), design \(p.design): \(p.done.map(String.init) ?? "enumerating") of \(p.total)")
        }
        progress(0.92, "writing the outputs")
        var files: [(name: String, bytes: [UInt8])] = []
        for (format, ext) in [
            (SimulationReport.Format.json, "json"), (.markdown, "md"), (.html, "html"), (.csv, "csv"),
        ] {
            files.append(("simulation." + ext, Array(SimulationReport.render(output, format: format).utf8)))
        }
        try inWorkFolder { work in
            try SimulationReport.writeFigures(output, to: work)
            for n in try FileManager.default.contentsOfDirectory(atPath: work).sorted() {
                files.append(("figures/" + n, [UInt8](FileManager.default.contents(atPath: work + "/" + n) ?? Data())))
            }
        }
        return files.sorted { $0.name < $1.name }
    }
}

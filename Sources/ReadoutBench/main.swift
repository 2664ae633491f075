// Throughput benchmarks for the readers. Build and run with:
//   swift run -c release readout-bench [csv|ndjson|xpt|all] [--rows N] [--dir DIR]
// Figures and how they were taken: docs/benchmarks.md.
import Foundation
import ReadoutData

func peakMemoryMiB() -> Double {
    var u = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
    return Double(u.ru_maxrss) / 1024
}

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func fileSize(_ path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
}

var args = Array(CommandLine.arguments.dropFirst())
var rows = 10_000_000
var dir = NSTemporaryDirectory() + "readout-bench"
var which = "csv"
var i = 0
while i < args.count {
    switch args[i] {
    case "--rows": rows = Int(args[i + 1])!; i += 2
    case "--dir": dir = args[i + 1]; i += 2
    default: which = args[i]; i += 1
    }
}
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)

func report(_ label: String, path: String, seconds: Double, records: Int) {
    let mb = Double(fileSize(path)) / 1e6
    print(String(format: "%@: %d rows, %.0f MB in %.2f s: %.0f MB/s, %.2f M rows/s, peak memory %.0f MiB",
                 label, records, mb, seconds, mb / seconds, Double(records) / seconds / 1e6, peakMemoryMiB()))
}

let csvPath = dir + "/rs_\(rows).csv"
if which == "csv" || which == "all" {
    if fileSize(csvPath) == 0 {
        let t0 = now()
        try SyntheticRS.writeCSV(path: csvPath, rows: rows)
        print(String(format: "wrote %@ (%.0f MB) in %.1f s", csvPath, Double(fileSize(csvPath)) / 1e6, now() - t0))
    }
    var problems = ProblemLog()
    let t0 = now()
    let ds = try DataReader.read(path: csvPath, name: "RS", problems: &problems)
    report("CSV", path: csvPath, seconds: now() - t0, records: ds.recordCount)
    precondition(problems.problems.isEmpty, "\(problems.problems.prefix(3))")
}

/// The same RS data in the other formats, written once from the CSV.
@MainActor func ensureConverted(_ path: String, _ write: (Dataset) throws -> Void) throws {
    guard fileSize(path) == 0 else { return }
    if fileSize(csvPath) == 0 { try SyntheticRS.writeCSV(path: csvPath, rows: rows) }
    var problems = ProblemLog()
    let ds = try DataReader.read(path: csvPath, name: "RS", problems: &problems)
    let t0 = now()
    try write(ds)
    print(String(format: "wrote %@ (%.0f MB) in %.1f s", path, Double(fileSize(path)) / 1e6, now() - t0))
}

for format in ["xpt", "ndjson"] where which == format || which == "all" {
    let path = dir + "/rs_\(rows).\(format)"
    try ensureConverted(path) { ds in
        if format == "xpt" { try DatasetWriter.writeXPT(ds, to: path, numeric: ["RSSEQ", "VISITNUM", "RSDY"]) }
        else { try DatasetWriter.writeNDJSON(ds, to: path) }
    }
    var problems = ProblemLog()
    let t0 = now()
    let ds = try DataReader.read(path: path, name: "RS", problems: &problems)
    report(format == "xpt" ? "XPT" : "NDJSON", path: path, seconds: now() - t0, records: ds.recordCount)
    precondition(problems.problems.isEmpty, "\(problems.problems.prefix(3))")
}

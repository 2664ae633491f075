// Throughput benchmarks for the readers. Build and run with:
//   swift run -c release readout-bench [csv|ndjson|xpt|all] [--rows N] [--dir DIR]
// Figures and how they were taken: docs/benchmarks.md.
import Foundation
import ReadoutAnalysis
import ReadoutCore
import ReadoutData
import ReadoutEscalation
import ReadoutResponse
import ReadoutStatistics

func peakMemoryMiB() -> Double {
    var u = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
    return Double(u.ru_maxrss) / 1024
}

/// CPU seconds (user + system) used by this process so far.
func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(
        u.ru_stime.tv_usec) / 1e6
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
var repeats = 3
var file: String? = nil
var i = 0
while i < args.count {
    switch args[i] {
    case "--rows":
        rows = Int(args[i + 1])!
        i += 2
    case "--dir":
        dir = args[i + 1]
        i += 2
    case "--repeat":
        repeats = Int(args[i + 1])!
        i += 2
    case "--file":
        file = args[i + 1]
        i += 2
    default:
        which = args[i]
        i += 1
    }
}
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)

/// Reads `path` `repeats` times; reports the best wall time and the CPU time of that run.
@MainActor func measure(_ label: String, path: String) throws {
    var best = (wall: Double.infinity, cpu: 0.0, records: 0)
    for _ in 0..<repeats {
        var problems = ProblemLog()
        let t0 = now()
        let c0 = cpuSeconds()
        let ds = try DataReader.read(path: path, name: "RS", problems: &problems)
        let wall = now() - t0
        let cpu = cpuSeconds() - c0
        precondition(problems.problems.isEmpty, "\(problems.problems.prefix(3))")
        if wall < best.wall { best = (wall, cpu, ds.recordCount) }
    }
    let mb = Double(fileSize(path)) / 1e6
    print(
        String(
            format:
                "%@: %d rows, %.0f MB; best of %d: %.2f s wall, %.2f s CPU: %.0f MB/s wall, %.0f MB/s per CPU "
                + "second, %.2f M rows/s; peak memory %.0f MiB",
            label, best.records, mb, repeats, best.wall, best.cpu, mb / best.wall, mb / best.cpu,
            Double(best.records) / best.wall / 1e6, peakMemoryMiB()))
}

let csvPath = dir + "/rs_\(rows).csv"
if which == "csv" || which == "all" {
    if fileSize(csvPath) == 0 {
        let t0 = now()
        try SyntheticRS.writeCSV(path: csvPath, rows: rows)
        print(String(format: "wrote %@ (%.0f MB) in %.1f s", csvPath, Double(fileSize(csvPath)) / 1e6, now() - t0))
    }
    try measure("CSV", path: csvPath)
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
        if format == "xpt" {
            try DatasetWriter.writeXPT(ds, to: path, numeric: ["RSSEQ", "VISITNUM", "RSDY"])
        } else {
            try DatasetWriter.writeNDJSON(ds, to: path)
        }
    }
    try measure(format == "xpt" ? "XPT" : "NDJSON", path: path)
}

/// Reads what the response derivation needs (as `readout responses` does), derives BOR and
/// confirmed BOR for every subject, and prints the timings.
@MainActor func measureResponses(folder: String, cutoff: CalendarDate?) throws {
    let t0 = now()
    let c0 = cpuSeconds()
    var lo = StudyLoadOptions(cutoff: cutoff)
    lo.problemLimit = 100
    let needed = ResponseEngine().requiredData()
    lo.domains = needed.domains
    lo.variables = needed.variables
    let load = try StudyLoader.load(folder: folder, options: lo)
    let t1 = now()
    let result = ResponseEngine().run(load.study)
    let t2 = now()
    let counted = result.subjects.reduce(0) { $0 + $1.counted.count }
    print(
        String(
            format:
                "study of %d subjects (%d RS rows, %d assessments counted): load+validate+cut-off %.2f s, BOR and "
                + "confirmed BOR %.3f s (%.1f M assessments/s), total %.2f s wall, %.2f s CPU; peak memory %.0f "
                + "MiB",
            result.subjects.count, load.study["RS"]?.recordCount ?? 0, counted, t1 - t0, t2 - t1,
            Double(counted) / (t2 - t1) / 1e6, t2 - t0, cpuSeconds() - c0, peakMemoryMiB()))
}

// Response derivation: reading a study plus BOR and confirmed BOR for every subject.
if which == "responses" || which == "all-responses" {
    let subjects = rows == 10_000_000 ? 100_000 : rows
    let studyDir = dir + "/phase2_\(subjects)"
    if fileSize(studyDir + "/rs.csv") == 0 {
        var o = PhaseIIGenerator.Options()
        o.subjects = subjects
        o.seed = 7
        let t0 = now()
        try PhaseIIGenerator(options: o).write(to: studyDir)
        print(String(format: "wrote a %d-subject study to %@ in %.1f s", subjects, studyDir, now() - t0))
    }
    for _ in 0..<repeats { try measureResponses(folder: studyDir, cutoff: CalendarDate(iso: "2008-08-29")) }
}

// The derivation alone at scale: one million subjects, ten million assessments, in memory.
if which == "derivation" || which == "all-responses" {
    let subjects = 1_000_000
    var rng = RandomSource(seed: 11)
    let pool: [Response] = [.pr, .pr, .sd, .sd, .sd, .cr, .ne, .pd, .nonCRNonPD]
    let dose = CalendarDate(iso: "2020-01-06")!
    var histories: [[DatedResponse]] = []
    histories.reserveCapacity(subjects)
    var total = 0
    for _ in 0..<subjects {
        var h: [DatedResponse] = []
        h.reserveCapacity(10)
        for k in 1...10 { h.append(DatedResponse(dose.adding(days: 42 * k + rng.int(-3...3)), rng.pick(pool))) }
        total += h.count
        histories.append(h)
    }
    let facts = SubjectFacts(firstDose: dose, cyclesReceived: 20)
    for _ in 0..<repeats {
        let t0 = now()
        var responders = 0
        for (i, h) in histories.enumerated() {
            let r = ResponseDerivation.derive(subject: i < 0 ? "" : "S", assessments: h, facts: facts)
            if r.confirmedResponse.isResponse { responders += 1 }
        }
        let t = now() - t0
        print(
            String(
                format:
                    "derivation: %d subjects, %d assessments in %.2f s: %.1f M assessments/s on one core (%d "
                    + "confirmed responders)",
                subjects, total, t, Double(total) / t / 1e6, responders))
    }
}

// A study of one million subjects and ten million assessments, read and derived.
if which == "responses-1m" {
    let studyDir = dir + "/rs_study_1m"
    if fileSize(studyDir + "/rs.csv") == 0 {
        try FileManager.default.createDirectory(atPath: studyDir, withIntermediateDirectories: true)
        try SyntheticRS.writeCSV(path: studyDir + "/rs.csv", rows: 10_000_000)
        var dm = "STUDYID,DOMAIN,USUBJID,RFICDTC,RFSTDTC\n"
        var ex = "STUDYID,DOMAIN,USUBJID,EXSEQ,EXTRT,EXDOSE,EXSTDTC\n"
        let base = CalendarDate(year: 2020, month: 1, day: 6)!
        for s in 0..<1_000_000 {
            let id = "RDT-001-" + String(repeating: "0", count: 7 - String(s).count) + String(s)
            let d = base.adding(days: s % 700).iso
            dm += "RDT-001,DM,\(id),\(d),\(d)\n"
            ex += "RDT-001,EX,\(id),1,READOUTMAB,3.6,\(d)\n"
        }
        try dm.write(toFile: studyDir + "/dm.csv", atomically: true, encoding: .utf8)
        try ex.write(toFile: studyDir + "/ex.csv", atomically: true, encoding: .utf8)
    }
    for _ in 0..<repeats { try measureResponses(folder: studyDir, cutoff: nil) }
}

// The whole readout (readout report) on the bundled study and on a 100,000-subject study.
if which == "report" {
    let bundled = FileManager.default.currentDirectoryPath + "/examples/phase2/readout.yaml"
    var specs = [("bundled 112-subject study", bundled)]
    let bigDir = dir + "/phase2_100000"
    if fileSize(bigDir + "/rs.csv") > 0 {
        let spec = try String(contentsOfFile: bundled, encoding: .utf8).replacingOccurrences(
            of: "study: data", with: "study: " + bigDir)
        try spec.write(toFile: dir + "/readout_100000.yaml", atomically: true, encoding: .utf8)
        specs.append(("100,000-subject study", dir + "/readout_100000.yaml"))
    } else {
        print("(run `readout-bench responses --rows 100000` first to make the 100,000-subject study)")
    }
    for (label, spec) in specs {
        for _ in 0..<repeats {
            let t0 = now()
            let c0 = cpuSeconds()
            let out = try ReadoutRunner.run(specPath: spec)
            let t1 = now()
            _ = try ReportWriter.write(out, to: dir + "/report-out")
            let t2 = now()
            print(
                String(
                    format:
                        "report, %@: compute %.3f s, write %.3f s, total %.3f s wall, %.3f s CPU; peak memory %.0f MiB",
                    label, t1 - t0, t2 - t1, t2 - t0, cpuSeconds() - c0, peakMemoryMiB()))
        }
    }
}

// Simulation only (no start-up, no YAML): 10,000 trials (or --rows) of the issue's scenario — six
// doses, cohorts of three, 36 patients — per design, on one thread and on all threads. The best of
// --repeat runs; model-based designs start each run with an empty decision cache.
if which == "simulate" || which == "simulate-all" {
    let trials = rows == 10_000_000 ? 10_000 : rows
    let truth = [0.05, 0.10, 0.20, 0.30, 0.45, 0.60]
    let skeleton = [0.05, 0.12, 0.20, 0.30, 0.40, 0.50]
    var designs: [(String, any EscalationDesign)] = [
        ("3+3", ThreePlusThree()), ("BOIN", BOIN(target: 0.3)), ("mTPI-2", Keyboard(target: 0.3, label: "mTPI-2")),
        ("Keyboard", Keyboard(target: 0.3)), ("CRM", CRM(target: 0.3, skeleton: skeleton)),
    ]
    let blrmDoses = [1.0, 2, 4, 8, 16, 32]
    designs.append(("BLRM (16 panels)", BLRM(doses: blrmDoses, referenceDose: 8, panels: 16)))
    if which == "simulate-all" { designs.append(("BLRM (32 panels)", BLRM(doses: blrmDoses, referenceDose: 8))) }
    let setting = SimulationSetting(truth: truth)
    let cores = ProcessInfo.processInfo.activeProcessorCount
    print(
        "simulate: \(trials) trials of one scenario (6 doses, cohorts of 3, 36 patients); best of \(repeats); "
            + "\(cores) cores"
    )
    for (label, design) in designs {
        var line = "  " + label.padding(toLength: 18, withPad: " ", startingAt: 0)
        var reference: OperatingCharacteristics? = nil
        for threads in Array(Set([1, cores])).sorted() {
            var best = Double.infinity
            for _ in 0..<repeats {
                // A fresh design value: its decision cache starts empty.
                let t0 = now()
                let oc = Simulator.run(design: design, setting: setting, seed: 1, trials: 0..<trials, threads: threads)
                best = min(best, now() - t0)
                if let r = reference, r != oc {
                    print("results differ between thread counts!")
                    exit(1)
                }
                reference = oc
            }
            line += String(format: "  %d thread%@ %9.4f s", threads, threads == 1 ? " " : "s", best)
        }
        print(line)
    }
}

// Exact operating characteristics by enumeration of every trial (the issue's scenario).
if which == "exact" {
    let truth = [0.05, 0.10, 0.20, 0.30, 0.45, 0.60]
    let designs: [(String, any EscalationDesign)] = [
        ("3+3", ThreePlusThree()), ("BOIN", BOIN(target: 0.3)), ("Keyboard", Keyboard(target: 0.3)),
        ("CRM", CRM(target: 0.3, skeleton: [0.05, 0.12, 0.20, 0.30, 0.40, 0.50])),
    ]
    print("exact: every trial of one scenario (6 doses, cohorts of 3, 36 patients), best of \(repeats)")
    var cases = designs.map { ($0.0, $0.1, SimulationSetting(truth: truth)) }
    cases.append(("BOIN, cohorts of 1", BOIN(target: 0.3), SimulationSetting(truth: truth, cohortSize: 1)))
    cases.append(
        (
            "CRM, cohorts of 1, 24 patients", CRM(target: 0.3, skeleton: [0.05, 0.12, 0.20, 0.30, 0.40, 0.50]),
            SimulationSetting(truth: truth, cohortSize: 1, maxPatients: 24)
        ))
    for (label, design, setting) in cases {
        var best = Double.infinity
        var r: ExactCharacteristics.Result? = nil
        for _ in 0..<repeats {
            let t0 = now()
            r = try ExactCharacteristics.compute(design: design, setting: setting, maxStates: 50_000_000)
            best = min(best, now() - t0)
        }
        print(
            "  " + label.padding(toLength: 32, withPad: " ", startingAt: 0)
                + String(format: " %8.3f s  %9d states  P(select dose 4) = %.6f", best, r!.states, r!.selection[3]))
    }
}

// SHA-256 of one file (the digest every readout's provenance and the store use), in MB/s.
if which == "sha256" {
    guard let path = file else { fatalError("sha256: give --file PATH") }
    var best = Double.infinity
    var digest = ""
    for _ in 0..<repeats {
        let t0 = now()
        digest = try SHA256.file(path)
        best = min(best, now() - t0)
    }
    let mb = Double(fileSize(path)) / 1e6
    print(String(format: "sha256: %.0f MB in %.3f s (best of %d): %.0f MB/s; %@", mb, best, repeats, mb / best, digest))
}

// BOIN for drug combinations: 10,000 trials of the R package's example (a 3 × 5 grid, 20 cohorts
// of 3), one thread.
if which == "combination" {
    let truth: [[Double]] = [
        [0.01, 0.03, 0.10, 0.20, 0.30], [0.03, 0.05, 0.15, 0.30, 0.60], [0.08, 0.10, 0.30, 0.60, 0.75],
    ]
    let design = CombinationBOIN(target: 0.3, earlyStopAt: 12)
    let setting = CombinationSetting(truth: truth, cohorts: 20, cohortSize: 3)
    var best = Double.infinity
    var oc: CombinationCharacteristics? = nil
    for _ in 0..<repeats {
        let t0 = now()
        oc = CombinationSimulator.run(design: design, setting: setting, seed: 2017, trials: 10_000, threads: 1)
        best = min(best, now() - t0)
    }
    print(
        String(
            format:
                "combination BOIN, 3 × 5, 10,000 trials, one thread: %.1f ms (best of %d); P(select (3, 3)) = %.2f %%",
            best * 1000, repeats, oc!.selectionPercent[12]))
}

// BOIN12: 10,000 trials of trialdesign.org's default scenario (5 doses, 12 cohorts of 3), one thread.
if which == "boin12" {
    let design = BOIN12(
        toxicityTarget: 0.35, efficacyLowest: 0.25, explorationThreshold: nil, earlyStopAt: 12, maxPatients: 36)
    let setting = OptimalDoseSetting(
        toxicity: [0.03, 0.17, 0.35, 0.50, 0.65], efficacy: [0.12, 0.39, 0.43, 0.55, 0.65], cohorts: 12,
        cohortSize: 3)
    var best = Double.infinity
    var oc: OptimalDoseCharacteristics? = nil
    for _ in 0..<repeats {
        let t0 = now()
        oc = OptimalDoseSimulator.run(design: design, setting: setting, seed: 2020, trials: 10_000, threads: 1)
        best = min(best, now() - t0)
    }
    print(
        String(
            format: "BOIN12, 5 doses, 10,000 trials, one thread: %.1f ms (best of %d); P(select dose 2) = %.2f %%",
            best * 1000, repeats, oc!.selectionPercent[1]))
}

// DEFLATE by zlib, on 120 MB of Dataset-NDJSON rows compressed by zlib (level 6), read in 64 KiB chunks.
if which == "inflate" {
    var text = ""
    text.reserveCapacity(130_000_000)
    var k = 0
    while text.utf8.count < 120_000_000 {
        let subject = 1000 + k % 99_991
        text += "[\"RDT-P2-001\", \"RS\", \"RDT-\(subject)\", \(k % 17 + 1), \"OVRLRESP\", \"Overall Response\", "
        let response = ["CR", "PR", "SD", "PD", "NE"][k % 5]
        let month = String(format: "%02d", k % 12 + 1)
        let day = String(format: "%02d", k % 28 + 1)
        text += "\"\(response)\", \"INVESTIGATOR\", \"2008-\(month)-\(day)\", \(k % 400 - 20)]\n"
        k += 1
    }
    let plain = Array(text.utf8)
    let compressed = Deflate.compress(plain)
    var best = Double.infinity
    var size = 0
    for _ in 0..<repeats {
        let t0 = now()
        size = try! Deflate.decompressedCount(compressed)
        best = min(best, now() - t0)
    }
    precondition(size == plain.count)
    print(
        String(
            format: "inflate (zlib): %.0f MB (from %.0f MB) in %.3f s (best of %d): %.0f MB/s",
            Double(size) / 1e6, Double(compressed.count) / 1e6, best, repeats, Double(size) / 1e6 / best))
}

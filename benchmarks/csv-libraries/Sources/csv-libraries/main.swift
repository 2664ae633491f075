import CSV
import Foundation
import SwiftCSV

// Reads a CSV file with each library, counting rows and fields (so no work is skipped), and prints
// the wall time, MB/s and peak memory. Usage: csv-libraries FILE [swiftcsv|csv.swift]
let args = CommandLine.arguments
guard args.count >= 2 else {
    print("usage: csv-libraries FILE [swiftcsv|csv.swift]")
    exit(2)
}
let path = args[1]
let which = args.count > 2 ? args[2] : "both"
let bytes = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func peakMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func report(_ name: String, _ t0: Double, rows: Int, fields: Int) {
    let s = now() - t0
    print(
        String(
            format: "%@: %d rows, %d fields in %.2f s: %.1f MB/s; peak memory %.0f MiB", name, rows, fields, s,
            bytes / 1e6 / s, peakMiB()))
}

if which == "swiftcsv" || which == "both" {
    let t0 = now()
    var rows = 0
    var fields = 0
    let csv = try EnumeratedCSV(url: URL(fileURLWithPath: path), delimiter: .comma, loadColumns: false)
    try csv.enumerateAsArray(startAt: 0, rowLimit: nil) { row in
        rows += 1
        fields += row.count
    }
    report("SwiftCSV 0.10.0 (EnumeratedCSV, enumerateAsArray)", t0, rows: rows, fields: fields)
}
if which == "csv.swift" || which == "both" {
    let t0 = now()
    var rows = 0
    var fields = 0
    let reader = try CSVReader(stream: InputStream(fileAtPath: path)!, hasHeaderRow: true)
    while let row = reader.next() {
        rows += 1
        fields += row.count
    }
    report("CSV.swift 2.5.2 (CSVReader, streaming)", t0, rows: rows, fields: fields)
}

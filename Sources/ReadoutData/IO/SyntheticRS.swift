import Foundation
import ReadoutCore

/// A synthetic RS domain of any size, for benchmarks: realistic widths and values, deterministic.
public enum SyntheticRS {
    public static let header =
        "STUDYID,DOMAIN,USUBJID,RSSEQ,RSTESTCD,RSTEST,RSCAT,RSORRES,RSSTRESC,RSSTAT,RSEVAL,VISITNUM,VISIT,RSDTC,RSDY"

    /// Writes `rows` records, ten assessments per subject, 6-weekly.
    public static func writeCSV(path: String, rows: Int) throws {
        guard let f = fopen(path, "w") else {
            throw ReadoutError(file: path, code: "file-unwritable", "cannot create the file")
        }
        defer { fclose(f) }
        var line = header + "\n"
        let responses = ["PR", "SD", "SD", "CR", "PD", "NE", "SD", "PR"]
        let base = CalendarDate(year: 2020, month: 1, day: 6)!
        var out = [UInt8]()
        out.reserveCapacity(1 << 20)
        out.append(contentsOf: line.utf8)
        for r in 0..<rows {
            let subject = r / 10
            let visit = r % 10 + 1
            let resp = responses[(subject &* 7 &+ visit &* 3) % responses.count]
            let date = base.adding(days: subject % 700 + visit * 42)
            line =
                "RDT-001,RS,RDT-001-\(pad(subject, 7)),\(visit),OVRLRESP,Overall Response,RECIST "
                + "1.1,\(resp),\(resp),,INVESTIGATOR,\(visit + 1),WEEK \(visit * 6),\(date.iso),\(visit * 42 + 1)\n"
            out.append(contentsOf: line.utf8)
            if out.count > (1 << 20) - 256 {
                _ = out.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
                out.removeAll(keepingCapacity: true)
            }
        }
        _ = out.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
    }
}

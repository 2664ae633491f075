import Foundation
import ReadoutCore

/// Streams text to a file in large writes.
final class FileSink {
    private let f: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    let path: String

    init(path: String) throws {
        guard let f = fopen(path, "wb") else {
            throw ReadoutError(file: path, code: "file-unwritable", "cannot create the file")
        }
        self.f = f
        self.path = path
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ s: String) {
        var s = s
        s.withUTF8 { write($0) }
    }

    func write(_ p: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: p)
        if buffer.count >= 1 << 20 { flush() }
    }

    func write(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { write($0) } }

    func flush() {
        _ = buffer.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        if fclose(f) != 0 { throw ReadoutError(file: path, code: "file-unwritable", "writing the file failed") }
    }
}

/// Writes datasets as CSV, Dataset-JSON v1.1 (document or NDJSON) and SAS transport version 5.
public enum DatasetWriter {
    /// RFC 4180 CSV: header of variable names, values as `Dataset.string` gives them (dates as
    /// ISO 8601 with `datesAsISO`, as people read them; as SAS day numbers otherwise).
    public static func writeCSV(_ ds: Dataset, to path: String, datesAsISO: Bool = false) throws {
        let sink = try FileSink(path: path)
        sink.write(ds.variables.map { csvField($0.name) }.joined(separator: ",") + "\n")
        for r in 0..<ds.recordCount {
            var line = ""
            for c in 0..<ds.variables.count {
                if c > 0 { line += "," }
                if datesAsISO, ds.variables[c].type == .date {
                    line += ds.double(r, c).map { CalendarDate(dayNumber: Int($0)).iso } ?? ""
                } else {
                    line += csvField(ds.string(r, c))
                }
            }
            line += "\n"
            sink.write(line)
        }
        try sink.close()
    }

    static func jsonString(_ s: String) -> String {
        var out = ""
        JSONValue.quote(s, into: &out)
        return out
    }

    static func dataType(_ v: Variable) -> (String, String?) {
        switch v.type {
        case .text: return ("string", nil)
        case .integer: return ("integer", nil)
        case .float: return ("double", nil)
        case .decimal: return ("decimal", nil)
        case .boolean: return ("boolean", nil)
        case .date: return ("date", "integer")
        case .datetime: return ("datetime", "integer")
        case .time: return ("time", "integer")
        }
    }

    /// Metadata object of Dataset-JSON v1.1 (without rows). `created` is passed in so that output
    /// can be reproduced byte for byte.
    static func metadata(_ ds: Dataset, created: String, pretty: Bool) -> String {
        var cols: [String] = []
        for v in ds.variables {
            let (dt, target) = dataType(v)
            var c =
                "{\"itemOID\": \(jsonString("IT.\(ds.name).\(v.name)")), \"name\": \(jsonString(v.name)), "
                + "\"label\": \(jsonString(v.label ?? v.name)), \"dataType\": \"\(dt)\""
            if let t = target { c += ", \"targetDataType\": \"\(t)\"" }
            if let l = v.length { c += ", \"length\": \(l)" }
            if let f = v.format { c += ", \"displayFormat\": \(jsonString(f))" }
            cols.append(c + "}")
        }
        let sep = pretty ? ",\n  " : ", "
        return
            "{\"datasetJSONCreationDateTime\": \(jsonString(created)), \"datasetJSONVersion\": \"1.1.0\", "
            + "\"originator\": \"Readout\", "
            + "\"sourceSystem\": {\"name\": \"Readout\", \"version\": \"\(ReadoutVersion.string)\"}, "
            + "\"itemGroupOID\": \(jsonString("IG." + ds.name)), "
            + "\"records\": \(ds.recordCount), \"name\": \(jsonString(ds.name)), \"label\": "
            + "\(jsonString(ds.label ?? ds.name)), \"columns\": ["
            + (pretty ? "\n  " : "") + cols.joined(separator: sep) + "]"
    }

    static func jsonCell(_ ds: Dataset, _ r: Int, _ c: Int) -> String {
        let v = ds.variables[c]
        switch v.type {
        case .text: return jsonString(ds.string(r, c))
        case .date, .datetime, .time:
            guard let d = ds.double(r, c) else { return "null" }
            switch v.type {
            case .date: return jsonString(CalendarDate(dayNumber: Int(d)).iso)
            case .datetime:
                let day = CalendarDate(dayNumber: Int((d / 86400).rounded(.down)))
                let s = Int(d - Double(day.dayNumber) * 86400)
                return jsonString(day.iso + "T" + pad(s / 3600, 2) + ":" + pad(s % 3600 / 60, 2) + ":" + pad(s % 60, 2))
            default:
                let s = Int(d)
                return jsonString(pad(s / 3600, 2) + ":" + pad(s % 3600 / 60, 2) + ":" + pad(s % 60, 2))
            }
        case .decimal:
            return ds.double(r, c).map { jsonString(formatNumber($0)) } ?? "null"
        case .boolean:
            return ds.double(r, c).map { $0 != 0 ? "true" : "false" } ?? "null"
        default:
            return ds.double(r, c).map { formatNumber($0) } ?? "null"
        }
    }

    /// Writes `ds` as a Dataset-JSON v1.1 document; `created` is its creation date-time, fixed so output is
    /// reproducible.
    public static func writeDatasetJSON(_ ds: Dataset, to path: String, created: String = "2000-01-01T00:00:00") throws
    {
        let sink = try FileSink(path: path)
        sink.write(metadata(ds, created: created, pretty: true) + ",\n\"rows\": [\n")
        for r in 0..<ds.recordCount {
            sink.write(
                "[" + (0..<ds.variables.count).map { jsonCell(ds, r, $0) }.joined(separator: ", ") + "]"
                    + (r + 1 < ds.recordCount ? ",\n" : "\n"))
        }
        sink.write("]}\n")
        try sink.close()
    }

    /// Writes `ds` as Dataset-JSON in NDJSON form: the metadata line, then one row per line.
    public static func writeNDJSON(_ ds: Dataset, to path: String, created: String = "2000-01-01T00:00:00") throws {
        let sink = try FileSink(path: path)
        sink.write(metadata(ds, created: created, pretty: false) + "}\n")
        for r in 0..<ds.recordCount {
            sink.write("[" + (0..<ds.variables.count).map { jsonCell(ds, r, $0) }.joined(separator: ", ") + "]\n")
        }
        try sink.close()
    }

    /// SAS transport version 5. Names must have at most 8 characters; labels are cut at 40.
    /// `numeric` names text variables to write as numbers (they must all read as numbers).
    public static func writeXPT(_ ds: Dataset, to path: String, numeric: Set<String> = []) throws {
        for v in ds.variables where v.name.utf8.count > 8 {
            throw ReadoutError(
                file: path, code: "xpt-name",
                "variable \(v.name) has more than 8 characters, which SAS transport version 5 cannot hold",
                variable: v.name)
        }
        let n = ds.recordCount
        struct Out {
            var isNumeric: Bool
            var length: Int
            var position: Int
        }
        var outs: [Out] = []
        var pos = 0
        for (c, v) in ds.variables.enumerated() {
            let isNum = v.type.isNumeric || numeric.contains(v.name)
            var len = 8
            if !isNum {
                len = 1
                for r in 0..<n { len = max(len, ds.string(r, c).utf8.count) }
                len = min(len, 200)
            }
            outs.append(Out(isNumeric: isNum, length: len, position: pos))
            pos += len
        }
        let obsLength = pos
        let sink = try FileSink(path: path)
        func rec(_ s: String) {
            var b = Array(s.utf8.prefix(80))
            b += [UInt8](repeating: 0x20, count: 80 - b.count)
            sink.write(b)
        }
        func field(_ s: String, _ w: Int) -> String {
            let t = String(decoding: Array(s.utf8.prefix(w)), as: UTF8.self)
            return t + String(repeating: " ", count: w - t.utf8.count)
        }
        let stamp = "01JAN00:00:00:00"
        rec("HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!000000000000000000000000000000  ")
        rec(
            field("SAS", 8) + field("SAS", 8) + field("SASLIB", 8) + field("9.4", 8) + field("Linux", 8)
                + String(repeating: " ", count: 24) + stamp)
        rec(stamp)
        rec("HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!000000000000000001600000000140  ")
        rec("HEADER RECORD*******DSCRPTR HEADER RECORD!!!!!!!000000000000000000000000000000  ")
        rec(
            field("SAS", 8) + field(ds.name, 8) + field("SASDATA", 8) + field("9.4", 8) + field("Linux", 8)
                + String(repeating: " ", count: 24) + stamp)
        rec(stamp + String(repeating: " ", count: 16) + field(ds.label ?? "", 40) + field("", 8))
        rec(
            "HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!000000" + pad(ds.variables.count, 4)
                + "00000000000000000000  ")
        var ns: [UInt8] = []
        for (c, v) in ds.variables.enumerated() {
            let o = outs[c]
            func u16(_ x: Int) {
                ns.append(UInt8(x >> 8 & 0xFF))
                ns.append(UInt8(x & 0xFF))
            }
            func str(_ s: String, _ w: Int) { ns += Array(field(s, w).utf8) }
            u16(o.isNumeric ? 1 : 2)
            u16(0)
            u16(o.length)
            u16(c + 1)
            str(v.name, 8)
            str(v.label ?? "", 40)
            let fmt = (v.format ?? "").split(separator: ".").first.map { String($0.prefix { !$0.isNumber }) } ?? ""
            str(fmt, 8)
            u16(0)
            u16(0)
            u16(0)
            ns += [0, 0]
            str("", 8)
            u16(0)
            u16(0)
            ns += [
                UInt8(o.position >> 24 & 0xFF), UInt8(o.position >> 16 & 0xFF), UInt8(o.position >> 8 & 0xFF),
                UInt8(o.position & 0xFF),
            ]
            ns += [UInt8](repeating: 0, count: 52)
        }
        ns += [UInt8](repeating: 0x20, count: (80 - ns.count % 80) % 80)
        sink.write(ns)
        rec("HEADER RECORD*******OBS     HEADER RECORD!!!!!!!000000000000000000000000000000  ")
        var row = [UInt8](repeating: 0x20, count: obsLength)
        var written = 0
        for r in 0..<n {
            for c in 0..<ds.variables.count {
                let o = outs[c]
                if o.isNumeric {
                    let ibm = doubleToIBM(ds.double(r, c))
                    for k in 0..<8 { row[o.position + k] = ibm[k] }
                } else {
                    let b = Array(ds.string(r, c).utf8.prefix(o.length))
                    for k in 0..<o.length { row[o.position + k] = k < b.count ? b[k] : 0x20 }
                }
            }
            sink.write(row)
            written += obsLength
        }
        let padding = (80 - written % 80) % 80
        if padding > 0 { sink.write([UInt8](repeating: 0x20, count: padding)) }
        try sink.close()
    }

    /// `ds` with every text variable longer than 200 bytes split, as the ADaM IG splits them, into
    /// `NAME`, `NAME1`, `NAME2`, ... of at most 200 bytes each (cut between characters), so that
    /// SAS transport version 5 holds every value whole.
    public static func splittingLongText(_ ds: Dataset) -> Dataset {
        var variables: [Variable] = []
        var columns: [Column] = []
        for (c, v) in ds.variables.enumerated() {
            // Most columns hold no value over 200 bytes: they pass through as they are.
            guard case .text(let column) = ds.columns[c],
                (0..<column.count).contains(where: { i in column.withBytes(i) { $0.count > 200 } })
            else {
                variables.append(v)
                columns.append(ds.columns[c])
                continue
            }
            let values = (0..<ds.recordCount).map { ds.string($0, c) }
            var parts: [[String]] = []
            for (r, value) in values.enumerated() {
                var rest = Substring(value)
                var k = 0
                repeat {
                    var piece = ""
                    for ch in rest {
                        if piece.utf8.count + String(ch).utf8.count > 200 { break }
                        piece.append(ch)
                    }
                    rest = rest.dropFirst(piece.count)
                    if parts.count <= k { parts.append(Array(repeating: "", count: ds.recordCount)) }
                    parts[k][r] = piece
                    k += 1
                } while !rest.isEmpty
            }
            for (k, part) in parts.enumerated() {
                let name = k == 0 ? v.name : String(v.name.prefix(8 - String(k).count)) + String(k)
                variables.append(Variable(name: name, label: v.label, type: v.type, format: v.format))
                columns.append(.text(TextColumn(part)))
            }
        }
        return Dataset(name: ds.name, label: ds.label, variables: variables, columns: columns, source: ds.source)
    }

    /// IEEE double to 8-byte IBM hexadecimal floating point; nil (missing) is `.` followed by zeros.
    static func doubleToIBM(_ value: Double?) -> [UInt8] {
        guard let v = value, v.isFinite else { return [0x2E, 0, 0, 0, 0, 0, 0, 0] }
        if v == 0 { return [UInt8](repeating: 0, count: 8) }
        let m = abs(v).significand  // [1, 2)
        let k = Int(abs(v).exponent) + 1  // v = (m/2) * 2^k, m/2 in [0.5, 1)
        var e = (k + 3) >> 2  // ceil(k / 4)
        if k <= 0 { e = -((-k) >> 2) }
        let shift = 4 * e - k  // 0...3
        var mantissa = UInt64((m / 2 * Double(sign: .plus, exponent: 56 - shift, significand: 1)).rounded())
        if mantissa >= 1 << 56 {
            mantissa >>= 4
            e += 1
        }
        let expByte = max(0, min(127, e + 64))
        var out = [UInt8((v < 0 ? 0x80 : 0) | expByte)]
        for s in stride(from: 48, through: 0, by: -8) { out.append(UInt8(mantissa >> UInt64(s) & 0xFF)) }
        return out
    }
}

import Foundation
import ReadoutCore

/// How CSV text is decoded.
public enum TextEncoding: String, Sendable, Codable, CaseIterable {
    /// UTF-8 (with or without byte-order mark); invalid bytes are reported, never guessed at.
    case utf8
    /// ISO 8859-1, for files saved by older SAS sessions or spreadsheets.
    case latin1
}

/// How a CSV file is read: the variables to keep and the text encoding.
public struct CSVOptions: Sendable {
    /// Keep only these variables (upper-cased names); nil keeps all.
    public var keep: Set<String>?
    public var encoding: TextEncoding = .utf8
    /// A record longer than this is an error (most often an unclosed quote swallowing the file).
    public var maxRecordBytes: Int = 256 << 20
    /// Bytes read from the file at a time.
    public var chunkBytes: Int = 1 << 20
    /// Files at least this large are split at record boundaries and the parts parsed on all
    /// cores; the result is the same as reading them in one pass. Off by default: on the project's
    /// 2-vCPU machines it used twice the CPU for no gain in wall time (docs/benchmarks.md).
    public var parallelThreshold: Int = Int.max

    /// Options keeping `keep` (every variable when nil) in `encoding`.
    public init(keep: Set<String>? = nil, encoding: TextEncoding = .utf8) {
        self.keep = keep
        self.encoding = encoding
    }
}

/// An RFC 4180 CSV reader: header row of variable names; fields separated by commas; fields may be
/// quoted with `"` and then hold commas, line breaks and doubled quotes; LF or CRLF line ends;
/// UTF-8 with or without a byte-order mark.
///
/// It reads the file in chunks and copies each kept field once, into its column's packed buffer.
/// Unquoted fields are scanned eight bytes at a time for the next comma, quote or line feed.
public enum CSVReader {
    /// Reads the CSV file at `path` as dataset `name`, adding every problem found to `problems`.
    public static func read(
        path: String, name: String, options: CSVOptions = CSVOptions(), problems: inout ProblemLog
    ) throws -> Dataset {
        var src = try FileByteSource(path: path)
        let size = src.sizeHint ?? 0
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if size >= options.parallelThreshold, cores > 1 {
            if let ds = try ParallelCSV.read(
                path: path, size: size, parts: min(cores, 8), name: name, options: options, problems: &problems)
            {
                return ds
            }
        }
        return try read(source: &src, path: path, name: name, options: options, problems: &problems)
    }

    /// Reads CSV from bytes in memory (tests, network), located as `path`.
    public static func read(
        bytes: [UInt8], path: String, name: String, options: CSVOptions = CSVOptions(), problems: inout ProblemLog
    ) throws -> Dataset {
        var src = MemoryByteSource(bytes)
        return try read(source: &src, path: path, name: name, options: options, problems: &problems)
    }

    /// Reads CSV from any byte source, located as `path`.
    public static func read<S: ByteSource>(
        source: inout S, path: String, name: String, options: CSVOptions, problems: inout ProblemLog
    ) throws -> Dataset {
        var parser = CSVParser(path: path, options: options)
        defer { parser.deallocate() }
        try parser.run(&source, problems: &problems)
        for (i, c) in parser.columns.enumerated() where c.overflowed {
            throw ReadoutError(
                file: path, code: "column-too-large", "variable \(parser.header[i]) holds more than 4 GiB of text",
                variable: parser.header[i], expected: "at most 4 GiB of text per variable")
        }
        let source = DataSource(path: path, format: .csv)
        var variables: [Variable] = []
        var columns: [Column] = []
        for (i, n) in parser.header.enumerated() where parser.keepColumn[i] {
            variables.append(Variable(name: n))
            columns.append(.text(parser.columns[i].build()))
        }
        return Dataset(name: name, variables: variables, columns: columns, source: source)
    }
}

private let commaMask: UInt64 = 0x2C2C_2C2C_2C2C_2C2C
private let quoteMask: UInt64 = 0x2222_2222_2222_2222
private let newlineMask: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
private let lowBits: UInt64 = 0x0101_0101_0101_0101
private let highBits: UInt64 = 0x8080_8080_8080_8080

/// Bit 7 of each byte of the result is set where the byte of `x` equals the byte of `pattern`.
/// (The exact "haszero" form: no false positives.)
@inline(__always)
private func matchBytes(_ x: UInt64, _ pattern: UInt64) -> UInt64 {
    let v = x ^ pattern
    return ~(((v & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | v | 0x7F7F_7F7F_7F7F_7F7F)
}

struct FieldSpan {
    var start: Int
    var end: Int
    /// The field was quoted and holds doubled quotes to undo.
    var escaped: Bool
    /// The span starts at the opening quote and text follows the closing quote (malformed field).
    var raw: Bool = false
}

struct CSVParser {
    let path: String
    let options: CSVOptions
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var length = 0
    var eof = false
    var header: [String] = []
    var keepColumn: [Bool] = []
    var columns: [TextColumnBuilder] = []
    /// The same builders, unretained: `columns` keeps them alive.
    var fast: [Unmanaged<TextColumnBuilder>] = []
    var spans: [FieldSpan] = []
    var fieldCount = 0
    var recordIndex = 0  // data records committed
    var sawHeader = false
    var presetHeaderGiven = false
    var bufferHasNonASCII = false
    var scratch: [UInt8] = []
    var sizeHint: Int? = nil
    var reserved = false

    init(path: String, options: CSVOptions, presetHeader: (names: [String], keep: [Bool])? = nil) {
        self.path = path
        self.options = options
        if let h = presetHeader {
            header = h.names
            keepColumn = h.keep
            sawHeader = true
            presetHeaderGiven = true
            columns = header.map { _ in TextColumnBuilder() }
            fast = columns.map { Unmanaged.passUnretained($0) }
        }
        capacity = max(options.chunkBytes, 64) * 2
        buffer = .allocate(capacity: capacity + 8)
    }

    func deallocate() { buffer.deallocate() }

    mutating func fill() throws -> Bool {
        if eof { return false }
        if length == capacity {
            let newCapacity = capacity * 2
            if capacity >= options.maxRecordBytes {
                throw ReadoutError(
                    file: path, code: "csv-record-too-long",
                    "a record is longer than \(options.maxRecordBytes >> 20) MiB; most often a quote opened and "
                        + "never closed",
                    location: RecordLocation(word: "row", number: recordIndex + (sawHeader ? 2 : 1)),
                    expected: "a closing quote before the end of the record")
            }
            let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity + 8)
            nb.update(from: buffer, count: length)
            buffer.deallocate()
            buffer = nb
            capacity = newCapacity
        }
        let want = min(capacity - length, max(options.chunkBytes, capacity - length))
        let n = try readSome(want)
        if n == 0 {
            eof = true
            return false
        }
        return true
    }

    var sourceRead: ((UnsafeMutablePointer<UInt8>, Int) throws -> Int)!

    mutating func readSome(_ want: Int) throws -> Int {
        let n = try sourceRead(buffer + length, want)
        if !bufferHasNonASCII {
            var acc: UInt64 = 0
            var i = length
            let end = length + n
            while i + 8 <= end {
                acc |= UnsafeRawPointer(buffer + i).loadUnaligned(as: UInt64.self)
                i += 8
            }
            while i < end {
                acc |= UInt64(buffer[i])
                i += 1
            }
            if acc & highBits != 0 { bufferHasNonASCII = true }
        }
        length += n
        return n
    }

    mutating func run<S: ByteSource>(_ source: inout S, problems: inout ProblemLog) throws {
        try withUnsafeMutablePointer(to: &source) { sp in
            sourceRead = { buf, n in try sp.pointee.read(into: buf, count: n) }
            sizeHint = sp.pointee.sizeHint
            defer { sourceRead = nil }
            try parseAll(problems: &problems)
        }
    }

    mutating func parseAll(problems: inout ProblemLog) throws {
        _ = try fill()
        while length < 4 && !eof { _ = try fill() }
        if presetHeaderGiven {
            if length == 0 { return }
        } else if length == 0 {
            throw ReadoutError(
                file: path, code: "empty-file", "the file is empty", expected: "a header row of variable names")
        }
        var start = 0
        if length >= 2, (buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF) {
            throw ReadoutError(
                file: path, code: "wrong-encoding", "the file is UTF-16; save it as UTF-8", expected: "UTF-8 text")
        }
        if !presetHeaderGiven, length >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        if !presetHeaderGiven, length >= 1, buffer[0] == 0 {
            throw ReadoutError(
                file: path, code: "not-text", "the file is binary, not CSV text", expected: "comma-separated text")
        }
        var recordStart = start
        var shifted = 0
        while true {
            // Parse one record from recordStart; on running out of bytes, refill and retry.
            switch parseRecord(from: recordStart, problems: &problems) {
            case .complete(let next):
                try commitRecord(problems: &problems)
                recordStart = next
                if recordIndex == 1000 { reserveFromEstimate(bytesSoFar: shifted + next) }
            case .blank(let next):
                recordStart = next
            case .needMore:
                if recordStart > 0 {
                    shifted += recordStart
                    let keep = length - recordStart
                    buffer.update(from: buffer + recordStart, count: keep)
                    length = keep
                    recordStart = 0
                    bufferHasNonASCII = false
                    // Re-check the carried bytes for non-ASCII.
                    for i in 0..<length where buffer[i] >= 0x80 {
                        bufferHasNonASCII = true
                        break
                    }
                }
                if try !fill() {
                    // End of file: what is left is the last record, without a final line break.
                    if length > recordStart {
                        switch parseRecord(from: recordStart, problems: &problems, atEOF: true) {
                        case .complete:
                            try commitRecord(problems: &problems)
                        case .blank:
                            break
                        case .needMore:
                            problems.add(
                                Problem(
                                    .error, "csv-unclosed-quote", file: path,
                                    location: RecordLocation(word: "row", number: recordIndex + (sawHeader ? 2 : 1)),
                                    variable: fieldName(fieldCount),
                                    expected: "a closing quote",
                                    message:
                                        "a quoted field is not closed before the end of the file; the record is dropped"
                                ))
                        }
                    }
                    if !sawHeader {
                        throw ReadoutError(
                            file: path, code: "empty-file", "the file has no header row",
                            expected: "a header row of variable names")
                    }
                    return
                }
            }
        }
    }

    enum RecordResult {
        case complete(next: Int)
        case blank(next: Int)
        case needMore
    }

    func fieldName(_ i: Int) -> String? { i < header.count ? header[i] : nil }

    @inline(__always)
    mutating func addSpan(_ s: FieldSpan) {
        if fieldCount < spans.count { spans[fieldCount] = s } else { spans.append(s) }
        fieldCount += 1
    }

    /// Scans one record. Returns where the next record starts, or that more bytes are needed.
    mutating func parseRecord(from recordStart: Int, problems: inout ProblemLog, atEOF: Bool = false) -> RecordResult {
        fieldCount = 0
        var i = recordStart
        let buf = buffer
        let len = length
        if i < len, buf[i] == 0x0A { return .blank(next: i + 1) }
        if i + 1 < len, buf[i] == 0x0D, buf[i + 1] == 0x0A { return .blank(next: i + 2) }
        if atEOF, i < len, buf[i] == 0x0D, i + 1 == len { return .blank(next: len) }
        while true {
            if i < len, buf[i] == 0x22 {
                // Quoted field: runs to the next quote that is not doubled.
                var j = i + 1
                var escaped = false
                while true {
                    while j < len, buf[j] != 0x22 { j += 1 }
                    if j >= len { return .needMore }
                    if j + 1 < len, buf[j + 1] == 0x22 {
                        escaped = true
                        j += 2
                        continue
                    }
                    if j + 1 >= len, !atEOF { return .needMore }
                    break
                }
                addSpan(FieldSpan(start: i + 1, end: j, escaped: escaped))
                var k = j + 1
                if k < len, buf[k] != 0x2C, buf[k] != 0x0A, !(buf[k] == 0x0D && (k + 1 >= len || buf[k + 1] == 0x0A)) {
                    // Text after a closing quote: keep it, as spreadsheets do, but say so.
                    problems.add(
                        Problem(
                            .warning, "csv-text-after-quote", file: path,
                            location: RecordLocation(word: "row", number: recordIndex + (sawHeader ? 2 : 1)),
                            variable: fieldName(fieldCount - 1),
                            expected: "a comma or line end after the closing quote",
                            message: "characters follow a closing quote; they are kept as part of the value"))
                    while k < len, buf[k] != 0x2C, buf[k] != 0x0A { k += 1 }
                    if k >= len, !atEOF { return .needMore }
                    spans[fieldCount - 1].end = k
                    if k > 0, buf[k - 1] == 0x0D, k < len, buf[k] == 0x0A { spans[fieldCount - 1].end = k - 1 }
                    spans[fieldCount - 1].escaped = true
                    spans[fieldCount - 1].raw = true
                    spans[fieldCount - 1].start = i
                }
                if k >= len {
                    if atEOF { return .complete(next: len) }
                    return .needMore
                }
                if buf[k] == 0x2C {
                    i = k + 1
                    if i >= len && !atEOF { return .needMore }
                    if i >= len {
                        addSpan(FieldSpan(start: i, end: i, escaped: false))
                        return .complete(next: len)
                    }
                    continue
                }
                if buf[k] == 0x0D { k += 1 }
                if k >= len {
                    if atEOF { return .complete(next: len) }
                    return .needMore
                }
                return .complete(next: k + 1)
            }
            // Unquoted field: find the next comma, line feed or quote.
            var j = i
            while j + 8 <= len {
                let w = UnsafeRawPointer(buf + j).loadUnaligned(as: UInt64.self)
                let m = matchBytes(w, commaMask) | matchBytes(w, newlineMask) | matchBytes(w, quoteMask)
                if m != 0 {
                    j += m.trailingZeroBitCount >> 3
                    break
                }
                j += 8
            }
            while j < len, buf[j] != 0x2C, buf[j] != 0x0A, buf[j] != 0x22 { j += 1 }
            if j >= len {
                if !atEOF { return .needMore }
                var end = len
                if end > i, buf[end - 1] == 0x0D { end -= 1 }
                addSpan(FieldSpan(start: i, end: end, escaped: false))
                return .complete(next: len)
            }
            let c = buf[j]
            if c == 0x2C {
                addSpan(FieldSpan(start: i, end: j, escaped: false))
                i = j + 1
                if i >= len {
                    if !atEOF { return .needMore }
                    addSpan(FieldSpan(start: i, end: i, escaped: false))
                    return .complete(next: len)
                }
                continue
            }
            if c == 0x0A {
                var end = j
                if end > i, buf[end - 1] == 0x0D { end -= 1 }
                addSpan(FieldSpan(start: i, end: end, escaped: false))
                return .complete(next: j + 1)
            }
            // A quote inside an unquoted field: RFC 4180 forbids it; keep it literally.
            problems.add(
                Problem(
                    .warning, "csv-stray-quote", file: path,
                    location: RecordLocation(word: "row", number: recordIndex + (sawHeader ? 2 : 1)),
                    variable: fieldName(fieldCount),
                    expected: "quotes only around a whole field",
                    message: "a quote inside an unquoted value is kept as a character"))
            var k = j + 1
            while k < len, buf[k] != 0x2C, buf[k] != 0x0A { k += 1 }
            if k >= len, !atEOF { return .needMore }
            var end = k
            if end > i, buf[end - 1] == 0x0D, k < len && buf[k] == 0x0A { end -= 1 }
            addSpan(FieldSpan(start: i, end: end, escaped: false))
            if k >= len { return .complete(next: len) }
            if buf[k] == 0x2C {
                i = k + 1
                if i >= len {
                    if !atEOF { return .needMore }
                    addSpan(FieldSpan(start: i, end: i, escaped: false))
                    return .complete(next: len)
                }
                continue
            }
            return .complete(next: k + 1)
        }
    }

    /// Puts the bytes of a field with doubled quotes undone (and, for a malformed field, its
    /// quotes removed) in `scratch`.
    mutating func unescapeIntoScratch(_ s: FieldSpan) {
        scratch.removeAll(keepingCapacity: true)
        unescape(UnsafeBufferPointer(start: buffer + s.start, count: s.end - s.start), raw: s.raw, into: &scratch)
    }

    mutating func commitRecord(problems: inout ProblemLog) throws {
        if !sawHeader {
            sawHeader = true
            var seen: [String: Int] = [:]
            for f in 0..<fieldCount {
                let raw = text(of: spans[f])
                let name = raw.trimmingBlanks().uppercased()
                if name.isEmpty {
                    problems.add(
                        Problem(
                            .error, "csv-empty-header", file: path, location: RecordLocation(word: "row", number: 1),
                            expected: "a variable name", message: "column \(f + 1) of the header has no name"))
                } else if let first = seen[name] {
                    problems.add(
                        Problem(
                            .error, "csv-duplicate-header", file: path,
                            location: RecordLocation(word: "row", number: 1),
                            variable: name, expected: "each variable once",
                            message: "variable \(name) is named in columns \(first + 1) and \(f + 1); the first is used"
                        ))
                } else {
                    seen[name] = f
                }
                header.append(name.isEmpty ? "COLUMN\(f + 1)" : name)
                let isFirst = seen[name] == f
                keepColumn.append(isFirst && (options.keep.map { $0.contains(name) } ?? true))
            }
            columns = header.map { _ in TextColumnBuilder() }
            fast = columns.map { Unmanaged.passUnretained($0) }
            return
        }
        let row = recordIndex + 2
        let n = header.count
        if fieldCount != n {
            problems.add(
                Problem(
                    .error, "csv-field-count", file: path, location: RecordLocation(word: "row", number: row),
                    value: "\(fieldCount) fields", expected: "\(n) fields, one per header column",
                    message: fieldCount < n
                        ? "the record has too few fields; the missing ones are left blank"
                        : "the record has too many fields; the extra ones are dropped"))
        }
        let m = min(fieldCount, n)
        let checkText = bufferHasNonASCII
        if !checkText {
            // Fast path: ASCII text, no checks needed; no reference counting per field.
            for f in 0..<m where keepColumn[f] {
                let s = spans[f]
                if s.escaped {
                    unescapeIntoScratch(s)
                    let copy = scratch
                    copy.withUnsafeBufferPointer { p in fast[f]._withUnsafeGuaranteedRef { $0.append(p) } }
                } else {
                    let p = UnsafeBufferPointer(start: buffer + s.start, count: s.end - s.start)
                    fast[f]._withUnsafeGuaranteedRef { $0.append(p) }
                }
            }
        } else {
            for f in 0..<m where keepColumn[f] {
                let s = spans[f]
                if s.escaped {
                    unescapeIntoScratch(s)
                    let copy = scratch
                    copy.withUnsafeBufferPointer { appendChecked($0, column: f, row: row, problems: &problems) }
                } else {
                    appendChecked(
                        UnsafeBufferPointer(start: buffer + s.start, count: s.end - s.start), column: f, row: row,
                        problems: &problems)
                }
            }
        }
        if m < n { for f in m..<n where keepColumn[f] { columns[f].appendEmpty() } }
        recordIndex += 1
    }

    /// Reserves column memory once for the whole file, estimated from the first records.
    mutating func reserveFromEstimate(bytesSoFar: Int) {
        guard !reserved, let size = sizeHint, bytesSoFar > 0 else { return }
        reserved = true
        let estimate = min(Int(Double(size) / Double(bytesSoFar) * Double(recordIndex) * 1.05) + 1024, 1 << 31)
        for f in 0..<columns.count where keepColumn[f] { columns[f].reserve(records: estimate) }
    }

    /// Appends a field that may hold non-ASCII bytes: validated as UTF-8, or decoded as Latin-1.
    mutating func appendChecked(_ p: UnsafeBufferPointer<UInt8>, column f: Int, row: Int, problems: inout ProblemLog) {
        if p.contains(where: { $0 >= 0x80 }) {
            switch options.encoding {
            case .latin1:
                var utf8: [UInt8] = []
                for b in p {
                    if b < 0x80 {
                        utf8.append(b)
                    } else {
                        utf8.append(0xC0 | (b >> 6))
                        utf8.append(0x80 | (b & 0x3F))
                    }
                }
                utf8.withUnsafeBufferPointer { columns[f].append($0) }
                return
            case .utf8:
                if !isValidUTF8(p) {
                    problems.add(
                        Problem(
                            .error, "invalid-utf8", file: path, location: RecordLocation(word: "row", number: row),
                            variable: header[f], value: String(decoding: p, as: UTF8.self),
                            expected: "UTF-8 text (or read with --encoding latin1)",
                            message: "the value is not valid UTF-8; invalid bytes are shown as \u{FFFD}"))
                    let repaired = Array(String(decoding: p, as: UTF8.self).utf8)
                    repaired.withUnsafeBufferPointer { columns[f].append($0) }
                    return
                }
            }
        }
        columns[f].append(p)
    }

    func text(of s: FieldSpan) -> String {
        let p = UnsafeBufferPointer(start: buffer + s.start, count: s.end - s.start)
        guard s.escaped else { return String(decoding: p, as: UTF8.self) }
        var out: [UInt8] = []
        unescape(p, raw: s.raw, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// Undoes CSV quoting: inside a quoted field `""` is one quote. A raw span starts at its opening
/// quote and may continue after the closing one; its unpaired quotes are dropped.
private func unescape(_ p: UnsafeBufferPointer<UInt8>, raw: Bool, into out: inout [UInt8]) {
    var inQuotes = !raw
    var k = 0
    while k < p.count {
        let b = p[k]
        if b == 0x22 {
            if inQuotes, k + 1 < p.count, p[k + 1] == 0x22 {
                out.append(0x22)
                k += 2
                continue
            }
            inQuotes.toggle()
            k += 1
            continue
        }
        out.append(b)
        k += 1
    }
}

/// Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF).
public func isValidUTF8(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = p.count
    while i < n {
        let b = p[i]
        if b < 0x80 {
            i += 1
            continue
        }
        var need = 0
        var minCode: UInt32 = 0
        var code: UInt32 = 0
        if b & 0xE0 == 0xC0 {
            need = 1
            code = UInt32(b & 0x1F)
            minCode = 0x80
        } else if b & 0xF0 == 0xE0 {
            need = 2
            code = UInt32(b & 0x0F)
            minCode = 0x800
        } else if b & 0xF8 == 0xF0 {
            need = 3
            code = UInt32(b & 0x07)
            minCode = 0x10000
        } else {
            return false
        }
        if i + need >= n { return false }
        for k in 1...need {
            let c = p[i + k]
            if c & 0xC0 != 0x80 { return false }
            code = (code << 6) | UInt32(c & 0x3F)
        }
        if code < minCode || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF) { return false }
        i += need + 1
    }
    return true
}

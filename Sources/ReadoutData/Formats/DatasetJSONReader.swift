import Foundation
import ReadoutCore

/// Reader for CDISC Dataset-JSON v1.1: the JSON document (`.json`), its NDJSON form (`.ndjson`:
/// metadata object on the first line, one row array per line) and the compressed NDJSON form
/// (`.dsjc`: zlib or, as the official examples have it, gzip).
///
/// Columns are typed from their metadata, never from attribute order: `string`/`URI` are text;
/// `integer`, `float`, `double`, `decimal`, `boolean` are numbers; `date`, `datetime`, `time` are
/// ISO 8601 text unless `targetDataType` is `integer`, in which case they stand for SAS numbers
/// (days since 1960-01-01, seconds since 1960-01-01T00:00, seconds since midnight) and are
/// converted to them.
public enum DatasetJSONReader {
    static func readJSON(
        path: String, name: String, keep: Set<String>? = nil, problems: inout ProblemLog
    ) throws -> Dataset {
        let bytes = try readWholeFile(path)
        return try readJSON(bytes: bytes, path: path, name: name, keep: keep, problems: &problems)
    }

    /// Reads a Dataset-JSON document from bytes in memory, located as `path`.
    public static func readJSON(
        bytes: [UInt8], path: String, name: String, keep: Set<String>? = nil, problems: inout ProblemLog
    ) throws -> Dataset {
        try bytes.withUnsafeBufferPointer { buf in
            var p = JSONParser(buf)
            func fail(_ e: JSONSyntaxError) -> ReadoutError {
                let (l, c) = lineAndColumn(buf, e.offset)
                return ReadoutError(
                    file: path, code: "json-syntax", "invalid JSON at line \(l), column \(c): \(e.message)",
                    expected: "a Dataset-JSON v1.1 document")
            }
            do {
                if buf.count >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF { p.i = 3 }
                p.skipWhitespace()
                guard p.peek() == 0x7B else {
                    if p.i >= buf.count {
                        throw ReadoutError(
                            file: path, code: "empty-file", "the file is empty",
                            expected: "a Dataset-JSON v1.1 document")
                    }
                    throw p.error("the document must be a JSON object")
                }
                p.i += 1
                var meta: [(String, JSONNode)] = []
                var builder: RowBuilder? = nil
                var pendingRows: JSONNode? = nil
                var rowsSeen = false
                p.skipWhitespace()
                if p.peek() == 0x7D {
                    p.i += 1
                } else {
                    while true {
                        p.skipWhitespace()
                        guard p.peek() == 0x22 else { throw p.error("expected a quoted member name") }
                        let key = try p.parseString()
                        try p.expect(0x3A, "':' after a member name")
                        if key == "rows" {
                            rowsSeen = true
                            if let columns = JSONNode.object(meta)["columns"] {
                                builder = try RowBuilder(columnsJSON: columns, path: path, keep: keep)
                                try p.expect(0x5B, "'[' to open the rows array")
                                p.skipWhitespace()
                                if p.peek() == 0x5D {
                                    p.i += 1
                                } else {
                                    while true {
                                        p.skipWhitespace()
                                        try builder!.parseRow(&p, problems: &problems)
                                        p.skipWhitespace()
                                        guard let c = p.peek() else {
                                            throw p.error("unexpected end of input inside rows")
                                        }
                                        if c == 0x2C {
                                            p.i += 1
                                            continue
                                        }
                                        if c == 0x5D {
                                            p.i += 1
                                            break
                                        }
                                        throw p.error("expected ',' or ']' between rows")
                                    }
                                }
                            } else {
                                // Rows before columns: keep them parsed, type them once the columns are known.
                                pendingRows = try p.parseValue()
                            }
                        } else {
                            meta.append((key, try p.parseValue()))
                        }
                        p.skipWhitespace()
                        guard let c = p.peek() else { throw p.error("unexpected end of input inside the document") }
                        if c == 0x2C {
                            p.i += 1
                            continue
                        }
                        if c == 0x7D {
                            p.i += 1
                            break
                        }
                        throw p.error("expected ',' or '}' in the document")
                    }
                }
                p.skipWhitespace()
                if p.i < buf.count { throw p.error("unexpected text after the document") }
                let metadata = JSONNode.object(meta)
                if builder == nil {
                    guard let columns = metadata["columns"] else {
                        throw ReadoutError(
                            file: path, code: "dsj-no-columns", "the document has no \"columns\" metadata",
                            expected: "a Dataset-JSON v1.1 document")
                    }
                    builder = try RowBuilder(columnsJSON: columns, path: path, keep: keep)
                    if let rows = pendingRows {
                        guard let list = rows.arrayValue else {
                            throw ReadoutError(
                                file: path, code: "dsj-rows", "\"rows\" is \(rows.kindName)",
                                expected: "an array of row arrays")
                        }
                        for r in list { builder!.addRow(r, problems: &problems) }
                    }
                }
                if !rowsSeen {
                    problems.add(
                        Problem(
                            .warning, "dsj-no-rows", file: path,
                            message: "the document has no \"rows\"; the dataset is empty"))
                }
                return try builder!.finish(
                    metadata: metadata, path: path, name: name, format: .datasetJSON, problems: &problems)
            } catch let e as JSONSyntaxError {
                throw fail(e)
            }
        }
    }

    /// Reads NDJSON from any byte source, one line at a time.
    public static func readNDJSON(
        source: any ByteSource, path: String, name: String, format: DataFormat = .datasetNDJSON,
        keep: Set<String>? = nil, problems: inout ProblemLog
    ) throws -> Dataset {
        let r = ChunkReader(source)
        var lineNumber = 0
        var builder: RowBuilder? = nil
        var metadata: JSONNode = .null
        var lineStart = 0  // offset of the unconsumed line within the window
        while true {
            // Find the next line feed in the window, reading more as needed.
            var found = -1
            while found < 0 {
                let p = r.pointer
                let n = r.available
                if lineStart < n, let hit = memchr(p + lineStart, 0x0A, n - lineStart) {
                    found = p.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    break
                }
                lineStart = n
                if r.atEnd { break }
                if n > 512 << 20 {
                    throw ReadoutError(
                        file: path, code: "line-too-long", "line \(lineNumber + 1) is longer than 512 MiB",
                        expected: "one row per line")
                }
                _ = try r.ensure(n + 1)
            }
            let lineLength = found >= 0 ? found : r.available
            if lineLength == 0 && found < 0 { break }
            lineNumber += 1
            lineStart = 0
            let line = UnsafeBufferPointer(start: r.pointer, count: lineLength)
            var p = JSONParser(line)
            if lineNumber == 1, lineLength >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF { p.i = 3 }
            p.skipWhitespace()
            if p.i < lineLength {
                do {
                    if builder == nil {
                        metadata = try p.parseValue()
                        guard case .object = metadata else {
                            throw p.error("the first line must be the metadata object")
                        }
                        guard let columns = metadata["columns"] else {
                            throw ReadoutError(
                                file: path, code: "dsj-no-columns", "the metadata (line 1) has no \"columns\"",
                                expected: "a Dataset-JSON v1.1 metadata object")
                        }
                        builder = try RowBuilder(columnsJSON: columns, path: path, keep: keep)
                    } else {
                        guard p.peek() == 0x5B else { throw p.error("each line after the first must be a row array") }
                        try builder!.parseRow(&p, problems: &problems)
                    }
                    p.skipWhitespace()
                    if p.i < lineLength { throw p.error("unexpected text after the value") }
                } catch let e as JSONSyntaxError {
                    let err = ReadoutError(
                        file: path, code: "json-syntax",
                        "invalid JSON on line \(lineNumber), column \(e.offset + 1): \(e.message)",
                        expected: lineNumber == 1 ? "the metadata object" : "a row array")
                    if builder == nil { throw err }
                    // A broken row is reported and skipped; the rest of the file is still read.
                    builder!.abandonRow()
                    problems.add(err.problem)
                }
            }
            r.advance(min(r.available, lineLength + (found >= 0 ? 1 : 0)))
            if found < 0 { break }
        }
        guard let b = builder else {
            throw ReadoutError(
                file: path, code: "empty-file", "the file is empty", expected: "a metadata line followed by row arrays")
        }
        return try b.finish(metadata: metadata, path: path, name: name, format: format, problems: &problems)
    }

    static func readNDJSON(
        path: String, name: String, keep: Set<String>? = nil, problems: inout ProblemLog
    ) throws -> Dataset {
        try readNDJSON(source: FileByteSource(path: path), path: path, name: name, keep: keep, problems: &problems)
    }

    /// Compressed NDJSON: the compressed file is held, the decompressed text streamed.
    public static func readCompressed(
        path: String, name: String, keep: Set<String>? = nil, problems: inout ProblemLog
    ) throws -> Dataset {
        let compressed = try readWholeFile(path)
        return try readCompressed(bytes: compressed, path: path, name: name, keep: keep, problems: &problems)
    }

    /// Reads compressed Dataset-NDJSON from bytes in memory, located as `path`.
    public static func readCompressed(
        bytes: [UInt8], path: String, name: String, keep: Set<String>? = nil, problems: inout ProblemLog
    ) throws -> Dataset {
        let source = try ZlibByteSource(compressed: bytes, path: path)
        return try readNDJSON(
            source: source, path: path, name: name, format: .datasetJSONCompressed, keep: keep, problems: &problems)
    }
}

/// Builds typed columns from Dataset-JSON rows.
struct RowBuilder {
    enum Storage {
        case text, number
        case isoToNumber(VariableType)
        case stringToNumber
    }

    struct Spec {
        var variable: Variable
        var storage: Storage
        var kept: Bool
    }

    let path: String
    var specs: [Spec] = []
    var text: [TextColumnBuilder] = []
    var numbers: [NumberColumn] = []
    var slot: [Int] = []  // column → index into text or numbers
    var records = 0
    var rowValuesAdded = 0

    init(columnsJSON: JSONNode, path: String, keep: Set<String>?) throws {
        self.path = path
        guard let list = columnsJSON.arrayValue, !list.isEmpty else {
            throw ReadoutError(
                file: path, code: "dsj-no-columns", "\"columns\" must be a non-empty array",
                expected: "one object per variable")
        }
        var seen = Set<String>()
        for (k, c) in list.enumerated() {
            guard case .object = c, let name = c["name"]?.stringValue, !name.isEmpty else {
                throw ReadoutError(
                    file: path, code: "dsj-column", "column \(k + 1) has no \"name\"",
                    expected: "a column object with name and dataType")
            }
            guard let dt = c["dataType"]?.stringValue else {
                throw ReadoutError(
                    file: path, code: "dsj-column", "column \(name) has no \"dataType\"", variable: name,
                    expected: "string, integer, decimal, float, double, boolean, datetime, date, time or URI")
            }
            let target = c["targetDataType"]?.stringValue
            var type: VariableType
            var storage: Storage
            switch dt {
            case "string", "URI":
                type = .text
                storage = .text
            case "integer":
                type = .integer
                storage = .number
            case "float", "double":
                type = .float
                storage = .number
            case "decimal":
                type = .decimal
                storage = .stringToNumber
            case "boolean":
                type = .boolean
                storage = .number
            case "date", "datetime", "time":
                let t: VariableType = dt == "date" ? .date : dt == "datetime" ? .datetime : .time
                if target == "integer" {
                    type = t
                    storage = .isoToNumber(t)
                } else {
                    type = .text
                    storage = .text
                }
            default:
                throw ReadoutError(
                    file: path, code: "dsj-column", "column \(name) has an unknown dataType", variable: name, value: dt,
                    expected: "string, integer, decimal, float, double, boolean, datetime, date, time or URI")
            }
            if target == "decimal", case .text = storage {
                type = .decimal
                storage = .stringToNumber
            }
            let upper = name.uppercased()
            let kept = seen.insert(upper).inserted && (keep?.contains(upper) ?? true)
            let v = Variable(
                name: upper, label: c["label"]?.stringValue, type: type,
                length: c["length"]?.numberValue.map { Int($0) }, format: c["displayFormat"]?.stringValue)
            specs.append(Spec(variable: v, storage: storage, kept: kept))
            if case .text = storage {
                slot.append(text.count)
                text.append(TextColumnBuilder())
            } else {
                slot.append(numbers.count)
                numbers.append(NumberColumn())
            }
        }
    }

    func location() -> RecordLocation { RecordLocation(word: "record", number: records + 1) }

    mutating func cellProblem(
        _ column: Int, _ value: String, _ expected: String, _ message: String, problems: inout ProblemLog
    ) {
        problems.add(
            Problem(
                .error, "dsj-value", file: path, location: location(), variable: specs[column].variable.name,
                value: value, expected: expected, message: message))
    }

    /// Appends one cell from text (a JSON string).
    mutating func appendString(_ column: Int, _ bytes: UnsafeBufferPointer<UInt8>, problems: inout ProblemLog) {
        let s = slot[column]
        switch specs[column].storage {
        case .text:
            if !isValidUTF8(bytes) {
                cellProblem(
                    column, String(decoding: bytes, as: UTF8.self), "UTF-8 text", "the value is not valid UTF-8",
                    problems: &problems)
                text[s].append(String(decoding: bytes, as: UTF8.self))
            } else {
                text[s].append(bytes)
            }
        case .number, .stringToNumber:
            // Numbers written as strings are accepted when they are numbers; blank is missing.
            let value = bytes.isEmpty ? .nan : parseDouble(bytes)
            if value == nil {
                let decimal: Bool
                if case .stringToNumber = specs[column].storage { decimal = true } else { decimal = false }
                cellProblem(
                    column, String(decoding: bytes, as: UTF8.self),
                    decimal ? "a decimal number written as a string" : "a number",
                    decimal ? "the decimal value is not a number" : "the value of a numeric column is not a number",
                    problems: &problems)
            }
            numbers[s].values.append(value ?? .nan)
        case .isoToNumber(let t):
            let str = String(decoding: bytes, as: UTF8.self)
            if str.isEmpty {
                numbers[s].values.append(.nan)
                return
            }
            if let v = isoToSASNumber(str, t) {
                numbers[s].values.append(v)
            } else {
                cellProblem(
                    column, str,
                    t == .date
                        ? "an ISO 8601 date (YYYY-MM-DD)"
                        : t == .datetime
                            ? "an ISO 8601 date-time (YYYY-MM-DDThh:mm:ss)" : "an ISO 8601 time (hh:mm:ss)",
                    "the value does not stand for a SAS \(t.rawValue)", problems: &problems)
                numbers[s].values.append(.nan)
            }
        }
    }

    mutating func appendNumber(
        _ column: Int, _ value: Double, raw: UnsafeBufferPointer<UInt8>, problems: inout ProblemLog
    ) {
        let s = slot[column]
        switch specs[column].storage {
        case .text:
            cellProblem(
                column, String(decoding: raw, as: UTF8.self), "a string",
                "a character column holds a number; it is kept as text", problems: &problems)
            text[s].append(raw)
        default:
            numbers[s].values.append(value)
        }
    }

    mutating func appendMissing(_ column: Int) {
        let s = slot[column]
        if case .text = specs[column].storage { text[s].appendEmpty() } else { numbers[s].values.append(.nan) }
    }

    /// Parses a row array at the parser's position straight into the columns.
    mutating func parseRow(_ p: inout JSONParser, problems: inout ProblemLog) throws {
        guard p.peek() == 0x5B else { throw p.error("expected a row array") }
        p.i += 1
        var c = 0
        rowValuesAdded = 0
        p.skipWhitespace()
        if p.peek() == 0x5D {
            p.i += 1
        } else {
            while true {
                p.skipWhitespace()
                guard let b = p.peek() else { throw p.error("unexpected end of input inside a row") }
                if c < specs.count {
                    switch b {
                    case 0x22:
                        // Most strings have no escapes: use their bytes where they lie.
                        var k = p.i + 1
                        while k < p.end, p.bytes[k] != 0x22, p.bytes[k] != 0x5C, p.bytes[k] >= 0x20 { k += 1 }
                        if k < p.end, p.bytes[k] == 0x22 {
                            appendString(c, UnsafeBufferPointer(rebasing: p.bytes[(p.i + 1)..<k]), problems: &problems)
                            p.i = k + 1
                        } else {
                            var decoded: [UInt8] = []
                            try p.parseString(into: &decoded)
                            decoded.withUnsafeBufferPointer { appendString(c, $0, problems: &problems) }
                        }
                    case 0x2D, 0x30...0x39:
                        let r = try p.numberRange()
                        let raw = UnsafeBufferPointer(rebasing: p.bytes[r])
                        appendNumber(c, parseDouble(raw) ?? .nan, raw: raw, problems: &problems)
                    case 0x6E:
                        try p.literal("null")
                        appendMissing(c)
                    case 0x74:
                        try p.literal("true")
                        appendBool(c, true, problems: &problems)
                    case 0x66:
                        try p.literal("false")
                        appendBool(c, false, problems: &problems)
                    default:
                        let v = try p.parseValue()
                        cellProblem(
                            c, v.kindName, "a string, number, boolean or null", "a cell holds \(v.kindName)",
                            problems: &problems)
                        appendMissing(c)
                    }
                    rowValuesAdded += 1
                } else {
                    _ = try p.parseValue()
                }
                c += 1
                p.skipWhitespace()
                guard let d = p.peek() else { throw p.error("unexpected end of input inside a row") }
                if d == 0x2C {
                    p.i += 1
                    continue
                }
                if d == 0x5D {
                    p.i += 1
                    break
                }
                throw p.error("expected ',' or ']' in a row")
            }
        }
        finishRow(count: c, problems: &problems)
    }

    mutating func appendBool(_ column: Int, _ v: Bool, problems: inout ProblemLog) {
        let s = slot[column]
        if case .text = specs[column].storage {
            text[s].append(v ? "true" : "false")
        } else {
            numbers[s].values.append(v ? 1 : 0)
        }
    }

    mutating func finishRow(count c: Int, problems: inout ProblemLog) {
        if c != specs.count {
            problems.add(
                Problem(
                    .error, "dsj-row-length", file: path, location: location(), value: "\(c) values",
                    expected: "\(specs.count) values, one per column",
                    message: c < specs.count
                        ? "the row is short; the missing values are left blank"
                        : "the row is long; the extra values are dropped"))
            if c < specs.count { for k in c..<specs.count { appendMissing(k) } }
        }
        records += 1
    }

    /// Removes the values a row that failed to parse had already added.
    mutating func abandonRow() {
        for k in 0..<min(rowValuesAdded, specs.count) {
            let s = slot[k]
            if case .text = specs[k].storage {
                text[s].removeLast()
            } else {
                numbers[s].values.removeLast()
            }
        }
        rowValuesAdded = 0
    }

    /// A row already parsed as a JSON value (rows that came before the columns).
    mutating func addRow(_ row: JSONNode, problems: inout ProblemLog) {
        guard let cells = row.arrayValue else {
            problems.add(
                Problem(
                    .error, "dsj-rows", file: path, location: location(), value: row.kindName, expected: "a row array",
                    message: "a row is not an array; it is skipped"))
            return
        }
        for (c, v) in cells.enumerated() where c < specs.count {
            switch v {
            case .null: appendMissing(c)
            case .string(let s):
                var s = s
                s.withUTF8 { appendString(c, $0, problems: &problems) }
            case .number(let d):
                var raw = formatNumber(d)
                raw.withUTF8 { appendNumber(c, d, raw: $0, problems: &problems) }
            case .bool(let b): appendBool(c, b, problems: &problems)
            default:
                cellProblem(
                    c, v.kindName, "a string, number, boolean or null", "a cell holds \(v.kindName)",
                    problems: &problems)
                appendMissing(c)
            }
        }
        finishRow(count: cells.count, problems: &problems)
    }

    func finish(
        metadata: JSONNode, path: String, name: String, format: DataFormat, problems: inout ProblemLog
    ) throws -> Dataset {
        if let version = metadata["datasetJSONVersion"]?.stringValue, !version.hasPrefix("1.1") {
            problems.add(
                Problem(
                    .warning, "dsj-version", file: path, variable: "datasetJSONVersion", value: version,
                    expected: "1.1.x",
                    message: "the file declares a Dataset-JSON version this reader was not written for"))
        }
        if let declared = metadata["records"]?.numberValue, Int(declared) != records {
            problems.add(
                Problem(
                    .warning, "dsj-record-count", file: path, variable: "records", value: formatNumber(declared),
                    expected: "\(records), the rows present",
                    message: "the declared record count differs from the rows in the file"))
        }
        var variables: [Variable] = []
        var columns: [Column] = []
        for (k, s) in specs.enumerated() where s.kept {
            variables.append(s.variable)
            if case .text = s.storage {
                columns.append(.text(text[slot[k]].build()))
            } else {
                columns.append(.number(numbers[slot[k]]))
            }
        }
        let dsName = name.isEmpty ? (metadata["name"]?.stringValue ?? "") : name
        return Dataset(
            name: dsName, label: metadata["label"]?.stringValue, variables: variables, columns: columns,
            source: DataSource(path: path, format: format))
    }
}

/// The SAS number an ISO 8601 date, date-time or time stands for; nil when it is not complete.
func isoToSASNumber(_ s: String, _ type: VariableType) -> Double? {
    switch type {
    case .time:
        let parts = s.split(separator: ":")
        guard parts.count >= 2, parts.count <= 3, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h),
            (0...59).contains(m)
        else { return nil }
        let sec = parts.count == 3 ? (parseDouble(String(parts[2])) ?? -1) : 0
        guard sec >= 0, sec < 61 else { return nil }
        return Double(h * 3600 + m * 60) + sec
    default:
        guard case .success(let v) = ISODateTime.parse(s), let d = v.date else { return nil }
        if type == .date { return v.precision == .day ? Double(d.dayNumber) : nil }
        let secs = Double((v.hour ?? 0) * 3600 + (v.minute ?? 0) * 60) + (v.second ?? 0)
        return Double(d.dayNumber) * 86400 + secs
    }
}

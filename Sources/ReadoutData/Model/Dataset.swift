import ReadoutCore

/// The file format a dataset was read from.
public enum DataFormat: String, Sendable, Codable, CaseIterable {
    case csv
    case datasetJSON = "dataset-json"
    case datasetNDJSON = "dataset-ndjson"
    case datasetJSONCompressed = "dataset-json-compressed"
    case xpt = "sas-xpt-v5"
    case xptV8 = "sas-xpt-v8"

    /// How record positions are named in messages: a spreadsheet user counts CSV rows with the
    /// header as row 1; other formats number records from 1.
    var recordWord: String { self == .csv ? "row" : "record" }
}

/// Where a dataset came from.
public struct DataSource: Sendable, Codable, Equatable {
    public var path: String
    public var format: DataFormat

    /// The file a dataset was read from, and its format.
    public init(path: String, format: DataFormat) {
        self.path = path
        self.format = format
    }
}

/// One domain's records, column by column, the same in memory whatever format it was read from.
public struct Dataset: Sendable {
    /// Upper-cased dataset name (the domain: `DM`, `RS`, `SUPPAE`, `ADSL`, ...).
    public var name: String
    public var label: String?
    public private(set) var variables: [Variable]
    public private(set) var columns: [Column]
    public let source: DataSource
    /// The 1-based record number in the source file of each record kept, when records were removed
    /// (by the data cut-off, say); nil while every record is there in file order.
    public private(set) var sourceRecords: [Int32]?
    private var indexByName: [String: Int]

    /// A dataset of `variables`, one column each, read from `source`.
    public init(name: String, label: String? = nil, variables: [Variable], columns: [Column], source: DataSource) {
        precondition(variables.count == columns.count, "one column per variable")
        self.name = name.uppercased()
        self.label = label
        self.variables = variables
        self.columns = columns
        self.source = source
        self.sourceRecords = nil
        var index: [String: Int] = [:]
        for (i, v) in variables.enumerated() where index[v.name] == nil { index[v.name] = i }
        self.indexByName = index
    }

    public var recordCount: Int { columns.first?.count ?? 0 }

    /// Column index of a variable, matched case-insensitively.
    public func index(of name: String) -> Int? {
        indexByName[name] ?? indexByName[name.uppercased()]
    }

    /// Whether the dataset has variable `name`.
    public func has(_ name: String) -> Bool { index(of: name) != nil }

    /// The value of a cell as text: numbers printed shortest, missing as "".
    public func string(_ row: Int, _ column: Int) -> String {
        switch columns[column] {
        case .text(let t): return t[row]
        case .number(let n):
            if let s = n.specialMissing[row] { return "." + String(UnicodeScalar(s)) }
            return formatNumber(n.values[row])
        }
    }

    /// Text of a named variable, "" if the dataset lacks it.
    public func string(_ row: Int, _ name: String) -> String {
        guard let c = index(of: name) else { return "" }
        return string(row, c)
    }

    /// Trimmed text of a cell: CDISC values are compared without surrounding blanks.
    public func trimmed(_ row: Int, _ column: Int) -> String {
        if case .text(let t) = columns[column] { return t.withBytes(row) { trimmedString($0) } }
        return string(row, column)
    }

    /// The value of a cell as a number: numeric columns directly, text columns parsed.
    /// Nil when missing or not a number.
    public func double(_ row: Int, _ column: Int) -> Double? {
        switch columns[column] {
        case .number(let n):
            let v = n.values[row]
            return v.isNaN ? nil : v
        case .text(let t):
            return t.withBytes(row) { parseDouble($0) }
        }
    }

    /// The value at `row` of column `column`, as the user sees it.
    public func value(_ row: Int, _ column: Int) -> Value {
        switch columns[column] {
        case .text(let t):
            let s = t[row]
            return s.isEmpty ? .missing : .text(s)
        case .number(let n):
            if let s = n.specialMissing[row] { return .specialMissing(Character(UnicodeScalar(s))) }
            let v = n.values[row]
            return v.isNaN ? .missing : .number(v)
        }
    }

    /// Whether a cell is missing (blank text, or a missing numeric).
    public func isMissing(_ row: Int, _ column: Int) -> Bool {
        switch columns[column] {
        case .text(let t): return t.withBytes(row) { $0.allSatisfy { $0 == 0x20 } }
        case .number(let n): return n.values[row].isNaN
        }
    }

    /// 1-based record number in the source file.
    public func sourceRecord(_ row: Int) -> Int {
        if let s = sourceRecords { return Int(s[row]) }
        return row + 1
    }

    /// How a spreadsheet user finds this record: the CSV row (header is row 1) or the record number.
    public func location(_ row: Int) -> RecordLocation {
        let n = sourceRecord(row)
        return source.format == .csv
            ? RecordLocation(word: "row", number: n + 1) : RecordLocation(word: "record", number: n)
    }

    /// A copy keeping only the given records, in the given order.
    public func selecting(_ rows: [Int]) -> Dataset {
        var out = self
        out.columns = columns.map { $0.selecting(rows) }
        out.sourceRecords = rows.map { Int32(truncatingIfNeeded: sourceRecord($0)) }
        return out
    }

    /// Adds (or replaces) a character variable; used to merge supplemental qualifiers.
    public mutating func setTextVariable(_ variable: Variable, values: [String]) {
        precondition(values.count == recordCount)
        let column = Column.text(TextColumn(values))
        if let i = index(of: variable.name) {
            variables[i] = variable
            columns[i] = column
        } else {
            indexByName[variable.name] = variables.count
            variables.append(variable)
            columns.append(column)
        }
    }

    mutating func setLabel(_ label: String, ofVariableAt c: Int) {
        variables[c].label = label
    }

    /// Distinct non-blank values of a variable (trimmed), in first-seen order.
    public func distinct(_ name: String) -> [String] {
        guard let c = index(of: name) else { return [] }
        let ids = keyIDs(c)
        var seen = [Bool](repeating: false, count: Int(ids.ids.max() ?? 0) + 1)
        var out: [String] = []
        for r in 0..<recordCount {
            let k = Int(ids.ids[r])
            if !seen[k] {
                seen[k] = true
                let s = trimmed(r, c)
                if !s.isEmpty { out.append(s) }
            }
        }
        return out
    }

    /// Per-record identifiers of a variable's values: two records have the same identifier exactly
    /// when their trimmed values are equal (numbers compared as numbers, so `1` and `1.0` match).
    /// Computed once per distinct value for dictionary-encoded columns. `count` is the number of
    /// distinct values among the records; identifiers may be larger than it.
    public func keyIDs(_ column: Int) -> (ids: [UInt32], count: Int) {
        var table: [String: UInt32] = [:]
        func id(_ s: String) -> UInt32 {
            let key = parseDouble(s).map { "\u{1}" + formatNumber($0) } ?? s
            if let k = table[key] { return k }
            let k = UInt32(table.count)
            table[key] = k
            return k
        }
        switch columns[column] {
        case .text(let t) where t.isDictionary:
            let storage = t.storage
            return withExtendedLifetime(storage) {
                // Entries are distinct byte strings; only blanks around them or numbers written
                // differently (1 and 1.0) can make two entries the same value.
                var plain = true
                for k in 0..<t.entryCount {
                    let b = t.entryBytes(k)
                    guard let first = b.first, let last = b.last else { continue }
                    if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 || first == 0x2B || first == 0x2D
                        || first == 0x2E || (first >= 0x30 && first <= 0x39)
                    {
                        plain = false
                        break
                    }
                }
                var perEntry = [UInt32](repeating: 0, count: t.entryCount)
                if plain {
                    for k in 0..<t.entryCount { perEntry[k] = UInt32(k) }
                } else {
                    for k in 0..<t.entryCount { perEntry[k] = id(trimmedString(t.entryBytes(k))) }
                }
                let codes = UnsafeBufferPointer(start: storage.codes!, count: storage.count)
                var used = [Bool](repeating: false, count: t.entryCount)
                var distinct = 0
                let ids = codes.map { c -> UInt32 in
                    let v = perEntry[Int(c)]
                    if !used[Int(v)] {
                        used[Int(v)] = true
                        distinct += 1
                    }
                    return v
                }
                return (ids, distinct)
            }
        case .number(let n):
            var byBits: [UInt64: UInt32] = [:]
            var ids = [UInt32](repeating: 0, count: n.count)
            for r in 0..<n.count {
                var v = n.values[r]
                if v.isNaN { v = .nan }
                let bits = n.specialMissing[r].map { UInt64($0) | 0x7FF8_0000_0000_0100 } ?? v.bitPattern
                if let k = byBits[bits] {
                    ids[r] = k
                } else {
                    let k = UInt32(byBits.count)
                    byBits[bits] = k
                    ids[r] = k
                }
            }
            return (ids, byBits.count)
        case .text(let t):
            // Plain column: give equal byte strings one identifier with a fast byte-level table,
            // unless values need normalizing (blanks around them, numbers).
            var simple = true
            for r in 0..<t.count where simple {
                t.withBytes(r) { b in
                    guard let first = b.first, let last = b.last else { return }
                    if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 || first == 0x2B || first == 0x2D
                        || first == 0x2E || (first >= 0x30 && first <= 0x39)
                    {
                        simple = false
                    }
                }
            }
            if simple {
                let b = TextColumnBuilder(alwaysDictionary: true)
                b.reserve(records: t.count)
                withExtendedLifetime(t.storage) { for r in 0..<t.count { b.append(t.entryBytes(r)) } }
                let codes = b.codeArray
                return (codes, b.entryCountSoFar)
            }
            let ids = (0..<recordCount).map { id(trimmed($0, column)) }
            return (ids, table.count)
        }
    }
}

/// The text of bytes with surrounding blanks removed, built without intermediate strings.
@inlinable @inline(__always)
func trimmedString(_ p: UnsafeBufferPointer<UInt8>) -> String {
    var lo = 0
    var hi = p.count
    while lo < hi, p[lo] == 0x20 || p[lo] == 0x09 || p[lo] == 0x0A || p[lo] == 0x0D { lo += 1 }
    while hi > lo, p[hi - 1] == 0x20 || p[hi - 1] == 0x09 || p[hi - 1] == 0x0A || p[hi - 1] == 0x0D { hi -= 1 }
    if lo == hi { return "" }
    return String(decoding: UnsafeBufferPointer(rebasing: p[lo..<hi]), as: UTF8.self)
}

extension String {
    /// Removes leading and trailing spaces, tabs and line breaks (SAS pads character values with blanks).
    public func trimmingBlanks() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "\n" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s.removeLast() }
        return s.count == count ? self : String(s)
    }
}

extension Dataset {
    /// `f` of every record's trimmed text value, computed once per distinct value when the column
    /// is dictionary-encoded (most clinical variables are). The result has one element per record.
    @inlinable
    public func mapValues<T>(_ column: Int, _ f: (String) -> T) -> [T] {
        switch columns[column] {
        case .text(let t):
            if t.isDictionary {
                var perEntry: [T] = []
                perEntry.reserveCapacity(t.entryCount)
                let storage = t.storage
                return withExtendedLifetime(storage) {
                    for k in 0..<t.entryCount { perEntry.append(f(trimmedString(t.entryBytes(k)))) }
                    let codes = UnsafeBufferPointer(start: storage.codes!, count: storage.count)
                    return perEntry.withUnsafeBufferPointer { pe in codes.map { pe[Int($0)] } }
                }
            }
            return (0..<t.count).map { r in f(t.withBytes(r) { trimmedString($0) }) }
        case .number:
            return (0..<recordCount).map { f(string($0, column)) }
        }
    }
}

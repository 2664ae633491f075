/// Character values of one variable, packed: all bytes in one buffer, one end offset per record.
///
/// A value is the bytes between the previous record's end and this record's end. Packing keeps
/// memory proportional to the data (no per-cell object) and lets readers append with a copy.
public struct TextColumn: Sendable {
    public internal(set) var bytes: [UInt8] = []
    public internal(set) var ends: [UInt32] = []

    public init() {}

    public init<S: Sequence>(_ values: S) where S.Element == String {
        for v in values { append(v) }
    }

    public var count: Int { ends.count }

    @inline(__always)
    func range(_ i: Int) -> Range<Int> {
        let start = i == 0 ? 0 : Int(ends[i - 1])
        return start..<Int(ends[i])
    }

    public subscript(i: Int) -> String {
        let r = range(i)
        if r.isEmpty { return "" }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[r]), as: UTF8.self) }
    }

    /// Calls `body` with the raw UTF-8 bytes of value `i` (no copy).
    @inline(__always)
    public func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = range(i)
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[r])) }
    }

    public func isEmpty(_ i: Int) -> Bool { range(i).isEmpty }

    public mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
        ends.append(UInt32(truncatingIfNeeded: bytes.count))
    }

    @inline(__always)
    mutating func append(_ p: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: p)
        ends.append(UInt32(truncatingIfNeeded: bytes.count))
    }

    @inline(__always)
    mutating func appendEmpty() {
        ends.append(UInt32(truncatingIfNeeded: bytes.count))
    }

    mutating func reserve(records: Int, bytes n: Int) {
        ends.reserveCapacity(records)
        bytes.reserveCapacity(n)
    }

    func selecting(_ rows: [Int]) -> TextColumn {
        var out = TextColumn()
        out.ends.reserveCapacity(rows.count)
        for i in rows {
            let r = range(i)
            out.bytes.append(contentsOf: bytes[r])
            out.ends.append(UInt32(truncatingIfNeeded: out.bytes.count))
        }
        return out
    }
}

/// Numeric values of one variable. Missing is NaN; SAS special missing values are kept apart.
public struct NumberColumn: Sendable {
    public internal(set) var values: [Double] = []
    /// Record index → special missing letter (`A`...`Z`, `_`), for the few records that have one.
    public internal(set) var specialMissing: [Int: UInt8] = [:]

    public init() {}
    public init(_ values: [Double]) { self.values = values }

    public var count: Int { values.count }

    func selecting(_ rows: [Int]) -> NumberColumn {
        var out = NumberColumn()
        out.values.reserveCapacity(rows.count)
        for (newIndex, i) in rows.enumerated() {
            out.values.append(values[i])
            if let s = specialMissing[i] { out.specialMissing[newIndex] = s }
        }
        return out
    }
}

public enum Column: Sendable {
    case text(TextColumn)
    case number(NumberColumn)

    public var count: Int {
        switch self {
        case .text(let t): return t.count
        case .number(let n): return n.count
        }
    }

    func selecting(_ rows: [Int]) -> Column {
        switch self {
        case .text(let t): return .text(t.selecting(rows))
        case .number(let n): return .number(n.selecting(rows))
        }
    }
}

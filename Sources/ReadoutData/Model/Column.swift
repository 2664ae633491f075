import ReadoutCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Character values of one variable, packed: all bytes in one buffer, one end offset per entry.
///
/// Two layouts. Plain: entry `i` is record `i`'s value. Dictionary: the entries are the distinct
/// values and `codes[i]` names record `i`'s entry. Readers build columns adaptively: they start
/// as dictionaries (most clinical variables repeat: test codes, visits, results, dates, subject
/// identifiers in runs) and turn plain when the values stop repeating. Either way memory stays
/// proportional to the data kept, with no object per cell.
public struct TextColumn: Sendable {
    @usableFromInline let storage: TextStorage

    init(storage: TextStorage) { self.storage = storage }

    /// An empty text column.
    public init() { storage = TextStorage.empty }

    /// A text column of `values`.
    public init<S: Sequence>(_ values: S) where S.Element == String {
        let b = TextColumnBuilder()
        for v in values { b.append(v) }
        storage = b.build().storage
    }

    public var count: Int { storage.count }

    /// Number of distinct entries held (equal to `count` in the plain layout).
    public var entryCount: Int { storage.entryCount }

    public var isDictionary: Bool { storage.codes != nil }

    /// Bytes of text held (the dictionary's, in that layout).
    public var textBytes: Int { storage.byteCount }

    /// Entry index of record `i` (its own index in the plain layout).
    @inlinable @inline(__always)
    public func entry(_ i: Int) -> Int {
        precondition(i >= 0 && i < storage.count, "record index out of range")
        if let c = storage.codes { return Int(c[i]) }
        return i
    }

    @inlinable @inline(__always)
    func entryBytes(_ k: Int) -> UnsafeBufferPointer<UInt8> {
        let start = k == 0 ? 0 : Int(storage.ends[k - 1])
        return UnsafeBufferPointer(start: storage.bytes + start, count: Int(storage.ends[k]) - start)
    }

    /// The text of row `i`.
    public subscript(i: Int) -> String {
        let p = entryBytes(entry(i))
        return p.isEmpty ? "" : String(decoding: p, as: UTF8.self)
    }

    /// Calls `body` with the raw UTF-8 bytes of value `i` (no copy).
    @inlinable @inline(__always)
    public func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(entryBytes(entry(i))) }
    }

    /// Whether row `i` is empty text.
    public func isEmpty(_ i: Int) -> Bool { entryBytes(entry(i)).isEmpty }

    func selecting(_ rows: [Int]) -> TextColumn {
        if let codes = storage.codes {
            // Same dictionary, fewer records: copy the entries, pick the codes.
            let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, storage.byteCount))
            bytes.update(from: storage.bytes, count: storage.byteCount)
            let ends = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, storage.entryCount))
            ends.update(from: storage.ends, count: storage.entryCount)
            let newCodes = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, rows.count))
            for (k, r) in rows.enumerated() {
                precondition(r >= 0 && r < storage.count, "record index out of range")
                newCodes[k] = codes[r]
            }
            return TextColumn(
                storage: TextStorage(
                    bytes: bytes, byteCount: storage.byteCount, ends: ends, entryCount: storage.entryCount,
                    codes: newCodes, count: rows.count))
        }
        let b = TextColumnBuilder()
        b.reserve(records: rows.count)
        withExtendedLifetime(storage) {
            for i in rows { b.append(entryBytes(entry(i))) }
        }
        return b.build()
    }
}

/// The memory behind a `TextColumn`: written once by a builder, then only read.
@usableFromInline
final class TextStorage: @unchecked Sendable {
    @usableFromInline let bytes: UnsafeMutablePointer<UInt8>
    @usableFromInline let byteCount: Int
    @usableFromInline let ends: UnsafeMutablePointer<UInt32>
    @usableFromInline let entryCount: Int
    @usableFromInline let codes: UnsafeMutablePointer<UInt32>?
    @usableFromInline let count: Int

    init(
        bytes: UnsafeMutablePointer<UInt8>, byteCount: Int, ends: UnsafeMutablePointer<UInt32>, entryCount: Int,
        codes: UnsafeMutablePointer<UInt32>?, count: Int
    ) {
        self.bytes = bytes
        self.byteCount = byteCount
        self.ends = ends
        self.entryCount = entryCount
        self.codes = codes
        self.count = count
    }

    deinit {
        bytes.deallocate()
        ends.deallocate()
        codes?.deallocate()
    }

    static let empty = TextStorage(
        bytes: .allocate(capacity: 1), byteCount: 0, ends: .allocate(capacity: 1), entryCount: 0, codes: nil, count: 0)
}

/// A fast, well-mixed 64-bit hash of a short byte string (for dictionary building, not security).
@inline(__always)
func hashBytes(_ p: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = UInt64(truncatingIfNeeded: p.count) &* 0x9E37_79B9_7F4A_7C15
    guard let base = p.baseAddress else { return h }
    var i = 0
    let n = p.count
    while i + 8 <= n {
        h = (h ^ UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        i += 8
    }
    if i < n {
        var t: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            t |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ t) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
    }
    return h
}

/// Numeric values of one variable. Missing is NaN; SAS special missing values are kept apart.
public struct NumberColumn: Sendable {
    public internal(set) var values: [Double] = []
    /// Record index → special missing letter (`A`...`Z`, `_`), for the few records that have one.
    public internal(set) var specialMissing: [Int: UInt8] = [:]

    /// An empty numeric column.
    public init() {}
    /// A numeric column of `values` (NaN is missing).
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

/// One variable's values: text or numbers.
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

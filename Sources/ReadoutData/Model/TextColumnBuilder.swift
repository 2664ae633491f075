import ReadoutCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Growable raw buffer of trivial values; no copy-on-write checks on the hot path.
struct RawBuffer<T> {
    var base: UnsafeMutablePointer<T>
    var count = 0
    var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    func free() { base.deallocate() }

    mutating func reserve(_ n: Int) {
        guard n > capacity else { return }
        let nb = UnsafeMutablePointer<T>.allocate(capacity: n)
        nb.moveInitialize(from: base, count: count)
        base.deallocate()
        base = nb
        capacity = n
    }

    @inline(__always)
    mutating func append(_ v: T) {
        if count == capacity { reserve(capacity * 2) }
        (base + count).initialize(to: v)
        count += 1
    }

    var array: [T] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

/// Builds a `TextColumn` value by value. It dictionary-encodes while values repeat and turns plain
/// when they stop (more than 4,096 distinct values, nearly every record a new one).
final class TextColumnBuilder {
    @exclusivity(unchecked) private var bytes = RawBuffer<UInt8>(capacity: 4096)
    @exclusivity(unchecked) private var ends = RawBuffer<UInt32>(capacity: 256)
    @exclusivity(unchecked) private var codes = RawBuffer<UInt32>(capacity: 1024)
    @exclusivity(unchecked) private var dictionary = true
    @exclusivity(unchecked) private var table: RawBuffer<Int32>
    @exclusivity(unchecked) private var mask: Int
    @exclusivity(unchecked) private var lastCode = -1
    /// Never turn plain, however many distinct values (used to give values identifiers).
    private let alwaysDictionary: Bool

    init(dictionary: Bool = true, alwaysDictionary: Bool = false) {
        self.dictionary = dictionary
        self.alwaysDictionary = alwaysDictionary
        table = RawBuffer<Int32>(capacity: 1024)
        table.base.initialize(repeating: 0, count: 1024)
        table.count = 1024
        mask = 1023
    }

    deinit {
        bytes.free()
        ends.free()
        codes.free()
        table.free()
    }

    var count: Int { dictionary ? codes.count : ends.count }
    var entryCountSoFar: Int { ends.count }
    var textBytes: Int { bytes.count }

    func reserve(records: Int) {
        if dictionary { codes.reserve(records) } else { ends.reserve(records) }
    }

    /// More than 4 GiB of text was offered; the excess was not kept. Readers turn this into an error.
    private(set) var overflowed = false

    @inline(__always)
    private func appendEntry(_ p: UnsafeBufferPointer<UInt8>) {
        var n = p.count
        if bytes.count + n > Int(UInt32.max) {
            overflowed = true
            n = 0
        }
        if n > 0 {
            if bytes.count + n > bytes.capacity { bytes.reserve(max(bytes.capacity * 2, bytes.count + n)) }
            (bytes.base + bytes.count).update(from: p.baseAddress!, count: n)
            bytes.count += n
        }
        ends.append(UInt32(truncatingIfNeeded: bytes.count))
    }

    @inline(__always)
    private func entryEquals(_ k: Int, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = k == 0 ? 0 : Int(ends.base[k - 1])
        let n = Int(ends.base[k]) - start
        if n != p.count { return false }
        if n == 0 { return true }
        let a = bytes.base + start
        let q = p.baseAddress!
        if n > 24 { return memcmp(a, q, n) == 0 }
        var i = 0
        while i + 8 <= n {
            if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self)
                != UnsafeRawPointer(q + i).loadUnaligned(as: UInt64.self)
            {
                return false
            }
            i += 8
        }
        while i < n {
            if a[i] != q[i] { return false }
            i += 1
        }
        return true
    }

    @inline(__always)
    func append(_ p: UnsafeBufferPointer<UInt8>) {
        guard dictionary else {
            appendEntry(p)
            return
        }
        if lastCode >= 0, entryEquals(lastCode, p) {
            codes.append(UInt32(truncatingIfNeeded: lastCode))
            return
        }
        var slot = Int(truncatingIfNeeded: hashBytes(p)) & mask
        while true {
            let e = Int(table.base[slot])
            if e == 0 { break }
            if entryEquals(e - 1, p) {
                lastCode = e - 1
                codes.append(UInt32(truncatingIfNeeded: lastCode))
                return
            }
            slot = (slot + 1) & mask
        }
        let code = ends.count
        if !alwaysDictionary && code > 4096 && code * 8 > codes.count * 7 {
            becomePlain()
            appendEntry(p)
            return
        }
        appendEntry(p)
        table.base[slot] = Int32(code + 1)
        codes.append(UInt32(code))
        lastCode = code
        if ends.count * 2 > table.count { rehash(table.count * 4) }
    }

    /// The entry holding these bytes, if any (dictionary layout), without adding anything.
    func lookup(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        guard dictionary else { return nil }
        var slot = Int(truncatingIfNeeded: hashBytes(p)) & mask
        while true {
            let e = Int(table.base[slot])
            if e == 0 { return nil }
            if entryEquals(e - 1, p) { return e - 1 }
            slot = (slot + 1) & mask
        }
    }

    func appendEmpty() { append(UnsafeBufferPointer(start: nil, count: 0)) }

    func append(_ s: String) {
        var s = s
        s.withUTF8 { append($0) }
    }

    /// Removes the last value (a row that turned out to be malformed).
    func removeLast() {
        if dictionary {
            codes.count -= 1
        } else {
            ends.count -= 1
            bytes.count = ends.count == 0 ? 0 : Int(ends.base[ends.count - 1])
        }
    }

    private func rehash(_ size: Int) {
        table.free()
        table = RawBuffer<Int32>(capacity: size)
        table.base.initialize(repeating: 0, count: size)
        table.count = size
        mask = size - 1
        for k in 0..<ends.count {
            let start = k == 0 ? 0 : Int(ends.base[k - 1])
            var slot =
                Int(
                    truncatingIfNeeded: hashBytes(
                        UnsafeBufferPointer(start: bytes.base + start, count: Int(ends.base[k]) - start))) & mask
            while table.base[slot] != 0 { slot = (slot + 1) & mask }
            table.base[slot] = Int32(k + 1)
        }
    }

    private func becomePlain() {
        var newBytes = RawBuffer<UInt8>(capacity: bytes.count * 2 + codes.count * 8)
        var newEnds = RawBuffer<UInt32>(capacity: max(codes.capacity, codes.count * 2))
        for i in 0..<codes.count {
            let k = Int(codes.base[i])
            let start = k == 0 ? 0 : Int(ends.base[k - 1])
            let n = Int(ends.base[k]) - start
            if newBytes.count + n > newBytes.capacity { newBytes.reserve(newBytes.capacity * 2 + n) }
            (newBytes.base + newBytes.count).update(from: bytes.base + start, count: n)
            newBytes.count += n
            newEnds.append(UInt32(truncatingIfNeeded: newBytes.count))
        }
        bytes.free()
        ends.free()
        bytes = newBytes
        ends = newEnds
        codes.count = 0
        dictionary = false
        lastCode = -1
    }

    /// Appends every value of `other` after this builder's values (joining parts of a file read
    /// in parallel). Dictionaries are joined entry by entry, not value by value.
    func append(contentsOf other: TextColumnBuilder) {
        if dictionary && other.dictionary {
            var remap = [UInt32](repeating: 0, count: other.ends.count)
            for k in 0..<other.ends.count {
                let start = k == 0 ? 0 : Int(other.ends.base[k - 1])
                let p = UnsafeBufferPointer(start: other.bytes.base + start, count: Int(other.ends.base[k]) - start)
                append(p)
                if !dictionary { break }
                remap[k] = codes.base[codes.count - 1]
                codes.count -= 1
            }
            if dictionary {
                codes.reserve(codes.count + other.codes.count)
                for i in 0..<other.codes.count { codes.append(remap[Int(other.codes.base[i])]) }
                lastCode = -1
                return
            }
            // This builder turned plain while taking the other's entries: the value just taken
            // stays appended as a record; remove it, then append record by record.
            ends.count -= 1
            bytes.count = ends.count == 0 ? 0 : Int(ends.base[ends.count - 1])
        }
        for i in 0..<other.count {
            let k = other.dictionary ? Int(other.codes.base[i]) : i
            let start = k == 0 ? 0 : Int(other.ends.base[k - 1])
            append(UnsafeBufferPointer(start: other.bytes.base + start, count: Int(other.ends.base[k]) - start))
        }
    }

    /// The entry index of each value appended so far (dictionary layout only).
    var codeArray: [UInt32] { codes.array }

    /// Hands the values over to a column (no copy) and starts again empty.
    func build() -> TextColumn {
        let storage = TextStorage(
            bytes: bytes.base, byteCount: bytes.count, ends: ends.base, entryCount: ends.count,
            codes: dictionary ? codes.base : nil, count: count)
        if !dictionary { codes.free() }
        bytes = RawBuffer(capacity: 16)
        ends = RawBuffer(capacity: 16)
        codes = RawBuffer(capacity: 16)
        dictionary = true
        lastCode = -1
        return TextColumn(storage: storage)
    }
}

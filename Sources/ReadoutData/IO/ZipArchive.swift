import CZlib
import ReadoutCore

/// CRC-32 (ISO 3309, the polynomial of zip and gzip), by zlib.
public enum CRC32 {
    /// The CRC-32 of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(truncatingIfNeeded: crc32(0, $0.baseAddress, uInt($0.count))) }
    }
}

/// A zip archive of stored (uncompressed) entries, as Office Open XML documents are packaged.
/// Written by hand because the bytes must depend only on the content: every entry is dated
/// 1980-01-01 00:00 and nothing else varies; the mirrored ZIPFoundation would add a dependency
/// for these hundred lines. `entries(of:)` reads such an archive back (the tests do).
public enum ZipArchive {
    /// An archive of `entries` (name, bytes), in that order.
    public static func stored(_ entries: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func u16(_ v: Int, _ into: inout [UInt8]) { into += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: UInt32, _ into: inout [UInt8]) {
            into += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)]
        }
        let dosDate = (1980 - 1980) << 9 | 1 << 5 | 1
        for e in entries {
            let name = Array(e.name.utf8)
            let crc = CRC32.checksum(e.bytes)
            let offset = UInt32(out.count)
            func header(_ into: inout [UInt8]) {
                u16(20, &into)  // version needed
                u16(0x0800, &into)  // flags: UTF-8 names
                u16(0, &into)  // stored
                u16(0, &into)  // time 00:00
                u16(dosDate, &into)
                u32(crc, &into)
                u32(UInt32(e.bytes.count), &into)
                u32(UInt32(e.bytes.count), &into)
                u16(name.count, &into)
                u16(0, &into)  // extra field
            }
            u32(0x0403_4B50, &out)
            header(&out)
            out += name
            out += e.bytes
            u32(0x0201_4B50, &central)
            u16(20, &central)  // version made by
            header(&central)
            u16(0, &central)  // comment
            u16(0, &central)  // disk
            u16(0, &central)  // internal attributes
            u32(0, &central)  // external attributes
            u32(offset, &central)
            central += name
        }
        let start = UInt32(out.count)
        out += central
        u32(0x0605_4B50, &out)
        u16(0, &out)
        u16(0, &out)
        u16(entries.count, &out)
        u16(entries.count, &out)
        u32(UInt32(central.count), &out)
        u32(start, &out)
        u16(0, &out)
        return out
    }

    /// The entries of an archive of stored entries, by the central directory, each checked
    /// against its CRC-32.
    public static func entries(of bytes: [UInt8], file: String) throws -> [(name: String, bytes: [UInt8])] {
        func fail(_ m: String) -> ReadoutError {
            ReadoutError(file: file, code: "zip-invalid", m, expected: "a zip archive of stored entries")
        }
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        guard bytes.count >= 22 else { throw fail("too short for a zip archive") }
        var end = bytes.count - 22
        while end >= 0 && u32(end) != 0x0605_4B50 { end -= 1 }
        guard end >= 0 else { throw fail("no end of central directory") }
        var p = u32(end + 16)
        var out: [(name: String, bytes: [UInt8])] = []
        for _ in 0..<u16(end + 10) {
            guard p + 46 <= bytes.count, u32(p) == 0x0201_4B50 else {
                throw fail("a central directory entry is broken")
            }
            let method = u16(p + 10)
            let crc = UInt32(u32(p + 16))
            let size = u32(p + 20)
            let nameLength = u16(p + 28)
            let skip = nameLength + u16(p + 30) + u16(p + 32)
            let local = u32(p + 42)
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            guard method == 0 else { throw fail("\(name) is compressed (method \(method))") }
            let data = local + 30 + u16(local + 26) + u16(local + 28)
            guard data + size <= bytes.count else { throw fail("\(name) runs past the end") }
            let content = Array(bytes[data..<(data + size)])
            guard CRC32.checksum(content) == crc else { throw fail("\(name): the CRC-32 does not match") }
            out.append((name, content))
            p += 46 + skip
        }
        return out
    }
}

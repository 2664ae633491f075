import ReadoutCore

/// DEFLATE decompression (RFC 1951) inside a zlib (RFC 1950) or gzip (RFC 1952) wrapper, written
/// here so that reading compressed Dataset-JSON needs no system library. Decoding follows the
/// canonical-Huffman method of zlib's reference decoder `puff`: simple and strict. Output is
/// produced on demand, so a large file is never decompressed whole; the checksum in the trailer
/// (CRC-32 or Adler-32) is verified at the end.
final class InflateByteSource: ByteSource {
    /// gzip and zlib wrap the DEFLATE data with a header and a checksum; zip entries are raw
    /// DEFLATE data (the CRC-32 is in the archive's directory: `crc32` gives it at the end).
    enum Wrapper { case gzip, zlib, raw }

    private let input: [UInt8]
    private let path: String
    private var pos: Int
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0
    private let wrapper: Wrapper

    // Output window: `out` holds history; bytes from `delivered` on are not yet handed out.
    private var out: [UInt8] = []
    private var delivered = 0
    private var totalOut = 0
    private var finished = false
    private var lastBlock = false
    private var crc: UInt32 = 0xFFFF_FFFF
    private var adlerA: UInt32 = 1
    private var adlerB: UInt32 = 0

    // Block state between calls.
    private enum BlockState {
        case header
        case stored(remaining: Int)
        case huffman(lit: Huffman, dist: Huffman)
    }
    private var state: BlockState = .header

    /// Raw DEFLATE data, as in a zip entry.
    init(raw: [UInt8], path: String) {
        input = raw
        self.path = path
        wrapper = .raw
        pos = 0
    }

    /// The CRC-32 of the bytes delivered so far (gzip and raw data).
    var crc32: UInt32 { ~crc }

    init(compressed: [UInt8], path: String) throws {
        input = compressed
        self.path = path
        func bad(_ m: String) -> ReadoutError {
            ReadoutError(file: path, code: "compressed-malformed", m, expected: "zlib or gzip compressed NDJSON")
        }
        guard compressed.count >= 2 else {
            if compressed.isEmpty {
                throw ReadoutError(
                    file: path, code: "empty-file", "the file is empty", expected: "zlib or gzip compressed NDJSON")
            }
            throw bad("the file is too short to be compressed data")
        }
        if compressed[0] == 0x1F && compressed[1] == 0x8B {
            wrapper = .gzip
            guard compressed.count >= 18, compressed[2] == 8 else {
                throw bad("the gzip header is incomplete or not DEFLATE")
            }
            let flags = compressed[3]
            var p = 10
            if flags & 4 != 0 {
                guard p + 2 <= compressed.count else { throw bad("the gzip header is truncated") }
                p += 2 + (Int(compressed[p]) | Int(compressed[p + 1]) << 8)
            }
            if flags & 8 != 0 {
                while p < compressed.count, compressed[p] != 0 { p += 1 }
                p += 1
            }
            if flags & 16 != 0 {
                while p < compressed.count, compressed[p] != 0 { p += 1 }
                p += 1
            }
            if flags & 2 != 0 { p += 2 }
            guard p < compressed.count else { throw bad("the gzip header is truncated") }
            pos = p
        } else if compressed[0] & 0x0F == 8, compressed[0] >> 4 <= 7,
            (Int(compressed[0]) << 8 | Int(compressed[1])) % 31 == 0
        {
            wrapper = .zlib
            guard compressed[1] & 0x20 == 0 else { throw bad("the zlib stream needs a preset dictionary") }
            pos = 2
        } else {
            throw bad("the file is neither zlib nor gzip compressed")
        }
    }

    private func fail(_ m: String) -> ReadoutError {
        ReadoutError(
            file: path, code: "compressed-malformed", "the compressed data is corrupt: \(m)",
            expected: "valid DEFLATE data")
    }

    @inline(__always)
    private func bits(_ n: Int) throws -> Int {
        while bitCount < n {
            guard pos < input.count else { throw fail("it ends too early") }
            bitBuffer |= UInt64(input[pos]) << UInt64(bitCount)
            pos += 1
            bitCount += 8
        }
        let v = Int(bitBuffer & ((1 << UInt64(n)) - 1))
        bitBuffer >>= UInt64(n)
        bitCount -= n
        return v
    }

    struct Huffman {
        var counts: [Int]  // number of codes of each length 0...15
        var symbols: [Int]  // symbols ordered by code

        init(lengths: [Int]) throws {
            counts = [Int](repeating: 0, count: 16)
            for l in lengths { counts[l] += 1 }
            var left = 1
            for l in 1...15 {
                left <<= 1
                left -= counts[l]
                if left < 0 { throw HuffmanError() }
            }
            var offsets = [Int](repeating: 0, count: 16)
            for l in 1..<15 { offsets[l + 1] = offsets[l] + counts[l] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (s, l) in lengths.enumerated() where l != 0 {
                symbols[offsets[l]] = s
                offsets[l] += 1
            }
        }
    }

    struct HuffmanError: Error {}

    @inline(__always)
    private func decode(_ h: Huffman) throws -> Int {
        var code = 0
        var first = 0
        var index = 0
        for len in 1...15 {
            code |= try bits(1)
            let count = h.counts[len]
            if code - count < first { return h.symbols[index + (code - first)] }
            index += count
            first += count
            first <<= 1
            code <<= 1
        }
        throw fail("an invalid Huffman code")
    }

    private static let lengthBase = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    private static let lengthExtra = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    private static let distExtra = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]
    private static let fixed: (Huffman, Huffman) = {
        var l = [Int](repeating: 8, count: 288)
        for i in 144..<256 { l[i] = 9 }
        for i in 256..<280 { l[i] = 7 }
        return (try! Huffman(lengths: l), try! Huffman(lengths: [Int](repeating: 5, count: 30)))
    }()

    private func readBlockHeader() throws {
        lastBlock = try bits(1) == 1
        switch try bits(2) {
        case 0:
            bitBuffer = 0
            bitCount = 0
            guard pos + 4 <= input.count else { throw fail("a stored block is truncated") }
            let len = Int(input[pos]) | Int(input[pos + 1]) << 8
            let nlen = Int(input[pos + 2]) | Int(input[pos + 3]) << 8
            guard len == (~nlen & 0xFFFF) else { throw fail("a stored block's length check fails") }
            pos += 4
            state = .stored(remaining: len)
        case 1:
            state = .huffman(lit: InflateByteSource.fixed.0, dist: InflateByteSource.fixed.1)
        case 2:
            let nlen = try bits(5) + 257
            let ndist = try bits(5) + 1
            let ncode = try bits(4) + 4
            guard nlen <= 286, ndist <= 30 else { throw fail("too many length or distance codes") }
            let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
            var cl = [Int](repeating: 0, count: 19)
            for k in 0..<ncode { cl[order[k]] = try bits(3) }
            guard let lencode = try? Huffman(lengths: cl) else { throw fail("an over-subscribed code-length code") }
            var lengths = [Int](repeating: 0, count: nlen + ndist)
            var k = 0
            while k < nlen + ndist {
                var sym = try decode(lencode)
                if sym < 16 {
                    lengths[k] = sym
                    k += 1
                    continue
                }
                var len = 0
                if sym == 16 {
                    guard k > 0 else { throw fail("a repeat with no previous length") }
                    len = lengths[k - 1]
                    sym = 3 + (try bits(2))
                } else if sym == 17 {
                    sym = 3 + (try bits(3))
                } else {
                    sym = 11 + (try bits(7))
                }
                guard k + sym <= nlen + ndist else { throw fail("too many code lengths") }
                for _ in 0..<sym {
                    lengths[k] = len
                    k += 1
                }
            }
            guard lengths[256] != 0 else { throw fail("no end-of-block code") }
            guard let lit = try? Huffman(lengths: Array(lengths[0..<nlen])),
                let dist = try? Huffman(lengths: Array(lengths[nlen...]))
            else { throw fail("an over-subscribed literal or distance code") }
            state = .huffman(lit: lit, dist: dist)
        default:
            throw fail("an invalid block type")
        }
    }

    /// Decodes until at least `want` undelivered bytes exist or the stream ends.
    private func produce(_ want: Int) throws {
        while out.count - delivered < want && !finished {
            switch state {
            case .header:
                try readBlockHeader()
            case .stored(let remaining):
                let n = min(remaining, input.count - pos, 1 << 16)
                guard n > 0 || remaining == 0 else { throw fail("a stored block is truncated") }
                out.append(contentsOf: input[pos..<(pos + n)])
                pos += n
                if remaining - n == 0 {
                    state = .header
                    if lastBlock { try finish() }
                } else {
                    state = .stored(remaining: remaining - n)
                }
            case .huffman(let lit, let dist):
                var produced = 0
                while produced < (1 << 16) {
                    let sym = try decode(lit)
                    if sym < 256 {
                        out.append(UInt8(sym))
                        produced += 1
                        continue
                    }
                    if sym == 256 {
                        state = .header
                        if lastBlock { try finish() }
                        break
                    }
                    let li = sym - 257
                    guard li < 29 else { throw fail("an invalid length code") }
                    let len = InflateByteSource.lengthBase[li] + (try bits(InflateByteSource.lengthExtra[li]))
                    let ds = try decode(dist)
                    guard ds < 30 else { throw fail("an invalid distance code") }
                    let d = InflateByteSource.distBase[ds] + (try bits(InflateByteSource.distExtra[ds]))
                    guard d <= out.count else { throw fail("a distance too far back") }
                    let from = out.count - d
                    for k in 0..<len { out.append(out[from + k]) }
                    produced += len
                }
            }
        }
    }

    private func finish() throws {
        finished = true
        // Checksum the bytes not yet checksummed happens on delivery; here read the trailer.
        bitBuffer = 0
        bitCount = 0
        switch wrapper {
        case .gzip:
            guard pos + 8 <= input.count else { throw fail("the gzip trailer is missing") }
        case .zlib:
            guard pos + 4 <= input.count else { throw fail("the zlib trailer is missing") }
        case .raw:
            break
        }
    }

    private func checksum(_ p: UnsafeBufferPointer<UInt8>) {
        switch wrapper {
        case .gzip, .raw:
            var c = crc
            for b in p { c = CRC32.table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
            crc = c
        case .zlib:
            var a = adlerA
            var b = adlerB
            var k = 0
            while k < p.count {
                let n = min(5552, p.count - k)
                for j in k..<(k + n) {
                    a &+= UInt32(p[j])
                    b &+= a
                }
                a %= 65521
                b %= 65521
                k += n
            }
            adlerA = a
            adlerB = b
        }
    }

    private func verifyTrailer() throws {
        switch wrapper {
        case .gzip:
            let stored =
                UInt32(input[pos]) | UInt32(input[pos + 1]) << 8 | UInt32(input[pos + 2]) << 16 | UInt32(input[pos + 3])
                << 24
            guard stored == ~crc else { throw fail("the CRC-32 checksum does not match") }
        case .zlib:
            let stored =
                UInt32(input[pos]) << 24 | UInt32(input[pos + 1]) << 16 | UInt32(input[pos + 2]) << 8
                | UInt32(input[pos + 3])
            guard stored == (adlerB << 16 | adlerA) else { throw fail("the Adler-32 checksum does not match") }
        case .raw:
            break
        }
    }

    private var trailerChecked = false

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        try produce(count)
        let n = min(count, out.count - delivered)
        if n > 0 {
            out.withUnsafeBufferPointer { src in
                buffer.update(from: src.baseAddress! + delivered, count: n)
                checksum(UnsafeBufferPointer(rebasing: src[delivered..<(delivered + n)]))
            }
            delivered += n
            totalOut += n
            // Keep the last 32 KiB as history for back-references.
            if delivered > 4 << 20 {
                let drop = delivered - 32768
                out.removeFirst(drop)
                delivered -= drop
            }
        } else if finished, !trailerChecked {
            trailerChecked = true
            try verifyTrailer()
        }
        return n
    }
}

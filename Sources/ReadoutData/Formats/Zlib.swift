import CZlib
import ReadoutCore

/// DEFLATE decompression by zlib (RFC 1950 zlib and RFC 1952 gzip wrappers, or raw DEFLATE as in
/// a zip entry), streamed: the compressed bytes are held, the output produced as it is read, so a
/// large file is never decompressed whole. zlib verifies the trailer's checksum (Adler-32 or CRC-32).
final class ZlibByteSource: ByteSource {
    enum Wrapper { case gzip, zlib, raw }

    private let input: [UInt8]
    private let path: String
    private let wrapper: Wrapper
    private var stream = z_stream()
    private var offset = 0
    private var finished = false
    private var crc: uLong = 0

    /// Raw DEFLATE data, as in a zip entry.
    init(raw: [UInt8], path: String) {
        input = raw
        self.path = path
        wrapper = .raw
        start(windowBits: -MAX_WBITS)
    }

    /// zlib or gzip data, told apart by their headers.
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
            guard compressed.count >= 18, compressed[2] == 8 else {
                throw bad("the gzip header is incomplete or not DEFLATE")
            }
            wrapper = .gzip
            start(windowBits: MAX_WBITS + 16)
        } else if compressed[0] & 0x0F == 8, compressed[0] >> 4 <= 7,
            (Int(compressed[0]) << 8 | Int(compressed[1])) % 31 == 0
        {
            guard compressed[1] & 0x20 == 0 else { throw bad("the zlib stream needs a preset dictionary") }
            wrapper = .zlib
            start(windowBits: MAX_WBITS)
        } else {
            throw bad("the file is neither zlib nor gzip compressed")
        }
    }

    private func start(windowBits: Int32) {
        // inflateInit2 is a macro in zlib.h; its function takes the version and the stream's size.
        let status = inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib could not start (out of memory)")
    }

    deinit { inflateEnd(&stream) }

    /// The CRC-32 of the bytes delivered so far (for a zip entry, checked against its directory).
    var crc32: UInt32 { UInt32(truncatingIfNeeded: crc) }

    private func fail(_ m: String) -> ReadoutError {
        ReadoutError(
            file: path, code: "compressed-malformed", "the compressed data is corrupt: \(m)",
            expected: "valid DEFLATE data")
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        guard !finished, count > 0 else { return 0 }
        var produced = 0
        try input.withUnsafeBufferPointer { source in
            while produced == 0 {
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress.map { $0 + offset })
                stream.avail_in = uInt(source.count - offset)
                stream.next_out = buffer
                stream.avail_out = uInt(count)
                let status = inflate(&stream, Z_NO_FLUSH)
                offset = source.count - Int(stream.avail_in)
                produced = count - Int(stream.avail_out)
                switch status {
                case Z_STREAM_END:
                    finished = true
                    if produced == 0 { break }
                case Z_OK:
                    continue
                case Z_BUF_ERROR where offset == source.count:
                    throw fail("it ends too early")
                case Z_NEED_DICT:
                    throw fail("a preset dictionary is needed")
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    switch (message, wrapper) {
                    case ("incorrect data check", .gzip): throw fail("the CRC-32 checksum does not match")
                    case ("incorrect data check", _): throw fail("the Adler-32 checksum does not match")
                    case ("incorrect length check", _): throw fail("the length in the gzip trailer does not match")
                    default: throw fail(message)
                    }
                }
                if finished { break }
            }
        }
        if produced > 0, wrapper == .raw { crc = CZlib.crc32(crc, buffer, uInt(produced)) }
        return produced
    }
}

/// DEFLATE for the benchmark (readout-bench inflate).
public enum Deflate {
    /// Decompresses zlib or gzip `bytes` to the end, as the readers do, returning how many bytes they give.
    public static func decompressedCount(_ bytes: [UInt8]) throws -> Int {
        let source = try ZlibByteSource(compressed: bytes, path: "benchmark")
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var total = 0
        while true {
            let n = try chunk.withUnsafeMutableBufferPointer { try source.read(into: $0.baseAddress!, count: $0.count) }
            if n == 0 { return total }
            total += n
        }
    }

    /// zlib's compression of `bytes` (zlib wrapper, level 6).
    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var size = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let status = out.withUnsafeMutableBufferPointer { o in
            bytes.withUnsafeBufferPointer { i in compress2(o.baseAddress, &size, i.baseAddress, uLong(i.count), 6) }
        }
        precondition(status == Z_OK)
        return Array(out[0..<Int(size)])
    }
}

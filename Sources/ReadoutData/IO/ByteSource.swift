import ReadoutCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

#if canImport(Glibc)
    private let systemRead = Glibc.read
#else
    private let systemRead = Darwin.read
#endif

/// Something bytes are read from in chunks: a file, or memory (tests, decompressed data).
public protocol ByteSource {
    /// Reads up to `count` bytes into `buffer`; 0 means the end.
    mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int
    /// Total size in bytes when known (lets readers reserve memory once instead of growing).
    var sizeHint: Int? { get }
}

extension ByteSource {
    public var sizeHint: Int? { nil }
}

/// A file read with POSIX `read`, so that a large file is never held whole.
public final class FileByteSource: ByteSource {
    private let fd: Int32
    public let path: String

    /// Opens the file at `path`; a file that cannot be opened is a `ReadoutError`.
    public init(path: String) throws {
        self.path = path
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw ReadoutError(
                file: path, code: "file-unreadable", "cannot open the file: \(String(cString: strerror(errno)))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw ReadoutError(file: path, code: "file-unreadable", "is a folder, not a data file")
        }
        fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw ReadoutError(
                file: path, code: "file-unreadable", "cannot open the file: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(fd) }

    public var sizeHint: Int? {
        var st = stat()
        return fstat(fd, &st) == 0 ? Int(st.st_size) : nil
    }

    /// Reads up to `count` bytes into `buffer`; 0 at the end of the file.
    public func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        while true {
            let n = systemRead(fd, buffer, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw ReadoutError(file: path, code: "file-unreadable", "read failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// Bytes already in memory.
public struct MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    /// A source of `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Copies up to `count` of the remaining bytes into `buffer`; 0 at the end.
    public mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        let n = min(count, bytes.count - offset)
        if n > 0 {
            bytes.withUnsafeBufferPointer { src in
                buffer.update(from: src.baseAddress! + offset, count: n)
            }
            offset += n
        }
        return n
    }
}

/// Reads a whole file into memory (for formats that need random access: SAS transport headers,
/// Dataset-JSON documents, compressed data). Refuses files larger than `limit`.
public func readWholeFile(_ path: String, limit: Int = 8 << 30) throws -> [UInt8] {
    let src = try FileByteSource(path: path)
    var parts: [[UInt8]] = []
    var total = 0
    var chunk = max(4096, min(src.sizeHint ?? 0, 1 << 30) + 1)
    while true {
        let part = try [UInt8](unsafeUninitializedCapacity: chunk) { buf, initialized in
            var n = 0
            while n < chunk {
                let got = try src.read(into: buf.baseAddress! + n, count: chunk - n)
                if got == 0 { break }
                n += got
            }
            initialized = n
        }
        total += part.count
        if total > limit {
            throw ReadoutError(file: path, code: "file-too-large", "the file is larger than \(limit >> 20) MiB")
        }
        if part.isEmpty { break }
        let full = part.count == chunk
        parts.append(part)
        if !full { break }
        chunk = min(chunk * 2, 256 << 20)
    }
    return parts.count == 1 ? parts[0] : Array(parts.joined())
}

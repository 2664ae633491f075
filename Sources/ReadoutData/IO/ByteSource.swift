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

    public init(path: String) throws {
        self.path = path
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw ReadoutError(file: path, code: "file-unreadable", "cannot open the file: \(String(cString: strerror(errno)))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw ReadoutError(file: path, code: "file-unreadable", "is a folder, not a data file")
        }
        fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw ReadoutError(file: path, code: "file-unreadable", "cannot open the file: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(fd) }

    public var sizeHint: Int? {
        var st = stat()
        return fstat(fd, &st) == 0 ? Int(st.st_size) : nil
    }

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

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

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
    var out: [UInt8] = []
    var chunk = 1 << 20
    while true {
        let start = out.count
        out.reserveCapacity(start + chunk)
        out.append(contentsOf: repeatElement(0, count: chunk))
        let n = try out.withUnsafeMutableBufferPointer { try src.read(into: $0.baseAddress! + start, count: chunk) }
        out.removeLast(chunk - n)
        if n == 0 { break }
        if out.count > limit {
            throw ReadoutError(file: path, code: "file-too-large", "the file is larger than \(limit >> 20) MiB")
        }
        chunk = min(chunk * 2, 64 << 20)
    }
    return out
}

import Crypto
import ReadoutCore

/// SHA-256 (FIPS 180-4) in lower-case hexadecimal, for the provenance of every input file and the
/// store's content addressing: swift-crypto's (BoringSSL's assembly, with the SHA extensions of the
/// CPU where it has them). Checked against the standard test vectors.
public struct SHA256 {
    private var hasher = Crypto.SHA256()

    /// A digest of no bytes yet.
    public init() {}

    /// Adds `bytes` to the digest.
    public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { update($0) } }

    /// The digest of every byte added, as 64 hexadecimal digits.
    public func finalize() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in hasher.finalize() {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The SHA-256 of `bytes`, in lower-case hexadecimal.
    public static func hex(_ bytes: [UInt8]) -> String {
        var s = SHA256()
        s.update(bytes)
        return s.finalize()
    }

    /// Digest of a file, read in chunks.
    public static func file(_ path: String) throws -> String {
        let src = try FileByteSource(path: path)
        var s = SHA256()
        let buf = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 20)
        defer { buf.deallocate() }
        while true {
            let n = try src.read(into: buf, count: 1 << 20)
            if n == 0 { break }
            s.update(UnsafeBufferPointer(start: buf, count: n))
        }
        return s.finalize()
    }
}

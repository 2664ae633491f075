import ReadoutCore

/// A study folder sent as one file: a zip archive (entries stored or DEFLATE-compressed), a tar
/// archive, or a gzip-compressed tar archive, told apart by their first bytes.
///
/// The archive holds the domain files at its top level or inside one top-level folder (as
/// `zip -r cut.zip data` makes it). Every entry is checked before any byte is kept: a name with
/// `..` or a leading `/`, a link, a file in a nested folder, two files of one name, and sizes
/// beyond the limits are refused, all of them reported together. Entries that are not study
/// files (`__MACOSX/`, `.DS_Store`, a README) are skipped and listed in `ignored`.
public enum StudyArchive {
    public enum Kind: String, Sendable {
        case zip
        case tar
        case tarGzip = "tar.gz"
    }

    /// How much an archive may hold: its entries, and the bytes of its files once decompressed
    /// (a small archive that inflates beyond `maxTotalBytes` is refused as soon as it does).
    public struct Limits: Sendable, Equatable {
        public var maxEntries: Int
        public var maxTotalBytes: Int
        public init(maxEntries: Int = 10_000, maxTotalBytes: Int = 4 << 30) {
            self.maxEntries = maxEntries
            self.maxTotalBytes = maxTotalBytes
        }
    }

    public struct Contents: Sendable {
        public var kind: Kind
        /// The study's files, by name (the folder stripped), sorted by name.
        public var files: [(name: String, bytes: [UInt8])]
        /// The entries skipped, each with the reason.
        public var ignored: [(name: String, reason: String)]
    }

    /// The kind of archive `bytes` is, or nil.
    public static func kind(of bytes: [UInt8]) -> Kind? {
        if bytes.count >= 4, bytes[0] == 0x50, bytes[1] == 0x4B, bytes[2] == 3 || bytes[2] == 5 { return .zip }
        if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B { return .tarGzip }
        if bytes.count >= 512, Array(bytes[257..<262]) == Array("ustar".utf8) { return .tar }
        return nil
    }

    /// The study files in `bytes`, an archive read from `file` (the name used in messages).
    public static func read(_ bytes: [UInt8], file: String, limits: Limits = Limits()) throws -> Contents {
        guard let kind = kind(of: bytes) else {
            throw ReadoutError(
                file: file, code: "archive-unknown", "the upload is not a zip, tar or tar.gz archive",
                expected: "a zip, tar or gzip-compressed tar archive of the study's domain files")
        }
        var reader = EntryCollector(file: file, limits: limits)
        switch kind {
        case .zip: try readZip(bytes, into: &reader)
        case .tar: try readTar(bytes, into: &reader)
        case .tarGzip:
            let tar = try inflate(
                ZlibByteSource(compressed: bytes, path: file), limit: limits.maxTotalBytes + (1 << 20), file: file)
            try readTar(tar, into: &reader)
        }
        return try reader.finish(kind: kind)
    }

    /// The whole output of `source`, refused once it passes `limit` bytes.
    static func inflate(_ source: ZlibByteSource, limit: Int, file: String) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBufferPointer { try source.read(into: $0.baseAddress!, count: $0.count) }
            if n == 0 { break }
            out += chunk[0..<n]
            if out.count > limit {
                throw ReadoutError(
                    file: file, code: "archive-too-large", "the archive decompresses to more than \(limit) bytes",
                    value: String(limit), expected: "at most \(limit) bytes of files")
            }
        }
        return out
    }

    /// Gathers the entries, checks their names and sizes, and collects every problem.
    struct EntryCollector {
        let file: String
        let limits: Limits
        var files: [(path: [String], bytes: [UInt8])] = []
        var ignored: [(name: String, reason: String)] = []
        var problems: [Problem] = []
        var entries = 0
        var total = 0

        init(file: String, limits: Limits) {
            self.file = file
            self.limits = limits
        }

        mutating func problem(_ code: String, _ name: String, _ message: String, expected: String) {
            problems.append(
                Problem(
                    .error, code, file: file, value: name,
                    expected: expected, message: message))
        }

        /// Checks an entry's name and kind; true when its bytes are wanted.
        mutating func admit(_ name: String, kind: EntryKind, size: Int) throws -> Bool {
            entries += 1
            if entries > limits.maxEntries {
                throw ReadoutError(
                    file: file, code: "archive-too-many-entries",
                    "the archive has more than \(limits.maxEntries) entries",
                    value: String(limits.maxEntries), expected: "at most \(limits.maxEntries) entries")
            }
            if name.hasPrefix("/") || name.split(separator: "/").contains("..") || name.contains("\\") {
                problem(
                    "archive-unsafe-name", name, "the entry's name leaves the archive's folder",
                    expected: "a relative name without .. or \\")
                return false
            }
            let path = name.split(separator: "/").map(String.init).filter { $0 != "." }
            guard let base = path.last else { return false }
            if path.first == "__MACOSX" || base.hasPrefix("._") || base == ".DS_Store" {
                ignored.append((name, "operating-system metadata"))
                return false
            }
            switch kind {
            case .directory: return false
            case .link:
                problem("archive-link", name, "the entry is a link", expected: "regular files only")
                return false
            case .other:
                problem(
                    "archive-special-entry", name, "the entry is not a regular file", expected: "regular files only")
                return false
            case .file: break
            }
            let ext = base.split(separator: ".").count > 1 ? String(base.split(separator: ".").last!).lowercased() : ""
            guard DataReader.extensions.contains(ext) || base.lowercased() == "define.xml" else {
                ignored.append((name, "not a domain file"))
                return false
            }
            total += size
            if total > limits.maxTotalBytes {
                throw ReadoutError(
                    file: file, code: "archive-too-large",
                    "the archive's files hold more than \(limits.maxTotalBytes) bytes",
                    value: String(limits.maxTotalBytes), expected: "at most \(limits.maxTotalBytes) bytes of files")
            }
            return true
        }

        mutating func add(_ name: String, _ bytes: [UInt8]) {
            files.append((name.split(separator: "/").map(String.init).filter { $0 != "." }, bytes))
        }

        func finish(kind: Kind) throws -> Contents {
            var problems = self.problems
            // The files are at the top, or all in one top-level folder.
            let folders = Set(files.filter { $0.path.count > 1 }.map { $0.path[0] })
            let flat = files.allSatisfy { $0.path.count == 1 }
            let oneFolder = folders.count == 1 && files.allSatisfy { $0.path.count == 2 }
            var named: [(name: String, bytes: [UInt8])] = []
            if flat || oneFolder {
                named = files.map { ($0.path.last!, $0.bytes) }
            } else {
                for f in files where f.path.count > 1 {
                    problems.append(
                        Problem(
                            .error, "archive-nested", file: file,
                            value: f.path.joined(separator: "/"), expected: "files at the top or in one folder",
                            message: "the study's files are not all in one folder"))
                }
            }
            var seen: [String: Int] = [:]
            for f in named { seen[f.name.lowercased(), default: 0] += 1 }
            for (name, n) in seen.sorted(by: { $0.key < $1.key }) where n > 1 {
                problems.append(
                    Problem(
                        .error, "archive-duplicate", file: file,
                        value: name, expected: "one file per name", message: "\(n) files are named \(name)"))
            }
            if problems.isEmpty && named.isEmpty {
                problems.append(
                    Problem(
                        .error, "archive-empty", file: file,
                        value: nil, expected: "CSV, Dataset-JSON or SAS transport files",
                        message: "the archive holds no domain files"))
            }
            if !problems.isEmpty { throw ReadoutError(problems: problems) }
            return Contents(kind: kind, files: named.sorted { $0.name < $1.name }, ignored: ignored)
        }
    }

    enum EntryKind { case file, directory, link, other }

    // MARK: zip

    static func readZip(_ bytes: [UInt8], into collector: inout EntryCollector) throws {
        let file = collector.file
        func fail(_ m: String) -> ReadoutError {
            ReadoutError(
                file: file, code: "archive-malformed", "the zip archive is malformed: \(m)", expected: "a zip archive")
        }
        func u16(_ i: Int) throws -> Int {
            guard i >= 0, i + 2 <= bytes.count else { throw fail("a field lies past the end") }
            return Int(bytes[i]) | Int(bytes[i + 1]) << 8
        }
        func u32(_ i: Int) throws -> Int { try u16(i) | (try u16(i + 2)) << 16 }
        guard bytes.count >= 22 else { throw fail("too short") }
        // The end-of-central-directory record is in the last 22 + 65,535 bytes.
        var end = bytes.count - 22
        while end >= max(0, bytes.count - 22 - 65_535), try u32(end) != 0x0605_4B50 { end -= 1 }
        guard end >= 0, try u32(end) == 0x0605_4B50 else { throw fail("no end of central directory") }
        let count = try u16(end + 10)
        var p = try u32(end + 16)
        if count == 0xFFFF || p == 0xFFFF_FFFF {
            throw ReadoutError(
                file: file, code: "archive-zip64", "the zip archive is in the ZIP64 format",
                expected: "a zip archive under 4 GiB with under 65,535 entries")
        }
        for _ in 0..<count {
            guard try u32(p) == 0x0201_4B50 else { throw fail("a central directory entry is broken") }
            let flags = try u16(p + 8)
            let method = try u16(p + 10)
            let crc = UInt32(try u32(p + 16))
            let compressed = try u32(p + 20)
            let size = try u32(p + 24)
            let nameLength = try u16(p + 28)
            let skip = nameLength + (try u16(p + 30)) + (try u16(p + 32))
            let attributes = try u32(p + 38)
            let local = try u32(p + 42)
            guard p + 46 + nameLength <= bytes.count else { throw fail("an entry's name lies past the end") }
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            p += 46 + skip
            // Unix file type in the upper half of the external attributes (made by Unix zip).
            let unixType = (attributes >> 16) & 0o170000
            let kind: EntryKind =
                name.hasSuffix("/") || unixType == 0o040000
                ? .directory : unixType == 0o120000 ? .link : unixType == 0 || unixType == 0o100000 ? .file : .other
            guard try collector.admit(name, kind: kind, size: size) else { continue }
            if flags & 1 != 0 {
                collector.problem("archive-encrypted", name, "the entry is encrypted", expected: "unencrypted entries")
                continue
            }
            let data = local + 30 + (try u16(local + 26)) + (try u16(local + 28))
            guard try u32(local) == 0x0403_4B50, data >= 0, data + compressed <= bytes.count else {
                throw fail("\(name): the entry's data lie past the end")
            }
            let raw = Array(bytes[data..<(data + compressed)])
            let content: [UInt8]
            switch method {
            case 0: content = raw
            case 8:
                let source = ZlibByteSource(raw: raw, path: file + ":" + name)
                content = try inflate(source, limit: size, file: file + ":" + name)
            default:
                collector.problem(
                    "archive-compression", name, "the entry is compressed by method \(method)",
                    expected: "stored or DEFLATE entries")
                continue
            }
            guard content.count == size, CRC32.checksum(content) == crc else {
                throw fail("\(name): the size or CRC-32 does not match")
            }
            collector.add(name, content)
        }
    }

    // MARK: tar

    static func readTar(_ bytes: [UInt8], into collector: inout EntryCollector) throws {
        let file = collector.file
        func fail(_ m: String) -> ReadoutError {
            ReadoutError(
                file: file, code: "archive-malformed", "the tar archive is malformed: \(m)", expected: "a tar archive")
        }
        func text(_ at: Int, _ length: Int) -> String {
            let field = bytes[at..<(at + length)]
            return String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
        }
        func octal(_ at: Int, _ length: Int) throws -> Int {
            let digits = text(at, length).trimmingCharacters(in: " ")
            guard let n = Int(digits.isEmpty ? "0" : digits, radix: 8), n >= 0 else {
                throw fail("a size field is not an octal number")
            }
            return n
        }
        var p = 0
        var longName: String? = nil
        while p + 512 <= bytes.count {
            if bytes[p..<(p + 512)].allSatisfy({ $0 == 0 }) { break }
            let size = try octal(p + 124, 12)
            let type = bytes[p + 156]
            var name = text(p, 100)
            if Array(bytes[(p + 257)..<(p + 262)]) == Array("ustar".utf8) {
                let prefix = text(p + 345, 155)
                if !prefix.isEmpty { name = prefix + "/" + name }
            }
            let data = p + 512
            guard data + size <= bytes.count else { throw fail("\(name): the entry's data lie past the end") }
            p = data + (size + 511) / 512 * 512
            let content = bytes[data..<(data + size)]
            switch type {
            case UInt8(ascii: "x"):
                // A pax header: its `path` record names the next entry.
                for record in String(decoding: content, as: UTF8.self).split(separator: "\n") {
                    if let eq = record.firstIndex(of: "="), record[..<eq].hasSuffix(" path") {
                        longName = String(record[record.index(after: eq)...])
                    }
                }
                continue
            case UInt8(ascii: "g"): continue
            case UInt8(ascii: "L"):
                longName = String(decoding: content.prefix { $0 != 0 }, as: UTF8.self)
                continue
            default: break
            }
            if let long = longName {
                name = long
                longName = nil
            }
            let kind: EntryKind =
                switch type {
                case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): .file
                case UInt8(ascii: "5"): .directory
                case UInt8(ascii: "1"), UInt8(ascii: "2"): .link
                default: .other
                }
            if try collector.admit(name, kind: kind, size: size) { collector.add(name, Array(content)) }
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}

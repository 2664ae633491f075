import ReadoutCore

/// Reads one dataset file in whichever supported format it is, detected from its content.
public enum DataReader {
    /// The file extensions the study reader reads.
    public static let extensions: Set<String> = ["csv", "json", "ndjson", "dsjc", "xpt"]

    /// How any data file is read: the text encoding and the variables to keep.
    public struct Options: Sendable {
        public var encoding: TextEncoding = .utf8
        /// Keep only these variables; nil keeps all.
        public var keep: Set<String>? = nil
        /// Options reading `encoding` and keeping `keep` (every variable when nil).
        public init(encoding: TextEncoding = .utf8, keep: Set<String>? = nil) {
            self.encoding = encoding
            self.keep = keep
        }
    }

    /// The format of a file, from its first bytes; the extension decides only between the
    /// Dataset-JSON document and NDJSON forms when the content cannot.
    public static func detectFormat(path: String) throws -> DataFormat {
        let head = try readPrefix(path, 4096)
        return detectFormat(head: head, path: path)
    }

    static func detectFormat(head: [UInt8], path: String) -> DataFormat {
        if XPTReader.isXPT(head) {
            return Array(head[20..<28]) == Array("LIBV8   ".utf8) ? .xptV8 : .xpt
        }
        if head.count >= 2, head[0] == 0x1F, head[1] == 0x8B { return .datasetJSONCompressed }
        if head.count >= 2, head[0] == 0x78, (Int(head[0]) << 8 | Int(head[1])) % 31 == 0 {
            return .datasetJSONCompressed
        }
        var i = 0
        if head.count >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF { i = 3 }
        while i < head.count, head[i] == 0x20 || head[i] == 0x0A || head[i] == 0x0D || head[i] == 0x09 { i += 1 }
        if i < head.count, head[i] == 0x7B {
            let ext = fileExtension(path)
            if ext == "ndjson" { return .datasetNDJSON }
            if ext == "json" { return .datasetJSON }
            if let nl = head[i...].firstIndex(of: 0x0A) {
                var e = nl
                while e > i, head[e - 1] == 0x20 || head[e - 1] == 0x0D { e -= 1 }
                var k = nl + 1
                while k < head.count, head[k] == 0x20 || head[k] == 0x0D || head[k] == 0x0A { k += 1 }
                if e > i, head[e - 1] == 0x7D, k < head.count, head[k] == 0x5B { return .datasetNDJSON }
            }
            return .datasetJSON
        }
        // Content did not decide: the extension does, so that the right reader explains what is wrong.
        switch fileExtension(path) {
        case "dsjc": return .datasetJSONCompressed
        case "json": return .datasetJSON
        case "ndjson": return .datasetNDJSON
        case "xpt": return .xpt
        default: return .csv
        }
    }

    /// Reads the data file at `path` in the format its extension and content show (CSV, Dataset-JSON, SAS transport).
    public static func read(
        path: String, name: String, options: Options = Options(), problems: inout ProblemLog
    ) throws -> Dataset {
        let format = try detectFormat(path: path)
        switch format {
        case .csv:
            let sample = try readPrefix(path, 512)
            let n = sample.count
            if n >= 2, (sample[0] == 0xFF && sample[1] == 0xFE) || (sample[0] == 0xFE && sample[1] == 0xFF) {
                throw ReadoutError(
                    file: path, code: "wrong-encoding", "the file is UTF-16 text; save it as UTF-8",
                    expected: "UTF-8 text")
            }
            let controls = sample.filter { $0 < 0x09 || ($0 > 0x0D && $0 < 0x20) }.count
            if n > 0, controls * 10 > n || sample.contains(0) {
                throw ReadoutError(
                    file: path, code: "not-text", "the file is binary and not in a format Readout reads",
                    expected: "CSV, Dataset-JSON (.json, .ndjson, .dsjc) or SAS transport (.xpt)")
            }
            var o = CSVOptions(keep: options.keep, encoding: options.encoding)
            o.chunkBytes = 1 << 20
            return try CSVReader.read(path: path, name: name, options: o, problems: &problems)
        case .datasetJSON:
            return try DatasetJSONReader.readJSON(path: path, name: name, keep: options.keep, problems: &problems)
        case .datasetNDJSON:
            return try DatasetJSONReader.readNDJSON(path: path, name: name, keep: options.keep, problems: &problems)
        case .datasetJSONCompressed:
            return try DatasetJSONReader.readCompressed(path: path, name: name, keep: options.keep, problems: &problems)
        case .xpt, .xptV8:
            return try XPTReader.read(path: path, name: name, keep: options.keep, problems: &problems)
        }
    }
}

func fileExtension(_ path: String) -> String {
    let base = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = base.lastIndex(of: ".") else { return "" }
    return base[base.index(after: dot)...].lowercased()
}

func fileStem(_ path: String) -> String {
    let base = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = base.lastIndex(of: ".") else { return base }
    return String(base[..<dot])
}

/// The first `count` bytes of a file (fewer if it is shorter).
func readPrefix(_ path: String, _ count: Int) throws -> [UInt8] {
    let src = try FileByteSource(path: path)
    var head = [UInt8](repeating: 0, count: count)
    var n = 0
    while n < count {
        let got = try head.withUnsafeMutableBufferPointer {
            try src.read(into: $0.baseAddress! + n, count: $0.count - n)
        }
        if got == 0 { break }
        n += got
    }
    head.removeLast(count - n)
    return head
}

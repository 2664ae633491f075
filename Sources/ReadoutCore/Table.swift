import Foundation

/// A small table of text values, as generators and reports produce them.
public struct Table: Sendable {
    public var name: String
    public var header: [String]
    public var rows: [[String]] = []

    /// An empty table with its name and header.
    public init(name: String, header: [String]) {
        self.name = name
        self.header = header
    }

    /// Appends a row; it must have one value per header name.
    public mutating func add(_ row: [String]) {
        precondition(row.count == header.count, "\(name): \(row.count) values for \(header.count) variables")
        rows.append(row)
    }

    /// RFC 4180 CSV with LF line ends; fields quoted only when they must be.
    public func csv() -> String {
        var out = header.map(csvField).joined(separator: ",") + "\n"
        for r in rows { out += r.map(csvField).joined(separator: ",") + "\n" }
        return out
    }

    /// Writes the table as CSV; a file that cannot be written is a `ReadoutError`.
    public func writeCSV(to path: String) throws {
        do {
            try csv().write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw ReadoutError(
                file: path, code: "file-unwritable", "cannot write the file: \(error.localizedDescription)")
        }
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line end.
public func csvField(_ s: String) -> String {
    if s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return s
}

import Foundation
import ReadoutCore

#if canImport(Glibc)
    import Glibc
#endif

/// Bytes `[start, end)` of a file, read with `pread` (so several readers can share the file).
final class RangeByteSource: ByteSource {
    private let fd: Int32
    private var position: Int
    private let end: Int

    init(path: String, start: Int, end: Int) throws {
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ReadoutError(file: path, code: "file-unreadable", "cannot open the file") }
        position = start
        self.end = end
    }

    deinit { close(fd) }

    var sizeHint: Int? { end - position }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        let want = min(count, end - position)
        if want <= 0 { return 0 }
        while true {
            let n = pread(fd, buffer, want, off_t(position))
            if n >= 0 {
                position += n
                return n
            }
            if errno == EINTR { continue }
            throw ReadoutError(file: nil, code: "file-unreadable", "read failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// Reads a large CSV file in parts on several cores.
///
/// The parts start at record boundaries: the number of quote characters before a nominal split
/// point says whether it lies inside a quoted field (counted in parallel), and the part starts
/// after the next line feed outside quotes. Each part is parsed with the header of the file; the
/// columns are then joined in order and problem rows renumbered, so the result equals a
/// one-pass read.
enum ParallelCSV {
    static func read(
        path: String, size: Int, parts: Int, name: String, options: CSVOptions, problems: inout ProblemLog
    ) throws -> Dataset? {
        // The header record: up to the first line feed outside quotes.
        guard let headerEnd = try recordEnd(path: path, from: 0, inQuotes: false, limit: size) else { return nil }
        let headerBytes = try readRange(path: path, start: 0, end: headerEnd)
        var headerParser = CSVParser(path: path, options: options)
        defer { headerParser.deallocate() }
        var headerSource = MemoryByteSource(headerBytes)
        var headerProblems = ProblemLog()
        try headerParser.run(&headerSource, problems: &headerProblems)
        guard headerParser.sawHeader, headerParser.recordIndex == 0 else { return nil }
        let names = headerParser.header
        let keep = headerParser.keepColumn

        // Quote parity at each nominal split point.
        let nominal = (0...parts).map { k in k == 0 ? headerEnd : k == parts ? size : max(headerEnd, size / parts * k) }
        let quoteCounts = ParallelSlots<Int>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { k in
            quoteCounts.set(k, (try? countQuotes(path: path, start: nominal[k], end: nominal[k + 1])) ?? -1)
        }
        var boundaries = [headerEnd]
        var quotesBefore = countQuotesInHeader(headerBytes)
        for k in 1..<parts {
            guard let c = quoteCounts.get(k - 1), c >= 0 else { return nil }
            quotesBefore += c
            let start = max(nominal[k], boundaries.last!)
            let inQuotes = quotesBefore % 2 == 1 && start == nominal[k]
            let b =
                start >= size ? size : (try recordEnd(path: path, from: start, inQuotes: inQuotes, limit: size) ?? size)
            boundaries.append(max(b, boundaries.last!))
        }
        boundaries.append(size)

        // Parse the parts.
        let cuts = boundaries
        let limit = problems.limit
        let results = ParallelSlots<Result<(CSVParser, ProblemLog), Error>>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { k in
            do {
                var parser = CSVParser(path: path, options: options, presetHeader: (names, keep))
                var log = ProblemLog(limit: limit)
                var src = try RangeByteSource(path: path, start: cuts[k], end: cuts[k + 1])
                try parser.run(&src, problems: &log)
                results.set(k, .success((parser, log)))
            } catch {
                results.set(k, .failure(error))
            }
        }
        problems.add(contentsOf: headerProblems)
        var parsers: [CSVParser] = []
        defer { for p in parsers { p.deallocate() } }
        var offset = 0
        var failure: Error? = nil
        for k in 0..<parts {
            switch results.get(k)! {
            case .success(let (parser, log)):
                parsers.append(parser)
                for var p in log.problems {
                    if p.file == path, let l = p.location, l.word == "row" {
                        p.location = RecordLocation(word: "row", number: l.number + offset)
                    }
                    problems.add(p)
                }
                offset += parser.recordIndex
            case .failure(let e):
                if failure == nil {
                    if var re = e as? ReadoutError, let l = re.problem.location, l.word == "row" {
                        re.problem.location = RecordLocation(word: "row", number: l.number + offset)
                        failure = re
                    } else {
                        failure = e
                    }
                }
            }
        }
        if let f = failure { throw f }
        var variables: [Variable] = []
        var columns: [Column] = []
        for (i, n) in names.enumerated() where keep[i] {
            let joined = parsers[0].columns[i]
            for p in parsers.dropFirst() { joined.append(contentsOf: p.columns[i]) }
            if joined.overflowed {
                throw ReadoutError(
                    file: path, code: "column-too-large", "variable \(n) holds more than 4 GiB of text", variable: n)
            }
            variables.append(Variable(name: n))
            columns.append(.text(joined.build()))
        }
        return Dataset(name: name, variables: variables, columns: columns, source: DataSource(path: path, format: .csv))
    }

    static func readRange(path: String, start: Int, end: Int) throws -> [UInt8] {
        let src = try RangeByteSource(path: path, start: start, end: end)
        return try [UInt8](unsafeUninitializedCapacity: end - start) { buf, n in
            n = 0
            while n < end - start {
                let got = try src.read(into: buf.baseAddress! + n, count: end - start - n)
                if got == 0 { break }
                n += got
            }
        }
    }

    static func countQuotesInHeader(_ b: [UInt8]) -> Int { b.reduce(0) { $0 + ($1 == 0x22 ? 1 : 0) } }

    static func countQuotes(path: String, start: Int, end: Int) throws -> Int {
        let src = try RangeByteSource(path: path, start: start, end: end)
        let chunk = 1 << 20
        let buf = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk + 8)
        defer { buf.deallocate() }
        var count = 0
        while true {
            let n = try src.read(into: buf, count: chunk)
            if n == 0 { break }
            var i = 0
            while i + 8 <= n {
                let w = UnsafeRawPointer(buf + i).loadUnaligned(as: UInt64.self) ^ 0x2222_2222_2222_2222
                let z = ~(((w & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | w | 0x7F7F_7F7F_7F7F_7F7F)
                count += z.nonzeroBitCount
                i += 8
            }
            while i < n {
                if buf[i] == 0x22 { count += 1 }
                i += 1
            }
        }
        return count
    }

    /// Offset just after the first line feed outside quotes at or after `from`; nil if none.
    static func recordEnd(path: String, from: Int, inQuotes: Bool, limit: Int) throws -> Int? {
        let src = try RangeByteSource(path: path, start: from, end: limit)
        let chunk = 1 << 16
        let buf = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
        defer { buf.deallocate() }
        var quoted = inQuotes
        var pos = from
        while true {
            let n = try src.read(into: buf, count: chunk)
            if n == 0 { return nil }
            for i in 0..<n {
                let c = buf[i]
                if c == 0x22 { quoted.toggle() } else if c == 0x0A && !quoted { return pos + i + 1 }
            }
            pos += n
        }
    }
}

import ReadoutCore

/// Reader for SAS transport files (XPORT), version 5 — the format of regulatory submissions — and
/// version 8 (long names and labels).
///
/// Layout: 80-byte header records; a library header, then per member a member header, a
/// descriptor, one 140-byte NAMESTR per variable (padded to 80), and observations of fixed length
/// padded with blanks to a multiple of 80. Numbers are IBM System/360 hexadecimal floating point,
/// big-endian, 2 to 8 bytes; `.` and the special missing values `.A`–`.Z`, `._` are one byte
/// followed by zeros. Only the first member is read; a file with more says so.
public enum XPTReader {
    static let headerPrefix = Array("HEADER RECORD*******".utf8)

    static func isXPT(_ head: [UInt8]) -> Bool {
        head.count >= 48 && head.starts(with: headerPrefix)
            && (Array(head[20..<28]) == Array("LIBRARY ".utf8) || Array(head[20..<28]) == Array("LIBV8   ".utf8))
    }

    /// Reads the SAS transport file at `path` as dataset `name`.
    public static func read(
        path: String, name: String, keep: Set<String>? = nil, problems: inout ProblemLog
    ) throws -> Dataset {
        try read(source: FileByteSource(path: path), path: path, name: name, keep: keep, problems: &problems)
    }

    /// Reads a SAS transport file from bytes in memory, located as `path`.
    public static func read(
        bytes: [UInt8], path: String, name: String, keep: Set<String>? = nil, problems: inout ProblemLog
    ) throws -> Dataset {
        try read(source: MemoryByteSource(bytes), path: path, name: name, keep: keep, problems: &problems)
    }

    struct NameStr {
        var isNumeric: Bool
        var length: Int
        var name: String
        var label: String
        var format: String
        var position: Int
        var formatLength: Int
        var formatDecimals: Int
    }

    /// Reads the first member of a transport file, stage by stage: the library and member headers,
    /// the NAMESTRs, version 8's long labels, the variables kept, then the observations.
    public static func read(
        source: any ByteSource, path: String, name: String, keep: Set<String>?,
        problems: inout ProblemLog
    ) throws -> Dataset {
        let x = XPTCursor(ChunkReader(source), path: path)
        guard try x.r.ensure(1) else {
            throw ReadoutError(file: path, code: "empty-file", "the file is empty", expected: "a SAS transport file")
        }
        let member = try x.memberHeaders()
        var names = try x.nameStrs(count: member.variables, length: member.namestrLength)
        let next = try x.longLabels(into: &names)
        _ = try x.expectHeader(next, x.v8 ? ["OBSV8   "] : ["OBS     "], what: "observation")
        let obsLength = try x.observationLength(names)
        let (variables, kept) = Self.variables(names, keep: keep, path: path, problems: &problems)
        let columns = try x.observations(
            names: names, kept: kept, length: obsLength, member: member.name, problems: &problems)
        return Dataset(
            name: name.isEmpty ? member.name : name, label: member.label.isEmpty ? nil : member.label,
            variables: variables, columns: columns, source: DataSource(path: path, format: x.v8 ? .xptV8 : .xpt))
    }

    /// The variables kept (a name read twice is a problem; the first is used), with their NAMESTR positions.
    static func variables(
        _ names: [NameStr], keep: Set<String>?, path: String,
        problems: inout ProblemLog
    ) -> ([Variable], [Int]) {
        var variables: [Variable] = []
        var kept: [Int] = []
        var seen = Set<String>()
        for (i, n) in names.enumerated() {
            guard seen.insert(n.name).inserted else {
                problems.add(
                    Problem(
                        .error, "duplicate-variable", file: path, variable: n.name, expected: "each variable once",
                        message: "variable \(n.name) appears twice; the first is used"))
                continue
            }
            if let k = keep, !k.contains(n.name) { continue }
            kept.append(i)
            let width = n.formatLength > 0 ? String(n.formatLength) : ""
            let fmt =
                n.format.isEmpty ? nil : n.format + width + "." + (n.formatDecimals > 0 ? String(n.formatDecimals) : "")
            variables.append(
                Variable(
                    name: n.name, label: n.label.isEmpty ? nil : n.label,
                    type: n.isNumeric ? numericType(format: n.format) : .text,
                    length: n.length, format: fmt))
        }
        return (variables, kept)
    }

    /// IBM hexadecimal floating point (big-endian, `len` bytes, the rest taken as zero) to a double.
    /// Missing values give NaN, with the special-missing letter where there is one.
    @inline(__always)
    static func ibmToDouble(_ p: UnsafePointer<UInt8>, _ len: Int) -> (Double, UInt8?) {
        let first = p[0]
        var mantissa: UInt64 = 0
        for k in 1..<8 { mantissa = mantissa << 8 | UInt64(k < len ? p[k] : 0) }
        if mantissa == 0 {
            if first == 0x2E { return (.nan, nil) }
            if first == 0x5F || (first >= 0x41 && first <= 0x5A) { return (.nan, first) }
            if first & 0x7F == 0 { return (0, nil) }
            return (0, nil)
        }
        let exponent = Int(first & 0x7F) - 64
        let magnitude = Double(sign: .plus, exponent: 4 * exponent - 56, significand: Double(mantissa))
        return (first & 0x80 != 0 ? -magnitude : magnitude, nil)
    }

    static func numericType(format: String) -> VariableType {
        let f = format.uppercased()
        let dateFormats = [
            "DATE", "YYMMDD", "MMDDYY", "DDMMYY", "E8601DA", "B8601DA", "IS8601DA", "WEEKDATE", "WORDDATE", "MONYY",
            "YYMM", "YYQ", "JULIAN", "NLDATE", "DAY", "MMYY", "YEAR", "DOWNAME", "MONNAME", "QTR", "WEEKDAY",
        ]
        let datetimeFormats = ["DATETIME", "E8601DT", "B8601DT", "IS8601DT", "DATEAMPM", "NLDATM", "E8601DZ"]
        let timeFormats = [
            "TIME", "HHMM", "HOUR", "E8601TM", "B8601TM", "IS8601TM", "TOD", "MMSS", "TIMEAMPM", "E8601TZ",
        ]
        if datetimeFormats.contains(where: { f.hasPrefix($0) }) { return .datetime }
        if timeFormats.contains(where: { f.hasPrefix($0) }) { return .time }
        if dateFormats.contains(where: { f.hasPrefix($0) }) { return .date }
        return .float
    }
}

/// ASCII text of a fixed-width field, blanks trimmed.
func asciiTrim(_ b: ArraySlice<UInt8>) -> String {
    String(decoding: b, as: UTF8.self).trimmingBlanks()
}

/// Text of a SAS character field: UTF-8 when it is valid UTF-8, else Latin-1; trailing blanks and
/// NULs removed.
func latin1OrUTF8(_ b: ArraySlice<UInt8>) -> String {
    var slice = b
    while let l = slice.last, l == 0x20 || l == 0 { slice.removeLast() }
    let valid = slice.withUnsafeBufferPointer { isValidUTF8($0) }
    if valid { return String(decoding: slice, as: UTF8.self) }
    return String(String.UnicodeScalarView(slice.map { UnicodeScalar($0) }))
}

func latin1OrUTF8(_ b: UnsafeBufferPointer<UInt8>.SubSequence) -> String {
    latin1OrUTF8(ArraySlice(b))
}

/// The read position in a transport file, and the stages that move it.
final class XPTCursor {
    let r: ChunkReader
    let path: String
    private(set) var v8 = false

    /// The member's name, label and variable descriptions' shape.
    struct Member {
        var name: String
        var label: String
        var variables: Int
        var namestrLength: Int
    }

    init(_ r: ChunkReader, path: String) {
        self.r = r
        self.path = path
    }

    func fail(_ msg: String, expected: String? = nil) -> ReadoutError {
        ReadoutError(file: path, code: "xpt-malformed", msg + " (at byte \(r.offset))", expected: expected)
    }

    func record() throws -> [UInt8] {
        guard try r.ensure(80) else { throw fail("the file ends inside a header", expected: "80-byte header records") }
        let b = r.bytes(80)
        r.advance(80)
        return b
    }

    func headerName(_ rec: [UInt8]) -> String? {
        guard rec.starts(with: XPTReader.headerPrefix) else { return nil }
        return String(decoding: rec[20..<28], as: UTF8.self)
    }

    func expectHeader(_ rec: [UInt8], _ names: [String], what: String) throws -> String {
        guard let h = headerName(rec), names.contains(h) else {
            throw fail("expected the \(what) header record", expected: "HEADER RECORD*******\(names[0])HEADER RECORD")
        }
        return h
    }

    /// The library header (which tells version 5 from 8), the member and descriptor headers.
    func memberHeaders() throws -> Member {
        let lib = try record()
        guard XPTReader.isXPT(lib) else {
            throw ReadoutError(
                file: path, code: "xpt-malformed", "this is not a SAS transport file (no library header)",
                expected: "HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!")
        }
        v8 = headerName(lib) == "LIBV8   "
        _ = try record()  // SAS version, OS, created
        _ = try record()  // modified
        let member = try record()
        _ = try expectHeader(member, v8 ? ["MEMBV8  "] : ["MEMBER  "], what: "member")
        let namestrLength = Int(asciiTrim(member[74..<78])) ?? 140
        guard namestrLength == 140 || namestrLength == 136 else {
            throw fail("unsupported NAMESTR length \(namestrLength)", expected: "140 (or 136 on VAX/VMS)")
        }
        _ = try expectHeader(try record(), v8 ? ["DSCPTV8 "] : ["DSCRPTR "], what: "descriptor")
        let d1 = try record()
        let d2 = try record()
        let nsHeader = try record()
        _ = try expectHeader(nsHeader, v8 ? ["NAMSTV8 "] : ["NAMESTR "], what: "NAMESTR")
        guard let nvars = Int(asciiTrim(nsHeader[54..<58])), nvars >= 0, nvars <= 100_000 else {
            throw fail("the variable count in the NAMESTR header is not a number", expected: "four digits at column 55")
        }
        return Member(
            name: asciiTrim(d1[8..<(v8 ? 40 : 16)]), label: latin1OrUTF8(d2[32..<72]), variables: nvars,
            namestrLength: namestrLength)
    }

    /// One NAMESTR per variable, padded to a multiple of 80 bytes.
    func nameStrs(count nvars: Int, length namestrLength: Int) throws -> [XPTReader.NameStr] {
        var names: [XPTReader.NameStr] = []
        let padded = (nvars * namestrLength + 79) / 80 * 80
        guard try r.ensure(padded) else { throw fail("the file ends inside the variable descriptions") }
        let p = r.pointer
        for k in 0..<nvars {
            let b = p + k * namestrLength
            func u16(_ o: Int) -> Int { Int(b[o]) << 8 | Int(b[o + 1]) }
            func u32(_ o: Int) -> Int { Int(b[o]) << 24 | Int(b[o + 1]) << 16 | Int(b[o + 2]) << 8 | Int(b[o + 3]) }
            func str(_ o: Int, _ n: Int) -> [UInt8] { Array(UnsafeBufferPointer(start: b + o, count: n)) }
            let type = u16(0)
            guard type == 1 || type == 2 else {
                throw fail("variable \(k + 1) has type \(type)", expected: "1 (numeric) or 2 (character)")
            }
            var nm = asciiTrim(str(8, 8)[...])
            if v8, namestrLength == 140 {
                let long = asciiTrim(str(88, 32)[...])
                if !long.isEmpty { nm = long }
            }
            let len = u16(4)
            guard len > 0, type == 2 || (2...8).contains(len) else {
                throw fail(
                    "variable \(nm) has length \(len)",
                    expected: type == 1 ? "a numeric length from 2 to 8" : "a positive length")
            }
            names.append(
                XPTReader.NameStr(
                    isNumeric: type == 1, length: len, name: nm.uppercased(), label: latin1OrUTF8(str(16, 40)[...]),
                    format: asciiTrim(str(56, 8)[...]), position: u32(84),
                    formatLength: u16(64), formatDecimals: u16(66)))
        }
        r.advance(padded)
        return names
    }

    /// Version 8 may put long names, labels and formats in LABELV8/LABELV9 records before the
    /// observations; returns the header record that follows them.
    func longLabels(into names: inout [XPTReader.NameStr]) throws -> [UInt8] {
        let next = try record()
        guard v8, let h = headerName(next), h == "LABELV8 " || h == "LABELV9 " else { return next }
        let count = Int(asciiTrim(next[48..<53])) ?? 0
        var total = 0
        for _ in 0..<count {
            let fields = h == "LABELV8 " ? 3 : 5
            guard try r.ensure(fields * 2) else { throw fail("the file ends inside a long label") }
            let q = r.pointer
            var lens: [Int] = []
            for f in 0..<fields { lens.append(Int(q[f * 2]) << 8 | Int(q[f * 2 + 1])) }
            let varnum = lens[0]
            let strLens = Array(lens[1...])
            let sum = strLens.reduce(0, +)
            r.advance(fields * 2)
            guard try r.ensure(sum) else { throw fail("the file ends inside a long label") }
            var parts: [String] = []
            var o = 0
            for l in strLens {
                parts.append(latin1OrUTF8(r.bytes(sum)[o..<(o + l)]))
                o += l
            }
            r.advance(sum)
            total += fields * 2 + sum
            if varnum >= 1, varnum <= names.count {
                names[varnum - 1].name = parts[0].uppercased()
                names[varnum - 1].label = parts.last ?? names[varnum - 1].label
                if h == "LABELV9 ", parts.count == 4 { names[varnum - 1].format = parts[1] }
            }
        }
        let pad = (80 - total % 80) % 80
        if pad > 0 {
            guard try r.ensure(pad) else { throw fail("the file ends inside a long label") }
            r.advance(pad)
        }
        return try record()
    }

    /// The observation length; SAS packs variables one after another, so gaps or overlaps are refused.
    func observationLength(_ names: [XPTReader.NameStr]) throws -> Int {
        let obsLength = names.map { $0.position + $0.length }.max() ?? 0
        let packed = names.reduce(0) { $0 + $1.length }
        if obsLength > packed {
            throw fail(
                "the variable positions leave gaps (observation of \(obsLength) bytes for \(packed) bytes of "
                    + "variables)",
                expected: "variables packed one after another")
        }
        for n in names where n.position < 0 || n.position + n.length > obsLength {
            throw fail("variable \(n.name) lies outside the observation")
        }
        return obsLength
    }

    /// The observations, into one column per kept variable, up to the end, a second member or padding.
    func observations(
        names: [XPTReader.NameStr], kept: [Int], length obsLength: Int, member: String,
        problems: inout ProblemLog
    ) throws -> [Column] {
        let text = kept.map { _ in TextColumnBuilder() }
        var nums = [NumberColumn](repeating: NumberColumn(), count: kept.count)
        var records = 0
        let memberMark = Array("HEADER RECORD*******MEMB".utf8)
        while obsLength > 0 {
            let have = try r.ensure(obsLength)
            let aligned = r.offset % 80 == 0
            if aligned, try r.ensure(80), r.bytes(80).starts(with: memberMark) {
                problems.add(
                    Problem(
                        .warning, "xpt-more-members", file: path,
                        message: "the file holds more than one dataset; only the first (\(member)) is read"))
                break
            }
            if !have {
                // Fewer bytes than an observation: the blank padding of the last record.
                let rest = r.bytes(r.available)
                if rest.contains(where: { $0 != 0x20 }) {
                    problems.add(
                        Problem(
                            .warning, "xpt-trailing-bytes", file: path,
                            message:
                                "\(rest.count) bytes after the last whole observation are not blank padding; they "
                                + "are ignored"
                        ))
                }
                break
            }
            // An all-blank observation in the last 80 bytes is padding, not data.
            if UnsafeBufferPointer(start: r.pointer, count: obsLength).allSatisfy({ $0 == 0x20 }) {
                _ = try r.ensure(obsLength + 80)
                if r.atEnd, r.available < 80,
                    UnsafeBufferPointer(start: r.pointer, count: r.available).allSatisfy({ $0 == 0x20 })
                {
                    break
                }
            }
            let q = r.pointer
            for (c, i) in kept.enumerated() {
                let n = names[i]
                let f = q + n.position
                if n.isNumeric {
                    let (v, special) = XPTReader.ibmToDouble(f, n.length)
                    if let s = special { nums[c].specialMissing[records] = s }
                    nums[c].values.append(v)
                } else {
                    var len = n.length
                    while len > 0, f[len - 1] == 0x20 || f[len - 1] == 0 { len -= 1 }
                    let buf = UnsafeBufferPointer(start: f, count: len)
                    if buf.contains(where: { $0 >= 0x80 }), !isValidUTF8(buf) {
                        text[c].append(latin1OrUTF8(buf[...]))
                    } else {
                        text[c].append(buf)
                    }
                }
            }
            records += 1
            r.advance(obsLength)
        }
        return kept.indices.map { c in names[kept[c]].isNumeric ? .number(nums[c]) : .text(text[c].build()) }
    }
}

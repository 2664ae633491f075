import ReadoutCore

/// Checks a study's datasets and reports every problem found (up to the log's limit).
public enum Validator {
    /// All checks of one dataset that need nothing else.
    /// `keys`: the key variables define.xml gives for the domain (they replace USUBJID + --SEQ).
    public static func check(
        _ ds: Dataset, codelists: [String: Set<String>] = [:], keys: [String] = [], problems: inout ProblemLog
    ) {
        let file = ds.source.path
        let rule = DomainRules.rule(for: ds.name)
        if let rule {
            for alternatives in rule.required where !alternatives.contains(where: { ds.has($0) }) {
                problems.add(
                    Problem(
                        .error, "required-variable-missing", file: file,
                        variable: alternatives.joined(separator: " or "),
                        expected: alternatives.count == 1
                            ? "variable \(alternatives[0])" : "one of " + alternatives.joined(separator: ", "),
                        message:
                            "\(ds.name) needs \(alternatives.joined(separator: " or ")), which the file does not have"))
            }
            for v in rule.requiredValues {
                guard let c = ds.index(of: v) else { continue }
                let isBlankValue: (UnsafeBufferPointer<UInt8>) -> Bool = { isBlank($0) }
                forEachRow(ds, c, where: isBlankValue) { r in
                    problems.add(
                        Problem(
                            .error, "required-value-missing", file: file, location: ds.location(r), variable: v,
                            value: "", expected: "a value", message: "\(v) is blank"))
                }
            }
        }
        for (c, v) in ds.variables.enumerated() where v.type == .text {
            if v.name.hasSuffix("DTC") {
                let isNotISODate: (UnsafeBufferPointer<UInt8>) -> Bool = { !isBlank($0) && !isISO8601($0) }
                forEachRow(ds, c, where: isNotISODate) { r in
                    let value = ds.string(r, c)
                    var reason = ""
                    if case .failure(let e) = ISODateTime.parse(value.trimmingBlanks()) { reason = ": " + e.reason }
                    problems.add(
                        Problem(
                            .error, "not-iso8601", file: file, location: ds.location(r), variable: v.name, value: value,
                            expected: ISODateTime.expectedForm, message: "not an ISO 8601 date" + reason))
                }
            } else if DomainRules.isNumericByName(v.name, domain: ds.name) {
                let isNotNumber: (UnsafeBufferPointer<UInt8>) -> Bool = { !isBlank($0) && parseDouble($0) == nil }
                forEachRow(ds, c, where: isNotNumber) { r in
                    problems.add(
                        Problem(
                            .error, "not-a-number", file: file, location: ds.location(r), variable: v.name,
                            value: ds.string(r, c),
                            expected: "a number", message: "the value does not read as a number"))
                }
            }
        }
        if let c = ds.index(of: "EXDOSE"), ds.name == "EX" {
            for r in 0..<ds.recordCount {
                if let d = ds.double(r, c), d < 0 {
                    problems.add(
                        Problem(
                            .error, "negative-dose", file: file, location: ds.location(r), variable: "EXDOSE",
                            value: ds.string(r, c),
                            expected: "a dose of zero or more", message: "the dose is negative"))
                }
            }
        }
        for t in rule?.terminology ?? [] { checkTerminology(ds, t, problems: &problems) }
        for (variable, allowed) in codelists.sorted(by: { $0.key < $1.key }) where ds.has(variable) {
            let t = TerminologyRule(variable, allowed.sorted(), severity: .warning, codelist: "define.xml codelist")
            if rule?.terminology.contains(where: { $0.variable == variable }) == true { continue }
            checkTerminology(ds, t, problems: &problems)
        }
        checkDuplicates(ds, keys: keys, problems: &problems)
    }

    static func checkTerminology(_ ds: Dataset, _ t: TerminologyRule, problems: inout ProblemLog) {
        guard let c = ds.index(of: t.variable) else { return }
        let allowed = Set(t.allowed)
        var applies: [Bool]? = nil
        if let w = t.whenVariable {
            guard let wc = ds.index(of: w) else { return }
            let values = Set(t.whenValues)
            applies = ds.mapValues(wc) { values.contains($0) }
        }
        let bad = ds.mapValues(c) { !$0.isEmpty && !allowed.contains($0) }
        for r in 0..<ds.recordCount where bad[r] && (applies?[r] ?? true) {
            let scope = t.whenVariable.map { " (where \($0) is \(ds.trimmed(r, ds.index(of: $0)!)))" } ?? ""
            problems.add(
                Problem(
                    t.severity, "controlled-terminology", file: ds.source.path, location: ds.location(r),
                    variable: t.variable,
                    value: ds.string(r, c), expected: "one of " + t.allowed.joined(separator: ", "),
                    message: "the value is not in \(t.codelist)\(scope)"))
        }
    }

    /// Records sharing a key are errors: define.xml's key variables when it gives them, else
    /// USUBJID with --SEQ (USUBJID alone in DM and ADSL). Without a key, records identical in every
    /// variable are reported.
    static func checkDuplicates(_ ds: Dataset, keys: [String] = [], problems: inout ProblemLog) {
        let defined = keys.filter { !$0.isEmpty }.compactMap { ds.index(of: $0) }
        if !defined.isEmpty && defined.count == keys.filter({ !$0.isEmpty }).count {
            checkKey(ds, defined, problems: &problems)
            return
        }
        guard let subject = ds.index(of: "USUBJID") else { return }
        var keyColumns = [subject]
        if ds.name == "DM" || ds.name == "ADSL" {
        } else if let seq = ds.index(of: ds.name + "SEQ") {
            keyColumns.append(seq)
        } else if ds.name.hasPrefix("SUPP") {
            keyColumns += ["RDOMAIN", "IDVAR", "IDVARVAL", "QNAM"].compactMap { ds.index(of: $0) }
        } else {
            keyColumns = []
        }
        if !keyColumns.isEmpty {
            checkKey(ds, keyColumns, problems: &problems)
            // With a key, records equal in every variable are already duplicate keys.
            return
        }
        // Whole-record duplicates, where there is no key to check.
        let all = (0..<ds.variables.count).map { ds.keyIDs($0).ids }
        var byRow: [[UInt32]: Int] = [:]
        for r in 0..<ds.recordCount {
            let key = all.map { $0[r] }
            if let first = byRow[key] {
                problems.add(
                    Problem(
                        .warning, "duplicate-record", file: ds.source.path, location: ds.location(r),
                        expected: "distinct records",
                        message: "the record repeats \(ds.location(first)) in every variable"))
            } else {
                byRow[key] = r
            }
        }
    }

    /// Records sharing the values of the key variables.
    static func checkKey(_ ds: Dataset, _ keyColumns: [Int], problems: inout ProblemLog) {
        if true {
            let ids = keyColumns.map { ds.keyIDs($0).ids }
            var seen: [[UInt32]: Int] = [:]
            var seen2 = FirstRecordByKey(capacity: ids.count <= 2 ? ds.recordCount : 16)
            for r in 0..<ds.recordCount {
                var first: Int? = nil
                if ids.count <= 2 {
                    let key = UInt64(ids[0][r]) << 32 | UInt64(ids.count == 2 ? ids[1][r] : 0)
                    first = seen2.firstOrInsert(key, r)
                } else {
                    let key = ids.map { $0[r] }
                    if let f = seen[key] { first = f } else { seen[key] = r }
                }
                if let first {
                    let names = keyColumns.map { ds.variables[$0].name }
                    problems.add(
                        Problem(
                            .error, "duplicate-key", file: ds.source.path, location: ds.location(r),
                            variable: names.joined(separator: ", "),
                            value: keyColumns.map { ds.trimmed(r, $0) }.joined(separator: ", "),
                            expected: "one record per " + names.joined(separator: " and "),
                            message: "same key as \(ds.location(first))"))
                }
            }
        }
    }

    /// Records whose subject is not in DM (a blank subject is reported by the required-value check).
    public static func checkSubjects(_ ds: Dataset, subjects: SubjectIndex, problems: inout ProblemLog) {
        guard let c = ds.index(of: "USUBJID"), ds.name != "DM" else { return }
        let found = subjects.positions(in: ds)
        for r in 0..<ds.recordCount where found[r] == nil && !ds.isMissing(r, c) {
            problems.add(
                Problem(
                    .error, "subject-not-in-dm", file: ds.source.path, location: ds.location(r), variable: "USUBJID",
                    value: ds.string(r, c), expected: "a subject listed in DM", message: "the subject is not in DM"))
        }
    }

    /// Calls `report` for each record whose value fails `predicate`; for dictionary columns the
    /// predicate runs once per distinct value.
    static func forEachRow(
        _ ds: Dataset, _ c: Int, where predicate: @escaping (UnsafeBufferPointer<UInt8>) -> Bool,
        report: (Int) -> Void
    ) {
        switch ds.columns[c] {
        case .number: return
        case .text(let t):
            if t.isDictionary {
                var verdict = [Bool](repeating: false, count: t.entryCount)
                var any = false
                withExtendedLifetime(t.storage) {
                    for k in 0..<t.entryCount where predicate(t.entryBytes(k)) {
                        verdict[k] = true
                        any = true
                    }
                }
                guard any else { return }
                for r in 0..<t.count where verdict[t.entry(r)] { report(r) }
            } else {
                for r in 0..<t.count where t.withBytes(r, predicate) { report(r) }
            }
        }
    }
}

/// A per-distinct-value cache of a function of a text column's values.
final class EntryCache<T> {
    private var values: [T?]
    private let f: (UnsafeBufferPointer<UInt8>) -> T

    init(_ ds: Dataset, _ c: Int, _ f: @escaping (UnsafeBufferPointer<UInt8>) -> T) {
        self.f = f
        if case .text(let t) = ds.columns[c], t.isDictionary {
            values = [T?](repeating: nil, count: t.entryCount)
        } else {
            values = []
        }
    }

    func value(_ ds: Dataset, _ c: Int, _ r: Int) -> T {
        guard case .text(let t) = ds.columns[c] else { return f(UnsafeBufferPointer(start: nil, count: 0)) }
        if values.isEmpty { return t.withBytes(r, f) }
        let k = t.entry(r)
        if let v = values[k] { return v }
        let v = t.withBytes(r, f)
        values[k] = v
        return v
    }
}

@inline(__always)
func isBlank(_ p: UnsafeBufferPointer<UInt8>) -> Bool { p.allSatisfy { $0 == 0x20 || $0 == 0x09 } }

func bytesToTrimmedString(_ p: UnsafeBufferPointer<UInt8>) -> String {
    String(decoding: p, as: UTF8.self).trimmingBlanks()
}

func isISO8601(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
    if case .success = ISODateTime.parse(bytesToTrimmedString(p)) { return true }
    return false
}

/// Key text of a cell: trimmed, numbers in canonical form (so 1 and 1.0 are the same sequence number).
func normalizedKey(_ ds: Dataset, _ r: Int, _ c: Int) -> String {
    let s = ds.trimmed(r, c)
    if let d = parseDouble(s) { return formatNumber(d) }
    return s
}

/// Open-addressing map from a 64-bit key to the first record that had it: much faster than a
/// Dictionary for millions of keys.
struct FirstRecordByKey {
    private var keys: [UInt64]
    private var rows: [Int32]
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        rows = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The record that first had `key`, or nil after recording `row` as its first.
    mutating func firstOrInsert(_ key: UInt64, _ row: Int) -> Int? {
        var z = key &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        var slot = Int(truncatingIfNeeded: z ^ (z >> 31)) & mask
        while rows[slot] >= 0 {
            if keys[slot] == key { return Int(rows[slot]) }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        rows[slot] = Int32(row)
        return nil
    }
}

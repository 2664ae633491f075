import ReadoutCore

/// The subjects of a study (DM's USUBJID, trimmed) and their position, looked up by the bytes of
/// a value: matching a million-row domain to DM costs one hash per distinct value, no strings.
public final class SubjectIndex: @unchecked Sendable {
    private let table: TextColumnBuilder
    /// Subject identifiers in DM order, without repeats.
    public let ids: [String]
    private let positionOfEntry: [Int]

    /// The subjects of DM, in DM order (none when there is no DM).
    public init(dm: Dataset?) {
        var ids: [String] = []
        var positions: [Int] = []
        let table = TextColumnBuilder(alwaysDictionary: true)
        if let dm, let c = dm.index(of: "USUBJID") {
            for r in 0..<dm.recordCount {
                let s = dm.trimmed(r, c)
                if s.isEmpty { continue }
                var t = s
                let before = table.entryCountSoFar
                t.withUTF8 { table.append($0) }
                if table.entryCountSoFar > before {
                    positions.append(ids.count)
                    ids.append(s)
                }
            }
        }
        self.table = table
        self.ids = ids
        positionOfEntry = positions
    }

    public var count: Int { ids.count }

    /// Position in `ids` of a subject identifier given as (untrimmed) bytes.
    public func position(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var lo = 0
        var hi = bytes.count
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        return table.lookup(UnsafeBufferPointer(rebasing: bytes[lo..<hi])).map { positionOfEntry[$0] }
    }

    /// The subject position of every record of a dataset's USUBJID (nil: not a DM subject).
    public func positions(in ds: Dataset) -> [Int?] {
        guard let c = ds.index(of: "USUBJID") else { return [Int?](repeating: nil, count: ds.recordCount) }
        switch ds.columns[c] {
        case .text(let t):
            return withExtendedLifetime(t.storage) {
                if let codes = t.storage.codes {
                    let perEntry = (0..<t.entryCount).map { position(t.entryBytes($0)) }
                    return UnsafeBufferPointer(start: codes, count: t.count).map { perEntry[Int($0)] }
                }
                return (0..<t.count).map { position(t.entryBytes($0)) }
            }
        case .number:
            return (0..<ds.recordCount).map { r in
                var s = ds.string(r, c)
                return s.withUTF8 { position($0) }
            }
        }
    }
}

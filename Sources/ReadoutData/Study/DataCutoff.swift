import ReadoutCore

/// The data cut-off: the date after which nothing is known.
///
/// Applied the same way to every domain: a record whose date (the domain's date variable, partial
/// dates completed by the start-date imputation rule) falls after the cut-off is removed. Records
/// without a date are kept and counted. Subjects who enrolled (informed consent, else reference
/// start) after the cut-off are removed with all their records. In DM, date values after the
/// cut-off (end of treatment, end of participation, death) are cleared, since at the cut-off they
/// had not happened; DTHFL is cleared with DTHDTC. See docs/study-data.md.
public struct DataCutoff: Sendable, Codable, Equatable {
    public var date: CalendarDate
    public var imputation: DateImputation

    /// A cut-off at `date`, partial dates completed by `imputation`.
    public init(date: CalendarDate, imputation: DateImputation = DateImputation()) {
        self.date = date
        self.imputation = imputation
    }

    /// What the cut-off removed, by domain.
    public struct Report: Sendable, Codable, Equatable {
        public var cutoff: String
        /// Records removed, by domain.
        public var removed: [String: Int] = [:]
        /// Records kept for lack of a date, by domain.
        public var undated: [String: Int] = [:]
        /// Subjects enrolled after the cut-off, removed with all their records.
        public var subjectsEnrolledAfter: [String] = []
        /// DM values cleared because they lie after the cut-off, by variable.
        public var clearedInDM: [String: Int] = [:]
    }

    /// Applies the cut-off to every dataset of a study (supplemental qualifiers already merged).
    public func apply(to datasets: inout [String: Dataset]) -> Report {
        var report = Report(cutoff: date.iso)
        var lateSubjects = Set<String>()
        if var dm = datasets["DM"], let s = dm.index(of: "USUBJID") {
            let enrolment = ["RFICDTC", "RFSTDTC"].compactMap { dm.index(of: $0) }
            var keep: [Int] = []
            for r in 0..<dm.recordCount {
                let first = enrolment.lazy.compactMap {
                    self.imputation.impute(dm.string(r, $0), role: .start, cutoff: date)
                }.first
                if let d = first, d.date > date {
                    lateSubjects.insert(dm.trimmed(r, s))
                } else {
                    keep.append(r)
                }
            }
            if keep.count < dm.recordCount {
                report.removed["DM"] = dm.recordCount - keep.count
                dm = dm.selecting(keep)
            }
            report.subjectsEnrolledAfter = lateSubjects.sorted()
            // Clear DM dates after the cut-off.
            for (c, v) in dm.variables.enumerated()
            where v.name.hasSuffix("DTC") && v.type == .text && !["RFICDTC", "BRTHDTC", "DMDTC"].contains(v.name) {
                let after = dm.mapValues(c) {
                    (self.imputation.impute($0, role: DateRules.role(ofVariable: v.name), cutoff: date)?.date).map {
                        $0 > date
                    } ?? false
                }
                let cleared = after.filter { $0 }.count
                if cleared > 0 {
                    let values = (0..<dm.recordCount).map { after[$0] ? "" : dm.string($0, c) }
                    report.clearedInDM[v.name] = cleared
                    if v.name == "DTHDTC", let f = dm.index(of: "DTHFL") {
                        let flags = (0..<dm.recordCount).map {
                            values[$0].isEmpty && !dm.trimmed($0, c).isEmpty ? "" : dm.string($0, f)
                        }
                        dm.setTextVariable(dm.variables[f], values: flags)
                    }
                    dm.setTextVariable(v, values: values)
                }
            }
            datasets["DM"] = dm
        }
        // Subjects enrolled after the cut-off, found by the bytes of USUBJID.
        let lateIndex = SubjectIndex(
            dm: lateSubjects.isEmpty
                ? nil
                : Dataset(
                    name: "DM", variables: [Variable(name: "USUBJID")],
                    columns: [.text(TextColumn(lateSubjects.sorted()))],
                    source: DataSource(path: "", format: .csv)))
        for name in datasets.keys.sorted() where name != "DM" {
            var ds = datasets[name]!
            let subject = ds.index(of: "USUBJID")
            let dateColumn = DomainRules.dateVariable(for: ds).flatMap { ds.index(of: $0) }
            if dateColumn == nil && (lateSubjects.isEmpty || subject == nil) { continue }
            var keep: [Int] = []
            keep.reserveCapacity(ds.recordCount)
            var undated = 0
            let dates = dateColumn.map { dc in
                ds.mapValues(dc) { self.imputation.impute($0, role: .start, cutoff: date)?.date }
            }
            let late: [Bool]? =
                (subject != nil && !lateSubjects.isEmpty) ? lateIndex.positions(in: ds).map { $0 != nil } : nil
            for r in 0..<ds.recordCount {
                if let l = late, l[r] { continue }
                if let dates {
                    guard let d = dates[r] else {
                        undated += 1
                        keep.append(r)
                        continue
                    }
                    if d > date { continue }
                }
                keep.append(r)
            }
            if undated > 0 { report.undated[name] = undated }
            if keep.count < ds.recordCount {
                report.removed[name] = ds.recordCount - keep.count
                ds = ds.selecting(keep)
                datasets[name] = ds
            }
        }
        return report
    }
}

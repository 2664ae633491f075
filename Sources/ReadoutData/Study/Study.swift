import Foundation
import ReadoutCore

/// A study: its datasets by domain, read from one folder, the same whatever their formats.
public struct Study: Sendable {
    public var folder: String
    /// Datasets by upper-case domain name (`DM`, `RS`, `ADSL`, ...), supplemental qualifiers merged.
    public var datasets: [String: Dataset]
    public var define: DefineXML?
    /// The data cut-off applied when the study was loaded (nil: none).
    public var cutoff: CalendarDate?
    /// How its records become facts; every stage reads them from here.
    public var rules: DataRules

    /// A study of `datasets` read from `folder`, at `cutoff`, with its data rules.
    public init(
        folder: String, datasets: [String: Dataset], define: DefineXML? = nil, cutoff: CalendarDate? = nil,
        rules: DataRules = DataRules()
    ) {
        self.folder = folder
        self.datasets = datasets
        self.define = define
        self.cutoff = cutoff
        self.rules = rules
    }

    /// The cut-off and the imputation rule, for every date a stage reads.
    public var dates: DateRules { DateRules(cutoff: cutoff, imputation: rules.imputation) }

    /// The dataset of `domain` (any case), or nil.
    public subscript(domain: String) -> Dataset? { datasets[domain.uppercased()] }

    public var domains: [String] { datasets.keys.sorted(by: Study.domainOrder) }

    /// DM first, then the other SDTM domains, supplemental qualifiers and ADSL, alphabetically.
    /// The order domains are listed in: DM first, then the others.
    public static func domainOrder(_ a: String, _ b: String) -> Bool {
        func rank(_ s: String) -> Int { s == "DM" ? 0 : s == "ADSL" ? 3 : s.hasPrefix("SUPP") ? 2 : 1 }
        return (rank(a), a) < (rank(b), b)
    }
}

/// How a study folder is read: the cut-off, the data rules, the encoding, the domains and variables to read.
public struct StudyLoadOptions: Sendable {
    /// The data cut-off (nil: none); partial dates are judged against it by `rules.imputation`.
    public var cutoff: CalendarDate?
    public var rules: DataRules
    public var encoding: TextEncoding = .utf8
    public var problemLimit = 1000
    var mergeSupplementalQualifiers = true
    /// Read only these domains (nil: every file of the folder).
    public var domains: Set<String>? = nil
    /// With `domains`, also read the SUPP-- of each domain read.
    public var readSupplementalQualifiers = true
    /// Keep only these variables of a domain (a projection, for speed); domains not named keep all.
    public var variables: [String: Set<String>]? = nil

    /// Options with a cut-off, data rules and an encoding; every domain and variable is read.
    public init(cutoff: CalendarDate? = nil, rules: DataRules = DataRules(), encoding: TextEncoding = .utf8) {
        self.cutoff = cutoff
        self.rules = rules
        self.encoding = encoding
    }
}

/// One domain as read: where from, how much, and what the cut-off took.
public struct DomainSummary: Sendable, Codable, Equatable {
    public var domain: String
    public var file: String
    public var format: String
    var recordsRead: Int
    var recordsRemovedByCutoff: Int
    public var records: Int
    public var subjects: Int
    public var variables: Int
    public var dateVariable: String?
    var firstDate: String?
    public var lastDate: String?
    var undatedRecords: Int
    var partialDates: Int
}

/// What loading a study produced: the study, every problem found, and the per-domain summary.
public struct StudyLoad: Sendable {
    public var study: Study
    public var problems: ProblemLog
    public var summaries: [DomainSummary]
    public var cutoffReport: DataCutoff.Report?
}

/// Reads a study folder: every domain file, validated, supplemental qualifiers merged, cut-off applied.
public enum StudyLoader {
    /// Reads every dataset file of a folder, validates, merges supplemental qualifiers, applies
    /// the cut-off. Problems are collected, never thrown; only an unreadable folder throws. The
    /// stages: list the files, read define.xml, read and check each domain (in parallel), check
    /// subjects against DM, merge SUPP--, apply the cut-off, check across domains, summarize.
    public static func load(folder: String, options: StudyLoadOptions = StudyLoadOptions()) throws -> StudyLoad {
        var problems = ProblemLog(limit: options.problemLimit)
        let listing = try files(in: folder)
        let define = readDefine(listing.define, problems: &problems)
        let timing = PhaseTimer()
        var datasets = readDomains(listing.files, options: options, define: define, problems: &problems)
        let readCounts = datasets.mapValues(\.recordCount)
        timing.mark("read and check domains")
        checkSubjects(datasets, folder: folder, hasDMFile: listing.files["DM"] != nil, problems: &problems)
        timing.mark("subjects in DM")
        if options.mergeSupplementalQualifiers { mergeSupplementalQualifiers(&datasets, problems: &problems) }
        timing.mark("supplemental qualifiers")
        var report: DataCutoff.Report? = nil
        if let cutoff = options.cutoff {
            report = DataCutoff(date: cutoff, imputation: options.rules.imputation).apply(to: &datasets)
        }
        let study = Study(
            folder: folder, datasets: datasets, define: define, cutoff: options.cutoff, rules: options.rules)
        timing.mark("cut-off")
        CrossDomainChecks.run(study, problems: &problems)
        timing.mark("cross-domain checks")
        let summaries = study.domains.map {
            summarize(study[$0]!, read: readCounts[$0] ?? 0, report: report, dates: study.dates)
        }
        timing.mark("summaries")
        return StudyLoad(study: study, problems: problems, summaries: summaries, cutoffReport: report)
    }

    /// The data files of a folder by domain (file stem, upper-cased), and its define.xml.
    static func files(in folder: String) throws -> (files: [String: [String]], define: String?) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw ReadoutError(
                file: folder, code: "study-folder", "no such folder", expected: "a folder of SDTM domain files")
        }
        var files: [String: [String]] = [:]
        var defineFile: String? = nil
        for e in try fm.contentsOfDirectory(atPath: folder).sorted() {
            let path = folder.hasSuffix("/") ? folder + e : folder + "/" + e
            var d: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &d), !d.boolValue, !e.hasPrefix(".") else { continue }
            if e.lowercased() == "define.xml" {
                defineFile = path
                continue
            }
            guard DataReader.extensions.contains(fileExtension(e)) else { continue }
            files[fileStem(e).uppercased(), default: []].append(path)
        }
        return (files, defineFile)
    }

    /// define.xml, when there is one; a define.xml that cannot be read is a warning and is not used.
    static func readDefine(_ path: String?, problems: inout ProblemLog) -> DefineXML? {
        guard let path else { return nil }
        do { return try DefineXML.read(path: path) } catch let e as ReadoutError {
            var p = e.problem
            p.severity = .warning
            p.message += "; define.xml is not used"
            problems.add(p)
        } catch {
            problems.add(Problem(.warning, "define-xml", file: path, message: "\(error); define.xml is not used"))
        }
        return nil
    }

    /// Each wanted domain read, annotated and checked on its own, in parallel; the results and
    /// their problems are put together in domain order, so the outcome never depends on timing.
    static func readDomains(
        _ files: [String: [String]], options: StudyLoadOptions, define: DefineXML?,
        problems: inout ProblemLog
    ) -> [String: Dataset] {
        let wanted = files.keys.sorted(by: Study.domainOrder).filter { d in
            options.domains.map {
                $0.contains(d)
                    || (d.hasPrefix("SUPP") && $0.contains(String(d.dropFirst(4))))
                        && options.readSupplementalQualifiers
            } ?? true
        }
        let codelists = define?.codelistsByVariable ?? [:]
        let slots = ParallelSlots<(Dataset?, ProblemLog)>(count: wanted.count)
        DispatchQueue.concurrentPerform(iterations: wanted.count) { k in
            let domain = wanted[k]
            let paths = files[domain]!
            var log = ProblemLog(limit: options.problemLimit)
            if paths.count > 1 {
                log.add(
                    Problem(
                        .error, "domain-twice", file: paths[1], variable: domain, expected: "one file per domain",
                        message: "domain \(domain) is also in \(paths[0]); \(paths[0]) is read, remove the other"))
            }
            do {
                var ds = try DataReader.read(
                    path: paths[0], name: domain,
                    options: DataReader.Options(encoding: options.encoding, keep: options.variables?[domain]),
                    problems: &log)
                ds.name = domain
                if let d = define { d.annotate(&ds) }
                Validator.check(
                    ds, codelists: codelists[domain] ?? [:], keys: define?.groups[domain]?.keys ?? [], problems: &log)
                slots.set(k, (ds, log))
            } catch let e as ReadoutError {
                for p in e.problems { log.add(p) }
                slots.set(k, (nil, log))
            } catch {
                log.add(Problem(.error, "file-unreadable", file: paths[0], message: "\(error)"))
                slots.set(k, (nil, log))
            }
        }
        var datasets: [String: Dataset] = [:]
        for (k, domain) in wanted.enumerated() {
            guard let (ds, log) = slots.get(k) else { continue }
            problems.add(contentsOf: log)
            if let ds { datasets[domain] = ds }
        }
        return datasets
    }

    /// DM defines the subjects: without it the study has an error; with it, every other domain's
    /// subjects are checked against it.
    static func checkSubjects(
        _ datasets: [String: Dataset], folder: String, hasDMFile: Bool, problems: inout ProblemLog
    ) {
        guard let dm = datasets["DM"] else {
            problems.add(
                Problem(
                    .error, "no-dm", file: folder, expected: "a DM file (dm.csv, dm.xpt, dm.json, ...)",
                    message: hasDMFile
                        ? "DM could not be read" : "the study has no DM domain; subjects are defined by DM"))
            return
        }
        let subjects = SubjectIndex(dm: dm)
        for name in datasets.keys.sorted(by: Study.domainOrder) where name != "DM" {
            Validator.checkSubjects(datasets[name]!, subjects: subjects, problems: &problems)
        }
    }

    /// Every SUPP-- dataset merged onto the domains its RDOMAIN names (docs/study-data.md).
    static func mergeSupplementalQualifiers(_ datasets: inout [String: Dataset], problems: inout ProblemLog) {
        for name in datasets.keys.sorted() where name.hasPrefix("SUPP") {
            let supp = datasets[name]!
            let parentName = String(name.dropFirst(4))
            var rdomains = Set(supp.distinct("RDOMAIN"))
            if rdomains.isEmpty { rdomains = [parentName] }
            for rd in rdomains.sorted() {
                guard var parent = datasets[rd] else {
                    problems.add(
                        Problem(
                            .error, "supp-no-parent", file: supp.source.path, variable: "RDOMAIN", value: rd,
                            expected: "a domain present in the study",
                            message: "\(name) qualifies domain \(rd), which the study does not have"))
                    continue
                }
                let rows = (0..<supp.recordCount).filter {
                    supp.trimmed($0, supp.index(of: "RDOMAIN") ?? 0) == rd || supp.index(of: "RDOMAIN") == nil
                }
                SupplementalQualifiers.merge(
                    rows.count == supp.recordCount ? supp : supp.selecting(rows), into: &parent, problems: &problems)
                datasets[rd] = parent
            }
        }
    }

    static func summarize(_ ds: Dataset, read: Int, report: DataCutoff.Report?, dates: DateRules) -> DomainSummary {
        let dateVariable = DomainRules.dateVariable(for: ds) ?? (ds.name == "DM" && ds.has("RFSTDTC") ? "RFSTDTC" : nil)
        var first: CalendarDate? = nil
        var last: CalendarDate? = nil
        var undated = 0
        var partial = 0
        if let v = dateVariable, let c = ds.index(of: v) {
            // Day number and whether it was imputed, per distinct value.
            let dates = ds.mapValues(c) { t -> Int64 in
                guard let d = dates.impute(t, role: .start) else { return Int64.min }
                return Int64(d.date.dayNumber) << 1 | (d.isImputed ? 1 : 0)
            }
            var lo = Int64.max
            var hi = Int64.min
            for x in dates {
                if x == Int64.min {
                    undated += 1
                    continue
                }
                if x & 1 == 1 { partial += 1 }
                let day = x >> 1
                if day < lo { lo = day }
                if day > hi { hi = day }
            }
            if lo <= hi {
                first = CalendarDate(dayNumber: Int(lo))
                last = CalendarDate(dayNumber: Int(hi))
            }
        }
        return DomainSummary(
            domain: ds.name, file: ds.source.path, format: ds.source.format.rawValue, recordsRead: read,
            recordsRemovedByCutoff: report?.removed[ds.name] ?? 0, records: ds.recordCount,
            subjects: ds.index(of: "USUBJID").map { ds.keyIDs($0).count } ?? 0, variables: ds.variables.count,
            dateVariable: dateVariable, firstDate: first?.iso, lastDate: last?.iso, undatedRecords: undated,
            partialDates: partial)
    }
}

/// Prints how long each phase took (loading, the readout's stages, its writing), to standard error,
/// when READOUT_TIMING is set: the stage-by-stage profile of docs/benchmarks.md.
public final class PhaseTimer {
    private var last = Date()
    private let on = ProcessInfo.processInfo.environment["READOUT_TIMING"] != nil
    public init() {}
    public func mark(_ phase: String) {
        guard on else { return }
        let now = Date()
        let seconds = NumberFormat.fixed(now.timeIntervalSince(last), decimals: 3)
        FileHandle.standardError.write(
            Data((String(repeating: " ", count: max(0, 8 - seconds.count)) + seconds + " s  " + phase + "\n").utf8))
        last = now
    }
}

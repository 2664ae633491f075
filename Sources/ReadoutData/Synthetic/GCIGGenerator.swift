import Foundation
import ReadoutCore

/// Generates a synthetic relapsed ovarian cancer study with CA-125 every 3 weeks in LB (U/mL, upper
/// limit of normal 35 in LBSTNRHI): READOUTPARIB 300 mg daily, 40 patients. The courses are those
/// GCIG distinguishes: a response to normal, a response not to normal, a reduction not maintained,
/// progression after normalising (2 × ULN), progression without normalising (2 × the nadir), a
/// pretreatment value under twice the upper limit (not evaluable for response), and no
/// pretreatment sample within the 2 weeks before the first dose.
public struct GCIGGenerator: SyntheticStudy {
    public struct Options: Sendable {
        /// The random seed: the same seed gives the same files.
        public var seed: UInt64 = 1
        public var subjects = 40
        public var studyID = "RDT-OV-001"
        public var start = CalendarDate(year: 2021, month: 9, day: 6)!
        /// Nothing is generated after this day (the study's data cut-off).
        public var cutoff = CalendarDate(year: 2022, month: 12, day: 31)!
        /// The defaults: 40 patients enrolled over 8 months from 2021-09-06, data to 2022-12-31.
        public init() {}
    }

    public let options: Options
    /// A generator with `options`.
    public init(options: Options = Options()) { self.options = options }

    /// CA-125 as a fraction of the pretreatment value at each 3-weekly visit (visit 1 is week 3).
    static func course(_ kind: Int, pre: Double) -> [Double] {
        let normal = 30 / pre
        let n = 16
        switch kind {
        case 0:  // to normal and staying there
            return (1...n).map { k -> Double in max(normal, pow(0.55, Double(k))) }
        case 1:  // halved, not to normal
            return (1...n).map { k -> Double in k < 3 ? 0.7 : 0.42 }
        case 2:  // halved once, then back up
            return (1...n).map { k -> Double in k == 2 ? 0.45 : 0.8 }
        case 3:  // to normal, then above twice the upper limit
            return (1...n).map { k -> Double in
                k <= 6 ? max(normal, pow(0.5, Double(k))) : min(1.5, normal * pow(1.6, Double(k - 6)))
            }
        case 4:  // down without normalising, then doubling from the nadir
            return (1...n).map { k -> Double in k <= 4 ? 1 - 0.15 * Double(k) : 0.4 * pow(1.35, Double(k - 4)) }
        default:  // stable
            return (1...n).map { _ in 0.95 }
        }
    }

    public func generate() -> [Table] {
        var rng = RandomSource(seed: options.seed)
        let o = options
        var dm = Table(
            name: "dm", header: ["STUDYID", "DOMAIN", "USUBJID", "SUBJID", "RFSTDTC", "AGE", "SEX", "ARMCD", "ARM"])
        var ex = Table(
            name: "ex",
            header: ["STUDYID", "DOMAIN", "USUBJID", "EXSEQ", "EXTRT", "EXDOSE", "EXDOSU", "EXSTDTC", "EXENDTC"])
        var lb = Table(
            name: "lb",
            header: [
                "STUDYID", "DOMAIN", "USUBJID", "LBSEQ", "LBTESTCD", "LBTEST", "LBORRES", "LBORRESU", "LBSTRESC",
                "LBSTRESN", "LBSTRESU", "LBSTNRHI", "VISITNUM", "VISIT", "LBDTC",
            ])
        for s in 1...o.subjects {
            let id = "\(o.studyID)-\(pad(s, 3))"
            let first = o.start.adding(days: (s - 1) * 240 / max(1, o.subjects) + rng.int(0...3))
            let kind = rng.int(0...7)
            // Kind 6: a pretreatment value under twice the upper limit; kind 7: sampled too early.
            let pre = kind == 6 ? Double(rng.int(40...65)) : Double(rng.int(90...1500))
            let course = Self.course(kind >= 6 ? 5 : kind, pre: pre)
            var seq = 0
            func sample(_ day: CalendarDate, _ visit: String, _ number: Int, _ value: Double) {
                seq += 1
                let text = NumberFormat.trimmed((value * 10).rounded() / 10, decimals: 1)
                lb.add([
                    o.studyID, "LB", id, String(seq), "CA125", "CA-125 Antigen", text, "U/mL", text, text, "U/mL",
                    "35", String(number), visit, day.iso,
                ])
            }
            sample(first.adding(days: kind == 7 ? -rng.int(20...30) : -rng.int(1...10)), "SCREENING", 1, pre)
            var last = first
            for (k, f) in course.enumerated() {
                let day = first.adding(days: 21 * (k + 1) + rng.int(-1...1))
                if day > o.cutoff { break }
                sample(day, "CYCLE \(k + 2) DAY 1", k + 2, pre * f)
                last = day
            }
            ex.add([o.studyID, "EX", id, "1", "READOUTPARIB", "300", "mg", first.iso, last.iso])
            dm.add([o.studyID, "DM", id, pad(s, 3), first.iso, String(rng.int(38...79)), "F", "OV", "READOUTPARIB"])
        }
        return [dm, ex, lb]
    }

}

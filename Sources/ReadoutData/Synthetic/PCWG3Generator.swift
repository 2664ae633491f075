import Foundation
import ReadoutCore

/// Generates a synthetic metastatic prostate cancer study with PSA every 4 weeks in LB (ng/mL):
/// READOUTALUTAMIDE 240 mg daily, 40 patients. The PSA courses are those PCWG3 distinguishes: deep
/// declines (PSA90), declines of 50% or more with and without a later confirmed rise above the
/// nadir, an early rise that turns into a decline (a flare, not progression), a rise from week 12
/// without a decline, and stable values; a few samples were not done (blank result).
public struct PCWG3Generator: SyntheticStudy {
    public struct Options: Sendable {
        /// The random seed: the same seed gives the same files.
        public var seed: UInt64 = 1
        public var subjects = 40
        public var studyID = "RDT-PC-001"
        public var start = CalendarDate(year: 2021, month: 2, day: 1)!
        /// Nothing is generated after this day (the study's data cut-off).
        public var cutoff = CalendarDate(year: 2022, month: 6, day: 30)!
        /// The defaults: 40 patients enrolled over 9 months from 2021-02-01, data to 2022-06-30.
        public init() {}
    }

    public let options: Options
    /// A generator with `options`.
    public init(options: Options = Options()) { self.options = options }

    /// PSA as a fraction of baseline at each 4-weekly visit (visit 1 is week 4).
    static func course(_ rng: inout RandomSource) -> [Double] {
        let visits = 13
        switch rng.int(0...5) {
        case 0:  // deep decline, sustained
            var out: [Double] = []
            for k in 1...visits { out.append(max(0.02, pow(0.5, Double(k)) + 0.01 * Double(rng.int(0...3)))) }
            return out
        case 1:  // decline, then a rise above the nadir
            let nadirAt = rng.int(3...6)
            return (1...visits).map { k -> Double in
                let x = Double(k)
                let n = Double(nadirAt)
                return k <= nadirAt ? 1 - 0.6 * x / n : 0.4 + 0.15 * (x - n)
            }
        case 2:  // a flare: up first, then down
            return (1...visits).map { k -> Double in
                let x = Double(k)
                return k <= 2 ? 1 + 0.3 * x : max(0.2, 1.6 - 0.2 * x)
            }
        case 3:  // rising from the start, without a decline
            return (1...visits).map { k -> Double in 1 + 0.12 * Double(k) }
        case 4:  // a decline short of 50%
            return (1...visits).map { k -> Double in 1 - min(0.45, 0.08 * Double(k)) }
        default:  // stable
            var out: [Double] = []
            for _ in 1...visits { out.append(0.9 + 0.05 * Double(rng.int(0...4))) }
            return out
        }
    }

    public func generate() -> [Table] {
        var rng = RandomSource(seed: options.seed)
        let o = options
        var dm = Table(
            name: "dm",
            header: ["STUDYID", "DOMAIN", "USUBJID", "SUBJID", "RFSTDTC", "AGE", "SEX", "ARMCD", "ARM"])
        var ex = Table(
            name: "ex",
            header: ["STUDYID", "DOMAIN", "USUBJID", "EXSEQ", "EXTRT", "EXDOSE", "EXDOSU", "EXSTDTC", "EXENDTC"])
        var lb = Table(
            name: "lb",
            header: [
                "STUDYID", "DOMAIN", "USUBJID", "LBSEQ", "LBTESTCD", "LBTEST", "LBORRES", "LBORRESU", "LBSTRESC",
                "LBSTRESN", "LBSTRESU", "LBSTAT", "VISITNUM", "VISIT", "LBDTC",
            ])
        for s in 1...o.subjects {
            let id = "\(o.studyID)-\(pad(s, 3))"
            let first = o.start.adding(days: (s - 1) * 270 / max(1, o.subjects) + rng.int(0...3))
            let baseline = Double(rng.int(8...400))
            let course = Self.course(&rng)
            var seq = 0
            func sample(_ day: CalendarDate, _ visit: String, _ number: Int, _ value: Double?) {
                seq += 1
                let text = value.map { NumberFormat.trimmed($0, decimals: 2) } ?? ""
                lb.add([
                    o.studyID, "LB", id, String(seq), "PSA", "Prostate Specific Antigen", text, "ng/mL", text, text,
                    value == nil ? "" : "ng/mL", value == nil ? "NOT DONE" : "", String(number), visit, day.iso,
                ])
            }
            sample(first.adding(days: -rng.int(3...10)), "SCREENING", 1, baseline)
            var last = first
            for (k, f) in course.enumerated() {
                let day = first.adding(days: 28 * (k + 1) + rng.int(-2...2))
                if day > o.cutoff { break }
                let done = !rng.bernoulli(0.03)
                sample(day, "WEEK \(4 * (k + 1))", k + 2, done ? (baseline * f * 100).rounded() / 100 : nil)
                last = day
            }
            ex.add([o.studyID, "EX", id, "1", "READOUTALUTAMIDE", "240", "mg", first.iso, last.iso])
            dm.add([
                o.studyID, "DM", id, pad(s, 3), first.iso, String(rng.int(52...86)), "M", "PC", "READOUTALUTAMIDE",
            ])
        }
        return [dm, ex, lb]
    }

}

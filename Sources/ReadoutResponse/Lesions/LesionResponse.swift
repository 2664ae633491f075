import ReadoutCore
import ReadoutData

/// One lesion as identified at baseline or later (TU).
public struct Lesion: Sendable, Codable, Equatable {
    /// A lesion's role: target, non-target or new.
    public enum Role: String, Sendable, Codable {
        case target = "TARGET"
        case nonTarget = "NON-TARGET"
        case new = "NEW"
    }
    public var id: String
    public var role: Role
    public var location: String
    /// Lymph node: measured by short axis, normal under 10 mm.
    public var isNode: Bool
    public var identified: CalendarDate?
}

/// A lesion's state at one assessment.
public enum LesionState: Sendable, Codable, Equatable {
    case diameter(Double)  // target lesions, mm
    case present, absent, unequivocalProgression, notEvaluable
}

/// One post-baseline assessment computed from lesion data, with the tumour-size derivations.
public struct LesionAssessment: Sendable, Codable, Equatable {
    public var date: CalendarDate
    public var visit: String
    /// Sum of target-lesion diameters (nil when a target lesion was not measured).
    public var sum: Double?
    public var changeFromBaseline: Double?
    public var percentChangeFromBaseline: Double?
    /// Smallest sum before this assessment (baseline included).
    public var nadir: Double?
    public var percentChangeFromNadir: Double?
    public var target: String
    public var nonTarget: String
    public var newLesion: Bool
    public var overall: Response
    public var why: String
}

/// RECIST 1.1 for one subject from its lesions: baseline sum, then each assessment's target,
/// non-target, new-lesion and overall response (Eisenhauer et al. 2009, tables 1 and 2).
public struct SubjectLesionResult: Sendable, Codable, Equatable {
    public var subject: String
    public var baselineSum: Double?
    public var baselineDate: CalendarDate?
    public var targetCount: Int
    public var assessments: [LesionAssessment]
    /// Best (most negative) percent change from baseline: the waterfall plot's value.
    public var bestPercentChange: Double? {
        assessments.compactMap(\.percentChangeFromBaseline).min()
    }
}

enum RECISTLesions {
    /// Derives the assessments of one subject. `measurements` are (lesion id, date, visit, state);
    /// dates on or before `firstDose` are baseline (the latest per lesion counts).
    public static func assess(
        subject: String, lesions: [Lesion],
        measurements: [(id: String, date: CalendarDate, visit: String, state: LesionState)],
        firstDose: CalendarDate?
    ) -> SubjectLesionResult {
        let byID = Dictionary(lesions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let targets = lesions.filter { $0.role == .target }
        let nonTargets = lesions.filter { $0.role == .nonTarget }
        let cut = firstDose ?? measurements.map(\.date).min() ?? CalendarDate(dayNumber: 0)
        // Baseline: latest value per target lesion on or before the first dose.
        var baseline: [String: (CalendarDate, Double)] = [:]
        for m in measurements where m.date <= cut {
            if case .diameter(let d) = m.state, byID[m.id]?.role == .target {
                if let b = baseline[m.id], b.0 > m.date { continue }
                baseline[m.id] = (m.date, d)
            }
        }
        let baselineSum: Double? =
            targets.isEmpty
            ? nil
            : (targets.allSatisfy { baseline[$0.id] != nil } ? targets.reduce(0) { $0 + baseline[$1.id]!.1 } : nil)
        // Post-baseline assessments grouped by visit (its date: the latest scan of the visit).
        var groups: [String: (date: CalendarDate, items: [(String, LesionState)])] = [:]
        var order: [String] = []
        for m in measurements where m.date > cut {
            let key = m.visit.isEmpty ? m.date.iso : m.visit
            if groups[key] == nil {
                groups[key] = (m.date, [])
                order.append(key)
            }
            groups[key]!.date = max(groups[key]!.date, m.date)
            groups[key]!.items.append((m.id, m.state))
        }
        // New lesions by the visit they appeared at.
        let newLesions = lesions.filter { $0.role == .new }
        var out: [LesionAssessment] = []
        var nadir = baselineSum
        var sawNew = Set<String>()
        for key in order.sorted(by: { groups[$0]!.date < groups[$1]!.date }) {
            let g = groups[key]!
            var states: [String: LesionState] = [:]
            for (id, s) in g.items { states[id] = s }
            // Target response.
            var target = "NA"
            var sum: Double? = nil
            var why: [String] = []
            if !targets.isEmpty {
                var s = 0.0
                var missing = 0
                var allNormal = true
                for t in targets {
                    if case .diameter(let d)? = states[t.id] {
                        s += d
                        if t.isNode ? d >= 10 : d > 0 { allNormal = false }
                    } else {
                        missing += 1
                        allNormal = false
                    }
                }
                let base = baselineSum
                let n = nadir
                let pdByIncrease = n.map { s - $0 >= 5 && s >= 1.2 * $0 } ?? false
                if missing == 0 {
                    sum = s
                    if allNormal {
                        target = "CR"
                        why.append("all target lesions gone (nodes under 10 mm)")
                    } else if pdByIncrease {
                        target = "PD"
                        why.append("sum \(fmt(s)) mm is ≥20% and ≥5 mm above the nadir \(fmt(n!)) mm")
                    } else if let b = base, b > 0, (s - b) / b <= -0.3 {
                        target = "PR"
                        why.append("sum \(fmt(s)) mm is ≥30% below baseline \(fmt(b)) mm")
                    } else if base == nil {
                        target = "NE"
                        why.append("no complete baseline measurement")
                    } else {
                        target = "SD"
                        why.append("sum \(fmt(s)) mm")
                    }
                } else if pdByIncrease {
                    target = "PD"
                    why.append(
                        "\(missing) target lesion(s) not measured, but the measured ones already exceed the nadir "
                            + "by ≥20% and ≥5 mm"
                    )
                } else {
                    target = "NE"
                    why.append("\(missing) target lesion(s) not measured")
                }
            }
            // Non-target response.
            var nonTarget = "NA"
            if !nonTargets.isEmpty {
                let st = nonTargets.map { states[$0.id] }
                if st.contains(where: { $0 == .unequivocalProgression }) {
                    nonTarget = "PD"
                    why.append("unequivocal non-target progression")
                } else if st.contains(where: { $0 == nil || $0 == .notEvaluable }) {
                    nonTarget = "NE"
                } else if st.allSatisfy({ $0 == .absent }) {
                    nonTarget = "CR"
                } else {
                    nonTarget = "NON-CR/NON-PD"
                }
            }
            // New lesions identified at this assessment (or earlier post-baseline and not yet counted).
            let isNew =
                newLesions.contains { l in
                    guard let d = l.identified, d > cut, d <= g.date, !sawNew.contains(l.id) else { return false }
                    return true
                } || g.items.contains { byID[$0.0]?.role == .new && $0.1 != .absent && !sawNew.contains($0.0) }
            for l in newLesions where (l.identified.map { $0 <= g.date } ?? false) { sawNew.insert(l.id) }
            if isNew { why.append("new lesion") }
            let overall = combine(target: target, nonTarget: nonTarget, newLesion: isNew)
            var a = LesionAssessment(
                date: g.date, visit: key, sum: sum, changeFromBaseline: nil, percentChangeFromBaseline: nil,
                nadir: nadir, percentChangeFromNadir: nil, target: target, nonTarget: nonTarget, newLesion: isNew,
                overall: overall, why: why.joined(separator: "; "))
            if let s = sum, let b = baselineSum {
                a.changeFromBaseline = s - b
                if b > 0 { a.percentChangeFromBaseline = (s - b) / b * 100 }
                if let n = nadir, n > 0 { a.percentChangeFromNadir = (s - n) / n * 100 }
                nadir = min(nadir ?? s, s)
            }
            out.append(a)
        }
        return SubjectLesionResult(
            subject: subject, baselineSum: baselineSum, baselineDate: baseline.values.map(\.0).max(),
            targetCount: targets.count, assessments: out)
    }

    /// RECIST 1.1 table 1 (target and non-target) and table 2 (non-target only).
    public static func combine(target: String, nonTarget: String, newLesion: Bool) -> Response {
        if newLesion || target == "PD" || nonTarget == "PD" { return .pd }
        switch target {
        case "CR":
            return nonTarget == "CR" || nonTarget == "NA" ? .cr : .pr
        case "PR":
            return .pr
        case "SD":
            return .sd
        case "NE":
            return .ne
        default:  // no target lesions
            switch nonTarget {
            case "CR": return .cr
            case "NON-CR/NON-PD": return .nonCRNonPD
            default: return .ne
            }
        }
    }

    static func fmt(_ d: Double) -> String { formatNumber(d) }
}

import ReadoutCore

/// Dose-transition pathways: for every possible number of DLTs in each of the next k cohorts, the
/// dose each cohort gets, as a protocol prints them (Yap et al., 2017).
public enum Pathways {
    /// One pathway: the outcomes of each cohort and the doses they lead to.
    public struct Path: Sendable, Equatable {
        /// DLTs in each of the next cohorts.
        public var outcomes: [Int]
        /// 0-based dose given to each of those cohorts, then the dose after the last (nil: stop).
        public var doses: [Int?]
    }

    /// Every pathway of the next `cohorts` cohorts from the data, as a protocol's dose-transition table.
    public static func enumerate(
        design: any EscalationDesign, data: DoseData, current: Int, cohorts k: Int, cohortSize: Int
    ) -> [Path] {
        var out: [Path] = []
        func walk(_ data: DoseData, _ dose: Int?, _ eliminatedFrom: Int, _ outcomes: [Int], _ doses: [Int?]) {
            if outcomes.count == k || dose == nil {
                out.append(Path(outcomes: outcomes, doses: doses))
                return
            }
            let d = dose!
            for y in 0...cohortSize {
                var next = data
                next.treated[d] += cohortSize
                next.dlts[d] += y
                next.lastCohort = CohortOutcome(dose: d, treated: cohortSize, dlts: y)
                var elim = eliminatedFrom
                var nd: Int? = d
                switch design.decide(current: d, data: next) {
                case .escalate: nd = d + 1 < elim ? d + 1 : d
                case .deEscalate: nd = max(0, d - 1)
                case .eliminate:
                    elim = min(elim, d)
                    nd = d == 0 ? nil : d - 1
                case .stop: nd = nil
                case .stay, .expand: nd = d
                }
                walk(next, nd, elim, outcomes + [y], doses + [nd])
            }
        }
        walk(data, current, data.levels, [], [current])
        return out
    }

    /// One line per path: "0 DLT → dose 2, 1 DLT → dose 2, ...".
    public static func text(_ paths: [Path], labels: [String], cohortSize: Int) -> String {
        var s =
            "Dose-transition pathways (cohorts of \(cohortSize)); start at "
            + "\(labels[paths.first?.doses.first.flatMap { $0 } ?? 0])\n"
        for p in paths {
            var parts: [String] = []
            for (i, y) in p.outcomes.enumerated() {
                let next = p.doses[i + 1].map { labels[$0] } ?? "stop"
                parts.append("\(y)/\(cohortSize) → \(next)")
            }
            s += "  " + parts.joined(separator: ", ") + "\n"
        }
        return s
    }
}

import Foundation
import ReadoutCore

extension SimulationFile {
    /// One entry of `scenario_grids:`: a family of true toxicity curves (docs/simulation.md,
    /// "Scenario grids").
    public struct GridEntry: Codable, Sendable {
        /// `every-mtd` (the target placed at each dose in turn) or `random` (random increasing curves).
        public var family: String
        /// The prefix of the scenarios' names (default: the family).
        public var name: String?
        /// `every-mtd`: the logistic slopes per dose level, one grid of curves per slope (default [1]).
        public var slopes: [Double]?
        /// `random`: how many curves.
        public var count: Int?
        /// `random`: the seed of the curves (default: the file's seed).
        public var seed: UInt64?
        /// `random`: the MTD's true rate lies within ± `width` of the target (default 0.05).
        public var width: Double?
    }

    /// The kinds of grid.
    public enum GridFamily: String, Sendable, CaseIterable {
        /// The target at each dose in turn: p_j = expit(logit(target) + slope × (j − k)) for MTD k.
        case everyMTD = "every-mtd"
        /// Random increasing curves around a uniformly placed MTD.
        case random
    }

    /// The curves of `grid` over `levels` doses for `target`, each a scenario, or problems at `place`.
    static func scenarios(
        of grid: GridEntry, place: String, levels: Int, target: Double, fileSeed: UInt64,
        problem: (String, String, String?, String?) -> Void
    ) -> [Scenario] {
        guard let family = GridFamily(rawValue: grid.family) else {
            problem(
                "\(place) family", "unknown family", grid.family,
                GridFamily.allCases.map(\.rawValue).joined(separator: " or "))
            return []
        }
        guard levels >= 2 else { return [] }
        let prefix = grid.name ?? family.rawValue
        func logit(_ p: Double) -> Double { log(p / (1 - p)) }
        func expit(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        func rounded(_ p: Double) -> Double { (p * 1000).rounded() / 1000 }
        switch family {
        case .everyMTD:
            let slopes = grid.slopes ?? [1]
            if slopes.isEmpty || slopes.contains(where: { !($0 > 0 && $0 <= 10) }) {
                problem(
                    "\(place) slopes", "out of range", slopes.map(formatNumber).joined(separator: ", "),
                    "slopes above 0 and at most 10")
                return []
            }
            return slopes.flatMap { slope in
                (0..<levels).map { k in
                    Scenario(
                        name: "\(prefix): MTD at dose \(k + 1), slope \(formatNumber(slope))",
                        truth: (0..<levels).map { j in rounded(expit(logit(target) + slope * Double(j - k))) },
                        response: nil)
                }
            }
        case .random:
            let width = grid.width ?? 0.05
            guard let count = grid.count, (1...100_000).contains(count) else {
                problem("\(place) count", "out of range", grid.count.map(String.init), "1 to 100,000 curves")
                return []
            }
            guard width > 0, target - width > 0, target + width < 1 else {
                problem(
                    "\(place) width", "out of range", formatNumber(width),
                    "a half-width that keeps target ± width inside 0 to 1")
                return []
            }
            var rng = RandomSource(seed: grid.seed ?? fileSeed)
            return (1...count).map { i in
                let m = rng.int(0...(levels - 1))
                var p = [Double](repeating: 0, count: levels)
                p[m] = target - width + 2 * width * rng.uniform()
                for j in stride(from: m - 1, through: 0, by: -1) { p[j] = p[j + 1] * (0.2 + 0.6 * rng.uniform()) }
                for j in (m + 1)..<levels { p[j] = p[j - 1] + (1 - p[j - 1]) * (0.1 + 0.4 * rng.uniform()) }
                return Scenario(name: "\(prefix) \(i)", truth: p.map(rounded), response: nil)
            }
        }
    }
}

import Foundation
import ReadoutCore
import ReadoutStatistics

/// A combination of two drugs' dose levels: `a` indexes drug A's levels (the grid's rows), `b`
/// drug B's (its columns), both from 0. Drug A has no more levels than drug B, as in the R BOIN
/// package (a grid is turned so).
public struct DosePair: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var a: Int
    public var b: Int

    public init(_ a: Int, _ b: Int) {
        self.a = a
        self.b = b
    }

    public static func < (x: DosePair, y: DosePair) -> Bool { (x.a, x.b) < (y.a, y.b) }
    /// As a protocol writes it: levels from 1, drug A first.
    public var description: String { "(\(a + 1), \(b + 1))" }
}

/// Patients treated and DLTs observed at each combination of a `rows` × `columns` grid.
public struct CombinationData: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var treated: [Int]
    public var dlts: [Int]

    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        treated = Array(repeating: 0, count: rows * columns)
        dlts = treated
    }

    func index(_ d: DosePair) -> Int { d.a * columns + d.b }
    public func treated(_ d: DosePair) -> Int { treated[index(d)] }
    public func dlts(_ d: DosePair) -> Int { dlts[index(d)] }
    public func contains(_ d: DosePair) -> Bool { (0..<rows).contains(d.a) && (0..<columns).contains(d.b) }

    public mutating func add(_ d: DosePair, treated n: Int, dlts y: Int) {
        treated[index(d)] += n
        dlts[index(d)] += y
    }

    /// Every combination, row by row.
    public var pairs: [DosePair] { (0..<rows).flatMap { a in (0..<columns).map { DosePair(a, $0) } } }
}

/// What the combination design says for the next cohort.
public struct CombinationDecision: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case escalate, stay
        case deEscalate = "de-escalate"
        case stop
    }
    public var kind: Kind
    /// The combination the next cohort is treated at (nil when the trial stops).
    public var next: DosePair?
    /// The combinations the design chose among, each with P(λe < p < λd) and its patients, when
    /// it escalated or de-escalated: the one with the largest score (the probability plus 0.0005
    /// per patient) is taken, a tie by the random stream.
    public var candidates: [(pair: DosePair, probability: Double, patients: Int)]
    /// Eliminated now: the current combination and every combination at least as high in both drugs.
    public var eliminates: Bool

    public static func == (x: CombinationDecision, y: CombinationDecision) -> Bool {
        x.kind == y.kind && x.next == y.next && x.eliminates == y.eliminates
            && x.candidates.map(\.pair) == y.candidates.map(\.pair)
    }
}

/// BOIN for drug combinations (Lin and Yin, Statistical Methods in Medical Research 2017), as the
/// R BOIN package's `get.oc.comb` and `select.mtd.comb` conduct and select it (docs/combinations.md):
///
/// - Escalate when y ≤ ⌊n λe⌋ at the current combination: to the neighbour one level higher in
///   drug A or in drug B (not eliminated) with the largest P(λe < p < λd | Beta(y + ½, n − y + ½))
///   plus 0.0005 × its patients; de-escalate when y ≥ the de-escalation boundary, to the neighbour
///   one level lower likewise; otherwise stay.
/// - Eliminate the current combination and all combinations at least as high in both drugs when
///   n ≥ 3 and P(p > φ | Beta(y + 1, n − y + 1)) > the cut-off (0.95); stop when that is (1, 1).
/// - Stop when `earlyStopAt` patients are at the current combination and the design would not move
///   away from it (BOIN's n.earlystop).
/// - At the end, the MTD is the combination whose bivariate-isotonic estimate is closest to φ
///   among those treated and not eliminated.
public struct CombinationBOIN: Sendable {
    /// The one-dimensional BOIN's boundaries and elimination rule.
    public var boin: BOIN
    public var earlyStopAt: Int
    /// Escalation for ties and untreated neighbours: each patient at a candidate adds this to its score.
    public static let patientBonus = 0.0005

    public init(
        target: Double, phi1: Double? = nil, phi2: Double? = nil, eliminationCutoff: Double = 0.95,
        earlyStopAt: Int = 100, maxPatients: Int = 120
    ) {
        boin = BOIN(target: target, phi1: phi1, phi2: phi2, eliminationCutoff: eliminationCutoff)
        self.earlyStopAt = earlyStopAt
        tables = Tables()
        tables = Self.tables(self, maxPatients: maxPatients)
    }

    static func tables(_ d: CombinationBOIN, maxPatients: Int) -> Tables {
        var t = Tables()
        for n in 0...maxPatients {
            t.escalate.append(d.computeEscalationBoundary(n))
            t.eliminate.append(d.computeEliminationBoundary(n))
            t.deEscalate.append(d.computeDeEscalationBoundary(n))
            t.near.append((0...n).map { d.computeNearTarget($0, n) })
        }
        return t
    }

    public var target: Double { boin.target }

    /// The boundaries and probabilities by number of patients, computed once for up to
    /// `maxPatients` (beyond, they are computed when asked).
    private(set) var tables: Tables

    struct Tables: Sendable {
        var escalate: [Int] = []
        var deEscalate: [Int] = []
        var eliminate: [Int?] = []
        /// nearTarget[n][y].
        var near: [[Double]] = []
    }

    /// The largest DLT count that escalates with `n` patients: ⌊n λe⌋.
    public func escalationBoundary(_ n: Int) -> Int {
        n < tables.escalate.count ? tables.escalate[n] : computeEscalationBoundary(n)
    }

    func computeEscalationBoundary(_ n: Int) -> Int { boin.escalationBoundary(patients: n) }

    /// The smallest DLT count that de-escalates with `n` patients: ⌈n λd⌉ (n λd + 1 when n λd is a
    /// whole number), and never above the elimination boundary.
    public func deEscalationBoundary(_ n: Int) -> Int {
        n < tables.deEscalate.count ? tables.deEscalate[n] : computeDeEscalationBoundary(n)
    }

    func computeDeEscalationBoundary(_ n: Int) -> Int { boin.deEscalationBoundary(patients: n) }

    /// The smallest DLT count that eliminates with `n` patients (none below 3 patients, or when
    /// even n DLTs do not).
    public func eliminationBoundary(_ n: Int) -> Int? {
        n < tables.eliminate.count ? tables.eliminate[n] : computeEliminationBoundary(n)
    }

    /// Whether y of n eliminate a combination (as `eliminationBoundary`).
    func eliminatesAtSelection(_ y: Int, _ n: Int) -> Bool {
        guard let e = eliminationBoundary(n) else { return false }
        return y >= e
    }

    func computeEliminationBoundary(_ n: Int) -> Int? { boin.eliminationBoundary(patients: n) }

    /// P(λe < p < λd) under Beta(y + ½, n − y + ½): how likely the combination is near the target.
    public func nearTarget(_ y: Int, _ n: Int) -> Double {
        n < tables.near.count ? tables.near[n][y] : computeNearTarget(y, n)
    }

    func computeNearTarget(_ y: Int, _ n: Int) -> Double {
        let a = Double(y) + 0.5
        let b = Double(n - y) + 0.5
        return SpecialFunctions.incompleteBeta(boin.lambdaD, a, b) - SpecialFunctions.incompleteBeta(boin.lambdaE, a, b)
    }

    /// The decision after a cohort at `current`; `eliminated` is updated. Ties between candidates
    /// are broken by `tieBreak` (a uniform number in [0, 1)), drawn only when there is a tie.
    public func decide(
        current d: DosePair, data: CombinationData, eliminated: inout [Bool], tieBreak: () -> Double
    ) -> CombinationDecision {
        let n = data.treated(d)
        let y = data.dlts(d)
        var eliminates = false
        if let e = eliminationBoundary(n), y >= e {
            eliminates = true
            for a in d.a..<data.rows { for b in d.b..<data.columns { eliminated[a * data.columns + b] = true } }
            if d == DosePair(0, 0) {
                return CombinationDecision(kind: .stop, next: nil, candidates: [], eliminates: true)
            }
        }
        let top = DosePair(data.rows - 1, data.columns - 1)
        func blocked(_ p: DosePair) -> Bool { !data.contains(p) || eliminated[data.index(p)] }
        let upward = [DosePair(d.a + 1, d.b), DosePair(d.a, d.b + 1)]
        let cannotEscalate = d == top || upward.allSatisfy(blocked)
        if n >= earlyStopAt, y > escalationBoundary(n) || cannotEscalate,
            y < deEscalationBoundary(n) || d == DosePair(0, 0)
        {
            return CombinationDecision(kind: .stop, next: d, candidates: [], eliminates: eliminates)
        }
        let moves: [DosePair]
        let kind: CombinationDecision.Kind
        if y <= escalationBoundary(n) {
            moves = upward.filter { !blocked($0) }
            kind = .escalate
        } else if y >= deEscalationBoundary(n) {
            moves = [DosePair(d.a - 1, d.b), DosePair(d.a, d.b - 1)].filter { data.contains($0) }
            kind = .deEscalate
        } else {
            return CombinationDecision(kind: .stay, next: d, candidates: [], eliminates: eliminates)
        }
        guard !moves.isEmpty else {
            return CombinationDecision(kind: .stay, next: d, candidates: [], eliminates: eliminates)
        }
        let candidates = moves.map {
            (
                pair: $0, probability: nearTarget(data.dlts($0), data.treated($0)),
                patients: data.treated($0)
            )
        }
        let scores = candidates.map { $0.probability + Self.patientBonus * Double($0.patients) }
        let best = scores.max()!
        let tied = scores.indices.filter { scores[$0] == best }
        let k = tied.count == 1 ? tied[0] : tied[min(tied.count - 1, Int(tieBreak() * Double(tied.count)))]
        return CombinationDecision(kind: kind, next: candidates[k].pair, candidates: candidates, eliminates: eliminates)
    }

    /// The MTD at the end (`select.mtd.comb`): combinations are eliminated, row by row, where n ≥ 3
    /// and P(p > φ) > the cut-off (that combination's column from it down and row from it right,
    /// the first such in each row); none when (1, 1) is; otherwise the bivariate isotonic estimate
    /// of (y + 0.05)/(n + 0.1) with weights n + 0.1, and the treated, non-eliminated combination
    /// closest to φ (ties: lower drug B level, then lower drug A level).
    public func selectMTD(data: CombinationData) -> (mtd: DosePair?, estimates: [Double?]) {
        let r = data.rows
        let c = data.columns
        var fitter = BivariateIsotonic(rows: r, columns: c)
        return selectMTD(data: data, fitter: &fitter)
    }

    /// As `selectMTD(data:)`, with a fitter whose buffers are reused (one per simulation thread).
    func selectMTD(data: CombinationData, fitter: inout BivariateIsotonic) -> (mtd: DosePair?, estimates: [Double?]) {
        let r = data.rows
        let c = data.columns
        var eliminated = Array(repeating: false, count: r * c)
        for a in 0..<r {
            for b in 0..<c where data.treated[a * c + b] >= 3 {
                if eliminatesAtSelection(data.dlts[a * c + b], data.treated[a * c + b]) {
                    for i in a..<r { eliminated[i * c + b] = true }
                    for j in b..<c { eliminated[a * c + j] = true }
                    break
                }
            }
        }
        guard !eliminated[0] else { return (nil, Array(repeating: nil, count: r * c)) }
        let raw = (0..<r * c).map { (Double(data.dlts[$0]) + 0.05) / (Double(data.treated[$0]) + 0.1) }
        let fitted = fitter.fit(raw, weights: data.treated.map { Double($0) + 0.1 })
        var best: (pair: DosePair, distance: Double)? = nil
        // Column by column, as R's which(arr.ind = TRUE) finds the first of equal distances.
        for b in 0..<c {
            for a in 0..<r {
                let k = a * c + b
                guard data.treated[k] > 0 else { continue }
                // R's tiny offset by position breaks ties between equal estimates toward lower levels.
                let p = (eliminated[k] ? 1.1 : fitted[k]) + 1e-5 * Double(a + b + 2)
                let distance = abs(p - target)
                if best == nil || distance < best!.distance { best = (DosePair(a, b), distance) }
            }
        }
        let estimates = (0..<r * c).map { data.treated[$0] > 0 ? fitted[$0] : nil }
        return (best?.pair, estimates)
    }
}

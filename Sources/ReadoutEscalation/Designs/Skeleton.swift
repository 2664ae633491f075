import Foundation
import ReadoutCore

/// CRM skeletons by the indifference-interval method (Lee and Cheung, 2009): the prior guess of the
/// MTD gets the target θ; each neighbouring dose is placed so that, as β moves, a dose's DLT
/// probability leaves the interval θ ± δ exactly where its neighbour's enters it. Every dose is then
/// the model's choice over an interval of β, and none is favoured by the skeleton alone.
public enum Skeleton {
    /// `priorMTD` is 0-based.
    public static func indifference(
        target: Double, halfWidth: Double, priorMTD: Int, levels: Int,
        model: CRM.Model = .empiric, intercept: Double = 3
    ) -> [Double] {
        precondition(
            halfWidth > 0 && halfWidth < target && target + halfWidth < 1 && priorMTD >= 0 && priorMTD < levels)
        var s = [Double](repeating: 0, count: levels)
        s[priorMTD] = target
        let hi = target + halfWidth
        let lo = target - halfWidth
        func logit(_ p: Double) -> Double { log(p / (1 - p)) }
        func expit(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        switch model {
        case .empiric:
            // β where p_k reaches a bound, then the neighbour that sits at the other bound there.
            if priorMTD > 0 {
                for k in stride(from: priorMTD, to: 0, by: -1) { s[k - 1] = exp(log(lo) * log(s[k]) / log(hi)) }
            }
            if priorMTD < levels - 1 {
                for k in priorMTD..<(levels - 1) { s[k + 1] = exp(log(hi) * log(s[k]) / log(lo)) }
            }
        case .logistic:
            let a0 = intercept
            if priorMTD > 0 {
                for k in stride(from: priorMTD, to: 0, by: -1) {
                    s[k - 1] = expit(a0 + (logit(lo) - a0) * (logit(s[k]) - a0) / (logit(hi) - a0))
                }
            }
            if priorMTD < levels - 1 {
                for k in priorMTD..<(levels - 1) {
                    s[k + 1] = expit(a0 + (logit(hi) - a0) * (logit(s[k]) - a0) / (logit(lo) - a0))
                }
            }
        }
        return s
    }
}

/// A design given as a decision table (for example the protocol's own): for each number treated
/// at the current dose and each DLT count, the decision. MTD selection by isotonic regression.
public struct TableDesign: EscalationDesign {
    public var target: Double
    public var table: [Int: [Int: Decision]]
    public var label: String

    /// A design deciding by `table`, selecting the MTD for `target`.
    public init(target: Double, table: [Int: [Int: Decision]], label: String = "Decision table") {
        self.target = target
        self.table = table
        self.label = label
    }

    /// Reads `treated,dlts,decision` rows (decisions E, S, D, DU, STOP, X), as `DecisionTable.csv()`
    /// writes them. Every malformed row is reported (with its row number in `file`), not only the first.
    public static func parse(csv: String, target: Double, file: String? = nil) throws -> TableDesign {
        var table: [Int: [Int: Decision]] = [:]
        var problems: [Problem] = []
        for (i, line) in csv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let f = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            if i == 0 && f.first?.lowercased() == "treated" { continue }
            guard f.count == 3, let n = Int(f[0]), let y = Int(f[1]), y >= 0, y <= n,
                let d = Decision(rawValue: f[2].uppercased())
            else {
                problems.append(
                    Problem(
                        .error, "decision-table", file: file, location: RecordLocation(word: "row", number: i + 1),
                        value: String(line),
                        expected: "treated,dlts,decision with DLTs no more than treated "
                            + "and a decision of E, S, D, DU, STOP or X", message: "not a decision"))
                continue
            }
            table[n, default: [:]][y] = d
        }
        if !problems.isEmpty { throw ReadoutError(problems: problems) }
        return TableDesign(target: target, table: table)
    }

    public var name: String { label }
    public var parameters: [(String, String)] {
        [("target DLT rate", fmt(target)), ("decisions given for", "\(table.count) numbers treated")]
    }

    /// The table's decision for the current dose's counts (stay when the table has none).
    public func decide(current: Int, data: DoseData) -> Decision {
        let d = table[data.treated[current]]?[data.dlts[current]] ?? .stay
        if d == .escalate && current + 1 >= data.levels { return .stay }
        if (d == .deEscalate || d == .eliminate) && current == 0 { return d == .eliminate ? .stop : .stay }
        return d
    }

    /// The MTD by isotonic regression, below the first dose the table eliminates.
    public func selectMTD(data: DoseData) -> MTDSelection {
        let eliminated = (0..<data.levels).first { table[data.treated[$0]]?[data.dlts[$0]] == .eliminate }
        return IsotonicSelection.select(data: data, target: target, eliminatedFrom: eliminated)
    }
}

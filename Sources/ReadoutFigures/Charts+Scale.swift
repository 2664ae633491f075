import Foundation
import ReadoutCore

/// How many bars, lanes and lines the report's figures draw before they draw their summary forms
/// (docs/figures.md, "Figures at scale"): a waterfall of more patients than `maxBars` is binned, a
/// swimmer of more than `maxLanes` and a spider of more than `maxLines` show a systematic sample.
public struct FigureLimits: Sendable, Equatable {
    public var maxBars = 1000
    public var maxLanes = 200
    public var maxLines = 500
    public init() {}
}

extension Charts {
    /// The positions of a systematic sample of `m` of `n` ranked items: the item at rank
    /// ⌊(i + ½) n / m⌋ for i = 0 … m − 1 (every n/m-th, centred), so the sample spans the ranking.
    public static func systematicSample(_ n: Int, _ m: Int) -> [Int] {
        guard n > m else { return Array(0..<n) }
        return (0..<m).map { Int((Double($0) + 0.5) * Double(n) / Double(m)) }
    }
}

/// n / m to one decimal, trimmed ("every 12.5th", "every 500th").
func fmtRatio(_ n: Int, _ m: Int) -> String { NumberFormat.trimmed(Double(n) / Double(max(1, m)), decimals: 1) }

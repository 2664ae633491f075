import Foundation
import ReadoutCore

/// BOIN, Keyboard and mTPI-2 decisions depend only on the current dose's counts: precomputed
/// once per setting, a trial is then table look-ups, and the isotonic MTD selection runs on the
/// stack with the elimination rule looked up too (`IsotonicSelection` is the reference it is tested
/// against).
struct FastIntervalTable: Sendable {
    let table: [[Decision]]
    let eliminated: [[Bool]]
    let target: Double
    let weights: IsotonicWeights

    init?(design: any EscalationDesign, setting: SimulationSetting) {
        guard design is BOIN || design is Keyboard || design is TableDesign else { return nil }
        // Extra-safe BOIN stops at the lowest dose under a rule the one-dose table cannot hold.
        if let b = design as? BOIN, b.extraSafe { return nil }
        var t: [[Decision]] = []
        let most = setting.maxPatients + (setting.backfill?.maxPerDose ?? 0) + (setting.expansion?.size ?? 0)
        for n in 0...most {
            t.append(
                (0...n).map { y in
                    var d = DoseData(levels: 3)
                    d.treated[1] = n
                    d.dlts[1] = y
                    return n == 0 ? .stay : design.decide(current: 1, data: d)
                })
        }
        table = t
        eliminated = t.map { $0.map { $0 == .eliminate } }
        target = (design as? BOIN)?.target ?? (design as? Keyboard)?.target ?? (design as? TableDesign)?.target ?? 0.3
        weights = (design as? BOIN)?.selectionWeights ?? (design as? Keyboard)?.selectionWeights ?? .inverseVariance
    }

    func decide(current: Int, data: DoseData) -> Decision {
        let n = data.treated[current]
        guard n < table.count else { return .stay }
        let d = table[n][data.dlts[current]]
        switch d {
        case .escalate: return current + 1 < data.levels ? .escalate : .stay
        case .deEscalate: return current > 0 ? .deEscalate : .stay
        case .eliminate: return current == 0 ? .stop : .eliminate
        default: return d
        }
    }

    /// With pending patients the effective number of patients is fractional: the design decides.
    func decide(current: Int, data: DoseData, pending: [[Double]], design: any EscalationDesign) -> Decision {
        pending[current].isEmpty
            ? decide(current: current, data: data) : design.decide(current: current, data: data, pending: pending)
    }

    /// The same dose as `IsotonicSelection.select` (nil when nothing is selectable), without
    /// allocating.
    func select(_ data: DoseData) -> Int? {
        let levels = data.levels
        var top = levels
        for d in 0..<levels {
            let n = data.treated[d]
            if n < eliminated.count, eliminated[n][data.dlts[d]] {
                top = d
                break
            }
        }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * levels + 1) { buf -> Int? in
            // Pool-adjacent-violators blocks: value, weight, number of doses.
            var blocks = 0
            for d in 0..<top where data.treated[d] > 0 {
                let n = data.treated[d]
                let y = data.dlts[d]
                buf[3 * blocks] = (Double(y) + 0.05) / (Double(n) + 0.1)
                buf[3 * blocks + 1] = weights.weight(y, n)
                buf[3 * blocks + 2] = 1
                blocks += 1
                while blocks > 1, buf[3 * (blocks - 2)] > buf[3 * (blocks - 1)] {
                    let a = 3 * (blocks - 2)
                    let b = 3 * (blocks - 1)
                    let w = buf[a + 1] + buf[b + 1]
                    buf[a] = (buf[a] * buf[a + 1] + buf[b] * buf[b + 1]) / w
                    buf[a + 1] = w
                    buf[a + 2] += buf[b + 2]
                    blocks -= 1
                }
            }
            guard blocks > 0 else { return nil }
            var best = -1
            var bestDistance = Double.infinity
            var block = 0
            var left = Int(buf[2])
            for d in 0..<top where data.treated[d] > 0 {
                if left == 0 {
                    block += 1
                    left = Int(buf[3 * block + 2])
                }
                left -= 1
                let fit = buf[3 * block]
                let dist = abs(fit - target)
                if best < 0 || dist < bestDistance - 1e-12 {
                    best = d
                    bestDistance = dist
                } else if abs(dist - bestDistance) <= 1e-12, fit < target {
                    best = d
                }
            }
            return best
        }
    }
}

import Foundation
import ReadoutCore
import ReadoutData

/// Simulates trials of a design. Each trial draws from its own random stream, derived from the
/// seed and the trial's number, so results are identical for a seed whatever the thread count or
/// sharding.
public enum Simulator {
    /// Trials `range` (0-based trial numbers) of `design` under `setting`.
    /// `progress`, when given, is called (from any thread) with the number of trials done so far
    /// each time a slice of them finishes.
    public static func run(
        design: any EscalationDesign, setting: SimulationSetting, seed: UInt64, trials range: Range<Int>,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount, progress: (@Sendable (Int) -> Void)? = nil
    ) -> OperatingCharacteristics {
        let levels = setting.truth.count
        // More slices when someone is watching, so that progress moves.
        let chunks = max(1, min(threads * (progress == nil ? 4 : 64), range.count / 16 + 1))
        let parts = ParallelSlots<OperatingCharacteristics>(count: chunks)
        let engine = TrialEngine(design: design, setting: setting)
        let workers = max(1, min(threads, chunks))
        // Chunks are handed out in order to `workers` threads; which thread runs a chunk does not
        // change its result.
        let next = ChunkCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let c = next.take(below: chunks) {
                let lo = range.lowerBound + range.count * c / chunks
                let hi = range.lowerBound + range.count * (c + 1) / chunks
                var oc = OperatingCharacteristics(levels: levels)
                var scratch = DoseData(levels: levels)
                for t in lo..<hi {
                    var rng = stream(seed, t)
                    engine.simulate(&rng, into: &oc, scratch: &scratch)
                }
                parts.set(c, oc)
                if let progress { progress(next.finished(hi - lo)) }
            }
        }
        var total = OperatingCharacteristics(levels: levels)
        for c in 0..<chunks { total.add(parts.get(c)!) }
        return total
    }

    /// The trial's own stream.
    static func stream(_ seed: UInt64, _ trial: Int) -> RandomSource {
        var z = seed &+ UInt64(trial) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return RandomSource(seed: z ^ (z >> 31))
    }
}

/// Hands out chunk numbers 0, 1, 2, … to whichever thread asks.
final class ChunkCounter: @unchecked Sendable {
    private var next = 0
    private var done = 0
    private let lock = NSLock()

    /// Records `count` more trials done; returns the total so far.
    func finished(_ count: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        done += count
        return done
    }

    func take(below n: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < n else { return nil }
        next += 1
        return next - 1
    }
}

/// Decisions and selections of model-based designs, remembered by the data they were computed
/// from. They are pure functions of that data, so sharing them between trials and threads changes
/// nothing but the time taken: many simulated trials pass through the same states.
final class DecisionCache: @unchecked Sendable {
    struct Key: Hashable {
        var treated: UInt64
        var dlts: UInt64
        var extra: UInt64
    }
    enum Entry {
        case decision(Decision)
        case selection(Int?, Double?)
    }
    /// Shards, each its own object with its own lock (the array of them is never mutated), so that
    /// threads looking up different states rarely wait for each other.
    final class Shard: @unchecked Sendable {
        var entries: [Key: Entry] = [:]
        let lock = NSLock()
    }
    private static let shardCount = 64
    private let shards = (0..<DecisionCache.shardCount).map { _ in Shard() }

    /// Packs the state into a key when every count fits a byte and there are at most 8 doses.
    static func key(_ data: DoseData, current: Int?) -> Key? {
        guard data.levels <= 8 else { return nil }
        var t: UInt64 = 0
        var y: UInt64 = 0
        for d in 0..<data.levels {
            guard data.treated[d] < 256 else { return nil }
            t |= UInt64(data.treated[d]) << (8 * d)
            y |= UInt64(data.dlts[d]) << (8 * d)
        }
        var extra: UInt64 = 0
        if let c = current {
            extra = 1 | UInt64(c + 1) << 1
            if let l = data.lastCohort {
                guard l.treated < 256 else { return nil }
                extra |= UInt64(l.dose + 1) << 8 | UInt64(l.treated) << 16 | UInt64(l.dlts) << 24
            }
        }
        return Key(treated: t, dlts: y, extra: extra)
    }

    func decision(_ key: Key, _ compute: () -> Decision) -> Decision {
        if case .decision(let d) = remembered(key, { .decision(compute()) }) { return d }
        preconditionFailure("a decision key holds a selection")
    }

    func selection(_ key: Key, _ compute: () -> (Int?, Double?)) -> (Int?, Double?) {
        if case .selection(let m, let p) = remembered(
            key,
            {
                let (m, p) = compute()
                return .selection(m, p)
            })
        {
            return (m, p)
        }
        preconditionFailure("a selection key holds a decision")
    }

    /// Decision keys have the low bit of `extra` set, selection keys not, so one table holds both.
    private func remembered(_ key: Key, _ compute: () -> Entry) -> Entry {
        let h = Int(
            truncatingIfNeeded: (key.treated &* 0x9E37_79B9_7F4A_7C15 ^ key.dlts &* 0xBF58_476D_1CE4_E5B9 ^ key.extra)
                >> 58)
        let shard = shards[h & (DecisionCache.shardCount - 1)]
        shard.lock.lock()
        if let e = shard.entries[key] {
            shard.lock.unlock()
            return e
        }
        shard.lock.unlock()
        let e = compute()
        shard.lock.lock()
        shard.entries[key] = e
        shard.lock.unlock()
        return e
    }
}

/// Where escalation stands: the current dose, the lowest eliminated dose, the highest dose escalated
/// from, whether the trial stopped.
struct EscalationState {
    var current: Int
    var eliminatedFrom: Int
    var cleared = -1
    var stopped = false

    init(current: Int, levels: Int) {
        self.current = current
        self.eliminatedFrom = levels
    }

    /// Escalate (never into an eliminated dose), de-escalate, eliminate this dose and all above (at
    /// the lowest dose: stop), stop, or stay.
    @inline(__always) mutating func apply(_ decision: Decision) {
        switch decision {
        case .escalate:
            if current + 1 < eliminatedFrom {
                cleared = max(cleared, current)
                current += 1
            }
        case .deEscalate:
            if current > 0 { current -= 1 }
        case .eliminate:
            eliminatedFrom = min(eliminatedFrom, current)
            if current == 0 { stopped = true } else { current -= 1 }
        case .stop:
            stopped = true
        case .stay, .expand:
            break
        }
    }
}

import Foundation

/// Weighted least-squares isotonic regression on a grid, non-decreasing along every row and every
/// column: the estimate of DLT rates that rise with either drug's dose.
///
/// Written by hand (no Swift package does it). Two algorithms, for the one solution (the one AS 206,
/// Bril, Dykstra, Pillers and Robertson 1984, R's `Iso::biviso`, converges to):
///
/// - exact, by minimum lower sets (Robertson, Wright and Dykstra 1988, §1.3): among the lower sets
///   of what is left (a grid's lower sets are its staircases: C(rows + columns, rows) of them), the
///   one of smallest weighted mean — the largest such — takes that mean; repeat on the rest. Used
///   for grids of up to 64 combinations with at most 20,000 staircases (a 6 × 8 grid has 3,003).
/// - by Dykstra's alternating projections onto the row-monotone and column-monotone cones (each a
///   weighted pool-adjacent-violators pass), to a tolerance, for larger grids.
///
/// The tests check each against the other and against fits worked by hand. It keeps its buffers,
/// since a simulation fits one grid per trial.
public struct BivariateIsotonic {
    let rows: Int
    let columns: Int
    private var x: [Double]
    private var p: [Double]
    private var q: [Double]
    private var u: [Double]
    private var t: [Double]
    private var blockValue: [Double]
    private var blockWeight: [Double]
    private var blockCount: [Int]
    /// The grid's staircases (empty: too many; the projections are used).
    let lowerSets: [UInt64]

    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        let n = rows * columns
        x = Array(repeating: 0, count: n)
        p = x
        q = x
        u = x
        t = x
        blockValue = Array(repeating: 0, count: max(rows, columns))
        blockWeight = blockValue
        blockCount = Array(repeating: 0, count: max(rows, columns))
        lowerSets = Self.staircases(rows: rows, columns: columns)
    }

    /// The fit of `values` with `weights` (row by row): exact when the grid allows it.
    public mutating func fit(_ values: [Double], weights: [Double]) -> [Double] {
        precondition(values.count == rows * columns && weights.count == values.count)
        if isMonotone(values, tolerance: 0) { return values }
        if !lowerSets.isEmpty { return fitByLowerSets(values, weights: weights) }
        return fitByProjections(values, weights: weights)
    }

    /// Every lower set of the grid as a bit mask (bit a × columns + b), or none when there are too many.
    static func staircases(rows: Int, columns: Int, limit: Int = 20_000) -> [UInt64] {
        guard rows * columns <= 64 else { return [] }
        var out: [UInt64] = []
        // Row a keeps its first lengths[a] combinations; lengths never grow down the rows.
        func extend(_ a: Int, _ maxLength: Int, _ mask: UInt64) -> Bool {
            if a == rows {
                out.append(mask)
                return out.count <= limit
            }
            for length in 0...maxLength {
                var m = mask
                for b in 0..<length { m |= 1 << UInt64(a * columns + b) }
                if !extend(a + 1, length, m) { return false }
            }
            return true
        }
        return extend(0, columns, 0) ? out : []
    }

    mutating func fitByLowerSets(_ values: [Double], weights w: [Double]) -> [Double] {
        let n = values.count
        let full: UInt64 = n == 64 ? ~0 : (1 << UInt64(n)) - 1
        var done: UInt64 = 0
        var fitted = values
        while done != full {
            var best: (mask: UInt64, mean: Double, size: Int)? = nil
            for m in lowerSets where m & done == done && m != done {
                var rest = m & ~done
                var sw = 0.0
                var swv = 0.0
                var size = 0
                while rest != 0 {
                    let i = rest.trailingZeroBitCount
                    sw += w[i]
                    swv += w[i] * values[i]
                    size += 1
                    rest &= rest - 1
                }
                let mean = swv / sw
                if let b = best {
                    let tie = abs(mean - b.mean) <= 1e-12 * max(1, abs(b.mean))
                    if (tie && size > b.size) || (!tie && mean < b.mean) { best = (m, mean, size) }
                } else {
                    best = (m, mean, size)
                }
            }
            var set = best!.mask & ~done
            while set != 0 {
                fitted[set.trailingZeroBitCount] = best!.mean
                set &= set - 1
            }
            done = best!.mask
        }
        return fitted
    }

    /// `values` and `weights` row by row (`rows` × `columns`).
    public static func fit(
        _ values: [Double], weights: [Double], rows: Int, columns: Int
    ) -> [Double] {
        var f = BivariateIsotonic(rows: rows, columns: columns)
        return f.fit(values, weights: weights)
    }

    /// The fit by Dykstra's alternating projections, to `tolerance` (the largest change in a cycle).
    public mutating func fitByProjections(
        _ values: [Double], weights w: [Double], tolerance: Double = 1e-12, maxCycles: Int = 1_000_000
    ) -> [Double] {
        precondition(values.count == rows * columns && w.count == values.count)
        if isMonotone(values, tolerance: 0) { return values }
        let (r, c, n) = (rows, columns, values.count)
        // Unchecked buffers in the loop: it runs once per simulated trial, for many cycles.
        x.withUnsafeMutableBufferPointer { x in
            p.withUnsafeMutableBufferPointer { p in
                q.withUnsafeMutableBufferPointer { q in
                    u.withUnsafeMutableBufferPointer { u in
                        t.withUnsafeMutableBufferPointer { t in
                            blockValue.withUnsafeMutableBufferPointer { bv in
                                blockWeight.withUnsafeMutableBufferPointer { bw in
                                    blockCount.withUnsafeMutableBufferPointer { bc in
                                        w.withUnsafeBufferPointer { w in
                                            for i in 0..<n {
                                                x[i] = values[i]
                                                p[i] = 0
                                                q[i] = 0
                                            }
                                            for _ in 0..<maxCycles {
                                                // Rows, then columns, each with the correction it
                                                // left in the previous cycle (Dykstra).
                                                for i in 0..<n { u[i] = x[i] + p[i] }
                                                for a in 0..<r { Self.pava(u, w, a * c, 1, c, bv, bw, bc) }
                                                for i in 0..<n {
                                                    p[i] = x[i] + p[i] - u[i]
                                                    t[i] = u[i] + q[i]
                                                }
                                                for b in 0..<c { Self.pava(t, w, b, c, r, bv, bw, bc) }
                                                var change = 0.0
                                                for i in 0..<n {
                                                    q[i] = u[i] + q[i] - t[i]
                                                    change = max(change, abs(t[i] - x[i]))
                                                    x[i] = t[i]
                                                }
                                                if change < tolerance { break }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return x
    }

    /// Weighted pool-adjacent-violators on `count` entries of `v` from `start`, `stride` apart.
    private static func pava(
        _ v: UnsafeMutableBufferPointer<Double>, _ w: UnsafeBufferPointer<Double>, _ start: Int, _ stride: Int,
        _ count: Int, _ blockValue: UnsafeMutableBufferPointer<Double>,
        _ blockWeight: UnsafeMutableBufferPointer<Double>,
        _ blockCount: UnsafeMutableBufferPointer<Int>
    ) {
        var blocks = 0
        for k in 0..<count {
            let i = start + k * stride
            blockValue[blocks] = v[i]
            blockWeight[blocks] = w[i]
            blockCount[blocks] = 1
            blocks += 1
            while blocks > 1, blockValue[blocks - 2] > blockValue[blocks - 1] {
                let (w0, w1) = (blockWeight[blocks - 2], blockWeight[blocks - 1])
                let weight = w0 + w1
                blockValue[blocks - 2] = (blockValue[blocks - 2] * w0 + blockValue[blocks - 1] * w1) / weight
                blockWeight[blocks - 2] = weight
                blockCount[blocks - 2] += blockCount[blocks - 1]
                blocks -= 1
            }
        }
        var k = 0
        for b in 0..<blocks {
            for _ in 0..<blockCount[b] {
                v[start + k * stride] = blockValue[b]
                k += 1
            }
        }
    }

    func isMonotone(_ x: [Double], tolerance: Double) -> Bool {
        for a in 0..<rows {
            for b in 0..<columns {
                if b + 1 < columns, x[a * columns + b] > x[a * columns + b + 1] + tolerance { return false }
                if a + 1 < rows, x[a * columns + b] > x[(a + 1) * columns + b] + tolerance { return false }
            }
        }
        return true
    }
}

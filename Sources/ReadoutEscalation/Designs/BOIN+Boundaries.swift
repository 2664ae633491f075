import Foundation

/// BOIN's boundaries as DLT counts by the number of patients at a dose, as the R BOIN package's
/// `get.boundary` prints them; the combination design and BOIN12 decide by them.
extension BOIN {
    /// The largest DLT count that escalates with `n` patients: ⌊n λe⌋.
    public func escalationBoundary(patients n: Int) -> Int { Int((Double(n) * lambdaE + 1e-10).rounded(.down)) }

    /// The smallest DLT count that de-escalates with `n` patients: ⌈n λd⌉ (n λd + 1 when n λd is a
    /// whole number), and never above the elimination boundary.
    public func deEscalationBoundary(patients n: Int) -> Int {
        let x = Double(n) * lambdaD
        var d = abs(x.rounded() - x) < 1e-10 ? Int(x.rounded()) + 1 : Int(x.rounded(.up))
        if let e = eliminationBoundary(patients: n) { d = min(d, e) }
        return d
    }

    /// The smallest DLT count that eliminates with `n` patients (none below 3 patients, or when
    /// even n DLTs do not).
    public func eliminationBoundary(patients n: Int) -> Int? {
        guard n >= 3 else { return nil }
        return (0...n).first { eliminates($0, n) }
    }
}

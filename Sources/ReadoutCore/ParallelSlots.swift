import Foundation

/// Results written by parallel workers, one slot each, read back in order (so that the outcome
/// never depends on which worker finished first).
public final class ParallelSlots<T>: @unchecked Sendable {
    private var values: [T?]
    private let lock = NSLock()

    /// Empty slots, one per worker or piece of work.
    public init(count: Int) { values = Array(repeating: nil, count: count) }

    /// Stores the result of piece `i`.
    public func set(_ i: Int, _ v: T) {
        lock.lock()
        values[i] = v
        lock.unlock()
    }

    /// The result of piece `i`, or nil when it has not been stored.
    public func get(_ i: Int) -> T? {
        lock.lock()
        defer { lock.unlock() }
        return values[i]
    }
}

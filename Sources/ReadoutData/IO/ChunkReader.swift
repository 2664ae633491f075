import ReadoutCore

/// A forward-only window over a byte source: ask for `n` bytes, look at them, move on.
/// Holds at most one chunk plus the largest request, never the whole input.
final class ChunkReader {
    private var source: any ByteSource
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var start = 0
    private(set) var end = 0
    private(set) var atEnd = false
    /// Bytes consumed before the window's start.
    private(set) var consumed = 0
    let chunk: Int

    init(_ source: any ByteSource, chunk: Int = 1 << 20) {
        self.source = source
        self.chunk = chunk
        capacity = chunk
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    var available: Int { end - start }
    var offset: Int { consumed }
    var pointer: UnsafeMutablePointer<UInt8> { buffer + start }

    /// Makes at least `n` bytes available unless the input ends first; returns whether it did.
    func ensure(_ n: Int) throws -> Bool {
        while available < n {
            if atEnd { return false }
            if start > 0 {
                let k = available
                buffer.update(from: buffer + start, count: k)
                start = 0
                end = k
            }
            if capacity - end < max(n - available, chunk / 2) {
                let newCapacity = max(capacity * 2, n + chunk)
                let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
                nb.update(from: buffer, count: end)
                buffer.deallocate()
                buffer = nb
                capacity = newCapacity
            }
            let got = try source.read(into: buffer + end, count: capacity - end)
            if got == 0 { atEnd = true } else { end += got }
        }
        return true
    }

    func advance(_ n: Int) {
        precondition(n <= available)
        start += n
        consumed += n
    }

    func bytes(_ n: Int) -> [UInt8] { Array(UnsafeBufferPointer(start: pointer, count: min(n, available))) }
}

import ArgumentParser
import Foundation

/// Whether a long command shows a progress line on standard error: by default only when standard
/// error is a terminal, so that logs and CI output hold no carriage-return updates.
struct ProgressOptions: ParsableArguments {
    @Flag(help: "Show the progress line even when standard error is not a terminal.") var progress = false
    @Flag(help: "Never show the progress line.") var quiet = false

    func validate() throws {
        if progress && quiet { throw ValidationError("--progress and --quiet contradict each other: give one") }
    }

    /// The line to update, or nil when no progress is shown.
    func line() -> ProgressLine? {
        if quiet { return nil }
        guard progress || isatty(STDERR_FILENO) == 1 else { return nil }
        return ProgressLine()
    }
}

/// A progress line on standard error, rewritten in place and at most ten times a second.
final class ProgressLine: @unchecked Sendable {
    let started = Date()
    private let lock = NSLock()
    private var lastShown = Date.distantPast
    private var shown = false

    func show(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastShown) >= 0.1 else { return }
        lastShown = now
        shown = true
        FileHandle.standardError.write(Data(("\r" + text + "   ").utf8))
    }

    /// Ends the line, if one was written.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

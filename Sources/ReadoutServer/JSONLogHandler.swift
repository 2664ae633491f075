import Foundation
import Logging
import ReadoutCore

/// Log records as JSON lines on standard error (`readout serve --log-format json`), for log
/// collectors: `time` (ISO 8601, UTC, milliseconds), `level`, `label`, `message`, `source`, and
/// every metadata member as text.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    let label: String
    let write: @Sendable (String) -> Void

    public init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    public static let standardError: @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = "{"
        func member(_ key: String, _ value: String) {
            if line.count > 1 { line += "," }
            JSONValue.quote(key, into: &line)
            line += ":"
            JSONValue.quote(value, into: &line)
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        member("time", formatter.string(from: Date()))
        member("level", event.level.rawValue)
        member("label", label)
        member("message", event.message.description)
        member("source", event.source)
        var all = metadata
        for (k, v) in event.metadata ?? [:] { all[k] = v }
        for (k, v) in all.sorted(by: { $0.key < $1.key }) { member(k, "\(v)") }
        line += "}\n"
        write(line)
    }
}

import Foundation
import ReadoutCore

/// A synthetic study: its domains as tables, the same for the same options and seed.
public protocol SyntheticStudy: Sendable {
    /// Every domain of the study, one table each, named by its file stem (`dm`, `rs`).
    func generate() -> [Table]
}

extension SyntheticStudy {
    /// Writes every domain as `<stem>.csv` in `folder`, creating it.
    public func write(to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for t in generate() { try t.writeCSV(to: folder + "/" + t.name + ".csv") }
    }
}

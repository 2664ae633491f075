import Foundation
import ReadoutCore
import ReadoutData

/// Putting a study folder into a store as a data cut, and taking it out again.
public enum CutIngest {
    /// Stores the domain files of `folder` (every file the study reader reads, by extension, and a
    /// define.xml) as a cut of `study` at `cutoff`, with the validation made at that cut-off.
    public static func register(
        folder: String, study: String, label: String, cutoff: CalendarDate, rules: DataRules = DataRules(),
        in store: any ReadoutStore
    ) async throws -> StoredCut {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else {
            throw ReadoutError(file: folder, code: "folder-unreadable", "cannot list the study folder")
        }
        let kept = names.filter { name in
            let ext = (name as NSString).pathExtension.lowercased()
            return DataReader.extensions.contains(ext) || name.lowercased() == "define.xml"
        }.sorted()
        guard !kept.isEmpty else {
            throw ReadoutError(
                file: folder, code: "folder-empty", "the folder holds no domain files",
                expected: "CSV, Dataset-JSON or SAS transport files")
        }
        var files: [(name: String, bytes: [UInt8])] = []
        for name in kept {
            guard let data = fm.contents(atPath: folder + "/" + name) else {
                throw ReadoutError(file: folder + "/" + name, code: "file-unreadable", "cannot read the file")
            }
            files.append((name, [UInt8](data)))
        }
        let load = try StudyLoader.load(folder: folder, options: StudyLoadOptions(cutoff: cutoff, rules: rules))
        let validation = ValidationReport(load: load).relative(to: folder, as: study).json()
        return try await store.addCut(study: study, label: label, cutoff: cutoff, files: files, validation: validation)
    }

    /// Stores `files` (a study folder's domain files, as an archive held them) as a cut of `study`
    /// at `cutoff`, with the validation made at that cut-off (the files are written to a temporary
    /// folder to be read, and the folder removed).
    public static func register(
        files: [(name: String, bytes: [UInt8])], study: String, label: String, cutoff: CalendarDate,
        rules: DataRules = DataRules(), in store: any ReadoutStore
    ) async throws -> StoredCut {
        let folder = NSTemporaryDirectory() + "readout-cut-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for f in files { try Data(f.bytes).write(to: URL(fileURLWithPath: folder + "/" + f.name)) }
        let load = try StudyLoader.load(folder: folder, options: StudyLoadOptions(cutoff: cutoff, rules: rules))
        let validation = ValidationReport(load: load).relative(to: folder, as: study).json()
        return try await store.addCut(study: study, label: label, cutoff: cutoff, files: files, validation: validation)
    }

    /// Writes the files of `cut` into `folder` (created when absent), each checked against its digest.
    public static func materialize(_ cut: StoredCut, from store: any ReadoutStore, into folder: String) async throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for f in cut.files {
            guard let bytes = try await store.blob(f.sha256), SHA256.hex(bytes) == f.sha256 else {
                throw ReadoutError(
                    file: f.name, code: "store-corrupt", "the stored file does not match its digest", value: f.sha256)
            }
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + f.name))
        }
    }
}

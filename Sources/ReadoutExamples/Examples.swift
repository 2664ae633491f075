import Foundation

/// The example studies, analysis spec and simulation files bundled with Readout, as package
/// resources: `readout demo` finds them from any folder, and an installed binary finds them in
/// the resource bundle installed beside it. The repository's `examples` folder links here.
public enum Examples {
    /// The folder that holds `phase1/`, `phase2/` and `simulation/`, or nil when neither the
    /// resource bundle beside the binary nor the source folder it was built from exists.
    ///
    /// Looked up by hand rather than through `Bundle.module`, which stops the program when the
    /// bundle is missing; a missing bundle is a message here, not a crash.
    public static var folder: String? {
        let fm = FileManager.default
        var candidates: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for directory in [Bundle.main.bundleURL, executable.deletingLastPathComponent()] {
            for bundle in ["Readout_ReadoutExamples.resources", "Readout_ReadoutExamples.bundle"] {
                candidates.append(directory.appendingPathComponent(bundle).appendingPathComponent("examples"))
                candidates.append(
                    directory.appendingPathComponent(bundle)
                        .appendingPathComponent("Contents/Resources/examples"))
            }
        }
        candidates.append(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("examples"))
        return candidates.first { fm.fileExists(atPath: $0.appendingPathComponent("phase2").path) }?.path
    }
}

/// The version of Readout, printed by `readout --version` and recorded in every readout.
public enum ReadoutVersion {
    /// Semantic version of this build; CHANGELOG.md lists what each version changed.
    public static let string = "0.2.0"
}

import ReadoutCore

/// A figure of the escalation module: of a conduct (docs/escalation.md) or of simulated operating
/// characteristics (docs/simulation.md). Its kind names its file.
public struct EscalationFigure: Sendable {
    /// Which figure.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Patients by dose level over time, with DLTs and the MTD.
        case doseEscalation = "dose-escalation"
        /// Best confirmed response and durable SD by dose level.
        case responseByDose = "response-by-dose"
        /// How often each design selects each dose (simulation).
        case selection
        /// Mean patients per dose, by design (simulation).
        case patients
        /// Patients and DLTs at each dose pair of a combination trial (conduct).
        case combinationGrid = "combination-grid"
    }

    /// Which figure.
    public var kind: Kind
    /// The self-contained SVG document.
    public var svg: String

    /// A figure of `kind`.
    public init(kind: Kind, svg: String) {
        self.kind = kind
        self.svg = svg
    }

    /// The file name without extension.
    public var name: String { kind.rawValue }
}

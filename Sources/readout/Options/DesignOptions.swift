import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutEscalation

/// A design as the command line describes it (escalate, check-text). The options fill a
/// `DesignDescription`, and the library's one builder makes the design, so that every default is
/// the one docs/escalation.md states.
struct DesignOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Design: 3+3, boin, keyboard, mtpi-2, crm, blrm, table (a decision table of your own) or boin12 "
                + "(toxicity and efficacy)."))
    var design: DesignKind?
    @Option(help: "Target DLT rate.") var target: Double = DesignDescription.defaultTarget
    @Option(help: "3+3 variant: A, B or C.") var variant: ThreePlusThree.Variant = .a
    @Option(help: "CRM skeleton, comma-separated.", transform: numbers) var skeleton: [Double]?
    @Option(help: "CRM model: empiric or logistic.") var model: CRM.Model = .empiric
    @Option(help: "CRM without --skeleton: half-width of the indifference interval.") var halfWidth: Double = 0.05
    @Option(help: "CRM without --skeleton: the prior guess of the MTD (1-based level).") var priorMtd: Int?
    @Option(help: "CRM without --skeleton: number of dose levels.") var levels: Int?
    @Option(help: "Design 'table': a CSV of treated,dlts,decision (E, S, D, DU, STOP, X).") var decisionTable: String?
    @Option(help: "BLRM: the doses, comma-separated (same units as --reference-dose).", transform: numbers)
    var doses: [Double]?
    @Option(help: "BLRM: the reference dose d* (default the middle dose).") var referenceDose: Double?
    @Option(help: "BLRM: prior means of log α and log β, comma-separated.", transform: numbers) var priorMean:
        [Double] = [0, 0]
    @Option(help: "BLRM: prior standard deviations of log α and log β, comma-separated.", transform: numbers)
    var priorSd: [Double] = [2, 1]
    @Option(help: "CRM: prior variance of β (1.34 as dfcrm).") var priorVariance: Double = 1.34
    @Option(help: "CRM: stop (and recommend no dose) when P(DLT rate at the lowest dose > target) exceeds this.")
    var safetyStop: Double?
    @Option(
        help:
            "BOIN, Keyboard, mTPI-2: isotonic MTD selection weights, inverse-variance (as the R packages) or patients.")
    var selectionWeights: IsotonicWeights = .inverseVariance
    /// The description of the design, `fallback` when no --design is given.
    func description(fallback: DesignKind) -> DesignDescription {
        var d = DesignDescription(kind: design ?? fallback)
        d.target = target
        d.variant = variant
        d.skeleton = skeleton
        d.model = model
        d.halfWidth = halfWidth
        d.priorMTD = priorMtd
        d.decisionTable = decisionTable
        d.referenceDose = referenceDose
        d.priorMean = priorMean
        d.priorSD = priorSd
        d.priorVariance = priorVariance
        d.safetyStop = safetyStop
        d.selectionWeights = selectionWeights
        return d
    }

    /// The design, built by the library; a parameter it cannot use is an argument error naming the option.
    func build(fallback: DesignKind) throws -> any EscalationDesign {
        let description = self.description(fallback: fallback)
        let count = skeleton?.count ?? levels ?? doses?.count ?? 0
        var problems: [Problem] = []
        let built = description.build(levels: count, doseValues: doses, problems: &problems)
        if let design = built?.design, problems.isEmpty { return design }
        if problems.isEmpty {
            problems.append(Problem(.error, "design", message: "the benchmark is for simulation only"))
        }
        // A file that cannot be used (a decision table) is a content error, located in the file.
        let inFiles = problems.filter { $0.file != nil }
        if !inFiles.isEmpty { throw ReadoutError(problems: inFiles) }
        throw ValidationError(
            problems.map { p in
                let option = "--" + (p.variable ?? "design").replacingOccurrences(of: "_", with: "-")
                return "\(option): \(p.message)" + (p.value.map { " (found \($0))" } ?? "")
                    + (p.expected.map { "; expected \($0)" } ?? "")
            }.joined(separator: "\n"))
    }
}

/// Comma-separated numbers given on the command line.
func numbers(_ text: String) throws -> [Double] {
    let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    let values = parts.compactMap(Double.init)
    guard values.count == parts.count, !values.isEmpty else {
        throw ValidationError("\(text): expected numbers separated by commas, such as 0.05,0.12,0.25")
    }
    return values
}

/// Comma-separated whole numbers given on the command line.
func wholeNumbers(_ text: String) throws -> [Int] {
    let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    let values = parts.compactMap { Int($0) }
    guard values.count == parts.count, !values.isEmpty else {
        throw ValidationError("\(text): expected whole numbers separated by commas, such as 3,6,3")
    }
    return values
}

extension DesignKind: ExpressibleByArgument {
    /// A design named on the command line (`mtpi2` for `mtpi-2` too).
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.filter { $0 != .benchmark }.map(\.rawValue) }
}

extension ThreePlusThree.Variant: ExpressibleByArgument {
    /// A variant given in either case.
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}

extension CRM.Model: ExpressibleByArgument {}
extension IsotonicWeights: ExpressibleByArgument {}

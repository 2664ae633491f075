import Foundation
import ReadoutCore

/// The dose-escalation designs Readout runs (docs/escalation.md).
public enum DesignKind: String, Sendable, Codable, CaseIterable {
    /// The 3+3 rule-based design (variants A, B, C).
    case threePlusThree = "3+3"
    /// Bayesian optimal interval design.
    case boin
    /// Keyboard design.
    case keyboard
    /// Modified toxicity probability interval design 2 (Keyboard's decisions, its own label).
    case mtpi2 = "mtpi-2"
    /// Continual reassessment method.
    case crm
    /// Bayesian logistic regression model with escalation with overdose control.
    case blrm
    /// A decision table of the user's own (CSV of treated, DLTs, decision).
    case table
    /// The nonparametric optimal benchmark (simulation only: every outcome known).
    case benchmark
    /// BOIN12, on toxicity and efficacy (docs/optimal-dose.md): `readout escalate` and `optimal-dose:`
    /// files, not the one-drug toxicity designs' places.
    case boin12

    /// The kind a name denotes, accepting `mtpi2` for `mtpi-2`.
    public init?(name: String) {
        let lowered = name.lowercased()
        if let kind = DesignKind(rawValue: lowered) {
            self = kind
        } else if lowered == "mtpi2" {
            self = .mtpi2
        } else {
            return nil
        }
    }
}

/// A design as a protocol or a simulation file describes it: its kind and every parameter, each
/// optional and defaulted as docs/escalation.md and docs/simulation.md state. One builder,
/// `build(levels:doseValues:)`, turns it into a design for every command (escalate, check-text,
/// simulate, demo), so that a default is the same wherever the design is used.
public struct DesignDescription: Sendable, Equatable {
    /// Which design.
    public var kind: DesignKind
    /// The name shown in tables; defaults to the design's own name.
    public var label: String?
    /// Target DLT rate (default 0.3).
    public var target: Double?
    /// 3+3 variant (default A).
    public var variant: ThreePlusThree.Variant?
    /// BOIN, Keyboard, mTPI-2: elimination cut-off of P(p > target) (default 0.95).
    public var eliminationCutoff: Double?
    /// BOIN: stop when this many patients are at the current dose (default none).
    public var earlyStop: Int?
    /// BOIN: the extra safety rule at the lowest dose (default off).
    public var extraSafe: Bool?
    /// BOIN: accelerated titration (default off).
    public var titration: Bool?
    /// BOIN, Keyboard, mTPI-2: isotonic MTD selection weights (default inverse-variance).
    public var selectionWeights: IsotonicWeights?
    /// Design `table`: the path of the decision table CSV, relative to `baseFolder`.
    public var decisionTable: String?
    /// Keyboard, mTPI-2: half-width of the target key (default 0.05).
    public var margin: Double?
    /// CRM: the skeleton, one prior DLT probability per dose.
    public var skeleton: [Double]?
    /// CRM: the skeleton by the indifference-interval method instead: its half-width (default
    /// 0.05) and the prior guess of the MTD (1-based level).
    public var halfWidth: Double?
    /// CRM: the prior guess of the MTD for the indifference-interval skeleton (1-based).
    public var priorMTD: Int?
    /// CRM model (default empiric).
    public var model: CRM.Model?
    /// CRM: prior variance of β (default 1.34, as dfcrm).
    public var priorVariance: Double?
    /// CRM: stop when P(DLT rate at the lowest dose > target) exceeds this (default none).
    public var safetyStop: Double?
    /// BLRM: the reference dose d* (default the middle dose, `doses[count / 2]`).
    public var referenceDose: Double?
    /// BLRM: prior means of log α and log β (default 0, 0).
    public var priorMean: [Double]?
    /// BLRM: prior standard deviations of log α and log β (default 2, 1).
    public var priorSD: [Double]?
    /// BLRM: prior correlation of log α and log β (default 0).
    public var correlation: Double?
    /// BLRM: the bounds of the target interval (default 0.16, 0.33).
    public var intervals: [Double]?
    /// BLRM: the largest P(overdosing) a recommended dose may have (default 0.25).
    public var overdoseLimit: Double?
    /// BLRM: the largest multiple of the highest dose tried a recommendation may be (default 2).
    public var escalationCap: Double?
    /// BLRM: quadrature panels per axis (default 32; simulation files default to 16).
    public var panels: Int?

    /// A description of `kind` with every parameter at its default.
    public init(kind: DesignKind) { self.kind = kind }
}

/// What a description builds: a design, or the benchmark (which has no decisions of its own).
public enum BuiltDesign: Sendable {
    /// A design that decides from the data.
    case design(any EscalationDesign)
    /// The nonparametric optimal benchmark.
    case benchmark

    /// The design, or nil for the benchmark.
    public var design: (any EscalationDesign)? {
        if case .design(let d) = self { return d }
        return nil
    }
}

extension DesignDescription {
    /// The default target DLT rate.
    public static let defaultTarget = 0.3

    /// The target used: the description's, else `fallback`.
    public func target(or fallback: Double = DesignDescription.defaultTarget) -> Double { target ?? fallback }

    /// The name a design of this description is shown under.
    public func defaultLabel(_ built: BuiltDesign) -> String {
        if let label { return label }
        switch (kind, built) {
        case (.benchmark, _): return "benchmark (complete information)"
        case (.table, _): return "decision table"
        case (.crm, .design(let d as CRM)): return "CRM (\(d.model.rawValue))"
        case (.threePlusThree, .design(let d as ThreePlusThree)): return "3+3 (\(d.variant.rawValue))"
        case (.boin, _): return "BOIN"
        case (.blrm, _): return "BLRM"
        case (_, .design(let d)): return d.name
        default: return kind.rawValue
        }
    }

    /// Builds the design for `levels` doses (with their numeric values, when known), or records
    /// every problem in `problems`, each located at `place` (for example `designs[2]`) in `file`.
    /// A relative decision-table path is read from `baseFolder`.
    public func build(
        levels: Int, doseValues: [Double]?, targetFallback: Double = DesignDescription.defaultTarget,
        file: String? = nil, place: String? = nil, baseFolder: String? = nil,
        problems: inout [Problem]
    ) -> BuiltDesign? {
        let at = place.map { "\($0) (\(kind.rawValue))" }
        let t = target ?? targetFallback
        let before = problems.count
        func problem(_ key: String, _ message: String, value: String? = nil, expected: String? = nil) {
            problems.append(
                Problem(
                    .error, "design-parameter", file: file, variable: at.map { "\($0) \(key)" } ?? key,
                    value: value, expected: expected, message: message))
        }
        func check(_ key: String, _ value: Double?, _ ok: (Double) -> Bool, _ expected: String) {
            if let v = value, !ok(v) { problem(key, "out of range", value: formatNumber(v), expected: expected) }
        }
        let probability = "a probability strictly between 0 and 1"
        check("target", target, { $0 > 0 && $0 < 1 }, probability)
        check("cutoff", eliminationCutoff, { $0 > 0 && $0 < 1 }, probability)
        check(
            "margin", margin, { $0 > 0 && $0 < t && t + $0 < 1 },
            "a positive half-width that keeps the target key inside 0 to 1")
        check(
            "half_width", halfWidth, { $0 > 0 && $0 < t && t + $0 < 1 },
            "a positive half-width that keeps θ ± δ inside 0 to 1")
        check("early_stop", earlyStop.map(Double.init), { $0 >= 1 }, "at least 1 patient")
        check("prior_variance", priorVariance, { $0 > 0 }, "a positive variance")
        check("safety_stop", safetyStop, { $0 > 0 && $0 < 1 }, probability)
        check("reference_dose", referenceDose, { $0 > 0 }, "a positive dose")
        check("correlation", correlation, { $0 > -1 && $0 < 1 }, "a correlation strictly between −1 and 1")
        check("overdose_limit", overdoseLimit, { $0 > 0 && $0 < 1 }, probability)
        check("escalation_cap", escalationCap, { $0 >= 1 }, "a multiple of at least 1")
        check("panels", panels.map(Double.init), { $0 >= 2 && $0 <= 64 }, "2 to 64 panels")
        if let iv = intervals, iv.count == 2, !(iv[0] > 0 && iv[1] < 1) {
            problem(
                "intervals", "the target interval must lie strictly between 0 and 1",
                value: iv.map(formatNumber).joined(separator: ", "), expected: "two probabilities between 0 and 1")
        }
        let weights = selectionWeights ?? .inverseVariance
        var built: BuiltDesign?
        switch kind {
        case .threePlusThree:
            built = .design(ThreePlusThree(variant: variant ?? .a))
        case .boin:
            var b = BOIN(
                target: t, eliminationCutoff: eliminationCutoff ?? 0.95, extraSafe: extraSafe ?? false,
                earlyStopAt: earlyStop)
            b.selectionWeights = weights
            b.titration = titration ?? false
            built = .design(b)
        case .keyboard, .mtpi2:
            let m = margin ?? 0.05
            var k = Keyboard(
                target: t, epsilon1: m, epsilon2: m, eliminationCutoff: eliminationCutoff ?? 0.95,
                label: kind == .keyboard ? "Keyboard" : "mTPI-2")
            k.selectionWeights = weights
            built = .design(k)
        case .crm:
            built = buildCRM(levels: levels, target: t, problem: problem)
        case .blrm:
            built = buildBLRM(doseValues: doseValues, problem: problem)
        case .benchmark:
            built = .benchmark
        case .boin12:
            problem(
                "design", "BOIN12 decides on toxicity and efficacy together, not on DLTs alone", value: "boin12",
                expected: "an optimal-dose: simulation file, or readout escalate --design boin12 (docs/optimal-dose.md)"
            )
        case .table:
            do { built = try buildTable(target: t, baseFolder: baseFolder, problem: problem) } catch let e
                as ReadoutError
            {
                problems += e.problems
            } catch {
                problem("decision_table", "\(error)")
            }
        }
        return problems.count == before ? built : nil
    }

    private func buildCRM(
        levels: Int, target t: Double,
        problem: (String, String, String?, String?) -> Void
    ) -> BuiltDesign? {
        let m = model ?? .empiric
        let sigma = (priorVariance ?? 1.34).squareRoot()
        if let s = skeleton {
            guard s.count == levels, s.allSatisfy({ $0 > 0 && $0 < 1 }), zip(s, s.dropFirst()).allSatisfy({ $0 < $1 })
            else {
                problem(
                    "skeleton", "the skeleton must give one increasing probability (0 to 1) per dose",
                    s.map(formatNumber).joined(separator: ", "), "\(levels) increasing values between 0 and 1")
                return nil
            }
            return .design(CRM(target: t, skeleton: s, model: m, sigma: sigma, safetyThreshold: safetyStop))
        }
        let width = halfWidth ?? 0.05
        guard let nu = priorMTD, levels >= 2, (1...levels).contains(nu), width > 0, width < t, t + width < 1 else {
            problem(
                "skeleton",
                "CRM needs a skeleton, or the prior guess of the MTD (prior_mtd) to build one by the "
                    + "indifference-interval method", priorMTD.map(String.init),
                "a skeleton of \(levels) probabilities, or prior_mtd from 1 to \(levels)")
            return nil
        }
        let s = Skeleton.indifference(target: t, halfWidth: width, priorMTD: nu - 1, levels: levels, model: m)
        return .design(CRM(target: t, skeleton: s, model: m, sigma: sigma, safetyThreshold: safetyStop))
    }

    private func buildBLRM(doseValues: [Double]?, problem: (String, String, String?, String?) -> Void) -> BuiltDesign? {
        guard let values = doseValues, values.count >= 2, values.allSatisfy({ $0 > 0 }),
            zip(values, values.dropFirst()).allSatisfy({ $0 < $1 })
        else {
            problem(
                "doses", "BLRM needs numeric increasing positive doses (dose labels that are numbers, or dose_values)",
                doseValues.map { $0.map(formatNumber).joined(separator: ", ") },
                "at least two increasing positive doses")
            return nil
        }
        let mean = priorMean ?? [0, 0]
        let sd = priorSD ?? [2, 1]
        let iv = intervals ?? [0.16, 0.33]
        guard mean.count == 2, sd.count == 2, iv.count == 2, sd.allSatisfy({ $0 > 0 }), iv[0] < iv[1] else {
            problem(
                "prior_mean", "prior_mean, prior_sd and intervals take two numbers each (sd > 0, intervals increasing)",
                nil, "[log α, log β] for the prior, [lower, upper] for the interval")
            return nil
        }
        return .design(
            BLRM(
                doses: values, referenceDose: referenceDose ?? values[values.count / 2], priorMean: (mean[0], mean[1]),
                priorSD: (sd[0], sd[1]), correlation: correlation ?? 0, intervals: (iv[0], iv[1]),
                overdoseLimit: overdoseLimit ?? 0.25, escalationCap: escalationCap ?? 2, panels: panels ?? 32))
    }

    /// The decision table design; a malformed table throws its problems.
    private func buildTable(
        target t: Double, baseFolder: String?,
        problem: (String, String, String?, String?) -> Void
    ) throws -> BuiltDesign? {
        guard let path = decisionTable else {
            problem(
                "decision_table", "the decision table is missing", nil, "the path of a CSV of treated,dlts,decision")
            return nil
        }
        let full = path.hasPrefix("/") || baseFolder == nil ? path : baseFolder! + "/" + path
        guard let text = try? String(contentsOfFile: full, encoding: .utf8) else {
            problem("decision_table", "the decision table cannot be read", full, "a readable CSV file")
            return nil
        }
        return .design(try TableDesign.parse(csv: text, target: t, file: full))
    }
}

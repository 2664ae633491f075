import Foundation
import ReadoutCore
import ReadoutData
import ReadoutEscalation
import ReadoutResponse

/// A number computed from the data that a claim may state: its label, value, the denominator of
/// a percentage, decimals shown, and kind (count, percentage, bound, median, months, weeks, dose —
/// a dose in the text's units —, or dose-range with `upper`).
public struct ComputedFigure: Sendable {
    /// What a figure is, which decides the claims it can answer (docs/disclosure-check.md).
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A number of patients, responses or cohorts.
        case count
        /// A percentage of `denominator`.
        case percentage
        /// A confidence limit, in percent.
        case bound
        /// A median in the unit of its line.
        case median
        /// A duration in months (median follow-up).
        case months
        /// A duration in weeks (median follow-up).
        case weeks
        /// A dose, in the study's dose unit.
        case dose
        /// A range of doses, `value` to `upper`.
        case doseRange = "dose-range"
        /// The dosing interval in weeks.
        case scheduleWeeks = "schedule-weeks"
        /// The dosing interval in days.
        case scheduleDays = "schedule-days"
    }
    public var label: String
    public var value: Double
    public var denominator: Int?
    public var decimals: Int
    public var kind: Kind
    public var upper: Double?
    /// A figure with its label, value and kind; `denominator` for a percentage, `upper` for a range.
    public init(
        label: String, value: Double, denominator: Int? = nil, decimals: Int = 0, kind: Kind, upper: Double? = nil
    ) {
        self.label = label
        self.value = value
        self.denominator = denominator
        self.decimals = decimals
        self.kind = kind
        self.upper = upper
    }
}

extension ComputedFigure {
    /// The numbers a phase I disclosure states, computed from the conduct, for `readout check-text
    /// --escalation`: patients (all, escalation, expansion), dose levels, the dose range, the MTD,
    /// expansion cohorts, CR, confirmed and unconfirmed PR, durable SD, and the range of doses at
    /// which responses and durable SD occurred.
    public static func figures(escalation r: EscalationConduct.Result) -> [ComputedFigure] {
        // The by-dose rows count expansion patients among the treated, and apart.
        let treated = r.rows.reduce(0) { $0 + $1.treated }
        let expansion = r.rows.reduce(0) { $0 + $1.expansion }
        let escalation = treated - expansion
        var f: [ComputedFigure] = [
            ComputedFigure(label: "patients treated", value: Double(treated), kind: .count),
            ComputedFigure(label: "patients in dose escalation", value: Double(escalation), kind: .count),
            ComputedFigure(label: "patients in expansion cohorts", value: Double(expansion), kind: .count),
            ComputedFigure(label: "expansion cohorts", value: Double(r.expansionArms.count), kind: .count),
            ComputedFigure(label: "dose levels", value: Double(r.doses.count), kind: .count),
            ComputedFigure(label: "complete responses", value: Double(r.rows.reduce(0) { $0 + $1.cr }), kind: .count),
            ComputedFigure(
                label: "confirmed partial responses", value: Double(r.rows.reduce(0) { $0 + $1.confirmedPR }),
                kind: .count),
            ComputedFigure(
                label: "unconfirmed partial responses", value: Double(r.rows.reduce(0) { $0 + $1.unconfirmedPR }),
                kind: .count),
            ComputedFigure(
                label: "patients with durable stable disease", value: Double(r.rows.reduce(0) { $0 + $1.durableSD }),
                kind: .count),
        ]
        if let lo = r.doses.first, let hi = r.doses.last {
            f.append(ComputedFigure(label: "dose range", value: lo, kind: .doseRange, upper: hi))
        }
        if let m = r.mtd.dose { f.append(ComputedFigure(label: "MTD (\(r.design))", value: r.doses[m], kind: .dose)) }
        if let d = r.dosingIntervalDays {
            f.append(
                ComputedFigure(
                    label: "dosing interval (median days between doses, in weeks)", value: d / 7, kind: .scheduleWeeks))
            f.append(
                ComputedFigure(label: "dosing interval (median days between doses)", value: d, kind: .scheduleDays))
        }
        let benefit = r.rows.filter { $0.cr + $0.confirmedPR + $0.unconfirmedPR + $0.durableSD > 0 }.map(\.dose)
        if let lo = benefit.min(), let hi = benefit.max() {
            f.append(
                ComputedFigure(
                    label: "doses with a response or durable stable disease", value: lo, kind: .doseRange, upper: hi))
        }
        return f
    }
}

/// The figures a phase I disclosure is reconciled with: the dose escalation conducted from a study
/// folder under a design, with the sentence that says what they are.
public struct EscalationFigures: Sendable {
    /// The numbers computed from the conduct.
    public var figures: [ComputedFigure]
    /// "the dose escalation of DIR under BOIN, at the cut-off 2008-08-29".
    public var label: String

    /// Reads the study in `folder` with `options` (its cut-off and data rules), conducts the
    /// escalation under `design` and collects the figures.
    public static func conduct(
        folder: String, design: any EscalationDesign, options: StudyLoadOptions,
        responseOptions: ResponseOptions = ResponseOptions()
    ) throws -> EscalationFigures {
        let load = try StudyLoader.load(folder: folder, options: options)
        var conductOptions = EscalationConduct.Options()
        conductOptions.asOf = options.cutoff
        let conduct = try EscalationConduct.run(
            study: load.study, design: design, options: conductOptions,
            responses: ResponseEngine(options: responseOptions).run(load.study))
        let asOf = conduct.asOf ?? "no date"
        let when =
            options.cutoff == nil
            ? "as of \(asOf), the last date in the data (no --cutoff given)" : "at the cut-off \(asOf)"
        return EscalationFigures(
            figures: ComputedFigure.figures(escalation: conduct),
            label: "the dose escalation of \(folder) under \(design.name), " + when)
    }
}

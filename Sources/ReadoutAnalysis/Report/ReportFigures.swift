import Foundation
import ReadoutCore
import ReadoutData
import ReadoutFigures
import ReadoutResponse
import ReadoutStatistics

/// The readout's figures, drawn from the computed results (waterfall, spider, swimmer,
/// Kaplan–Meier, forest), as standalone SVG documents.
public struct ReportFigure: Sendable {
    /// The figures of a readout (docs/figures.md); the raw value names the file, `figures/NAME.svg`.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case waterfall, spider, swimmer
        case kaplanMeier = "kaplan-meier"
        case forest
    }
    /// Which figure.
    public var kind: Kind
    /// The figure's title, as shown above it.
    public var title: String
    /// The self-contained SVG document.
    public var svg: String
    /// The file name without extension.
    public var name: String { kind.rawValue }

    /// A figure of `kind`.
    public init(kind: Kind, title: String, svg: String) {
        self.kind = kind
        self.title = title
        self.svg = svg
    }
}

enum ReportFigures {
    /// `lesions` are every subject's RECIST results from TU/TR (the evaluator's), computed once per readout.
    static func make(
        result: ReadoutResult, level: SubjectLevel, lesions: LesionEngine.Result, primaryMembers: [Int],
        cutoff: CalendarDate, limits: FigureLimits
    ) -> [ReportFigure] {
        var out: [ReportFigure] = []
        let primaryLabel =
            result.populations.first { $0.name == (result.responseRows.first?.population ?? "") }?.label ?? "patients"
        let responses = primaryMembers.map { level.responses[$0] }
        // Lesion-based tumour size (TU/TR) of the primary population, for the waterfall and spider plots.
        let byID = Dictionary(uniqueKeysWithValues: responses.map { ($0.subject, $0) })
        let lesionsByID = Dictionary(lesions.subjects.map { ($0.subject, $0) }, uniquingKeysWith: { a, _ in a })
        let primaryLesions = responses.compactMap { lesionsByID[$0.subject] }
        let bars = primaryLesions.compactMap { s -> (id: String, value: Double, category: String)? in
            guard let best = s.bestPercentChange, let r = byID[s.subject] else { return nil }
            return (s.subject, best, r.confirmedLabel)
        }
        out.append(
            ReportFigure(
                kind: .waterfall, title: "Best change in tumour size — \(primaryLabel)",
                svg: Charts.waterfall(
                    bars, title: "Best change in tumour size — \(primaryLabel)", maxBars: limits.maxBars)))
        let lines = primaryLesions.compactMap {
            s -> (id: String, points: [(day: Double, value: Double)], category: String)? in
            guard let r = byID[s.subject], let f = r.facts.firstDose else { return nil }
            let pts = s.assessments.compactMap { a in
                a.percentChangeFromBaseline.map { (day: Double(a.date.dayNumber - f.dayNumber), value: $0) }
            }
            return pts.isEmpty ? nil : (s.subject, pts, r.confirmedLabel)
        }
        out.append(
            ReportFigure(
                kind: .spider, title: "Change in tumour size over time — \(primaryLabel)",
                svg: Charts.spider(
                    lines, title: "Change in tumour size over time — \(primaryLabel)", maxLines: limits.maxLines)))
        // Swimmer: time on treatment with events.
        let rows = responses.compactMap {
            r -> (id: String, days: Double, ongoing: Bool, events: [(day: Double, kind: String)])? in
            guard let f = r.facts.firstDose else { return nil }
            let end = r.facts.treatmentDiscontinued ?? cutoff
            func day(_ d: CalendarDate?) -> Double? { d.map { Double($0.dayNumber - f.dayNumber) } }
            var events: [(day: Double, kind: String)] = []
            if let d = day(r.firstResponse) { events.append((d, "first response")) }
            if let d = day(r.confirmation) { events.append((d, "confirmed")) }
            if let d = day(r.counted.first { $0.response == .pd }?.date) { events.append((d, "progression")) }
            if let d = day(r.facts.treatmentDiscontinued) { events.append((d, "discontinued")) }
            return (r.subject, Double(end.dayNumber - f.dayNumber + 1), r.facts.treatmentDiscontinued == nil, events)
        }
        out.append(
            ReportFigure(
                kind: .swimmer, title: "Time on treatment — \(primaryLabel)",
                svg: Charts.swimmer(rows, title: "Time on treatment — \(primaryLabel)", maxLanes: limits.maxLanes)))
        // Kaplan–Meier: progression-free survival and duration of response.
        var curves:
            [(
                name: String, steps: [(time: Double, survival: Double)], censored: [(time: Double, survival: Double)],
                atRisk: (Double) -> Int
            )] = []
        var bands: [[(time: Double, lower: Double, upper: Double)]] = []
        for (name, items) in [
            ("Progression-free survival", responses.compactMap(\.progressionFree)),
            ("Duration of response", responses.compactMap(\.durationOfResponse)),
        ] where !items.isEmpty {
            let months = items.map { $0.months }
            let km = KaplanMeier(times: months, events: items.map(\.event))
            let steps = km.steps.filter { $0.events > 0 }.map { (time: $0.time, survival: $0.survival) }
            let censored = zip(months, items).filter { !$0.1.event }.map { m, _ in
                (time: m, survival: km.survival(at: m))
            }
            curves.append((name, steps, censored, { t in months.filter { $0 >= t }.count }))
            bands.append(km.steps.filter { $0.events > 0 }.map { (time: $0.time, lower: $0.lower, upper: $0.upper) })
        }
        out.append(
            ReportFigure(
                kind: .kaplanMeier,
                title: "Kaplan–Meier estimates with 95% pointwise confidence bands — \(primaryLabel)",
                svg: Charts.kaplanMeier(
                    curves, title: "Kaplan–Meier estimates — \(primaryLabel)", timeLabel: "Months", bands: bands)))
        // Forest: overall and confirmed ORR by population and subgroup.
        var forest: [(label: String, endpoint: String, count: Int, lower: Double, upper: Double, n: Int)] = []
        for row in result.responseRows where row.n > 0 {
            forest.append((row.label, "ORR", row.overall.count, row.overall.lower, row.overall.upper, row.n))
            forest.append(
                (row.label, "confirmed ORR", row.confirmed.count, row.confirmed.lower, row.confirmed.upper, row.n))
        }
        out.append(
            ReportFigure(
                kind: .forest, title: "Objective response by population",
                svg: Charts.forest(forest, title: "Objective response by population")))
        return out
    }
}

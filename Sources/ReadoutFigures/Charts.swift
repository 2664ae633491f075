import Foundation
import ReadoutCore

/// A plot area inside margins, with linear scales.
struct Frame {
    var svg: SVG
    let left: Double, top: Double, right: Double, bottom: Double
    let xMin: Double, xMax: Double, yMin: Double, yMax: Double

    init(
        width: Double, height: Double, margins: (Double, Double, Double, Double), x: (Double, Double),
        y: (Double, Double)
    ) {
        svg = SVG(width: width, height: height)
        (left, top, right, bottom) = (margins.0, margins.1, width - margins.2, height - margins.3)
        (xMin, xMax) = x.0 == x.1 ? (x.0 - 1, x.1 + 1) : x
        (yMin, yMax) = y.0 == y.1 ? (y.0 - 1, y.1 + 1) : y
    }

    func px(_ x: Double) -> Double { left + (x - xMin) / (xMax - xMin) * (right - left) }
    func py(_ y: Double) -> Double { bottom - (y - yMin) / (yMax - yMin) * (bottom - top) }

    mutating func axes(
        xLabel: String, yLabel: String, xTicks: [Double]? = nil, yTicks: [Double]? = nil,
        xTickLabel: (Double) -> String = label
    ) {
        svg.line(left, bottom, right, bottom)
        svg.line(left, top, left, bottom)
        for t in xTicks ?? niceTicks(xMin, xMax) where t >= xMin - 1e-9 && t <= xMax + 1e-9 {
            svg.line(px(t), bottom, px(t), bottom + 4)
            svg.text(px(t), bottom + 16, xTickLabel(t), size: 11, anchor: "middle")
        }
        for t in yTicks ?? niceTicks(yMin, yMax) where t >= yMin - 1e-9 && t <= yMax + 1e-9 {
            svg.line(left - 4, py(t), left, py(t))
            svg.line(left, py(t), right, py(t), stroke: "#e6e6e6")
            svg.text(left - 7, py(t) + 4, label(t), size: 11, anchor: "end")
        }
        svg.text((left + right) / 2, bottom + 34, xLabel, size: 12, anchor: "middle")
        svg.text(left - 44, (top + bottom) / 2, yLabel, size: 12, anchor: "middle", rotate: -90)
    }

    mutating func title(_ t: String) { svg.text(svg.width / 2, 22, t, size: 15, anchor: "middle", weight: "bold") }

    mutating func legend(_ items: [(String, String, String)], x: Double, y: Double) {
        for (k, item) in items.enumerated() {
            let yy = y + Double(k) * 17
            svg.marker(item.2, x + 6, yy - 4, size: 10, fill: item.1)
            svg.text(x + 16, yy, item.0, size: 11)
        }
    }

    mutating func empty(_ message: String) {
        svg.text((left + right) / 2, (top + bottom) / 2, message, size: 14, anchor: "middle", fill: "#555")
    }
}

/// The charts of Readout, each a self-contained SVG document from plain values.
public enum Charts {
    /// Each patient's best percent change from baseline in the sum of target-lesion diameters,
    /// sorted, coloured by best response, with the −30% (response) and +20% (progression) lines.
    /// Above `maxBars` patients, bins of k consecutive patients in that order, each bar the median of
    /// the bin's changes coloured by its most frequent best response (ties: the better response), and
    /// the figure says so.
    public static func waterfall(
        _ bars: [(id: String, value: Double, category: String)], title: String,
        maxBars: Int = FigureLimits().maxBars
    ) -> String {
        let patients = bars.sorted { ($0.value, $0.id) > ($1.value, $1.id) }
        let binSize = patients.count > maxBars ? (patients.count + maxBars - 1) / maxBars : 1
        let order = Palette.responseOrder
        let sorted: [(id: String, value: Double, category: String)] =
            binSize == 1
            ? patients
            : stride(from: 0, to: patients.count, by: binSize).map { start in
                let bin = patients[start..<min(patients.count, start + binSize)]
                let values = bin.map(\.value).sorted()
                let median =
                    values.count % 2 == 1
                    ? values[values.count / 2] : (values[values.count / 2 - 1] + values[values.count / 2]) / 2
                var counts: [String: Int] = [:]
                for b in bin { counts[b.category, default: 0] += 1 }
                let top = counts.max {
                    ($0.value, -(order.firstIndex(of: $0.key) ?? 99)) < (
                        $1.value, -(order.firstIndex(of: $1.key) ?? 99)
                    )
                }!.key
                return (id: "patients \(start + 1)–\(start + bin.count)", value: median, category: top)
            }
        let lo = min(-100, (sorted.map(\.value).min() ?? 0))
        let hi = max(40, (sorted.map(\.value).max() ?? 0) + 5)
        var f = Frame(
            width: 760, height: 420, margins: (60, 40, 150, 50), x: (0, Double(max(1, sorted.count))), y: (lo, hi))
        f.title(title)
        f.axes(
            xLabel: binSize > 1
                ? "Patients (\(patients.count)) in \(sorted.count) bins of \(binSize): the median of each bin, "
                    + "coloured by its most frequent response"
                : sorted.count > 60 ? "Patients (\(sorted.count), one bar each)" : "Patients",
            yLabel: "Best change from baseline (%)", xTicks: [])
        if sorted.isEmpty { f.empty("No patient with measurable disease at baseline and after") }
        let w = (f.right - f.left) / Double(max(1, sorted.count))
        for (k, b) in sorted.enumerated() {
            let y0 = f.py(0)
            let y1 = f.py(b.value)
            f.svg.rect(
                f.left + Double(k) * w + (w > 3 ? w * 0.1 : 0), min(y0, y1), w > 3 ? w * 0.8 : w, abs(y1 - y0),
                fill: Palette.response[b.category] ?? "#777",
                title: "\(b.id): \(NumberFormat.fixed(b.value, decimals: 1))% (\(b.category))")
        }
        f.svg.line(f.left, f.py(20), f.right, f.py(20), stroke: "#D55E00", dash: "5,4")
        f.svg.line(f.left, f.py(-30), f.right, f.py(-30), stroke: "#0072B2", dash: "5,4")
        f.svg.text(f.right + 4, f.py(20) + 4, "+20%", size: 10)
        f.svg.text(f.right + 4, f.py(-30) + 4, "−30%", size: 10)
        let present = Palette.responseOrder.filter { c in sorted.contains { $0.category == c }
        }
        f.legend(present.map { ($0, Palette.response[$0]!, "square") }, x: f.right + 40, y: f.top + 20)
        let desc =
            "Waterfall plot of \(patients.count) patients' best percent change in tumour size; "
            + present.map { c in "\(patients.filter { $0.category == c }.count) \(c)" }.joined(separator: ", ") + "."
            + (binSize > 1
                ? " Above \(maxBars) patients the bars are bins of \(binSize) patients, each the bin's median." : "")
        return f.svg.render(title: title, description: desc)
    }

    /// Kaplan–Meier curves with censoring marks and the numbers at risk below the axis.
    /// `bands`: optional pointwise confidence limits per curve, (time, lower, upper) at each event
    /// time, drawn as a shaded step band.
    public static func kaplanMeier(
        _ curves: [(
            name: String, steps: [(time: Double, survival: Double)], censored: [(time: Double, survival: Double)],
            atRisk: (Double) -> Int
        )],
        title: String, timeLabel: String, maxTime: Double? = nil,
        bands: [[(time: Double, lower: Double, upper: Double)]]? = nil
    ) -> String {
        let tmax = maxTime ?? max(1, curves.flatMap { $0.steps.map(\.time) + $0.censored.map(\.time) }.max() ?? 1)
        let ticks = niceTicks(0, tmax, count: 6)
        var f = Frame(
            width: 820, height: 440 + Double(curves.count) * 16, margins: (170, 40, 40, 90 + Double(curves.count) * 16),
            x: (0, tmax), y: (0, 1))
        f.title(title)
        f.axes(xLabel: timeLabel, yLabel: "Probability without event", xTicks: ticks, yTicks: [0, 0.25, 0.5, 0.75, 1])
        if curves.allSatisfy({ $0.steps.isEmpty && $0.censored.isEmpty }) { f.empty("No patients") }
        for (k, c) in curves.enumerated() {
            let colour = Palette.series[k % Palette.series.count]
            if let band = bands?[safe: k], !band.isEmpty {
                // Upper limit forward, lower limit back: one closed step polygon.
                var up = "M\(SVG.n(f.px(0))) \(SVG.n(f.py(1)))"
                for b in band where b.time <= tmax {
                    up += " H\(SVG.n(f.px(b.time))) V\(SVG.n(f.py(b.upper.isNaN ? 0 : b.upper)))"
                }
                up += " H\(SVG.n(f.px(tmax)))"
                var low = " V\(SVG.n(f.py(band.last!.lower.isNaN ? 0 : band.last!.lower)))"
                for (i, b) in band.enumerated().reversed() where b.time <= tmax {
                    low +=
                        " H\(SVG.n(f.px(b.time))) "
                        + "V\(SVG.n(f.py(i == 0 ? 1 : (band[i - 1].lower.isNaN ? 0 : band[i - 1].lower))))"
                }
                f.svg.path(up + low + " H\(SVG.n(f.px(0))) Z", stroke: "none", fill: colour, width: 0, opacity: 0.15)
            }
            var d = "M\(SVG.n(f.px(0))) \(SVG.n(f.py(1)))"
            var s = 1.0
            for st in c.steps where st.time <= tmax {
                d += " H\(SVG.n(f.px(st.time))) V\(SVG.n(f.py(st.survival)))"
                s = st.survival
            }
            d += " H\(SVG.n(f.px(tmax)))"
            f.svg.path(d, stroke: colour, width: 2)
            _ = s
            for cm in c.censored where cm.time <= tmax {
                f.svg.line(
                    f.px(cm.time), f.py(cm.survival) - 5, f.px(cm.time), f.py(cm.survival) + 5, stroke: colour,
                    width: 1.5)
            }
            // Numbers at risk.
            let y = f.bottom + 56 + Double(k) * 16
            f.svg.text(f.left - 22, y, c.name, size: 10, anchor: "end", fill: colour)
            for t in ticks { f.svg.text(f.px(t), y, String(c.atRisk(t)), size: 10, anchor: "middle") }
        }
        f.svg.text(f.left - 22, f.bottom + 42, "At risk", size: 10, anchor: "end", weight: "bold")
        f.legend(
            curves.enumerated().map { ($0.element.name, Palette.series[$0.offset % Palette.series.count], "square") },
            x: f.right - 220, y: f.top + 20)
        return f.svg.render(
            title: title,
            description: "Kaplan–Meier curves: "
                + curves.map { "\($0.name), \($0.steps.reduce(0) { $0 + ($1.survival < 1 ? 1 : 0) }) event times" }
                .joined(separator: "; ") + ".")
    }

    /// Proportions with their intervals, one row per population and endpoint: `count` of `n`, with
    /// the interval's limits as proportions. Percentages are printed as the tables print them.
    public static func forest(
        _ rows: [(label: String, endpoint: String, count: Int, lower: Double, upper: Double, n: Int)],
        title: String
    ) -> String {
        let height = 90 + Double(max(1, rows.count)) * 26
        var f = Frame(
            width: 760, height: height, margins: (330, 40, 40, 50), x: (0, 100), y: (0, Double(max(1, rows.count))))
        f.title(title)
        f.axes(xLabel: "Percent of patients (95% CI)", yLabel: "", xTicks: [0, 20, 40, 60, 80, 100], yTicks: [])
        if rows.isEmpty { f.empty("No populations") }
        let endpoints = Array(Set(rows.map(\.endpoint))).sorted()
        for (k, r) in rows.enumerated() {
            let y = f.top + (Double(k) + 0.5) * (f.bottom - f.top) / Double(rows.count)
            let e = endpoints.firstIndex(of: r.endpoint) ?? 0
            let colour = Palette.series[e % Palette.series.count]
            f.svg.line(f.px(r.lower * 100), y, f.px(r.upper * 100), y, stroke: colour, width: 2)
            f.svg.marker(
                e == 0 ? "square" : "diamond", f.px(Double(r.count) / Double(max(1, r.n)) * 100), y, size: 9,
                fill: colour)
            f.svg.text(
                f.left - 8, y + 4,
                "\(r.label) — \(r.endpoint) (n=\(r.n)): " + NumberFormat.percent(r.count, of: r.n) + "%",
                size: 10.5, anchor: "end")
        }
        return f.svg.render(
            title: title,
            description: rows.map {
                "\($0.label), \($0.endpoint): \(NumberFormat.percent($0.count, of: $0.n))% "
                    + "(\(NumberFormat.fixed($0.lower * 100, decimals: 1)) to "
                    + "\(NumberFormat.fixed($0.upper * 100, decimals: 1)))"
            }.joined(separator: "; "))
    }

    /// Time on treatment per patient with response, confirmation, progression and discontinuation
    /// markers, and an arrow for patients still on treatment.
    /// Above `maxLanes` patients, a systematic sample of `maxLanes` lanes by time on treatment
    /// (`systematicSample`), and the figure says so.
    public static func swimmer(
        _ rows: [(id: String, days: Double, ongoing: Bool, events: [(day: Double, kind: String)])], title: String,
        maxLanes: Int = FigureLimits().maxLanes
    ) -> String {
        let everyone = rows.sorted { ($0.days, $0.id) > ($1.days, $1.id) }
        let sampled = everyone.count > maxLanes
        let sorted = systematicSample(everyone.count, maxLanes).map { everyone[$0] }
        let rowHeight = sorted.count <= 60 ? 12.0 : max(1.5, 720 / Double(sorted.count))
        let maxDays = max(7, sorted.map(\.days).max() ?? 7)
        let height = 110 + rowHeight * Double(max(1, sorted.count))
        var f = Frame(
            width: 760, height: height, margins: (sorted.count <= 60 ? 140 : 60, 40, 170, 50), x: (0, maxDays / 7),
            y: (0, Double(max(1, sorted.count))))
        f.title(title)
        f.axes(
            xLabel: "Weeks from the first dose",
            yLabel: sampled
                ? "\(sorted.count) of \(everyone.count) patients: every "
                    + "\(fmtRatio(everyone.count, sorted.count))th by time"
                : sorted.count <= 60 ? "" : "Patients (\(sorted.count))",
            yTicks: [])
        if sorted.isEmpty { f.empty("No treated patients") }
        let shapes = [
            "first response": ("triangle", "#0072B2"), "confirmed": ("diamond", "#56B4E9"),
            "progression": ("cross", "#D55E00"), "discontinued": ("square", "#999999"),
        ]
        for (k, r) in sorted.enumerated() {
            let y = f.top + (Double(k) + 0.5) * rowHeight
            f.svg.rect(
                f.px(0), y - rowHeight * 0.35, f.px(r.days / 7) - f.px(0), rowHeight * 0.7, fill: "#cfd8dc",
                title: "\(r.id): \(Int(r.days)) days")
            if sorted.count <= 60 { f.svg.text(f.left - 6, y + 3.5, r.id, size: 9, anchor: "end") }
            if r.ongoing { f.svg.marker("arrow", f.px(r.days / 7) + 5, y, size: max(4, rowHeight * 0.8), fill: "#333") }
            if rowHeight >= 5 {
                for e in r.events {
                    if let s = shapes[e.kind] {
                        f.svg.marker(s.0, f.px(e.day / 7), y, size: min(9, rowHeight * 0.8), fill: s.1)
                    }
                }
            }
        }
        f.legend(
            ["first response", "confirmed", "progression", "discontinued"].map { ($0, shapes[$0]!.1, shapes[$0]!.0) }
                + [("on treatment at cut-off", "#333", "arrow")], x: f.right + 30, y: f.top + 20)
        return f.svg.render(
            title: title,
            description:
                "Swimmer plot of \(everyone.count) patients; \(everyone.filter(\.ongoing).count) still on treatment at "
                + "the cut-off."
                + (sampled
                    ? " Above \(maxLanes) patients it shows a systematic sample of \(sorted.count) lanes: ranked by "
                        + "time on treatment, the patient at the middle of each of \(sorted.count) equal parts." : "")
        )
    }

    /// Percent change in tumour size over time, one line per patient, coloured by best response.
    /// Above `maxLines` patients, a systematic sample of `maxLines` lines by subject identifier, and
    /// the figure says so.
    public static func spider(
        _ everyLine: [(id: String, points: [(day: Double, value: Double)], category: String)], title: String,
        maxLines: Int = FigureLimits().maxLines
    ) -> String {
        let byID = everyLine.sorted { $0.id < $1.id }
        let lines = systematicSample(byID.count, maxLines).map { byID[$0] }
        let sampled = byID.count > maxLines
        let all = lines.flatMap(\.points)
        let maxWeeks = max(6, (all.map(\.day).max() ?? 42) / 7)
        let lo = min(-100, all.map(\.value).min() ?? 0)
        let hi = max(40, (all.map(\.value).max() ?? 0) + 5)
        var f = Frame(width: 760, height: 420, margins: (60, 40, 150, 50), x: (0, maxWeeks), y: (lo, hi))
        f.title(title)
        f.axes(
            xLabel: sampled
                ? "Weeks from the first dose (\(lines.count) of \(byID.count) patients: every "
                    + "\(fmtRatio(byID.count, lines.count))th by identifier)"
                : "Weeks from the first dose", yLabel: "Change from baseline (%)")
        if lines.isEmpty { f.empty("No patient with follow-up measurements") }
        for l in lines.sorted(by: { $0.id < $1.id }) {
            f.svg.polyline(
                [(f.px(0), f.py(0))] + l.points.map { (f.px($0.day / 7), f.py($0.value)) },
                stroke: Palette.response[l.category] ?? "#777", width: lines.count > 200 ? 0.6 : 1.3)
        }
        f.svg.line(f.left, f.py(20), f.right, f.py(20), stroke: "#D55E00", dash: "5,4")
        f.svg.line(f.left, f.py(-30), f.right, f.py(-30), stroke: "#0072B2", dash: "5,4")
        let present = Palette.responseOrder.filter { c in lines.contains { $0.category == c }
        }
        f.legend(present.map { ($0, Palette.response[$0]!, "square") }, x: f.right + 40, y: f.top + 20)
        return f.svg.render(
            title: title,
            description: "Spider plot of \(byID.count) patients' percent change in tumour size over time."
                + (sampled
                    ? " Above \(maxLines) patients it shows a systematic sample of \(lines.count) lines: ordered by "
                        + "identifier, the patient at the middle of each of \(lines.count) equal parts." : ""))
    }

    /// Patients by entry order and dose level, DLTs marked, with the MTD line (phase I).
    public static func doseEscalation(
        _ patients: [(order: Int, level: Int, dlt: Bool, expansion: Bool)], levels: [String], mtdLevel: Int?,
        title: String
    ) -> String {
        let n = max(1, patients.count)
        var f = Frame(
            width: 760, height: 120 + Double(levels.count) * 26, margins: (100, 40, 150, 50), x: (0, Double(n + 1)),
            y: (0.5, Double(levels.count) + 0.5))
        f.title(title)
        f.axes(xLabel: "Patients in order of first dose", yLabel: "", yTicks: [])
        f.svg.text(16, (f.top + f.bottom) / 2, "Dose", size: 12, anchor: "middle", rotate: -90)
        for (k, l) in levels.enumerated() {
            f.svg.text(f.left - 8, f.py(Double(k + 1)) + 4, l, size: 10.5, anchor: "end")
        }
        if patients.isEmpty { f.empty("No patients") }
        for p in patients {
            let shape = p.dlt ? "cross" : p.expansion ? "diamond" : "circle"
            f.svg.marker(
                shape, f.px(Double(p.order)), f.py(Double(p.level)), size: 9,
                fill: p.dlt ? "#D55E00" : p.expansion ? "#CC79A7" : "#0072B2")
        }
        if let m = mtdLevel {
            f.svg.line(f.left, f.py(Double(m)), f.right, f.py(Double(m)), stroke: "#009E73", width: 1.5, dash: "6,4")
            f.svg.text(f.right + 4, f.py(Double(m)) + 4, "MTD", size: 11, weight: "bold", fill: "#009E73")
        }
        f.legend(
            [("no DLT", "#0072B2", "circle"), ("DLT", "#D55E00", "cross"), ("expansion", "#CC79A7", "diamond")],
            x: f.right + 40, y: f.top + 30)
        return f.svg.render(
            title: title,
            description:
                "\(patients.count) patients over \(levels.count) dose levels; \(patients.filter(\.dlt).count) DLTs"
                + (mtdLevel.map { "; MTD \(levels[$0 - 1])" } ?? "") + ".")
    }

    /// Best response counts per dose level, stacked (phase I).
    public static func responseByDose(_ counts: [(level: String, byCategory: [String: Int])], title: String) -> String {
        let categories = Palette.responseOrder
        let maxTotal = max(1, counts.map { $0.byCategory.values.reduce(0, +) }.max() ?? 1)
        var f = Frame(
            width: 760, height: 420, margins: (60, 40, 150, 60), x: (0, Double(max(1, counts.count))),
            y: (0, Double(maxTotal)))
        f.title(title)
        f.axes(xLabel: "Dose", yLabel: "Patients", xTicks: [])
        if counts.isEmpty { f.empty("No dose levels") }
        let w = (f.right - f.left) / Double(max(1, counts.count))
        for (k, c) in counts.enumerated() {
            var base = 0
            for cat in categories {
                if let v = c.byCategory[cat], v > 0 {
                    f.svg.rect(
                        f.left + Double(k) * w + w * 0.15, f.py(Double(base + v)), w * 0.7,
                        f.py(Double(base)) - f.py(Double(base + v)), fill: Palette.response[cat]!, stroke: "#fff",
                        title: "\(c.level): \(v) \(cat)")
                    base += v
                }
            }
            f.svg.text(f.left + (Double(k) + 0.5) * w, f.bottom + 16, c.level, size: 10, anchor: "middle")
        }
        f.legend(
            categories.filter { cat in counts.contains { ($0.byCategory[cat] ?? 0) > 0 } }.map {
                ($0, Palette.response[$0]!, "square")
            }, x: f.right + 40, y: f.top + 20)
        return f.svg.render(
            title: title,
            description: "Best response by dose level: "
                + counts.map { c in
                    "\(c.level): "
                        + categories.compactMap { cat in c.byCategory[cat].map { "\($0) \(cat)" } }.joined(
                            separator: ", ")
                }.joined(separator: "; ") + ".")
    }
}

extension Charts {
    /// Grouped bars: for each category (a dose, or "none"), one bar per series (a design), with an
    /// optional marked category (the true MTD). Simulation results: selection percentages and
    /// patients per dose by design.
    public static func groupedBars(
        categories: [String], series: [(name: String, values: [Double])], marked: Int?, yLabel: String, xLabel: String,
        title: String, decimals: Int = 1
    ) -> String {
        let top = max(1, series.flatMap { $0.values }.max() ?? 1)
        var f = Frame(
            width: 900, height: 440, margins: (64, 40, 250, 64), x: (0, Double(max(1, categories.count))),
            y: (0, top * 1.08))
        f.title(title)
        if let m = marked, categories.indices.contains(m) {
            let w = (f.right - f.left) / Double(categories.count)
            f.svg.rect(
                f.left + Double(m) * w, f.top, w, f.bottom - f.top, fill: "#f3f3f3", stroke: "none",
                title: "true MTD: \(categories[m])")
        }
        f.axes(xLabel: xLabel, yLabel: yLabel, xTicks: [])
        if categories.isEmpty || series.isEmpty { f.empty("No results to show") }
        let w = (f.right - f.left) / Double(max(1, categories.count))
        let bar = w * 0.8 / Double(max(1, series.count))
        for (k, c) in categories.enumerated() {
            for (j, s) in series.enumerated() where k < s.values.count {
                let v = s.values[k]
                f.svg.rect(
                    f.left + Double(k) * w + w * 0.1 + Double(j) * bar, f.py(v), bar * 0.92, f.py(0) - f.py(v),
                    fill: Palette.series[j % Palette.series.count], stroke: "none",
                    title: "\(s.name), \(c): \(NumberFormat.fixed(v, decimals: decimals))")
            }
            f.svg.text(
                f.left + (Double(k) + 0.5) * w, f.bottom + 16, c + (k == marked ? " *" : ""), size: 10, anchor: "middle"
            )
        }
        f.legend(
            series.enumerated().map { ($0.element.name, Palette.series[$0.offset % Palette.series.count], "square") },
            x: f.right + 30, y: f.top + 20)
        if marked != nil {
            f.svg.text(f.right + 30, f.top + 20 + Double(series.count) * 17 + 10, "* true MTD (shaded)", size: 10)
        }
        let description = series.map { s in
            s.name + ": "
                + zip(categories, s.values).map { "\($0.0) \(NumberFormat.fixed($0.1, decimals: decimals))" }.joined(
                    separator: ", ")
        }.joined(separator: "; ")
        return f.svg.render(title: title, description: yLabel + " by " + xLabel.lowercased() + ". " + description + ".")
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}

import Foundation
import ReadoutCore
import ReadoutStatistics
import ReadoutTestSupport
import Testing

@testable import ReadoutFigures

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Charts are deterministic, labelled, accessible, and stay well-formed from no patient to 2,000.
@Suite(.temporaryFolders) struct FigureTests {
    func wellFormed(_ svg: String) -> Bool {
        guard let data = svg.data(using: .utf8) else { return false }
        let parser = XMLParser(data: data)
        return parser.parse()
    }

    /// The combination grid: one cell per pair with its DLTs/patients, shaded, escaped, the MTD marked.
    @Test func theCombinationGridShowsEveryPair() {
        let cells = [(3, 0, false), (6, 1, false), (0, 0, false), (3, 3, true), (0, 0, true), (0, 0, false)].map {
            (patients: $0.0, dlts: $0.1, eliminated: $0.2)
        }
        let svg = Charts.combinationGrid(
            cells, rows: ["1 mg", "2 mg"], columns: ["10 mg", "20 mg", "40 mg"], rowTitle: "A<1>", columnTitle: "B",
            mtd: (0, 1), title: "Grid")
        #expect(wellFormed(svg))
        #expect(svg.contains(">1/6<") && svg.contains(">3/3<") && svg.contains(">E<") && svg.contains(">MTD<"))
        #expect(svg.contains("A&lt;1&gt; 2 mg, B 10 mg: 3 DLTs of 3, eliminated"))
        #expect(
            svg
                == Charts.combinationGrid(
                    cells, rows: ["1 mg", "2 mg"], columns: ["10 mg", "20 mg", "40 mg"], rowTitle: "A<1>",
                    columnTitle: "B",
                    mtd: (0, 1), title: "Grid"))
    }

    /// Above their limits the waterfall bins (the median of each bin, its most frequent response),
    /// and the swimmer and spider draw a systematic sample that spans the ranking; each says so.
    @Test func largeFiguresDrawTheirSummaryForms() {
        let bars = (0..<2000).map {
            (id: "S\(1000 + $0)", value: Double($0 % 200) - 100, category: $0 % 200 < 70 ? "PR" : "SD")
        }
        let binned = Charts.waterfall(bars, title: "W", maxBars: 100)
        #expect(wellFormed(binned))
        #expect(binned.components(separatedBy: "<title>patients ").count - 1 == 100)
        #expect(binned.contains("Patients (2000) in 100 bins of 20") && binned.contains("bins of 20 patients"))
        #expect(binned.contains("<title>patients 1–20: 98.5% (SD)</title>"))
        #expect(!Charts.waterfall(bars, title: "W", maxBars: 2000).contains("bins of"))
        let lanes = (0..<2000).map {
            (id: "S\($0)", days: Double($0), ongoing: false, events: [(day: Double, kind: String)]())
        }
        let swim = Charts.swimmer(lanes, title: "S", maxLanes: 50)
        #expect(wellFormed(swim) && swim.contains("50 of 2000 patients: every 40th by time"))
        #expect(swim.contains("<title>S1979: 1979 days</title>") && swim.contains("<title>S19: 19 days</title>"))
        let lines = (0..<2000).map { (id: "S\(10_000 + $0)", points: [(day: 42.0, value: -10.0)], category: "SD") }
        let spider = Charts.spider(lines, title: "P", maxLines: 100)
        #expect(wellFormed(spider) && spider.components(separatedBy: "<polyline").count - 1 == 100)
        #expect(spider.contains("systematic sample of 100 lines"))
        #expect(Charts.systematicSample(10, 4) == [1, 3, 6, 8] && Charts.systematicSample(3, 4) == [0, 1, 2])
    }

    @Test func everyChartHandlesEmptyOneAndManyPatients() {
        for n in [0, 1, 2000] {
            var rng = SplitMix(seed: UInt64(n + 1))
            func u() -> Double { Double(rng.next() % 10_000) / 10_000 }
            let cats = ["CR", "PR", "SD", "PD", "NE"]
            let bars = (0..<n).map { (id: "S\($0)", value: -100 + 160 * u(), category: cats[$0 % 5]) }
            let lines = (0..<n).map { i in
                (
                    id: "S\(i)", points: (1...4).map { (day: Double($0 * 42), value: -80 + 100 * u()) },
                    category: cats[i % 5]
                )
            }
            let swim = (0..<n).map { i in
                (
                    id: "S\(i)", days: 21 + 400 * u(), ongoing: i % 3 == 0,
                    events: [(day: 42.0, kind: "first response"), (day: 84.0, kind: "confirmed")]
                )
            }
            let times = (0..<n).map { _ in 24 * u() }
            let events = (0..<n).map { $0 % 2 == 0 }
            let km = KaplanMeier(times: times, events: events)
            let curve = (
                name: "PFS", steps: km.steps.filter { $0.events > 0 }.map { (time: $0.time, survival: $0.survival) },
                censored: zip(times, events).filter { !$0.1 }.map { (time: $0.0, survival: km.survival(at: $0.0)) },
                atRisk: { (t: Double) in times.filter { $0 >= t }.count }
            )
            let svgs = [
                Charts.waterfall(bars, title: "W"), Charts.spider(lines, title: "S"), Charts.swimmer(swim, title: "Sw"),
                Charts.kaplanMeier([curve], title: "K", timeLabel: "Months"),
                Charts.forest(
                    n == 0 ? [] : [(label: "All", endpoint: "ORR", count: 2 * n / 5, lower: 0.3, upper: 0.5, n: n)],
                    title: "F"),
                Charts.doseEscalation(
                    (0..<min(n, 60)).map { (order: $0 + 1, level: 1 + $0 % 5, dlt: $0 % 7 == 0, expansion: false) },
                    levels: ["1", "2", "3", "4", "5"], mtdLevel: n > 0 ? 4 : nil, title: "D"),
                Charts.responseByDose(n == 0 ? [] : [(level: "1 mg/kg", byCategory: ["PR": 1, "SD": 2])], title: "R"),
                Charts.groupedBars(
                    categories: n == 0 ? [] : (1...min(n, 12)).map { "\($0)" },
                    series: n == 0
                        ? [] : (0..<3).map { j in (name: "D\(j)", values: (1...min(n, 12)).map { _ in 100 * u() }) },
                    marked: n == 0 ? nil : 0, yLabel: "%", xLabel: "Dose", title: "G"),
            ]
            for svg in svgs {
                #expect(wellFormed(svg), "n=\(n)")
                #expect(
                    svg.contains("<title id=\"t\">") && svg.contains("<desc id=\"d\">") && svg.contains("role=\"img\""))
                if n == 0 { #expect(svg.contains("No ")) }
            }
        }
    }

    @Test func sameInputSameBytesAndTextEscaped() {
        let a = Charts.waterfall([(id: "S<1>", value: -35, category: "PR")], title: "A & B")
        #expect(a == Charts.waterfall([(id: "S<1>", value: -35, category: "PR")], title: "A & B"))
        #expect(a.contains("A &amp; B") && a.contains("S&lt;1&gt;"))
        #expect(niceTicks(0, 13.7, count: 6) == [0, 2.5, 5, 7.5, 10, 12.5])
    }

}

/// Golden files (Tests/Golden/FigureTests/<test name>.svg): the SVG output stays byte-stable. Set
/// READOUT_UPDATE_GOLDEN=1 to rewrite them after an intended change, and review the diff.
@Suite(.temporaryFolders) struct GoldenFigureTests {
    func check(_ name: String, _ svg: String) throws {
        expectGolden(svg, "FigureTests/\(name).svg")
    }

    @Test func waterfallGolden() throws {
        try check(
            "waterfallGolden",
            Charts.waterfall(
                [
                    (id: "S1", value: -100, category: "CR"), (id: "S2", value: -42.5, category: "PR"),
                    (id: "S3", value: -10, category: "SD"), (id: "S4", value: 35, category: "PD"),
                ], title: "Best change"))
    }

    @Test func kaplanMeierGolden() throws {
        let times = [3.0, 5, 5, 8, 12, 15, 20]
        let events = [true, true, false, true, false, true, false]
        let km = KaplanMeier(times: times, events: events)
        try check(
            "kaplanMeierGolden",
            Charts.kaplanMeier(
                [
                    (
                        name: "PFS",
                        steps: km.steps.filter { $0.events > 0 }.map { (time: $0.time, survival: $0.survival) },
                        censored: zip(times, events).filter { !$0.1 }.map {
                            (time: $0.0, survival: km.survival(at: $0.0))
                        },
                        atRisk: { t in times.filter { $0 >= t }.count }
                    )
                ], title: "PFS", timeLabel: "Months"))
    }

}

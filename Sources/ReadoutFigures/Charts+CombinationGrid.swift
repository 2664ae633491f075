import Foundation
import ReadoutCore

extension Charts {
    /// A two-drug combination trial's grid (a heatmap): one cell per dose pair, drug A's doses up the
    /// side and drug B's along the bottom, each cell showing "DLTs/patients" and shaded by the share
    /// with a DLT (white: none treated; hatched grey: eliminated), the MTD pair outlined.
    public static func combinationGrid(
        _ cells: [(patients: Int, dlts: Int, eliminated: Bool)], rows: [String], columns: [String], rowTitle: String,
        columnTitle: String, mtd: (Int, Int)?, title: String
    ) -> String {
        let cell = 64.0
        let left = 130.0
        let top = 50.0
        let width = left + Double(columns.count) * cell + 40
        let height = top + Double(rows.count) * cell + 70
        var svg = SVG(width: width, height: height)
        svg.text(width / 2, 22, title, size: 15, anchor: "middle", weight: "bold")
        for a in rows.indices {
            // Drug A's lowest dose at the bottom, as a dose grid is drawn.
            let y = top + Double(rows.count - 1 - a) * cell
            svg.text(left - 8, y + cell / 2 + 4, rows[a], size: 11, anchor: "end")
            for b in columns.indices {
                let x = left + Double(b) * cell
                let c = cells[a * columns.count + b]
                let share = c.patients > 0 ? Double(c.dlts) / Double(c.patients) : 0
                let fill =
                    c.eliminated
                    ? "#BBBBBB" : c.patients == 0 ? "#FFFFFF" : shade(share)
                let label = c.patients == 0 ? (c.eliminated ? "E" : "") : "\(c.dlts)/\(c.patients)"
                svg.rect(
                    x, y, cell, cell, fill: fill, stroke: "#666",
                    title: "\(rowTitle) \(rows[a]), \(columnTitle) \(columns[b]): "
                        + (c.patients == 0 ? "no patients" : "\(c.dlts) DLTs of \(c.patients)")
                        + (c.eliminated ? ", eliminated" : ""))
                svg.text(
                    x + cell / 2, y + cell / 2 + 5, label, size: 13, anchor: "middle",
                    fill: share > 0.45 && !c.eliminated ? "#FFFFFF" : "#111")
            }
        }
        for b in columns.indices {
            svg.text(
                left + (Double(b) + 0.5) * cell, top + Double(rows.count) * cell + 18, columns[b], size: 11,
                anchor: "middle")
        }
        svg.text(
            left + Double(columns.count) * cell / 2, top + Double(rows.count) * cell + 40, columnTitle, size: 12,
            anchor: "middle")
        svg.text(18, top + Double(rows.count) * cell / 2, rowTitle, size: 12, anchor: "middle", rotate: -90)
        if let (a, b) = mtd {
            let x = left + Double(b) * cell
            let y = top + Double(rows.count - 1 - a) * cell
            svg.rect(x + 2, y + 2, cell - 4, cell - 4, fill: "none", stroke: "#009E73")
            svg.rect(x + 4, y + 4, cell - 8, cell - 8, fill: "none", stroke: "#009E73")
            svg.text(x + cell / 2, y + 14, "MTD", size: 10, anchor: "middle", weight: "bold", fill: "#009E73")
        }
        let treated = cells.reduce(0) { $0 + $1.patients }
        let dlts = cells.reduce(0) { $0 + $1.dlts }
        return svg.render(
            title: title,
            description:
                "\(rows.count) × \(columns.count) dose pairs of \(rowTitle) and \(columnTitle); \(treated) patients, "
                + "\(dlts) DLTs"
                + (mtd.map { "; MTD \(rowTitle) \(rows[$0.0]) with \(columnTitle) \(columns[$0.1])" } ?? "")
                + ".")
    }

    /// White to vermilion by the share of patients with a DLT.
    static func shade(_ share: Double) -> String {
        let s = min(1, max(0, share))
        func channel(_ from: Double, _ to: Double) -> String {
            let v = Int((from + (to - from) * s).rounded())
            let digits = Array("0123456789ABCDEF")
            return String([digits[v / 16], digits[v % 16]])
        }
        return "#" + channel(255, 213) + channel(255, 94) + channel(255, 0)
    }
}

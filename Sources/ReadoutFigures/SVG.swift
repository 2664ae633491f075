import Foundation
import ReadoutCore

/// Builds an SVG document. Text is escaped; numbers are written with fixed precision so the same
/// chart is the same bytes on every machine.
public struct SVG {
    public let width: Double
    public let height: Double
    private var body: [String] = []

    /// An empty document of `width` × `height`.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func n(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : NumberFormat.fixed(r, decimals: 1)
    }

    /// Adds a line.
    public mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#333", width w: Double = 1,
        dash: String? = nil
    ) {
        body.append(
            "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" "
                + "stroke=\"\(stroke)\" stroke-width=\"\(Self.n(w))\""
                + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>")
    }

    mutating func rect(
        _ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil, title: String? = nil
    ) {
        let t = title.map { "<title>\(Markup.escape($0))</title>" } ?? ""
        body.append(
            "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(0, w)))\" "
                + "height=\"\(Self.n(max(0, h)))\" fill=\"\(fill)\""
                + (stroke.map { " stroke=\"\($0)\"" } ?? "") + (t.isEmpty ? "/>" : ">\(t)</rect>"))
    }

    mutating func circle(_ x: Double, _ y: Double, _ r: Double, fill: String, stroke: String? = nil) {
        body.append(
            "<circle cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"\(Self.n(r))\" fill=\"\(fill)\""
                + (stroke.map { " stroke=\"\($0)\"" } ?? "") + "/>")
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width w: Double = 1.5) {
        guard points.count > 1 else { return }
        body.append(
            "<polyline fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(w))\" points=\""
                + points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ") + "\"/>")
    }

    /// Adds a path of SVG path data `d`.
    public mutating func path(
        _ d: String, stroke: String, fill: String = "none", width w: Double = 1.5, opacity: Double? = nil
    ) {
        body.append(
            "<path d=\"\(d)\" stroke=\"\(stroke)\" fill=\"\(fill)\" stroke-width=\"\(Self.n(w))\""
                + (opacity.map {
                    " fill-opacity=\"\(Self.n($0 * 10) == "0" ? "0.1" : NumberFormat.fixed($0, decimals: 2))\""
                } ?? "") + "/>")
    }

    /// Adds text, escaped.
    public mutating func text(
        _ x: Double, _ y: Double, _ s: String, size: Double = 12, anchor: String = "start", weight: String? = nil,
        rotate: Double? = nil, fill: String = "#111"
    ) {
        var attrs =
            "x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" text-anchor=\"\(anchor)\" "
            + "fill=\"\(fill)\""
        if let w = weight { attrs += " font-weight=\"\(w)\"" }
        if let r = rotate { attrs += " transform=\"rotate(\(Self.n(r)) \(Self.n(x)) \(Self.n(y)))\"" }
        body.append("<text \(attrs)>\(Markup.escape(s))</text>")
    }

    /// A marker shape: circle, square, triangle, diamond (shapes as well as colours tell series apart).
    public mutating func marker(_ shape: String, _ x: Double, _ y: Double, size: Double, fill: String) {
        let h = size / 2
        switch shape {
        case "square": rect(x - h, y - h, size, size, fill: fill, stroke: "#111")
        case "triangle":
            body.append(
                "<path d=\"M\(Self.n(x)) \(Self.n(y - h)) L\(Self.n(x + h)) \(Self.n(y + h)) L\(Self.n(x - h)) "
                    + "\(Self.n(y + h)) Z\" fill=\"\(fill)\" stroke=\"#111\"/>"
            )
        case "diamond":
            body.append(
                "<path d=\"M\(Self.n(x)) \(Self.n(y - h)) L\(Self.n(x + h)) \(Self.n(y)) L\(Self.n(x)) "
                    + "\(Self.n(y + h)) L\(Self.n(x - h)) \(Self.n(y)) Z\" fill=\"\(fill)\" stroke=\"#111\"/>"
            )
        case "arrow":
            body.append(
                "<path d=\"M\(Self.n(x - h)) \(Self.n(y - h)) L\(Self.n(x + h)) \(Self.n(y)) L\(Self.n(x - h)) "
                    + "\(Self.n(y + h)) Z\" fill=\"\(fill)\"/>"
            )
        case "cross":
            line(x - h, y - h, x + h, y + h, stroke: fill, width: 1.5)
            line(x - h, y + h, x + h, y - h, stroke: fill, width: 1.5)
        default: circle(x, y, h, fill: fill, stroke: "#111")
        }
    }

    /// The document, with a title and a text description for screen readers.
    public func render(title: String, description: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" "
            + "width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" role=\"img\" aria-labelledby=\"t d\" "
            + "font-family=\"Helvetica, Arial, sans-serif\">\n"
            + "<title id=\"t\">\(Markup.escape(title))</title>\n<desc id=\"d\">\(Markup.escape(description))</desc>\n"
            + "<rect x=\"0\" y=\"0\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" fill=\"#fff\"/>\n"
            + body.joined(separator: "\n") + "\n</svg>\n"
    }
}

/// Okabe–Ito colours (distinguishable with colour-vision deficiency), with distinct lightness so
/// that they stay apart in greyscale; every series also gets a marker shape or a label.
public enum Palette {
    public static let response: [String: String] = [
        "CR": "#0072B2", "PR": "#56B4E9", "SD": "#009E73", "NON-CR/NON-PD": "#009E73", "PD": "#D55E00", "NE": "#999999",
        "MISSING": "#CCCCCC", "iCR": "#0072B2", "iPR": "#56B4E9", "iSD": "#009E73", "NON-iCR/NON-iUPD": "#009E73",
        "iUPD": "#E69F00", "iCPD": "#D55E00",
    ]
    /// Response categories best first, RECIST 1.1's and iRECIST's: a figure shows those present.
    public static let responseOrder = [
        "CR", "iCR", "PR", "iPR", "SD", "iSD", "NON-CR/NON-PD", "NON-iCR/NON-iUPD", "iUPD", "PD", "iCPD", "NE",
    ]
    public static let series = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
}

/// Axis ticks at "nice" numbers (1, 2, 2.5, 5 × 10^k).
public func niceTicks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
    guard hi > lo else { return [lo] }
    let raw = (hi - lo) / Double(max(1, count))
    let mag = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
    var t = (lo / step).rounded(.up) * step
    var out: [Double] = []
    while t <= hi + step * 1e-9 {
        out.append(abs(t) < step * 1e-9 ? 0 : t)
        t += step
    }
    return out
}

func label(_ v: Double) -> String {
    v == v.rounded() ? String(Int(v)) : NumberFormat.trimmed(v, decimals: 6)
}

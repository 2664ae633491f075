import Foundation
import ReadoutData

/// `readout check-text`: every quantitative claim of a text, checked for internal consistency and,
/// with a spec, reconciled against the readout computed from the data.
public struct DisclosureCheck: Sendable, Codable {
    public var file: String
    public var checks: [ClaimCheck]
    public var reconciledWith: String?

    public static func run(path: String, specPath: String? = nil) throws -> DisclosureCheck {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ReadoutError(file: path, code: "file-unreadable", "cannot read the text", expected: "a UTF-8 text, Markdown or HTML file")
        }
        let doc = DisclosureText(text)
        var checks = ConsistencyChecker.check(doc, claims: ClaimExtractor.extract(doc))
        if let specPath {
            let out = try ReadoutRunner.run(specPath: specPath)
            Reconciliation.reconcile(&checks, with: out.result)
        }
        return DisclosureCheck(file: path, checks: checks, reconciledWith: specPath)
    }

    public var failed: Bool { checks.contains { $0.verdict == .inconsistent || $0.verdict == .differsFromData } }

    public func text() -> String {
        var out = "Claims in \(file): \(checks.count)"
        if let s = reconciledWith { out += ", reconciled with \(s)" }
        out += "\n\n"
        for c in checks {
            out += "[\(c.verdict.rawValue)] \(c.claim.kind.rawValue) \"\(c.claim.text)\" (characters \(c.claim.start)–\(c.claim.end))"
            if !c.reasons.isEmpty { out += ": " + c.reasons.joined(separator: "; ") }
            out += "\n    in: \(c.sentence.count > 220 ? String(c.sentence.prefix(217)) + "..." : c.sentence)\n"
        }
        var counts: [String: Int] = [:]
        for c in checks { counts[c.verdict.rawValue, default: 0] += 1 }
        out += "\n" + counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "\n"
        return out
    }

    public func json() -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! e.encode(self), as: UTF8.self) + "\n"
    }
}

/// Matches claims to the figures a readout computed.
public enum Reconciliation {
    struct Figure { var label: String; var value: Double; var denominator: Int?; var decimals: Int; var kind: String }

    static func figures(_ r: ReadoutResult) -> [Figure] {
        var f: [Figure] = []
        for p in r.populations { f.append(Figure(label: "\(p.label) (n)", value: Double(p.count), denominator: nil, decimals: 0, kind: "count")) }
        for row in r.responseRows {
            f.append(Figure(label: "\(row.label): overall ORR", value: row.overall.estimate * 100, denominator: row.n, decimals: r.percentDecimals, kind: "percentage"))
            f.append(Figure(label: "\(row.label): confirmed ORR", value: row.confirmed.estimate * 100, denominator: row.n, decimals: r.percentDecimals, kind: "percentage"))
            f.append(Figure(label: "\(row.label): responders", value: Double(row.overall.count), denominator: nil, decimals: 0, kind: "count"))
            f.append(Figure(label: "\(row.label): confirmed responders", value: Double(row.confirmed.count), denominator: nil, decimals: 0, kind: "count"))
            f.append(Figure(label: "\(row.label): unconfirmed responses", value: Double(row.unconfirmed), denominator: nil, decimals: 0, kind: "count"))
            f.append(Figure(label: "\(row.label): durable stable disease", value: Double(row.durableSD), denominator: nil, decimals: 0, kind: "count"))
            for (reason, k) in row.unconfirmedReasons { f.append(Figure(label: "\(row.label): unconfirmed, \(reason)", value: Double(k), denominator: nil, decimals: 0, kind: "count")) }
            f.append(Figure(label: "\(row.label): confirmed ORR lower limit", value: row.confirmed.lower * 100, denominator: nil, decimals: r.percentDecimals, kind: "bound"))
            f.append(Figure(label: "\(row.label): confirmed ORR upper limit", value: row.confirmed.upper * 100, denominator: nil, decimals: r.percentDecimals, kind: "bound"))
        }
        for t in [r.baseline, r.exposure].compactMap({ $0 }) {
            for l in t.lines {
                if let p = l.percent { f.append(Figure(label: l.label, value: p, denominator: l.denominator, decimals: r.percentDecimals, kind: "percentage")) }
                if let c = l.count, l.percent != nil { f.append(Figure(label: "\(l.label) (n)", value: Double(c), denominator: nil, decimals: 0, kind: "count")) }
                if let m = l.summary?.median { f.append(Figure(label: "\(l.label): median", value: m, denominator: nil, decimals: 1, kind: "median")) }
            }
        }
        if let m = r.followUp.medianMonths { f.append(Figure(label: "median follow-up (months)", value: m, denominator: nil, decimals: 1, kind: "months")) }
        if let w = r.followUp.medianWeeks { f.append(Figure(label: "median follow-up (weeks)", value: w, denominator: nil, decimals: 0, kind: "weeks")) }
        return f
    }

    public static func reconcile(_ checks: inout [ClaimCheck], with r: ReadoutResult) {
        let figs = figures(r)
        for i in checks.indices {
            let cl = checks[i].claim
            var candidates: [Figure] = []
            switch cl.kind {
            case .percentage:
                candidates = figs.filter { $0.kind == "percentage" && (cl.denominator == nil || $0.denominator == cl.denominator) }
            case .count:
                candidates = figs.filter { $0.kind == "count" || (cl.decimals > 0 && $0.kind == "bound") }
            case .range where cl.unit == "CI":
                candidates = figs.filter { $0.kind == "bound" }
            case .measure where !cl.context.contains("median"):
                continue
            case .median, .measure:
                candidates = figs.filter { (cl.unit.hasPrefix("month") && $0.kind == "months") || (cl.unit.hasPrefix("week") && $0.kind == "weeks") || $0.kind == "median" }
            default: continue
            }
            let shown = { (f: Figure) -> Double in RoundingRule.halfUp.display(f.value, cl.decimals) }
            if let m = candidates.first(where: { shown($0) == cl.value }) {
                checks[i].verdict = checks[i].verdict == .inconsistent ? .inconsistent : .matchesData
                checks[i].reasons.append("matches the computed \(m.label): \(ReadoutFormat.number(m.value, decimals: max(cl.decimals, 1)))")
            } else if cl.kind == .percentage, let d = cl.denominator, let near = candidates.filter({ $0.denominator == d }).min(by: { abs($0.value - cl.value) < abs($1.value - cl.value) }) {
                checks[i].verdict = .differsFromData
                checks[i].reasons.append("differs from the computed \(near.label): \(ReadoutFormat.number(near.value, decimals: cl.decimals))% of \(d)")
            } else {
                checks[i].reasons.append("no computed counterpart")
                if checks[i].verdict == .unverifiable { checks[i].verdict = .noCounterpart }
            }
        }
    }
}

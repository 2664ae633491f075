import Foundation
import ReadoutAnalysis
import ReadoutCore
import ReadoutData

/// `readout check-text`: every quantitative claim of a text, checked for internal consistency and,
/// with a spec, reconciled against the readout computed from the data.
public struct DisclosureCheck: Sendable, Codable {
    public var file: String
    public var checks: [ClaimCheck]
    var reconciledWith: String?

    /// `figures` (with `label` saying where they come from) reconciles the claims with numbers
    /// computed elsewhere, for example a dose-escalation conduct.
    public static func run(
        path: String, specPath: String? = nil, figures: [ComputedFigure]? = nil, label: String? = nil
    ) throws -> DisclosureCheck {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ReadoutError(
                file: path, code: "file-unreadable", "cannot read the text",
                expected: "a UTF-8 text, Markdown or HTML file")
        }
        let doc = DisclosureText(text)
        var checks = ConsistencyChecker.check(doc, claims: ClaimExtractor.extract(doc))
        if let specPath {
            let out = try ReadoutRunner.run(specPath: specPath)
            Reconciliation.reconcile(&checks, with: out.result, text: text)
        }
        if let figures { Reconciliation.reconcile(&checks, figures: figures, text: text) }
        return DisclosureCheck(
            file: path, checks: checks,
            reconciledWith: [specPath, label].compactMap { $0 }.joined(separator: " and ").nilIfEmpty)
    }

    /// Checks `text` (named `file` in the result) against itself and against a readout already
    /// computed (a server's stored run), reconciled with `label` saying which.
    public static func run(text: String, file: String, readout: ReadoutResult, label: String) -> DisclosureCheck {
        let doc = DisclosureText(text)
        var checks = ConsistencyChecker.check(doc, claims: ClaimExtractor.extract(doc))
        Reconciliation.reconcile(&checks, with: readout, text: text)
        return DisclosureCheck(file: file, checks: checks, reconciledWith: label)
    }

    public var failed: Bool { checks.contains { $0.verdict == .inconsistent || $0.verdict == .differsFromData } }

    /// The check as text: each claim with its verdict and reasons.
    public func text() -> String {
        var out = "Claims in \(file): \(checks.count)"
        if let s = reconciledWith { out += ", reconciled with \(s)" }
        out += "\n\n"
        for c in checks {
            out +=
                "[\(c.verdict.rawValue)] \(c.claim.kind.rawValue) \"\(c.claim.text)\" (characters "
                + "\(c.claim.start)–\(c.claim.end))"
            if !c.reasons.isEmpty { out += ": " + c.reasons.joined(separator: "; ") }
            out += "\n    in: \(c.sentence.count > 220 ? String(c.sentence.prefix(217)) + "..." : c.sentence)\n"
        }
        var counts: [String: Int] = [:]
        for c in checks { counts[c.verdict.rawValue, default: 0] += 1 }
        out += "\n" + counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "\n"
        return out
    }

    /// The check as the check-text document of the results contract (check-text.schema.json).
    public func json() -> String {
        var o = ResultsContract.envelope("check-text")
        o.add("file", file)
        o.add("reconciledWith", reconciledWith)
        o.add(
            "claims",
            checks.map { c in
                var x = JSONObject()
                x.add("kind", c.claim.kind.rawValue)
                x.add("text", c.claim.text)
                // A date is ISO 8601 text in the contract, never a day number.
                let isDate = c.claim.kind == .date
                x.add("value", isDate ? nil : c.claim.value)
                x.add("upper", isDate ? nil : c.claim.upper)
                x.add("date", isDate ? CalendarDate(dayNumber: Int(c.claim.value)) : nil)
                x.add("decimals", c.claim.decimals >= 0 ? c.claim.decimals : nil)
                x.add("unit", c.claim.unit)
                x.add("denominator", c.claim.denominator)
                x.add("start", c.claim.start)
                x.add("end", c.claim.end)
                x.add("sentenceNumber", c.claim.sentence)
                x.add("context", c.claim.context)
                x.add("sentence", c.sentence)
                x.add("verdict", c.verdict.rawValue.replacingOccurrences(of: " ", with: "-"))
                x.add("reasons", c.reasons)
                return x
            })
        var counts = JSONObject()
        for v in [
            "consistent", "inconsistent", "unverifiable", "matches data", "differs from data",
            "no computed counterpart",
        ] {
            counts.add(v.replacingOccurrences(of: " ", with: "-"), checks.filter { $0.verdict.rawValue == v }.count)
        }
        o.add("verdicts", counts)
        o.add("failed", failed)
        return JSONValue.object(o).rendered()
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// Matches claims to the figures a readout computed.
public enum Reconciliation {
    typealias Figure = ComputedFigure

    static func figures(_ r: ReadoutResult) -> [Figure] {
        var f: [Figure] = []
        for p in r.populations {
            f.append(
                Figure(label: "\(p.label) (n)", value: Double(p.count), denominator: nil, decimals: 0, kind: .count))
        }
        for row in r.responseRows {
            f.append(
                Figure(
                    label: "\(row.label): overall ORR", value: row.overall.estimate * 100, denominator: row.n,
                    decimals: r.percentDecimals, kind: .percentage))
            f.append(
                Figure(
                    label: "\(row.label): confirmed ORR", value: row.confirmed.estimate * 100, denominator: row.n,
                    decimals: r.percentDecimals, kind: .percentage))
            f.append(
                Figure(
                    label: "\(row.label): responders", value: Double(row.overall.count), denominator: nil, decimals: 0,
                    kind: .count))
            f.append(
                Figure(
                    label: "\(row.label): confirmed responders", value: Double(row.confirmed.count), denominator: nil,
                    decimals: 0, kind: .count))
            f.append(
                Figure(
                    label: "\(row.label): unconfirmed responses", value: Double(row.unconfirmed), denominator: nil,
                    decimals: 0, kind: .count))
            f.append(
                Figure(
                    label: "\(row.label): durable stable disease", value: Double(row.durableSD), denominator: nil,
                    decimals: 0, kind: .count))
            for (reason, k) in row.unconfirmedReasons {
                f.append(
                    Figure(
                        label: "\(row.label): unconfirmed, \(reason)", value: Double(k), denominator: nil, decimals: 0,
                        kind: .count))
            }
            f.append(
                Figure(
                    label: "\(row.label): confirmed ORR lower limit", value: row.confirmed.lower * 100,
                    denominator: nil, decimals: r.percentDecimals, kind: .bound))
            f.append(
                Figure(
                    label: "\(row.label): confirmed ORR upper limit", value: row.confirmed.upper * 100,
                    denominator: nil, decimals: r.percentDecimals, kind: .bound))
        }
        for t in [r.baseline, r.exposure].compactMap({ $0 }) {
            for l in t.lines {
                if let p = l.percent {
                    f.append(
                        Figure(
                            label: l.label, value: p, denominator: l.denominator, decimals: r.percentDecimals,
                            kind: .percentage))
                }
                if let c = l.count, l.percent != nil {
                    f.append(
                        Figure(label: "\(l.label) (n)", value: Double(c), denominator: nil, decimals: 0, kind: .count))
                }
                if let m = l.summary?.median {
                    f.append(
                        Figure(label: "\(l.label): median", value: m, denominator: nil, decimals: 1, kind: .median))
                }
            }
        }
        if let m = r.followUp.medianMonths {
            f.append(Figure(label: "median follow-up (months)", value: m, denominator: nil, decimals: 1, kind: .months))
        }
        if let w = r.followUp.medianWeeks {
            f.append(Figure(label: "median follow-up (weeks)", value: w, denominator: nil, decimals: 0, kind: .weeks))
        }
        return f
    }

    /// Reconciles each claim with the figures of a computed readout.
    public static func reconcile(_ checks: inout [ClaimCheck], with r: ReadoutResult, text: String? = nil) {
        reconcile(&checks, figures: figures(r), text: text)
    }

    /// Words that name one figure among figures of the same kind (docs/disclosure-check.md).
    static let qualifiers: Set<String> = ["unconfirmed", "confirmed", "expansion", "escalation", "durable"]

    /// Words of a label or phrase, lower-cased, plural s dropped, abbreviations spelt out.
    static func words(_ s: String) -> [String] {
        let expand = [
            "pr": ["partial", "response"], "prs": ["partial", "response"], "cr": ["complete", "response"],
            "crs": ["complete", "response"],
            "sd": ["stable", "disease"], "orr": ["response"],
        ]
        let stop: Set<String> = [
            "a", "an", "the", "of", "in", "with", "had", "were", "was", "and", "at", "to", "for", "patient", "patients",
        ]
        var out: [String] = []
        for raw in s.lowercased().split(whereSeparator: { !$0.isLetter }) {
            var w = String(raw)
            if let e = expand[w] {
                out += e
                continue
            }
            if w.count > 3 && w.hasSuffix("s") { w.removeLast() }
            if !stop.contains(w) { out.append(w) }
        }
        return out
    }

    /// The qualifiers of the claim's own clause: the words before it back to the previous number
    /// or clause mark, and after it up to the next ("the confirmed ORR was 27.4%", "12 responses
    /// were not confirmed"). "Not confirmed" is "unconfirmed".
    static func qualifierWords(_ claim: Claim, in text: [Character]?) -> [String] {
        let marks: Set<Character> = [",", ";", ".", "(", ")", ":"]
        func clause(_ s: String) -> [String] {
            var out: [String] = []
            for raw in s.lowercased().split(separator: " ") {
                let w = String(raw)
                if w == "and" || w.contains(where: { $0.isNumber }) || w.contains(where: marks.contains) {
                    out = []
                    continue
                }
                out.append(w)
            }
            return out
        }
        var before = clause(claim.context)
        var after: [String] = []
        if let text, claim.end <= text.count {
            var k = claim.end
            while k < text.count, k - claim.end < 80, !marks.contains(text[k]), !text[k].isNumber { k += 1 }
            let tail = String(text[claim.end..<k]).lowercased()
            after = tail.components(separatedBy: " and ").first.map { $0.split(separator: " ").map(String.init) } ?? []
        }
        before = before.map { $0.trimmingCharacters(in: .punctuationCharacters) }
        var words = (before + after).map { $0.trimmingCharacters(in: .punctuationCharacters) }
        for k in words.indices.dropLast() where words[k] == "not" && words[k + 1] == "confirmed" {
            words[k + 1] = "unconfirmed"
        }
        return words.map { $0.count > 3 && $0.hasSuffix("s") ? String($0.dropLast()) : $0 }.filter(qualifiers.contains)
    }

    /// What the text says the number counts: the few words before it and the phrase after it, up
    /// to the next comma, semicolon or full stop.
    static func phrase(_ claim: Claim, in text: [Character]?) -> [String] {
        guard let text, claim.end <= text.count else { return words(claim.context + " " + claim.unit) }
        var k = claim.end
        while k < text.count, k - claim.end < 80, !",;.".contains(text[k]) { k += 1 }
        return words(claim.context + " " + String(text[claim.end..<k]))
    }

    /// Reconciles each claim with `figs`, matching a claim to the figure its words name.
    public static func reconcile(_ checks: inout [ClaimCheck], figures figs: [ComputedFigure], text: String? = nil) {
        let characters = text.map(Array.init)
        for i in checks.indices {
            let cl = checks[i].claim
            var candidates: [Figure] = []
            switch cl.kind {
            case .percentage:
                candidates = figs.filter {
                    $0.kind == .percentage && (cl.denominator == nil || $0.denominator == cl.denominator)
                }
            case .count:
                candidates = figs.filter { $0.kind == .count || (cl.decimals > 0 && $0.kind == .bound) }
            case .range where cl.unit == "CI":
                candidates = figs.filter { $0.kind == .bound }
            case .measure
            where cl.context.hasSuffix("every") && (cl.unit.hasPrefix("week") || cl.unit.hasPrefix("day")):
                // A schedule: "every three weeks".
                candidates = figs.filter { $0.kind == (cl.unit.hasPrefix("week") ? .scheduleWeeks : .scheduleDays) }
            case .measure where !cl.context.contains("median"):
                continue
            case .median, .measure:
                candidates = figs.filter {
                    (cl.unit.hasPrefix("month") && $0.kind == .months)
                        || (cl.unit.hasPrefix("week") && $0.kind == .weeks) || $0.kind == .median
                }
            case .dose:
                candidates = figs.filter { $0.kind == .dose }
            case .range where figs.contains(where: { $0.kind == .doseRange }):
                // A range matches when both ends do.
                if let m = figs.first(where: { $0.kind == .doseRange && $0.value == cl.value && $0.upper == cl.upper })
                {
                    checks[i].verdict = checks[i].verdict == .inconsistent ? .inconsistent : .matchesData
                    checks[i].reasons.append(
                        "matches the computed \(m.label): \(formatNumber(m.value)) to "
                            + "\(formatNumber(m.upper ?? m.value))"
                    )
                } else {
                    checks[i].reasons.append("no computed counterpart")
                    if checks[i].verdict == .unverifiable { checks[i].verdict = .noCounterpart }
                }
                continue
            default: continue
            }
            let shown = { (f: Figure) -> Double in RoundingRule.halfUp.display(f.value, cl.decimals) }
            let said = Set(phrase(cl, in: characters))
            // Words that single out one figure ("unconfirmed", "expansion"): when the text says
            // them, only figures whose labels say them too are its counterparts, so that a claim
            // is never matched to another figure that happens to have its value.
            let named = Set(qualifierWords(cl, in: characters))
            if !named.isEmpty {
                candidates = candidates.filter { named.isSubset(of: Set(words($0.label))) }
                if !candidates.isEmpty, !candidates.contains(where: { shown($0) == cl.value }), cl.kind != .percentage {
                    let m = candidates.max { a, b in
                        words(a.label).filter(said.contains).count < words(b.label).filter(said.contains).count
                    }!
                    checks[i].verdict = .differsFromData
                    checks[i].reasons.append(
                        "differs from the computed \(m.label): the text says \(formatNumber(cl.value)), "
                            + "the data give \(ReadoutFormat.number(m.value, decimals: cl.decimals))")
                    continue
                }
            }
            // Of the figures with the same value, the one whose label the text's words name best.
            let equal = candidates.filter { shown($0) == cl.value }
            let best = equal.max { a, b in
                words(a.label).filter(said.contains).count < words(b.label).filter(said.contains).count
            }
            let first = equal.first { f in
                words(f.label).filter(said.contains).count
                    == (best.map { words($0.label).filter(said.contains).count } ?? 0)
            }
            if let m = first {
                checks[i].verdict = checks[i].verdict == .inconsistent ? .inconsistent : .matchesData
                checks[i].reasons.append(
                    "matches the computed \(m.label): \(ReadoutFormat.number(m.value, decimals: max(cl.decimals, 1)))")
            } else if cl.kind == .percentage, let d = cl.denominator,
                let near = candidates.filter({ $0.denominator == d }).min(by: {
                    abs($0.value - cl.value) < abs($1.value - cl.value)
                })
            {
                checks[i].verdict = .differsFromData
                checks[i].reasons.append(
                    "differs from the computed \(near.label): "
                        + "\(ReadoutFormat.number(near.value, decimals: cl.decimals))% of \(d)"
                )
            } else {
                checks[i].reasons.append("no computed counterpart")
                if checks[i].verdict == .unverifiable { checks[i].verdict = .noCounterpart }
            }
        }
    }
}

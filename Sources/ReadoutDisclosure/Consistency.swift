import Foundation
import ReadoutAnalysis
import ReadoutCore
import ReadoutData

/// What a check found about one claim.
public struct ClaimCheck: Sendable, Codable {
    /// What a check found about a claim.
    public enum Verdict: String, Sendable, Codable {
        case consistent, inconsistent, unverifiable
        case matchesData = "matches data"
        case differsFromData = "differs from data"
        case noCounterpart = "no computed counterpart"
    }
    public var claim: Claim
    public var sentence: String
    public var verdict: Verdict
    public var reasons: [String]
}

enum RoundingRule: String, Sendable, Codable, CaseIterable {
    case halfUp = "half up"
    case halfEven = "half even"
    case truncation

    func display(_ v: Double, _ decimals: Int) -> Double {
        let scale = pow(10, Double(decimals))
        let x = v * scale
        // Guard against binary noise (68.75 stored as 68.74999...).
        let nudged = (x * 1e9).rounded() / 1e9
        switch self {
        case .halfUp: return nudged.rounded(.toNearestOrAwayFromZero) / scale
        case .halfEven: return nudged.rounded(.toNearestOrEven) / scale
        case .truncation: return nudged.rounded(.towardZero) / scale
        }
    }
}

/// Internal consistency of a text's numbers: each percentage against whole counts of its
/// denominator, confirmed rates against overall ones, subgroups within their populations, unit
/// conversions, and the same quantity stated twice.
public enum ConsistencyChecker {
    /// Checks every claim against the others of the text (docs/disclosure-check.md), rule by rule.
    public static func check(_ doc: DisclosureText, claims: [Claim]) -> [ClaimCheck] {
        var rules = ConsistencyRules(doc: doc, claims: claims)
        for i in rules.checks.indices {
            let cl = rules.checks[i].claim
            switch cl.kind {
            case .percentage where cl.unit == "fraction": rules.fractionAgainstPercentage(i)
            case .percentage: rules.percentageOfItsDenominator(i)
            case .measure where cl.unit.hasPrefix("month"), .median where cl.unit.hasPrefix("month"):
                rules.monthsAgainstWeeks(i)
            case .measure where cl.unit.hasPrefix("cycle"): rules.cyclesAgainstWeeks(i)
            case .count: rules.partWithinWhole(i)
            default: break
            }
        }
        rules.confirmedWithinOverall()
        rules.sameEnrolment()
        return rules.checks
    }
}

/// The consistency rules, each a function of the text and its claims, recording verdicts and reasons.
struct ConsistencyRules {
    let doc: DisclosureText
    private(set) var checks: [ClaimCheck]

    init(doc: DisclosureText, claims: [Claim]) {
        self.doc = doc
        checks = claims.map {
            ClaimCheck(claim: $0, sentence: doc.sentenceText($0.sentence), verdict: .unverifiable, reasons: [])
        }
    }

    /// The `n` characters after a claim, lower-cased, blanks collapsed.
    func after(_ claim: Claim, _ n: Int) -> String {
        let c = doc.clean
        return String(c[claim.end..<min(c.count, claim.end + n)]).lowercased().replacingOccurrences(
            of: "\\s+", with: " ", options: .regularExpression)
    }

    /// "two-thirds (67.9%)": the stated percentage must be near the fraction.
    mutating func fractionAgainstPercentage(_ i: Int) {
        let cl = checks[i].claim
        // "two-thirds (67.9%)": the stated percentage must be near the fraction.
        if let j = checks.indices.first(where: {
            $0 > i && checks[$0].claim.kind == .percentage && checks[$0].claim.unit == "%"
                && checks[$0].claim.start - cl.end < 4
        }) {
            let near = abs(checks[j].claim.value - cl.value) <= 5
            checks[i].verdict = near ? .consistent : .inconsistent
            checks[i].reasons.append(
                "\(cl.text) is \(ReadoutFormat.number(cl.value, decimals: 1))%, "
                    + "\(near ? "close to" : "far from") the stated \(formatNumber(checks[j].claim.value))%"
            )
        }
    }

    /// A percentage no whole count of its denominator gives is inconsistent; the rounding rules that would give it
    /// are named.
    mutating func percentageOfItsDenominator(_ i: Int) {
        let cl = checks[i].claim
        if cl.value > 100 {
            checks[i].verdict = .inconsistent
            checks[i].reasons.append("a percentage above 100")
            return
        }
        guard let n = cl.denominator, n > 0 else {
            checks[i].reasons.append("no denominator the text makes clear")
            return
        }
        let shown = formatNumber(cl.value)
        let fits = (0...n).filter {
            RoundingRule.halfUp.display(Double($0) / Double(n) * 100, cl.decimals) == cl.value
        }
        if let k = fits.first {
            checks[i].verdict = .consistent
            checks[i].reasons.append(
                "\(k) of \(n) "
                    + "(\(ReadoutFormat.number(Double(k) / Double(n) * 100, decimals: cl.decimals + 2))%) "
                    + "shows as \(shown)%; denominator \(cl.denominatorText ?? "")"
            )
        } else {
            checks[i].verdict = .inconsistent
            let exact = cl.value / 100 * Double(n)
            let lo = Int(exact.rounded(.down))
            let hi = lo + 1
            var why = "no whole count of \(n) gives \(shown)% under half-up rounding; "
            why += [lo, hi].filter { $0 >= 0 && $0 <= n }.map { k in
                let p = Double(k) / Double(n) * 100
                return
                    "\(k) of \(n) = \(ReadoutFormat.number(p, decimals: cl.decimals + 2))% shows as "
                    + "\(formatNumber(RoundingRule.halfUp.display(p, cl.decimals)))%"
            }.joined(separator: ", ")
            for rule in [RoundingRule.halfEven, .truncation] {
                if let k = (0...n).first(where: {
                    rule.display(Double($0) / Double(n) * 100, cl.decimals) == cl.value
                }) {
                    why += "; \(k) of \(n) gives \(shown)% only by \(rule.rawValue)"
                }
            }
            checks[i].reasons.append(why + "; denominator \(cl.denominatorText ?? "")")
        }
    }

    /// "4.4 months (19 weeks)": the weeks must agree with the months.
    mutating func monthsAgainstWeeks(_ i: Int) {
        let cl = checks[i].claim
        // "4.4 months (19 weeks)": the weeks must agree with the months.
        if let j = checks.indices.first(where: {
            $0 > i && checks[$0].claim.sentence == cl.sentence && checks[$0].claim.unit.hasPrefix("week")
                && checks[$0].claim.start - cl.end < 4
        }) {
            let weeks = checks[j].claim.value
            let implied = cl.value * CalendarUnits.daysPerMonth / 7
            let slack =
                0.5 * pow(10, -Double(checks[j].claim.decimals)) + 0.5 * pow(10, -Double(cl.decimals))
                * CalendarUnits.daysPerMonth / 7
            if abs(implied - weeks) <= slack {
                checks[i].verdict = .consistent
                checks[i].reasons.append(
                    "\(formatNumber(cl.value)) months is \(ReadoutFormat.number(implied, decimals: 1)) "
                        + "weeks, as the text's \(formatNumber(weeks)) weeks (30.4375 days a month)"
                )
            } else {
                checks[i].verdict = .inconsistent
                checks[i].reasons.append(
                    "\(formatNumber(cl.value)) months is \(ReadoutFormat.number(implied, decimals: 1)) "
                        + "weeks, not \(formatNumber(weeks))"
                )
            }
        }
    }

    /// "six treatment cycles (18 weeks)" against "every three weeks" / "every 3 weeks".
    mutating func cyclesAgainstWeeks(_ i: Int) {
        let cl = checks[i].claim
        // "six treatment cycles (18 weeks)" against "every three weeks" / "every 3 weeks".
        let text = doc.original.lowercased()
        let cycleWeeks =
            text.contains("every 3 weeks") || text.contains("every three weeks")
            ? 3.0 : text.contains("every 2 weeks") || text.contains("every two weeks") ? 2.0 : nil
        if let w = cycleWeeks,
            let j = checks.indices.first(where: {
                $0 > i && checks[$0].claim.sentence == cl.sentence && checks[$0].claim.unit.hasPrefix("week")
                    && checks[$0].claim.start - cl.end < 4
            })
        {
            let ok = cl.value * w == checks[j].claim.value
            checks[i].verdict = ok ? .consistent : .inconsistent
            checks[i].reasons.append(
                "\(formatNumber(cl.value)) cycles of \(formatNumber(w)) weeks \(ok ? "are" : "are not") "
                    + "\(formatNumber(checks[j].claim.value)) weeks"
            )
        }
    }

    /// "Three of the 112 patients": a part no larger than its whole.
    mutating func partWithinWhole(_ i: Int) {
        let cl = checks[i].claim
        // "Three of the 112 patients": a part no larger than its whole.
        let tail = after(cl, 40)
        if tail.hasPrefix(" of the") || tail.hasPrefix(" of these") {
            if let j = checks.indices.first(where: {
                $0 > i && checks[$0].claim.kind == .count && checks[$0].claim.sentence == cl.sentence
                    && checks[$0].claim.start - cl.end < 14
            }) {
                let whole = checks[j].claim.value
                checks[i].verdict = cl.value <= whole ? .consistent : .inconsistent
                checks[i].reasons.append(
                    "\(formatNumber(cl.value)) of \(formatNumber(whole)): "
                        + "\(cl.value <= whole ? "within" : "larger than") its population"
                )
            } else {
                // "Sixty of the efficacy evaluable patients": find that population stated earlier.
                let words = tail.replacingOccurrences(of: " of these ", with: " ").replacingOccurrences(
                    of: " of the ", with: " "
                )
                .split(separator: " ").prefix(3).map(String.init).filter {
                    $0.count > 3 && !ClaimExtractor.people.contains($0) && $0 != "these"
                }
                if let whole = checks[..<i].last(where: { w in
                    w.claim.kind == .count && w.claim.value > 1
                        && words.allSatisfy { after(w.claim, 60).contains($0) } && !words.isEmpty
                }) {
                    checks[i].verdict = cl.value <= whole.claim.value ? .consistent : .inconsistent
                    checks[i].reasons.append(
                        "\(formatNumber(cl.value)) of the \(words.joined(separator: " ")) patients, stated "
                            + "earlier as \(whole.claim.text): "
                            + "\(cl.value <= whole.claim.value ? "within" : "larger than") that population"
                    )
                } else if tail.hasPrefix(" of these"),
                    let whole = checks[..<i].last(where: {
                        $0.claim.kind == .count && ClaimExtractor.people.contains($0.claim.unit)
                            && $0.claim.value > 1
                    })
                {
                    checks[i].verdict = cl.value <= whole.claim.value ? .consistent : .inconsistent
                    checks[i].reasons.append(
                        "\(formatNumber(cl.value)) of these \(formatNumber(whole.claim.value)): "
                            + "\(cl.value <= whole.claim.value ? "within" : "larger than") that population"
                    )
                }
            }
        }
    }

    /// Confirmed rates no higher than the overall ones stated beside them.
    mutating func confirmedWithinOverall() {
        for i in checks.indices
        where checks[i].claim.kind == .percentage && checks[i].claim.context.contains("confirmed") {
            if let j = checks.indices.last(where: {
                $0 < i && checks[$0].claim.kind == .percentage && checks[$0].claim.sentence == checks[i].claim.sentence
                    && checks[$0].claim.context.contains("overall")
            }) {
                let ok = checks[i].claim.value <= checks[j].claim.value
                if !ok { checks[i].verdict = .inconsistent }
                checks[i].reasons.append(
                    "confirmed \(formatNumber(checks[i].claim.value))% \(ok ? "≤" : ">") overall "
                        + "\(formatNumber(checks[j].claim.value))%"
                )
            }
        }
    }

    /// The same quantity stated twice: counts of patients enrolled.
    mutating func sameEnrolment() {
        let enrolled = checks.indices.filter {
            checks[$0].claim.kind == .count && after(checks[$0].claim, 40).contains("enrolled")
        }
        if let first = enrolled.first {
            for i in enrolled.dropFirst() where checks[i].claim.value != checks[first].claim.value {
                checks[i].verdict = .inconsistent
                checks[i].reasons.append(
                    "enrolment stated as \(checks[first].claim.text) earlier and \(checks[i].claim.text) here")
            }
            for i in enrolled.dropFirst() where checks[i].claim.value == checks[first].claim.value {
                checks[i].reasons.append("same enrolment as stated earlier (\(checks[first].claim.text))")
                if checks[i].verdict == .unverifiable { checks[i].verdict = .consistent }
            }
        }
    }
}

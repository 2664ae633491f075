import ReadoutCore
import ReadoutData

// The responses document of the results contract (docs/results-contract.md, responses.schema.json).
// Built field by field from the derivation's values: names follow ADaM where ADaM has one.

extension DatedResponse {
    /// `{"role", "ADT", "AVALC"}`: an assessment an explanation used, and in which role.
    func contract(role: String, _ criteria: ResponseCriteriaKind) -> JSONObject {
        var o = JSONObject()
        o.add("role", role)
        o.add("ADT", date)
        o.add("AVALC", criteria.rules.label(response))
        return o
    }
}

extension ResponseReason {
    /// The rule that decided, by its stable code (docs/response-rules.md names each).
    var rule: String {
        switch self {
        case .notTreated: return "not-treated"
        case .notRandomized: return "not-randomized"
        case .noAssessment: return "no-assessment"
        case .first: return "first-of-level"
        case .stable: return "stable-disease-window"
        case .progression: return "progression"
        case .tooEarly: return "stable-disease-too-early"
        case .allNE: return "all-not-evaluable"
        case .confirmed: return "confirmed"
        case .strict: return "strict-recist-confirmation"
        case .noStableNoProgression: return "no-stable-disease-no-progression"
        case .confirmedProgression: return "confirmed-progression"
        case .unconfirmedProgression: return "unconfirmed-progression"
        }
    }

    /// The explanation as data and as a sentence: the rule, the records it used, the numbers it compared.
    public var contract: JSONObject { contract(in: .recist11) }

    /// The explanation as data and as a sentence, in the words of the criteria.
    public func contract(in criteria: ResponseCriteriaKind) -> JSONObject {
        var records: [JSONObject] = []
        var day: Int? = nil
        var minimum: Int? = nil
        func unconfirmed(_ u: DatedResponse?) { if let u { records.append(u.contract(role: "unconfirmed", criteria)) } }
        switch self {
        case .notTreated, .notRandomized, .noAssessment, .allNE: break
        case .first(let a): records.append(a.contract(role: "deciding", criteria))
        case .stable(let a, let d, let m, let u):
            records.append(a.contract(role: "deciding", criteria))
            (day, minimum) = (d, m)
            unconfirmed(u)
        case .progression(let a, let early, let m, let u):
            records.append(a.contract(role: "deciding", criteria))
            if let e = early { records.append(e.contract(role: "too-early", criteria)) }
            minimum = m
            unconfirmed(u)
        case .tooEarly(let a, let d, let m):
            records.append(a.contract(role: "too-early", criteria))
            (day, minimum) = (d, m)
        case .confirmed(let a, let b, let m):
            records.append(a.contract(role: "deciding", criteria))
            records.append(b.contract(role: "confirming", criteria))
            day = b.date.dayNumber - a.date.dayNumber
            minimum = m
        case .strict(let cr, let next, _, let m):
            records.append(DatedResponse(cr, .cr).contract(role: "deciding", criteria))
            records.append(next.contract(role: "following", criteria))
            minimum = m
        case .noStableNoProgression(let m, let u):
            minimum = m
            unconfirmed(u)
        case .confirmedProgression(let a, let b, let u):
            records.append(a.contract(role: "deciding", criteria))
            records.append(b.contract(role: "confirming", criteria))
            day = b.date.dayNumber - a.date.dayNumber
            unconfirmed(u)
        case .unconfirmedProgression(let a, let early, let m, let u):
            records.append(a.contract(role: "deciding", criteria))
            if let e = early { records.append(e.contract(role: "too-early", criteria)) }
            minimum = m
            unconfirmed(u)
        }
        var o = JSONObject()
        o.add("rule", rule)
        o.add("records", records)
        o.add("days", day)
        o.add("minimumDays", minimum)
        o.add("text", text(in: criteria))
        return o
    }
}

extension TimeToEvent {
    /// A time-to-event parameter as ADTTE writes it: `PARAMCD`, `STARTDT`, `ADT`, `AVAL` in days, `CNSR`.
    func contract(_ paramcd: String) -> JSONObject {
        var o = JSONObject()
        o.add("PARAMCD", paramcd)
        o.add("STARTDT", start)
        o.add("ADT", end)
        o.add("AVAL", days)
        o.add("AVALU", "DAYS")
        o.add("CNSR", event ? 0 : 1)
        o.add("EVNTDESC", reason)
        return o
    }
}

extension Exclusions {
    /// Assessments not counted: one entry per reason, with its stable code, in a fixed order.
    var contract: [JSONObject] {
        let reasons: [(String, Int, String)] = [
            ("not-treated", notTreated, "not treated"),
            ("on-or-before-reference-date", onOrBeforeFirstDose, "on or before the first dose"),
            ("after-first-pd", afterFirstPD, "after the first PD"),
            ("after-new-therapy", afterNewTherapy, "on or after new anticancer therapy"),
            ("no-result", missingResult, "no result (MISSING)"),
            ("same-date-as-worse", sameDateAsWorse, "same date as a worse result"),
        ]
        return reasons.filter { $0.1 > 0 }.map { code, count, text in
            var o = JSONObject()
            o.add("reason", code)
            o.add("count", count)
            o.add("text", text)
            return o
        }
    }
}

extension UnconfirmedReason {
    /// The stable code of the reason.
    var code: String {
        switch self {
        case .notSustained: return "not-sustained"
        case .withdrewBeforeConfirmation: return "withdrew-before-confirmation"
        case .cutoffBeforeConfirmation: return "cutoff-before-confirmation"
        }
    }
}

extension SubjectResponse {
    /// One subject of the responses document.
    public var contract: JSONObject {
        func response(_ paramcd: String, _ r: Response, _ date: CalendarDate?, _ why: ResponseReason) -> JSONObject {
            var o = JSONObject()
            o.add("PARAMCD", criteria.rules.parameterPrefix + paramcd)
            o.add("AVALC", label(r))
            o.add("ADT", date)
            o.add("explanation", why.contract(in: criteria))
            return o
        }
        var o = JSONObject()
        o.add("USUBJID", subject)
        o.add("TRTSDT", facts.firstDose)
        o.add("RANDDT", facts.randomization)
        o.add("cyclesReceived", facts.cyclesReceived)
        o.add("treatmentDiscontinued", facts.treatmentDiscontinued)
        o.add("DTHDT", facts.death)
        o.add("assessments", counted.map { $0.contract(role: "counted", criteria) })
        o.add("excluded", exclusions.contract)
        o.add("sameDateMerges", sameDateMerges)
        o.add("BOR", response("BOR", bestResponse, bestResponseDate, bestReason))
        o.add("CBOR", response("CBOR", confirmedResponse, confirmedResponseDate, confirmedReason))
        o.add("firstResponseDate", firstResponse)
        o.add("confirmationDate", confirmation)
        var why: JSONObject? = nil
        if let u = unconfirmedReason {
            var w = JSONObject()
            w.add("code", u.code)
            w.add("text", u.rawValue)
            why = w
        }
        o.add("unconfirmedReason", why)
        o.add("stableDays", stableDays)
        o.add("durableStableDisease", durableStable)
        o.add("diseaseControl", diseaseControl)
        o.add("clinicalBenefit", clinicalBenefit)
        let prefix = criteria.rules.parameterPrefix
        o.add("RSD", durationOfResponse?.contract(prefix + "RSD"))
        o.add("PFS", progressionFree?.contract(prefix + "PFS"))
        return o
    }
}

extension ResponseOptions {
    /// Every response rule by its command-line name, as the contract records it.
    public var contract: JSONObject {
        var o = JSONObject()
        o.add("criteria", criteria.rawValue)
        o.add("unconfirmed-progression", unconfirmedProgression.rawValue)
        o.add("rs-category", category)
        o.add("rs-method", method)
        o.add("evaluator", evaluator)
        o.add("minimum-sd-days", minimumStableDays)
        o.add("confirmation-days", confirmationMinimumDays)
        o.add("confirmation-max-days", confirmationMaximumDays)
        o.add("confirmation-at-next-assessment", confirmationAtNextAssessment)
        o.add("max-ne-between", maximumNEBetween)
        o.add("strict-recist", strictRECISTConfirmation)
        o.add("include-first-dose-day", includeFirstDoseDay)
        o.add("stop-at-new-therapy", stopAtNewTherapy)
        o.add("durable-sd-weeks", durableStableWeeks)
        o.add("no-assessment-missing", noAssessmentIsMissing)
        o.add("dor-unconfirmed", durationForUnconfirmedResponders)
        o.add("reference-date", referenceDate.rawValue)
        o.add("pr-after-cr", prAfterCR.rawValue)
        o.add("max-sd-between", maximumSDBetween)
        o.add("same-date-order", sameDateOrder.rawValue)
        o.add("pfs-censoring", pfsCensoring.rawValue)
        o.add("readers", readers.rawValue)
        o.add("count-after-pd", !stopAtFirstPD)
        return o
    }
}

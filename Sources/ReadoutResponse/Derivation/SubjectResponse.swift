import ReadoutCore
import ReadoutData

/// One assessment as it enters the derivation: a day and a response.
public struct DatedResponse: Sendable, Hashable, Codable {
    public var date: CalendarDate
    public var response: Response
    /// A visit response on `date`.
    public init(_ date: CalendarDate, _ response: Response) {
        self.date = date
        self.response = response
    }
}

/// Why a responder's response stayed unconfirmed.
public enum UnconfirmedReason: String, Sendable, Codable {
    case notSustained = "not sustained"
    case withdrewBeforeConfirmation = "withdrew before confirmation"
    case cutoffBeforeConfirmation = "data cut-off before confirmation"
}

/// A time-to-event result: days from its start to the event or censoring (start day is day 1).
public struct TimeToEvent: Sendable, Codable, Equatable {
    public var start: CalendarDate
    public var end: CalendarDate
    public var event: Bool
    /// What ended it: "PD", "death", or the censoring reason.
    public var reason: String
    public var days: Int { end.dayNumber - start.dayNumber + 1 }

    /// From `start` to `end`, an event or censored, ended by `reason`.
    public init(start: CalendarDate, end: CalendarDate, event: Bool, reason: String) {
        self.start = start
        self.end = end
        self.event = event
        self.reason = reason
    }
    public var months: Double { Double(days) / CalendarUnits.daysPerMonth }
}

/// What the subject-level facts are, apart from the assessments.
public struct SubjectFacts: Sendable, Codable, Equatable {
    public var firstDose: CalendarDate?
    public var cyclesReceived: Int = 0
    /// Study treatment discontinued (DS) on or before the cut-off, and why.
    public var treatmentDiscontinued: CalendarDate?
    public var discontinuationReason: String?
    public var death: CalendarDate?
    var newTherapy: CalendarDate?
    /// Randomisation (ADSL RANDDT or DS RANDOMIZED), for the `randomization` reference date.
    public var randomization: CalendarDate?
    /// The facts of a subject that responses need besides the assessments.
    public init(
        firstDose: CalendarDate? = nil, cyclesReceived: Int = 0, treatmentDiscontinued: CalendarDate? = nil,
        discontinuationReason: String? = nil, death: CalendarDate? = nil, newTherapy: CalendarDate? = nil,
        randomization: CalendarDate? = nil
    ) {
        self.randomization = randomization
        self.firstDose = firstDose
        self.cyclesReceived = cyclesReceived
        self.treatmentDiscontinued = treatmentDiscontinued
        self.discontinuationReason = discontinuationReason
        self.death = death
        self.newTherapy = newTherapy
    }
}

/// Assessments not counted, by reason.
public struct Exclusions: Sendable, Codable, Equatable {
    var notTreated = 0
    var onOrBeforeFirstDose = 0
    var afterFirstPD = 0
    var afterNewTherapy = 0
    var missingResult = 0
    var sameDateAsWorse = 0

    public var total: Int {
        notTreated + onOrBeforeFirstDose + afterFirstPD + afterNewTherapy + missingResult + sameDateAsWorse
    }

    /// Reason → count, for people.
    public var byReason: [String: Int] {
        var d: [String: Int] = [:]
        if notTreated > 0 { d["not treated"] = notTreated }
        if onOrBeforeFirstDose > 0 { d["on or before the first dose"] = onOrBeforeFirstDose }
        if afterFirstPD > 0 { d["after the first PD"] = afterFirstPD }
        if afterNewTherapy > 0 { d["on or after new anticancer therapy"] = afterNewTherapy }
        if missingResult > 0 { d["no result (MISSING)"] = missingResult }
        if sameDateAsWorse > 0 { d["same date as a worse result"] = sameDateAsWorse }
        return d
    }
}

/// Why a best response came out as it did: which assessment decided it under which rule.
/// Kept as data (cheap to derive for a million subjects) and put into words when shown.
public enum ResponseReason: Sendable, Codable, Equatable {
    case notTreated
    case notRandomized
    case noAssessment
    case first(DatedResponse)
    case stable(DatedResponse, day: Int, minimum: Int, unconfirmed: DatedResponse?)
    case progression(DatedResponse, early: DatedResponse?, minimum: Int, unconfirmed: DatedResponse?)
    case tooEarly(DatedResponse, day: Int, minimum: Int)
    case allNE
    case confirmed(DatedResponse, by: DatedResponse, minimum: Int)
    case strict(cr: CalendarDate, next: DatedResponse, result: Response, minimum: Int)
    case noStableNoProgression(minimum: Int, unconfirmed: DatedResponse?)
    /// iRECIST: the iUPD on the first date confirmed as progression by the iCPD.
    case confirmedProgression(DatedResponse, confirmedBy: DatedResponse, unconfirmed: DatedResponse?)
    /// iRECIST: an iUPD never confirmed and not followed by stable disease or better in the window.
    case unconfirmedProgression(DatedResponse, early: DatedResponse?, minimum: Int, unconfirmed: DatedResponse?)

    /// The reason in RECIST 1.1's words.
    public var text: String { text(in: .recist11) }

    /// The reason in the words of the criteria (iRECIST's iPR for PR).
    public func text(in criteria: ResponseCriteriaKind) -> String {
        let rules = criteria.rules
        func l(_ r: Response) -> String { rules.label(r) }
        func note(_ u: DatedResponse?) -> String {
            u.map { "; the \(l($0.response)) on \($0.date) was not confirmed" } ?? ""
        }
        switch self {
        case .notTreated: return "not treated: no dose on or before the cut-off"
        case .notRandomized: return "no randomisation date (the reference date) on or before the cut-off"
        case .noAssessment: return "no post-baseline assessment"
        case .first(let a): return "\(l(a.response)) on \(a.date)"
        case .stable(let a, let day, let m, let u):
            let counts = a.response == .sd || a.response == .nonCRNonPD ? "" : ", counting as \(l(.sd))"
            return "\(l(a.response)) on \(a.date), day \(day) after the first dose (at least \(m))\(counts)" + note(u)
        case .progression(let a, let early, let m, let u):
            return "\(l(.pd)) on \(a.date)"
                + (early.map { "; \(l($0.response)) on \($0.date) was before day \(m)" } ?? "")
                + note(u)
        case .tooEarly(let a, let day, let m):
            return "\(l(a.response)) on \(a.date) was only day \(day) after the first dose (\(l(.sd)) needs \(m))"
        case .allNE: return "every counted assessment was NE"
        case .confirmedProgression(let u, let c, let un):
            return "\(l(.unconfirmedPD)) on \(u.date) confirmed by \(l(.pd)) on \(c.date)" + note(un)
        case .unconfirmedProgression(let u, let early, let m, let un):
            return "\(l(.unconfirmedPD)) on \(u.date), never confirmed"
                + (early.map { "; \(l($0.response)) on \($0.date) was before day \(m)" } ?? "") + note(un)
        case .confirmed(let a, let b, let m):
            return
                "\(l(a.response)) on \(a.date) confirmed by \(l(b.response)) on \(b.date), "
                + "\(b.date.dayNumber - a.date.dayNumber) days later (at least \(m))"
        case .strict(let cr, let next, let result, let m):
            return result == .sd
                ? "strict RECIST: CR on \(cr) followed by \(l(next.response)) on \(next.date): SD (minimum SD duration "
                    + "met)"
                : "strict RECIST: CR on \(cr) followed by \(l(next.response)) on \(next.date) before day \(m): PD"
        case .noStableNoProgression(let m, let u):
            return "no \(l(.sd)) or better at least \(m) days after the first dose and no \(l(.pd))" + note(u)
        }
    }
}

/// Everything derived for one subject, with the reasons.
public struct SubjectResponse: Sendable, Codable, Equatable {
    public var subject: String
    /// The criteria the responses were derived by, which also word them.
    public var criteria: ResponseCriteriaKind = .recist11
    public var facts: SubjectFacts
    /// The assessments counted, one per date, in date order.
    public var counted: [DatedResponse]
    /// Assessments not counted, by reason.
    public var exclusions: Exclusions
    public var excluded: [String: Int] { exclusions.byReason }
    /// Dates with several results, where the worst was kept.
    public var sameDateMerges: [CalendarDate]
    public var bestResponse: Response
    public internal(set) var bestReason: ResponseReason
    public var confirmedResponse: Response
    public internal(set) var confirmedReason: ResponseReason
    /// One line: which assessment decided the best response, under which rule.
    public var bestResponseDetail: String { bestReason.text(in: criteria) }
    public var confirmedResponseDetail: String { confirmedReason.text(in: criteria) }
    /// A category as the criteria write it (iRECIST's iCR for CR).
    public func label(_ r: Response) -> String { criteria.rules.label(r) }
    /// The best overall response as the criteria write it.
    public var bestLabel: String { label(bestResponse) }
    /// The confirmed best overall response as the criteria write it.
    public var confirmedLabel: String { label(confirmedResponse) }
    public var firstResponse: CalendarDate?
    public var confirmation: CalendarDate?
    public var unconfirmedReason: UnconfirmedReason?
    /// Days from the first dose to the last assessment of the first unbroken run of SD or better.
    public var stableDays: Int?
    public var durableStable: Bool
    public var durationOfResponse: TimeToEvent?
    public var progressionFree: TimeToEvent?

    /// The date of the assessment that decided the best overall response (ADaM's ADT of the BOR
    /// record): the first of that level; for NE, the first counted assessment; nil without any.
    public var bestResponseDate: CalendarDate? { decidingDate(bestResponse, bestReason) }
    /// The same for the confirmed best overall response: for CR and PR, the response confirmed.
    public var confirmedResponseDate: CalendarDate? { decidingDate(confirmedResponse, confirmedReason) }

    func decidingDate(_ response: Response, _ reason: ResponseReason) -> CalendarDate? {
        if response == .ne { return counted.first?.date }
        switch reason {
        case .first(let a), .stable(let a, _, _, _), .progression(let a, _, _, _), .tooEarly(let a, _, _),
            .confirmed(let a, _, _):
            return a.date
        case .strict(let cr, _, _, _): return cr
        case .confirmedProgression(let u, _, _), .unconfirmedProgression(let u, _, _, _): return u.date
        default: return nil
        }
    }

    public var isResponder: Bool { bestResponse.isResponse }
    public var isConfirmedResponder: Bool { confirmedResponse.isResponse }
    public var diseaseControl: Bool { confirmedResponse.isStableOrBetter }
    public var clinicalBenefit: Bool { confirmedResponse.isResponse || durableStable }
}

/// The response rules of docs/response-rules.md, as pure functions of a subject's assessments and
/// facts. `assessments` are the subject's results after the evaluator filter, in any order.
public enum ResponseDerivation {
    /// One subject's best overall response, confirmation, durations and why, from its assessments and facts.
    public static func derive(
        subject: String, assessments: [DatedResponse], facts: SubjectFacts,
        options: ResponseOptions = ResponseOptions()
    ) -> SubjectResponse {
        let criteria = options.criteria.rules
        var ex = Exclusions()
        var merges: [CalendarDate] = []
        // One result per date: the worst. Input usually arrives in date order: sort only if not.
        let leastBadNE = options.sameDateOrder == .neLeastBad
        func rank(_ r: Response) -> Int { leastBadNE ? Response.neLeastBadRank(r) : criteria.worstFirstRank(r) }
        var sorted = assessments
        var inOrder = true
        for k in sorted.indices.dropFirst()
        where (sorted[k - 1].date, rank(sorted[k - 1].response)) > (sorted[k].date, rank(sorted[k].response)) {
            inOrder = false
            break
        }
        if !inOrder { sorted.sort { ($0.date, rank($0.response)) < ($1.date, rank($1.response)) } }
        let reference = options.referenceDate == .firstDose ? facts.firstDose : facts.randomization
        var counted: [DatedResponse] = []
        counted.reserveCapacity(sorted.count)
        var afterPD = false
        var lastDate: CalendarDate? = nil
        var lastResponse: Response = .missing
        for a in sorted {
            if let l = lastDate, l == a.date {
                if a.response != .missing && lastResponse != a.response && merges.last != a.date {
                    merges.append(a.date)
                }
                ex.sameDateAsWorse += 1
                continue
            }
            lastDate = a.date
            lastResponse = a.response
            guard let first = reference else {
                ex.notTreated += 1
                continue
            }
            if a.date < first || (a.date == first && !options.includeFirstDoseDay) {
                ex.onOrBeforeFirstDose += 1
                continue
            }
            if afterPD && options.stopAtFirstPD {
                ex.afterFirstPD += 1
                continue
            }
            if options.stopAtNewTherapy, let t = facts.newTherapy, a.date >= t {
                ex.afterNewTherapy += 1
                continue
            }
            if a.response == .missing {
                ex.missingResult += 1
                continue
            }
            counted.append(a)
            if a.response == .pd { afterPD = true }
        }
        var r = SubjectResponse(
            subject: subject, facts: facts, counted: counted, exclusions: ex, sameDateMerges: merges,
            bestResponse: .ne, bestReason: .noAssessment, confirmedResponse: .ne, confirmedReason: .noAssessment,
            firstResponse: nil, confirmation: nil, unconfirmedReason: nil, stableDays: nil, durableStable: false,
            durationOfResponse: nil, progressionFree: nil)
        r.criteria = options.criteria
        guard let firstDose = reference else {
            r.bestResponse = options.noAssessmentIsMissing ? .missing : .ne
            r.confirmedResponse = r.bestResponse
            r.bestReason = options.referenceDate == .firstDose ? .notTreated : .notRandomized
            r.confirmedReason = r.bestReason
            return r
        }
        func day(_ d: CalendarDate) -> Int { d.dayNumber - firstDose.dayNumber }
        let a = counted

        // Best overall response without confirmation.
        (r.bestResponse, r.bestReason) = unconfirmedBest(a, day: day, options: options)
        // With confirmation.
        let c = confirmedBest(a, day: day, options: options)
        r.confirmedResponse = c.response
        r.confirmedReason = c.reason
        r.confirmation = c.confirmation
        r.firstResponse = c.firstResponse ?? a.first(where: { $0.response.isResponse })?.date
        if a.isEmpty, options.noAssessmentIsMissing {
            r.bestResponse = .missing
            r.confirmedResponse = .missing
        }
        if r.bestResponse.isResponse && !r.confirmedResponse.isResponse {
            let firstResp = a.firstIndex { $0.response.isResponse }!
            if a[(firstResp + 1)...].contains(where: { !$0.response.isResponse }) {
                r.unconfirmedReason = .notSustained
            } else if facts.treatmentDiscontinued != nil {
                r.unconfirmedReason = .withdrewBeforeConfirmation
            } else {
                r.unconfirmedReason = .cutoffBeforeConfirmation
            }
        }
        // Durable stable disease: the first unbroken run of SD or better from the first dose.
        if let runEnd = a.prefix(while: { $0.response.isStableOrBetter }).last {
            r.stableDays = day(runEnd.date)
        }
        r.durableStable =
            (r.confirmedResponse == .sd || r.confirmedResponse == .nonCRNonPD)
            && (r.stableDays ?? -1) >= options.durableStableWeeks * 7
        // Times to event.
        let pd = progression(a, options: options)
        let lastAdequate =
            options.pfsCensoring == .lastAssessment
            ? a.last { $0.response != .pd }?.date : a.last { $0.response.isStableOrBetter }?.date
        let censoredAt =
            options.pfsCensoring == .lastAssessment ? "the last assessment" : "the last adequate assessment"
        let death = facts.death
        func tte(from start: CalendarDate, censorDefault: CalendarDate) -> TimeToEvent {
            var events: [(CalendarDate, String)] = []
            if let p = pd, p.date >= start { events.append((p.date, p.reason)) }
            if let d = death, d >= start { events.append((d, "death")) }
            if let e = events.min(by: { $0.0 < $1.0 }) {
                return TimeToEvent(start: start, end: e.0, event: true, reason: e.1)
            }
            if let l = lastAdequate, l >= start {
                return TimeToEvent(start: start, end: l, event: false, reason: "censored at " + censoredAt)
            }
            let origin = options.referenceDate == .firstDose ? "the first dose" : "randomisation"
            return TimeToEvent(
                start: start, end: censorDefault, event: false,
                reason:
                    "censored at \(origin): no \(options.pfsCensoring == .lastAssessment ? "" : "adequate ")assessment")
        }
        r.progressionFree = tte(from: firstDose, censorDefault: firstDose)
        let responderForDoR =
            options.durationForUnconfirmedResponders ? r.bestResponse.isResponse : r.confirmedResponse.isResponse
        if responderForDoR, let start = r.firstResponse {
            r.durationOfResponse = tte(from: start, censorDefault: start)
        }
        return r
    }

    /// The start of the run of unconfirmed progression (and NE) that ends just before index k.
    static func unconfirmedRunStart(before k: Int, in a: [DatedResponse]) -> Int? {
        var start: Int? = nil
        var j = k - 1
        while j >= 0, a[j].response == .unconfirmedPD || a[j].response == .ne {
            if a[j].response == .unconfirmedPD { start = j }
            j -= 1
        }
        return start
    }

    /// PD, or iRECIST's confirmed and unconfirmed progression, as a best response with its reason.
    static func progressionReason(
        _ a: [DatedResponse], early: DatedResponse?, minimum m: Int, unconfirmed: DatedResponse?
    ) -> (Response, ResponseReason)? {
        if let k = a.firstIndex(where: { $0.response == .pd }) {
            if let u = unconfirmedRunStart(before: k, in: a) {
                return (.pd, .confirmedProgression(a[u], confirmedBy: a[k], unconfirmed: unconfirmed))
            }
            return (.pd, .progression(a[k], early: early, minimum: m, unconfirmed: unconfirmed))
        }
        if let u = a.first(where: { $0.response == .unconfirmedPD }) {
            return (.unconfirmedPD, .unconfirmedProgression(u, early: early, minimum: m, unconfirmed: unconfirmed))
        }
        return nil
    }

    /// The progression event of PFS and duration of response: the first PD, dated (iRECIST) at the
    /// first iUPD of the run it confirms; with `unconfirmedProgression: event`, else an iUPD that only
    /// iUPD or NE follow, dated at the first of that run.
    static func progression(_ a: [DatedResponse], options: ResponseOptions) -> (date: CalendarDate, reason: String)? {
        if let k = a.firstIndex(where: { $0.response == .pd }) {
            return (a[unconfirmedRunStart(before: k, in: a) ?? k].date, "PD")
        }
        if options.unconfirmedProgression == .event, let u = unconfirmedRunStart(before: a.count, in: a) {
            return (a[u].date, "unconfirmed PD")
        }
        return nil
    }

    static func unconfirmedBest(
        _ a: [DatedResponse], day: (CalendarDate) -> Int, options: ResponseOptions
    ) -> (Response, ResponseReason) {
        let m = options.minimumStableDays
        if a.isEmpty { return (.ne, .noAssessment) }
        if let cr = a.first(where: { $0.response == .cr }) { return (.cr, .first(cr)) }
        if let pr = a.first(where: { $0.response == .pr }) { return (.pr, .first(pr)) }
        if let sd = a.first(where: { $0.response == .sd && day($0.date) >= m }) {
            return (.sd, .stable(sd, day: day(sd.date), minimum: m, unconfirmed: nil))
        }
        if let n = a.first(where: { $0.response == .nonCRNonPD && day($0.date) >= m }) {
            return (.nonCRNonPD, .stable(n, day: day(n.date), minimum: m, unconfirmed: nil))
        }
        let early = a.first { $0.response.isStableOrBetter }
        if let p = progressionReason(a, early: early, minimum: m, unconfirmed: nil) { return p }
        if let early = a.first(where: { $0.response.isStableOrBetter }) {
            return (.ne, .tooEarly(early, day: day(early.date), minimum: m))
        }
        return (.ne, .allNE)
    }

    struct Confirmed {
        var response: Response
        var reason: ResponseReason
        var firstResponse: CalendarDate?
        var confirmation: CalendarDate?
    }

    /// The earliest confirming assessment for the response at index i, at the given level.
    static func confirmation(of i: Int, in a: [DatedResponse], requireCR: Bool, options: ResponseOptions) -> Int? {
        var ne = 0
        var sd = 0
        var sawCR = a[i].response == .cr
        let prAfterCRBreaks = options.prAfterCR == .breaksConfirmation
        for j in (i + 1)..<a.count {
            let rj = a[j].response
            let gap = a[j].date.dayNumber - a[i].date.dayNumber
            if rj == .ne || (!requireCR && rj == .sd && sd < options.maximumSDBetween) {
                if rj == .ne { ne += 1 } else { sd += 1 }
                if ne > options.maximumNEBetween { return nil }
                if options.confirmationAtNextAssessment && gap >= options.confirmationMinimumDays { return nil }
                continue
            }
            if prAfterCRBreaks && rj == .pr && sawCR { return nil }
            if rj == .cr { sawCR = true }
            let qualifies = requireCR ? rj == .cr : rj.isResponse
            if !qualifies { return nil }
            if gap >= options.confirmationMinimumDays {
                if let m = options.confirmationMaximumDays, gap > m { return nil }
                return j
            }
        }
        return nil
    }

    static func confirmedBest(_ a: [DatedResponse], day: (CalendarDate) -> Int, options: ResponseOptions) -> Confirmed {
        let m = options.confirmationMinimumDays
        let minSD = options.minimumStableDays
        // Confirmed CR: a CR confirmed by a later CR.
        for i in a.indices where a[i].response == .cr {
            if let j = confirmation(of: i, in: a, requireCR: true, options: options) {
                let start =
                    a.indices.first { k in
                        k <= i && a[k].response.isResponse
                            && confirmation(of: k, in: a, requireCR: false, options: options) != nil
                    } ?? i
                return Confirmed(
                    response: .cr, reason: .confirmed(a[i], by: a[j], minimum: m), firstResponse: a[start].date,
                    confirmation: a[j].date)
            }
        }
        // Confirmed PR: a CR or PR confirmed by a later CR or PR.
        for i in a.indices where a[i].response.isResponse {
            if options.prAfterCR == .breaksConfirmation && a[i].response == .cr { continue }
            if options.strictRECISTConfirmation, a[i].response == .cr, strictlyBroken(i, a) { continue }
            if let j = confirmation(of: i, in: a, requireCR: false, options: options) {
                if options.strictRECISTConfirmation, a[i].response == .cr, a[j].response == .pr { continue }
                return Confirmed(
                    response: .pr, reason: .confirmed(a[i], by: a[j], minimum: m), firstResponse: a[i].date,
                    confirmation: a[j].date)
            }
        }
        // Not confirmed: stable disease or worse.
        if options.strictRECISTConfirmation, let i = a.firstIndex(where: { $0.response == .cr }), strictlyBroken(i, a) {
            // RECIST 1.1 confirmation table: CR followed by PR or SD is SD if the minimum SD
            // duration was met, otherwise PD.
            let next = a[(i + 1)...].first { $0.response != .ne }!
            let result: Response = day(next.date) >= minSD || day(a[i].date) >= minSD ? .sd : .pd
            return Confirmed(
                response: result, reason: .strict(cr: a[i].date, next: next, result: result, minimum: minSD))
        }
        let unconfirmed = a.first { $0.response.isResponse }
        // SD when a CR, PR or SD lies in the window, else NON-CR/NON-PD; dated by the first of that level.
        if let s = a.first(where: {
            $0.response.isStableOrBetter && $0.response != .nonCRNonPD && day($0.date) >= minSD
        })
            ?? a.first(where: { $0.response == .nonCRNonPD && day($0.date) >= minSD })
        {
            let level: Response = s.response == .nonCRNonPD ? .nonCRNonPD : .sd
            return Confirmed(
                response: level, reason: .stable(s, day: day(s.date), minimum: minSD, unconfirmed: unconfirmed))
        }
        if let p = progressionReason(a, early: nil, minimum: minSD, unconfirmed: unconfirmed) {
            return Confirmed(response: p.0, reason: p.1)
        }
        if a.isEmpty { return Confirmed(response: .ne, reason: .noAssessment) }
        return Confirmed(response: .ne, reason: .noStableNoProgression(minimum: minSD, unconfirmed: unconfirmed))
    }

    /// A CR whose next non-NE assessment is PR or SD (RECIST's confirmation table).
    static func strictlyBroken(_ i: Int, _ a: [DatedResponse]) -> Bool {
        guard let next = a[(i + 1)...].first(where: { $0.response != .ne }) else { return false }
        return next.response == .pr || next.response == .sd || next.response == .nonCRNonPD
    }
}

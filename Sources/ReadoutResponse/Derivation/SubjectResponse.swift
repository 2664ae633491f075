import ReadoutData

/// One assessment as it enters the derivation: a day and a response.
public struct DatedResponse: Sendable, Hashable, Codable {
    public var date: CalendarDate
    public var response: Response
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
    public var months: Double { Double(days) / 30.4375 }
}

/// What the subject-level facts are, apart from the assessments.
public struct SubjectFacts: Sendable, Codable, Equatable {
    public var firstDose: CalendarDate?
    public var cyclesReceived: Int = 0
    /// Study treatment discontinued (DS) on or before the cut-off, and why.
    public var treatmentDiscontinued: CalendarDate?
    public var discontinuationReason: String?
    public var death: CalendarDate?
    public var newTherapy: CalendarDate?
    public init(firstDose: CalendarDate? = nil, cyclesReceived: Int = 0, treatmentDiscontinued: CalendarDate? = nil,
                discontinuationReason: String? = nil, death: CalendarDate? = nil, newTherapy: CalendarDate? = nil) {
        self.firstDose = firstDose
        self.cyclesReceived = cyclesReceived
        self.treatmentDiscontinued = treatmentDiscontinued
        self.discontinuationReason = discontinuationReason
        self.death = death
        self.newTherapy = newTherapy
    }
}

/// Everything derived for one subject, with the reasons.
public struct SubjectResponse: Sendable, Codable, Equatable {
    public var subject: String
    public var facts: SubjectFacts
    /// The assessments counted, one per date, in date order.
    public var counted: [DatedResponse]
    /// Assessments not counted, by reason.
    public var excluded: [String: Int]
    /// Dates with several results, where the worst was kept.
    public var sameDateMerges: [CalendarDate]
    public var bestResponse: Response
    public var bestResponseDetail: String
    public var confirmedResponse: Response
    public var confirmedResponseDetail: String
    public var firstResponse: CalendarDate?
    public var confirmation: CalendarDate?
    public var unconfirmedReason: UnconfirmedReason?
    /// Days from the first dose to the last assessment of the first unbroken run of SD or better.
    public var stableDays: Int?
    public var durableStable: Bool
    public var durationOfResponse: TimeToEvent?
    public var progressionFree: TimeToEvent?

    public var isResponder: Bool { bestResponse.isResponse }
    public var isConfirmedResponder: Bool { confirmedResponse.isResponse }
    public var diseaseControl: Bool { confirmedResponse.isStableOrBetter }
    public var clinicalBenefit: Bool { confirmedResponse.isResponse || durableStable }
}

/// The response rules of docs/response-rules.md, as pure functions of a subject's assessments and
/// facts. `assessments` are the subject's results after the evaluator filter, in any order.
public enum ResponseDerivation {
    public static func derive(subject: String, assessments: [DatedResponse], facts: SubjectFacts,
                              options: ResponseOptions = ResponseOptions(), criteria: any ResponseCriteria = RECIST11()) -> SubjectResponse {
        var excluded: [String: Int] = [:]
        var merges: [CalendarDate] = []
        // One result per date: the worst.
        let sorted = assessments.sorted { ($0.date, criteria.worstFirstRank($0.response)) < ($1.date, criteria.worstFirstRank($1.response)) }
        var perDate: [DatedResponse] = []
        for a in sorted {
            if let last = perDate.last, last.date == a.date {
                if a.response != .missing && last.response != a.response { if merges.last != a.date { merges.append(a.date) } }
                excluded["same date as a worse result", default: 0] += 1
                continue
            }
            perDate.append(a)
        }
        var counted: [DatedResponse] = []
        var afterPD = false
        for a in perDate {
            guard let first = facts.firstDose else { excluded["not treated", default: 0] += 1; continue }
            if a.date < first || (a.date == first && !options.includeFirstDoseDay) { excluded["on or before the first dose", default: 0] += 1; continue }
            if afterPD { excluded["after the first PD", default: 0] += 1; continue }
            if options.stopAtNewTherapy, let t = facts.newTherapy, a.date >= t { excluded["on or after new anticancer therapy", default: 0] += 1; continue }
            if a.response == .missing { excluded["no result (MISSING)", default: 0] += 1; continue }
            counted.append(a)
            if a.response == .pd { afterPD = true }
        }
        var r = SubjectResponse(subject: subject, facts: facts, counted: counted, excluded: excluded, sameDateMerges: merges,
                                bestResponse: .ne, bestResponseDetail: "", confirmedResponse: .ne, confirmedResponseDetail: "",
                                firstResponse: nil, confirmation: nil, unconfirmedReason: nil, stableDays: nil, durableStable: false,
                                durationOfResponse: nil, progressionFree: nil)
        guard let firstDose = facts.firstDose else {
            r.bestResponse = options.noAssessmentIsMissing ? .missing : .ne
            r.confirmedResponse = r.bestResponse
            r.bestResponseDetail = "not treated: no dose on or before the cut-off"
            r.confirmedResponseDetail = r.bestResponseDetail
            return r
        }
        func day(_ d: CalendarDate) -> Int { d.dayNumber - firstDose.dayNumber }
        let a = counted

        // Best overall response without confirmation.
        (r.bestResponse, r.bestResponseDetail) = unconfirmedBest(a, day: day, options: options)
        // With confirmation.
        let c = confirmedBest(a, day: day, options: options)
        r.confirmedResponse = c.response
        r.confirmedResponseDetail = c.detail
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
        r.durableStable = (r.confirmedResponse == .sd || r.confirmedResponse == .nonCRNonPD)
            && (r.stableDays ?? -1) >= options.durableStableWeeks * 7
        // Times to event.
        let pd = a.first { $0.response == .pd }?.date
        let lastAdequate = a.last { $0.response.isStableOrBetter }?.date
        let death = facts.death
        func tte(from start: CalendarDate, censorDefault: CalendarDate) -> TimeToEvent {
            var events: [(CalendarDate, String)] = []
            if let p = pd, p >= start { events.append((p, "PD")) }
            if let d = death, d >= start { events.append((d, "death")) }
            if let e = events.min(by: { $0.0 < $1.0 }) { return TimeToEvent(start: start, end: e.0, event: true, reason: e.1) }
            if let l = lastAdequate, l >= start { return TimeToEvent(start: start, end: l, event: false, reason: "censored at the last adequate assessment") }
            return TimeToEvent(start: start, end: censorDefault, event: false, reason: "censored at the first dose: no adequate assessment")
        }
        r.progressionFree = tte(from: firstDose, censorDefault: firstDose)
        let responderForDoR = options.durationForUnconfirmedResponders ? r.bestResponse.isResponse : r.confirmedResponse.isResponse
        if responderForDoR, let start = r.firstResponse {
            r.durationOfResponse = tte(from: start, censorDefault: start)
        }
        return r
    }

    static func unconfirmedBest(_ a: [DatedResponse], day: (CalendarDate) -> Int, options: ResponseOptions) -> (Response, String) {
        if a.isEmpty { return (.ne, "no post-baseline assessment") }
        if let cr = a.first(where: { $0.response == .cr }) { return (.cr, "CR on \(cr.date)") }
        if let pr = a.first(where: { $0.response == .pr }) { return (.pr, "PR on \(pr.date)") }
        if let sd = a.first(where: { $0.response == .sd && day($0.date) >= options.minimumStableDays }) {
            return (.sd, "SD on \(sd.date), day \(day(sd.date)) after the first dose (at least \(options.minimumStableDays))")
        }
        if let n = a.first(where: { $0.response == .nonCRNonPD && day($0.date) >= options.minimumStableDays }) {
            return (.nonCRNonPD, "NON-CR/NON-PD on \(n.date), day \(day(n.date)) after the first dose")
        }
        if let pd = a.first(where: { $0.response == .pd }) {
            let early = a.first { $0.response.isStableOrBetter }
            return (.pd, "PD on \(pd.date)" + (early.map { "; \($0.response) on \($0.date) was before day \(options.minimumStableDays)" } ?? ""))
        }
        if let early = a.first(where: { $0.response.isStableOrBetter }) {
            return (.ne, "\(early.response) on \(early.date) was only day \(day(early.date)) after the first dose (SD needs \(options.minimumStableDays))")
        }
        return (.ne, "every counted assessment was NE")
    }

    struct Confirmed {
        var response: Response
        var detail: String
        var firstResponse: CalendarDate?
        var confirmation: CalendarDate?
    }

    /// The earliest confirming assessment for the response at index i, at the given level.
    static func confirmation(of i: Int, in a: [DatedResponse], requireCR: Bool, options: ResponseOptions) -> Int? {
        var ne = 0
        for j in (i + 1)..<a.count {
            let rj = a[j].response
            let gap = a[j].date.dayNumber - a[i].date.dayNumber
            if rj == .ne {
                ne += 1
                if ne > options.maximumNEBetween { return nil }
                if options.confirmationAtNextAssessment && gap >= options.confirmationMinimumDays { return nil }
                continue
            }
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
        // Confirmed CR: a CR confirmed by a later CR.
        for i in a.indices where a[i].response == .cr {
            if let j = confirmation(of: i, in: a, requireCR: true, options: options) {
                let start = a.indices.first { k in k <= i && a[k].response.isResponse && confirmation(of: k, in: a, requireCR: false, options: options) != nil } ?? i
                return Confirmed(response: .cr, detail: "CR on \(a[i].date) confirmed by CR on \(a[j].date), \(a[j].date.dayNumber - a[i].date.dayNumber) days later (at least \(m))",
                                 firstResponse: a[start].date, confirmation: a[j].date)
            }
        }
        // Confirmed PR: a CR or PR confirmed by a later CR or PR.
        for i in a.indices where a[i].response.isResponse {
            if options.strictRECISTConfirmation, a[i].response == .cr, strictlyBroken(i, a) { continue }
            if let j = confirmation(of: i, in: a, requireCR: false, options: options) {
                if options.strictRECISTConfirmation, a[i].response == .cr, a[j].response == .pr {
                    continue  // RECIST table: CR then PR is not a confirmed response
                }
                return Confirmed(response: .pr, detail: "\(a[i].response) on \(a[i].date) confirmed by \(a[j].response) on \(a[j].date), \(a[j].date.dayNumber - a[i].date.dayNumber) days later (at least \(m))",
                                 firstResponse: a[i].date, confirmation: a[j].date)
            }
        }
        // Not confirmed: stable disease or worse.
        if options.strictRECISTConfirmation, let i = a.firstIndex(where: { $0.response == .cr }), strictlyBroken(i, a) {
            // RECIST 1.1 confirmation table: CR followed by PR or SD is SD if the minimum SD
            // duration was met, otherwise PD.
            let next = a[(i + 1)...].first { $0.response != .ne }!
            if day(next.date) >= options.minimumStableDays || day(a[i].date) >= options.minimumStableDays {
                return Confirmed(response: .sd, detail: "strict RECIST: CR on \(a[i].date) followed by \(next.response) on \(next.date): SD (minimum SD duration met)")
            }
            return Confirmed(response: .pd, detail: "strict RECIST: CR on \(a[i].date) followed by \(next.response) on \(next.date) before day \(options.minimumStableDays): PD")
        }
        let unconfirmed = a.first { $0.response.isResponse }
        let note = unconfirmed.map { "; the \($0.response) on \($0.date) was not confirmed" } ?? ""
        if let s = a.first(where: { ($0.response.isStableOrBetter) && day($0.date) >= options.minimumStableDays }) {
            let level: Response = a.contains { $0.response.isStableOrBetter && $0.response != .nonCRNonPD && day($0.date) >= options.minimumStableDays } ? .sd : .nonCRNonPD
            let counts = s.response == .sd || s.response == .nonCRNonPD ? "" : ", counting as SD"
            return Confirmed(response: level, detail: "\(s.response) on \(s.date), day \(day(s.date)) after the first dose (at least \(options.minimumStableDays))\(counts)" + note)
        }
        if let pd = a.first(where: { $0.response == .pd }) {
            return Confirmed(response: .pd, detail: "PD on \(pd.date)" + note)
        }
        if a.isEmpty { return Confirmed(response: .ne, detail: "no post-baseline assessment") }
        return Confirmed(response: .ne, detail: "no SD or better at least \(options.minimumStableDays) days after the first dose and no PD" + note)
    }

    /// A CR whose next non-NE assessment is PR or SD (RECIST's confirmation table).
    static func strictlyBroken(_ i: Int, _ a: [DatedResponse]) -> Bool {
        guard let next = a[(i + 1)...].first(where: { $0.response != .ne }) else { return false }
        return next.response == .pr || next.response == .sd || next.response == .nonCRNonPD
    }
}

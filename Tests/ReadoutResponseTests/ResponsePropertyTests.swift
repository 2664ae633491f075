import Foundation
import ReadoutCore
import ReadoutData
import ReadoutTestSupport
import Testing

@testable import ReadoutResponse

/// The engine against an independent, deliberately naive reading of docs/response-rules.md, on
/// many random histories.
@Suite(.temporaryFolders) struct ResponsePropertyTests {
    /// The rules written again from the document: every pair tried, no shortcuts.
    static func reference(
        _ raw: [(Int, Response)], discontinued: Bool, o: ResponseOptions
    ) -> (Response, Response, UnconfirmedReason?, Bool) {
        let rank: [Response: Int] = [.pd: 0, .ne: 1, .sd: 2, .nonCRNonPD: 3, .pr: 4, .cr: 5, .missing: 6]
        // Worst per day.
        var byDay: [Int: Response] = [:]
        for (d, r) in raw { if let e = byDay[d] { if rank[r]! < rank[e]! { byDay[d] = r } } else { byDay[d] = r } }
        var list = byDay.keys.sorted().filter { $0 > 0 }.map { ($0, byDay[$0]!) }.filter { $0.1 != .missing }
        if let pd = list.firstIndex(where: { $0.1 == .pd }) { list = Array(list[...pd]) }
        let minSD = o.minimumStableDays
        func has(_ r: Response, atLeast day: Int = 0) -> Bool { list.contains { $0.1 == r && $0.0 >= day } }
        var bor: Response = .ne
        if has(.cr) {
            bor = .cr
        } else if has(.pr) {
            bor = .pr
        } else if has(.sd, atLeast: minSD) {
            bor = .sd
        } else if has(.nonCRNonPD, atLeast: minSD) {
            bor = .nonCRNonPD
        } else if has(.pd) {
            bor = .pd
        }
        func confirmed(cr: Bool) -> Bool {
            for i in list.indices {
                for j in list.indices where j > i {
                    let a = list[i].1
                    let b = list[j].1
                    let ok = cr ? (a == .cr && b == .cr) : ([.cr, .pr].contains(a) && [.cr, .pr].contains(b))
                    guard ok, list[j].0 - list[i].0 >= o.confirmationMinimumDays else { continue }
                    let between = list[(i + 1)..<j].map(\.1)
                    let allowed: Set<Response> = cr ? [.cr, .ne] : [.cr, .pr, .ne]
                    if between.allSatisfy({ allowed.contains($0) })
                        && between.filter({ $0 == .ne }).count <= o.maximumNEBetween
                    {
                        return true
                    }
                }
            }
            return false
        }
        var cbor: Response = .ne
        if confirmed(cr: true) {
            cbor = .cr
        } else if confirmed(cr: false) {
            cbor = .pr
        } else if list.contains(where: { [.cr, .pr, .sd].contains($0.1) && $0.0 >= minSD }) {
            cbor = .sd
        } else if has(.nonCRNonPD, atLeast: minSD) {
            cbor = .nonCRNonPD
        } else if has(.pd) {
            cbor = .pd
        }
        var reason: UnconfirmedReason? = nil
        if [.cr, .pr].contains(bor) && ![.cr, .pr].contains(cbor) {
            let f = list.firstIndex { [.cr, .pr].contains($0.1) }!
            if list[(f + 1)...].contains(where: { ![.cr, .pr].contains($0.1) }) {
                reason = .notSustained
            } else if discontinued {
                reason = .withdrewBeforeConfirmation
            } else {
                reason = .cutoffBeforeConfirmation
            }
        }
        var run = 0
        for (d, r) in list { if [.cr, .pr, .sd, .nonCRNonPD].contains(r) { run = d } else { break } }
        let durable =
            [.sd, .nonCRNonPD].contains(cbor) && list.first.map { [.cr, .pr, .sd, .nonCRNonPD].contains($0.1) } == true
            && run >= o.durableStableWeeks * 7
        return (bor, cbor, reason, durable)
    }

    @Test func engineAgreesWithReferenceOnRandomHistories() {
        var rng = RandomSource(seed: 20_081_212)
        let pool: [Response] = [.cr, .pr, .pr, .sd, .sd, .nonCRNonPD, .pd, .ne, .ne, .missing]
        let dose = CalendarDate(iso: "2008-01-01")!
        var disagreements = 0
        for trial in 0..<20000 {
            var o = ResponseOptions()
            if trial % 5 == 1 { o.maximumNEBetween = rng.int(0...2) }
            if trial % 7 == 2 { o.confirmationMinimumDays = rng.int(21...35) }
            if trial % 11 == 3 { o.minimumStableDays = rng.int(35...56) }
            var day = rng.int(-14...10)
            var raw: [(Int, Response)] = []
            for _ in 0..<rng.int(0...9) {
                raw.append((day, rng.pick(pool)))
                day += rng.bernoulli(0.1) ? 0 : rng.int(14...63)
            }
            let discontinued = rng.bernoulli(0.3)
            let facts = SubjectFacts(
                firstDose: dose, treatmentDiscontinued: discontinued ? dose.adding(days: 400) : nil)
            let got = ResponseDerivation.derive(
                subject: "S", assessments: raw.map { DatedResponse(dose.adding(days: $0.0), $0.1) }, facts: facts,
                options: o)
            let want = Self.reference(raw, discontinued: discontinued, o: o)
            if (got.bestResponse, got.confirmedResponse, got.unconfirmedReason, got.durableStable) != want {
                disagreements += 1
                if disagreements <= 5 {
                    let engine =
                        "\(got.bestResponse)/\(got.confirmedResponse)/"
                        + "\(String(describing: got.unconfirmedReason))/\(got.durableStable)"
                    Issue.record("trial \(trial): \(raw.map { "\($0.0):\($0.1)" }) engine \(engine), reference \(want)")
                }
            }
        }
        #expect(disagreements == 0)
    }
}

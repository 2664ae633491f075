import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse
import ReadoutTestSupport
import Testing

@testable import ReadoutEscalation

/// Designs against values computed independently from their published definitions (R script in
/// Fixtures/reference/escalation.R) and hand-worked cases.
@Suite(.temporaryFolders) struct EscalationTests {
    static let ref = referenceCSV(fixture("reference/escalation.csv")).dropFirst().filter { $0.count == 4 }

    static func value(_ q: String, _ a: String = "0.3", _ b: String = "0") -> String {
        ref.first { $0[0] == q && $0[1] == a && $0[2] == b }![3]
    }

    func decision(_ design: any EscalationDesign, n: Int, y: Int) -> Decision {
        var d = DoseData(levels: 5)
        d.treated[2] = n
        d.dlts[2] = y
        return design.decide(current: 2, data: d)
    }

    @Test func boinBoundariesAndEliminationMatchTheirDefinition() {
        let boin = BOIN(target: 0.3)
        #expect(abs(boin.lambdaE - Double(Self.value("boin_lambda_e"))!) < 1e-14)
        #expect(abs(boin.lambdaD - Double(Self.value("boin_lambda_d"))!) < 1e-14)
        // The protocol's figures: escalate when the rate ≤ 0.236, de-escalate when ≥ 0.358.
        #expect(
            String(format: "%.3f", boin.lambdaE) == "0.236" && String(format: "%.3f", boin.lambdaD) == "0.359"
                || String(format: "%.3f", boin.lambdaD) == "0.358")
        for n in 1...20 {
            let esc = Int(Self.value("boin_escalate_max", String(n)))!
            let de = Int(Self.value("boin_deescalate_min", String(n)))!
            let el = Int(Self.value("boin_eliminate_min", String(n)))
            for y in 0...n {
                let d = decision(boin, n: y > n ? n : n, y: y)
                let expected: Decision =
                    el.map { y >= $0 } == true ? .eliminate : y <= esc ? .escalate : y >= de ? .deEscalate : .stay
                #expect(d == expected, "n=\(n) y=\(y): \(d) vs \(expected)")
            }
        }
        let table = DecisionTable(design: boin, maxTreated: 12).text()
        #expect(
            table.contains("Eliminate if # of DLT >=") && table.contains("λe (escalate if the observed rate ≤): 0.2365")
        )
    }

    @Test func keyboardDecisionsMatchTheirDefinition() {
        let kb = Keyboard(target: 0.3)
        for n in 1...12 {
            for y in 0...n {
                let side = Int(Self.value("keyboard_side", String(n), String(y)))!
                let d = decision(kb, n: n, y: y)
                if d == .eliminate { continue }  // elimination overrides the keys
                let expected: Decision = side < 0 ? .escalate : side > 0 ? .deEscalate : .stay
                #expect(d == expected, "n=\(n) y=\(y)")
            }
        }
    }

    @Test func crmPosteriorMeanOfBetaMatchesIndependentQuadrature() {
        let sk = [0.05, 0.12, 0.25, 0.40, 0.55]
        let cases = [
            ([3, 3, 3, 0, 0], [0, 0, 1, 0, 0]), ([3, 6, 3, 0, 0], [0, 1, 2, 0, 0]),
            ([3, 3, 6, 6, 3], [0, 0, 1, 2, 2]),
        ]
        for (i, c) in cases.enumerated() {
            for model in [CRM.Model.empiric, .logistic] {
                let crm = CRM(target: 0.25, skeleton: sk, model: model, sigma: 1.34)
                let got = crm.posteriorMeanBeta(DoseData(treated: c.0, dlts: c.1))
                let want = Double(Self.value("crm_beta_\(model.rawValue)", String(i + 1)))!
                #expect(abs(got - want) < 1e-8, "case \(i + 1) \(model): \(got) vs \(want)")
            }
        }
        // No skipping: with only the lowest dose tried and no DLTs, the recommendation is dose 2 at most.
        let crm = CRM(target: 0.25, skeleton: sk)
        #expect(crm.recommend(data: DoseData(treated: [3, 0, 0, 0, 0], dlts: [0, 0, 0, 0, 0])) == 1)
    }

    @Test func isotonicSelectionHandWorked() {
        // Raw (y+0.05)/(n+0.1): 0.016, 0.339, 0.172, 0.661; doses 2 and 3 pool (tied), below the
        // target 0.3, so the higher of the tied doses is chosen. Weighted by patients they pool to
        // 0.228; by inverse posterior variance (the default, as the BOIN package: 18.31 and 49.82) to 0.2169.
        let data = DoseData(treated: [3, 3, 6, 3], dlts: [0, 1, 1, 2])
        let s = IsotonicSelection.select(data: data, target: 0.3, eliminatedFrom: nil)
        #expect(s.dose == 2)
        #expect(abs(s.estimates[1]! - 0.216888) < 1e-5 && s.estimates[1] == s.estimates[2])
        let byPatients = IsotonicSelection.select(data: data, target: 0.3, eliminatedFrom: nil, weights: .patients)
        #expect(byPatients.dose == 2 && abs(byPatients.estimates[1]! - 0.22768) < 1e-4)
        // Tied above the target: the lower dose.
        let above = IsotonicSelection.select(
            data: DoseData(treated: [3, 6, 3], dlts: [0, 3, 1]), target: 0.3, eliminatedFrom: nil)
        #expect(above.dose == 1)
        // Eliminated doses are never selected.
        let elim = IsotonicSelection.select(
            data: DoseData(treated: [3, 6, 3], dlts: [0, 1, 3]), target: 0.3, eliminatedFrom: 2)
        #expect(elim.dose == 1 && elim.estimates[2] == nil)
        #expect(IsotonicSelection.pava([0.1, 0.5, 0.3, 0.7], weights: [1, 1, 1, 1]) == [0.1, 0.4, 0.4, 0.7])
    }

    @Test func threePlusThreeRules() {
        let a = ThreePlusThree(variant: .a)
        func dec(_ n: [Int], _ y: [Int], _ cur: Int) -> Decision {
            a.decide(current: cur, data: DoseData(treated: n, dlts: y))
        }
        #expect(dec([3, 0, 0], [0, 0, 0], 0) == .escalate)
        #expect(dec([3, 0, 0], [1, 0, 0], 0) == .expand)
        #expect(dec([6, 0, 0], [1, 0, 0], 0) == .escalate)
        #expect(dec([3, 3, 0], [0, 2, 0], 1) == .stop)
        #expect(dec([3, 6, 0], [0, 2, 0], 1) == .stop)
        #expect(a.selectMTD(data: DoseData(treated: [3, 6, 3], dlts: [0, 1, 2])).dose == 1)
        #expect(a.selectMTD(data: DoseData(treated: [3, 3], dlts: [0, 2])).dose == 0)
        let b = ThreePlusThree(variant: .b)
        #expect(b.decide(current: 1, data: DoseData(treated: [3, 3, 0], dlts: [0, 2, 0])) == .deEscalate)
        #expect(b.decide(current: 1, data: DoseData(treated: [6, 3, 0], dlts: [0, 2, 0])) == .stop)
        let c = ThreePlusThree(variant: .c)
        #expect(c.decide(current: 2, data: DoseData(treated: [3, 3, 3], dlts: [0, 0, 0])) == .expand)
        // Probability of escalating past a dose with DLT rate 0.3: 0.7³ + 3·0.3·0.7⁵.
        #expect(abs(ThreePlusThree.escalationProbability(0.3) - (0.343 + 3 * 0.3 * pow(0.7, 5))) < 1e-15)
    }
}

/// The bundled 42-patient escalation, replayed under the designs.
@Suite(.temporaryFolders) struct EscalationConductTests {
    static func run(_ design: any EscalationDesign) throws -> EscalationConduct.Result {
        let load = try StudyLoader.load(folder: repositoryRoot + "/examples/phase1/data")
        #expect(!load.problems.hasErrors)
        return try EscalationConduct.run(study: load.study, design: design, responses: ResponseEngine().run(load.study))
    }

    @Test(arguments: ["3+3", "boin"])
    func replayReachesTheDisclosedMTD(design: String) throws {
        let r = try Self.run(design == "3+3" ? ThreePlusThree() as any EscalationDesign : BOIN(target: 0.3))
        #expect(r.doses == [0.15, 0.3, 0.6, 1.2, 2.0, 3.0, 3.6, 4.5, 5.5, 6.5, 7.5])
        #expect(r.mtd.dose.map { r.doses[$0] } == 6.5)
        #expect(r.rows.reduce(0) { $0 + $1.treated } == 42)
        #expect(r.expansionArms == ["MESOTHELIOMA": 2, "OVARIAN": 1])
        #expect(r.rows.reduce(0) { $0 + $1.confirmedPR } == 1 && r.rows.reduce(0) { $0 + $1.unconfirmedPR } == 1)
        #expect(r.rows.reduce(0) { $0 + $1.durableSD } == 3)
        // Responders and durable SD at 3.6 to 6.5 mg/kg, as disclosed.
        #expect(
            r.rows.filter { $0.confirmedPR + $0.unconfirmedPR + $0.durableSD > 0 }.allSatisfy {
                $0.dose >= 3.6 && $0.dose <= 6.5
            })
        // The trial followed the design (3+3 by construction; BOIN agrees here too).
        #expect(r.cohorts.allSatisfy { $0.departure == nil }, "\(r.cohorts.compactMap(\.departure))")
        #expect(r.cohorts.count == 13)
        #expect(EscalationConduct.text(r).contains("MTD: 6.5 mg/kg"))
    }

    /// At a cut-off inside the last cohort's DLT window: pending patients, the TITE decision when at
    /// most half of the current dose is pending, suspension when more, and 3+3 waiting.
    @Test func pendingPatientsAtTheCutoff() throws {
        func conduct(_ design: any EscalationDesign, _ cutoff: String) throws -> EscalationConduct.Result {
            let date = CalendarDate(iso: cutoff)!
            var options = StudyLoadOptions()
            options.cutoff = date
            let load = try StudyLoader.load(folder: repositoryRoot + "/examples/phase1/data", options: options)
            var o = EscalationConduct.Options()
            o.asOf = date
            return try EscalationConduct.run(
                study: load.study, design: design, options: o, responses: ResponseEngine().run(load.study))
        }
        // The last cohort (7.5 mg/kg) started on 2012-06-24, 06-26 and 06-28.
        let late = try conduct(BOIN(target: 0.3), "2012-07-17")
        #expect(
            late.pending == [
                EscalationConduct.PendingPatient(subject: "RDT-P1-001-039", doseLevel: 11, daysObserved: 19)
            ])
        #expect(late.decisionWithPending == .decide(.deEscalate))
        let early = try conduct(BOIN(target: 0.3), "2012-06-30")
        #expect(early.pending.map(\.daysObserved) == [6, 4, 2])
        #expect(early.decisionWithPending == .suspend(pending: 3, atCurrentDose: 3, limitPercent: 50))
        #expect(early.decisionWithPending?.words.hasPrefix("suspend enrolment: 3 of the 3 patients") == true)
        let threePlusThree = try conduct(ThreePlusThree(), "2012-07-17")
        #expect(threePlusThree.decisionWithPending == .wait(design: ThreePlusThree().name))
        #expect(
            EscalationConduct.text(late).contains(
                "Pending on 2012-07-17: 1 patient inside the DLT window (RDT-P1-001-039 at level 11, day 19)"))
        // Every window complete: nothing pending.
        #expect(try Self.run(BOIN(target: 0.3)).pending.isEmpty)
    }

    @Test func departuresAreReported() throws {
        // Under Keyboard with a target of 0.15, 1/3 at 3.6 mg/kg means de-escalate; the trial stayed.
        let r = try Self.run(Keyboard(target: 0.15))
        #expect(r.cohorts.contains { $0.departure?.said == .deEscalate })
    }
}

/// BLRM posterior summaries on the single-agent example of Neuenschwander, Branson and Gsponer
/// (2008), against nested adaptive quadrature in R (Fixtures/reference/blrm.R).
@Suite(.temporaryFolders) struct BLRMTests {
    static let doses = [1, 2.5, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 250.0]
    static let blrm = BLRM(doses: doses, referenceDose: 250)
    static let data = DoseData(
        treated: [3, 4, 5, 4, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0], dlts: [0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0])

    @Test func posteriorSummariesMatchR() {
        let ref = referenceCSV(fixture("reference/blrm.csv")).dropFirst().filter { $0.count == 3 }
        let s = Self.blrm.summary(Self.data)
        func value(_ q: String, _ d: String) -> Double { Double(ref.first { $0[0] == q && $0[1] == d }![2])! }
        #expect(abs(s.meanLogAlpha - value("mean_log_alpha", "0")) < 1e-6)
        #expect(abs(s.meanLogBeta - value("mean_log_beta", "0")) < 1e-6)
        for (k, d) in Self.doses.enumerated() {
            let key = formatDose(d)
            #expect(abs(s.meanP[k] - value("mean_p", key)) < 1e-6, "mean p at \(d)")
            #expect(abs(s.pOver[k] - value("p_over", key)) < 1e-6, "P(over) at \(d)")
            #expect(abs(s.pTarget[k] - value("p_target", key)) < 1e-6, "P(target) at \(d)")
        }
    }

    func formatDose(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }

    @Test func ewocRecommendation() {
        let s = Self.blrm.summary(Self.data)
        guard let next = Self.blrm.recommend(data: Self.data) else {
            Issue.record("no admissible dose")
            return
        }
        // Admissible (P(overdosing) < 0.25), within twice the highest dose tried, highest P(target).
        #expect(s.pOver[next] < 0.25 && Self.doses[next] <= 50)
        for k in Self.doses.indices where s.pOver[k] < 0.25 && Self.doses[k] <= 50 {
            #expect(s.pTarget[k] <= s.pTarget[next])
        }
    }
}

@Suite(.temporaryFolders) struct SkeletonAndTableTests {
    @Test(arguments: [CRM.Model.empiric, .logistic])
    func indifferenceIntervalsMeetExactly(model: CRM.Model) {
        let target = 0.25
        let delta = 0.05
        let s = Skeleton.indifference(target: target, halfWidth: delta, priorMTD: 2, levels: 6, model: model)
        #expect(s[2] == target)
        #expect(zip(s, s.dropFirst()).allSatisfy { $0 < $1 })
        let crm = CRM(target: target, skeleton: s, model: model)
        // Where dose k's probability reaches θ + δ, dose k − 1's is exactly θ − δ.
        for k in 1..<s.count {
            var lo = -20.0
            var hi = 20.0
            for _ in 0..<200 {
                let mid = (lo + hi) / 2
                if crm.probability(k, mid) > target + delta { lo = mid } else { hi = mid }
            }
            #expect(abs(crm.probability(k - 1, lo) - (target - delta)) < 1e-9, "\(model) level \(k)")
        }
    }

    @Test func decisionTableAsADesignReproducesTheDesign() throws {
        let boin = BOIN(target: 0.3)
        let csv = DecisionTable(design: boin, maxTreated: 12).csv()
        let table = try TableDesign.parse(csv: csv, target: 0.3)
        for n in 1...12 {
            for y in 0...n {
                var d = DoseData(levels: 5)
                d.treated[2] = n
                d.dlts[2] = y
                #expect(table.decide(current: 2, data: d) == boin.decide(current: 2, data: d))
            }
        }
        // Every malformed row is reported, with its row.
        do {
            _ = try TableDesign.parse(
                csv: "treated,dlts,decision\n3,1,MAYBE\n3,0,E\n2,3,S\n", target: 0.3, file: "t.csv")
            Issue.record("a malformed table was accepted")
        } catch let e as ReadoutError {
            #expect(e.problems.map { $0.location?.number } == [2, 4])
            #expect(e.problems.allSatisfy { $0.file == "t.csv" && $0.code == "decision-table" })
        }
    }
}

@Suite(.temporaryFolders) struct BOINOptionTests {
    @Test func earlyStopTitrationAndExtraSafe() {
        var b = BOIN(target: 0.3, earlyStopAt: 12)
        var d = DoseData(levels: 3)
        d.treated[1] = 12
        d.dlts[1] = 4  // 0.33: stay → with 12 treated, stop
        #expect(b.decide(current: 1, data: d) == .stop)
        d.treated[1] = 9
        d.dlts[1] = 3
        #expect(b.decide(current: 1, data: d) == .stay)
        b.titration = true
        #expect(b.nextCohortSize(data: DoseData(treated: [1, 1, 0], dlts: [0, 0, 0]), cohortSize: 3) == 1)
        #expect(b.nextCohortSize(data: DoseData(treated: [1, 1, 0], dlts: [0, 1, 0]), cohortSize: 3) == 3)
        // Extra safe: at the lowest dose 2/3 gives P(p > 0.3) = 0.916 > 0.9 → stop.
        let safe = BOIN(target: 0.3, extraSafe: true)
        #expect(safe.decide(current: 0, data: DoseData(treated: [3, 0], dlts: [2, 0])) == .stop)
        #expect(BOIN(target: 0.3).decide(current: 0, data: DoseData(treated: [3, 0], dlts: [2, 0])) == .stay)
        // The MTD is never above the highest dose tried.
        let mtd = BOIN(target: 0.3).selectMTD(data: DoseData(treated: [3, 3, 0, 0], dlts: [0, 0, 0, 0]))
        #expect(mtd.dose == 1)
    }
}

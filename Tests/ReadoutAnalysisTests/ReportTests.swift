import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse
import ReadoutStatistics
import ReadoutTestSupport
import Testing

@testable import ReadoutAnalysis

/// The whole readout of the bundled study, every figure checked against a computation that does
/// not use the spec machinery (populations by hand, counts from the response engine).
@Suite(.serialized, .temporaryFolders) struct ReportTests {
    static let spec = repositoryRoot + "/examples/phase2/readout.yaml"

    static func independent() throws -> (load: StudyLoad, responses: [SubjectResponse]) {
        let load = try StudyLoader.load(
            folder: repositoryRoot + "/examples/phase2/data",
            options: StudyLoadOptions(cutoff: CalendarDate(iso: "2008-08-29")!))
        return (load, ResponseEngine().run(load.study).subjects)
    }

    @Test func responseTablesMatchAnIndependentCount() throws {
        let out = try ReadoutRunner.run(specPath: Self.spec)
        let (load, rs) = try Self.independent()
        // Evaluable by hand: a dose, and a TARGET lesion identified on or before the first dose.
        let tu = load.study["TU"]!
        var hasTarget = Set<String>()
        for r in 0..<tu.recordCount
        where tu.trimmed(r, tu.index(of: "TUSTRESC")!) == "TARGET"
            && tu.trimmed(r, tu.index(of: "VISIT")!) == "SCREENING"
        {
            hasTarget.insert(tu.trimmed(r, tu.index(of: "USUBJID")!))
        }
        let evaluable = rs.filter { $0.facts.firstDose != nil && hasTarget.contains($0.subject) }
        let row = out.result.responseRows.first { $0.population == "evaluable" }!
        #expect(row.n == evaluable.count)
        #expect(row.overall.count == evaluable.filter { [.cr, .pr].contains($0.bestResponse) }.count)
        #expect(row.confirmed.count == evaluable.filter { [.cr, .pr].contains($0.confirmedResponse) }.count)
        #expect(row.confirmedCounts["PD", default: 0] == evaluable.filter { $0.confirmedResponse == .pd }.count)
        #expect(row.unconfirmed == evaluable.filter { $0.isResponder && !$0.isConfirmedResponder }.count)
        // Percent and exact interval as stated.
        let p = Proportion(count: row.confirmed.count, total: row.n)
        #expect(row.confirmed.lower == p.lower && row.confirmed.upper == p.upper)
        let text = out.result.narrative.joined(separator: " ")
        #expect(
            text.contains(
                "Among the entire \(row.n) efficacy-evaluable patients, the overall ORR was "
                    + "\(ReadoutFormat.number(Double(row.overall.count) / Double(row.n) * 100, decimals: 1))%"
            ))
        // Prior lapatinib subgroup by hand from CM.
        let cm = load.study["CM"]!
        var lapatinib = Set<String>()
        for r in 0..<cm.recordCount where cm.trimmed(r, cm.index(of: "CMTRT")!) == "LAPATINIB" {
            lapatinib.insert(cm.trimmed(r, cm.index(of: "USUBJID")!))
        }
        let lap = out.result.responseRows.first { $0.population == "prior_lapatinib" }!
        #expect(lap.n == evaluable.filter { lapatinib.contains($0.subject) }.count)
        #expect(
            lap.confirmed.count == evaluable.filter { lapatinib.contains($0.subject) && $0.isConfirmedResponder }.count)
        // Time to event in the primary population.
        let pfs = out.result.timeToEvent.first { $0.endpoint == "Progression-free survival" }!
        #expect(pfs.n == evaluable.count && pfs.events == evaluable.filter { $0.progressionFree!.event }.count)
        let km = KaplanMeier(
            times: evaluable.map { Double($0.progressionFree!.days) },
            events: evaluable.map { $0.progressionFree!.event })
        #expect(pfs.medianMonths == km.median.estimate.map { $0 / 30.4375 })
        let dor = out.result.timeToEvent.first { $0.endpoint == "Duration of response" }!
        #expect(dor.n == row.confirmed.count)
        // Enrolled: DM at the cut-off.
        #expect(out.result.populations.first { $0.name == "enrolled" }!.count == load.study["DM"]!.recordCount)
    }

    @Test func baselineExposureAndFollowUpMatchAnIndependentCount() throws {
        let out = try ReadoutRunner.run(specPath: Self.spec)
        let (load, rs) = try Self.independent()
        let dm = load.study["DM"]!
        let n = dm.recordCount
        let b = out.result.baseline!
        // Prior anthracycline by hand.
        let cm = load.study["CM"]!
        var anthra = Set<String>()
        for r in 0..<cm.recordCount where ["DOXORUBICIN", "EPIRUBICIN"].contains(cm.trimmed(r, cm.index(of: "CMTRT")!))
        { anthra.insert(cm.trimmed(r, cm.index(of: "USUBJID")!)) }
        let line = b.lines.first { $0.label == "Prior anthracycline" }!
        #expect(line.count == anthra.count && line.denominator == n)
        // Median cycles by hand (SAS definition).
        let cycles = rs.map { Double($0.facts.cyclesReceived) }.sorted()
        let median =
            cycles.count % 2 == 1
            ? cycles[cycles.count / 2] : (cycles[cycles.count / 2 - 1] + cycles[cycles.count / 2]) / 2
        #expect(out.result.exposure!.lines.first { $0.label == "Cycles received" }!.summary?.median == median)
        // Follow-up by hand: first dose to the earlier of the cut-off and death (no study-end records here).
        let cutoff = CalendarDate(iso: "2008-08-29")!
        let fu = rs.compactMap { r -> Double? in
            guard let f = r.facts.firstDose else { return nil }
            let end = min(cutoff, r.facts.death ?? cutoff)
            return Double(end.dayNumber - f.dayNumber + 1)
        }.sorted()
        let fuMedian = fu.count % 2 == 1 ? fu[fu.count / 2] : (fu[fu.count / 2 - 1] + fu[fu.count / 2]) / 2
        #expect(out.result.followUp.medianDays == fuMedian)
        #expect(
            out.result.narrative.contains {
                $0.contains("median follow-up of \(ReadoutFormat.number(fuMedian / 30.4375, decimals: 1)) months")
            })
    }

    @Test func outputsAreByteIdenticalAndStateTheirProvenance() throws {
        let a = temporaryFolder("ra")
        let b = temporaryFolder("rb")
        let out = try ReadoutRunner.run(specPath: Self.spec)
        let files = try ReportWriter.write(out, to: a)
        _ = try ReportWriter.write(try ReadoutRunner.run(specPath: Self.spec), to: b)
        for f in files { #expect(FileManager.default.contentsEqual(atPath: a + "/" + f, andPath: b + "/" + f), "\(f)") }
        let md = try String(contentsOfFile: a + "/readout.md", encoding: .utf8)
        #expect(
            md.contains("Data cut-off: 2008-08-29") && md.contains("Engine: Readout")
                && md.contains("Input rs.csv: SHA-256 "))
        #expect(md.contains("Spec: readout.yaml (SHA-256 \(try SHA256.file(Self.spec)))"))
        // The derived datasets read back.
        var p = ProblemLog()
        let adsl = try DataReader.read(path: a + "/adsl.json", name: "ADSL", problems: &p)
        #expect(adsl.recordCount == 112 && adsl.has("EVALUAFL") && adsl.has("TRTSDT") && p.problems.isEmpty)
        let adrs = try DataReader.read(path: a + "/adrs.csv", name: "ADRS", problems: &p)
        #expect(adrs.distinct("PARAMCD") == ["OVR", "BOR", "CBOR", "RSP", "CRSP"])
        #expect(
            adrs.recordCount == 4 * 112 + (0..<adrs.recordCount).filter { adrs.string($0, "PARAMCD") == "OVR" }.count)
        let level = try DataReader.read(path: a + "/subject-level.csv", name: "ADSL", problems: &p)
        #expect(level.recordCount == 112 && level.has("CBOR") && level.has("FUPDAYS"))
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func specError(_ yaml: String) -> String {
        let dir = temporaryFolder("spec")
        write(yaml, to: dir + "/spec.yaml")
        do {
            _ = try ReadoutRunner.run(specPath: dir + "/spec.yaml")
            return "no error"
        } catch let e as ReadoutError { return e.description } catch { return "\(error)" }
    }

    static let header = "title: t\nstudy: \(repositoryRoot)/examples/phase2/data\n"

    @Test func specErrorsAreClear() {
        #expect(
            specError(Self.header + "cutoff: 2008-08-29\npopulations:\n  - name: x\n    where: AGX > 5\n").contains(
                "unknown variable AGX"))
        #expect(
            specError(Self.header + "cutoff: 2008-08-29\npopulations:\n  - name: x\n    where: AGE >\n").contains(
                "population x: found the end of the expression; expected a value"))
        #expect(specError("title: t\nstudy: /no/such/folder\ncutoff: 2008-08-29\n").contains("no such folder"))
        #expect(specError(Self.header + "cutoff: 2001-01-01\n").contains("before every subject's first treatment"))
        #expect(
            specError(
                Self.header
                    + "cutoff: 2008-08-29\npopulations:\n  - name: none\n    where: AGE > 200\nresponse_tables: "
                    + "[none]\n"
            ).contains("population none (AGE > 200) has no subjects"))
        #expect(specError("title: t\ncutoff: 2008-08-29\n").contains("the spec lacks \"study\""))
        #expect(specError(Self.header + "cutoff: 29AUG2008\n").contains("is not a date"))
        #expect(
            specError(Self.header + "cutoff: 2008-08-29\nresponse_tables: [nope]\n").contains(
                "response_tables names \"nope\""))
        // A misspelt key is refused, not silently replaced by its default; every one is named.
        let typo = specError(
            Self.header
                + "cutoff: 2008-08-29\nresponse_table: [evaluable]\npopulations:\n  - name: x\n    wher: AGE > 5\n  "
                + "  where: AGE > 5\n"
        )
        #expect(
            typo.contains(
                "unknown keys: response_table (did you mean response_tables?); populations → item 1 → wher (did you "
                    + "mean where?)"
            ), "\(typo)")
    }
}

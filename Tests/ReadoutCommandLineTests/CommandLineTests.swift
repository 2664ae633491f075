import Foundation
import ReadoutCore
import ReadoutEscalation
import ReadoutStatistics
import ReadoutTestSupport
import Testing

@testable import ReadoutData

@Suite(.serialized, .temporaryFolders) struct CommandLineTests {
    @Test func validateCleanStudyExitsZeroWithSummary() throws {
        let r = try runReadout(["validate", "examples/phase2/data", "--cutoff", "2008-08-29"], cwd: repositoryRoot)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Cut-off: 2008-08-29"))
        #expect(r.stdout.contains("Subjects enrolled after the cut-off: RDT-P2-001-103-1113"))
        #expect(r.stdout.contains("0 errors, 0 warnings"))
    }

    @Test func validateReportsErrorsAndExitsOne() throws {
        let dir = temporaryFolder("cli")
        write("USUBJID,RFSTDTC\nS-1,2008-13-01\n", to: dir + "/dm.csv")
        let r = try runReadout(["validate", dir])
        #expect(r.status == 1)
        #expect(
            r.stdout.contains("error: \(dir)/dm.csv, row 2, RFSTDTC: not an ISO 8601 date: month 13 does not exist"))
        let j = try runReadout(["validate", dir, "--format", "json"])
        #expect(j.status == 1)
        let obj = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as! [String: Any]
        let log = obj["problems"] as! [String: Any]
        #expect(log["errors"] as? Int == 1)
        let problems = log["items"] as! [[String: Any]]
        #expect(problems[0]["code"] as? String == "not-iso8601")
        #expect(problems[0]["row"] as? Int == 2 && problems[0]["rowKind"] as? String == "row")
    }

    @Test func badArgumentsGiveClearMessages() throws {
        let r = try runReadout(["validate", "/no/such/folder"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/no/such/folder: no such folder"))
        let c = try runReadout(["validate", "examples/phase2/data", "--cutoff", "29AUG2008"], cwd: repositoryRoot)
        #expect(c.status == 64)
        #expect(c.stderr.contains("expected a complete date such as 2008-08-29"))
    }

    @Test func helpExplainsCommandsAndOptions() throws {
        let r = try runReadout(["--help"])
        #expect(r.status == 0)
        for word in ["validate", "synth", "demo"] { #expect(r.stdout.contains(word)) }
        let v = try runReadout(["help", "validate"])
        for word in ["--cutoff", "--format", "--encoding", "--impute-start", "--max-problems"] {
            #expect(v.stdout.contains(word))
        }
    }

    @Test func responsesRecistAndConcordanceRunOnTheBundledStudy() throws {
        let r = try runReadout(
            ["responses", "examples/phase2/data", "--cutoff", "2008-08-29", "--format", "csv"], cwd: repositoryRoot)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n")
        #expect(rows.count == 113)
        #expect(rows[0].hasPrefix("USUBJID,FIRSTDOSE,CYCLES,COUNTED,EXCLUDED,BOR,BORDETAIL,CBOR"))
        let text = try runReadout(["responses", "examples/phase2/data", "--cutoff", "2008-08-29"], cwd: repositoryRoot)
        #expect(text.stdout.contains("Why each confirmed best response came out as it did:"))
        #expect(text.stdout.contains("records of other evaluators (INDEPENDENT ASSESSOR) were not used"))
        let json = try runReadout(
            ["responses", "examples/phase2/data", "--cutoff", "2008-08-29", "--format", "json"], cwd: repositoryRoot)
        let obj = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect((obj["subjects"] as! [Any]).count == 112)
        // Same inputs, same bytes.
        let again = try runReadout(
            ["responses", "examples/phase2/data", "--cutoff", "2008-08-29", "--format", "json"], cwd: repositoryRoot)
        #expect(again.stdout == json.stdout)
        let recist = try runReadout(["recist", "examples/phase2/data", "--cutoff", "2008-08-29"], cwd: repositoryRoot)
        #expect(recist.status == 0 && recist.stdout.contains("visits compared;"))
        let conc = try runReadout(
            ["concordance", "examples/phase2/data", "--cutoff", "2008-08-29"], cwd: repositoryRoot)
        #expect(conc.status == 0 && conc.stdout.contains("Agreement on the category:"))
        let computed = try runReadout(
            ["responses", "examples/phase2/data", "--cutoff", "2008-08-29", "--computed", "--format", "csv"],
            cwd: repositoryRoot)
        #expect(computed.status == 0 && computed.stdout.split(separator: "\n").count == 113)
    }

    @Test func synthIsReproducibleByteForByte() throws {
        let a = temporaryFolder("synA")
        let b = temporaryFolder("synB")
        _ = try runReadout(["synth", "--seed", "9", "--subjects", "30", "--out", a])
        _ = try runReadout(["synth", "--seed", "9", "--subjects", "30", "--out", b])
        for f in try FileManager.default.contentsOfDirectory(atPath: a) {
            #expect(FileManager.default.contentsEqual(atPath: a + "/" + f, andPath: b + "/" + f), "\(f)")
        }
        let bundled = temporaryFolder("bundled")
        _ = try runReadout(["synth", "--seed", "2008", "--out", bundled])
        for f in try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/examples/phase2/data") {
            #expect(
                FileManager.default.contentsEqual(
                    atPath: bundled + "/" + f, andPath: repositoryRoot + "/examples/phase2/data/" + f),
                "the bundled \(f) is not what `readout synth --seed 2008` makes")
        }
    }
}

@Suite(.serialized, .temporaryFolders) struct SimulateCommandTests {
    @Test func shardsMergeIntoTheUnshardedResult() throws {
        let dir = temporaryFolder("sim")
        write(
            """
            doses: ["1", "2", "3", "4"]
            target: 0.3
            trials: 600
            seed: 7
            designs:
              - design: boin
              - design: 3+3
            scenarios:
              - name: S
                truth: [0.05, 0.15, 0.30, 0.50]
            """, to: dir + "/s.yaml")
        let whole = try runReadout(["simulate", dir + "/s.yaml", "--format", "csv"])
        #expect(whole.status == 0, "\(whole.stderr)")
        for i in 1...3 {
            let r = try runReadout(["simulate", dir + "/s.yaml", "--shard", "\(i)/3", "--format", "json"])
            write(r.stdout, to: dir + "/p\(i).json")
        }
        let merged = try runReadout([
            "simulate", "--merge", dir + "/p1.json", dir + "/p2.json", dir + "/p3.json", "--format", "csv",
        ])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == whole.stdout)
        let bad = try runReadout(["simulate", dir + "/s.yaml", "--shard", "4/3"])
        #expect(bad.status == 64)
        // Exact: every trial enumerated; nothing to shard.
        let exact = try runReadout(["simulate", dir + "/s.yaml", "--exact", "--quiet"])
        #expect(exact.status == 0 && exact.stdout.hasPrefix("Exact operating characteristics"), "\(exact.stderr)")
        let json = try runReadout(["simulate", dir + "/s.yaml", "--exact", "--quiet", "--format", "json"])
        let decoded = try JSONDecoder().decode(SimulationOutput.self, from: Data(json.stdout.utf8))
        #expect(
            decoded.exact == true
                && decoded.results.allSatisfy { abs($0.oc.selected.reduce(0, +) - 1_000_000_000) <= 8 })
        #expect(try runReadout(["simulate", dir + "/s.yaml", "--exact", "--shard", "1/2"]).status == 64)
        // Sensitivity: every combination of the varied settings for each scenario, exactly.
        let threePlusThree =
            (try String(contentsOfFile: dir + "/s.yaml", encoding: .utf8))
            + "\nvary:\n  cohort_size: [1, 3]\n  max_patients: [12, 18]\n"
        write(threePlusThree, to: dir + "/v3.yaml")
        #expect(
            try runReadout(["simulate", dir + "/v3.yaml", "--exact"]).stderr.contains(
                "cohort_size: 3+3 treats cohorts of 3 (found \"1\""))
        write(
            threePlusThree.replacingOccurrences(of: "  - design: 3+3\n", with: "  - design: keyboard\n"),
            to: dir + "/v.yaml")
        let varied = try runReadout(["simulate", dir + "/v.yaml", "--exact", "--quiet", "--format", "csv"])
        #expect(varied.status == 0, "\(varied.stderr)")
        for name in [
            "S · cohort_size 1, max_patients 12", "S · cohort_size 1, max_patients 18",
            "S · cohort_size 3, max_patients 12", "S · cohort_size 3, max_patients 18",
        ] {
            #expect(
                varied.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("\"" + name + "\",") }.count == 2,
                "\(name)")
        }
        #expect(
            try runReadout(["simulate", dir + "/v.yaml", "--exact", "--max-states", "10"]).stderr.contains(
                "more than 10 states"))
    }

    @Test func overTimeWithEveryDesignShardsAndMerges() throws {
        let dir = temporaryFolder("sim-time")
        let table = try runReadout([
            "escalate", "--design", "boin", "--table", "--format", "csv", "--max-treated", "40",
        ])
        write(table.stdout, to: dir + "/boin-table.csv")
        write(
            """
            doses: ["1", "2", "4", "8"]
            trials: 40
            seed: 3
            timing: {accrual_per_month: 6, window_days: 42, onset: late, pending: tite}
            backfill: {max_per_dose: 3, max_total: 6}
            expansion: {size: 6}
            designs:
              - design: boin
                titration: true
              - design: keyboard
              - design: crm
                skeleton: [0.1, 0.2, 0.3, 0.4]
              - design: blrm
                reference_dose: 4
                prior_mean: [-0.85, 0]
                panels: 3
              - design: table
                decision_table: boin-table.csv
              - design: 3+3
            scenarios:
              - name: S
                truth: [0.05, 0.15, 0.30, 0.50]
                response: [0.1, 0.2, 0.3, 0.3]
            """, to: dir + "/t.yaml")
        let whole = try runReadout([
            "simulate", dir + "/t.yaml", "--format", "markdown", "--quiet", "--figures", dir + "/figures",
        ])
        #expect(whole.status == 0, "\(whole.stderr)")
        for kind in ["selection", "patients"] {
            let svg = try String(contentsOfFile: dir + "/figures/scenario1-\(kind).svg", encoding: .utf8)
            #expect(svg.contains("<svg") && svg.contains("BLRM") && svg.contains("decision table"))
        }
        #expect(whole.stdout.contains("**Designs**") && whole.stdout.contains("λe"))
        for column in [
            "Mean backfill", "Mean expansion", "Mean responders", "Mean P(overdose) at MTD", "Comparison of designs",
            "decision table",
        ] {
            #expect(whole.stdout.contains(column), "\(column)")
        }
        for i in 1...2 {
            let r = try runReadout(["simulate", dir + "/t.yaml", "--shard", "\(i)/2", "--format", "json", "--quiet"])
            write(r.stdout, to: dir + "/q\(i).json")
        }
        let merged = try runReadout(["simulate", "--merge", dir + "/q1.json", dir + "/q2.json", "--format", "markdown"])
        #expect(merged.stdout == whole.stdout)
        // One page with the comparison, each scenario's figures and table, and the designs.
        let html = try runReadout(["simulate", "--merge", dir + "/q1.json", dir + "/q2.json", "--format", "html"])
        #expect(
            html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.contains("id=\"comparison\"")
                && html.stdout.contains("id=\"scenario1\""))
        #expect(
            html.stdout.components(separatedBy: "<svg").count == 3 && html.stdout.contains("<h2>Designs</h2>")
                && html.stdout.hasSuffix("</html>\n"))
    }

    @Test func everyProblemInTheFileIsReported() throws {
        let dir = temporaryFolder("sim-bad")
        write(
            """
            doses: ["L1", "L2", "L3"]
            start: 5
            max_patient: 30
            vary:
              cohort_sizes: [1, 3]
            designs:
              - design: crm
                skeleton: [0.3, 0.2, 0.1]
                skeletn: [0.1, 0.2, 0.3]
              - design: boinn
              - design: blrm
            scenarios:
              - name: S1
                truth: [0.1, 0.2]
              - name: S2
                truth: [0.1, 0.2, 1.5]
                response: [0.1]
            """, to: dir + "/bad.yaml")
        let r = try runReadout(["simulate", dir + "/bad.yaml"])
        // A content error: every problem at once, exit status 2 (not 64 with the usage text).
        #expect(r.status == 2 && !r.stderr.contains("USAGE"))
        for message in [
            "designs[1] (crm) skeleton: the skeleton must give one increasing probability",
            "designs[2] design: unknown design (found \"boinn\"",
            "designs[3] (blrm) doses: BLRM needs numeric increasing positive doses",
            "start: no such level (found \"5\"; expected 1 to 3)",
            "scenario S1 truth: one true DLT probability",
            "scenario S2 truth: one true DLT probability (0 to 1) per dose is needed (found \"0.1, 0.2, 1.5\"",
            "scenario S2 response: one true response probability",
            "max_patient (did you mean max_patients?): unknown key",
            "designs → item 1 → skeletn (did you mean skeleton?): unknown key",
            "vary: this setting cannot vary (found \"cohort_sizes\"; expected cohort_size, max_patients, start, "
                + "per_dose_cap)",
        ] {
            #expect(r.stderr.contains(message), "\(message) in \(r.stderr)")
        }
        // Numbers out of range are problems too, never a crash.
        write(
            """
            doses: ["1", "2", "3"]
            trials: -5
            per_dose_cap: 0
            expansion: {size: -1}
            timing: {max_pending: 2}
            designs:
              - design: boin
                target: 1.2
                cutoff: 0
              - design: blrm
                panels: 1
                correlation: 1
            scenarios:
              - name: s
                truth: [0.1, 0.2, 0.3]
            """, to: dir + "/ranges.yaml")
        let ranges = try runReadout(["simulate", dir + "/ranges.yaml"])
        #expect(ranges.status == 2 && ranges.stderr.contains("8 problems"), "\(ranges.stderr)")
        for message in [
            "designs[1] (boin) target: out of range (found \"1.2\"; expected a probability",
            "designs[2] (blrm) panels: out of range (found \"1\"; expected 2 to 64 panels)",
            "trials: out of range (found \"-5\"; expected at least 1)",
            "timing.max_pending: out of range (found \"2\"; expected a share from 0 to 1)",
        ] {
            #expect(ranges.stderr.contains(message), "\(message)")
        }
    }
}

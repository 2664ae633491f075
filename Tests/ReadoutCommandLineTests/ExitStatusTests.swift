import Foundation
import ReadoutCore
import ReadoutData
import ReadoutDisclosure
import ReadoutTestSupport
import Testing

/// Exit statuses, exactly: 0 done, 1 findings, 2 input that cannot be used, 64 a wrong argument.
@Suite(.temporaryFolders) struct ExitStatusTests {
    static let spec = repositoryRoot + "/examples/phase2/readout.yaml"
    static let header = "title: t\nstudy: \(repositoryRoot)/examples/phase2/data\n"

    @Test func reportExitsTwoOnSpecErrors() throws {
        let dir = temporaryFolder("cmd")
        write(
            Self.header + "cutoff: 2008-08-29\npopulations:\n  - name: x\n    where: any(XX, A == 1)\n",
            to: dir + "/s.yaml")
        let r = try runReadout(["report", dir + "/s.yaml", "--out", dir + "/out"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown domain XX") && !r.stderr.contains("USAGE"))
        let ok = try runReadout(["report", Self.spec, "--out", dir + "/ok"])
        #expect(ok.status == 0 && ok.stdout.contains("Wrote 39 files"))
    }

    @Test func checkTextExitsOneOnFindings() throws {
        let dir = temporaryFolder("recon")
        write("Among the entire 106 efficacy-evaluable patients, the overall ORR was 45.3%.", to: dir + "/wrong.txt")
        let r = try runReadout(["check-text", dir + "/wrong.txt", "--spec", Self.spec, "--format", "json"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\"verdict\""))
        let ok = try runReadout(["check-text", fixture("seeds/002_9bb2c1103b6cb742.txt")])
        #expect(ok.status == 0)
        let bad = try runReadout(["check-text", fixture("seeds/004_a7766b0aa3884883.txt")])
        #expect(bad.status == 1 && bad.stdout.contains("[inconsistent] percentage \"68.7%\""))
        let missing = try runReadout(["check-text", dir + "/no-such.txt"])
        #expect(missing.status == 2)
    }

    @Test func checkTextReconcilesWithAnEscalation() throws {
        let r = try runReadout([
            "check-text", fixture("seeds/002_9bb2c1103b6cb742.txt"), "--escalation",
            repositoryRoot + "/examples/phase1/data", "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let check = try JSONNode.parse(r.stdout)
        #expect(check["verdicts"]?["matches-data"] == .number(9) && check["failed"] == .bool(false))
        // The design is built by the library's one builder: a BOIN with an impossible target is an argument error.
        let bad = try runReadout([
            "check-text", fixture("seeds/002_9bb2c1103b6cb742.txt"), "--escalation",
            repositoryRoot + "/examples/phase1/data", "--design", "boin", "--target", "1.5",
        ])
        #expect(bad.status == 64 && bad.stderr.contains("--target"))
    }

    @Test func wrongArgumentsExitSixtyFour() throws {
        for args in [
            ["escalate", "--design", "crm", "--model", "logstic", "--skeleton", "0.1,0.2,0.3"],
            ["simulate", "x.yaml", "--shard", "4/3"], ["validate"], ["responses", "x", "--cutoff", "2008-02"],
            ["simulate", "x.yaml", "--progress", "--quiet"],
        ] {
            let r = try runReadout(args)
            #expect(r.status == 64, "\(args): \(r.status) \(r.stderr)")
        }
    }

    @Test func contentErrorsExitTwo() throws {
        let dir = temporaryFolder("content")
        write(
            "doses: [\"1\", \"2\"]\ndesigns:\n  - design: boin\n    target: 2\nscenarios:\n  - name: s\n    truth: "
                + "[0.1, 0.2]\n",
            to: dir + "/bad.yaml")
        write("treated,dlts,decision\n3,1,MAYBE\n3,0,E\n", to: dir + "/table.csv")
        for args in [
            ["simulate", dir + "/bad.yaml"], ["validate", dir + "/no-such-folder"],
            ["escalate", "--design", "table", "--decision-table", dir + "/table.csv", "--table"],
            ["simulate", "--merge", dir + "/bad.yaml"],
        ] {
            let r = try runReadout(args)
            #expect(
                r.status == 2 && r.stderr.hasPrefix("error: ") && !r.stderr.contains("USAGE"),
                "\(args): \(r.status) \(r.stderr)")
        }
    }
}

/// The progress line is for people at a terminal: never in a log unless asked for.
@Suite(.temporaryFolders) struct ProgressLineTests {
    @Test func progressOnlyWhenAskedOrOnATerminal() throws {
        let dir = temporaryFolder("progress")
        write(
            "doses: [\"1\", \"2\", \"3\"]\ntrials: 400\ndesigns:\n  - design: boin\nscenarios:\n  - name: s\n    "
                + "truth: [0.1, 0.3, 0.5]\n",
            to: dir + "/s.yaml")
        let quietByDefault = try runReadout(["simulate", dir + "/s.yaml"])
        #expect(quietByDefault.status == 0 && quietByDefault.stderr.isEmpty, "\(quietByDefault.stderr)")
        let forced = try runReadout(["simulate", dir + "/s.yaml", "--progress"])
        #expect(forced.status == 0 && forced.stderr.contains("1/1 s · BOIN:"))
        #expect(forced.stdout == quietByDefault.stdout)
    }
}

/// The demo runs from any folder, with the examples as package resources.
@Suite(.temporaryFolders) struct DemoTests {
    @Test func demoRunsFromAnotherFolder() throws {
        let dir = temporaryFolder("demo")
        let r = try runReadout(["demo"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        for file in [
            "readout.html", "readout.md", "response.rtf", "phase1/escalation.txt",
            "phase1/operating-characteristics.html", "irecist/readout.html", "irecist/adrs.csv",
            "pcwg3/psa.txt", "pcwg3/psa.csv", "gcig/ca125.txt", "gcig/ca125.csv",
        ] {
            #expect(FileManager.default.fileExists(atPath: dir + "/readout-out/" + file), "\(file)")
        }
        #expect(r.stdout.contains("MTD 6.5 mg/kg"))
        let adrs = try String(contentsOfFile: dir + "/readout-out/irecist/adrs.csv", encoding: .utf8)
        #expect(adrs.contains(",IBOR,") && adrs.contains("iCPD"))
    }
}

import Foundation
import ReadoutCore
import ReadoutTestSupport
import Testing
import Yams

/// Simulation shards as the tasks of a job array, written to a folder and merged from it.
@Suite(.temporaryFolders) struct DistributedSimulationTests {
    static let file = """
        doses: ["1", "2", "3", "4"]
        trials: 2000
        seed: 17
        designs:
          - design: boin
          - design: 3+3
        scenarios:
          - name: S1
            truth: [0.05, 0.15, 0.3, 0.5]
          - name: S2
            truth: [0.2, 0.35, 0.5, 0.6]
        """

    func slurm(_ id: Int, of count: Int) -> [String: String] {
        ["SLURM_ARRAY_TASK_ID": String(id), "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": String(count)]
    }

    @Test func arrayTasksWriteShardsThatMergeIntoTheUnshardedRun() throws {
        let dir = temporaryFolder("array")
        write(Self.file, to: dir + "/s.yaml")
        let whole = try runReadout(["simulate", dir + "/s.yaml", "--format", "json"])
        #expect(whole.status == 0, "\(whole.stderr)")
        for id in 1...4 {
            // The default under a job array, and with --shard auto.
            let args =
                ["simulate", dir + "/s.yaml", "--out-dir", dir + "/shards"] + (id % 2 == 0 ? ["--shard", "auto"] : [])
            let r = try runReadout(args, environment: slurm(id, of: 4))
            #expect(r.status == 0 && r.stdout.contains("shard-000\(id)-of-0004.json"), "\(r.stderr)")
        }
        let merged = try runReadout(["simulate", "--merge", dir + "/shards", "--format", "json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == whole.stdout)
        let text = try runReadout(["simulate", "--merge", dir + "/shards"])
        #expect(text.stdout == (try runReadout(["simulate", dir + "/s.yaml"])).stdout)
    }

    @Test func mergingAFolderSaysWhatIsMissingRepeatedOrForeign() throws {
        let dir = temporaryFolder("bad-array")
        write(Self.file, to: dir + "/s.yaml")
        write(Self.file + "\n# another file\n", to: dir + "/other.yaml")
        for id in [1, 2, 4] {
            _ = try runReadout(
                ["simulate", dir + "/s.yaml", "--out-dir", dir + "/shards"], environment: slurm(id, of: 4))
        }
        let missing = try runReadout(["simulate", "--merge", dir + "/shards"])
        #expect(
            missing.status == 2 && missing.stderr.contains("1 of 4 shards missing (found \"3\""), "\(missing.stderr)")
        try FileManager.default.copyItem(
            atPath: dir + "/shards/shard-0002-of-0004.json", toPath: dir + "/shards/copy.json")
        _ = try runReadout(
            ["simulate", dir + "/other.yaml", "--out-dir", dir + "/shards"], environment: slurm(3, of: 4))
        let bad = try runReadout(["simulate", "--merge", dir + "/shards"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("shard 2 of 4 is there 2 times"), "\(bad.stderr)")
        #expect(bad.stderr.contains("a shard of another simulation (its file differs)"), "\(bad.stderr)")
        let auto = try runReadout(["simulate", dir + "/s.yaml", "--shard", "auto"])
        #expect(auto.status == 64 && auto.stderr.contains("no job-array variables"))
        let ambiguous = try runReadout(
            ["simulate", dir + "/s.yaml"], environment: slurm(1, of: 4).merging(["JOB_COMPLETION_INDEX": "0"]) { $1 })
        #expect(ambiguous.status == 2 && ambiguous.stderr.contains("several schedulers"))
    }

    /// A grid split by scenario: each shard runs whole scenarios, every trial of each.
    @Test func scenarioShardsMergeIntoTheUnshardedRun() throws {
        let dir = temporaryFolder("by-scenario")
        write(
            """
            doses: ["1", "2", "3", "4"]
            trials: 300
            designs:
              - design: boin
              - design: keyboard
            scenario_grids:
              - family: random
                count: 7
            """, to: dir + "/g.yaml")
        let whole = try runReadout(["simulate", dir + "/g.yaml", "--format", "json"])
        for id in 1...3 {
            let r = try runReadout(
                ["simulate", dir + "/g.yaml", "--shard-by", "scenarios", "--out-dir", dir + "/shards"],
                environment: slurm(id, of: 3))
            #expect(r.status == 0, "\(r.stderr)")
        }
        let shard = try String(contentsOfFile: dir + "/shards/shard-0002-of-0003.json", encoding: .utf8)
        #expect(shard.contains("\"by\" : \"scenarios\""))
        let merged = try runReadout(["simulate", "--merge", dir + "/shards", "--format", "json"])
        #expect(merged.status == 0 && merged.stdout == whole.stdout, "\(merged.stderr)")
        // Exact enumeration splits by scenario too.
        let exactWhole = try runReadout(["simulate", dir + "/g.yaml", "--exact", "--format", "json"])
        var parts: [String] = []
        for i in 1...2 {
            let path = dir + "/exact\(i).json"
            let r = try runReadout([
                "simulate", dir + "/g.yaml", "--exact", "--shard", "\(i)/2", "--shard-by", "scenarios",
                "--format", "json",
            ])
            write(r.stdout, to: path)
            parts.append(path)
        }
        let exactMerged = try runReadout(["simulate", "--merge"] + parts.reversed() + ["--format", "json"])
        #expect(exactMerged.stdout == exactWhole.stdout, "\(exactMerged.stderr)")
    }

    /// The job definitions of examples/distributed agree with what `--shard auto` reads.
    @Test func jobDefinitionsGiveEveryTaskItsShard() throws {
        let dir = repositoryRoot + "/examples/distributed"
        let job = try #require(
            try Yams.load(yaml: String(contentsOfFile: dir + "/kubernetes/simulate-job.yaml", encoding: .utf8))
                as? [String: Any])
        let spec = try #require(job["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        let container = try #require(
            ((spec["template"] as? [String: Any])?["spec"] as? [String: Any]).flatMap {
                ($0["containers"] as? [[String: Any]])?.first
            })
        let env = (container["env"] as? [[String: Any]] ?? []).reduce(into: [String: String]()) {
            $0[$1["name"] as? String ?? ""] = $1["value"] as? String
        }
        #expect(env["JOB_COMPLETIONS"] == (spec["completions"] as? Int).map(String.init))
        let command = (container["command"] as? [String] ?? []).joined(separator: " ")
        #expect(command.contains("--shard auto") && command.contains("--out-dir /data/shards"))
        let merge = try String(contentsOfFile: dir + "/kubernetes/merge-job.yaml", encoding: .utf8)
        #expect(merge.contains("readout simulate --merge /data/shards"))
        let aws = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: dir + "/aws-batch/job-definition.json")))
                as? [String: Any])
        let awsCommand = ((aws["containerProperties"] as? [String: Any])?["command"] as? [String] ?? []).joined(
            separator: " ")
        #expect(awsCommand.contains("--shard auto --out-dir /data/shards"))
        // AWS Batch sets AWS_BATCH_ variables itself and refuses definitions that set them.
        #expect(
            !(try String(contentsOfFile: dir + "/aws-batch/job-definition.json", encoding: .utf8)).contains(
                "AWS_BATCH_"))
        let awsMerge = try String(contentsOfFile: dir + "/aws-batch/merge-job-definition.json", encoding: .utf8)
        #expect(awsMerge.contains("readout simulate --merge /data/shards"))
        let slurm = try String(contentsOfFile: dir + "/slurm/simulate.sbatch", encoding: .utf8)
        #expect(slurm.contains("--shard auto"))
    }
}

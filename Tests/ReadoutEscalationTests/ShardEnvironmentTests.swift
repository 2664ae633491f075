import ReadoutCore
import ReadoutTestSupport
import Testing

@testable import ReadoutEscalation

/// A task's shard from its scheduler's job-array variables (docs/distributed.md).
@Suite(.temporaryFolders) struct ShardEnvironmentTests {
    func shard(_ environment: [String: String]) throws -> Shard? { try Shard.fromEnvironment(environment)?.0 }

    func refusal(_ environment: [String: String]) -> Problem? {
        do {
            _ = try Shard.fromEnvironment(environment)
            return nil
        } catch let e as ReadoutError { return e.problem } catch { return nil }
    }

    @Test func slurmArraysFromZeroOrOne() throws {
        let zero = ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "3"]
        #expect(try shard(zero) == Shard(index: 3, count: 4))
        let one = [
            "SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "4",
            "SLURM_ARRAY_TASK_COUNT": "4",
        ]
        #expect(try shard(one) == Shard(index: 4, count: 4))
        #expect(try Shard.fromEnvironment(one)?.1 == .slurm)
    }

    @Test func awsBatchAndKubernetesCountFromZero() throws {
        #expect(
            try shard(["AWS_BATCH_JOB_ARRAY_INDEX": "0", "AWS_BATCH_JOB_ARRAY_SIZE": "10"])
                == Shard(index: 1, count: 10))
        #expect(try shard(["JOB_COMPLETION_INDEX": "9", "JOB_COMPLETIONS": "10"]) == Shard(index: 10, count: 10))
        #expect(try shard(["HOME": "/root"]) == nil)
    }

    @Test func inconsistentOrAmbiguousValuesAreRefused() {
        let cases: [([String: String], String, String)] = [
            (
                [
                    "SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "3",
                    "SLURM_ARRAY_TASK_COUNT": "5",
                ], "SLURM_ARRAY_TASK_COUNT", "disagrees"
            ),
            (
                [
                    "SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "6",
                    "SLURM_ARRAY_TASK_STEP": "2",
                ], "SLURM_ARRAY_TASK_STEP", "step"
            ),
            (
                ["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "3"],
                "SLURM_ARRAY_TASK_ID", "not a whole number"
            ),
            (["SLURM_ARRAY_TASK_ID": "1"], "SLURM_ARRAY_TASK_MIN", "first and last index"),
            (
                ["AWS_BATCH_JOB_ARRAY_INDEX": "4", "AWS_BATCH_JOB_ARRAY_SIZE": "4"], "AWS_BATCH_JOB_ARRAY_INDEX",
                "outside its array"
            ),
            (["JOB_COMPLETION_INDEX": "0"], "JOB_COMPLETIONS", "completions"),
        ]
        for (environment, variable, words) in cases {
            let p = refusal(environment)
            #expect(
                p?.variable == variable && p?.message.contains(words) == true,
                "\(environment): \(String(describing: p))")
        }
        let both = refusal(["SLURM_ARRAY_TASK_ID": "1", "JOB_COMPLETION_INDEX": "0"])
        #expect(both?.message.contains("several schedulers") == true)
    }

    @Test func shardFilesSortInShardOrder() {
        #expect(Shard(index: 3, count: 10)!.fileName == "shard-0003-of-0010.json")
        let names = (1...12).map { Shard(index: $0, count: 12)!.fileName }
        #expect(names == names.sorted())
    }
}

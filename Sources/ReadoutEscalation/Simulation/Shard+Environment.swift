import ReadoutCore

extension Shard {
    /// The batch schedulers whose job arrays give a task its shard (docs/distributed.md).
    public enum Scheduler: String, Sendable, CaseIterable {
        /// Slurm job arrays: `SLURM_ARRAY_TASK_ID` with `SLURM_ARRAY_TASK_COUNT`, or with
        /// `SLURM_ARRAY_TASK_MIN` and `SLURM_ARRAY_TASK_MAX`.
        case slurm
        /// AWS Batch array jobs: `AWS_BATCH_JOB_ARRAY_INDEX` (from 0) with `AWS_BATCH_JOB_ARRAY_SIZE`, both set
        /// by AWS Batch in every child job.
        case awsBatch = "aws-batch"
        /// Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX` (from 0) with `JOB_COMPLETIONS`, which
        /// the Job sets from its `completions` (examples/distributed).
        case kubernetes

        /// The variable whose presence says that a task runs under this scheduler.
        var indexVariable: String {
            switch self {
            case .slurm: return "SLURM_ARRAY_TASK_ID"
            case .awsBatch: return "AWS_BATCH_JOB_ARRAY_INDEX"
            case .kubernetes: return "JOB_COMPLETION_INDEX"
            }
        }
    }

    /// The shard of this task, read from a scheduler's job-array variables; nil when no scheduler's
    /// index variable is set. Two schedulers' variables at once, a value that is not a whole number,
    /// an index outside its array or a Slurm array with a step are a `ReadoutError` naming the
    /// variables and values.
    public static func fromEnvironment(_ environment: [String: String]) throws -> (Shard, Scheduler)? {
        let present = Scheduler.allCases.filter { environment[$0.indexVariable] != nil }
        guard let scheduler = present.first else { return nil }
        func problem(_ variable: String?, _ message: String, expected: String) -> ReadoutError {
            ReadoutError(
                Problem(
                    .error, "shard-environment", variable: variable, value: variable.flatMap { environment[$0] },
                    expected: expected, message: message))
        }
        if present.count > 1 {
            throw problem(
                nil,
                "the variables of several schedulers are set: " + present.map(\.indexVariable).joined(separator: ", "),
                expected: "one scheduler's job-array variables, or --shard i/n")
        }
        func whole(_ name: String) throws -> Int? {
            guard let text = environment[name] else { return nil }
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw problem(name, "not a whole number", expected: "a whole number")
            }
            return n
        }
        let index: Int
        let count: Int
        switch scheduler {
        case .slurm:
            let id = try whole("SLURM_ARRAY_TASK_ID")!
            if let step = try whole("SLURM_ARRAY_TASK_STEP"), step != 1 {
                throw problem(
                    "SLURM_ARRAY_TASK_STEP", "an array with a step leaves shards without a task",
                    expected: "an array of consecutive indices, such as --array=1-4")
            }
            let low = try whole("SLURM_ARRAY_TASK_MIN")
            let high = try whole("SLURM_ARRAY_TASK_MAX")
            let stated = try whole("SLURM_ARRAY_TASK_COUNT")
            guard let low, let high else {
                throw problem(
                    "SLURM_ARRAY_TASK_MIN", "the array's first and last index are needed to number the shards",
                    expected: "SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_MAX, as Slurm sets them")
            }
            if let stated, stated != high - low + 1 {
                throw problem(
                    "SLURM_ARRAY_TASK_COUNT", "the count disagrees with the array's range \(low)-\(high)",
                    expected: "\(high - low + 1)")
            }
            index = id - low + 1
            count = high - low + 1
        case .awsBatch, .kubernetes:
            // Both count from 0 and give the count in a variable of its own.
            let (countVariable, what, expected) =
                scheduler == .awsBatch
                ? (
                    "AWS_BATCH_JOB_ARRAY_SIZE", "the array size",
                    "the array size, which AWS Batch sets in every child of an array job"
                )
                : (
                    "JOB_COMPLETIONS", "the number of completions",
                    "the Job's completions, set as JOB_COMPLETIONS in its environment"
                )
            guard let stated = try whole(countVariable) else {
                throw problem(countVariable, "\(what) is needed to number the shards", expected: expected)
            }
            index = try whole(scheduler.indexVariable)! + 1
            count = stated
        }
        guard let shard = Shard(index: index, count: count) else {
            throw problem(
                scheduler.indexVariable, "the task's index lies outside its array of \(count)",
                expected: "an index of the array")
        }
        return (shard, scheduler)
    }

    /// The file a shard's output is written to: `shard-0003-of-0010.json`, so that a listing sorts
    /// in shard order.
    public var fileName: String {
        func padded(_ n: Int) -> String { String(repeating: "0", count: max(0, 4 - String(n).count)) + String(n) }
        return "shard-\(padded(index))-of-\(padded(count)).json"
    }
}

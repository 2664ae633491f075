import Foundation
import ReadoutCore
import ReadoutData
import ReadoutStore

/// The server's own documents of the results contract (studies, cuts, runs, jobs, simulations;
/// docs/results-contract.md, docs/schema), built field by field like every other document.
enum APIDocuments {
    static func file(_ f: StoredFile) -> JSONObject {
        var o = JSONObject()
        o.add("name", f.name)
        o.add("sha256", f.sha256)
        return o
    }

    static func spec(name: String, sha256: String) -> JSONObject {
        var o = JSONObject()
        o.add("name", name)
        o.add("sha256", sha256)
        return o
    }

    /// A time in milliseconds since 1970 as ISO 8601 in UTC, to the millisecond.
    static func time(_ ms: Int64) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    /// The counts of a cut's validation document.
    static func validationCounts(_ cut: StoredCut) -> JSONObject {
        var o = JSONObject()
        let node = try? JSONNode.parse(cut.validation, file: "validation")
        for key in ["errors", "warnings", "notes"] {
            if case .number(let n)? = node?["problems"]?[key] { o.add(key, Int(n)) } else { o.add(key, 0) }
        }
        return o
    }

    static func cutObject(_ cut: StoredCut) -> JSONObject {
        var o = JSONObject()
        o.add("id", Int(cut.id))
        o.add("study", cut.study)
        o.add("label", cut.label)
        o.add("cutoff", cut.cutoff)
        o.add("digest", cut.digest)
        o.add("files", cut.files.map(file))
        o.add("validation", validationCounts(cut))
        return o
    }

    static func runObject(_ run: StoredRun) -> JSONObject {
        var o = JSONObject()
        o.add("id", Int(run.id))
        o.add("cut", Int(run.cut))
        o.add("spec", spec(name: run.specName, sha256: run.specSHA256))
        o.add("digest", run.digest)
        o.add("files", run.files.map(file))
        return o
    }

    static func jobObject(_ job: StoredJob) -> JSONObject {
        var o = JSONObject()
        o.add("id", Int(job.id))
        o.add("kind", job.kind.rawValue)
        o.add("state", job.state.rawValue)
        o.add("cut", job.cut.map { Int($0) })
        o.add("spec", spec(name: job.specName, sha256: job.specSHA256))
        o.add("attempts", job.attempts)
        o.add("progress", job.progress)
        o.add("stage", job.stage)
        var result: JSONObject? = nil
        if let id = job.result {
            var r = JSONObject()
            r.add("kind", job.kind == .readout ? "run" : "simulation")
            r.add("id", Int(id))
            result = r
        }
        o.add("result", result)
        o.add("error", job.error.flatMap { try? JSONNode.parse($0, file: "error") })
        o.add("created", time(job.created))
        o.add("updated", time(job.updated))
        return o
    }

    static func document(_ name: String, _ fill: (inout JSONObject) -> Void) -> String {
        var o = ResultsContract.envelope(name)
        fill(&o)
        return JSONValue.object(o).rendered()
    }

    static func studies(_ list: [ReadoutService.StudySummary]) -> String {
        document("studies") { o in
            o.add(
                "studies",
                list.map { s -> JSONObject in
                    var x = JSONObject()
                    x.add("name", s.name)
                    x.add("cuts", s.cuts.count)
                    x.add("latestCut", s.cuts.last.map { Int($0.id) })
                    return x
                })
        }
    }

    static func cuts(study: String, _ cuts: [StoredCut]) -> String {
        document("cuts") { o in
            o.add("study", study)
            o.add("cuts", cuts.map(cutObject))
        }
    }

    static func cut(_ cut: StoredCut) -> String {
        document("cut") { o in o.add("cut", cutObject(cut)) }
    }

    static func runs(cut: Int64, _ runs: [StoredRun]) -> String {
        document("runs") { o in
            o.add("cut", Int(cut))
            o.add("runs", runs.map(runObject))
        }
    }

    static func run(_ run: StoredRun, signatures: [StoredSignature]) -> String {
        document("run") { o in
            var x = runObject(run)
            x.add("signatures", signatures.map(AccessDocuments.signatureObject))
            o.add("run", x)
        }
    }

    static func job(_ job: StoredJob) -> String {
        document("job") { o in o.add("job", jobObject(job)) }
    }

    static func jobs(_ jobs: [StoredJob]) -> String {
        document("jobs") { o in o.add("jobs", jobs.map(jobObject)) }
    }

    static func simulation(_ s: StoredSimulation) -> String {
        document("simulation") { o in
            var x = JSONObject()
            x.add("id", Int(s.id))
            x.add("spec", spec(name: s.specName, sha256: s.specSHA256))
            x.add("digest", s.digest)
            x.add("files", s.files.map(file))
            o.add("simulation", x)
        }
    }
}

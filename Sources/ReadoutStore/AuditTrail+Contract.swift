import ReadoutCore

// The audit and audit-verify documents of the results contract, and the CSV export: one
// rendering for the API and `readout audit`.
extension AuditEntry {
    var contract: JSONObject {
        var o = JSONObject()
        o.add("sequence", Int(sequence))
        o.add("time", time)
        o.add("actor", actor)
        o.add("action", action.rawValue)
        o.add("study", study)
        o.add("object", object)
        o.add("objectSHA256", objectSHA256)
        var d = JSONObject()
        for line in detail.split(separator: "\n", omittingEmptySubsequences: true) {
            let parts = line.split(separator: "=", maxSplits: 1)
            d.add(String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        o.add("detail", d)
        o.add("previous", previous)
        o.add("hash", hash)
        return o
    }
}

extension AuditTrail {
    /// The audit document: the entries (of `study`, or all).
    public static func contract(_ entries: [AuditEntry], study: String?) -> String {
        var o = ResultsContract.envelope("audit")
        o.add("study", study)
        o.add("entries", entries.map(\.contract))
        return JSONValue.object(o).rendered()
    }

    /// The entries as CSV, one row per entry, the detail as its `key=value` lines.
    public static func csv(_ entries: [AuditEntry]) -> String {
        var t = Table(
            name: "audit",
            header: [
                "sequence", "time", "actor", "action", "study", "object", "object_sha256", "detail", "previous", "hash",
            ]
        )
        for e in entries {
            t.add([
                String(e.sequence), e.time, e.actor, e.action.rawValue, e.study ?? "", e.object, e.objectSHA256 ?? "",
                e.detail, e.previous, e.hash,
            ])
        }
        return t.csv()
    }

    /// The audit-verify document: the number of entries, whether the chain holds, the first
    /// broken entry, and the last entry's hash (record it elsewhere: an entry removed from the end
    /// leaves the rest of the chain whole, and only a recorded head shows it).
    public static func contract(_ v: Verification, head: String?) -> String {
        var o = ResultsContract.envelope("audit-verify")
        o.add("entries", v.entries)
        o.add("valid", v.valid)
        var broken: JSONObject? = nil
        if let b = v.firstBroken {
            var x = JSONObject()
            x.add("sequence", Int(b.sequence))
            x.add("problem", b.problem)
            broken = x
        }
        o.add("firstBroken", broken)
        o.add("head", head)
        return JSONValue.object(o).rendered()
    }

    /// The verdict as a sentence.
    public static func text(_ v: Verification, head: String?) -> String {
        if let b = v.firstBroken {
            return "The audit trail is broken at entry \(b.sequence) of \(v.entries): \(b.problem).\n"
        }
        return "The audit trail holds: \(v.entries) entries, each chained to the one before"
            + (head.map { "; the last entry's hash is \($0)" } ?? "") + ".\n"
    }
}

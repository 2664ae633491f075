import ReadoutCore

/// Merges supplemental-qualifier records (SUPP--) onto their parent records as extra variables.
///
/// A SUPP-- row names its parent by RDOMAIN, USUBJID and IDVAR/IDVARVAL (for example AESEQ = 3);
/// its QVAL becomes the value of a variable named QNAM (labelled QLABEL) on that record. With IDVAR
/// blank the qualifier belongs to the subject: it goes on the subject's DM record, or on every
/// record of the subject when the parent domain is not DM.
public enum SupplementalQualifiers {
    /// Merges a SUPP-- dataset's qualifiers onto `parent` as variables named by QNAM; records that match nothing are
    /// problems.
    public static func merge(_ supp: Dataset, into parent: inout Dataset, problems: inout ProblemLog) {
        let file = supp.source.path
        guard let cSubject = supp.index(of: "USUBJID"), let cQnam = supp.index(of: "QNAM"),
            let cQval = supp.index(of: "QVAL"),
            let pSubject = parent.index(of: "USUBJID")
        else { return }
        let cIdvar = supp.index(of: "IDVAR")
        let cIdval = supp.index(of: "IDVARVAL")
        let cLabel = supp.index(of: "QLABEL")
        // Parent records by subject, and by (subject, IDVAR, value).
        var bySubject: [String: [Int]] = [:]
        for r in 0..<parent.recordCount { bySubject[parent.trimmed(r, pSubject), default: []].append(r) }
        var byKey: [String: [String: [Int]]] = [:]  // IDVAR → key → rows
        var values: [String: [String]] = [:]  // QNAM → per parent record
        var labels: [String: String] = [:]
        var order: [String] = []
        var setBy: [String: [Int: Int]] = [:]  // QNAM → parent record → supp row that set it
        for r in 0..<supp.recordCount {
            let subject = supp.trimmed(r, cSubject)
            let qnam = supp.trimmed(r, cQnam).uppercased()
            if qnam.isEmpty { continue }  // reported by validation
            let idvar = cIdvar.map { supp.trimmed(r, $0).uppercased() } ?? ""
            let idval = cIdval.map { supp.trimmed(r, $0) } ?? ""
            var targets: [Int]
            if idvar.isEmpty {
                targets = bySubject[subject] ?? []
            } else {
                guard let pc = parent.index(of: idvar) else {
                    problems.add(
                        Problem(
                            .error, "supp-no-parent", file: file, location: supp.location(r), variable: "IDVAR",
                            value: idvar,
                            expected: "a variable of \(parent.name)",
                            message: "IDVAR names a variable that \(parent.name) does not have"))
                    continue
                }
                if byKey[idvar] == nil {
                    var m: [String: [Int]] = [:]
                    for pr in 0..<parent.recordCount {
                        m[parent.trimmed(pr, pSubject) + "\u{1F}" + normalizedKey(parent, pr, pc), default: []].append(
                            pr)
                    }
                    byKey[idvar] = m
                }
                let key = subject + "\u{1F}" + (parseDouble(idval).map(formatNumber) ?? idval)
                targets = byKey[idvar]![key] ?? []
            }
            if targets.isEmpty {
                problems.add(
                    Problem(
                        .error, "supp-no-parent", file: file, location: supp.location(r),
                        variable: idvar.isEmpty ? "USUBJID" : "IDVARVAL",
                        value: idvar.isEmpty ? subject : "\(idvar) = \(idval)",
                        expected: "a \(parent.name) record of subject \(subject)"
                            + (idvar.isEmpty ? "" : " with \(idvar) = \(idval)"),
                        message: "the supplemental qualifier \(qnam) points to no \(parent.name) record"))
                continue
            }
            if parent.has(qnam), values[qnam] == nil {
                problems.add(
                    Problem(
                        .warning, "supp-name-clash", file: file, location: supp.location(r), variable: "QNAM",
                        value: qnam,
                        expected: "a name \(parent.name) does not already use",
                        message: "\(parent.name) already has \(qnam); the supplemental value replaces it"))
            }
            if values[qnam] == nil {
                values[qnam] = [String](repeating: "", count: parent.recordCount)
                order.append(qnam)
                if let lc = cLabel { labels[qnam] = supp.trimmed(r, lc) }
                if parent.has(qnam), let pc = parent.index(of: qnam) {
                    for pr in 0..<parent.recordCount { values[qnam]![pr] = parent.string(pr, pc) }
                }
            }
            let qval = supp.string(r, cQval)
            for t in targets {
                if let prior = setBy[qnam]?[t], values[qnam]![t] != qval {
                    problems.add(
                        Problem(
                            .error, "supp-conflict", file: file, location: supp.location(r), variable: qnam,
                            value: qval,
                            expected: "one value per record",
                            message:
                                "\(parent.name) \(parent.location(t)) already has \(qnam) = \"\(values[qnam]![t])\" "
                                + "from \(supp.location(prior))"
                        ))
                    continue
                }
                values[qnam]![t] = qval
                setBy[qnam, default: [:]][t] = r
            }
        }
        for q in order {
            parent.setTextVariable(
                Variable(name: q, label: labels[q].flatMap { $0.isEmpty ? nil : $0 }), values: values[q]!)
        }
    }
}

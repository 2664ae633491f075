import Foundation
import ReadoutAnalysis
import ReadoutCore
import ReadoutData
import ReadoutDisclosure
import ReadoutResponse
import ReadoutStore

/// The dashboard's HTML, rendered on the server: no script, no asset from the network, one
/// stylesheet served by the server, forms that work with a keyboard alone.
enum Pages {
    static func e(_ s: String) -> String { Markup.escape(s) }

    static let stylesheet = """
        :root{color-scheme:light dark;--line:#8884;--muted:#666}
        body{font:15px/1.45 system-ui,sans-serif;margin:0;max-width:80rem;margin:auto;padding:0 1rem 3rem}
        header{display:flex;gap:1.5rem;align-items:baseline;border-bottom:1px solid var(--line);padding:.6rem 0}
        header a{text-decoration:none}header strong{font-size:1.2rem}
        a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #2684ff;outline-offset:1px}
        table{border-collapse:collapse;margin:.6rem 0 1.2rem}th,td{border-bottom:1px solid var(--line);
        padding:.25rem .6rem;text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}
        code,.mono{font-family:ui-monospace,monospace;font-size:.9em;word-break:break-all}
        form{border:1px solid var(--line);padding:.8rem 1rem;margin:1rem 0;border-radius:6px;max-width:44rem}
        label{display:block;margin:.4rem 0}input[type=text],input[type=date],select,textarea{width:100%;
        box-sizing:border-box;font:inherit;padding:.3rem}button{font:inherit;padding:.35rem 1rem;margin-top:.5rem}
        form.inline{display:inline;border:0;padding:0;margin:0 0 0 .5rem}.user{margin-left:auto}
        .notice{border:1px solid var(--line);padding:.5rem}
        .muted{color:var(--muted)}.error{color:#c00}.warning{color:#a60}.state-failed{color:#c00}
        .state-succeeded{color:#070}progress{width:20rem;height:1.2rem}
        iframe{width:100%;height:80vh;border:1px solid var(--line)}
        .explain{margin:.2rem 0 .8rem 1rem}.wide{overflow-x:auto}.wide td{white-space:nowrap}
        """

    /// A page of the dashboard: the navigation, a title and the body.
    static func page(_ title: String, _ body: String, refresh: Int? = nil) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        \(refresh.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? "")
        <title>\(e(title)) · Readout</title><link rel="icon" href="data:,">
        <link rel="stylesheet" href="/static/readout.css"></head>
        <body><header><strong><a href="/">Readout</a></strong><a href="/">Studies</a><a href="/jobs">Jobs</a>
        <a href="/simulations">Simulations</a><a href="/audit">Audit trail</a><a href="/openapi.json">API</a>\
        \(signedIn())</header>
        <main><h1>\(e(title))</h1>
        \(body)
        </main></body></html>

        """
    }

    static func errorPage(_ error: ReadoutError) -> String {
        var rows = ""
        for p in error.problems {
            rows +=
                "<tr><td><code>\(e(p.code))</code></td><td>\(e(p.message))</td><td>\(e(p.file ?? ""))</td>"
                + "<td>\(e(p.location?.description ?? ""))</td><td>\(e(p.variable ?? ""))</td>"
                + "<td>\(e(p.value ?? ""))</td><td>\(e(p.expected ?? ""))</td></tr>\n"
        }
        return page(
            "Something needs attention",
            "<table><tr><th>Code</th><th>Problem</th><th>File</th><th>Where</th><th>Variable</th><th>Value</th>"
                + "<th>Expected</th></tr>\n\(rows)</table><p>"
                + "<a href=\"/\">Studies</a></p>")
    }

    static func uploadForm(study: String?) -> String {
        """
        <form method="post" action="/cuts" enctype="multipart/form-data">
        <h2>Upload a data cut</h2>\(csrfField())
        <label>Study <input type="text" name="study" required pattern="[A-Za-z0-9._\\-]{1,64}" \
        value="\(e(study ?? ""))"></label>
        <label>Label <input type="text" name="label" placeholder="interim 1"></label>
        <label>Cut-off date <input type="date" name="cutoff" required></label>
        <label>Domain files (zip, tar or tar.gz) <input type="file" name="archive" required \
        accept=".zip,.tar,.tgz,.gz"></label>
        <button type="submit">Upload and validate</button>
        </form>
        """
    }

    static func home(_ studies: [ReadoutService.StudySummary], jobs: [StoredJob]) -> String {
        var body = ""
        if studies.isEmpty {
            body += "<p>No study yet: upload a data cut below, or start the server with <code>--demo</code>.</p>"
        } else {
            body += "<table><tr><th>Study</th><th>Cuts</th><th>Latest cut</th><th>Cut-off</th></tr>\n"
            for s in studies {
                let last = s.cuts.last
                body +=
                    "<tr><td><a href=\"/studies/\(e(s.name))\">\(e(s.name))</a></td><td class=n>\(s.cuts.count)</td>"
                    + "<td>\(last.map { "<a href=\"/cuts/\($0.id)\">\(e($0.label))</a>" } ?? "")</td>"
                    + "<td>\(last?.cutoff.iso ?? "")</td></tr>\n"
            }
            body += "</table>\n"
        }
        body += uploadForm(study: nil)
        body += "<h2>Recent jobs</h2>" + jobTable(Array(jobs.prefix(10)))
        return page("Studies", body)
    }

    static func jobTable(_ jobs: [StoredJob]) -> String {
        guard !jobs.isEmpty else { return "<p class=muted>No job yet.</p>" }
        var s =
            "<table><tr><th>Job</th><th>Kind</th><th>Input</th><th>State</th><th>Progress</th><th>Result</th></tr>\n"
        for j in jobs {
            let result =
                j.result.map { id in
                    j.kind == .readout
                        ? "<a href=\"/runs/\(id)\">run \(id)</a>"
                        : "<a href=\"/simulations/\(id)\">simulation \(id)</a>"
                } ?? ""
            s +=
                "<tr><td><a href=\"/jobs/\(j.id)\">\(j.id)</a></td><td>\(j.kind.rawValue)</td><td>\(e(j.specName))"
                + "\(j.cut.map { " on <a href=\"/cuts/\($0)\">cut \($0)</a>" } ?? "")</td>"
                + "<td class=\"state-\(j.state.rawValue)\">\(j.state.rawValue)</td>"
                + "<td>\(NumberFormat.percent(Int((j.progress * 100).rounded()), of: 100, decimals: 0))</td>"
                + "<td>\(result)</td></tr>\n"
        }
        return s + "</table>\n"
    }

    static func study(
        _ name: String, cuts: [StoredCut], runs: [Int64: [StoredRun]], roles: [(user: String, role: StudyRole)]?
    ) -> String {
        var body = "<table><tr><th>Cut</th><th>Label</th><th>Cut-off</th><th>Files</th><th>Errors</th>"
        body += "<th>Warnings</th><th>Runs</th></tr>\n"
        for c in cuts {
            let v = APIDocuments.validationCounts(c)
            func n(_ k: String) -> String { if case .integer(let x)? = v[k] { return String(x) } else { return "0" } }
            body +=
                "<tr><td><a href=\"/cuts/\(c.id)\">\(c.id)</a></td><td>\(e(c.label))</td><td>\(c.cutoff.iso)</td>"
                + "<td class=n>\(c.files.count)</td><td class=n>\(n("errors"))</td><td class=n>\(n("warnings"))</td>"
                + "<td>\((runs[c.id] ?? []).map { "<a href=\"/runs/\($0.id)\">\($0.id)</a>" }.joined(separator: " "))"
                + "</td></tr>\n"
        }
        body += "</table>\n<p><a href=\"/audit?study=\(query(name))\">The study's audit trail</a></p>"
        body += uploadForm(study: name)
        if let roles { body += roleSection(name, roles) }
        return page("Study \(name)", body)
    }

    static func problemTable(_ validation: String) -> String {
        guard let doc = try? JSONNode.parse(validation, file: "validation"),
            case .array(let items)? = doc["problems"]?["items"]
        else { return "" }
        if items.isEmpty { return "<p>No problem found.</p>" }
        var s = "<table><tr><th>Severity</th><th>Code</th><th>File</th><th>Where</th><th>Variable</th><th>Value</th>"
        s += "<th>Problem</th></tr>\n"
        for p in items {
            func f(_ k: String) -> String {
                switch p[k] {
                case .string(let x)?: return e(x)
                case .number(let x)?: return String(Int(x))
                case .object?:
                    if case .string(let w)? = p[k]?["word"], case .number(let n)? = p[k]?["number"] {
                        return "\(w) \(Int(n))"
                    }
                    return ""
                default: return ""
                }
            }
            s +=
                "<tr><td class=\"\(f("severity"))\">\(f("severity"))</td><td><code>\(f("code"))</code></td>"
                + "<td>\(f("file"))</td><td>\(f("location"))</td><td>\(f("variable"))</td><td>\(f("value"))</td>"
                + "<td>\(f("message"))</td></tr>\n"
        }
        return s + "</table>\n"
    }

    /// A labelled list of bundled files to choose instead of uploading one.
    static func choice(_ label: String, _ options: String) -> String {
        "<label>\(label) <select name=\"example\"><option value=\"\">(none)</option>\(options)</select></label>"
    }

    static func runForm(cut: Int64, specs: [String]) -> String {
        let options = specs.map { "<option value=\"\(e($0))\">\(e($0))</option>" }.joined()
        return """
            <form method="post" action="/cuts/\(cut)/runs" enctype="multipart/form-data">
            <h2>Run a readout</h2>\(csrfField())
            <label>Analysis spec (YAML) <input type="file" name="spec" accept=".yaml,.yml,.json"></label>
            \(specs.isEmpty ? "" : choice("or a bundled spec", options))
            <button type="submit">Run</button>
            </form>
            """
    }

    static func cut(_ c: StoredCut, runs: [StoredRun], specs: [String]) -> String {
        var body = "<p>Study <a href=\"/studies/\(e(c.study))\">\(e(c.study))</a> · cut-off \(c.cutoff.iso) · "
        body +=
            "digest <code>\(c.digest)</code> · <a href=\"/api/v1/cuts/\(c.id)/validation\">validation (JSON)</a></p>"
        body += "<h2>Runs</h2>"
        if runs.isEmpty {
            body += "<p class=muted>No run yet.</p>"
        } else {
            body +=
                "<ul>"
                + runs.map { "<li><a href=\"/runs/\($0.id)\">run \($0.id)</a>: \(e($0.specName))</li>" }
                .joined() + "</ul>"
        }
        body += runForm(cut: c.id, specs: specs)
        body += "<h2>Validation</h2>" + problemTable(c.validation)
        body += "<h2>Files</h2><table><tr><th>File</th><th>SHA-256</th></tr>\n"
        for f in c.files { body += "<tr><td>\(e(f.name))</td><td class=mono>\(f.sha256)</td></tr>\n" }
        body += "</table>"
        return page("Cut \(c.id): \(c.label)", body)
    }

    static func job(_ j: StoredJob) -> String {
        let running = j.state == .queued || j.state == .running
        var body = "<p>\(j.kind.rawValue) of <code>\(e(j.specName))</code>"
        if let c = j.cut { body += " on <a href=\"/cuts/\(c)\">cut \(c)</a>" }
        body += "</p><p>State: <strong class=\"state-\(j.state.rawValue)\">\(j.state.rawValue)</strong> · "
        body += "attempt \(j.attempts)</p>"
        let percent = Int((j.progress * 100).rounded())
        body += "<p><progress max=\"100\" value=\"\(percent)\">\(percent)%</progress> \(percent)% · \(e(j.stage))</p>"
        if let r = j.result {
            body +=
                j.kind == .readout
                ? "<p><a href=\"/runs/\(r)\">Open run \(r)</a></p>"
                : "<p><a href=\"/simulations/\(r)\">Open simulation \(r)</a></p>"
        }
        if let error = j.error, let doc = try? JSONNode.parse(error, file: "error"),
            case .array(let problems)? = doc["problems"]
        {
            body += "<ul class=error>"
            for p in problems {
                body += "<li><code>\(e(p["code"]?.stringValue ?? ""))</code> \(e(p["message"]?.stringValue ?? ""))</li>"
            }
            body += "</ul>"
        }
        if running { body += "<p class=muted>This page refreshes every second while the job runs.</p>" }
        return page("Job \(j.id)", body, refresh: running ? 1 : nil)
    }

    /// A run: its provenance, every subject with a link to the subject page, the readout itself
    /// (the stored readout.html, in a frame), its files, and the forms to compare and check text.
    /// A path segment (a USUBJID), percent-encoded: anything but letters, digits and `-._~`.
    static func segment(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// A query value, percent-encoded.
    static func query(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// The counts of the run's tables, by population, each linked to the subjects it counts.
    static func countTable(_ run: StoredRun, _ counts: [JSONNode]) -> String {
        guard !counts.isEmpty else { return "" }
        var s = "<h2>Counts</h2><p class=muted>Each count links to the subjects it counts.</p>"
        s += "<div class=wide><table><tr><th>Population</th><th>Table</th><th>Count</th><th>Subjects</th></tr>\n"
        for c in counts {
            let id = c["id"]?.stringValue ?? ""
            let value = c["formatted"]?.stringValue ?? ""
            s +=
                "<tr><td>\(e(c["population"]?.stringValue ?? ""))</td><td>\(e(c["table"]?.stringValue ?? ""))</td>"
                + "<td>\(e(c["column"]?.stringValue ?? ""))</td>"
                + "<td class=n><a href=\"/runs/\(run.id)/counted?id=\(query(id))\">\(e(value))</a></td></tr>\n"
        }
        return s + "</table></div>"
    }

    static func counted(_ c: CountedSubjects) -> String {
        var body = "<p><a href=\"/runs/\(c.run)\">Run \(c.run)</a> · population \(e(c.population)) · "
        body += "\(e(c.groupingVariable)) = \(e(c.groupingLevel)) · <a href=\"/api/v1/runs/\(c.run)/counted?id="
        body += "\(query(c.id))\">JSON</a></p><p>\(c.count) subject\(c.count == 1 ? "" : "s"):</p><ul>"
        for s in c.subjects { body += "<li><a href=\"/runs/\(c.run)/subjects/\(segment(s))\">\(e(s))</a></li>" }
        return page(c.id, body + "</ul>")
    }

    static func run(
        _ r: StoredRun, cut: StoredCut, subjects: [(id: String, bor: String, cbor: String)], narrative: String,
        others: [(run: StoredRun, cut: StoredCut)], counts: [JSONNode], signatures: [StoredSignature]
    ) -> String {
        var body = "<p>\(e(r.specName)) (<code>\(r.specSHA256.prefix(12))</code>) on "
        body += "<a href=\"/cuts/\(cut.id)\">cut \(cut.id) (\(e(cut.label)), cut-off \(cut.cutoff.iso))</a> of "
        body +=
            "<a href=\"/studies/\(e(cut.study))\">\(e(cut.study))</a> · outputs "
            + "<code>\(r.digest.prefix(12))</code></p>"
        body += signatureSection(r, signatures)
        body += "<h2>Narrative</h2><div>"
        body += narrative.split(separator: "\n", omittingEmptySubsequences: true).map { "<p>\(e(String($0)))</p>" }
            .joined()
        body +=
            "</div><h2>Readout</h2><iframe title=\"The readout\" "
            + "src=\"/api/v1/runs/\(r.id)/files/readout.html\"></iframe>"
        body += countTable(r, counts)
        body += "<h2>Subjects</h2><table><tr><th>Subject</th><th>Best overall response</th><th>Confirmed</th></tr>\n"
        for s in subjects {
            body +=
                "<tr><td><a href=\"/runs/\(r.id)/subjects/\(segment(s.id))\">\(e(s.id))</a></td><td>\(e(s.bor))</td>"
                + "<td>\(e(s.cbor))</td></tr>\n"
        }
        body += "</table>"
        if !others.isEmpty {
            let options = others.map {
                "<option value=\"\($0.run.id)\">run \($0.run.id): \(e($0.run.specName)) on cut \($0.cut.id) "
                    + "(\(e($0.cut.label)), \($0.cut.cutoff.iso))</option>"
            }.joined()
            body += """
                <form method="get" action="/compare"><h2>Compare with another cut</h2>
                <input type="hidden" name="to" value="\(r.id)">
                <label>Earlier run <select name="from">\(options)</select></label>
                <button type="submit">Compare</button></form>
                """
        }
        body += """
            <form method="post" action="/runs/\(r.id)/check"><h2>Check a disclosure against this run</h2>\(csrfField())
            <label>Text (plain, Markdown or HTML) <textarea name="text" rows="8" required></textarea></label>
            <button type="submit">Check</button></form>
            """
        body += "<h2>Files</h2><ul>"
        for f in r.files {
            body += "<li><a href=\"/api/v1/runs/\(r.id)/files/\(e(f.name))\">\(e(f.name))</a></li>"
        }
        body += "</ul>"
        return page("Run \(r.id)", body)
    }

    static func subject(_ s: SubjectRecord, run: StoredRun) -> String {
        let r = s.response
        var body = "<p><a href=\"/runs/\(run.id)\">Run \(run.id)</a> · cut \(s.cut.id) (\(e(s.cut.label)), "
        body += "cut-off \(s.cut.cutoff.iso)) · "
        body += "<a href=\"/api/v1/runs/\(run.id)/subjects/\(segment(s.subject))\">JSON</a></p>"
        body += "<h2>Derived responses</h2><table><tr><th>Parameter</th><th>Value</th><th>Date</th></tr>"
        body += "<tr><td>Best overall response (BOR)</td><td>\(r.bestLabel)</td>"
        body += "<td>\(r.bestResponseDate?.iso ?? "")</td></tr>"
        body += "<tr><td>Confirmed best overall response (CBOR)</td><td>\(r.confirmedLabel)</td>"
        body += "<td>\(r.confirmedResponseDate?.iso ?? "")</td></tr></table>"
        body += "<p class=explain><strong>BOR:</strong> \(e(r.bestResponseDetail))</p>"
        body += "<p class=explain><strong>CBOR:</strong> \(e(r.confirmedResponseDetail))</p>"
        body += "<h2>Assessments counted</h2><table><tr><th>Date</th><th>Response</th></tr>"
        for a in r.counted { body += "<tr><td>\(a.date.iso)</td><td>\(r.label(a.response))</td></tr>" }
        body += "</table>"
        for d in s.records {
            let count = d.rows.count == 1 ? "1 record" : "\(d.rows.count) records"
            body += "<h2>\(d.domain) <span class=muted>(\(e(d.file)), \(count))</span></h2>"
            guard !d.rows.isEmpty else { continue }
            body += "<div class=wide><table><tr><th>Where</th>" + d.variables.map { "<th>\(e($0))</th>" }.joined()
            body += "</tr>\n"
            for row in d.rows {
                body += "<tr><td>\(row.location.description)</td>" + row.values.map { "<td>\(e($0))</td>" }.joined()
                body += "</tr>\n"
            }
            body += "</table></div>"
        }
        return page("Subject \(s.subject)", body)
    }

    static func check(_ c: DisclosureCheck, run: StoredRun) -> String {
        var body = "<p>Against <a href=\"/runs/\(run.id)\">run \(run.id)</a>. "
        body += c.failed ? "<strong class=error>Some numbers need attention.</strong></p>" : "Nothing inconsistent.</p>"
        body += "<table><tr><th>Claim</th><th>Verdict</th><th>Why</th><th>Sentence</th></tr>\n"
        for k in c.checks {
            body +=
                "<tr><td>\(e(k.claim.text))</td><td>\(e(k.verdict.rawValue))</td>"
                + "<td>\(k.reasons.map(e).joined(separator: "<br>"))</td><td>\(e(k.sentence))</td></tr>\n"
        }
        return page("Disclosure check", body + "</table>")
    }

    static func simulations(_ jobs: [StoredJob], examples: [String]) -> String {
        let options = examples.map { "<option value=\"\(e($0))\">\(e($0))</option>" }.joined()
        var body = jobTable(jobs.filter { $0.kind == .simulation })
        body += """
            <form method="post" action="/simulations" enctype="multipart/form-data">
            <h2>Simulate designs</h2>\(csrfField())
            <label>Simulation file (YAML) <input type="file" name="file" accept=".yaml,.yml"></label>
            \(examples.isEmpty ? "" : choice("or a bundled one", options))
            <button type="submit">Simulate</button></form>
            """
        return page("Simulations", body)
    }

    static func simulation(_ s: StoredSimulation) -> String {
        var body = "<p>\(e(s.specName)) (<code>\(s.specSHA256.prefix(12))</code>)</p>"
        body +=
            "<iframe title=\"Operating characteristics\" "
            + "src=\"/api/v1/simulations/\(s.id)/files/simulation.html\"></iframe>"
        body += "<h2>Files</h2><ul>"
        for f in s.files {
            body += "<li><a href=\"/api/v1/simulations/\(s.id)/files/\(e(f.name))\">\(e(f.name))</a></li>"
        }
        return page("Simulation \(s.id)", body + "</ul>")
    }

    static func jobs(_ jobs: [StoredJob]) -> String { page("Jobs", jobTable(jobs)) }

    /// The audit trail (of a study, or all of it), with the chain's check and the exports.
    static func audit(_ entries: [AuditEntry], study: String?, verdict: AuditTrail.Verification) -> String {
        let filter = study.map { "?study=\(query($0))" } ?? ""
        var body = "<p>"
        if let b = verdict.firstBroken {
            body += "<strong class=error>The chain is broken at entry \(b.sequence): \(e(b.problem)).</strong>"
        } else {
            body += "The chain of all \(verdict.entries) entries holds."
        }
        body += " Export: <a href=\"/api/v1/audit\(filter)\">JSON</a> · "
        body += "<a href=\"/api/v1/audit\(filter.isEmpty ? "?" : filter + "&")format=csv\">CSV</a></p>"
        body += "<div class=wide><table><tr><th>#</th><th>Time (UTC)</th><th>Actor</th><th>Action</th><th>Study</th>"
        body += "<th>Object</th><th>SHA-256</th><th>Detail</th></tr>\n"
        for x in entries.reversed() {
            body +=
                "<tr><td class=n>\(x.sequence)</td><td>\(e(x.time))</td><td>\(e(x.actor))</td>"
                + "<td>\(e(x.action.rawValue))</td><td>\(e(x.study ?? ""))</td><td>\(e(x.object))</td>"
                + "<td class=mono>\(e(String((x.objectSHA256 ?? "").prefix(12))))</td>"
                + "<td>\(x.detail.split(separator: "\n").map { e(String($0)) }.joined(separator: "<br>"))</td></tr>\n"
        }
        return page(study.map { "Audit trail of \($0)" } ?? "Audit trail", body + "</table></div>")
    }
}

import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse
import ReadoutTestSupport
import Testing

@testable import ReadoutAnalysis

/// The bundled iRECIST study (examples/irecist) end to end: the criteria option reaching every
/// stage — reading, derivation, listing, tables, RTF, ADaM, time to event — and the refusals.
@Suite(.temporaryFolders) struct IRECISTStudyTests {
    static let study = repositoryRoot + "/examples/irecist/data"

    /// examples/irecist/data is `readout synth --criteria irecist`, byte for byte.
    @Test func theExampleIsTheGenerators() throws {
        let dir = temporaryFolder("irecist")
        let r = try runReadout(["synth", "--criteria", "irecist", "--out", dir])
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["dm", "ex", "ds", "rs"] {
            let made = try Data(contentsOf: URL(fileURLWithPath: dir + "/\(name).csv"))
            let kept = try Data(contentsOf: URL(fileURLWithPath: Self.study + "/\(name).csv"))
            #expect(made == kept, "\(name).csv")
        }
        let refused = try runReadout(["synth", "--phase", "1", "--criteria", "irecist", "--out", dir])
        #expect(refused.status != 0 && refused.stderr.contains("--phase 2"))
    }

    /// Every iRECIST result counts under iRECIST; under RECIST 1.1 every one of them is an error at
    /// its row, and none is counted — never read as something else.
    @Test func theCriteriaDecideWhichResultsAreRead() throws {
        let load = try StudyLoader.load(folder: Self.study)
        #expect(!load.problems.hasErrors, "\(load.problems.problems.prefix(3))")
        var options = ResponseOptions()
        options.criteria = .irecist
        let irecist = ResponseEngine(options: options).run(load.study)
        #expect(irecist.problems.problems.isEmpty, "\(irecist.problems.problems.prefix(3))")
        let rs = load.study["RS"]!
        let counted = irecist.subjects.map(\.counted.count).reduce(0, +)
        let recist = ResponseEngine().run(load.study)
        let unreadable = recist.problems.problems.filter { $0.code == "response-unreadable" }
        let notNE = (0..<rs.recordCount).filter { rs.string($0, "RSSTRESC") != "NE" }.count
        #expect(recist.problems.count(.error) == notNE && unreadable.count == min(notNE, 200))
        #expect(unreadable.first?.expected == "a RECIST 1.1 response" && unreadable.first?.location != nil)
        #expect(recist.subjects.allSatisfy { $0.counted.allSatisfy { $0.response == .ne } })
        #expect(counted > 0)
    }

    /// The pattern the example was written to show: an iUPD reset by a later iSD or iPR (a
    /// pseudo-progression) makes iBOR iSD or better, where RECIST 1.1 would have stopped at PD.
    @Test func pseudoProgressionIsNotProgression() throws {
        let load = try StudyLoader.load(folder: Self.study)
        var options = ResponseOptions()
        options.criteria = .irecist
        let subjects = ResponseEngine(options: options).run(load.study).subjects
        let pseudo = subjects.filter { s in
            guard let u = s.counted.firstIndex(where: { $0.response == .unconfirmedPD }) else { return false }
            return s.counted[(u + 1)...].first { $0.response != .ne }?.response.isStableOrBetter == true
        }
        #expect(!pseudo.isEmpty)
        for s in pseudo {
            #expect(s.bestResponse.isStableOrBetter, "\(s.subject): \(s.bestResponseDetail)")
            // Progression, when it came, is dated after the reset, at the iUPD the iCPD confirmed.
            if let pfs = s.progressionFree, pfs.event, pfs.reason == "PD" {
                let date = pfs.end
                let reset = s.counted.lastIndex { $0.date < date && $0.response.isStableOrBetter }!
                #expect(s.counted[(reset + 1)...].first?.date == date && s.counted.contains { $0.date == date })
            }
        }
    }

    /// The spec's criteria through the whole readout: tables, RTF, explanations, ADRS and ADTTE.
    @Test func theReadoutIsIRECISTsThroughout() throws {
        let output = try ReadoutRunner.run(specPath: repositoryRoot + "/examples/irecist/readout.yaml")
        #expect(output.responseOptions.criteria == .irecist && output.result.criteria == .irecist)
        let tables = AnalysisResults.tables(output.result)
        let response = tables.first { $0.name == "response" }!
        let header = response.table.header
        #expect(header.contains("iCPD") && header.contains("iUPD") && !header.contains("PD"))
        let rtf = SubmissionTables.response(output.result)
        #expect(rtf.title.contains("iRECIST") && rtf.rows.contains { $0[0] == "  iCPD" })
        let adam = output.adam
        let paramcd = Set(adam.adrs.distinct("PARAMCD"))
        #expect(paramcd == ["OVR", "IBOR", "ICBOR", "IRSP", "ICRSP"])
        let labels = Set(ResponseCriteriaKind.irecist.categories + ["MISSING", "Y", "N"])
        #expect(Set(adam.adrs.distinct("AVALC")).isSubset(of: labels))
        #expect(adam.adrs.distinct("PARCAT3") == ["iRECIST"])
        #expect(Set(adam.adtte.distinct("PARAMCD")).isSuperset(of: ["IPFS", "OS"]))
        let explanations = adam.adrs.distinct("EXPLAN").joined(separator: "\n")
        #expect(explanations.contains("confirmed by iCPD") && !explanations.contains(" PD on"))
    }

    /// `unconfirmed_progression: event` in a spec adds, to the IPFS events, exactly the subjects
    /// whose counted assessments end in iUPD (or NE) with an iUPD and no iCPD, and who did not die.
    @Test func unconfirmedProgressionReachesTheTimeToEvent() throws {
        let dir = temporaryFolder("irecist")
        let spec = try String(contentsOfFile: repositoryRoot + "/examples/irecist/readout.yaml", encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/data", withDestinationPath: Self.study)
        write(
            spec.replacingOccurrences(of: "unconfirmed_progression: censored", with: "unconfirmed_progression: event"),
            to: dir + "/readout.yaml")
        let censored = try ReadoutRunner.run(specPath: repositoryRoot + "/examples/irecist/readout.yaml")
        let event = try ReadoutRunner.run(specPath: dir + "/readout.yaml")
        func events(_ o: ReadoutRunner.Output) -> Int {
            let t = o.adam.adtte
            return (0..<t.recordCount).filter { t.string($0, "PARAMCD") == "IPFS" && t.string($0, "CNSR") == "0" }
                .count
        }
        let subjects = censored.result.populations.first { $0.name == "enrolled" }!.subjects
        var options = ResponseOptions()
        options.criteria = .irecist
        let derived = ResponseEngine(options: options).run(censored.load.study).subjects
        let trailing = derived.filter { s in
            guard s.facts.death == nil, !s.counted.contains(where: { $0.response == .pd }) else { return false }
            let tail = s.counted.reversed().prefix { $0.response == .unconfirmedPD || $0.response == .ne }
            return tail.contains { $0.response == .unconfirmedPD }
        }
        #expect(!trailing.isEmpty && subjects.count == derived.count)
        #expect(events(event) == events(censored) + trailing.count)
        let t = event.adam.adtte
        #expect((0..<t.recordCount).contains { t.string($0, "EVNTDESC") == "UNCONFIRMED PD" })
    }

    /// A study recording each assessment by RECIST 1.1 and by iRECIST (RSCAT tells them apart):
    /// `--rs-category` chooses, the other category's records are counted as not used, and reading
    /// both together is a warning naming the categories.
    @Test func theRSCategoryChoosesTheCriteriasRecords() throws {
        let dir = temporaryFolder("both")
        for name in ["dm", "ex", "ds"] {
            try FileManager.default.copyItem(atPath: Self.study + "/\(name).csv", toPath: dir + "/\(name).csv")
        }
        let rs = try String(contentsOfFile: Self.study + "/rs.csv", encoding: .utf8)
        var lines = rs.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        let recist = [
            "iCR": "CR", "iPR": "PR", "iSD": "SD", "NON-iCR/NON-iUPD": "NON-CR/NON-PD", "iUPD": "PD", "iCPD": "PD",
        ]
        var both = [header]
        for (k, line) in lines.enumerated() {
            both.append(line)
            var f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f[3] = String(1000 + k)
            f[6] = "RECIST 1.1"
            f[7] = recist[f[7]] ?? f[7]
            f[8] = recist[f[8]] ?? f[8]
            both.append(f.joined(separator: ","))
        }
        write(both.joined(separator: "\n") + "\n", to: dir + "/rs.csv")
        let load = try StudyLoader.load(folder: dir)
        var options = ResponseOptions()
        options.criteria = .irecist
        let alone = ResponseEngine(options: options).run(try StudyLoader.load(folder: Self.study).study)
        options.category = "irecist"
        let chosen = ResponseEngine(options: options).run(load.study)
        #expect(chosen.subjects == alone.subjects && chosen.problems.problems.isEmpty)
        #expect(chosen.otherCategoryRecords == lines.count)
        var r = ResponseOptions()
        r.category = "RECIST 1.1"
        let byRECIST = ResponseEngine(options: r).run(load.study)
        #expect(byRECIST.problems.problems.isEmpty && byRECIST.otherCategoryRecords == lines.count)
        // RECIST 1.1 stops at the first PD, the iUPD that iRECIST goes on from.
        let pseudo = zip(alone.subjects, byRECIST.subjects).filter {
            $0.0.bestResponse.isStableOrBetter && $0.1.bestResponse == .pd
        }
        #expect(!pseudo.isEmpty)
        let mixed = ResponseEngine(options: ResponseOptions()).run(load.study).problems.problems
        #expect(mixed.contains { $0.code == "response-categories-mixed" && $0.value == "iRECIST, RECIST 1.1" })
        var absent = ResponseOptions()
        absent.category = "CA125"
        let none = ResponseEngine(options: absent).run(load.study).problems.problems
        #expect(none.contains { $0.code == "response-category-absent" && $0.severity == .error })
        let text = try runReadout(["responses", dir, "--criteria", "irecist", "--rs-category", "iRECIST"])
        #expect(text.stdout.contains("\(lines.count) overall-response records of other categories than \"iRECIST\""))
    }

    /// The responses document names the criteria it was derived by, and uses their codes.
    @Test func theResponsesDocumentSaysIRECIST() throws {
        let r = try runReadout(["responses", Self.study, "--criteria", "irecist", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONNode.parse(r.stdout)
        #expect(doc["criteria"]?.stringValue == "iRECIST")
        #expect(doc["options"]?["criteria"]?.stringValue == "irecist")
        #expect(doc["subjects"]?[0]?["BOR"]?["PARAMCD"]?.stringValue == "IBOR")
        #expect(doc["subjects"]?[0]?["PFS"]?["PARAMCD"]?.stringValue == "IPFS")
        let text = try runReadout(["responses", Self.study, "--criteria", "irecist"])
        #expect(text.stdout.contains("(iRECIST; rules: docs/response-rules.md)"))
        #expect(text.stdout.contains("Responders (iCR or iPR)"))
    }

    /// Computed responses are RECIST 1.1's: asking for them under iRECIST is refused, on the
    /// command line and in a spec.
    @Test func computedResponsesUnderIRECISTAreRefused() throws {
        let r = try runReadout([
            "responses", repositoryRoot + "/examples/phase2/data", "--cutoff", "2008-08-29", "--computed",
            "--criteria", "irecist",
        ])
        #expect(r.status == 2 && r.stderr.contains("--computed derives visit responses from lesion data by RECIST 1.1"))
        let dir = temporaryFolder("irecist")
        write(
            "title: t\nstudy: data\ncutoff: 2008-08-29\nresponses:\n  source: computed\n  criteria: irecist\n",
            to: dir + "/s.yaml")
        #expect(throws: ReadoutError.self) { try AnalysisSpec.load(path: dir + "/s.yaml") }
        do {
            _ = try AnalysisSpec.load(path: dir + "/s.yaml")
        } catch let e as ReadoutError {
            #expect(e.problem.code == "spec-invalid" && e.problem.message.contains("not irecist"))
        }
    }
}

/// The response rules reach the conducts and the disclosure check that derive responses.
@Suite struct ResponseRulesInConductTests {
    func responses(_ extra: [String]) throws -> Double {
        let r = try runReadout(
            [
                "escalate", repositoryRoot + "/examples/phase1/data", "--design", "boin12", "--target", "0.3",
                "--efficacy-lowest", "0.2", "--format", "json",
            ] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let rows) = try JSONNode.parse(r.stdout)["rows"] else { return -1 }
        return rows.reduce(0) { sum, row in if case .number(let n)? = row["responses"] { sum + n } else { sum } }
    }

    /// BOIN12's efficacy comes from the response engine under the command's rules: iRECIST reads
    /// none of the phase I study's RECIST 1.1 results, and a longer confirmation window confirms fewer.
    @Test func boin12EfficacyFollowsTheResponseRules() throws {
        let recist = try responses([])
        #expect(recist > 0)
        #expect(try responses(["--criteria", "irecist"]) == 0)
        #expect(try responses(["--confirmation-days", "120"]) < recist)
    }

    /// check-text --escalation takes the response rules too (its figures come from the same conduct).
    @Test func checkTextTakesTheResponseRules() throws {
        let seed = repositoryRoot + "/Tests/Fixtures/seeds/002_9bb2c1103b6cb742.txt"
        let study = repositoryRoot + "/examples/phase1/data"
        let base = try runReadout(["check-text", seed, "--escalation", study, "--format", "json"])
        let other = try runReadout(
            ["check-text", seed, "--escalation", study, "--criteria", "irecist", "--format", "json"])
        #expect(base.stdout != other.stdout && !other.stdout.isEmpty)
    }
}

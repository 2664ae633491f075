import Foundation
import ReadoutCore
import ReadoutData
import ReadoutTestSupport
import Testing

/// Every `--format json` output of the bundled studies meets its JSON Schema (docs/schema/), and the
/// schemas themselves catch what they promise to catch.
@Suite(.temporaryFolders) struct ContractSchemaTests {
    static let validator = Result { try SchemaValidator(folder: repositoryRoot + "/docs/schema") }

    /// The commands of Tests/Fixtures/contract/commands.txt: the schema and the arguments.
    static let commands: [(schema: String, args: [String])] = {
        let text = (try? String(contentsOfFile: fixture("contract/commands.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line in
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map {
                $0.replacingOccurrences(of: "{root}", with: repositoryRoot)
            }
            return (words[0], Array(words.dropFirst()))
        }
    }()

    func expectValid(_ text: String, _ schema: String, _ what: String) throws {
        let node = try JSONNode.parse(text, file: what)
        let errors = try Self.validator.get().validate(node, against: "urn:readout:schema:\(schema):1")
        #expect(errors.isEmpty, "\(what): \(errors.prefix(10).joined(separator: "\n"))")
        #expect(node["document"]?.stringValue == schema && node["schemaVersion"]?.stringValue == "1.0")
    }

    @Test func everyCommandsJSONMeetsItsSchema() throws {
        #expect(Self.commands.count >= 15)
        for (schema, args) in Self.commands {
            let r = try runReadout(args, cwd: repositoryRoot)
            #expect([0, 1, 2].contains(r.status), "\(args): \(r.stderr)")
            try expectValid(r.stdout, schema, args.joined(separator: " "))
        }
    }

    /// The report of each bundled study: RECIST 1.1's phase II and iRECIST's immunotherapy study.
    @Test(arguments: ["examples/phase2/readout.yaml", "examples/irecist/readout.yaml"])
    func reportFilesMeetTheirSchemas(spec: String) throws {
        let out = temporaryFolder("contract")
        let r = try runReadout(["report", spec, "--out", out], cwd: repositoryRoot)
        #expect(r.status == 0, "\(r.stderr)")
        for (file, schema) in [
            ("readout.json", "readout"), ("ard.json", "ard"), ("reporting-event.json", "reporting-event"),
        ] {
            try expectValid(try String(contentsOfFile: out + "/" + file, encoding: .utf8), schema, spec + ": " + file)
        }
    }

    @Test func dataErrorsAreProblemsOfTheDocument() throws {
        let dir = temporaryFolder("contract")
        write("USUBJID,RFSTDTC\nS-1,2008-13-01\nS-2,2008-01-01\n", to: dir + "/dm.csv")
        let v = try runReadout(["validate", dir, "--format", "json"])
        try expectValid(v.stdout, "validate", "validate")
        let r = try runReadout(["responses", dir, "--cutoff", "2008-08-29", "--format", "json"])
        try expectValid(r.stdout, "responses", "responses")
        // The problems of reading are in the responses document too (they used to be left out).
        let problems = try JSONNode.parse(r.stdout)["problems"]
        #expect(problems?["errors"] == .number(1))
        #expect(problems?["items"].map { "\($0)".contains("not-iso8601") } == true)
    }

    /// Every member every schema defines is documented in docs/results-contract.md.
    @Test func everyFieldIsDocumented() throws {
        let page = try String(contentsOfFile: repositoryRoot + "/docs/results-contract.md", encoding: .utf8)
        let folder = repositoryRoot + "/docs/schema"
        var missing: [String] = []
        func walk(_ node: JSONNode, _ file: String) {
            switch node {
            case .object(let members):
                for (key, value) in members {
                    if key == "properties", case .object(let fields) = value {
                        for (name, _) in fields where !page.contains("`\(name)`") { missing.append("\(file): \(name)") }
                    }
                    walk(value, file)
                }
            case .array(let items): for item in items { walk(item, file) }
            default: break
            }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".schema.json") }
        #expect(files.count >= 13)
        for file in files {
            walk(try JSONNode.parse(try String(contentsOfFile: folder + "/" + file, encoding: .utf8)), file)
        }
        #expect(missing.isEmpty, "undocumented: \(missing.sorted().joined(separator: ", "))")
    }

    /// The schemas are not vacuous: a wrong type, a missing member, an unknown member, an internal
    /// day number in place of a date and an integer response code are all refused.
    @Test func schemasRefuseWhatTheContractForbids() throws {
        let r = try runReadout(
            ["responses", "examples/phase2/data", "--cutoff", "2008-08-29", "--format", "json"], cwd: repositoryRoot)
        let good = r.stdout
        let v = try Self.validator.get()
        func errors(_ text: String) throws -> [String] {
            try v.validate(try JSONNode.parse(text), against: "urn:readout:schema:responses:1")
        }
        #expect(try errors(good).isEmpty)
        let broken = [
            good.replacingOccurrences(of: "\"cutoff\": \"2008-08-29\"", with: "\"cutoff\": 17773"),
            good.replacingOccurrences(of: "\"AVALC\": \"PR\"", with: "\"AVALC\": 1"),
            good.replacingOccurrences(of: "\"TRTSDT\": \"2007-07-02\"", with: "\"TRTSDT\": \"2007-02-30\""),
            good.replacingOccurrences(of: "\"schemaVersion\": \"1.0\",", with: ""),
            good.replacingOccurrences(
                of: "\"criteria\": \"RECIST 1.1\",", with: "\"criteria\": \"RECIST 1.1\", \"x\": 1,"),
        ]
        for (k, text) in broken.enumerated() {
            #expect(text != good, "case \(k) changed nothing")
            #expect(try !errors(text).isEmpty, "case \(k) was accepted")
        }
    }
}

/// `readout simulate` on a drug-combination file: the tables, the same output on one thread and
/// two, every problem of a bad file at once, and the one-drug options it does not take refused.
@Suite(.temporaryFolders) struct CombinationCommandTests {
    @Test func aCombinationFileIsSimulated() throws {
        let file = repositoryRoot + "/examples/simulation/combination.yaml"
        let one = try runReadout(["simulate", file, "--trials", "300", "--threads", "1"])
        let two = try runReadout(["simulate", file, "--trials", "300", "--threads", "2"])
        #expect(one.status == 0 && one.stdout == two.stdout, "\(one.stderr)")
        #expect(one.stdout.contains("Selected as the MTD (% of trials)") && one.stdout.contains("Scenario diagonal"))
        let md = try runReadout(["simulate", file, "--trials", "50", "--format", "markdown"])
        #expect(md.stdout.contains("| Drug A \\ B | B1 |"))
        for extra in [["--exact"], ["--format", "csv"], ["--shard", "1/2"], ["--figures", temporaryFolder("f")]] {
            let r = try runReadout(["simulate", file, "--trials", "10"] + extra)
            #expect(r.status == 64 && r.stderr.contains("not for drug-combination files"), "\(extra): \(r.stderr)")
        }
        let dir = temporaryFolder("bad")
        write(
            """
            combination: {design: waterfall, target: 0.9, cohorts: 0, start: [4, 1], colour: red}
            scenarios:
              - {name: tall, truth: [[0.1], [0.2]]}
              - {name: ragged, truth: [[0.1, 0.2], [0.3]]}
            """, to: dir + "/bad.yaml")
        let bad = try runReadout(["simulate", dir + "/bad.yaml"])
        #expect(bad.status == 2, "\(bad)")
        for needle in [
            "unknown key", "combination.design", "combination.target", "combination.cohorts", "drug A has more levels",
            "not a grid", "combination.start",
        ] {
            #expect(bad.stderr.contains(needle), "\(needle): \(bad.stderr)")
        }
    }
}

/// `readout simulate` on a phase I/II file: the design tables and scenarios, the same output on one
/// thread and two, every problem of a bad file at once, and the one-drug options refused.
@Suite(.temporaryFolders) struct OptimalDoseCommandTests {
    @Test func aPhaseOneTwoFileIsSimulated() throws {
        let file = repositoryRoot + "/examples/simulation/optimal-dose.yaml"
        let one = try runReadout(["simulate", file, "--trials", "300", "--threads", "1"])
        let two = try runReadout(["simulate", file, "--trials", "300", "--threads", "2"])
        #expect(one.status == 0 && one.stdout == two.stdout, "\(one.stderr)")
        for needle in [
            "Eliminate if responses ≤", "Rank-based desirability score", "Selected as the OBD (%)",
            "Scenario efficacy peak", "true OBD dose 2",
        ] {
            #expect(one.stdout.contains(needle), "\(needle)")
        }
        let md = try runReadout(["simulate", file, "--trials", "50", "--format", "markdown"])
        #expect(md.stdout.contains("| Dose | 1 | 2 | 3 | 4 | 5 |") && md.stdout.contains("## efficacy plateau"))
        for extra in [["--exact"], ["--format", "csv"], ["--shard", "1/2"], ["--out-dir", temporaryFolder("o")]] {
            let r = try runReadout(["simulate", file, "--trials", "10"] + extra)
            #expect(r.status == 64 && r.stderr.contains("not for phase I/II files"), "\(extra): \(r.stderr)")
        }
        let dir = temporaryFolder("bad")
        write(
            """
            optimal-dose: {design: boin12, toxicity_target: 0.35, efficacy_lowest: 1.5, cohorts: 4, start: 9,
              utilities: {neither: 140}}
            scenarios:
              - {name: short, toxicity: [0.1, 0.2], efficacy: [0.3], correlation: 1}
            """, to: dir + "/bad.yaml")
        let bad = try runReadout(["simulate", dir + "/bad.yaml"])
        #expect(bad.status == 2, "\(bad)")
        for needle in [
            "optimal-dose.efficacy_lowest", "optimal-dose.start", "optimal-dose.utilities.neither",
            "toxicity and efficacy need one probability per dose", "scenarios[1].correlation",
        ] {
            #expect(bad.stderr.contains(needle), "\(needle): \(bad.stderr)")
        }
    }
}

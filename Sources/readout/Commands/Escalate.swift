import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutData
import ReadoutEscalation
import ReadoutResponse

/// `readout escalate`: a design's decision table, a decision, pathways, or a conduct from data.
struct Escalate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Dose-escalation designs: print a design's decision table as a protocol shows it, or the decision for "
            + "given data.",
        discussion: """
            Designs: 3+3 (variants A, B, C), BOIN, Keyboard, mTPI-2, CRM (empiric or logistic), BLRM with EWOC. \
            Formulas and options: docs/escalation.md. Examples: readout escalate --design boin --target 0.3 --table; \
            readout escalate --design boin --target 0.3 --treated 3,6,3 --dlts 0,1,2 --current 2
            """
    )

    @Argument(help: "A phase I study folder: conduct the escalation from its data.") var studyDir: String?
    @Option(help: ArgumentHelp("Data cut-off (YYYY-MM-DD).", valueName: "date"), transform: completeDate)
    var cutoff: CalendarDate?
    @OptionGroup(title: "Data rules") var rules: DataRuleOptions
    @Option(help: "Days of the DLT window from the first dose.") var windowDays: Int = 21
    @Option(help: "AE variable (or SUPPAE QNAM) flagging a DLT with Y.") var dltFlag: String = "AEDLT"
    @Option(help: ArgumentHelp("With a study: write the phase I figures (SVG) to this folder.", valueName: "dir"))
    var figures: String?
    @OptionGroup(title: "Design (default BOIN)") var design: DesignOptions
    @OptionGroup(title: "BOIN12 (--design boin12)") var boin12: BOIN12Options
    @OptionGroup(title: "Response rules of a study's conduct (responses, and BOIN12's efficacy)")
    var responseRules: ResponseRuleOptions
    @Flag(help: "Print the decision table.") var table = false
    @Option(help: "Largest number of patients at a dose in the table.") var maxTreated: Int = 12
    @Option(help: "Output format: text, markdown or csv (decision tables), or json (every output).") var format:
        DecisionTable.Format = .text
    @Option(help: "Patients treated per dose level, comma-separated.", transform: wholeNumbers) var treated: [Int]?
    @Option(help: "DLTs per dose level, comma-separated.", transform: wholeNumbers) var dlts: [Int]?
    @Option(help: "BOIN12: responses per dose level, comma-separated.", transform: wholeNumbers) var responses: [Int]?
    @Option(help: "BOIN12: patients with both a toxicity and a response per dose level.", transform: wholeNumbers)
    var both: [Int]?
    @Option(help: "BOIN12 from a study: efficacy is a confirmed CR or PR, or the best overall response's.")
    var efficacy: OptimalDoseConduct.Efficacy = .confirmed
    @Flag(help: "With a study: two drugs given together, conducted by BOIN for combinations on their dose grid.")
    var combination = false
    @Option(help: "With --combination: the two treatments (EXTRT), comma-separated (default the two most given).")
    var drugs: String?
    @Option(help: "Current dose level (1-based).") var current: Int?
    @Option(
        help: ArgumentHelp(
            "Print the dose-transition pathways of the next N cohorts (from --treated/--dlts, or from an empty "
                + "trial at level 1).")
    )
    var pathways: Int?
    @Option(help: "Cohort size for --pathways and for BOIN12 (its tables and conduct).") var cohortSize: Int = 3
    @Option(help: "Number of dose levels for --pathways without data.") var doseLevels: Int = 5

    func validate() throws {
        guard design.target > 0 && design.target < 1 else { throw ValidationError("--target must be between 0 and 1") }
        guard design.priorVariance > 0 else { throw ValidationError("--prior-variance must be positive") }
        if let s = design.safetyStop, !(s > 0 && s < 1) {
            throw ValidationError("--safety-stop must be a probability between 0 and 1")
        }
        if let k = pathways, !(1...6).contains(k) { throw ValidationError("--pathways takes 1 to 6 cohorts") }
        // The design's parameters are arguments: their problems are reported with the usage (a
        // decision table's content is checked when the command runs).
        if design.design == .boin12 {
            _ = try boin12.build(target: design.target)
        } else {
            do { _ = try design.build(fallback: .boin) } catch is ReadoutError {}
        }
        if combination {
            guard studyDir != nil else { throw ValidationError("--combination conducts a study: give its folder") }
            guard design.design == nil || design.design == .boin else {
                throw ValidationError("--combination conducts BOIN for combinations: --design boin (the default)")
            }
            if table || pathways != nil || treated != nil {
                throw ValidationError(
                    "--combination conducts a study; --table, --pathways and --treated are not for it")
            }
        } else if drugs != nil {
            throw ValidationError("--drugs is for --combination")
        }
        // The BOIN12 counts are for BOIN12 only: given to another design they would be ignored.
        if design.design != .boin12, responses != nil || both != nil {
            throw ValidationError("--responses and --both are for --design boin12")
        }
    }

    func run() throws {
        if combination { return try conductCombination() }
        if design.design == .boin12 { return try runBOIN12(try boin12.build(target: design.target)) }
        let d = try design.build(fallback: .boin)
        if let dir = studyDir { return try conduct(d, folder: dir) }
        if let k = pathways { return try printPathways(d, cohorts: k) }
        if table || treated == nil { return try printTable(d) }
        try printDecision(d)
    }

    func conduct(_ d: any EscalationDesign, folder: String) throws {
        let load = try StudyLoader.load(
            folder: folder, options: StudyLoadOptions(cutoff: cutoff, rules: rules.dataRules))
        var o = EscalationConduct.Options()
        o.windowDays = windowDays
        o.dltFlag = dltFlag
        o.asOf = cutoff
        let result = try EscalationConduct.run(
            study: load.study, design: d, options: o,
            responses: ResponseEngine(options: responseRules.responseOptions).run(load.study))
        print(
            format == .json ? EscalationContract.conduct(result) : EscalationConduct.text(result), terminator: "")
        guard let dir = figures else { return }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for f in EscalationConduct.figures(result) {
            try f.svg.write(toFile: dir + "/\(f.name).svg", atomically: true, encoding: .utf8)
        }
        if format != .json { print("Figures written to \(dir)") }
    }

    func printPathways(_ d: any EscalationDesign, cohorts: Int) throws {
        let n = treated ?? Array(repeating: 0, count: doseLevels)
        let y = dlts ?? Array(repeating: 0, count: n.count)
        guard n.count == y.count, !n.isEmpty else {
            throw ValidationError("--treated and --dlts need one number per dose level")
        }
        let cur = (current ?? 1) - 1
        guard cur >= 0 && cur < n.count else {
            throw ValidationError("--current must be a dose level from 1 to \(n.count)")
        }
        if format == .json {
            throw ValidationError("--pathways prints text only; --format json is for tables, decisions and conducts")
        }
        let paths = Pathways.enumerate(
            design: d, data: DoseData(treated: n, dlts: y), current: cur, cohorts: cohorts,
            cohortSize: cohortSize)
        print(Pathways.text(paths, labels: (1...n.count).map { "level \($0)" }, cohortSize: cohortSize), terminator: "")
    }

    func printTable(_ d: any EscalationDesign) throws {
        if d is BLRM {
            throw ValidationError(
                "BLRM decisions depend on the data at every dose, so there is no single-dose decision table; "
                    + "give --treated and --dlts, or a study folder")
        }
        print(DecisionTable(design: d, maxTreated: maxTreated).render(format), terminator: "")
    }

    func printDecision(_ d: any EscalationDesign) throws {
        let n = treated ?? []
        let y = dlts ?? []
        guard n.count == y.count, !n.isEmpty, zip(n, y).allSatisfy({ $1 >= 0 && $1 <= $0 }) else {
            throw ValidationError(
                "--treated and --dlts need one whole number per dose level, with DLTs no more than treated")
        }
        let data = DoseData(treated: n, dlts: y)
        let cur = (current ?? ((0..<n.count).last { n[$0] > 0 }.map { $0 + 1 } ?? 1)) - 1
        guard cur >= 0 && cur < n.count else {
            throw ValidationError("--current must be a dose level from 1 to \(n.count)")
        }
        if format == .json {
            print(EscalationContract.decision(design: d, data: data, current: cur), terminator: "")
            return
        }
        print(
            "\(d.name) at dose level \(cur + 1) with \(y[cur])/\(n[cur]) DLTs: "
                + "\(d.decide(current: cur, data: data).words)"
        )
        let mtd = d.selectMTD(data: data)
        let estimates = mtd.estimates.enumerated().map {
            "level \($0.offset + 1): " + ($0.element.map { NumberFormat.fixed($0, decimals: 3) } ?? "-")
        }
        print(
            "MTD if the trial ended now: " + (mtd.dose.map { "dose level \($0 + 1)" } ?? "none")
                + " (\(mtd.reason)); estimates: \(estimates.joined(separator: ", "))")
    }
}

extension Escalate {
    /// A two-drug combination study conducted by BOIN for combinations (docs/combinations.md).
    func conductCombination() throws {
        let load = try StudyLoader.load(
            folder: studyDir!, options: StudyLoadOptions(cutoff: cutoff, rules: rules.dataRules))
        var o = EscalationConduct.Options()
        o.windowDays = windowDays
        o.dltFlag = dltFlag
        o.asOf = cutoff
        o.cohortSize = cohortSize
        let names = drugs.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        if let n = names, n.count != 2 { throw ValidationError("--drugs takes two treatments, such as A,B") }
        let result = try CombinationConduct.run(
            study: load.study, design: CombinationBOIN(target: design.target), drugs: names, options: o)
        print(format == .json ? CombinationConduct.contract(result) : CombinationConduct.text(result), terminator: "")
        guard let dir = figures else { return }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let f = CombinationConduct.figure(result)
        try f.svg.write(toFile: dir + "/\(f.name).svg", atomically: true, encoding: .utf8)
        if format != .json { print("Figures written to \(dir)") }
    }

    /// BOIN12 (docs/optimal-dose.md): a conduct from a study, the decision for given counts, or the
    /// design's tables; pathways are for the toxicity designs.
    func runBOIN12(_ d: BOIN12) throws {
        if pathways != nil { throw ValidationError("--pathways is for the toxicity designs, not BOIN12") }
        if let dir = studyDir {
            let load = try StudyLoader.load(
                folder: dir, options: StudyLoadOptions(cutoff: cutoff, rules: rules.dataRules))
            var o = EscalationConduct.Options()
            o.windowDays = windowDays
            o.dltFlag = dltFlag
            o.asOf = cutoff
            o.cohortSize = cohortSize
            let result = try OptimalDoseConduct.run(
                study: load.study, design: d, efficacy: efficacy, options: o,
                responses: ResponseEngine(options: responseRules.responseOptions).run(load.study))
            if figures != nil {
                throw ValidationError("--figures is for the toxicity designs' conduct, not BOIN12 yet")
            }
            print(
                format == .json ? OptimalDoseConduct.contract(result) : OptimalDoseConduct.text(result), terminator: "")
            return
        }
        guard format == .text || format == .markdown else {
            throw ValidationError("BOIN12's tables and decisions print as text or markdown; json is for its conduct")
        }
        guard let n = treated, !table else {
            let sizes = Array(stride(from: cohortSize, through: maxTreated, by: cohortSize))
            print(
                BOIN12Tables.render(
                    d, boundarySizes: sizes, desirabilitySizes: [0] + sizes.dropLast(), markdown: format == .markdown),
                terminator: "")
            return
        }
        let t = dlts ?? []
        let r = responses ?? []
        let b = both ?? Array(repeating: 0, count: n.count)
        guard [t.count, r.count, b.count].allSatisfy({ $0 == n.count }), !n.isEmpty,
            n.indices.allSatisfy({
                t[$0] >= 0 && r[$0] >= 0 && b[$0] >= 0 && t[$0] <= n[$0] && r[$0] <= n[$0]
                    && b[$0] <= min(t[$0], r[$0]) && t[$0] + r[$0] - b[$0] <= n[$0]
            })
        else {
            throw ValidationError(
                "--treated, --dlts, --responses (and --both) need one whole number per dose level, with toxicities "
                    + "and responses no more than treated and both no more than either")
        }
        if !d.utilities.additive && both == nil {
            throw ValidationError("these utilities are not additive: give --both, the patients with both outcomes")
        }
        let data = ToxicityEfficacyData(treated: n, toxicities: t, responses: r, both: b)
        let cur = (current ?? ((0..<n.count).last { n[$0] > 0 }.map { $0 + 1 } ?? 1)) - 1
        guard cur >= 0 && cur < n.count else {
            throw ValidationError("--current must be a dose level from 1 to \(n.count)")
        }
        var eliminated = Array(repeating: false, count: n.count)
        for k in 0..<n.count {
            if let e = d.toxicityEliminationBoundary(patients: n[k]), t[k] >= e {
                for j in k..<n.count { eliminated[j] = true }
            }
            if let f = d.futilityBoundary(patients: n[k]), r[k] <= f { eliminated[k] = true }
        }
        let decision = d.decide(
            current: cur, data: data, eliminated: &eliminated, desirability: { d.desirability(dose: $0, data: data) },
            tieBreak: { 0 })
        print(
            "BOIN12 at dose level \(cur + 1) with \(t[cur]) \(t[cur] == 1 ? "toxicity" : "toxicities") and "
                + "\(r[cur]) \(r[cur] == 1 ? "response" : "responses") of \(n[cur]): " + decision.sentence)
        let s = d.selectOBD(data: data, eliminated: eliminated)
        print(
            "OBD if the trial ended now: " + (s.obd.map { "dose level \($0 + 1)" } ?? "none")
                + " (estimated MTD: dose level \(s.estimatedMTD + 1)); utilities: "
                + s.utilityEstimates.enumerated().map {
                    "level \($0.offset + 1): " + ($0.element.map { NumberFormat.fixed($0, decimals: 1) } ?? "-")
                }.joined(separator: ", "))
    }
}

extension DecisionTable.Format: ExpressibleByArgument {}

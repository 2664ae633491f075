import ArgumentParser
import Foundation
import ReadoutEscalation
import ReadoutCore
import ReadoutData
import ReadoutResponse

enum DesignName: String, ExpressibleByArgument, CaseIterable {
    case threePlusThree = "3+3", boin, keyboard, mtpi2 = "mtpi-2", crm, blrm, table
}

enum TableFormat: String, ExpressibleByArgument, CaseIterable { case text, markdown, csv }

struct Escalate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Dose-escalation designs: print a design's decision table as a protocol shows it, or the decision for given data.",
        discussion: """
        Designs: 3+3 (variants A, B, C), BOIN, Keyboard, mTPI-2, CRM (empiric or logistic), BLRM with EWOC. Formulas and options: docs/escalation.md. \
        Examples: readout escalate --design boin --target 0.3 --table; readout escalate --design boin --target 0.3 --treated 3,6,3 --dlts 0,1,2 --current 2
        """
    )

    @Argument(help: "A phase I study folder: conduct the escalation from its data.") var studyDir: String?
    @Option(help: ArgumentHelp("Data cut-off (YYYY-MM-DD).", valueName: "date")) var cutoff: String?
    @Option(help: "Days of the DLT window from the first dose.") var windowDays: Int = 21
    @Option(help: "AE variable (or SUPPAE QNAM) flagging a DLT with Y.") var dltFlag: String = "AEDLT"
    @Option(help: ArgumentHelp("With a study: write the phase I figures (SVG) to this folder.", valueName: "dir")) var figures: String?
    @Option(help: "Design: 3+3, boin, keyboard, mtpi-2, crm, blrm or table (a decision table of your own).") var design: DesignName = .boin
    @Option(help: "Target DLT rate.") var target: Double = 0.3
    @Option(help: "3+3 variant: A, B or C.") var variant: String = "A"
    @Option(help: "CRM skeleton, comma-separated.") var skeleton: String?
    @Option(help: "CRM model: empiric or logistic.") var model: String = "empiric"
    @Option(help: "CRM without --skeleton: half-width of the indifference interval.") var halfWidth: Double = 0.05
    @Option(help: "CRM without --skeleton: the prior guess of the MTD (1-based level).") var priorMtd: Int?
    @Option(help: "CRM without --skeleton: number of dose levels.") var levels: Int?
    @Option(help: "Design 'table': a CSV of treated,dlts,decision (E, S, D, DU, STOP, X).") var decisionTable: String?
    @Option(help: "BLRM: the doses, comma-separated (same units as --reference-dose).") var doses: String?
    @Option(help: "BLRM: the reference dose d*.") var referenceDose: Double?
    @Option(help: "BLRM: prior means of log α and log β, comma-separated.") var priorMean: String = "0,0"
    @Option(help: "BLRM: prior standard deviations of log α and log β, comma-separated.") var priorSd: String = "2,1"
    @Option(help: "CRM: prior variance of β (1.34 as dfcrm).") var priorVariance: Double = 1.34
    @Option(help: "CRM: stop (and recommend no dose) when P(DLT rate at the lowest dose > target) exceeds this.") var safetyStop: Double?
    @Option(help: "BOIN, Keyboard, mTPI-2: isotonic MTD selection weights, inverse-variance (as the R packages) or patients.") var selectionWeights: String = "inverse-variance"
    @Flag(help: "Print the decision table.") var table = false
    @Option(help: "Largest number of patients at a dose in the table.") var maxTreated: Int = 12
    @Option(help: "Table format: text, markdown or csv.") var format: TableFormat = .text
    @Option(help: "Patients treated per dose level, comma-separated.") var treated: String?
    @Option(help: "DLTs per dose level, comma-separated.") var dlts: String?
    @Option(help: "Current dose level (1-based).") var current: Int?
    @Option(help: "Print the dose-transition pathways of the next N cohorts (from --treated/--dlts, or from an empty trial at level 1).") var pathways: Int?
    @Option(help: "Cohort size for --pathways.") var cohortSize: Int = 3
    @Option(help: "Number of dose levels for --pathways without data.") var doseLevels: Int = 5

    func makeDesign() throws -> any EscalationDesign {
        switch design {
        case .threePlusThree:
            guard let v = ThreePlusThree.Variant(rawValue: variant.uppercased()) else { throw ValidationError("--variant must be A, B or C") }
            return ThreePlusThree(variant: v)
        case .boin: var b = BOIN(target: target); b.selectionWeights = try weights(); return b
        case .keyboard: var k = Keyboard(target: target); k.selectionWeights = try weights(); return k
        case .mtpi2: var k = Keyboard(target: target, label: "mTPI-2"); k.selectionWeights = try weights(); return k
        case .table:
            guard let path = decisionTable, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("--decision-table FILE is required for the 'table' design (a CSV of treated,dlts,decision)")
            }
            do { return try TableDesign.parse(csv: text, target: target) } catch let e as DecisionTableError { throw ValidationError("\(path): \(e)") }
        case .crm where skeleton == nil:
            guard let nu = priorMtd, let k = levels, nu >= 1, nu <= k, halfWidth > 0, halfWidth < target, target + halfWidth < 1 else {
                throw ValidationError("CRM needs --skeleton, or --prior-mtd and --levels (with --half-width) to build one by the indifference-interval method")
            }
            let m: CRM.Model = model == "logistic" ? .logistic : .empiric
            return CRM(target: target, skeleton: Skeleton.indifference(target: target, halfWidth: halfWidth, priorMTD: nu - 1, levels: k, model: m), model: m,
                       sigma: priorVariance.squareRoot(), safetyThreshold: safetyStop)
        case .crm:
            guard let s = skeleton else { throw ValidationError("--skeleton is required for CRM, for example 0.05,0.12,0.25,0.40,0.55") }
            let values = s.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard values.count >= 2, values.allSatisfy({ $0 > 0 && $0 < 1 }), zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw ValidationError("--skeleton must be increasing probabilities between 0 and 1")
            }
            return CRM(target: target, skeleton: values, model: model == "logistic" ? .logistic : .empiric, sigma: priorVariance.squareRoot(), safetyThreshold: safetyStop)
        case .blrm:
            let values = (doses ?? "").split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard values.count >= 2, zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }), values.allSatisfy({ $0 > 0 }) else {
                throw ValidationError("--doses must be increasing positive doses for BLRM, for example 1,2.5,5,10,25")
            }
            let mean = priorMean.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            let sd = priorSd.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard mean.count == 2, sd.count == 2, sd.allSatisfy({ $0 > 0 }) else {
                throw ValidationError("--prior-mean and --prior-sd take two numbers each (log α, log β), for example --prior-mean -0.85,0 --prior-sd 2,1")
            }
            return BLRM(doses: values, referenceDose: referenceDose ?? values.last!, priorMean: (mean[0], mean[1]), priorSD: (sd[0], sd[1]))
        }
    }

    func weights() throws -> IsotonicWeights {
        guard let w = IsotonicWeights(rawValue: selectionWeights) else { throw ValidationError("--selection-weights must be inverse-variance or patients") }
        return w
    }

    func validate() throws {
        guard target > 0 && target < 1 else { throw ValidationError("--target must be between 0 and 1") }
        guard priorVariance > 0 else { throw ValidationError("--prior-variance must be positive") }
        if let s = safetyStop, !(s > 0 && s < 1) { throw ValidationError("--safety-stop must be a probability between 0 and 1") }
    }

    func run() throws {
        let d = try makeDesign()
        if let dir = studyDir {
            var args = [dir]
            if let c = cutoff { args += ["--cutoff", c] }
            let load = try loadStudy(try StudyOptions.parse(args))
            var o = EscalationConduct.Options()
            o.windowDays = windowDays
            o.dltFlag = dltFlag
            o.asOf = cutoff.flatMap { CalendarDate(iso: $0) }
            do {
                let result = try EscalationConduct.run(study: load.study, design: d, options: o, responses: ResponseEngine().run(load.study))
                print(EscalationConduct.text(result), terminator: "")
                if let dir = figures {
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                    for f in EscalationConduct.figures(result) { try f.svg.write(toFile: dir + "/\(f.name).svg", atomically: true, encoding: .utf8) }
                    print("Figures written to \(dir)")
                }
            } catch let e as ReadoutError {
                FileHandle.standardError.write(Data((e.description + "\n").utf8))
                throw ExitCode(2)
            }
            return
        }
        if let k = pathways {
            guard k >= 1 && k <= 6 else { throw ValidationError("--pathways takes 1 to 6 cohorts") }
            let n = treated.map { $0.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } } ?? Array(repeating: 0, count: doseLevels)
            let y = dlts.map { $0.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } } ?? Array(repeating: 0, count: n.count)
            guard n.count == y.count, !n.isEmpty else { throw ValidationError("--treated and --dlts need one number per dose level") }
            let cur = (current ?? 1) - 1
            guard cur >= 0 && cur < n.count else { throw ValidationError("--current must be a dose level from 1 to \(n.count)") }
            let paths = Pathways.enumerate(design: d, data: DoseData(treated: n, dlts: y), current: cur, cohorts: k, cohortSize: cohortSize)
            print(Pathways.text(paths, labels: (1...n.count).map { "level \($0)" }, cohortSize: cohortSize), terminator: "")
            return
        }
        if table || treated == nil {
            if design == .blrm {
                throw ValidationError("BLRM decisions depend on the data at every dose, so there is no single-dose decision table; give --treated and --dlts, or a study folder")
            }
            let t = DecisionTable(design: d, maxTreated: maxTreated)
            print(format == .markdown ? t.markdown() : format == .csv ? t.csv() : t.text(), terminator: "")
            return
        }
        let n = treated!.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let y = (dlts ?? "").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard n.count == y.count, !n.isEmpty, zip(n, y).allSatisfy({ $1 >= 0 && $1 <= $0 }) else {
            throw ValidationError("--treated and --dlts need one whole number per dose level, with DLTs no more than treated")
        }
        let data = DoseData(treated: n, dlts: y)
        let cur = (current ?? ((0..<n.count).last { n[$0] > 0 }.map { $0 + 1 } ?? 1)) - 1
        guard cur >= 0 && cur < n.count else { throw ValidationError("--current must be a dose level from 1 to \(n.count)") }
        let decision = d.decide(current: cur, data: data)
        print("\(d.name) at dose level \(cur + 1) with \(y[cur])/\(n[cur]) DLTs: \(decision.words)")
        let mtd = d.selectMTD(data: data)
        let est = mtd.estimates.enumerated().map { "level \($0.offset + 1): " + ($0.element.map { String(format: "%.3f", $0) } ?? "-") }.joined(separator: ", ")
        print("MTD if the trial ended now: " + (mtd.dose.map { "dose level \($0 + 1)" } ?? "none") + " (\(mtd.reason)); estimates: \(est)")
    }
}

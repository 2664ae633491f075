import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutDisclosure
import ReadoutData
import ReadoutEscalation
import ReadoutResponse
import ReadoutAnalysis
import ReadoutStatistics

/// Options of the response rules, shared by commands that derive responses.
struct ResponseRuleOptions: ParsableArguments {
    @Option(help: "RSEVAL whose assessments count.") var evaluator: String = "INVESTIGATOR"
    @Option(help: "Days after the first dose from which SD counts for best response.") var minimumSdDays: Int = 42
    @Option(help: "Days from a response to its confirmation, at least.") var confirmationDays: Int = 28
    @Option(help: "Days from a response to its confirmation, at most (no limit by default).") var confirmationMaxDays: Int?
    @Flag(help: "Confirmation must come at the next assessment at least the minimum days later.") var confirmAtNextAssessment = false
    @Option(help: "NE assessments allowed between a response and its confirmation.") var maxNeBetween: Int = 1
    @Flag(help: "Apply RECIST 1.1's confirmation table strictly (CR then PR or SD is SD or PD).") var strictRecist = false
    @Flag(help: "Count assessments made on the day of the first dose.") var includeFirstDoseDay = false
    @Flag(help: "Stop counting assessments at the start of new anticancer therapy (CM).") var stopAtNewTherapy = false
    @Option(help: "Weeks of SD or better from the first dose that make SD durable.") var durableSdWeeks: Int = 18
    @Flag(help: "Best response MISSING (not NE) for subjects with no usable assessment.") var noAssessmentMissing = false
    @Flag(help: "Duration of response for all responders, not only confirmed ones.") var dorUnconfirmed = false
    @Option(help: "Start from these rules, then apply the other options: readout or admiralonco (its ADRS template).")
    var preset: RulePreset = .readout
    @Option(help: "Date the SD window and PFS count from: first-dose or randomization (ADSL RANDDT, DS RANDOMIZED).")
    var referenceDate: ReferenceDate?
    @Option(help: "A PR after a CR: confirms (a confirmed PR) or breaks-confirmation (admiralonco).") var prAfterCr: PRAfterCR?
    @Option(help: "SD assessments allowed between a PR and its confirmation (admiralonco's accept_sd: 1).") var maxSdBetween: Int?
    @Option(help: "Several results on one date: ne-worse-than-sd (PD, NE, SD, ...) or ne-least-bad (admiralonco).")
    var sameDateOrder: SameDateOrder?
    @Option(help: "PFS without an event censored at last-adequate (SD or better) or last-assessment (any result).")
    var pfsCensoring: PFSCensoring?
    @Option(help: "Several reads of one date: worst, or accepted (records with RSACPTFL = N are not used).") var readers: ReaderSelection?
    @Flag(help: "Count assessments after the first PD (by default they are not).") var countAfterPd = false

    enum RulePreset: String, ExpressibleByArgument, CaseIterable { case readout, admiralonco }

    var responseOptions: ResponseOptions {
        var o = preset == .admiralonco ? ResponseOptions.admiralonco : ResponseOptions()
        if let v = referenceDate { o.referenceDate = v }
        if let v = prAfterCr { o.prAfterCR = v }
        if let v = maxSdBetween { o.maximumSDBetween = v }
        if let v = sameDateOrder { o.sameDateOrder = v }
        if let v = pfsCensoring { o.pfsCensoring = v }
        if let v = readers { o.readers = v }
        if countAfterPd { o.stopAtFirstPD = false }
        // Options given on the command line override the preset; unset ones keep it.
        if preset == .admiralonco {
            o.evaluator = evaluator
            if minimumSdDays != 42 { o.minimumStableDays = minimumSdDays }
            if confirmationDays != 28 { o.confirmationMinimumDays = confirmationDays }
            if let v = confirmationMaxDays { o.confirmationMaximumDays = v }
            if confirmAtNextAssessment { o.confirmationAtNextAssessment = true }
            if maxNeBetween != 1 { o.maximumNEBetween = maxNeBetween }
            if strictRecist { o.strictRECISTConfirmation = true }
            if stopAtNewTherapy { o.stopAtNewTherapy = true }
            if durableSdWeeks != 18 { o.durableStableWeeks = durableSdWeeks }
            if dorUnconfirmed { o.durationForUnconfirmedResponders = true }
            return o
        }
        o.evaluator = evaluator
        o.minimumStableDays = minimumSdDays
        o.confirmationMinimumDays = confirmationDays
        o.confirmationMaximumDays = confirmationMaxDays
        o.confirmationAtNextAssessment = confirmAtNextAssessment
        o.maximumNEBetween = maxNeBetween
        o.strictRECISTConfirmation = strictRecist
        o.includeFirstDoseDay = includeFirstDoseDay
        o.stopAtNewTherapy = stopAtNewTherapy
        o.durableStableWeeks = durableSdWeeks
        o.noAssessmentIsMissing = noAssessmentMissing
        o.durationForUnconfirmedResponders = dorUnconfirmed
        return o
    }
}

extension ReferenceDate: ExpressibleByArgument {}
extension PRAfterCR: ExpressibleByArgument {}
extension SameDateOrder: ExpressibleByArgument {}
extension PFSCensoring: ExpressibleByArgument {}
extension ReaderSelection: ExpressibleByArgument {}

enum ListingFormat: String, ExpressibleByArgument, CaseIterable { case text, csv, json }

struct Responses: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Derive each subject's best overall response with and without confirmation, and why.",
        discussion: """
        Lists per subject: first dose, cycles received, assessments counted and excluded (with why), best overall response \
        (BOR), confirmed BOR, first response and confirming dates, why a response stayed unconfirmed, durable stable disease \
        with its duration, disease control, clinical benefit, duration of response and progression-free survival with \
        censoring. The rules and their options: docs/response-rules.md.
        """
    )

    @OptionGroup var study: StudyOptions
    @OptionGroup var rules: ResponseRuleOptions
    @Option(help: "Output format: text, csv or json.") var format: ListingFormat = .text
    @Flag(help: "Use visit responses computed from lesion data (TU/TR) by RECIST 1.1 instead of the recorded ones (RS).") var computed = false

    func run() throws {
        let options = rules.responseOptions
        let needed = ResponseEngine(options: options).requiredData(lesions: computed)
        let load = try loadStudy(study, domains: needed.domains, variables: needed.variables)
        if load.problems.hasErrors {
            FileHandle.standardError.write(Data("The data read have \(load.problems.count(.error)) errors; run `readout validate` to list them. Responses are derived from what could be read.\n".utf8))
        }
        let result = computed ? ResponseEngine(options: options).runOnComputedResponses(load.study).0 : ResponseEngine(options: options).run(load.study)
        let listing = ResponseListing(result: result, options: options, cutoff: load.cutoffReport?.cutoff)
        print(format == .csv ? listing.csv() : format == .json ? listing.json() : listing.text(), terminator: "")
    }
}

struct Recist: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute each visit's RECIST 1.1 response from lesion data (TU/TR) and list where it differs from the recorded one.",
        discussion: "Also gives the tumour-size derivations per visit: sum of diameters, change and percent change from baseline, nadir, percent change from nadir, and each subject's best percent change (the waterfall plot's value)."
    )

    @OptionGroup var study: StudyOptions
    @Option(help: "Evaluator (TUEVAL/TREVAL/RSEVAL) whose lesions and responses are used.") var evaluator: String = "INVESTIGATOR"
    @Option(help: "Output format: text, csv or json.") var format: ListingFormat = .text

    func run() throws {
        let load = try loadStudy(study)
        var o = ResponseOptions()
        o.evaluator = evaluator
        let (ids, doses) = ResponseEngine(options: o).firstDoses(load.study)
        let result = LesionEngine(evaluator: evaluator, firstDoses: doses).run(load.study, subjectOrder: ids)
        let listing = LesionListing(result: result)
        print(format == .csv ? listing.csv() : format == .json ? listing.json() : listing.text(), terminator: "")
    }
}

struct ConcordanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concordance",
        abstract: "Compare two evaluators' confirmed best overall responses (investigator against independent review).",
        discussion: "Prints the agreement table, the agreement rates and every subject on whom they disagree."
    )

    @OptionGroup var study: StudyOptions
    @OptionGroup var rules: ResponseRuleOptions
    @Option(help: "The other evaluator (RSEVAL).") var versus: String = "INDEPENDENT ASSESSOR"

    func run() throws {
        let load = try loadStudy(study)
        let a = ResponseEngine(options: rules.responseOptions).run(load.study)
        var o2 = rules.responseOptions
        o2.evaluator = versus
        let b = ResponseEngine(options: o2).run(load.study)
        print(Concordance(first: rules.evaluator, second: versus, firstResults: a.subjects, secondResults: b.subjects).text(), terminator: "")
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run an analysis spec and write the readout: tables, HTML page, derived datasets and narrative.",
        discussion: "Writes readout.md, readout.html, readout.json, narrative.txt, one CSV per table, and adsl/adrs as CSV and Dataset-JSON. The spec's schema: docs/analysis-spec.md."
    )

    @Argument(help: "The analysis spec (YAML).") var spec: String
    @Option(help: ArgumentHelp("Output folder.", valueName: "dir")) var out: String = "readout-out"
    @Flag(help: "Also convert the RTF tables to PDF with LibreOffice (Debian's libreoffice-writer), when installed.") var pdf = false

    func run() throws {
        do {
            let output = try ReadoutRunner.run(specPath: spec)
            var files = try ReportWriter.write(output, to: out)
            if pdf { files += try convertToPDF(files.filter { $0.hasSuffix(".rtf") }, in: out) }
            print(output.result.narrative.joined(separator: "\n"))
            print("\nWrote \(files.count) files to \(out): " + files.joined(separator: ", "))
        } catch let e as ReadoutError {
            FileHandle.standardError.write(Data((e.description + "\n").utf8))
            throw ExitCode(2)
        }
    }
}

struct CheckText: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-text",
        abstract: "Check every number in a written readout: internal consistency, and with --spec, against the data.",
        discussion: "Finds counts, percentages with their denominators, medians, doses, ranges and dates (numbers in words too), checks each percentage against whole counts of its denominator, confirmed against overall rates, parts within wholes, unit conversions and repeated quantities. Exits 1 when anything is inconsistent or differs from the data."
    )

    @Argument(help: "The text (plain, Markdown or simple HTML).") var file: String
    @Option(help: "An analysis spec: reconcile each claim with the readout it computes.") var spec: String?
    @Option(help: ArgumentHelp("A phase I study folder: reconcile each claim with the dose escalation conducted from its data.", valueName: "dir")) var escalation: String?
    @Option(help: "With --escalation: the design that selects the MTD (3+3, boin, keyboard, mtpi-2).") var design: String = "3+3"
    @Option(help: "With --escalation: the target DLT rate.") var target: Double = 0.3
    @Option(help: "With --escalation: the data cut-off (YYYY-MM-DD).") var cutoff: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        do {
            var figures: [ComputedFigure]? = nil
            var label: String? = nil
            if let dir = escalation {
                let d: any EscalationDesign
                switch design.lowercased() {
                case "3+3": d = ThreePlusThree()
                case "boin": d = BOIN(target: target)
                case "keyboard": d = Keyboard(target: target)
                case "mtpi-2", "mtpi2": d = Keyboard(target: target, label: "mTPI-2")
                default: throw ValidationError("--design \(design): expected 3+3, boin, keyboard or mtpi-2")
                }
                let load = try StudyLoader.load(folder: dir, options: StudyLoadOptions(cutoff: try parseCutoff(cutoff)))
                let conduct = try EscalationConduct.run(study: load.study, design: d, responses: ResponseEngine().run(load.study))
                figures = ComputedFigure.figures(escalation: conduct)
                let asOf = conduct.asOf ?? "no date"
                label = "the dose escalation of \(dir) under \(d.name), "
                    + (cutoff == nil ? "as of \(asOf), the last date in the data (no --cutoff given)" : "at the cut-off \(asOf)")
            }
            let result = try DisclosureCheck.run(path: file, specPath: spec, figures: figures, label: label)
            print(format == .json ? result.json() : result.text(), terminator: "")
            if result.failed { throw ExitCode(1) }
        } catch let e as ReadoutError {
            FileHandle.standardError.write(Data((e.description + "\n").utf8))
            throw ExitCode(2)
        }
    }
}

/// RTF → PDF with LibreOffice in headless mode.
func convertToPDF(_ rtfs: [String], in dir: String) throws -> [String] {
    let candidates = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"]
    guard let office = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        throw ValidationError("--pdf needs LibreOffice (apt-get install libreoffice-writer-nogui)")
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: office)
    p.arguments = ["--headless", "--convert-to", "pdf", "--outdir", dir] + rtfs.map { dir + "/" + $0 }
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    let pdfs = rtfs.map { String($0.dropLast(4)) + ".pdf" }.filter { FileManager.default.fileExists(atPath: dir + "/" + $0) }
    if pdfs.count < rtfs.count { throw ValidationError("LibreOffice converted \(pdfs.count) of \(rtfs.count) RTF tables to PDF") }
    return pdfs
}

import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutData
import ReadoutEscalation
import ReadoutResponse

/// `readout synth`: synthetic studies, reproducible from their seed.
struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a synthetic single-arm phase II study (deterministic from its seed).",
        discussion:
            "Writes DM, DS, EX, TU, TR, RS, AE, SUPPAE, CM and ADSL extras as CSV. The same seed and options give "
            + "byte-identical files."
    )

    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Subjects enrolled by the cut-off (112; 60 with --criteria irecist).") var subjects: Int?
    @Option(help: "Further subjects enrolled after the cut-off.") var lateSubjects: Int = 3
    @Option(help: ArgumentHelp("Output folder.", valueName: "dir")) var out: String
    @Option(
        help: ArgumentHelp(
            "Phase: 2 (single-arm phase II), 1 (dose escalation with expansion cohorts) or combination (two "
                + "drugs escalated together)."))
    var phase: String = "2"
    @Option(
        help: ArgumentHelp(
            "Response criteria of the phase II study: recist-1.1; irecist (an immunotherapy study with unconfirmed "
                + "and confirmed progression and pseudo-progression; 60 subjects unless --subjects); or pcwg3 (a "
                + "prostate cancer study with PSA in LB); or gcig (an ovarian cancer study with CA-125 in LB; 40 "
                + "subjects unless --subjects)."))
    var criteria: SynthCriteria = .recist11

    enum SynthCriteria: String, ExpressibleByArgument, CaseIterable {
        case recist11 = "recist-1.1"
        case irecist, pcwg3, gcig
    }

    func validate() throws {
        guard (subjects ?? 1) >= 1, (subjects ?? 1) <= 5_000_000 else {
            throw ValidationError("--subjects must be from 1 to 5,000,000")
        }
        guard lateSubjects >= 0 else { throw ValidationError("--late-subjects must be zero or more") }
        guard ["1", "2", "combination"].contains(phase) else {
            throw ValidationError("--phase \(phase): expected 1, 2 or combination")
        }
        if criteria != .recist11, phase != "2" {
            throw ValidationError("--criteria \(criteria.rawValue) makes a phase II study: use it with --phase 2")
        }
    }

    func run() throws {
        if phase == "combination" {
            var o = CombinationGenerator.Options()
            o.seed = seed
            try CombinationGenerator(options: o).write(to: out)
            print("Wrote a synthetic two-drug combination dose-escalation study to \(out)")
            return
        }
        if phase == "1" {
            var o = PhaseIGenerator.Options()
            o.seed = seed
            try PhaseIGenerator(options: o).write(to: out)
            print("Wrote a synthetic phase I dose-escalation study to \(out)")
            return
        }
        if criteria == .gcig {
            var o = GCIGGenerator.Options()
            o.seed = seed
            if let n = subjects { o.subjects = n }
            try GCIGGenerator(options: o).write(to: out)
            print("Wrote a synthetic ovarian cancer study of \(o.subjects) subjects with CA-125 by GCIG to \(out)")
            return
        }
        if criteria == .pcwg3 {
            var o = PCWG3Generator.Options()
            o.seed = seed
            if let n = subjects { o.subjects = n }
            try PCWG3Generator(options: o).write(to: out)
            print("Wrote a synthetic prostate cancer study of \(o.subjects) subjects with PSA by PCWG3 to \(out)")
            return
        }
        if criteria == .irecist {
            var o = IRECISTGenerator.Options()
            o.seed = seed
            if let n = subjects { o.subjects = n }
            try IRECISTGenerator(options: o).write(to: out)
            print("Wrote a synthetic immunotherapy study of \(o.subjects) subjects assessed by iRECIST to \(out)")
            return
        }
        var o = PhaseIIGenerator.Options()
        o.seed = seed
        o.subjects = subjects ?? o.subjects
        o.lateSubjects = lateSubjects
        try PhaseIIGenerator(options: o).write(to: out)
        print("Wrote a synthetic phase II study of \(o.subjects + lateSubjects) subjects to \(out)")
    }
}

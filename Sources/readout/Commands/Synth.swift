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
        let (study, what) = chosen()
        try study.write(to: out)
        print("Wrote a synthetic \(what) to \(out)")
    }

    /// The generator the options choose, with what it writes in words.
    func chosen() -> (any SyntheticStudy, String) {
        if phase == "combination" {
            var o = CombinationGenerator.Options()
            o.seed = seed
            return (CombinationGenerator(options: o), "two-drug combination dose-escalation study")
        }
        if phase == "1" {
            var o = PhaseIGenerator.Options()
            o.seed = seed
            return (PhaseIGenerator(options: o), "phase I dose-escalation study")
        }
        switch criteria {
        case .gcig:
            var o = GCIGGenerator.Options()
            o.seed = seed
            o.subjects = subjects ?? o.subjects
            return (GCIGGenerator(options: o), "ovarian cancer study of \(o.subjects) subjects with CA-125 by GCIG")
        case .pcwg3:
            var o = PCWG3Generator.Options()
            o.seed = seed
            o.subjects = subjects ?? o.subjects
            return (PCWG3Generator(options: o), "prostate cancer study of \(o.subjects) subjects with PSA by PCWG3")
        case .irecist:
            var o = IRECISTGenerator.Options()
            o.seed = seed
            o.subjects = subjects ?? o.subjects
            return (
                IRECISTGenerator(options: o), "immunotherapy study of \(o.subjects) subjects assessed by iRECIST"
            )
        case .recist11:
            var o = PhaseIIGenerator.Options()
            o.seed = seed
            o.subjects = subjects ?? o.subjects
            o.lateSubjects = lateSubjects
            return (PhaseIIGenerator(options: o), "phase II study of \(o.subjects + lateSubjects) subjects")
        }
    }
}

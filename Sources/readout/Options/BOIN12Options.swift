import ArgumentParser
import Foundation
import ReadoutCore
import ReadoutEscalation

/// BOIN12's parameters on the command line (`readout escalate --design boin12`; the toxicity target
/// is the design options' --target). docs/optimal-dose.md states every default.
struct BOIN12Options: ParsableArguments {
    @Option(help: "BOIN12: the lowest acceptable efficacy probability φE (the toxicity target is --target).")
    var efficacyLowest: Double?
    @Option(
        help: ArgumentHelp(
            "BOIN12: utilities of efficacy without toxicity, neither, both, toxicity without efficacy.",
            valueName: "u1,u2,u3,u4"), transform: numbers)
    var utilities: [Double] = [100, 40, 60, 0]
    @Option(help: "BOIN12: eliminate a dose for toxicity when P(pT > target) exceeds this.")
    var toxicityCutoff: Double = 0.95
    @Option(help: "BOIN12: eliminate a dose for futility when P(pE < φE) exceeds this.")
    var efficacyCutoff: Double = 0.9
    @Option(help: "BOIN12: N*, the patients below which the next higher dose stays a candidate.")
    var safetyThreshold: Int = 6
    @Option(help: ArgumentHelp("BOIN12: extra exploration at this many patients, or off.", valueName: "n|off"))
    var exploration: PatientsOption = .patients(9)
    @Option(help: ArgumentHelp("BOIN12: stop at this many patients on the current dose, or off.", valueName: "n|off"))
    var earlyStop: PatientsOption = .patients(12)

    /// BOIN12 from the options; a value it cannot use is an argument error naming the option.
    func build(target: Double, maxPatients: Int = 120) throws -> BOIN12 {
        var problems: [String] = []
        if !(target >= 0.05 && target <= 0.6) { problems.append("--target \(target): expected 0.05 to 0.6 for BOIN12") }
        guard let e = efficacyLowest else {
            throw ValidationError("--design boin12 needs --efficacy-lowest, the lowest acceptable efficacy probability")
        }
        if !(e >= 0.01 && e <= 0.95) { problems.append("--efficacy-lowest \(e): expected 0.01 to 0.95") }
        if utilities.count != 4 || !utilities.allSatisfy({ (0...100).contains($0) }) {
            problems.append("--utilities: expected four numbers from 0 to 100")
        }
        for (name, v) in [("--toxicity-cutoff", toxicityCutoff), ("--efficacy-cutoff", efficacyCutoff)]
        where !(v >= 0.5 && v <= 0.999) {
            problems.append("\(name) \(v): expected 0.5 to 0.999")
        }
        if safetyThreshold < 0 { problems.append("--safety-threshold \(safetyThreshold): expected 0 or more") }
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
        let u = utilities.count == 4 ? utilities : [100, 40, 60, 0]
        return BOIN12(
            toxicityTarget: target, efficacyLowest: e,
            utilities: OutcomeUtilities(
                efficacyWithoutToxicity: u[0], neither: u[1], both: u[2], toxicityWithoutEfficacy: u[3]),
            toxicityCutoff: toxicityCutoff, efficacyCutoff: efficacyCutoff, safetyThreshold: safetyThreshold,
            explorationThreshold: exploration.patients, earlyStopAt: earlyStop.patients, maxPatients: maxPatients)
    }
}

/// A number of patients, or `off`.
enum PatientsOption: ExpressibleByArgument, Equatable {
    case patients(Int)
    case off

    init?(argument: String) {
        if argument.lowercased() == "off" {
            self = .off
        } else if let n = Int(argument), n >= 1 {
            self = .patients(n)
        } else {
            return nil
        }
    }

    var patients: Int? {
        if case .patients(let n) = self { return n }
        return nil
    }

    var defaultValueDescription: String {
        if case .patients(let n) = self { return String(n) }
        return "off"
    }
}

extension OptimalDoseConduct.Efficacy: ExpressibleByArgument {}

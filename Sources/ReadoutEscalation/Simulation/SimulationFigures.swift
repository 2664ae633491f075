import Foundation
import ReadoutCore
import ReadoutFigures

/// Figures of simulated operating characteristics, one pair per scenario: how often each design
/// selects each dose, and how many patients it treats there.
public enum SimulationFigures {
    /// The figures of one scenario: selection and patients per dose, by design.
    public static func figures(
        doses: [String], scenario: String, trueMTD: Int, results: [(design: String, oc: OperatingCharacteristics)]
    ) -> [EscalationFigure] {
        let selection = results.map { r in
            (name: r.design, values: r.oc.selected.map { Double($0) / Double(max(1, r.oc.trials)) * 100 })
        }
        // The optimal benchmark treats nobody: it has no patients to show.
        let patients = results.filter { $0.oc.totalPatients > 0 || $0.oc.trials == 0 }.map { r in
            (name: r.design, values: r.oc.patients.map { Double($0) / Double(max(1, r.oc.trials)) })
        }
        return [
            EscalationFigure(
                kind: .selection,
                svg: Charts.groupedBars(
                    categories: doses + ["none"], series: selection, marked: trueMTD,
                    yLabel: "Trials selecting the dose (%)", xLabel: "Dose",
                    title: "MTD selection — \(scenario)")
            ),
            EscalationFigure(
                kind: .patients,
                svg: Charts.groupedBars(
                    categories: doses, series: patients, marked: trueMTD, yLabel: "Mean patients treated",
                    xLabel: "Dose",
                    title: "Patients per dose — \(scenario)")
            ),
        ]
    }
}

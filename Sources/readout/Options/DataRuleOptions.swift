import ArgumentParser
import ReadoutCore
import ReadoutData

/// How records become facts (docs/study-data.md): dates, doses, end of treatment, lesion codes.
struct DataRuleOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How a partial start date is completed: first, last, middle or none (day of its period).", valueName: "rule"
        ))
    var imputeStart: ImputationRule = .first

    @Option(help: ArgumentHelp("How a partial end date is completed: first, last, middle or none.", valueName: "rule"))
    var imputeEnd: ImputationRule = .last

    @Flag(help: "Do not cap imputed dates at the data cut-off.")
    var noCapAtCutoff = false

    @Option(
        help: ArgumentHelp(
            "Which EX records are doses: positive-or-placebo (EXDOSE > 0, or 0 with a placebo EXTRT), positive or any.",
            valueName: "rule"))
    var doseRule: DoseRule.Kind = .positiveOrPlacebo

    @Option(help: ArgumentHelp("EXDOSE must be above this to count as a dose.", valueName: "amount"))
    var minimumDose: Double = 0

    @Option(help: ArgumentHelp("Text that makes EXTRT a placebo (repeatable; default PLACEBO).", valueName: "text"))
    var placebo: [String] = []

    @Option(
        help: ArgumentHelp(
            "DSSCAT of a record that ends study treatment (repeatable; default STUDY TREATMENT, END OF TREATMENT).",
            valueName: "text"))
    var treatmentEndSubcategory: [String] = []

    @Option(
        help: ArgumentHelp(
            "EPOCH of a disposition event without DSSCAT that ends study treatment (repeatable; default TREATMENT).",
            valueName: "text"))
    var treatmentEndEpoch: [String] = []

    @Flag(help: "A disposition event of study participation (DSSCAT STUDY PARTICIPATION) ends study treatment too.")
    var studyEndEndsTreatment = false

    @Option(
        help: ArgumentHelp(
            "TRTESTCD of a longest diameter (repeatable; default LDIAM, DIAMETER, LONGDIAM).", valueName: "code"))
    var longDiameterCode: [String] = []

    @Option(
        help: ArgumentHelp(
            "TRTESTCD of a lymph node's short axis (repeatable; default SAXIS, LPERP, SHORTAX).", valueName: "code"))
    var shortAxisCode: [String] = []

    var dataRules: DataRules {
        var r = DataRules()
        r.imputation = DateImputation(start: imputeStart, end: imputeEnd, capAtCutoff: !noCapAtCutoff)
        r.dose.kind = doseRule
        r.dose.minimum = minimumDose
        if !placebo.isEmpty { r.dose.placeboTreatments = placebo }
        if !treatmentEndSubcategory.isEmpty { r.treatmentEnd.subcategories = treatmentEndSubcategory }
        if !treatmentEndEpoch.isEmpty { r.treatmentEnd.epochs = treatmentEndEpoch }
        r.treatmentEnd.studyEndEndsTreatment = studyEndEndsTreatment
        if !longDiameterCode.isEmpty { r.measurements.longDiameter = longDiameterCode }
        if !shortAxisCode.isEmpty { r.measurements.shortAxis = shortAxisCode }
        return r
    }
}

extension TextEncoding: ExpressibleByArgument {}
extension ImputationRule: ExpressibleByArgument {}
extension DoseRule.Kind: ExpressibleByArgument {}

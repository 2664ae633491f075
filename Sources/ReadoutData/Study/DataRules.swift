import ReadoutCore

/// How the records of a study become facts: how partial dates are completed, which exposure
/// records are doses, which disposition records end study treatment, and which tumour
/// measurements are diameters. One value, set where the command line or the analysis spec is
/// read, carried by the loaded `Study` to every stage (docs/study-data.md). No stage builds its
/// own.
public struct DataRules: Sendable, Codable, Equatable {
    public var imputation: DateImputation
    public var dose: DoseRule
    public var treatmentEnd: TreatmentEndRule
    public var measurements: MeasurementCodes

    /// Rules with each part given, the others at their defaults.
    public init(
        imputation: DateImputation = DateImputation(), dose: DoseRule = DoseRule(),
        treatmentEnd: TreatmentEndRule = TreatmentEndRule(),
        measurements: MeasurementCodes = MeasurementCodes()
    ) {
        self.imputation = imputation
        self.dose = dose
        self.treatmentEnd = treatmentEnd
        self.measurements = measurements
    }
}

/// The dates a stage works with: the data cut-off (when one was given) and the imputation rule.
/// Every imputed date goes through here, so that the role of a date (it starts or ends
/// something) and the cap at the cut-off are honoured everywhere.
public struct DateRules: Sendable, Codable, Equatable {
    public var cutoff: CalendarDate?
    public var imputation: DateImputation

    /// The date rules of a cut-off (nil when there is none) and an imputation.
    public init(cutoff: CalendarDate? = nil, imputation: DateImputation = DateImputation()) {
        self.cutoff = cutoff
        self.imputation = imputation
    }

    /// The day a value stands for, completed by the rule of its role and capped at the cut-off.
    public func impute(_ text: String, role: DateImputation.Role) -> ImputedDate? {
        imputation.impute(text, role: role, cutoff: cutoff)
    }

    /// A date that starts something (first dose, onset, assessment).
    public func start(_ text: String) -> CalendarDate? { impute(text, role: .start)?.date }

    /// A date that ends something (last dose, resolution, end of participation).
    public func end(_ text: String) -> CalendarDate? { impute(text, role: .end)?.date }

    /// The role a variable's dates play: `--ENDTC` and `--ENDT` end something, the rest start.
    public static func role(ofVariable name: String) -> DateImputation.Role {
        let n = name.uppercased()
        return n.hasSuffix("ENDTC") || n.hasSuffix("ENDT") || n.hasSuffix("ENDTM") ? .end : .start
    }
}

/// Which EX records are doses: they date the first dose and count as cycles received.
///
/// The default is ADaM's (admiral's ADSL template): a record is a dose when EXDOSE is above
/// zero, or when EXDOSE is zero and EXTRT names a placebo. Without an EXDOSE variable every
/// dated record is a dose; a record whose EXDOSE is blank is not.
public struct DoseRule: Sendable, Codable, Equatable {
    /// Which EX records count as doses.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// EXDOSE above `minimum`, or zero with a placebo treatment (the default).
        case positiveOrPlacebo = "positive-or-placebo"
        /// EXDOSE above `minimum` only: placebo administrations are not doses.
        case positive
        /// Every dated record with a numeric EXDOSE, zero included.
        case any
    }

    public var kind: Kind
    /// EXDOSE must be above this to count (with `positive` and `positive-or-placebo`).
    public var minimum: Double
    /// Texts that make EXTRT a placebo (contained, case-insensitive).
    public var placeboTreatments: [String]

    /// A dose rule of `kind`, with the minimum dose and the texts of a placebo EXTRT.
    public init(kind: Kind = .positiveOrPlacebo, minimum: Double = 0, placeboTreatments: [String] = ["PLACEBO"]) {
        self.kind = kind
        self.minimum = minimum
        self.placeboTreatments = placeboTreatments
    }

    /// Whether one EX record is a dose. `dose` is nil when EXDOSE is blank or not a number;
    /// `hasDoseVariable` is false when the domain has no EXDOSE at all.
    public func isDose(_ dose: Double?, treatment: String, hasDoseVariable: Bool = true) -> Bool {
        guard hasDoseVariable else { return true }
        guard let d = dose else { return false }
        switch kind {
        case .any: return true
        case .positive: return d > minimum
        case .positiveOrPlacebo:
            if d > minimum { return true }
            guard d == 0 else { return false }
            let t = treatment.uppercased()
            return placeboTreatments.contains { !$0.isEmpty && t.contains($0.uppercased()) }
        }
    }
}

/// Which DS records end study treatment (the date and reason of treatment discontinuation).
///
/// A record ends study treatment when all of these hold:
/// 1. it is a disposition event: DSCAT is one of `categories`; a blank or absent DSCAT counts
///    unless DSDECOD is one of `milestones`;
/// 2. it is about study treatment: DSSCAT is one of `subcategories`; when DSSCAT is blank or
///    absent, EPOCH is one of `epochs` (or blank or absent too); when `studyEndEndsTreatment`,
///    a DSSCAT of `studySubcategories` counts as well (leaving the study ends treatment);
/// 3. DSDECOD is not one of `notEnding` (a completed treatment was not discontinued).
/// The earliest such record on or before the cut-off counts.
public struct TreatmentEndRule: Sendable, Codable, Equatable {
    public var categories: [String]
    public var milestones: [String]
    public var subcategories: [String]
    public var epochs: [String]
    public var studyEndEndsTreatment: Bool
    var studySubcategories: [String]
    public var notEnding: [String]

    /// A treatment-end rule from the DSSCAT values, epochs and whether study end ends treatment.
    public init(
        categories: [String] = ["DISPOSITION EVENT"],
        milestones: [String] = ["INFORMED CONSENT OBTAINED", "RANDOMIZED", "ELIGIBILITY CRITERIA MET"],
        subcategories: [String] = ["STUDY TREATMENT", "END OF TREATMENT"],
        epochs: [String] = ["TREATMENT"],
        studyEndEndsTreatment: Bool = false,
        studySubcategories: [String] = ["STUDY PARTICIPATION"],
        notEnding: [String] = ["COMPLETED"]
    ) {
        self.categories = categories
        self.milestones = milestones
        self.subcategories = subcategories
        self.epochs = epochs
        self.studyEndEndsTreatment = studyEndEndsTreatment
        self.studySubcategories = studySubcategories
        self.notEnding = notEnding
    }

    /// Whether one DS record ends study treatment. Nil arguments are variables the domain lacks.
    public func endsTreatment(category: String?, subcategory: String?, epoch: String?, decod: String) -> Bool {
        func has(_ list: [String], _ value: String) -> Bool { list.contains { $0.uppercased() == value } }
        let dec = decod.uppercased()
        let cat = (category ?? "").uppercased()
        if cat.isEmpty { if has(milestones, dec) { return false } } else if !has(categories, cat) { return false }
        if has(notEnding, dec) { return false }
        let sub = (subcategory ?? "").uppercased()
        if sub.isEmpty {
            let e = (epoch ?? "").uppercased()
            return e.isEmpty || has(epochs, e)
        }
        return has(subcategories, sub) || (studyEndEndsTreatment && has(studySubcategories, sub))
    }
}

/// Which TR test codes are tumour measurements, by the controlled terminology real studies use.
///
/// RECIST 1.1 measures a lymph node by its short axis and every other lesion by its longest
/// diameter. A nodal lesion with a short-axis record uses it (its long-diameter records are
/// ignored and reported); a non-nodal lesion with a long-diameter record uses it (its short-axis
/// records are ignored and reported). A lesion measured only one way uses that measurement.
public struct MeasurementCodes: Sendable, Codable, Equatable {
    /// Longest diameter (CDISC CT: LDIAM).
    public var longDiameter: [String]
    /// Short axis of a lymph node (CT: SAXIS; LPERP, the longest perpendicular, in many studies).
    public var shortAxis: [String]
    /// Present, absent, unequivocal progression of non-target and new lesions.
    public var state: [String]

    /// The TRTESTCD codes of each measurement.
    public init(
        longDiameter: [String] = ["LDIAM", "DIAMETER", "LONGDIAM"],
        shortAxis: [String] = ["SAXIS", "LPERP", "SHORTAX"], state: [String] = ["TUMSTATE"]
    ) {
        self.longDiameter = longDiameter
        self.shortAxis = shortAxis
        self.state = state
    }

    /// What a TR record measures.
    public enum Kind: Sendable { case longDiameter, shortAxis, state }

    /// What the TR test code `testCode` measures, or nil when no list holds it.
    public func kind(of testCode: String) -> Kind? {
        let c = testCode.uppercased()
        if longDiameter.contains(where: { $0.uppercased() == c }) { return .longDiameter }
        if shortAxis.contains(where: { $0.uppercased() == c }) { return .shortAxis }
        if state.contains(where: { $0.uppercased() == c }) { return .state }
        return nil
    }
}

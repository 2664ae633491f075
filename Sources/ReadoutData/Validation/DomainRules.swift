import ReadoutCore

/// What Readout expects of each SDTM domain it uses. The rules are data, documented in
/// docs/study-data.md; a define.xml beside the data adds its own codelists.
public struct DomainRule: Sendable {
    /// Each inner list is a set of alternatives, one of which must be present.
    public var required: [[String]]
    /// Variables that must not be blank in any record.
    public var requiredValues: [String]
    /// The date that places a record in time, for the data cut-off.
    public var dateVariable: String?
    /// Controlled terminology checks.
    public var terminology: [TerminologyRule]

    /// The rule of a domain: the variables it requires and those that must have a value.
    public init(
        required: [[String]], requiredValues: [String] = ["USUBJID"], dateVariable: String? = nil,
        terminology: [TerminologyRule] = []
    ) {
        self.required = required
        self.requiredValues = requiredValues
        self.dateVariable = dateVariable
        self.terminology = terminology
    }
}

/// Values a variable may take, optionally only in records where another variable has given values
/// (for example RSSTRESC when RSTESTCD is OVRLRESP).
public struct TerminologyRule: Sendable {
    public var variable: String
    public var allowed: [String]
    var whenVariable: String?
    var whenValues: [String]
    public var severity: Problem.Severity
    var codelist: String

    /// A required variable, or any one of `alternatives`.
    public init(
        _ variable: String, _ allowed: [String], when: String? = nil, in values: [String] = [],
        severity: Problem.Severity = .error, codelist: String
    ) {
        self.variable = variable
        self.allowed = allowed
        self.whenVariable = when
        self.whenValues = values
        self.severity = severity
        self.codelist = codelist
    }
}

/// The SDTM rules Readout checks per domain (docs/study-data.md).
public enum DomainRules {
    /// RECIST 1.1's results, iRECIST's and Lugano 2014's: which criterion a study uses is the response stage's
    /// option, which refuses the other's codes row by row (docs/response-rules.md, section 10).
    static let responses = [
        "CR", "PR", "SD", "PD", "NE", "NON-CR/NON-PD", "NA", "iCR", "iPR", "iSD", "NON-iCR/NON-iUPD", "iUPD", "iCPD",
        "CMR", "PMR", "NMR", "PMD", "CAR", "PAR", "SAD", "PAD",
        // Not done: the response stage reads these as MISSING (not counted), as it does a blank.
        "ND", "NOT DONE", "MISSING",
    ]

    static let byDomain: [String: DomainRule] = [
        "DM": DomainRule(
            required: [["USUBJID"]],
            terminology: [
                TerminologyRule(
                    "SEX", ["M", "F", "U", "UNDIFFERENTIATED"], severity: .warning, codelist: "SEX (C66731)")
            ]),
        "DS": DomainRule(
            required: [["USUBJID"], ["DSDECOD"], ["DSSTDTC"]], dateVariable: "DSSTDTC",
            terminology: [
                TerminologyRule(
                    "DSCAT", ["DISPOSITION EVENT", "PROTOCOL MILESTONE", "OTHER EVENT"], severity: .warning,
                    codelist: "DSCAT (C74558)")
            ]),
        "EX": DomainRule(required: [["USUBJID"], ["EXTRT"], ["EXDOSE"], ["EXSTDTC"]], dateVariable: "EXSTDTC"),
        "RS": DomainRule(
            required: [["USUBJID"], ["RSTESTCD"], ["RSSTRESC", "RSORRES"], ["RSDTC"]], dateVariable: "RSDTC",
            terminology: [
                TerminologyRule(
                    "RSSTRESC", responses, when: "RSTESTCD", in: ["OVRLRESP", "TRGRESP", "NTRGRESP"],
                    codelist: "RECIST 1.1 response (C96785), iRECIST or Lugano 2014 response"),
                TerminologyRule(
                    "RSORRES", responses, when: "RSTESTCD", in: ["OVRLRESP", "TRGRESP", "NTRGRESP"], severity: .warning,
                    codelist: "RECIST 1.1 response (C96785), iRECIST or Lugano 2014 response"),
            ]),
        "TU": DomainRule(
            required: [["USUBJID"], ["TULNKID"], ["TUSTRESC", "TUORRES"]], dateVariable: "TUDTC",
            terminology: [
                TerminologyRule(
                    "TUSTRESC", ["TARGET", "NON-TARGET", "NEW"], when: "TUTESTCD", in: ["TUMIDENT"],
                    codelist: "Tumor identification (C96784)")
            ]),
        "TR": DomainRule(
            required: [["USUBJID"], ["TRLNKID"], ["TRTESTCD"], ["TRSTRESN", "TRSTRESC", "TRORRES"], ["TRDTC"]],
            dateVariable: "TRDTC"),
        "AE": DomainRule(
            required: [["USUBJID"], ["AEDECOD", "AETERM"], ["AESTDTC"]], dateVariable: "AESTDTC",
            terminology: [
                TerminologyRule("AESER", ["Y", "N"], severity: .warning, codelist: "No Yes Response (C66742)")
            ]),
        "CM": DomainRule(required: [["USUBJID"], ["CMTRT"]], dateVariable: "CMSTDTC"),
        "ADSL": DomainRule(required: [["USUBJID"]]),
    ]

    /// The rule of `domain`, or nil for a domain Readout has no rule for.
    public static func rule(for domain: String) -> DomainRule? {
        if let r = byDomain[domain] { return r }
        if domain.hasPrefix("SUPP") {
            return DomainRule(
                required: [["USUBJID"], ["RDOMAIN"], ["IDVAR"], ["IDVARVAL"], ["QNAM"], ["QVAL"]],
                requiredValues: ["USUBJID", "QNAM"])
        }
        return nil
    }

    /// The date variable placing a domain's records in time: the rule's, else `--DTC`, else `--STDTC`.
    public static func dateVariable(for ds: Dataset) -> String? {
        if ds.name == "DM" || ds.name == "ADSL" || ds.name.hasPrefix("SUPP") { return nil }
        if let v = rule(for: ds.name)?.dateVariable, ds.has(v) { return v }
        for v in [ds.name + "DTC", ds.name + "STDTC"] where ds.has(v) { return v }
        return nil
    }

    /// Variables that must hold numbers (CSV carries no types, so this is checked by name).
    public static func isNumericByName(_ name: String, domain: String) -> Bool {
        if [
            "AGE", "VISITNUM", "EXDOSE", "EXDOSTOT", "TRSTRESN", "TUSTRESN", "RSSTRESN", "LBSTRESN", "VSSTRESN",
            "TAETORD",
        ].contains(name) {
            return true
        }
        if name.hasSuffix("SEQ") && name != "IDVARVAL" { return true }
        if name.count > 2, name.hasSuffix("DY") { return true }
        return false
    }
}

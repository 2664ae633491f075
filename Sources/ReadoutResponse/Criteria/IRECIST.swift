import ReadoutCore

/// iRECIST (Seymour et al., Lancet Oncol 2017;18:e143–e152) from recorded timepoint responses:
/// iCR, iPR, iSD, NON-iCR/NON-iUPD, iUPD (unconfirmed progression), iCPD (confirmed progression),
/// NE. The derivation counts up to the first iCPD, dates progression at the iUPD it confirms, and
/// lets a later iSD, iPR or iCR reset an unconfirmed iUPD (docs/response-rules.md, section 10).
public struct IRECIST: ResponseCriteria {
    /// iRECIST with its codes and their spelled-out forms.
    public init() {}
    public var name: String { "iRECIST" }
    public var overallResponseTestCode: String { "OVRLRESP" }
    public var parameterPrefix: String { "I" }

    /// The response a recorded result denotes, or nil. RECIST 1.1's codes are not iRECIST results:
    /// a study that records both must say which is which (RSCAT) rather than have them mixed.
    public func parse(_ text: String) -> Response? {
        switch text.uppercased() {
        case "ICR", "IMMUNE COMPLETE RESPONSE": return .cr
        case "IPR", "IMMUNE PARTIAL RESPONSE": return .pr
        case "ISD", "IMMUNE STABLE DISEASE": return .sd
        case "NON-ICR/NON-IUPD", "NON ICR/NON IUPD", "NONICR/NONIUPD": return .nonCRNonPD
        case "IUPD", "IMMUNE UNCONFIRMED PROGRESSIVE DISEASE": return .unconfirmedPD
        case "ICPD", "IMMUNE CONFIRMED PROGRESSIVE DISEASE": return .pd
        case "NE", "NOT EVALUABLE", "UNABLE TO EVALUATE": return .ne
        case "", "NA", "MISSING", "NOT DONE", "ND": return .missing
        default: return nil
        }
    }

    /// Worst first: iCPD, iUPD, NE, iSD, NON-iCR/NON-iUPD, iPR, iCR (MISSING only when nothing else).
    public func worstFirstRank(_ r: Response) -> Int { RECIST11().worstFirstRank(r) }

    public func label(_ r: Response) -> String {
        switch r {
        case .cr: return "iCR"
        case .pr: return "iPR"
        case .sd: return "iSD"
        case .nonCRNonPD: return "NON-iCR/NON-iUPD"
        case .unconfirmedPD: return "iUPD"
        case .pd: return "iCPD"
        case .ne: return "NE"
        case .missing: return "MISSING"
        }
    }
}

/// Lugano 2014 (Cheson et al., J Clin Oncol 2014;32:3059–3068) from recorded timepoint responses:
/// PET-CT-based (CMR, PMR, NMR, PMD) and CT-based (CR or CAR, PR or PAR, SD or SAD, PD or PAD).
/// A visit with both a PET-CT-based and a CT-based result counts the PET-CT one (RSMETHOD), unless
/// `--rs-method` chooses (docs/response-rules.md, section 10a).
public struct Lugano2014: ResponseCriteria {
    /// Lugano 2014 with its metabolic and anatomic codes.
    public init() {}
    public var name: String { "Lugano 2014" }
    public var overallResponseTestCode: String { "OVRLRESP" }

    /// The response a recorded result denotes, or nil. LYRIC's indeterminate response and
    /// pseudo-progression and BICR's NED are not Lugano 2014 results and are refused.
    public func parse(_ text: String) -> Response? {
        switch text.uppercased() {
        case "CMR", "COMPLETE METABOLIC RESPONSE", "CAR", "COMPLETE ANATOMIC RESPONSE", "CR", "COMPLETE RESPONSE":
            return .cr
        case "PMR", "PARTIAL METABOLIC RESPONSE", "PAR", "PARTIAL ANATOMIC RESPONSE", "PR", "PARTIAL RESPONSE":
            return .pr
        case "NMR", "NO METABOLIC RESPONSE", "SAD", "STABLE ANATOMIC DISEASE", "SD", "STABLE DISEASE":
            return .sd
        case "PMD", "PROGRESSIVE METABOLIC DISEASE", "PAD", "PROGRESSIVE ANATOMIC DISEASE", "PD",
            "PROGRESSIVE DISEASE":
            return .pd
        case "NE", "NOT EVALUABLE", "UNABLE TO EVALUATE": return .ne
        case "", "NA", "MISSING", "NOT DONE", "ND": return .missing
        default: return nil
        }
    }

    public func worstFirstRank(_ r: Response) -> Int { RECIST11().worstFirstRank(r) }
}

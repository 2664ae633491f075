import ReadoutCore

/// A visit's overall response, in the categories every supported criterion maps onto.
public enum Response: UInt8, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case cr, pr, sd, nonCRNonPD, pd, ne
    /// An assessment record without a usable result (blank). Distinct from NE, which is an
    /// assessment that was made and judged not evaluable.
    case missing

    public var code: String {
        switch self {
        case .cr: return "CR"
        case .pr: return "PR"
        case .sd: return "SD"
        case .nonCRNonPD: return "NON-CR/NON-PD"
        case .pd: return "PD"
        case .ne: return "NE"
        case .missing: return "MISSING"
        }
    }

    public var description: String { code }

    public var isResponse: Bool { self == .cr || self == .pr }

    /// CR, PR, SD or NON-CR/NON-PD: disease controlled at this visit.
    public var isStableOrBetter: Bool { self == .cr || self == .pr || self == .sd || self == .nonCRNonPD }

    /// Better responses sort first.
    public static func < (a: Response, b: Response) -> Bool { a.rawValue < b.rawValue }

    /// Worst first as admiralonco's template ranks results of one date (`worst_resp`): PD,
    /// NON-CR/NON-PD, SD, PR, CR, then NE, the least bad; MISSING last.
    public static func neLeastBadRank(_ r: Response) -> Int {
        switch r {
        case .pd: return 0
        case .nonCRNonPD: return 1
        case .sd: return 2
        case .pr: return 3
        case .cr: return 4
        case .ne: return 5
        case .missing: return 6
        }
    }
}

/// A response criterion: how its visit results read, and which of several results on one date
/// counts. The best-overall-response and confirmation rules are shared; a criterion plugs in by
/// mapping its categories (Lugano's CMR, iRECIST's iCR, RANO's ...) onto `Response`.
public protocol ResponseCriteria: Sendable {
    var name: String { get }
    /// The RS test code of the per-visit overall response.
    var overallResponseTestCode: String { get }
    /// Reads a result; nil when the text is not a result of this criterion. Blank is `.missing`.
    func parse(_ text: String) -> Response?
    /// Rank for choosing among several results on one date: the lowest rank is kept (the worst).
    func worstFirstRank(_ r: Response) -> Int
}

/// RECIST 1.1 (Eisenhauer et al., Eur J Cancer 2009;45:228–247).
public struct RECIST11: ResponseCriteria {
    /// RECIST 1.1 with its codes and synonyms.
    public init() {}
    public var name: String { "RECIST 1.1" }
    public var overallResponseTestCode: String { "OVRLRESP" }

    /// The response a recorded result denotes (codes and their usual spellings), or nil.
    public func parse(_ text: String) -> Response? {
        switch text.uppercased() {
        case "CR", "COMPLETE RESPONSE": return .cr
        case "PR", "PARTIAL RESPONSE": return .pr
        case "SD", "STABLE DISEASE": return .sd
        case "NON-CR/NON-PD", "NON-CR/NON-PROGRESSIVE DISEASE", "NON CR/NON PD", "NONCR/NONPD": return .nonCRNonPD
        case "PD", "PROGRESSIVE DISEASE": return .pd
        case "NE", "NOT EVALUABLE", "UNABLE TO EVALUATE": return .ne
        case "", "NA", "MISSING", "NOT DONE", "ND": return .missing
        default: return nil
        }
    }

    /// Worst first: PD, NE, SD, NON-CR/NON-PD, PR, CR (MISSING only when nothing else).
    public func worstFirstRank(_ r: Response) -> Int {
        switch r {
        case .pd: return 0
        case .ne: return 1
        case .sd: return 2
        case .nonCRNonPD: return 3
        case .pr: return 4
        case .cr: return 5
        case .missing: return 6
        }
    }
}

import ReadoutCore

/// A visit's overall response, in the categories every supported criterion maps onto.
///
/// Raw values are stable (they are encoded); the declaration order is the order tables list them.
public enum Response: UInt8, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case cr = 0
    case pr = 1
    case sd = 2
    case nonCRNonPD = 3
    /// Progression not yet confirmed (iRECIST's iUPD): assessments go on, and a later iSD, iPR or
    /// iCR resets it. RECIST 1.1 has no such category.
    case unconfirmedPD = 7
    /// Progression (RECIST 1.1's PD; iRECIST's confirmed progression, iCPD).
    case pd = 4
    case ne = 5
    /// An assessment record without a usable result (blank). Distinct from NE, which is an
    /// assessment that was made and judged not evaluable.
    case missing = 6

    /// The shared code (RECIST 1.1's); `ResponseCriteria.label` is what a criterion prints.
    public var code: String {
        switch self {
        case .cr: return "CR"
        case .pr: return "PR"
        case .sd: return "SD"
        case .nonCRNonPD: return "NON-CR/NON-PD"
        case .unconfirmedPD: return "UPD"
        case .pd: return "PD"
        case .ne: return "NE"
        case .missing: return "MISSING"
        }
    }

    public var description: String { code }

    public var isResponse: Bool { self == .cr || self == .pr }

    /// CR, PR, SD or NON-CR/NON-PD: disease controlled at this visit.
    public var isStableOrBetter: Bool { self == .cr || self == .pr || self == .sd || self == .nonCRNonPD }

    /// Position from best to worst: CR, PR, SD, NON-CR/NON-PD, unconfirmed PD, PD, NE, MISSING.
    var betterFirstRank: Int {
        switch self {
        case .cr: return 0
        case .pr: return 1
        case .sd: return 2
        case .nonCRNonPD: return 3
        case .unconfirmedPD: return 4
        case .pd: return 5
        case .ne: return 6
        case .missing: return 7
        }
    }

    /// Better responses sort first.
    public static func < (a: Response, b: Response) -> Bool { a.betterFirstRank < b.betterFirstRank }

    /// Worst first as admiralonco's template ranks results of one date (`worst_resp`): PD,
    /// (unconfirmed PD,) NON-CR/NON-PD, SD, PR, CR, then NE, the least bad; MISSING last.
    public static func neLeastBadRank(_ r: Response) -> Int {
        switch r {
        case .pd: return 0
        case .unconfirmedPD: return 1
        case .nonCRNonPD: return 2
        case .sd: return 3
        case .pr: return 4
        case .cr: return 5
        case .ne: return 6
        case .missing: return 7
        }
    }
}

/// A response criterion: how its visit results read, how they print, and which of several
/// results on one date counts. The best-overall-response and confirmation rules are shared; a
/// criterion plugs in by mapping its categories onto `Response` (docs/response-rules.md).
public protocol ResponseCriteria: Sendable {
    var name: String { get }
    /// The RS test code of the per-visit overall response.
    var overallResponseTestCode: String { get }
    /// Reads a result; nil when the text is not a result of this criterion. Blank is `.missing`.
    func parse(_ text: String) -> Response?
    /// Rank for choosing among several results on one date: the lowest rank is kept (the worst).
    func worstFirstRank(_ r: Response) -> Int
    /// The category as this criterion writes it (iRECIST's iCR for CR).
    func label(_ r: Response) -> String
    /// Prefix of the ADaM parameter codes derived by this criterion (iRECIST's IBOR for BOR).
    var parameterPrefix: String { get }
}

extension ResponseCriteria {
    public func label(_ r: Response) -> String { r.code }
    public var parameterPrefix: String { "" }
}

/// The response criteria Readout derives by, chosen by `--criteria` and the spec's `criteria`.
public enum ResponseCriteriaKind: String, Sendable, Codable, CaseIterable {
    case recist11 = "recist-1.1"
    case irecist
    case lugano = "lugano-2014"

    /// The categories a table of best responses lists, as the criterion writes them, best first
    /// (MISSING only where it occurs).
    public var categories: [String] { responses.map(rules.label) }

    /// The categories the criterion has, best first (MISSING apart): RECIST 1.1's six, and
    /// iRECIST's unconfirmed progression before progression.
    public var responses: [Response] { self == .irecist ? Self.withUnconfirmedProgression : Self.recistOrder }

    // Stored once: ADRS numbers every record by this order.
    static let recistOrder: [Response] = [.cr, .pr, .sd, .nonCRNonPD, .pd, .ne]
    static let withUnconfirmedProgression: [Response] = [.cr, .pr, .sd, .nonCRNonPD, .unconfirmedPD, .pd, .ne]

    /// The criterion's rules.
    public var rules: any ResponseCriteria {
        switch self {
        case .recist11: return RECIST11()
        case .irecist: return IRECIST()
        case .lugano: return Lugano2014()
        }
    }
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
        case .unconfirmedPD: return 1
        case .ne: return 2
        case .sd: return 3
        case .nonCRNonPD: return 4
        case .pr: return 5
        case .cr: return 6
        case .missing: return 7
        }
    }
}

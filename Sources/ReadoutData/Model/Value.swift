import ReadoutCore

/// One cell, as the user sees it.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    /// Blank character value or ordinary missing numeric (`.`).
    case missing
    /// SAS special missing value: `.A` to `.Z` or `._`; the payload is the letter (`A`...`Z`, `_`).
    case specialMissing(Character)
    case number(Double)
    case text(String)

    var isMissing: Bool {
        switch self {
        case .missing, .specialMissing: return true
        case .number: return false
        case .text(let s): return s.isEmpty
        }
    }

    public var description: String {
        switch self {
        case .missing: return ""
        case .specialMissing(let c): return "." + String(c)
        case .number(let d): return formatNumber(d)
        case .text(let s): return s
        }
    }
}

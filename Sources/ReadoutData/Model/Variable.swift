import ReadoutCore

/// What a variable holds, as far as the reader could tell from the file.
///
/// CSV carries no types, so every CSV variable is `.text`; typed formats (SAS transport,
/// Dataset-JSON) keep their declared types. Dates that a format stores as numbers (SAS day
/// numbers, Dataset-JSON `date` with `targetDataType: integer`) are `.date` numbers: days since
/// 1960-01-01, exactly as SAS stores them.
public enum VariableType: String, Sendable, Codable, Equatable {
    case text
    case integer
    case float
    case decimal
    case boolean
    /// Days since 1960-01-01.
    case date
    /// Seconds since 1960-01-01T00:00:00.
    case datetime
    /// Seconds since midnight.
    case time

    /// Whether values are held as numbers.
    public var isNumeric: Bool { self != .text }
}

/// One variable (column) of a dataset, with the metadata the file gave.
public struct Variable: Sendable, Equatable, Codable {
    /// Upper-cased: CDISC names are matched case-insensitively.
    public var name: String
    public var label: String?
    public var type: VariableType
    /// Declared storage length (SAS length, Dataset-JSON `length`), where the file gives one.
    public var length: Int?
    /// Display format (SAS format such as `DATE9.`, Dataset-JSON `displayFormat`).
    public var format: String?

    /// A variable with its name, label, type, length and SAS format.
    public init(
        name: String, label: String? = nil, type: VariableType = .text, length: Int? = nil, format: String? = nil
    ) {
        self.name = name.uppercased()
        self.label = label
        self.type = type
        self.length = length
        self.format = format
    }
}

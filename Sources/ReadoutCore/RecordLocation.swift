/// A record's position as the user would look it up: `row 12` in a CSV file (the header is row 1),
/// `record 11` in other formats.
public struct RecordLocation: Sendable, Codable, Equatable, CustomStringConvertible {
    /// `row` or `record`.
    public var word: String
    /// The row or record number, counted from 1.
    public var number: Int

    /// A location with its word and number.
    public init(word: String, number: Int) {
        self.word = word
        self.number = number
    }

    /// `row 12`.
    public var description: String { "\(word) \(number)" }
}

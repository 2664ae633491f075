import Foundation
import ReadoutCore
import ReadoutData
import ReadoutResponse
import ReadoutStatistics

/// Everything a readout states, computed from the data by the spec. Renderers only format it.
public struct ReadoutResult: Sendable, Codable {
    /// Where the readout came from: the spec and every input file with their SHA-256, the cut-off and the engine.
    public struct Provenance: Sendable, Codable {
        public var spec: String
        var specSHA256: String
        public var cutoff: String
        public var engine: String
        var inputs: [Input]
        /// One input file and its SHA-256.
        public struct Input: Sendable, Codable {
            public var file: String
            var sha256: String
        }
    }

    /// A population or subgroup: its definition, its size and its subjects.
    public struct PopulationResult: Sendable, Codable {
        public var name: String
        public var label: String
        public var definition: String
        public var count: Int
        public var parent: String?
        /// Subject identifiers, in DM order.
        public var subjects: [String]
    }

    /// One row of the response table: a population's overall and confirmed response, disease control and clinical
    /// benefit, with their intervals.
    public struct ResponseRow: Sendable, Codable {
        public var population: String
        public var label: String
        public var n: Int
        public var overall: Proportion
        public var confirmed: Proportion
        /// Confirmed best overall response counts (CR, PR, SD, NON-CR/NON-PD, PD, NE).
        public var confirmedCounts: [String: Int]
        public var diseaseControl: Proportion
        public var clinicalBenefit: Proportion
        public var durableSD: Int
        public var unconfirmed: Int
        public var unconfirmedReasons: [String: Int]
    }

    struct UnconfirmedResponder: Sendable, Codable {
        public var subject: String
        public var bestResponse: String
        public var firstResponse: String
        public var reason: String
        var detail: String
    }

    /// One line of a summary table: a count and percentage, or a summary of values.
    public struct SummaryLine: Sendable, Codable {
        public var label: String
        public var count: Int?
        public var denominator: Int?
        public var percent: Double?
        public var summary: Summary?
    }

    /// A baseline or exposure table of one population.
    public struct SummaryTableResult: Sendable, Codable {
        public var title: String
        public var population: String
        public var n: Int
        public var lines: [SummaryLine]
    }

    /// Median follow-up of a population, by the method of the spec.
    public struct FollowUpResult: Sendable, Codable {
        public var population: String
        public var method: AnalysisSpec.FollowUpMethod
        public var n: Int
        var medianDays: Double?
        public var medianMonths: Double?
        public var medianWeeks: Double?
        var rangeMonths: [Double]?
    }

    /// A time-to-event endpoint in one population: Kaplan–Meier median with its interval.
    public struct TimeToEventRow: Sendable, Codable {
        public var endpoint: String
        /// The endpoint's ADTTE code: PFS, RSD (duration of response, admiralonco's code) or OS.
        public var paramcd: String {
            ["Duration of response": "RSD", "Progression-free survival": "PFS", "Overall survival": "OS"][endpoint]
                ?? endpoint
        }
        public var population: String
        public var n: Int
        public var events: Int
        public var medianMonths: Double?
        var lowerMonths: Double?
        var upperMonths: Double?
    }

    public var title: String
    public var provenance: Provenance
    var timeToEvent: [TimeToEventRow] = []
    public var populations: [PopulationResult]
    public var responseRows: [ResponseRow]
    var unconfirmedResponders: [UnconfirmedResponder]
    public var baseline: SummaryTableResult?
    public var exposure: SummaryTableResult?
    public var followUp: FollowUpResult
    public var narrative: [String]
    /// The population the narrative opens with (the spec's `narrative.primary`).
    public var primaryPopulation = ""
    public var percentDecimals: Int
    /// The response criteria the responses were derived by (the tables' categories).
    public var criteria: ResponseCriteriaKind = .recist11
    /// The evaluator whose assessments counted.
    public var evaluator = "INVESTIGATOR"
    var ciMethod: ProportionCI
    var ciLevel: Double
    var dataProblems: Int
}

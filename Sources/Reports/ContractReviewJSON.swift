import Foundation
import InterflowCore

/// A contract review as JSON: the ``ContractReview`` model itself, keys sorted, dates ISO 8601 (UTC),
/// days `YYYY-MM-DD`, fractions from 0 to 1, durations in seconds, amounts in `currency`. A metric is
/// `{"value": …}` or `{"notMeasurable": "reason"}`.
public enum ContractReviewJSON {
    /// The review, pretty-printed.
    public static func render(_ review: ContractReview) throws -> String {
        let encoder = AgentProtocol.makeEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(review), as: UTF8.self) + "\n"
    }

    /// Reads a review back.
    public static func decode(_ text: String) throws -> ContractReview {
        try AgentProtocol.makeDecoder().decode(ContractReview.self, from: Data(text.utf8))
    }
}

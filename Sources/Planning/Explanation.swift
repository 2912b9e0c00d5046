import Foundation

/// Why a plan or a route came out as it did, in an operator's words.
public struct Explanation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// One sentence: what was decided (e.g. "moved 12 % of sales from manila to austin: …").
    public var summary: String
    /// The rule or optimum that chose it.
    public var rule: String
    /// The inputs seen and the predictions made, one line each.
    public var details: [String]

    public init(summary: String, rule: String, details: [String] = []) {
        self.summary = summary
        self.rule = rule
        self.details = details
    }

    public var description: String {
        ([summary, "rule: \(rule)"] + details.map { "  \($0)" }).joined(separator: "\n")
    }
}

extension Explanation {
    /// A fraction as explanations write it: `0.124` → `12 %`.
    public static func percent(_ fraction: Double) -> String { String(format: "%.0f %%", fraction * 100) }
}

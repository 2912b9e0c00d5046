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
    /// The detail lines of a plan over many sites: the `limit` most notable (highest `notability`),
    /// in the sites' order, and one line for the rest. A plan for a thousand sites keeps every
    /// figure in its per-site records; its explanation names the sites an operator should look at.
    /// Lines are only written for the sites shown.
    static func details(count: Int, limit: Int = 40, notability: (Int) -> Double, line: (Int) -> String, rest: (Int) -> String) -> [String] {
        guard count > limit else { return (0..<count).map(line) }
        let shown = (0..<count).map { ($0, notability($0)) }.sorted { $0.1 > $1.1 }.prefix(limit).map(\.0).sorted()
        return shown.map(line) + [rest(count - limit)]
    }

    /// A fraction as explanations write it: `0.124` → `12 %`.
    public static func percent(_ fraction: Double) -> String { fixed(fraction * 100, decimals: 0) + " %" }

    /// `value` with `decimals` digits after the point (0…6), rounded half away from zero:
    /// `fixed(3.14159, decimals: 2)` → `3.14`. What `String(format: "%.2f")` writes, without
    /// Foundation's format parser, which costs microseconds a number: explanations of a plan for
    /// a thousand sites write thousands of numbers.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let places = min(max(decimals, 0), 6)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return String(Int64(value.rounded())) }
        let units = Int64(scaled)
        let factor = Int64(scale)
        let whole = units / factor
        let sign = value < 0 && units != 0 ? "-" : ""
        guard places > 0 else { return sign + String(whole) }
        var fraction = String(units % factor)
        if fraction.count < places { fraction = String(repeating: "0", count: places - fraction.count) + fraction }
        return sign + String(whole) + "." + fraction
    }
}

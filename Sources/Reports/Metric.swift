/// A measured quantity, or the reason it could not be measured: never a zero standing in for "unknown".
///
/// A network-delivered outsourcer reports no adherence: its adherence is
/// `.notMeasurable("network-delivered sites …")`, which every renderer shows as such.
/// Encoded as `{"value": 0.82}` or `{"notMeasurable": "reason"}`.
public enum Metric: Sendable, Hashable, Codable {
    case measured(Double)
    case notMeasurable(String)

    /// The value, or `nil` when not measurable.
    public var value: Double? {
        if case .measured(let v) = self { return v }
        return nil
    }

    /// Why the metric is not measurable, or `nil` when it is.
    public var reason: String? {
        if case .notMeasurable(let r) = self { return r }
        return nil
    }

    /// The ratio `numerator / denominator`, or not measurable with `reason` when the denominator is 0.
    static func ratio(_ numerator: Double, _ denominator: Double, else reason: @autoclosure () -> String) -> Metric {
        denominator > 0 ? .measured(numerator / denominator) : .notMeasurable(reason())
    }

    /// Applies `transform` to a measured value.
    func map(_ transform: (Double) -> Double) -> Metric {
        switch self {
        case .measured(let v): .measured(transform(v))
        case .notMeasurable: self
        }
    }

    private enum CodingKeys: String, CodingKey { case value, notMeasurable }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let value = try container.decodeIfPresent(Double.self, forKey: .value) {
            self = .measured(value)
        } else {
            self = .notMeasurable(try container.decode(String.self, forKey: .notMeasurable))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .measured(let v): try container.encode(v, forKey: .value)
        case .notMeasurable(let r): try container.encode(r, forKey: .notMeasurable)
        }
    }
}

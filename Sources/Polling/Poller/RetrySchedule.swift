/// When to poll next: every `cadence` seconds while polls succeed; after a failure, after 1 s,
/// then 2, 4, … seconds (exponential backoff), never later than the cadence itself.
public struct RetrySchedule: Sendable, Hashable {
    public let cadence: Double
    public private(set) var consecutiveFailures = 0

    public init(cadence: Double) { self.cadence = cadence }

    /// Seconds to wait after a poll that failed (`true`) or succeeded.
    public mutating func delay(afterFailure failed: Bool) -> Double {
        guard failed else {
            consecutiveFailures = 0
            return cadence
        }
        consecutiveFailures += 1
        let backoff = Double(1 << min(consecutiveFailures - 1, 20))
        return min(cadence, backoff)
    }
}

/// Which queueing model predicts a queue: Erlang C (no abandonment) or Erlang A (exponential
/// patience). The planner and the staffing search are written against this choice.
public enum QueueModel: Sendable, Hashable {
    /// M/M/n, infinite patience: see ``ErlangC``.
    case erlangC
    /// M/M/n+M with mean patience in seconds: see ``ErlangA``.
    case erlangA(patience: Double)

    /// The figures for λ (per second), AHT (seconds) and n agents at service-level threshold t
    /// (seconds).
    ///
    /// - Complexity: O(min(n, 10√a + |n − a|)), plus the Erlang A series (see ``ErlangA``).
    public func metrics(arrivalRate: Double, handleTime: Double, agents: Int, threshold: Double) -> QueueMetrics {
        switch self {
        case .erlangC:
            ErlangC(arrivalRate: arrivalRate, handleTime: handleTime, agents: agents).metrics(threshold: threshold)
        case .erlangA(let patience):
            ErlangA(arrivalRate: arrivalRate, handleTime: handleTime, patience: patience, agents: agents)
                .metrics(threshold: threshold)
        }
    }

    /// The model's expected offered wait of a new arrival (the time until an agent would take
    /// it), in seconds: ASA = C h/(n − a) under Erlang C (`.infinity` when unstable),
    /// ``ErlangA/expectedOfferedWait`` under Erlang A.
    public func expectedWait(arrivalRate: Double, handleTime: Double, agents: Int) -> Double {
        switch self {
        case .erlangC:
            ErlangC(arrivalRate: arrivalRate, handleTime: handleTime, agents: agents).averageSpeedOfAnswer
        case .erlangA(let patience):
            ErlangA(arrivalRate: arrivalRate, handleTime: handleTime, patience: patience, agents: agents).expectedOfferedWait
        }
    }
}

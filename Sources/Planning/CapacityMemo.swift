import Synchronization

/// Capacities at target already computed, by queue and target: a memo of a pure function (the
/// same key always gives the same capacity), shared by every planner in the process and safe to
/// use from several threads. Bounded: it starts afresh past `limit` entries.
final class CapacityMemo: Sendable {
    struct Key: Hashable {
        var agents: Int
        var handleTime: Double
        var patience: Double
        var fraction: Double
        var threshold: Double
    }

    static let shared = CapacityMemo(limit: 100_000)

    private let entries = Mutex<[Key: Double]>([:])
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func value(_ key: Key) -> Double? { entries.withLock { $0[key] } }

    func store(_ value: Double, for key: Key) {
        entries.withLock { table in
            if table.count >= limit { table.removeAll(keepingCapacity: true) }
            table[key] = value
        }
    }
}

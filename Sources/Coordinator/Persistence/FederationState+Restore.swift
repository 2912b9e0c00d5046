import Foundation
import InterflowCore
import Store

extension FederationState {
    /// Restores the closed intervals kept in memory from the store, newest kept within the
    /// history limit; site health is not restored (it starts stale until the first good poll).
    /// - Returns: the number of intervals restored.
    @discardableResult
    public func restore(from store: any FederationStore, now: Date = Date(), lookback: Double = 7 * 86_400) async throws -> Int {
        var restored = 0
        for site in federation.sites {
            let stored = try await store.intervals(siteId: site.id, skill: nil, from: now.addingTimeInterval(-lookback), to: .distantFuture)
            guard var record = records[site.id] else { continue }
            for interval in stored.suffix(intervalHistoryLimit) {
                record.intervals[IntervalKey(start: interval.record.start, skill: interval.record.skill)] = interval.record
            }
            records[site.id] = record
            restored += min(stored.count, intervalHistoryLimit)
        }
        return restored
    }
}

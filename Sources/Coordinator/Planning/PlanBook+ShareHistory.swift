import Foundation
import InterflowCore
import Logging
import Store

extension PlanBook {
    /// A share that moves by less than this is not a change: no history row is written for it.
    public static let shareTolerance = 1e-6

    /// The change to record when `share` differs from what the history says `siteId` is given of
    /// `skill` (by ``shareTolerance`` or more, or when the history has nothing for it yet).
    func shareChange(skill: String, siteId: String, share: Double, at: Date, source: ShareChange.Source) -> ShareChange? {
        guard share.isFinite else { return nil }
        if let recorded = recordedShares[skill]?[siteId], abs(recorded - share) < Self.shareTolerance { return nil }
        return ShareChange(at: at, skill: skill, siteId: siteId, share: share, source: source)
    }

    /// Puts share changes in the history: in memory, and in the store as one batch together with
    /// any the store refused before. A failed write is logged as an error and the changes are kept
    /// to be written with the next ones, never silently dropped (past `historyCapacity` unwritten
    /// changes the oldest are dropped, and the error says how many).
    func recordShareChanges(_ changes: [ShareChange]) async {
        guard !changes.isEmpty else { return }
        for change in changes { recordedShares[change.skill, default: [:]][change.siteId] = change.share }
        history.append(contentsOf: changes)
        if history.count > historyCapacity { history.removeFirst(history.count - historyCapacity) }
        guard let store else { return }
        // Taken out before the write so that a call entering the actor meanwhile does not write them twice.
        let batch = unwritten + changes
        unwritten.removeAll()
        do {
            try await store.appendShareChanges(batch)
            if batch.count > changes.count {
                logger.notice(
                    "share changes refused earlier are now written to the store",
                    metadata: ["share.changes": "\(batch.count - changes.count)", "store.location": "\(store.location)"])
            }
        } catch {
            unwritten = batch + unwritten
            let dropped = max(0, unwritten.count - historyCapacity)
            if dropped > 0 { unwritten.removeFirst(dropped) }
            logger.error(
                "share changes not written to the store; kept in memory and written with the next change",
                metadata: [
                    "share.unwritten": "\(unwritten.count)", "share.dropped": "\(dropped)", "store.location": "\(store.location)",
                    "store.error": "\(error)",
                ])
        }
    }

    /// Share changes the store has refused and that wait for the next write.
    public func unwrittenShareChanges() -> [ShareChange] { unwritten }

    /// What decides the shares in effect in `[from, to)`, from the history kept in memory: for each
    /// skill and site the latest change before `from` and every change in the range, oldest first
    /// (the same answer as ``FederationStore/shareHistory(from:to:siteIds:)`` for what memory holds).
    public func shareHistory(from: Date, to: Date, siteIds: [String]? = nil) -> [ShareChange] {
        let wanted = siteIds.map(Set.init)
        var before: [String: Int] = [:]  // skill and site → index in `history` of the latest change before `from`
        var picked: [Int] = []
        for (index, change) in history.enumerated() where wanted.map({ $0.contains(change.siteId) }) ?? true {
            if change.at < from {
                let key = "\(change.skill)\u{0}\(change.siteId)"
                if let kept = before[key], history[kept].at > change.at { continue }
                before[key] = index
            } else if change.at < to {
                picked.append(index)
            }
        }
        return (before.values + picked).sorted { (history[$0].at, $0) < (history[$1].at, $1) }.map { history[$0] }
    }
}

import Foundation
import InterflowCore
import Logging
import Store

/// What ``PlanBook/restore()`` got back from the store.
public struct PlanBookRestore: Sendable, Hashable {
    /// Skill and site pairs whose share was restored.
    public var shares = 0
    /// Sites whose last routing plan version was restored.
    public var routingVersions = 0
    /// Change orders still scheduled, to apply at their window.
    public var scheduledOrders = 0
    /// Applied change orders the share history lacked, recorded now with the source `restore`.
    public var recoveredShares = 0

    public init(shares: Int = 0, routingVersions: Int = 0, scheduledOrders: Int = 0, recoveredShares: Int = 0) {
        self.shares = shares
        self.routingVersions = routingVersions
        self.scheduledOrders = scheduledOrders
        self.recoveredShares = recoveredShares
    }
}

extension PlanBook {
    /// Takes back from the store what a stopped coordinator left: the latest share of each skill and
    /// site, the routing plan version last sent to each site, and the change orders still scheduled
    /// (not applied nor superseded), which are applied at their window like any other (at the next
    /// rebalance when the window passed while the coordinator was down).
    ///
    /// An applied change order newer than the history's latest share for its site and skill (a
    /// store written before it had a share history, or a history write that failed) sets that share
    /// and is recorded in the history with the source ``ShareChange/Source/restore``, in effect from
    /// the order's window. Call it once, before the rebalancer starts; without a store it does nothing.
    /// - Throws: ``StoreError`` when the store cannot be read.
    @discardableResult
    public func restore() async throws -> PlanBookRestore {
        guard let store else { return PlanBookRestore() }
        var summary = PlanBookRestore()
        var latestAt: [String: [String: Date]] = [:]
        for change in try await store.latestShares() {
            shares[change.skill, default: [:]][change.siteId] = change.share
            recordedShares[change.skill, default: [:]][change.siteId] = change.share
            latestAt[change.skill, default: [:]][change.siteId] = change.at
            history.append(change)
            summary.shares += 1
        }
        history.sort { $0.at < $1.at }
        let versions = try await store.routingVersions()
        for (site, version) in versions { routingVersions[site] = max(routingVersions[site] ?? 0, version) }
        summary.routingVersions = versions.count

        let decoder = AgentProtocol.makeDecoder()
        var recovered: [ShareChange] = []
        var highestId = nextOrder - 1
        for record in try await store.latestChangeOrders() {
            guard var order = try? decoder.decode(ChangeOrder.self, from: Data(record.payload.utf8)) else {
                logger.warning(
                    "stored change order not restored: its payload is not a change order",
                    metadata: ["site.id": "\(record.siteId)", "change_order.row": "\(record.id ?? 0)", "store.location": "\(store.location)"])
                continue
            }
            highestId = max(highestId, order.id)
            switch record.status {
            case .pending, .sent:
                guard !orders.contains(where: { $0.siteId == order.siteId && $0.skill == order.skill && $0.status == .scheduled }) else { continue }
                order.status = .scheduled
                orders.append(order)
                summary.scheduledOrders += 1
            case .applied:
                if let at = latestAt[order.skill]?[order.siteId], at >= order.effectiveAt { continue }
                shares[order.skill, default: [:]][order.siteId] = order.toShare
                if let change = shareChange(skill: order.skill, siteId: order.siteId, share: order.toShare, at: order.effectiveAt, source: .restore) {
                    recovered.append(change)
                }
            case .failed, .cancelled:
                continue
            }
        }
        nextOrder = highestId + 1
        orders.sort { ($0.effectiveAt, $0.id) < ($1.effectiveAt, $1.id) }
        summary.recoveredShares = recovered.count
        await recordShareChanges(recovered)
        return summary
    }
}

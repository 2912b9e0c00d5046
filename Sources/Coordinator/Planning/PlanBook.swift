import Foundation
import InterflowCore
import Logging
import Planning
import Store
import Synchronization

/// One recorded decision: a plan, a change order or a route, with its explanation.
public struct Decision: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable {
        case overflow, changeOrder = "change-order", delivery, route
    }
    /// Increasing id: `GET /v1/decisions?since=ID` lists the later ones.
    public var id: Int
    public var at: Date
    public var kind: Kind
    public var skill: String?
    public var siteIds: [String]
    public var explanation: Explanation
}

/// A network-delivered percentage to set at the outsourcer's next change window.
public struct ChangeOrder: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable, Hashable { case scheduled, applied, superseded }
    public var id: Int
    public var siteId: String
    public var skill: String
    public var fromShare: Double
    public var toShare: Double
    /// The change window at which the carrier network applies it.
    public var effectiveAt: Date
    public var status: Status
    public var reason: String

    public init(
        id: Int, siteId: String, skill: String, fromShare: Double, toShare: Double, effectiveAt: Date, status: Status, reason: String
    ) {
        self.id = id
        self.siteId = siteId
        self.skill = skill
        self.fromShare = fromShare
        self.toShare = toShare
        self.effectiveAt = effectiveAt
        self.status = status
        self.reason = reason
    }
}

/// The coordinator's current shares, applied routing versions, change orders and decision log.
///
/// With a store, every change of the shares the sites are given is written to its share history
/// (``ShareChange``), as is the routing plan version sent to each site and each change order's
/// status, so that ``restore()`` picks up where a stopped coordinator left off.
public actor PlanBook {
    var shares: [String: [String: Double]] = [:]  // skill → site → share
    var routingVersions: [String: Int] = [:]
    var orders: [ChangeOrder] = []
    private var decisions: [Decision] = []
    private var nextDecision = 1
    var nextOrder = 1
    private let capacity: Int
    /// The sites per skill the router chooses from, refreshed by every rebalance; behind a lock of
    /// its own rather than the actor, as routing is the hot path (``route(_:segment:topPriority:threshold:abandonCost:)``).
    nonisolated let board = Mutex(RoutingBoard())
    /// Skill → site → the share last put in the history (what the history says is in effect).
    var recordedShares: [String: [String: Double]] = [:]
    /// The latest share changes, oldest first (at most `historyCapacity`): the history without a store.
    var history: [ShareChange] = []
    let historyCapacity: Int
    /// Share changes the store refused, written before the next ones (at most `historyCapacity`).
    var unwritten: [ShareChange] = []

    let store: (any FederationStore)?
    let logger: Logger

    /// - Parameters:
    ///   - capacity: decisions kept in memory (oldest dropped first).
    ///   - historyCapacity: share changes kept in memory, and unwritten ones kept for the store.
    ///   - store: where decisions, change orders, share changes and routing versions are also written, if any.
    ///   - logger: where failed store writes are reported.
    public init(
        capacity: Int = 20_000, historyCapacity: Int = 100_000, store: (any FederationStore)? = nil,
        logger: Logger = Logger(label: "interflow.plan-book", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.capacity = capacity
        self.historyCapacity = historyCapacity
        self.store = store
        self.logger = logger
    }

    public func shares(of skill: String) -> [String: Double] { shares[skill] ?? [:] }

    /// Sets the shares of a skill after a rebalance; the sites whose share moved by `shareTolerance`
    /// or more (or that had none) go to the share history as one batch.
    public func setShares(_ values: [String: Double], skill: String, at: Date = Date()) async {
        shares[skill] = values
        let changes = values.keys.sorted().compactMap { site in
            shareChange(skill: skill, siteId: site, share: values[site]!, at: at, source: .rebalance)
        }
        await recordShareChanges(changes)
    }

    /// The share a network-delivered site has now (set by the last applied change order).
    public func networkShare(siteId: String, skill: String) -> Double? { shares[skill]?[siteId] }

    /// The next routing plan version for a site; with a store, recorded there as sent.
    public func nextRoutingVersion(siteId: String, reportedVersion: Int?, at: Date = Date()) async -> Int {
        let next = max(routingVersions[siteId] ?? 0, reportedVersion ?? 0) + 1
        routingVersions[siteId] = next
        if let store {
            do {
                try await store.recordRoutingVersion(siteId: siteId, version: next, at: at)
            } catch {
                logger.error(
                    "routing plan version not written to the store; after a restart the agent's reported version is used",
                    metadata: [
                        "site.id": "\(siteId)", "routing.version": "\(next)", "store.location": "\(store.location)", "store.error": "\(error)",
                    ])
            }
        }
        return next
    }

    /// The routing plan version last given to each site.
    public func sentRoutingVersions() -> [String: Int] { routingVersions }

    /// Records a decision in memory and, with a store, in the stored audit log (a failed write is
    /// kept in memory and reported in the decision's own log line, never silently dropped).
    @discardableResult
    public func record(_ kind: Decision.Kind, skill: String?, sites: [String], explanation: Explanation, at: Date = Date()) async -> Decision {
        var decision = Decision(id: nextDecision, at: at, kind: kind, skill: skill, siteIds: sites, explanation: explanation)
        nextDecision += 1
        if let store {
            let detail = (try? String(decoding: AgentProtocol.makeEncoder().encode(decision), as: UTF8.self)) ?? "{}"
            do {
                _ = try await store.appendDecisions([DecisionRecord(at: at, kind: kind.rawValue, summary: explanation.summary, detail: detail)])
            } catch {
                decision.explanation.details.append("not written to the store: \(error)")
            }
        }
        decisions.append(decision)
        if decisions.count > capacity { decisions.removeFirst(decisions.count - capacity) }
        return decision
    }

    /// Decisions after `id`, oldest first, at most `limit`.
    public func decisions(after id: Int, limit: Int = 500) -> [Decision] {
        Array(decisions.lazy.filter { $0.id > id }.prefix(limit))
    }

    /// Decisions at or after `date`, oldest first, at most `limit`.
    public func decisions(since date: Date, limit: Int = 500) -> [Decision] {
        Array(decisions.lazy.filter { $0.at >= date }.prefix(limit))
    }

    /// Schedules (or replaces) the change order of a site and skill for its next window.
    @discardableResult
    public func schedule(siteId: String, skill: String, from: Double, to: Double, effectiveAt: Date, reason: String) async -> ChangeOrder {
        var superseded: [ChangeOrder] = []
        for index in orders.indices where orders[index].siteId == siteId && orders[index].skill == skill && orders[index].status == .scheduled {
            orders[index].status = .superseded
            superseded.append(orders[index])
        }
        for order in superseded { await persist(order, status: .cancelled) }
        let order = ChangeOrder(
            id: nextOrder, siteId: siteId, skill: skill, fromShare: from, toShare: to, effectiveAt: effectiveAt, status: .scheduled, reason: reason)
        nextOrder += 1
        orders.append(order)
        await persist(order, status: .pending)
        return order
    }

    /// Writes a change order to the store (each status change is a row of its own); a failed write
    /// is logged as an error.
    private func persist(_ order: ChangeOrder, status: ChangeOrderRecord.Status) async {
        guard let store else { return }
        do {
            let payload = String(decoding: try AgentProtocol.makeEncoder().encode(order), as: UTF8.self)
            _ = try await store.insertChangeOrder(
                ChangeOrderRecord(
                    siteId: order.siteId, skill: order.skill, createdAt: Date(), effectiveAt: order.effectiveAt, status: status, payload: payload))
        } catch {
            logger.error(
                "change order not written to the store; it is kept in memory until the coordinator stops",
                metadata: [
                    "site.id": "\(order.siteId)", "skill.id": "\(order.skill)", "change_order.id": "\(order.id)",
                    "change_order.status": "\(status.rawValue)", "store.location": "\(store.location)", "store.error": "\(error)",
                ])
        }
    }

    /// Applies every scheduled order whose window has come; returns them. Each new percentage goes
    /// to the share history as in effect from the order's window.
    public func applyDueOrders(now: Date) async -> [ChangeOrder] {
        var applied: [ChangeOrder] = []
        var changes: [ShareChange] = []
        for index in orders.indices where orders[index].status == .scheduled && orders[index].effectiveAt <= now {
            orders[index].status = .applied
            let order = orders[index]
            shares[order.skill, default: [:]][order.siteId] = order.toShare
            if let change = shareChange(skill: order.skill, siteId: order.siteId, share: order.toShare, at: order.effectiveAt, source: .changeOrder) {
                changes.append(change)
            }
            applied.append(order)
        }
        for order in applied { await persist(order, status: .applied) }
        await recordShareChanges(changes)
        return applied
    }

    public func changeOrders() -> [ChangeOrder] { orders }
}

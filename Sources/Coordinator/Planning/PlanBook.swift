import Foundation
import InterflowCore
import Planning
import Store

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
}

/// The coordinator's current shares, applied routing versions, change orders and decision log.
public actor PlanBook {
    private var shares: [String: [String: Double]] = [:]  // skill → site → share
    private var routingVersions: [String: Int] = [:]
    private var orders: [ChangeOrder] = []
    private var decisions: [Decision] = []
    private var nextDecision = 1
    private var nextOrder = 1
    private let capacity: Int
    /// The sites per skill the router chooses from, refreshed by every rebalance.
    var routeCandidates: [String: [RouteCandidate]] = [:]

    private let store: (any FederationStore)?

    /// - Parameters:
    ///   - capacity: decisions kept in memory (oldest dropped first).
    ///   - store: where decisions and change orders are also written (the audit log), if any.
    public init(capacity: Int = 20_000, store: (any FederationStore)? = nil) {
        self.capacity = capacity
        self.store = store
    }

    public func shares(of skill: String) -> [String: Double] { shares[skill] ?? [:] }

    public func setShares(_ values: [String: Double], skill: String) { shares[skill] = values }

    /// The share a network-delivered site has now (set by the last applied change order).
    public func networkShare(siteId: String, skill: String) -> Double? { shares[skill]?[siteId] }

    /// The next routing plan version for a site.
    public func nextRoutingVersion(siteId: String, reportedVersion: Int?) -> Int {
        let next = max(routingVersions[siteId] ?? 0, reportedVersion ?? 0) + 1
        routingVersions[siteId] = next
        return next
    }

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
        for index in orders.indices where orders[index].siteId == siteId && orders[index].skill == skill && orders[index].status == .scheduled {
            orders[index].status = .superseded
        }
        let order = ChangeOrder(
            id: nextOrder, siteId: siteId, skill: skill, fromShare: from, toShare: to, effectiveAt: effectiveAt, status: .scheduled, reason: reason)
        nextOrder += 1
        orders.append(order)
        await persist(order, status: .pending)
        return order
    }

    /// Writes a change order to the store (each status change is a row of its own).
    private func persist(_ order: ChangeOrder, status: ChangeOrderRecord.Status) async {
        guard let store, let payload = try? String(decoding: AgentProtocol.makeEncoder().encode(order), as: UTF8.self) else { return }
        _ = try? await store.insertChangeOrder(
            ChangeOrderRecord(siteId: order.siteId, createdAt: Date(), effectiveAt: order.effectiveAt, status: status, payload: payload))
    }

    /// Applies every scheduled order whose window has come; returns them.
    public func applyDueOrders(now: Date) async -> [ChangeOrder] {
        var applied: [ChangeOrder] = []
        for index in orders.indices where orders[index].status == .scheduled && orders[index].effectiveAt <= now {
            orders[index].status = .applied
            shares[orders[index].skill, default: [:]][orders[index].siteId] = orders[index].toShare
            applied.append(orders[index])
        }
        for order in applied { await persist(order, status: .applied) }
        return applied
    }

    public func changeOrders() -> [ChangeOrder] { orders }
}

extension ChangeWindow {
    /// The first window strictly after `date` in the site's time zone.
    public func next(after date: Date, timeZone: String) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? .gmt
        let midnight = calendar.startOfDay(for: date)
        let minutes: [Int]
        switch self {
        case .daily(let list): minutes = list.sorted()
        case .every(let step): minutes = Array(stride(from: 0, to: 1440, by: max(step, 1)))
        }
        for dayOffset in 0...2 {
            guard let day = calendar.date(byAdding: .day, value: dayOffset, to: midnight) else { continue }
            for minute in minutes {
                if let candidate = calendar.date(byAdding: .minute, value: minute, to: day), candidate > date { return candidate }
            }
        }
        return date.addingTimeInterval(86_400)
    }
}

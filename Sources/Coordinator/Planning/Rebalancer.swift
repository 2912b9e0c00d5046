import Foundation
import InterflowCore
import Logging
import Planning
import Polling
import ServiceLifecycle

/// Real-time rebalancing: on every tick, per skill, an overflow plan from live state, delivered
/// as the modes allow, and recorded with its explanation.
///
/// - enterprise-routed: the site's redirect shares and interflow thresholds go out at once with
///   `PUT /v1/routing` (a new version; retried with backoff; idempotent at the agent);
/// - network-delivered: a change order for the outsourcer's next change window, applied when the
///   window comes;
/// - in-house and virtualized: pooled, used contact by contact through `POST /v1/route`.
public struct Rebalancer: Service {
    let state: FederationState
    let book: PlanBook
    let client: CurlMultiClient
    let targets: [String: PollTarget]
    let logger: Logger
    let every: Duration

    public init(state: FederationState, book: PlanBook, client: CurlMultiClient, targets: [PollTarget], logger: Logger) {
        self.state = state
        self.book = book
        self.client = client
        self.targets = Dictionary(targets.map { ($0.site.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.logger = logger
        self.every = .milliseconds(Int(state.federation.config.coordinator.rebalanceSeconds * 1000))
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: every)
                if Task.isCancelled { break }
                _ = await tick()
            }
        }
    }

    /// One rebalance: returns the plans made (empty where no skill has demand data yet).
    @discardableResult
    public func tick(now: Date = Date()) async -> [OverflowPlan] {
        let federation = state.federation
        let snapshots = await state.planningSnapshots()
        // Change windows follow the sites' own clocks (simulated sites run ahead of the wall clock).
        let siteNow = snapshots.values.compactMap { $0.status?.asOf }.max() ?? now
        for order in await book.applyDueOrders(now: siteNow) {
            await book.record(
                .changeOrder, skill: order.skill, sites: [order.siteId],
                explanation: Explanation(
                    summary: "change window: \(order.siteId)'s network percentage for \(order.skill) is now \(percent(order.toShare))",
                    rule: "network-delivered percentages change only at the outsourcer's change window", details: [order.reason]),
                at: now)
        }
        var plans: [OverflowPlan] = []
        var changedSites = Set<String>()
        var thresholds: [String: [String: Double]] = [:]
        for skill in federation.config.skills {
            let current = await book.shares(of: skill.id)
            let (demand, sites) = PlanningInputs.build(
                skill: skill, federation: federation.config, sites: federation.sites, snapshots: snapshots, shares: current, now: siteNow)
            await book.setRouteCandidates(RouteCandidates.build(skill: skill.id, sites: sites, snapshots: snapshots), skill: skill.id)
            guard demand.arrivalRate > 0, !sites.isEmpty else { continue }
            let plan = OverflowPlanner.plan(demand: demand, sites: sites)
            plans.append(plan)
            var newShares = current
            for site in plan.sites { newShares[site.siteId] = site.mode == .networkDelivered ? site.previousShare : site.share }
            // On the sites' clock, like the closed intervals the contract reviews weigh the shares by.
            await book.setShares(newShares, skill: skill.id, at: siteNow)
            for site in plan.sites where site.mode == .enterpriseRouted {
                if let threshold = site.interflowThresholdSeconds { thresholds[site.siteId, default: [:]][skill.id] = threshold }
                if plan.changed && abs(site.share - site.previousShare) > 1e-9 { changedSites.insert(site.siteId) }
            }
            if plan.changed {
                await book.record(.overflow, skill: skill.id, sites: plan.sites.map(\.siteId), explanation: plan.explanation, at: now)
            }
            await orderNetworkChanges(skill: skill, demand: demand, sites: sites, now: siteNow, recordedAt: now)
        }
        for siteId in changedSites.sorted() {
            await deliver(siteId: siteId, thresholds: thresholds[siteId] ?? [:], reportedVersion: snapshots[siteId]?.status?.routingVersion, at: now)
        }
        return plans
    }

    /// What the network-delivered sites' percentages should be if they could change now: where it
    /// differs from the current percentage by more than the deadband, a change order for the next window.
    func orderNetworkChanges(skill: SkillConfig, demand: SkillDemand, sites: [SiteCapacity], now: Date, recordedAt: Date) async {
        guard sites.contains(where: { $0.mode == .networkDelivered && $0.excludedBecause == nil }) else { return }
        let free = sites.map { site -> SiteCapacity in
            var copy = site
            if copy.mode == .networkDelivered { copy.mode = .enterpriseRouted }
            return copy
        }
        let desired = OverflowPlanner.plan(demand: demand, sites: free)
        let scheduled = await book.changeOrders().filter { $0.status == .scheduled && $0.skill == skill.id }
        for (site, want) in zip(sites, desired.sites) where site.mode == .networkDelivered && site.excludedBecause == nil {
            guard abs(want.share - site.currentShare) > 0.03,
                !scheduled.contains(where: { $0.siteId == site.siteId && abs($0.toShare - want.share) <= 0.03 }),
                let config = state.federation.site(site.siteId), let window = config.contract?.changeWindow
            else { continue }
            let at = window.next(after: now, timeZone: config.timeZone)
            let reason =
                "\(site.siteId) \(percent(site.currentShare)) → \(percent(want.share)) of \(skill.id): "
                + "predicted wait there \(Int(want.predictedWaitSeconds.rounded())) s at the new share; \(desired.explanation.summary)"
            let order = await book.schedule(
                siteId: site.siteId, skill: skill.id, from: site.currentShare, to: want.share, effectiveAt: at, reason: reason)
            await book.record(
                .changeOrder, skill: skill.id, sites: [site.siteId],
                explanation: Explanation(
                    summary:
                        "change order #\(order.id): set \(site.siteId)'s network percentage for \(skill.id) to \(percent(want.share)) at \(at.formatted(.iso8601))",
                    rule: "minimum expected delay; network-delivered percentages change only at the outsourcer's change window",
                    details: [reason]),
                at: recordedAt)
        }
    }

    /// Sends an enterprise-routed site its new plan: every skill's share and interflow threshold.
    func deliver(siteId: String, thresholds: [String: Double], reportedVersion: Int?, at now: Date) async {
        guard let target = targets[siteId] else { return }
        var shares: [String: Double] = [:]
        for skill in target.site.skills { shares[skill] = await book.shares(of: skill)[siteId] ?? 0 }
        let version = await book.nextRoutingVersion(siteId: siteId, reportedVersion: reportedVersion)
        let plan = RoutingPlan(version: version, shares: shares, interflowThresholds: thresholds.isEmpty ? nil : thresholds)
        guard let body = try? Array(AgentProtocol.makeEncoder().encode(plan)) else { return }
        var failure = "not sent"
        for attempt in 0..<4 {
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(250 << attempt)) }
            do {
                let response = try await client.perform(target.request(path: AgentProtocol.routingPath, method: .put, body: body))
                if response.status == 200 {
                    await book.record(
                        .delivery, skill: nil, sites: [siteId],
                        explanation: Explanation(
                            summary: "sent routing plan v\(version) to \(siteId): "
                                + shares.keys.sorted().map { "\($0) \(percent(shares[$0]!))" }.joined(separator: ", "),
                            rule: "enterprise-routed redirect shares change at once, within the contract's bounds"),
                        at: now)
                    return
                }
                failure = "HTTP \(response.status): \(String(decoding: response.body.prefix(300), as: UTF8.self))"
                if response.status < 500 { break }  // the agent refused it: retrying will not help
            } catch {
                failure = "\(error)"
            }
        }
        logger.warning(
            "routing plan not delivered", metadata: ["site.id": "\(siteId)", "routing.version": "\(version)", "delivery.reason": "\(failure)"])
        await book.record(
            .delivery, skill: nil, sites: [siteId],
            explanation: Explanation(summary: "routing plan v\(version) for \(siteId) was not delivered: \(failure)", rule: "retried with backoff"),
            at: now)
    }
}

func percent(_ fraction: Double) -> String { Explanation.percent(fraction) }

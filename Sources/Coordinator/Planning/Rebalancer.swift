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
    public func tick(now: Date = Date()) async -> [SharePlan] {
        let federation = state.federation
        let observations = await state.observations()
        // Change windows follow the sites' own clocks (simulated sites run ahead of the wall clock).
        let siteNow = observations.values.compactMap { $0.status?.asOf }.max() ?? now
        for order in await book.applyDueOrders(now: siteNow) {
            await book.record(
                .changeOrder, skill: order.skill, sites: [order.siteId],
                explanation: Explanation(
                    summary: "change window: \(order.siteId)'s network percentage for \(order.skill) is now \(percent(order.toShare))",
                    rule: "network-delivered percentages change only at the outsourcer's change window", details: [order.reason]),
                at: now)
        }
        var plans: [SharePlan] = []
        var redirected = Set<String>()
        var thresholds: [String: [String: Double]] = [:]
        let orders = await book.changeOrders().filter { $0.status == .scheduled }
        let windows = Rebalance.changeWindows(sites: federation.sites, after: siteNow)
        // Each site's observation looked up once for every skill.
        let observed = federation.sites.map { observations[$0.id] }
        for skill in federation.config.skills {
            let scheduled = Dictionary(
                orders.filter { $0.skill == skill.id }.map { ($0.siteId, $0.toShare) }, uniquingKeysWith: { _, last in last })
            let outcome = Rebalance.skill(
                skill, federation: federation.config, sites: federation.sites, observed: observed,
                current: await book.shares(of: skill.id), scheduled: scheduled, now: siteNow, policy: federation.config.coordinator.policy,
                windows: windows)
            book.setRouteCandidates(outcome.candidates, skill: skill.id)
            guard let plan = outcome.plan else { continue }
            plans.append(plan)
            // On the sites' clock, like the closed intervals the contract reviews weigh the shares by.
            await book.setShares(outcome.shares, skill: skill.id, at: siteNow)
            for (site, threshold) in outcome.thresholds { thresholds[site, default: [:]][skill.id] = threshold }
            redirected.formUnion(outcome.redirected)
            if plan.changed {
                await book.record(.overflow, skill: skill.id, sites: plan.sites.map(\.siteId), explanation: plan.explanation, at: now)
            }
            for change in outcome.networkChanges { await order(change, recordedAt: now) }
        }
        for siteId in redirected.sorted() {
            await deliver(
                siteId: siteId, thresholds: thresholds[siteId] ?? [:], reportedVersion: observations[siteId]?.status?.routingVersion, at: now)
        }
        return plans
    }

    /// Schedules a network-delivered percentage for the outsourcer's next change window, with its decision.
    func order(_ change: NetworkChange, recordedAt: Date) async {
        let order = await book.schedule(
            siteId: change.siteId, skill: change.skill, from: change.fromShare, to: change.toShare, effectiveAt: change.effectiveAt,
            reason: change.reason)
        await book.record(
            .changeOrder, skill: change.skill, sites: [change.siteId],
            explanation: Explanation(
                summary:
                    "change order #\(order.id): set \(change.siteId)'s network percentage for \(change.skill) to \(percent(change.toShare)) "
                    + "at \(change.effectiveAt.formatted(.iso8601))",
                rule: "network-delivered percentages change only at the outsourcer's change window", details: [change.reason]),
            at: recordedAt)
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

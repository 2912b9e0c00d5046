import Foundation
import InterflowCore

/// A network-delivered percentage the planner wants changed at the outsourcer's next change window.
public struct NetworkChange: Sendable, Hashable {
    public var siteId: String
    public var skill: String
    public var fromShare: Double
    public var toShare: Double
    /// The change window at which the carrier network applies it.
    public var effectiveAt: Date
    public var reason: String
}

/// What one rebalance decides for one skill: the plan, the shares now in effect, what each mode
/// gets told, and the routing candidates for per-contact routing.
public struct SkillRebalance: Sendable {
    public var skill: String
    public var demand: SkillDemand
    /// The planner's view of every site taking the skill.
    public var sites: [SiteCapacity]
    /// Per-contact routing candidates until the next rebalance.
    public var candidates: [RouteCandidate]
    /// The plan; nil while no arrivals have been seen (nothing to split).
    public var plan: SharePlan?
    /// The shares in effect after this rebalance, by site id: the plan's, except that a
    /// network-delivered site keeps its percentage until its change window.
    public var shares: [String: Double]
    /// Enterprise-routed sites whose redirect share changed: each needs a new routing plan.
    public var redirected: [String]
    /// Interflow thresholds for enterprise-routed sites, seconds, by site id.
    public var thresholds: [String: Double]
    /// Network percentages to order for the next change window.
    public var networkChanges: [NetworkChange]
}

/// One real-time rebalance of one skill, as the coordinator's rebalancer makes it (and as the
/// policy simulator replays it): the planner's inputs from what the sites show, the share plan of
/// the coordinator's policy, and what each mode may be told.
///
/// - overflow policy: ``OverflowPlanner`` (minimum expected delay).
/// - value policy: ``ValueAllocator`` (maximum expected value within the service-level targets
///   and contracts), with network-delivered percentages held where they are; when the targets
///   cannot all be met the overflow plan is used instead and the explanation says why.
///
/// Enterprise-routed redirect shares change at once; a network-delivered percentage is ordered for
/// the outsourcer's next change window, in the last `orderLead` seconds before it (so the order
/// rests on the latest state), when the plan with the network free would move it by more than the
/// deadband and no order for about that percentage is already scheduled; in-house and virtualized
/// capacity is used contact by contact.
public enum Rebalance {
    /// - Parameters:
    ///   - current: the skill's shares now, by site id (a site without one gets the default share).
    ///   - scheduled: the network percentages already ordered for this skill, by site id.
    ///   - now: the sites' time (change windows follow the sites' clocks).
    ///   - windows: ``changeWindows(sites:after:)`` at `now`, when the caller rebalances several
    ///     skills at once (found here otherwise).
    ///   - explain: false leaves explanations empty (the simulator reads none).
    public static func skill(
        _ skill: SkillConfig, federation: FederationConfig, sites: [SiteConfig], observations: [String: SiteObservation],
        current: [String: Double], scheduled: [String: Double] = [:], now: Date, policy: SharePolicy, deadband: Double = 0.03,
        orderLead: Double = 300, windows: [String: Date]? = nil, explain: Bool = true
    ) -> SkillRebalance {
        self.skill(
            skill, federation: federation, sites: sites, observed: sites.map { observations[$0.id] }, current: current, scheduled: scheduled,
            now: now, policy: policy, deadband: deadband, orderLead: orderLead, windows: windows, explain: explain)
    }

    /// ``skill(_:federation:sites:observations:current:scheduled:now:policy:deadband:orderLead:windows:explain:)``
    /// with each site's observation in `sites`' order (nil where there is none): a caller that
    /// rebalances every skill looks each site's up once, not once per skill.
    public static func skill(
        _ skill: SkillConfig, federation: FederationConfig, sites: [SiteConfig], observed: [SiteObservation?], current: [String: Double],
        scheduled: [String: Double] = [:], now: Date, policy: SharePolicy, deadband: Double = 0.03, orderLead: Double = 300,
        windows: [String: Date]? = nil, explain: Bool = true
    ) -> SkillRebalance {
        let (demand, capacities, takers) = PlanningInputs.build(
            skill: skill, federation: federation, sites: sites, observed: observed, shares: current, now: now)
        let candidates = RouteCandidates.build(skill: skill.id, sites: capacities, observed: takers)
        var outcome = SkillRebalance(
            skill: skill.id, demand: demand, sites: capacities, candidates: candidates, plan: nil, shares: current, redirected: [],
            thresholds: [:], networkChanges: [])
        guard demand.arrivalRate > 0, !capacities.isEmpty else { return outcome }
        let plan = sharePlan(demand: demand, sites: capacities, policy: policy, deadband: deadband, explain: explain)
        outcome.plan = plan
        for site in plan.sites {
            outcome.shares[site.siteId] = site.mode == .networkDelivered ? site.previousShare : site.share
            guard site.mode == .enterpriseRouted else { continue }
            if let threshold = site.interflowThresholdSeconds { outcome.thresholds[site.siteId] = threshold }
            if plan.changed && abs(site.share - site.previousShare) > 1e-9 { outcome.redirected.append(site.siteId) }
        }
        outcome.networkChanges = networkChanges(
            skill: skill.id, demand: demand, sites: capacities, windows: windows ?? changeWindows(sites: sites, after: now),
            scheduled: scheduled, now: now, policy: policy, deadband: deadband, orderLead: orderLead, explain: explain)
        return outcome
    }

    /// The next change window of every network-delivered site that has one, by site id: the same
    /// for every skill of a rebalance, so found once for all of them (each is a few time-zone
    /// offset lookups).
    public static func changeWindows(sites: [SiteConfig], after now: Date) -> [String: Date] {
        var windows: [String: Date] = [:]
        var seen = Set<String>()
        for index in sites.indices {
            // The first configuration of an id only (the loader allows one per id).
            guard seen.insert(sites[index].id).inserted, sites[index].mode == .networkDelivered,
                let window = sites[index].contract?.changeWindow
            else { continue }
            windows[sites[index].id] = window.next(after: now, timeZone: sites[index].timeZone)
        }
        return windows
    }

    /// The policy's plan for the sites as they are (network-delivered percentages held).
    static func sharePlan(demand: SkillDemand, sites: [SiteCapacity], policy: SharePolicy, deadband: Double, explain: Bool) -> SharePlan {
        switch policy {
        case .overflow:
            return OverflowPlanner.plan(demand: demand, sites: sites, deadband: deadband, explain: explain)
        case .value:
            // The carrier keeps a network-delivered percentage until its window: pin it.
            let pinned = sites.map { site -> SiteCapacity in
                var copy = site
                if copy.mode == .networkDelivered { copy.bounds = ShareBounds(min: copy.currentShare, max: copy.currentShare) }
                return copy
            }
            switch ValueAllocator.allocate(demand: demand, sites: pinned, explain: explain) {
            case .plan(let allocation):
                return SharePlan(allocation: allocation, demand: demand, sites: sites, deadband: deadband, explain: explain)
            case .infeasible(let problem):
                var plan = OverflowPlanner.plan(demand: demand, sites: sites, deadband: deadband, explain: explain)
                if explain {
                    plan.explanation.rule =
                        "value allocation infeasible (\(problem.constraint.rawValue): \(problem.message)), so minimum expected delay: "
                        + plan.explanation.rule
                }
                return plan
            }
        }
    }

    /// Network-delivered percentages worth ordering: the policy's plan with those sites free to
    /// move, where a share would move by more than the deadband and nothing close is already ordered.
    /// - Parameter windows: each network-delivered site's next change window (``changeWindows(sites:after:)``).
    static func networkChanges(
        skill: String, demand: SkillDemand, sites: [SiteCapacity], windows: [String: Date], scheduled: [String: Double], now: Date,
        policy: SharePolicy, deadband: Double, orderLead: Double, explain: Bool
    ) -> [NetworkChange] {
        // The network-delivered sites whose next change window is near.
        var near: [String: Date] = [:]
        for site in sites where site.mode == .networkDelivered && site.excludedBecause == nil {
            if let next = windows[site.siteId], next.timeIntervalSince(now) <= orderLead { near[site.siteId] = next }
        }
        guard !near.isEmpty else { return [] }
        let free = sites.map { site -> SiteCapacity in
            var copy = site
            if copy.mode == .networkDelivered { copy.mode = .enterpriseRouted }
            return copy
        }
        let desired = sharePlan(demand: demand, sites: free, policy: policy, deadband: 0, explain: explain)
        var changes: [NetworkChange] = []
        for (site, want) in zip(sites, desired.sites) where site.mode == .networkDelivered && site.excludedBecause == nil {
            guard abs(want.share - site.currentShare) > deadband,
                !(scheduled[site.siteId].map { abs($0 - want.share) <= deadband } ?? false),
                let effectiveAt = near[site.siteId]
            else { continue }
            let reason =
                explain
                ? "\(site.siteId) \(percent(site.currentShare)) → \(percent(want.share)) of \(skill): "
                    + "predicted wait there \(Int(want.predictedWaitSeconds.rounded())) s at the new share; \(desired.explanation.summary)" : ""
            changes.append(
                NetworkChange(
                    siteId: site.siteId, skill: skill, fromShare: site.currentShare, toShare: want.share, effectiveAt: effectiveAt,
                    reason: reason))
        }
        return changes
    }
}

import Foundation
import InterflowCore
import Queueing

/// Real-time cross-site overflow: per skill, the shares that minimise the expected delay of all
/// contacts across the sites that may take more work now.
///
/// Each site is an Erlang A queue with its staffed agents, its AHT and the skill's patience
/// (Garnett, Mandelbaum and Reiman 2002) — not the `(queue + 1) × AHT / agents` rule of thumb. A
/// backlog already waiting adds `waiting / drainHorizon` to the site's arrival rate, so a site
/// with a queue looks as loaded as it is. The planner minimises the waiting time all contacts
/// accumulate per second, Σ (λᵢ + bᵢ) Wᵢ(λᵢ + bᵢ) (``SiteCapacity/delay(at:)``), which is convex in
/// the split, so ``ConcaveAllocator`` finds the optimum by equalising marginal delays. Each site is
/// held to what it can take at its service-level target (as in ``ValueAllocator``: every site of a
/// federation of up to fifty, beyond that only the sites that would miss it); only if the sites
/// cannot take the whole volume at target is that limit lifted (and said so).
///
/// Modes decide what may change: an enterprise-routed redirect share changes now within the
/// contract's bounds; a network-delivered percentage stays as it is until the outsourcer's change
/// window (the plan says what to order); in-house and virtualized capacity is pooled and used
/// contact by contact. Stale or down sites get no new work and their share goes to the others.
/// Hysteresis: no change is made unless some share moves by more than `deadband` or the current
/// split is predicted to miss a site's service-level target.
///
/// - Complexity: O(n · k) queue evaluations for n sites and k ≈ 5–10 Newton steps, plus a capacity
///   search per site whose capacity is not yet remembered (up to fifty sites) or whose
///   service-level target binds (beyond).
public enum OverflowPlanner {
    /// - Parameter explain: false leaves the explanation empty (the simulator reads none).
    public static func plan(
        demand: SkillDemand, sites: [SiteCapacity], deadband: Double = 0.03, drainHorizon: Double = 900, explain: Bool = true
    ) -> SharePlan {
        let total = demand.arrivalRate
        // Network-delivered shares are fixed until their window: the rest is split.
        // Reserved: a plan is made for every skill at every rebalance.
        var lower: [Double] = []
        var contractUpper: [Double] = []
        var free: [Bool] = []
        lower.reserveCapacity(sites.count)
        contractUpper.reserveCapacity(sites.count)
        free.reserveCapacity(sites.count)
        for site in sites {
            if site.excludedBecause != nil || site.agents == 0 {
                lower.append(0)
                contractUpper.append(0)
                free.append(false)
            } else if site.mode == .networkDelivered {
                lower.append(site.currentShare * total)
                contractUpper.append(site.currentShare * total)
                free.append(false)
            } else {
                // The contract's minimum holds even when the site is behind: it is paid for.
                lower.append(site.bounds.min * total)
                contractUpper.append(max(site.bounds.max, site.bounds.min) * total)
                free.append(true)
            }
        }
        let backlog = sites.map { Double($0.waiting) / drainHorizon }
        let parties = sites.indices.map { index in
            let site = sites[index]
            let b = backlog[index]
            return ConcaveAllocator.Party(lower: lower[index], upper: contractUpper[index], scale: site.serviceRate) { rate in
                let d = site.delay(at: rate + b)
                return RateCurvePoint(value: -d.value, slope: -d.slope, curvature: -d.curvature)
            }
        }
        let upperSum = contractUpper.reduce(0, +)
        let lowerSum = lower.reduce(0, +)
        var relaxed = false
        var metrics = [QueueMetrics?](repeating: nil, count: sites.count)
        let starts = sites.startingSplits(total: total)
        var amounts: [Double]
        if upperSum <= 0 {
            amounts = Array(repeating: 0, count: sites.count)
        } else if upperSum < total || lowerSum > total {
            // Short even within the contracts (contract maximums, excluded sites): scale within the bounds.
            let target = min(max(total, lowerSum), upperSum)
            amounts = contractUpper.map { $0 / upperSum * target }
            relaxed = true
        } else {
            // Service-level capacities where they bind, found as needed.
            let split = TargetHeldSplit.solve(
                total: total, parties: parties, sites: sites, free: free, lower: lower, contractUpper: contractUpper, backlog: backlog,
                demand: demand, starts: starts)
            if split.short {
                // The sites cannot take it all at target: minimise delay within the contracts alone.
                relaxed = true
                amounts = ConcaveAllocator.allocate(total: total, parties: parties, starts: split.amounts.isEmpty ? starts : [split.amounts]).amounts
            } else {
                amounts = split.amounts
                metrics = split.metrics
                for index in sites.indices where split.capacity[index] != nil { metrics[index] = nil }
            }
        }

        var shares = amounts.map { total > 0 ? $0 / total : 0 }
        let current = sites.map(\.currentShare)
        let moved = zip(shares, current).map { abs($0 - $1) }.max() ?? 0
        let excludedHoldShare = sites.indices.contains { sites[$0].excludedBecause != nil && current[$0] > 0 }
        var changed = moved > deadband || excludedHoldShare
        if !changed {
            // Inside the deadband: change only if the current split misses a site's target. The
            // figures at the current split are those of the plan if it is kept.
            var atCurrent = [QueueMetrics?](repeating: nil, count: sites.count)
            changed = sites.indices.contains { index in
                let site = sites[index]
                guard site.excludedBecause == nil, site.agents > 0, current[index] > 0 else { return false }
                let figures = site.metrics(rate: current[index] * total + backlog[index], threshold: demand.threshold)
                atCurrent[index] = figures
                return figures.serviceLevel < demand.serviceLevelTarget
            }
            if !changed {
                shares = current
                metrics = atCurrent
            }
        }

        var planned: [SharePlan.Site] = []
        planned.reserveCapacity(sites.count)
        for (index, site) in sites.enumerated() {
            let rate = shares[index] * total
            let eligible = site.excludedBecause == nil && site.agents > 0
            let figures = eligible ? (metrics[index] ?? site.metrics(rate: rate + backlog[index], threshold: demand.threshold)) : nil
            let wait = figures.map { $0.meanWait.isFinite ? $0.meanWait : 1e9 } ?? 1e9
            let delivery: SharePlan.Delivery
            switch site.mode {
            case .enterpriseRouted: delivery = changed ? .redirectShare : .none
            case .networkDelivered: delivery = .changeOrder
            case .inHouse, .virtualized: delivery = .perContact
            }
            planned.append(
                SharePlan.Site(
                    siteId: site.siteId, mode: site.mode, share: shares[index], previousShare: current[index], delivery: delivery,
                    predictedWaitSeconds: wait, predictedServiceLevel: figures?.serviceLevel ?? 0, interflowThresholdSeconds: nil,
                    excludedBecause: site.excludedBecause ?? (site.agents == 0 ? "no agents staffed" : nil)))
        }
        // Interflow: a contact waiting past the threshold at a site predicted to miss its target
        // moves to a site predicted to answer well within it.
        let bestWait = planned.filter { $0.excludedBecause == nil && $0.mode.acceptsPerContactRouting }.map(\.predictedWaitSeconds).min()
        for index in planned.indices where planned[index].excludedBecause == nil {
            if planned[index].predictedServiceLevel < demand.serviceLevelTarget, let best = bestWait, best < demand.threshold / 2 {
                planned[index].interflowThresholdSeconds = demand.threshold
            }
        }
        return SharePlan(
            skill: demand.skill, perHour: total * 3600, sites: planned, changed: changed,
            explanation: explain
                ? self.explain(demand: demand, sites: sites, planned: planned, changed: changed, relaxed: relaxed, moved: moved)
                : Explanation(summary: "", rule: ""))
    }

    /// Mean wait of all contacts at `site` with `rate` arrivals per second plus its backlog.
    static func waitSeconds(_ site: SiteCapacity, rate: Double, demand: SkillDemand, drainHorizon: Double) -> Double {
        let metrics = site.metrics(rate: rate + Double(site.waiting) / drainHorizon, threshold: demand.threshold)
        return metrics.meanWait.isFinite ? metrics.meanWait : 1e9
    }

    static func explain(demand: SkillDemand, sites: [SiteCapacity], planned: [SharePlan.Site], changed: Bool, relaxed: Bool, moved: Double)
        -> Explanation
    {
        let details = Explanation.details(
            count: sites.count,
            notability: { index in
                let plan = planned[index]
                if plan.excludedBecause != nil { return 10 }
                return abs(plan.share - plan.previousShare) + (plan.interflowThresholdSeconds != nil ? 1 : 0)
                    + (plan.predictedServiceLevel < demand.serviceLevelTarget ? 0.5 : 0)
            },
            line: { index in
                let (site, plan) = (sites[index], planned[index])
                if let reason = plan.excludedBecause { return "\(site.siteId): no new work: \(reason)" }
                return "\(site.siteId) (\(site.mode.rawValue)): \(site.agents) agents, \(site.waiting) waiting, AHT \(Int(site.handleTime)) s; "
                    + "share \(percent(plan.previousShare)) → \(percent(plan.share)); predicted wait \(Int(plan.predictedWaitSeconds.rounded())) s, "
                    + "SL \(percent(plan.predictedServiceLevel))"
                    + (plan.interflowThresholdSeconds.map { "; interflow after \(Int($0)) s" } ?? "")
            },
            rest: { "… and \($0) more sites whose share moved less, each meeting its target (every figure is in the plan's sites)" })
        let summary: String
        if !changed {
            summary =
                "\(demand.skill): shares kept (largest move \(percent(moved)) is inside the \(percent(0.03)) deadband and every site meets its target)"
        } else {
            let gains = planned.filter { $0.share > $0.previousShare + 0.005 }.sorted { $0.share - $0.previousShare > $1.share - $1.previousShare }
            let losses = planned.filter { $0.share < $0.previousShare - 0.005 }.sorted { $0.previousShare - $0.share > $1.previousShare - $1.share }
            if let from = losses.first, let to = gains.first {
                let fromSite = sites.first { $0.siteId == from.siteId }
                let toSite = sites.first { $0.siteId == to.siteId }
                let idle = max((toSite?.agents ?? 0) - (toSite?.busy ?? 0), 0)
                var text = "moved \(percent(from.previousShare - from.share)) of \(demand.skill) from \(from.siteId) to \(to.siteId): "
                if let reason = from.excludedBecause {
                    text += "\(from.siteId) \(reason)"
                } else {
                    let before =
                        fromSite.map { waitSeconds($0, rate: from.previousShare * demand.arrivalRate, demand: demand, drainHorizon: 900) } ?? 0
                    text += "\(from.siteId) EWT \(Int(before.rounded())) s vs target \(Int(demand.threshold)) s"
                }
                text += "; \(to.siteId) \(idle) idle agents"
                summary = text
            } else {
                summary = "\(demand.skill): shares rebalanced to minimise expected delay"
            }
        }
        var rule = "minimum expected delay (Erlang A per site, marginal delays equalised) within contract bounds and service-level capacity"
        if relaxed { rule += "; the sites cannot take the volume at target, so delay is minimised within the contracts alone" }
        return Explanation(summary: summary, rule: rule, details: details)
    }
}

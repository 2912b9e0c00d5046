import Foundation
import InterflowCore
import Queueing

/// One skill's real-time overflow plan: the shares and interflow thresholds across the sites
/// that take the skill, with the predictions behind them.
public struct OverflowPlan: Sendable, Hashable, Codable {
    public struct Site: Sendable, Hashable, Codable {
        public var siteId: String
        public var mode: SiteMode
        /// Share of the skill's arrivals the site should get now.
        public var share: Double
        /// The share it had before this plan.
        public var previousShare: Double
        /// Whether the plan changes the site now (enterprise-routed), at its next change window
        /// (network-delivered), or contact by contact (in-house, virtualized), or not at all.
        public var delivery: Delivery
        public var predictedWaitSeconds: Double
        public var predictedServiceLevel: Double
        /// Seconds a waiting contact may wait here before it is interflowed to another site; nil: never.
        public var interflowThresholdSeconds: Double?
        /// Why the site gets no new work (stale or down), if it gets none.
        public var excludedBecause: String?
    }

    public enum Delivery: String, Sendable, Hashable, Codable {
        case redirectShare = "redirect-share"
        case changeOrder = "change-order"
        case perContact = "per-contact"
        case none
    }

    public var skill: String
    public var perHour: Double
    public var sites: [Site]
    /// False when hysteresis kept the previous shares (no change worth making).
    public var changed: Bool
    public var explanation: Explanation
}

/// Real-time cross-site overflow: per skill, the shares that minimise the expected delay of all
/// contacts across the sites that may take more work now.
///
/// Each site is an Erlang A queue with its staffed agents, its AHT and the skill's patience
/// (Garnett, Mandelbaum and Reiman 2002) — not the `(queue + 1) × AHT / agents` rule of thumb. A
/// backlog already waiting adds `waiting / drainHorizon` to the site's arrival rate, so a site
/// with a queue looks as loaded as it is. The total expected delay Σ λᵢ Wᵢ(λᵢ) is convex in the
/// split, so ``ConcaveAllocator`` minimises it by equalising marginal delays; each site is first
/// held to what it can take at its service-level target, and only if the sites cannot take the
/// whole volume at target is that limit lifted (and said so).
///
/// Modes decide what may change: an enterprise-routed redirect share changes now within the
/// contract's bounds; a network-delivered percentage stays as it is until the outsourcer's change
/// window (the plan says what to order); in-house and virtualized capacity is pooled and used
/// contact by contact. Stale or down sites get no new work and their share goes to the others.
/// Hysteresis: no change is made unless some share moves by more than `deadband` or the current
/// split is predicted to miss a site's service-level target.
public enum OverflowPlanner {
    public static func plan(demand: SkillDemand, sites: [SiteCapacity], deadband: Double = 0.03, drainHorizon: Double = 900) -> OverflowPlan {
        let total = demand.arrivalRate
        // Network-delivered shares are fixed until their window: the rest is split.
        var lower: [Double] = []
        var upper: [Double] = []
        for site in sites {
            if site.excludedBecause != nil || site.agents == 0 {
                lower.append(0)
                upper.append(0)
            } else if site.mode == .networkDelivered {
                lower.append(site.currentShare * total)
                upper.append(site.currentShare * total)
            } else {
                // The contract's minimum holds even when the site is behind: it is paid for.
                let cap = capacityAtTarget(site, demand: demand, drainHorizon: drainHorizon)
                lower.append(site.bounds.min * total)
                upper.append(max(min(site.bounds.max * total, cap), site.bounds.min * total))
            }
        }
        var relaxed = false
        if upper.reduce(0, +) < total {
            // The sites cannot take it all at target: minimise delay within the contracts alone.
            relaxed = true
            for (index, site) in sites.enumerated() where site.excludedBecause == nil && site.agents > 0 && site.mode != .networkDelivered {
                upper[index] = site.bounds.max * total
            }
        }
        let upperSum = upper.reduce(0, +)
        let lowerSum = lower.reduce(0, +)
        var amounts: [Double]
        if upperSum <= 0 {
            amounts = Array(repeating: 0, count: sites.count)
        } else if upperSum < total || lowerSum > total {
            // Still short (contract maximums, excluded sites): scale within the bounds.
            let target = min(max(total, lowerSum), upperSum)
            amounts = upper.map { upperSum > 0 ? $0 / upperSum * target : 0 }
        } else {
            let parties = sites.indices.map { index in
                let site = sites[index]
                return ConcaveAllocator.Party(lower: lower[index], upper: upper[index]) { rate in
                    -rate * waitSeconds(site, rate: rate, demand: demand, drainHorizon: drainHorizon)
                }
            }
            amounts = ConcaveAllocator.allocate(total: total, parties: parties).amounts
        }

        var shares = amounts.map { total > 0 ? $0 / total : 0 }
        let current = sites.map(\.currentShare)
        let moved = zip(shares, current).map { abs($0 - $1) }.max() ?? 0
        let currentMisses = sites.indices.contains { index in
            let site = sites[index]
            guard site.excludedBecause == nil, site.agents > 0, current[index] > 0 else { return false }
            return predictedServiceLevel(site, rate: current[index] * total, demand: demand, drainHorizon: drainHorizon) < demand.serviceLevelTarget
        }
        let excludedHoldShare = sites.indices.contains { sites[$0].excludedBecause != nil && current[$0] > 0 }
        let changed = moved > deadband || currentMisses || excludedHoldShare
        if !changed { shares = current }

        var planned: [OverflowPlan.Site] = []
        for (index, site) in sites.enumerated() {
            let rate = shares[index] * total
            let eligible = site.excludedBecause == nil && site.agents > 0
            let wait = eligible ? waitSeconds(site, rate: rate, demand: demand, drainHorizon: drainHorizon) : .infinity
            let sl = eligible ? predictedServiceLevel(site, rate: rate, demand: demand, drainHorizon: drainHorizon) : 0
            let delivery: OverflowPlan.Delivery
            switch site.mode {
            case .enterpriseRouted: delivery = changed ? .redirectShare : .none
            case .networkDelivered: delivery = .changeOrder
            case .inHouse, .virtualized: delivery = .perContact
            }
            planned.append(
                OverflowPlan.Site(
                    siteId: site.siteId, mode: site.mode, share: shares[index], previousShare: current[index], delivery: delivery,
                    predictedWaitSeconds: wait.isFinite ? wait : 1e9, predictedServiceLevel: sl, interflowThresholdSeconds: nil,
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
        return OverflowPlan(
            skill: demand.skill, perHour: total * 3600, sites: planned, changed: changed,
            explanation: explain(demand: demand, sites: sites, planned: planned, changed: changed, relaxed: relaxed, moved: moved))
    }

    /// Mean wait of all contacts at `site` with `rate` arrivals per second plus its backlog.
    static func waitSeconds(_ site: SiteCapacity, rate: Double, demand: SkillDemand, drainHorizon: Double) -> Double {
        let metrics = site.metrics(rate: rate + Double(site.waiting) / drainHorizon, threshold: demand.threshold)
        return metrics.meanWait.isFinite ? metrics.meanWait : 1e9
    }

    static func predictedServiceLevel(_ site: SiteCapacity, rate: Double, demand: SkillDemand, drainHorizon: Double) -> Double {
        site.metrics(rate: rate + Double(site.waiting) / drainHorizon, threshold: demand.threshold).serviceLevel
    }

    static func capacityAtTarget(_ site: SiteCapacity, demand: SkillDemand, drainHorizon: Double) -> Double {
        let model: QueueModel = site.patience.isFinite ? .erlangA(patience: site.patience) : .erlangC
        let cap = Staffing.maximumArrivalRate(
            for: .serviceLevel(fraction: demand.serviceLevelTarget, threshold: demand.threshold), agents: site.agents,
            handleTime: site.handleTime, model: model)
        return max(cap - Double(site.waiting) / drainHorizon, 0)
    }

    static func explain(demand: SkillDemand, sites: [SiteCapacity], planned: [OverflowPlan.Site], changed: Bool, relaxed: Bool, moved: Double)
        -> Explanation
    {
        var details: [String] = []
        for (site, plan) in zip(sites, planned) {
            if let reason = plan.excludedBecause {
                details.append("\(site.siteId): no new work: \(reason)")
                continue
            }
            details.append(
                "\(site.siteId) (\(site.mode.rawValue)): \(site.agents) agents, \(site.waiting) waiting, AHT \(Int(site.handleTime)) s; "
                    + "share \(percent(plan.previousShare)) → \(percent(plan.share)); predicted wait \(Int(plan.predictedWaitSeconds.rounded())) s, "
                    + "SL \(percent(plan.predictedServiceLevel))"
                    + (plan.interflowThresholdSeconds.map { "; interflow after \(Int($0)) s" } ?? ""))
        }
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

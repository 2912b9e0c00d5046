import InterflowCore
import Queueing

extension SharePlan {
    /// The real-time plan that applies a value allocation: its shares (unless no share moves by more
    /// than `deadband` and every site meets its target, in which case the current shares stay), with
    /// the predicted wait and service level at each, delivered as the modes allow.
    public init(allocation: ValueAllocation, demand: SkillDemand, sites: [SiteCapacity], deadband: Double, explain: Bool = true) {
        let current = sites.map(\.currentShare)
        var shares = allocation.sites.map(\.share)
        let moved = zip(shares, current).map { abs($0 - $1) }.max() ?? 0
        let excludedHoldShare = sites.indices.contains { sites[$0].excludedBecause != nil && current[$0] > 0 }
        var changed = moved > deadband || excludedHoldShare
        // The figures at the current split, where the deadband check computed them: those of the
        // plan if it keeps the split.
        var atCurrent = [QueueMetrics?](repeating: nil, count: sites.count)
        if !changed {
            changed = sites.indices.contains { index in
                let site = sites[index]
                guard site.excludedBecause == nil, site.agents > 0, current[index] > 0 else { return false }
                let figures = site.metrics(rate: current[index] * demand.arrivalRate, threshold: demand.threshold)
                atCurrent[index] = figures
                return figures.serviceLevel < demand.serviceLevelTarget
            }
            if !changed { shares = current }
        }
        var planned: [Site] = []
        planned.reserveCapacity(sites.count)
        for (index, site) in sites.enumerated() {
            let eligible = site.excludedBecause == nil && site.agents > 0
            let kept = changed ? nil : atCurrent[index]
            let figures = eligible ? kept ?? site.metrics(rate: shares[index] * demand.arrivalRate, threshold: demand.threshold) : nil
            let delivery: Delivery
            switch site.mode {
            case .enterpriseRouted: delivery = changed ? .redirectShare : .none
            case .networkDelivered: delivery = .changeOrder
            case .inHouse, .virtualized: delivery = .perContact
            }
            planned.append(
                Site(
                    siteId: site.siteId, mode: site.mode, share: shares[index], previousShare: current[index], delivery: delivery,
                    predictedWaitSeconds: figures.map { $0.meanWait.isFinite ? $0.meanWait : 1e9 } ?? 1e9,
                    predictedServiceLevel: figures?.serviceLevel ?? 0, interflowThresholdSeconds: nil,
                    excludedBecause: site.excludedBecause ?? (site.agents == 0 ? "no agents staffed" : nil)))
        }
        var explanation = Explanation(summary: "", rule: "")
        if explain {
            explanation = allocation.explanation
            if !changed {
                explanation.summary =
                    "\(demand.skill): shares kept (largest move \(percent(moved)) is inside the \(percent(deadband)) deadband and every site meets its target); "
                    + explanation.summary
            }
        }
        self.init(skill: demand.skill, perHour: demand.arrivalRate * 3600, sites: planned, changed: changed, explanation: explanation)
    }
}

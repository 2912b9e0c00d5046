import Foundation
import InterflowCore
import Queueing

/// The outcome of a value-based allocation: a plan, or the constraint that makes one impossible.
public enum ValueAllocationResult: Sendable, Hashable {
    case plan(ValueAllocation)
    case infeasible(Infeasibility)
}

/// Why no allocation meets every constraint, naming the binding one.
public struct Infeasibility: Sendable, Hashable, Codable, Error, CustomStringConvertible {
    public enum Constraint: String, Sendable, Hashable, Codable {
        /// Contract minimum shares sum to more than the whole.
        case contractMinimums = "contract-minimums"
        /// Contract maximum shares (and excluded sites) leave part of the volume nowhere to go.
        case contractMaximums = "contract-maximums"
        /// The sites cannot take the volume at their service-level targets.
        case serviceLevelCapacity = "service-level-capacity"
        /// A site's contract minimum is more than it can take at its service-level target.
        case minimumAboveCapacity = "minimum-above-capacity"
    }
    public var skill: String
    public var constraint: Constraint
    /// The sites whose bounds bind.
    public var sites: [String]
    public var message: String
    public var description: String { message }
}

/// A split of one skill's volume between sites that maximises expected value.
public struct ValueAllocation: Sendable, Hashable, Codable {
    public struct Site: Sendable, Hashable, Codable {
        public var siteId: String
        public var share: Double
        /// Contacts per hour given to the site.
        public var perHour: Double
        public var predictedServiceLevel: Double
        public var predictedAbandonRate: Double
        /// Expected value per hour: handled × (value − marginal cost) − abandoned × abandon cost.
        public var valuePerHour: Double
        /// The value of one more contact per hour at this site (equal across unconstrained sites).
        public var marginalValue: Double
        /// Which bound, if any, holds the site: "contract minimum", "contract maximum",
        /// "service-level capacity", "excluded: …", or nil at the optimum's interior.
        public var boundBy: String?
    }
    public var skill: String
    public var perHour: Double
    public var sites: [Site]
    public var valuePerHour: Double
    /// The Lagrange multiplier: what one more contact per hour is worth at the optimum.
    public var multiplier: Double
    public var explanation: Explanation
}

/// Competitive value-based allocation (DESIGN.md, "Planning").
///
/// For one skill and interval, split the forecast volume λ between sites to maximise
///
///     Σᵢ λᵢ (1 − Pᵢ(ab)) (vᵢ − cᵢ) − λᵢ Pᵢ(ab) · A  =  Σᵢ λᵢ (vᵢ − cᵢ) − Rᵢ(λᵢ) (vᵢ − cᵢ + A)
///
/// where vᵢ is the value of a handled contact at site i, cᵢ its marginal cost, A the cost of an
/// abandon and Rᵢ(λ) = λ Pᵢ(ab) the Erlang A abandonment rate of site i at arrival rate λ with
/// its agents (Garnett, Mandelbaum and Reiman 2002; ``ErlangA/abandonmentRate``). Subject to each
/// site's contract minimum and maximum share and to its service-level target (λᵢ at most the
/// largest arrival rate its agents can take at target,
/// ``Staffing/maximumArrivalRate(for:agents:handleTime:model:relativeTolerance:)``).
/// Rᵢ is convex in λ, so each term is concave (for vᵢ − cᵢ + A ≥ 0: a site where a handled contact
/// loses more than an abandon costs is held at its minimum) and ``ConcaveAllocator`` finds the
/// optimum, where marginal values are equal across the sites no bound holds.
///
/// Up to fifty sites, every site is held to its capacity at target from the start (the capacities
/// are remembered from one plan to the next) and the split made once. Beyond, the capacities are
/// found only where they bind (an active set): the split is first made within the contracts alone;
/// every site then predicted to miss its target is held to its capacity at target and the split
/// made again, until none misses. Holding a site back only sends more to the others, so a site once
/// held stays held, and the result is the optimum of the fully constrained problem at the cost of a
/// capacity search for the sites that need one (`TargetHeldSplit`).
///
/// - Complexity: O(n · k) queue evaluations for n sites and k ≈ 5–10 Newton steps, plus a capacity
///   search (≈ 10 evaluations) per site whose capacity is not yet remembered (up to fifty sites) or
///   whose service-level target binds (beyond).
public enum ValueAllocator {
    /// - Parameter explain: false leaves the explanation, and the message of an infeasible result,
    ///   empty (the simulator reads neither: it only asks whether the split is feasible).
    public static func allocate(demand: SkillDemand, sites: [SiteCapacity], explain: Bool = true) -> ValueAllocationResult {
        let total = demand.arrivalRate
        // Reserved: an allocation is made for every skill at every rebalance.
        var lower: [Double] = []
        var contractUpper: [Double] = []
        var eligible: [Bool] = []
        lower.reserveCapacity(sites.count)
        contractUpper.reserveCapacity(sites.count)
        eligible.reserveCapacity(sites.count)
        for site in sites {
            let ok = site.excludedBecause == nil && site.agents > 0
            eligible.append(ok)
            lower.append(ok ? site.bounds.min * total : 0)
            contractUpper.append(ok ? max(site.bounds.max, site.bounds.min) * total : 0)
        }
        if let problem = contractInfeasibility(
            demand: demand, sites: sites, lower: lower, contractUpper: contractUpper, eligible: eligible, explain: explain)
        {
            return .infeasible(problem)
        }
        // A contract minimum the site cannot take at target makes every split infeasible. Where the
        // split holds every site to its capacity (a small federation), the capacity is looked up
        // first (it is remembered) and the figures at the minimum computed only where the minimum
        // exceeds it; beyond, the figures first, and a capacity searched only where they miss.
        let capacityFirst = sites.count <= TargetHeldSplit.holdUpFrontLimit
        for index in sites.indices where eligible[index] && lower[index] > 0 {
            let site = sites[index]
            func missesAtMinimum() -> Bool {
                site.metrics(rate: lower[index], threshold: demand.threshold).serviceLevel < demand.serviceLevelTarget
            }
            func aboveCapacity(_ cap: Double) -> Bool { lower[index] > cap * (1 + 1e-9) }
            let cap: Double
            if capacityFirst {
                cap = site.capacity(atTarget: demand)
                guard aboveCapacity(cap), missesAtMinimum() else { continue }
            } else {
                guard missesAtMinimum() else { continue }
                cap = site.capacity(atTarget: demand)
                guard aboveCapacity(cap) else { continue }
            }
            return .infeasible(minimumAboveCapacity(demand: demand, site: site, lower: lower[index], capacity: cap, explain: explain))
        }
        let parties = sites.indices.map { index -> ConcaveAllocator.Party in
            let site = sites[index]
            return ConcaveAllocator.Party(lower: lower[index], upper: contractUpper[index], scale: site.serviceRate) { rate in
                valueCurve(site: site, rate: rate, demand: demand)
            }
        }
        // One start: the current shares are the real-time planner's, not a previous allocation.
        let starts = Array(sites.startingSplits(total: total).prefix(1))
        let free = sites.indices.map { eligible[$0] }
        let split = TargetHeldSplit.solve(
            total: total, parties: parties, sites: sites, free: free, lower: lower, contractUpper: contractUpper,
            backlog: Array(repeating: 0, count: sites.count), demand: demand, starts: starts)
        if split.short {
            // The sites cannot take it all at target: name them, with every capacity known.
            var capacity = split.capacity
            for index in sites.indices where eligible[index] && capacity[index] == nil { capacity[index] = sites[index].capacity(atTarget: demand) }
            let upper = sites.indices.map { eligible[$0] ? min(contractUpper[$0], capacity[$0] ?? 0) : 0 }
            return .infeasible(capacityShortfall(demand: demand, sites: sites, upper: upper, capacity: capacity.map { $0 ?? 0 }, explain: explain))
        }
        let amounts = split.amounts
        let multiplier = split.multiplier
        var metrics = split.metrics
        for index in sites.indices where eligible[index] && (metrics[index] == nil || split.capacity[index] != nil) {
            metrics[index] = sites[index].metrics(rate: amounts[index], threshold: demand.threshold)
        }
        let capacity = split.capacity
        var planned: [ValueAllocation.Site] = []
        planned.reserveCapacity(sites.count)
        let eps = max(total, 1e-9) * 1e-4
        for (index, site) in sites.enumerated() {
            let rate = amounts[index]
            // The solver's last payoff of the site is its value curve at this rate.
            let point = eligible[index] ? split.points[index] : .zero
            let upper = min(contractUpper[index], capacity[index] ?? .infinity)
            var boundBy: String?
            if let reason = site.excludedBecause {
                boundBy = "excluded: \(reason)"
            } else if site.agents == 0 {
                boundBy = "excluded: no agents"
            } else if rate <= lower[index] + eps && lower[index] > 0 {
                boundBy = "contract minimum"
            } else if rate >= upper - eps {
                boundBy = upper < contractUpper[index] - eps ? "service-level capacity" : "contract maximum"
            }
            planned.append(
                ValueAllocation.Site(
                    siteId: site.siteId, share: total > 0 ? rate / total : 0, perHour: rate * 3600,
                    predictedServiceLevel: metrics[index]?.serviceLevel ?? 0, predictedAbandonRate: metrics[index]?.probabilityOfAbandoning ?? 0,
                    valuePerHour: point.value * 3600, marginalValue: point.slope * 3600, boundBy: boundBy))
        }
        let value = planned.reduce(0) { $0 + $1.valuePerHour }
        return .plan(
            ValueAllocation(
                skill: demand.skill, perHour: total * 3600, sites: planned, valuePerHour: value, multiplier: multiplier * 3600,
                explanation: explain ? self.explain(demand: demand, sites: sites, planned: planned, value: value) : Explanation(summary: "", rule: "")
            ))
    }

    /// Expected value per second of giving `rate` contacts per second to `site`.
    public static func valueRate(site: SiteCapacity, rate: Double, demand: SkillDemand) -> Double {
        guard rate > 0, site.agents > 0 else { return 0 }
        return valueCurve(site: site, rate: rate, demand: demand).value
    }

    /// λ (v − c) − R(λ) (v − c + A), with its derivatives in λ. A weight v − c + A below zero (a
    /// handled contact loses more than an abandon costs) is taken as zero, keeping the payoff concave.
    static func valueCurve(site: SiteCapacity, rate: Double, demand: SkillDemand) -> RateCurvePoint {
        guard site.agents > 0 else { return .zero }
        let net = site.valuePerContact - site.marginalCost
        let weight = max(net + demand.abandonCost, 0)
        let r = site.abandonment(at: max(rate, 0))
        return RateCurvePoint(value: rate * net - weight * r.value, slope: net - weight * r.slope, curvature: -weight * r.curvature)
    }

    static func contractInfeasibility(
        demand: SkillDemand, sites: [SiteCapacity], lower: [Double], contractUpper: [Double], eligible: [Bool], explain: Bool
    ) -> Infeasibility? {
        let total = demand.arrivalRate
        let minimumSum = lower.reduce(0, +)
        if minimumSum > total * (1 + 1e-9) {
            let binding = sites.indices.filter { lower[$0] > 0 }.map { sites[$0].siteId }
            return Infeasibility(
                skill: demand.skill, constraint: .contractMinimums, sites: binding,
                message: explain
                    ? "\(demand.skill): contract minimum shares sum to \(percent(minimumSum / max(total, 1e-12))) of the volume (\(binding.joined(separator: ", ")))"
                    : "")
        }
        let maximumSum = contractUpper.reduce(0, +)
        if maximumSum < total * (1 - 1e-9) {
            let binding = sites.indices.filter { sites[$0].bounds.max < 1 || !eligible[$0] }.map { sites[$0].siteId }
            return Infeasibility(
                skill: demand.skill, constraint: .contractMaximums, sites: binding,
                message: explain
                    ? "\(demand.skill): the sites that may take work can take at most \(percent(maximumSum / max(total, 1e-12))) of the volume "
                        + "under their contract maximums (\(binding.joined(separator: ", ")))" : "")
        }
        return nil
    }

    static func minimumAboveCapacity(demand: SkillDemand, site: SiteCapacity, lower: Double, capacity: Double, explain: Bool) -> Infeasibility {
        let perHour = { (rate: Double) in Explanation.fixed(rate * 3600, decimals: 0) + "/h" }
        return Infeasibility(
            skill: demand.skill, constraint: .minimumAboveCapacity, sites: [site.siteId],
            message: explain
                ? "\(demand.skill): \(site.siteId)'s contract minimum of \(percent(site.bounds.min)) (\(perHour(lower))) is more than its "
                    + "\(site.agents) agents can take at \(percent(demand.serviceLevelTarget))/\(Int(demand.threshold)) s (\(perHour(capacity)))"
                : "")
    }

    static func capacityShortfall(demand: SkillDemand, sites: [SiteCapacity], upper: [Double], capacity: [Double], explain: Bool)
        -> Infeasibility
    {
        let total = demand.arrivalRate
        let perHour = { (rate: Double) in Explanation.fixed(rate * 3600, decimals: 0) + "/h" }
        let upperSum = upper.reduce(0, +)
        let binding = sites.indices.filter { capacity[$0] < sites[$0].bounds.max * total }.map { sites[$0].siteId }
        return Infeasibility(
            skill: demand.skill, constraint: .serviceLevelCapacity, sites: binding,
            message: explain
                ? "\(demand.skill): the forecast \(perHour(total)) is more than the sites can take at "
                    + "\(percent(demand.serviceLevelTarget))/\(Int(demand.threshold)) s (\(perHour(upperSum))); short by \(perHour(total - upperSum))"
                : "")
    }

    static func explain(demand: SkillDemand, sites: [SiteCapacity], planned: [ValueAllocation.Site], value: Double) -> Explanation {
        // The largest shares by name (a summary of a thousand sites names the first eight).
        let ranked = planned.filter { $0.perHour > 0.05 }
        let named = ranked.sorted { $0.perHour > $1.perHour }.prefix(8)
        var split = named.map { "\($0.siteId) \(percent($0.share))" }.joined(separator: ", ")
        if ranked.count > named.count {
            let rest = ranked.count - named.count
            let restShare = 1 - named.reduce(0) { $0 + $1.share }
            split += " and \(percent(max(restShare, 0))) over \(rest) more sites"
        }
        let details = Explanation.details(
            count: sites.count,
            notability: { index in (planned[index].boundBy != nil ? 1 : 0) + planned[index].share },
            line: { index in
                let (site, plan) = (sites[index], planned[index])
                var line =
                    "\(site.siteId): \(Explanation.fixed(plan.perHour, decimals: 0))/h, value \(money(site.valuePerContact)) − cost \(money(site.marginalCost)) per contact, "
                line += "predicted SL \(percent(plan.predictedServiceLevel)), abandons \(percent(plan.predictedAbandonRate))"
                if let bound = plan.boundBy { line += "; held by \(bound)" }
                return line
            },
            rest: { "… and \($0) more sites with smaller shares, at the optimum's common marginal value (every figure is in the allocation's sites)" }
        )
        return Explanation(
            summary:
                "\(demand.skill): \(Explanation.fixed(demand.arrivalRate * 3600, decimals: 0))/h split \(split) for an expected \(money(value))/h",
            rule: "maximum expected value: marginal values equalised across sites not held by a bound",
            details: details)
    }
}

func percent(_ fraction: Double) -> String { Explanation.percent(fraction) }
func money(_ amount: Double) -> String { Explanation.fixed(amount, decimals: 2) }

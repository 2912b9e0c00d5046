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
///     Σᵢ λᵢ (1 − Pᵢ(ab)) (vᵢ − cᵢ) − λᵢ Pᵢ(ab) · A
///
/// where vᵢ is the value of a handled contact at site i, cᵢ its marginal cost, A the cost of an
/// abandon and Pᵢ(ab) the Erlang A abandonment probability of site i at arrival rate λᵢ with its
/// agents (Garnett, Mandelbaum and Reiman 2002). Subject to each site's contract minimum and
/// maximum share and to its service-level target (λᵢ at most the largest arrival rate its agents
/// can take at target, ``Staffing/maximumArrivalRate(for:agents:handleTime:model:relativeTolerance:)``).
/// The abandon volume λ·P(ab) is convex in λ, so each term is concave and ``ConcaveAllocator``
/// finds the optimum by equalising marginal values.
public enum ValueAllocator {
    public static func allocate(demand: SkillDemand, sites: [SiteCapacity]) -> ValueAllocationResult {
        let total = demand.arrivalRate
        var lower: [Double] = []
        var upper: [Double] = []
        var capacityAtTarget: [Double] = []
        for site in sites {
            guard site.excludedBecause == nil, site.agents > 0 else {
                lower.append(0)
                upper.append(0)
                capacityAtTarget.append(0)
                continue
            }
            let model: QueueModel = site.patience.isFinite ? .erlangA(patience: site.patience) : .erlangC
            let cap = Staffing.maximumArrivalRate(
                for: .serviceLevel(fraction: demand.serviceLevelTarget, threshold: demand.threshold), agents: site.agents,
                handleTime: site.handleTime, model: model)
            capacityAtTarget.append(cap)
            lower.append(site.bounds.min * total)
            upper.append(min(site.bounds.max * total, cap))
        }
        if let problem = infeasibility(demand: demand, sites: sites, lower: lower, upper: upper, capacity: capacityAtTarget) {
            return .infeasible(problem)
        }
        let parties = sites.indices.map { index -> ConcaveAllocator.Party in
            let site = sites[index]
            return ConcaveAllocator.Party(lower: lower[index], upper: upper[index]) { rate in
                valueRate(site: site, rate: rate, demand: demand)
            }
        }
        let (amounts, multiplier) = ConcaveAllocator.allocate(total: total, parties: parties)
        var planned: [ValueAllocation.Site] = []
        for (index, site) in sites.enumerated() {
            let rate = amounts[index]
            let metrics = site.agents > 0 ? site.metrics(rate: rate, threshold: demand.threshold) : nil
            let eps = max(total, 1e-9) * 1e-4
            let marginal =
                site.agents > 0
                ? (valueRate(site: site, rate: rate + eps, demand: demand) - valueRate(site: site, rate: rate, demand: demand)) / eps * 3600 : 0
            var boundBy: String?
            if let reason = site.excludedBecause {
                boundBy = "excluded: \(reason)"
            } else if site.agents == 0 {
                boundBy = "excluded: no agents"
            } else if rate <= lower[index] + eps && lower[index] > 0 {
                boundBy = "contract minimum"
            } else if rate >= upper[index] - eps {
                boundBy = upper[index] < site.bounds.max * total - eps ? "service-level capacity" : "contract maximum"
            }
            planned.append(
                ValueAllocation.Site(
                    siteId: site.siteId, share: total > 0 ? rate / total : 0, perHour: rate * 3600,
                    predictedServiceLevel: metrics?.serviceLevel ?? 0, predictedAbandonRate: metrics?.probabilityOfAbandoning ?? 0,
                    valuePerHour: site.agents > 0 ? valueRate(site: site, rate: rate, demand: demand) * 3600 : 0, marginalValue: marginal,
                    boundBy: boundBy))
        }
        let value = planned.reduce(0) { $0 + $1.valuePerHour }
        return .plan(
            ValueAllocation(
                skill: demand.skill, perHour: total * 3600, sites: planned, valuePerHour: value, multiplier: multiplier * 3600,
                explanation: explain(demand: demand, sites: sites, planned: planned, value: value)))
    }

    /// Expected value per second of giving `rate` contacts per second to `site`.
    public static func valueRate(site: SiteCapacity, rate: Double, demand: SkillDemand) -> Double {
        guard rate > 0, site.agents > 0 else { return 0 }
        let abandon = site.metrics(rate: rate, threshold: demand.threshold).probabilityOfAbandoning
        return rate * (1 - abandon) * (site.valuePerContact - site.marginalCost) - rate * abandon * demand.abandonCost
    }

    static func infeasibility(demand: SkillDemand, sites: [SiteCapacity], lower: [Double], upper: [Double], capacity: [Double]) -> Infeasibility? {
        let total = demand.arrivalRate
        let perHour = { (rate: Double) in String(format: "%.0f/h", rate * 3600) }
        for (index, site) in sites.enumerated() where site.excludedBecause == nil && site.agents > 0 && lower[index] > capacity[index] * (1 + 1e-9) {
            return Infeasibility(
                skill: demand.skill, constraint: .minimumAboveCapacity, sites: [site.siteId],
                message:
                    "\(demand.skill): \(site.siteId)'s contract minimum of \(percent(site.bounds.min)) (\(perHour(lower[index]))) is more than its "
                    + "\(site.agents) agents can take at \(percent(demand.serviceLevelTarget))/\(Int(demand.threshold)) s (\(perHour(capacity[index])))"
            )
        }
        let minimumSum = lower.reduce(0, +)
        if minimumSum > total * (1 + 1e-9) {
            let binding = sites.indices.filter { lower[$0] > 0 }.map { sites[$0].siteId }
            return Infeasibility(
                skill: demand.skill, constraint: .contractMinimums, sites: binding,
                message:
                    "\(demand.skill): contract minimum shares sum to \(percent(minimumSum / max(total, 1e-12))) of the volume (\(binding.joined(separator: ", ")))"
            )
        }
        let upperSum = upper.reduce(0, +)
        if upperSum < total * (1 - 1e-9) {
            let maximumSum = sites.indices.reduce(0.0) { sum, index in
                sum + (sites[index].excludedBecause == nil && sites[index].agents > 0 ? sites[index].bounds.max * total : 0)
            }
            if maximumSum < total * (1 - 1e-9) {
                let binding = sites.indices.filter { sites[$0].bounds.max < 1 || sites[$0].excludedBecause != nil }.map { sites[$0].siteId }
                return Infeasibility(
                    skill: demand.skill, constraint: .contractMaximums, sites: binding,
                    message:
                        "\(demand.skill): the sites that may take work can take at most \(percent(maximumSum / max(total, 1e-12))) of the volume "
                        + "under their contract maximums (\(binding.joined(separator: ", ")))")
            }
            let binding = sites.indices.filter { capacity[$0] < sites[$0].bounds.max * total }.map { sites[$0].siteId }
            return Infeasibility(
                skill: demand.skill, constraint: .serviceLevelCapacity, sites: binding,
                message: "\(demand.skill): the forecast \(perHour(total)) is more than the sites can take at "
                    + "\(percent(demand.serviceLevelTarget))/\(Int(demand.threshold)) s (\(perHour(upperSum))); short by \(perHour(total - upperSum))"
            )
        }
        return nil
    }

    static func explain(demand: SkillDemand, sites: [SiteCapacity], planned: [ValueAllocation.Site], value: Double) -> Explanation {
        let ranked = planned.filter { $0.perHour > 0.05 }.sorted { $0.perHour > $1.perHour }
        let split = ranked.map { "\($0.siteId) \(percent($0.share))" }.joined(separator: ", ")
        var details: [String] = []
        for (site, plan) in zip(sites, planned) {
            var line =
                "\(site.siteId): \(String(format: "%.0f", plan.perHour))/h, value \(money(site.valuePerContact)) − cost \(money(site.marginalCost)) per contact, "
            line += "predicted SL \(percent(plan.predictedServiceLevel)), abandons \(percent(plan.predictedAbandonRate))"
            if let bound = plan.boundBy { line += "; held by \(bound)" }
            details.append(line)
        }
        return Explanation(
            summary: "\(demand.skill): \(String(format: "%.0f", demand.arrivalRate * 3600))/h split \(split) for an expected \(money(value))/h",
            rule: "maximum expected value: marginal values equalised across sites not held by a bound",
            details: details)
    }
}

func percent(_ fraction: Double) -> String { Explanation.percent(fraction) }
func money(_ amount: Double) -> String { String(format: "%.2f", amount) }

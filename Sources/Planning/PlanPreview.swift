import Foundation
import InterflowCore

/// What the planner sees at one moment: every site's observation and the current shares. The
/// coordinator serves it at `GET /v1/state`; `interflow plan --state FILE` plans from a saved copy.
public struct PlanningState: Sendable, Hashable, Codable {
    /// The federation's name, to check a saved state against the configuration it is planned with.
    public var federation: String
    public var generatedAt: Date
    /// By site id.
    public var observations: [String: SiteObservation]
    /// Skill → site → share.
    public var shares: [String: [String: Double]]

    public init(federation: String, generatedAt: Date, observations: [String: SiteObservation], shares: [String: [String: Double]]) {
        self.federation = federation
        self.generatedAt = generatedAt
        self.observations = observations
        self.shares = shares
    }

    /// The sites' time: the latest status time any site reported (simulated sites run ahead of the
    /// wall clock), or when the state was taken.
    public var siteTime: Date { observations.values.compactMap { $0.status?.asOf }.max() ?? generatedAt }
}

/// The plans the coordinator would make from a state (a dry run), per skill: the real-time
/// overflow plan and the value-based allocation, or why the allocation is infeasible.
public struct PlanPreview: Codable, Sendable {
    public var generatedAt: Date
    public var overflow: [SharePlan]
    public var allocations: [ValueAllocation]
    public var infeasible: [Infeasibility]

    public init(generatedAt: Date, overflow: [SharePlan], allocations: [ValueAllocation], infeasible: [Infeasibility]) {
        self.generatedAt = generatedAt
        self.overflow = overflow
        self.allocations = allocations
        self.infeasible = infeasible
    }

    /// Plans every skill of `federation` from `state`.
    public static func make(federation: Federation, state: PlanningState) -> PlanPreview {
        var overflow: [SharePlan] = []
        var allocations: [ValueAllocation] = []
        var infeasible: [Infeasibility] = []
        for skill in federation.config.skills {
            let (demand, sites) = PlanningInputs.build(
                skill: skill, federation: federation.config, sites: federation.sites, observations: state.observations,
                shares: state.shares[skill.id] ?? [:], now: state.siteTime)
            guard demand.arrivalRate > 0, !sites.isEmpty else { continue }
            overflow.append(OverflowPlanner.plan(demand: demand, sites: sites))
            switch ValueAllocator.allocate(demand: demand, sites: sites) {
            case .plan(let allocation): allocations.append(allocation)
            case .infeasible(let problem): infeasible.append(problem)
            }
        }
        return PlanPreview(generatedAt: state.generatedAt, overflow: overflow, allocations: allocations, infeasible: infeasible)
    }
}

import InterflowCore

/// One skill's planning problem: its demand and the sites that take it.
public struct SkillProblem: Sendable, Hashable {
    public var demand: SkillDemand
    public var sites: [SiteCapacity]

    public init(demand: SkillDemand, sites: [SiteCapacity]) {
        self.demand = demand
        self.sites = sites
    }
}

extension SkillProblem {
    /// The real-time overflow plans of many skills, solved side by side on up to `threads` cores
    /// (the skills are independent); the result is the same as planning them one after the other.
    public static func overflowPlans(_ problems: [SkillProblem], deadband: Double = 0.03, drainHorizon: Double = 900, threads: Int = 0)
        -> [SharePlan]
    {
        parallelMap(problems, threads: threads) {
            OverflowPlanner.plan(demand: $0.demand, sites: $0.sites, deadband: deadband, drainHorizon: drainHorizon)
        }
    }

    /// The value-based allocations of many skills, solved side by side like ``overflowPlans(_:deadband:drainHorizon:threads:)``.
    public static func allocations(_ problems: [SkillProblem], threads: Int = 0) -> [ValueAllocationResult] {
        parallelMap(problems, threads: threads) { ValueAllocator.allocate(demand: $0.demand, sites: $0.sites) }
    }
}

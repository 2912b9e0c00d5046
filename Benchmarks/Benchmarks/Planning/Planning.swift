import Benchmark
import InterflowCore
import Planning

// Timings of the planner on the sizes of the goal: a full plan is 20 skills, each split
// across 1,000 sites.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        maxDuration: .seconds(10),
        maxIterations: 50
    )

    /// 1,000 sites of 8 to 60 agents with a mix of modes, values and contract bounds (deterministic);
    /// `skill` shifts handle times and values so that no two skills are the same problem.
    func sites(count: Int, skill: Int = 0) -> [SiteCapacity] {
        (0..<count).map { index in
            let agents = 8 + (index * 37 + skill * 11) % 53
            let modes: [SiteMode] = [.inHouse, .virtualized, .enterpriseRouted, .networkDelivered]
            return SiteCapacity(
                siteId: "site\(index)", mode: modes[index % 4], agents: agents, handleTime: 240 + Double((index * 13 + skill * 29) % 180),
                patience: 120 + Double(skill % 4) * 30, currentShare: 1 / Double(count), bounds: ShareBounds(min: 0, max: 0.01),
                valuePerContact: 5 + Double((index * 7 + skill) % 30), marginalCost: index % 3 == 0 ? 4 : 0, waiting: index % 5, busy: agents / 2)
        }
    }
    func problem(skill: Int) -> SkillProblem {
        let fleet = sites(count: 1_000, skill: skill)
        let capacity = fleet.reduce(0.0) { $0 + Double($1.agents) / $1.handleTime }
        let load = 0.5 + 0.2 * Double(skill % 5) / 4  // 50 % to 70 % of the federation's capacity
        let demand = SkillDemand(
            skill: "skill\(skill)", arrivalRate: capacity * load, serviceLevelTarget: 0.8, threshold: 20, abandonCost: 4)
        return SkillProblem(demand: demand, sites: fleet)
    }
    let one = problem(skill: 0)
    let federation = (0..<20).map(problem(skill:))

    Benchmark("OverflowPlanner.plan 1 skill x 1000 sites") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(OverflowPlanner.plan(demand: one.demand, sites: one.sites, deadband: 0))
        }
    }
    Benchmark("ValueAllocator.allocate 1 skill x 1000 sites") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ValueAllocator.allocate(demand: one.demand, sites: one.sites))
        }
    }
    Benchmark("full real-time plan 20 skills x 1000 sites (overflow, all cores)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SkillProblem.overflowPlans(federation, deadband: 0))
        }
    }
    Benchmark("full value allocation 20 skills x 1000 sites (all cores)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SkillProblem.allocations(federation))
        }
    }
    Benchmark("full plan 20 skills x 1000 sites (overflow + value, all cores)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SkillProblem.overflowPlans(federation, deadband: 0))
            blackHole(SkillProblem.allocations(federation))
        }
    }
}

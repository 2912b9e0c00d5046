import Benchmark
import InterflowCore
import Planning

// Timings of the planner on the sizes of the goal: a full plan is 20 skills, each split
// across 1,000 sites. One measured iteration is one skill (a twentieth of the full plan).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        maxDuration: .seconds(10),
        maxIterations: 50
    )

    /// 1,000 sites of 8 to 60 agents with a mix of modes, values and contract bounds (deterministic).
    func sites(count: Int) -> [SiteCapacity] {
        (0..<count).map { index in
            let agents = 8 + (index * 37) % 53
            let modes: [SiteMode] = [.inHouse, .virtualized, .enterpriseRouted, .networkDelivered]
            return SiteCapacity(
                siteId: "site\(index)", mode: modes[index % 4], agents: agents, handleTime: 240 + Double((index * 13) % 180), patience: 180,
                currentShare: 1 / Double(count), bounds: ShareBounds(min: 0, max: 0.01), valuePerContact: 5 + Double((index * 7) % 30),
                marginalCost: index % 3 == 0 ? 4 : 0, waiting: index % 5, busy: agents / 2)
        }
    }
    let fleet = sites(count: 1_000)
    let capacity = fleet.reduce(0.0) { $0 + Double($1.agents) / $1.handleTime }
    let demand = SkillDemand(skill: "sales", arrivalRate: capacity * 0.6, serviceLevelTarget: 0.8, threshold: 20, abandonCost: 4)

    Benchmark("OverflowPlanner.plan 1 skill x 1000 sites") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(OverflowPlanner.plan(demand: demand, sites: fleet, deadband: 0))
        }
    }
    Benchmark("ValueAllocator.allocate 1 skill x 1000 sites") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ValueAllocator.allocate(demand: demand, sites: fleet))
        }
    }
}

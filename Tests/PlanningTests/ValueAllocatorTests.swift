import InterflowCore
import Planning
import Queueing
import Testing

/// A seeded generator so that the random instances are the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("value-based allocation")
struct ValueAllocatorTests {
    static func demand(perHour: Double, target: Double = 0.8) -> SkillDemand {
        SkillDemand(skill: "sales", arrivalRate: perHour / 3600, serviceLevelTarget: target, threshold: 20, abandonCost: 4)
    }

    static func site(_ id: String, agents: Int, value: Double, cost: Double = 0, min: Double = 0, max: Double = 1, aht: Double = 300) -> SiteCapacity
    {
        SiteCapacity(
            siteId: id, mode: .inHouse, agents: agents, handleTime: aht, patience: 180, currentShare: 0,
            bounds: ShareBounds(min: min, max: max), valuePerContact: value, marginalCost: cost)
    }

    /// The best split on a 1 % grid by enumeration, or nil when no grid point is feasible.
    static func bruteForce(demand: SkillDemand, sites: [SiteCapacity]) -> Double? {
        let caps = sites.map { site -> Double in
            Staffing.maximumArrivalRate(
                for: .serviceLevel(fraction: demand.serviceLevelTarget, threshold: demand.threshold), agents: site.agents,
                handleTime: site.handleTime, model: .erlangA(patience: site.patience))
        }
        var best: Double?
        func walk(_ index: Int, _ remaining: Int, _ value: Double) {
            let site = sites[index]
            let choices = index == sites.count - 1 ? [remaining] : Array(0...remaining)
            for percent in choices {
                let share = Double(percent) / 100
                let rate = share * demand.arrivalRate
                guard share >= site.bounds.min - 1e-9, share <= site.bounds.max + 1e-9, rate <= caps[index] * (1 + 1e-12) else { continue }
                let total = value + ValueAllocator.valueRate(site: site, rate: rate, demand: demand)
                if index == sites.count - 1 {
                    if best == nil || total > best! { best = total }
                } else {
                    walk(index + 1, remaining - percent, total)
                }
            }
        }
        walk(0, 100, 0)
        return best
    }

    @Test("agrees with brute-force enumeration on a 1 % grid (random instances, 2 to 4 sites)", arguments: 0..<24)
    func bruteForceAgreement(seed: Int) throws {
        var random = SplitMix(state: UInt64(seed) &* 7919 &+ 17)
        let count = 2 + seed % 3
        var sites: [SiteCapacity] = []
        for index in 0..<count {
            let agents = Int.random(in: 6...30, using: &random)
            let value = Double.random(in: 2...40, using: &random)
            let cost = Double.random(in: 0...6, using: &random)
            let min = seed % 2 == 0 ? 0 : Double(Int.random(in: 0...15, using: &random)) / 100
            let max = Double(Int.random(in: 50...100, using: &random)) / 100
            sites.append(
                Self.site(
                    "s\(index)", agents: agents, value: value, cost: cost, min: min, max: max, aht: Double.random(in: 180...480, using: &random)))
        }
        let capacityPerHour = sites.reduce(0.0) { $0 + Double($1.agents) * 3600 / $1.handleTime }
        let demand = Self.demand(perHour: capacityPerHour * Double.random(in: 0.3...0.7, using: &random))
        let brute = Self.bruteForce(demand: demand, sites: sites)
        switch ValueAllocator.allocate(demand: demand, sites: sites) {
        case .plan(let plan):
            let ours = plan.valuePerHour / 3600
            let shares = plan.sites.map(\.share)
            #expect(abs(shares.reduce(0, +) - 1) < 1e-6)
            for (site, planned) in zip(sites, plan.sites) {
                #expect(planned.share >= site.bounds.min - 1e-6 && planned.share <= site.bounds.max + 1e-6)
                #expect(planned.predictedServiceLevel >= demand.serviceLevelTarget - 1e-6, "\(site.siteId) meets its SL target")
            }
            guard let brute else {
                Issue.record("the allocator found a plan where no 1 % grid point is feasible")
                return
            }
            // The continuous optimum is at least as good as the best grid point, and no better than
            // the grid point next to it allows: one grid step moves 1 % of the volume.
            let gridStep =
                sites.map { site in
                    abs(ValueAllocator.valueRate(site: site, rate: demand.arrivalRate * 0.01, demand: demand))
                }.max() ?? 0
            #expect(ours >= brute - 1e-9 * max(1, abs(brute)), "optimum \(ours) below the grid's best \(brute)")
            #expect(ours <= brute + 2 * gridStep + 1e-9, "optimum \(ours) implausibly above the grid's best \(brute)")
        case .infeasible(let problem):
            #expect(brute == nil, "reported infeasible (\(problem)) but the grid has a feasible point")
        }
    }

    @Test("higher value wins the volume its service level allows; marginal values are equal where no bound holds")
    func valueOrdering() throws {
        let sites = [Self.site("rich", agents: 20, value: 30), Self.site("poor", agents: 20, value: 5)]
        guard case .plan(let plan) = ValueAllocator.allocate(demand: Self.demand(perHour: 200), sites: sites) else {
            Issue.record("no plan")
            return
        }
        #expect(plan.sites[0].share > plan.sites[1].share)
        let interior = plan.sites.filter { $0.boundBy == nil }
        if interior.count == 2 {
            #expect(abs(interior[0].marginalValue - interior[1].marginalValue) < 0.05 * abs(interior[0].marginalValue) + 0.01)
        }
        #expect(plan.explanation.summary.contains("sales"))
    }

    @Test("an infeasible set of contracts is reported with the binding constraint named")
    func infeasible() {
        let minimums = [Self.site("a", agents: 30, value: 10, min: 0.6), Self.site("b", agents: 30, value: 10, min: 0.5)]
        guard case .infeasible(let problem) = ValueAllocator.allocate(demand: Self.demand(perHour: 100), sites: minimums) else {
            Issue.record("minimums above 100 % accepted")
            return
        }
        #expect(problem.constraint == .contractMinimums)
        #expect(problem.sites == ["a", "b"])

        let small = [Self.site("a", agents: 5, value: 10), Self.site("b", agents: 5, value: 10)]
        guard case .infeasible(let capacity) = ValueAllocator.allocate(demand: Self.demand(perHour: 400), sites: small) else {
            Issue.record("over capacity accepted")
            return
        }
        #expect(capacity.constraint == .serviceLevelCapacity)
        #expect(capacity.message.contains("short by"))

        let capped = [Self.site("a", agents: 50, value: 10, max: 0.3), Self.site("b", agents: 50, value: 10, max: 0.3)]
        guard case .infeasible(let maximums) = ValueAllocator.allocate(demand: Self.demand(perHour: 100), sites: capped) else {
            Issue.record("maximums below 100 % accepted")
            return
        }
        #expect(maximums.constraint == .contractMaximums)

        let tooSmallForItsMinimum = [Self.site("a", agents: 2, value: 10, min: 0.5), Self.site("b", agents: 50, value: 10)]
        guard case .infeasible(let minimum) = ValueAllocator.allocate(demand: Self.demand(perHour: 300), sites: tooSmallForItsMinimum) else {
            Issue.record("a minimum above a site's capacity accepted")
            return
        }
        #expect(minimum.constraint == .minimumAboveCapacity)
        #expect(minimum.sites == ["a"])
    }

    @Test("excluded (stale or down) sites get nothing")
    func excluded() {
        var stale = Self.site("stale", agents: 30, value: 50)
        stale.excludedBecause = "stale: no good data for 9 s"
        guard
            case .plan(let plan) = ValueAllocator.allocate(demand: Self.demand(perHour: 100), sites: [stale, Self.site("ok", agents: 30, value: 5)])
        else {
            Issue.record("no plan")
            return
        }
        #expect(plan.sites[0].share == 0)
        #expect(plan.sites[0].boundBy?.hasPrefix("excluded") == true)
        #expect(abs(plan.sites[1].share - 1) < 1e-9)
    }

    @Test("shrinkage: no data gives the skill mean, k intervals give half and half")
    func shrinkage() {
        #expect(ValueShrinkage.shrunk(measured: nil, intervals: 0, skillMean: 10, shrinkageIntervals: 32) == 10)
        #expect(ValueShrinkage.shrunk(measured: 20, intervals: 32, skillMean: 10, shrinkageIntervals: 32) == 15)
        #expect(abs(ValueShrinkage.shrunk(measured: 20, intervals: 100_000, skillMean: 10, shrinkageIntervals: 32) - 20) < 0.01)
    }

    @Test("marginal cost: per contact is marginal, seat-hours are not")
    func marginalCost() {
        #expect(PriceModel.perHandledContact(4.1).marginalCost(handleTime: 300) == 4.1)
        #expect(PriceModel.perProductiveHour(36).marginalCost(handleTime: 300) == 3)
        #expect(PriceModel.perSeatHour(20).marginalCost(handleTime: 300) == 0)
    }
}

import Queueing

/// A split of a skill's volume under contract bounds and each site's service-level capacity.
///
/// Up to fifty sites (a federation replanned every few seconds), every free site is held to its
/// capacity at target (``SiteCapacity/capacity(atTarget:)``, remembered from one rebalance to the
/// next) and the split made once. Over fifty, the capacities are found only for the sites at which
/// they bind (an active set): the split is first made within the contracts alone; every site then
/// predicted to miss its target is held to its capacity and the split made again, until none
/// misses. Holding a site back only sends more to the others, so a site once held stays held, and
/// the result is the optimum of the fully constrained problem: the same as holding every site at
/// once. The rounds that only find the held set solve to a loose tolerance and the last one is
/// polished.
struct TargetHeldSplit {
    /// Up to this many sites, every free site is held to its capacity at target before the split.
    static let holdUpFrontLimit = 50

    var amounts: [Double]
    var multiplier: Double
    /// The capacity at target of the sites held (net of their backlog).
    var capacity: [Double?]
    /// The figures of every checked site at its final amount (plus its backlog).
    var metrics: [QueueMetrics?]
    /// Every party's payoff at its final amount (empty when short).
    var points: [RateCurvePoint]
    /// The sites cannot take the volume at their targets, even with every capacity known to bind.
    var short: Bool

    /// - Parameters:
    ///   - free: the sites whose amount the split may choose (not excluded, not fixed by their mode).
    ///   - backlog: arrivals per second each site's queue adds (its waiting contacts over the drain horizon).
    ///   - holdUpFront: whether to hold every free site to its capacity before the first solve
    ///     (default: for up to fifty sites) instead of only those found to miss their target.
    static func solve(
        total: Double, parties: [ConcaveAllocator.Party], sites: [SiteCapacity], free: [Bool], lower: [Double], contractUpper: [Double],
        backlog: [Double], demand: SkillDemand, starts: [[Double]], holdUpFront: Bool? = nil
    ) -> TargetHeldSplit {
        let count = sites.count
        var capacity = [Double?](repeating: nil, count: count)
        var metrics = [QueueMetrics?](repeating: nil, count: count)
        /// The highest rate at which the site was checked and met its target: below it, it still does.
        var safe = [Double](repeating: 0, count: count)
        var amounts: [Double] = []
        var points: [RateCurvePoint] = []
        var multiplier = 0.0
        // A small split holds every free site at once and solves tightly once: the same optimum as
        // finding the holds round by round, since a hold that does not bind changes nothing and
        // every site the rounds leave free is within its capacity. A large one finds its held sites
        // with loose solves and is polished once.
        var polished = count <= holdUpFrontLimit
        if holdUpFront ?? polished {
            for index in 0..<count where free[index] {
                capacity[index] = max(sites[index].capacity(atTarget: demand) - backlog[index], 0)
            }
        }
        while true {
            var bounded = parties
            for index in 0..<count {
                if let cap = capacity[index] { bounded[index].upper = max(min(contractUpper[index], cap), lower[index]) }
            }
            if bounded.reduce(0, { $0 + $1.upper }) < total * (1 - 1e-9) {
                return TargetHeldSplit(amounts: amounts, multiplier: multiplier, capacity: capacity, metrics: metrics, points: [], short: true)
            }
            // The payoffs are the same functions from round to round (only bounds change): where an
            // amount starts where the last round left it, its payoff is known.
            let solution = ConcaveAllocator.solve(
                total: total, parties: bounded, starts: amounts.isEmpty ? starts : [amounts], known: points.map(Optional.some),
                tolerance: polished ? 1e-6 : 1e-4)
            (amounts, multiplier, points) = (solution.amounts, solution.multiplier, solution.points)
            var held = false
            for index in 0..<count where free[index] && capacity[index] == nil {
                if !polished && amounts[index] <= safe[index] { continue }
                let m = sites[index].metrics(rate: amounts[index] + backlog[index], threshold: demand.threshold)
                metrics[index] = m
                if m.serviceLevel >= demand.serviceLevelTarget || amounts[index] <= lower[index] {
                    safe[index] = max(safe[index], amounts[index])
                } else {
                    capacity[index] = max(sites[index].capacity(atTarget: demand) - backlog[index], 0)
                    held = true
                }
            }
            if held { continue }
            if !polished {
                polished = true
                continue
            }
            return TargetHeldSplit(amounts: amounts, multiplier: multiplier, capacity: capacity, metrics: metrics, points: points, short: false)
        }
    }
}

/// Splits a total between parties with concave payoffs to maximise the sum of payoffs.
///
/// Maximise Σ fᵢ(xᵢ) subject to Σ xᵢ = total and loᵢ ≤ xᵢ ≤ hiᵢ, with every fᵢ concave. The
/// Karush–Kuhn–Tucker conditions say that at the optimum every party strictly inside its bounds has
/// the same marginal payoff fᵢ′(xᵢ) = μ, parties at their upper bound have fᵢ′ ≥ μ and parties at
/// their lower bound fᵢ′ ≤ μ. For a given μ each party's best xᵢ(μ) is found by bisection on the
/// decreasing fᵢ′; Σ xᵢ(μ) decreases in μ, so μ itself is found by bisection (Everett 1963, the
/// generalized Lagrange multiplier method; Ibaraki and Katoh, "Resource Allocation Problems", 1988).
/// Ties (parties with a flat fᵢ′ at μ) are resolved by filling them in proportion to their room.
public enum ConcaveAllocator {
    public struct Party: Sendable {
        public var lower: Double
        public var upper: Double
        /// The concave payoff of the party's amount.
        public var payoff: @Sendable (Double) -> Double

        public init(lower: Double, upper: Double, payoff: @escaping @Sendable (Double) -> Double) {
            self.lower = lower
            self.upper = upper
            self.payoff = payoff
        }
    }

    /// The optimal amounts and the multiplier μ (the marginal payoff of one more unit of total).
    /// - Precondition: Σ lower ≤ total ≤ Σ upper, lower ≤ upper for every party.
    /// - Complexity: O(n · k²) payoff evaluations for n parties and k ≈ 60 bisection steps.
    public static func allocate(total: Double, parties: [Party]) -> (amounts: [Double], multiplier: Double) {
        let lowerSum = parties.reduce(0) { $0 + $1.lower }
        let upperSum = parties.reduce(0) { $0 + $1.upper }
        precondition(lowerSum <= total * (1 + 1e-12) + 1e-12 && total <= upperSum * (1 + 1e-12) + 1e-12, "ConcaveAllocator: infeasible bounds")
        if parties.isEmpty { return ([], 0) }
        let scale = max(total, 1e-9)
        let step = scale * 1e-6

        func slope(_ party: Party, _ x: Double) -> Double {
            let a = max(party.lower, x - step)
            let b = min(party.upper, x + step)
            guard b > a else { return 0 }
            return (party.payoff(b) - party.payoff(a)) / (b - a)
        }

        /// The party's best amount at multiplier μ: where its slope falls to μ, searched in
        /// [low, high] (its amounts at a larger and a smaller multiplier bracket it, since the best
        /// amount decreases as μ grows).
        func best(_ party: Party, _ mu: Double, low: Double, high: Double) -> Double {
            if party.upper - party.lower <= 0 { return party.lower }
            var lo = max(low, party.lower)
            var hi = min(high, party.upper)
            if lo <= party.lower && slope(party, party.lower) <= mu { return party.lower }
            if hi >= party.upper && slope(party, party.upper) >= mu { return party.upper }
            if hi - lo <= step { return (lo + hi) / 2 }
            for _ in 0..<60 {
                let mid = (lo + hi) / 2
                if slope(party, mid) > mu { lo = mid } else { hi = mid }
                if hi - lo <= step { break }
            }
            return (lo + hi) / 2
        }

        var slopes: [Double] = []
        for party in parties {
            slopes.append(slope(party, party.lower))
            slopes.append(slope(party, party.upper))
        }
        var muLow = (slopes.min() ?? 0) - 1  // every party at its upper bound: Σ ≥ total
        var muHigh = (slopes.max() ?? 0) + 1  // every party at its lower bound: Σ ≤ total
        var atLow = parties.map(\.upper)
        var atHigh = parties.map(\.lower)
        for _ in 0..<80 {
            let mid = (muLow + muHigh) / 2
            var amounts = [Double](repeating: 0, count: parties.count)
            for index in parties.indices {
                amounts[index] = best(parties[index], mid, low: atHigh[index], high: atLow[index])
            }
            let sum = amounts.reduce(0, +)
            if sum >= total {
                muLow = mid
                atLow = amounts
            } else {
                muHigh = mid
                atHigh = amounts
            }
            if abs(sum - total) <= step * 0.5 || muHigh - muLow <= 1e-12 * max(1, abs(mid)) { break }
        }
        // Between the two allocations only the tied parties differ: fill them in proportion.
        let sumLow = atLow.reduce(0, +)
        let sumHigh = atHigh.reduce(0, +)
        let weight = sumLow - sumHigh > 0 ? (total - sumHigh) / (sumLow - sumHigh) : 0
        let amounts = zip(atHigh, atLow).map { high, low in high + (low - high) * min(max(weight, 0), 1) }
        return (amounts, (muLow + muHigh) / 2)
    }
}

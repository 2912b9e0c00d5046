/// Erlang's loss formula: the blocking probability of the M/M/n/n queue.
///
///     B(n, a) = (aⁿ/n!) / Σₖ₌₀ⁿ (aᵏ/k!)
///
/// for n servers (agents) and offered load a = λ/μ Erlangs (A. K. Erlang, "Solution of some
/// problems in the theory of probabilities of significance in automatic telephone
/// exchanges", 1917). It is the building block of Erlang C and Erlang A.
///
/// Computed without factorials by the stable recursion B(0) = 1,
/// B(k) = a B(k−1) / (k + a B(k−1)), carried on its reciprocal form
/// u(k) = 1/B(k) − 1 = (k/a)(1 + u(k−1)), which only adds and multiplies positive numbers
/// (Jagerman 1974, "Some properties of the Erlang loss function"). Terms with k far below
/// min(n, a) weigh less than e⁻⁵⁰ relative to the result (they are Poisson(a) probabilities
/// more than ten standard deviations below the mean), so the recursion starts at
/// k₀ = min(n, a) − 10√a; the result is exact to rounding for any n and a, including
/// 10,000 agents at 10,000 Erlangs.
public enum ErlangB {
    /// The probability B(n, a) that all `agents` are busy (an arriving contact is lost in
    /// M/M/n/n; it waits in M/M/n and M/M/n+M).
    ///
    /// - Parameters:
    ///   - agents: n ≥ 0.
    ///   - load: a = λ × AHT in Erlangs, finite and ≥ 0.
    /// - Returns: B(n, a) in [0, 1]; 1 when n = 0, 0 when a = 0 < n or when B underflows
    ///   below 10⁻³⁰⁰.
    /// - Complexity: O(min(n, 10√a + |n − a|)).
    public static func blocking(agents: Int, load: Double) -> Double {
        1 / (1 + inverseMinusOne(agents: agents, load: load))
    }

    /// u(n, a) = 1/B(n, a) − 1 = Σₖ₌₀ⁿ⁻¹ (n!/k!) a^(k−n): the stationary probability of fewer
    /// than n busy servers relative to that of exactly n. `.infinity` once it exceeds 10³⁰⁰.
    ///
    /// The loop advances four steps per multiply and add: with r(k) = k/a,
    /// u(k+3) = c + d u(k−1), c = r₃(1 + r₂(1 + r₁(1 + r₀))), d = r₀r₁r₂r₃, where c and d do
    /// not depend on u, so the dependent chain is one multiply and one add per four agents.
    static func inverseMinusOne(agents: Int, load: Double) -> Double {
        precondition(agents >= 0, "ErlangB: agents must be >= 0, got \(agents)")
        precondition(load >= 0 && load.isFinite, "ErlangB: load must be finite and >= 0, got \(load)")
        if agents == 0 { return 0 }
        if load == 0 { return .infinity }
        let n = Double(agents)
        let first = (min(n, load) - 10 * load.squareRoot() - 2).rounded(.down)
        var k = first > 0 ? first + 1 : 1  // the first k whose step is applied (u(k−1) = 0)
        let inverseLoad = 1 / load
        var u = 0.0
        // Single steps until the remaining count is a multiple of four.
        var single = Int(n - k + 1) % 4
        while single > 0 {
            u = k * inverseLoad * (1 + u)
            k += 1
            single -= 1
        }
        while k < n {
            let r0 = k * inverseLoad
            let r1 = (k + 1) * inverseLoad
            let r2 = (k + 2) * inverseLoad
            let r3 = (k + 3) * inverseLoad
            let c = r3 * (1 + r2 * (1 + r1 * (1 + r0)))
            let d = (r0 * r1) * (r2 * r3)
            u = c + d * u
            if u > 1e300 { return .infinity }
            k += 4
        }
        return u
    }
}

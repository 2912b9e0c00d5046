#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A function of the arrival rate with its first two derivatives, at one arrival rate.
public struct RateCurvePoint: Sendable, Hashable {
    /// The function's value.
    public var value: Double
    /// Its derivative in the arrival rate λ (per second).
    public var slope: Double
    /// Its second derivative in λ.
    public var curvature: Double

    public init(value: Double, slope: Double, curvature: Double) {
        self.value = value
        self.slope = slope
        self.curvature = curvature
    }

    public static let zero = RateCurvePoint(value: 0, slope: 0, curvature: 0)
}

extension ErlangA {
    /// The abandonment rate R(λ) = λ P(Ab), contacts per second, with dR/dλ and d²R/dλ², from
    /// one Erlang B recursion and one pass over the queue series: what a planner splitting
    /// traffic between queues needs at every step, without numerical differentiation.
    ///
    /// R is also the total waiting time of all contacts per unit time divided by the mean
    /// patience (E[W] = P(Ab)/θ under exponential patience), so patience × R(λ) is the rate at
    /// which contacts accumulate waiting time: the expected-delay objective of overflow planning.
    ///
    /// With x = nμ/θ, y = λ/θ, J = J(x, y) (``KummerSeries``) and u = 1/B(n, a) − 1,
    ///
    ///     P(Ab) = [x + J (y − x)] / (y (u + J)),  so  R = θ N/D,  N = Σₘ m t(m),  D = u + J,
    ///
    /// since x + J(y − x) = Σₘ m t(m) = y J′. The derivatives follow from dt(m)/dy = m t(m)/y
    /// (so N′ = Σ m² t/y, N″ = Σ m²(m−1) t/y², written with factorial moments that have no
    /// cancellation for small y) and from Erlang B's dB/da = B(n/a − 1 + B), i.e.
    /// du/da = −(u + 1)(n/a − 1) − 1 and d²u/da² = −u′(n/a − 1) + (u + 1) n/a² (Jagerman 1974).
    /// Everything is carried divided by J, so nothing overflows for thousands of agents.
    ///
    /// R is convex in λ (the abandonment volume grows faster than the traffic): see the tests.
    /// Under infinite patience nobody abandons and the result is zero.
    ///
    /// - Complexity: O(min(n, 10√a + |n − a|)) for Erlang B plus O(√x + √y) series terms, no
    ///   threshold part: cheaper than ``metrics(threshold:)``.
    public var abandonmentRate: RateCurvePoint {
        guard patience.isFinite else { return .zero }
        guard agents > 0 else { return RateCurvePoint(value: arrivalRate, slope: 1, curvature: 0) }
        guard arrivalRate > 0 else { return .zero }
        let theta = 1 / patience
        let n = Double(agents)
        let x = n * patience / handleTime
        let y = arrivalRate * patience
        let a = load
        let k = handleTime / patience  // da/dy
        let u = ErlangB.inverseMinusOne(agents: agents, load: a)
        if u.isInfinite { return .zero }
        let series = KummerSeries(factorialMomentsX: x, w: y)
        let r = exp(log(u) - series.logSum)  // u/J
        let q = exp(-series.logSum)  // 1/J
        if !r.isFinite || r > 1e250 { return .zero }
        let f1 = series.firstMoment
        let f2 = series.secondFactorialMoment
        let f3 = series.thirdFactorialMoment
        // N/J and its y-derivatives over J.
        let n0 = f1
        let n1 = (f2 + f1) / y
        let n2 = (f3 + 2 * f2) / (y * y)
        // u over J and its y-derivatives.
        let ratio = n / a
        let ua = -(r + q) * (ratio - 1) - q
        let uaa = -ua * (ratio - 1) + (r + q) * ratio / a
        // D/J = u/J + 1 and its y-derivatives over J (J′/J = f1/y, J″/J = f2/y²).
        let d0 = r + 1
        let d1 = k * ua + f1 / y
        let d2 = k * k * uaa + f2 / (y * y)
        let q0 = n0 / d0
        let q1 = (n1 * d0 - n0 * d1) / (d0 * d0)
        let q2 = (n2 * d0 - n0 * d2) / (d0 * d0) - 2 * d1 * q1 / d0
        return RateCurvePoint(value: theta * q0, slope: q1, curvature: q2 * patience)
    }
}

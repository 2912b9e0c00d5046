/// Arrival times of a non-homogeneous Poisson process.
public enum PoissonProcess {
    /// The first arrival after `time` of a Poisson process whose rate (events per second) at time
    /// `t` is `rate(t)`, bounded above by `maxRate`, by thinning (Lewis and Shedler, "Simulation of
    /// nonhomogeneous Poisson processes by thinning", Naval Research Logistics Quarterly 26, 1979):
    /// candidates come from a homogeneous process of rate `maxRate`, and each is kept with
    /// probability `rate(t) / maxRate`.
    ///
    /// - Parameters:
    ///   - time: the current time, seconds.
    ///   - maxRate: an upper bound of `rate` from `time` to `horizon`, events per second.
    ///   - horizon: give up (nil) when no arrival is accepted before this time.
    ///   - rate: the rate at a time, events per second; values above `maxRate` are treated as `maxRate`.
    ///   - generator: the random source.
    /// - Returns: the next arrival time, or nil when `maxRate` is not positive or no arrival falls before `horizon`.
    /// - Complexity: O(maxRate / average rate) draws per arrival.
    @inlinable
    public static func nextArrival(
        after time: Double, maxRate: Double, horizon: Double = .infinity, rate: (Double) -> Double,
        using generator: inout some RandomNumberGenerator
    ) -> Double? {
        guard maxRate > 0, maxRate.isFinite else { return nil }
        var t = time
        while true {
            t += Sampling.exponential(mean: 1 / maxRate, using: &generator)
            if t > horizon { return nil }
            let r = rate(t)
            if r >= maxRate || Sampling.uniform(using: &generator) * maxRate < r { return t }
        }
    }
}

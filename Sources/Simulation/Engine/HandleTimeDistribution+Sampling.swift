import InterflowCore

extension HandleTimeDistribution {
    /// A handle time in seconds drawn from the distribution.
    @inlinable
    public func sample(using generator: inout some RandomNumberGenerator) -> Double {
        switch self {
        case .exponential(let mean): Sampling.exponential(mean: mean, using: &generator)
        case .lognormal(let mean, let cv): Sampling.lognormal(mean: mean, cv: cv, using: &generator)
        }
    }
}

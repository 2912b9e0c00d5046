import Foundation

/// Samplers of the distributions a contact-center simulation needs. Each takes the generator
/// as `inout some RandomNumberGenerator`, so a seeded generator makes the draw reproducible.
public enum Sampling {
    /// A uniform draw from [0, 1) with 53 random bits.
    @inlinable
    public static func uniform(using generator: inout some RandomNumberGenerator) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }

    /// True with probability `probability` (never below 0, always above 1).
    @inlinable
    public static func bernoulli(_ probability: Double, using generator: inout some RandomNumberGenerator) -> Bool {
        uniform(using: &generator) < probability
    }

    /// An exponential draw with the given mean, by inversion: `-mean · ln(1 - U)`.
    /// A mean of zero gives zero; an infinite mean gives infinity.
    @inlinable
    public static func exponential(mean: Double, using generator: inout some RandomNumberGenerator) -> Double {
        -mean * log1p(-uniform(using: &generator))
    }

    /// A standard normal draw (Box–Muller transform, one of the pair).
    @inlinable
    public static func standardNormal(using generator: inout some RandomNumberGenerator) -> Double {
        let u1 = 1 - uniform(using: &generator)  // (0, 1]
        let u2 = uniform(using: &generator)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A lognormal draw with the given mean and coefficient of variation (standard deviation / mean).
    ///
    /// With σ² = ln(1 + cv²) and μ = ln(mean) − σ²/2, `exp(μ + σZ)` has exactly that mean and cv.
    /// A cv of zero gives the mean.
    @inlinable
    public static func lognormal(mean: Double, cv: Double, using generator: inout some RandomNumberGenerator) -> Double {
        guard cv > 0, mean > 0 else { return max(mean, 0) }
        let variance = log1p(cv * cv)
        let mu = log(mean) - variance / 2
        return exp(mu + variance.squareRoot() * standardNormal(using: &generator))
    }
}

import Foundation
import InterflowCore

extension DurationDistribution {
    /// A duration in seconds drawn from the distribution.
    @inlinable
    public func sample(using generator: inout some RandomNumberGenerator) -> Double {
        quantile(Sampling.uniform(using: &generator))
    }

    /// The duration at probability `u` ∈ [0, 1) (the inverse of the distribution function): one
    /// uniform per draw, so that a contact's handle time and patience can be fixed when it arrives,
    /// whichever site later handles it (common random numbers across the policies compared).
    ///
    /// Exponential: −mean ln(1 − u) (with `log`: 1 − u is exact for a 53-bit u). Lognormal: exp(μ + σ Φ⁻¹(u)) with σ² = ln(1 + cv²),
    /// μ = ln(mean) − σ²/2 (``Sampling/normalQuantile(_:)``). Empirical: linear between order
    /// statistics. Mixture: `u` chooses the component and, rescaled, draws within it.
    /// - Complexity: O(1); O(log k) for k samples or components.
    @inlinable
    public func quantile(_ u: Double) -> Double {
        switch self {
        case .exponential(let mean):
            return -mean * log(1 - u)
        case .lognormal(let mean, let cv):
            guard cv > 0, mean > 0 else { return max(mean, 0) }
            let variance = log1p(cv * cv)
            let mu = log(mean) - variance / 2
            return exp(mu + variance.squareRoot() * Sampling.normalQuantile(min(max(u, 1e-300), 1 - 1e-16)))
        case .empirical(let samples):
            guard samples.count > 1 else { return samples.first ?? 0 }
            let position = u * Double(samples.count - 1)
            let index = min(Int(position), samples.count - 2)
            let fraction = position - Double(index)
            return samples[index] + (samples[index + 1] - samples[index]) * fraction
        case .exponentialMixture(let weights, let means):
            let total = weights.reduce(0, +)
            guard total > 0 else { return 0 }
            var target = u * total
            for (weight, mean) in zip(weights, means) {
                if target < weight { return -mean * log(1 - target / weight) }
                target -= weight
            }
            return -(means.last ?? 0) * log(1 - min(max(u, 0), 1 - 1e-16))
        }
    }
}

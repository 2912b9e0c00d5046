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

    /// An exponential draw with the given mean: `mean ·` ``standardExponential(using:)``.
    /// A mean of zero gives zero; an infinite mean gives infinity.
    @inlinable
    public static func exponential(mean: Double, using generator: inout some RandomNumberGenerator) -> Double {
        mean * standardExponential(using: &generator)
    }

    /// An exponential draw of mean 1 by the ziggurat method (Marsaglia and Tsang, "The Ziggurat
    /// Method for Generating Random Variables", Journal of Statistical Software 5(8), 2000), with
    /// 256 layers of equal area under e^−x: one 64-bit draw (8 bits choose the layer, 53 the point
    /// in it), a multiplication and a comparison 98.9 % of the time, against a logarithm for
    /// inversion; otherwise the density test of the layer's edge, or the tail beyond r, r − ln U
    /// (the exponential forgets what it has waited).
    ///
    /// Not an inversion: where a draw must be the same quantile under several distributions
    /// (a contact's handle time at whichever site), use ``DurationDistribution/quantile(_:)``.
    @inlinable
    public static func standardExponential(using generator: inout some RandomNumberGenerator) -> Double {
        ExponentialZiggurat.tables.withUnsafeBufferPointer { table in
            while true {
                let bits = generator.next()
                let i = Int(bits & 0xFF)
                let x = Double(bits >> 11) * 0x1p-53 * table[2 * i]
                if x < table[2 * i + 2] { return x }
                if i == 0 { return ExponentialZiggurat.r - log(1 - uniform(using: &generator)) }
                let (edge, top) = (table[2 * i + 1], table[2 * i + 3])
                if top + (edge - top) * uniform(using: &generator) < exp(-x) { return x }
            }
        }
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

extension Sampling {
    /// Φ⁻¹(p), the standard normal quantile, to about 16 digits: Wichura's algorithm AS 241
    /// (PPND16, Applied Statistics 37, 1988), rational approximations in three regions.
    @inlinable
    public static func normalQuantile(_ p: Double) -> Double {
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let numerator =
                ((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r
                    + 13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r + 3.387132872796366608
            let denominator =
                ((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r
                    + 5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1
            return q * numerator / denominator
        }
        var r = q < 0 ? p : 1 - p
        guard r > 0 else { return q < 0 ? -.infinity : .infinity }
        r = (-log(r)).squareRoot()
        var value: Double
        if r <= 5 {
            r -= 1.6
            let numerator =
                ((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r
                    + 3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r + 1.42343711074968357734
            let denominator =
                ((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r
                    + 0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1
            value = numerator / denominator
        } else {
            r -= 5
            let numerator =
                ((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r
                    + 0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r + 6.6579046435011037772
            let denominator =
                ((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r
                    + 0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1
            value = numerator / denominator
        }
        return q < 0 ? -value : value
    }
}

/// The layers of ``Sampling/standardExponential(using:)``: for i = 0…256, the right edge x_i of
/// layer i and e^−x_i, interleaved (x_0 is the base layer's width v / e^−r, with its tail; x_1 = r;
/// x_{i+1} = −ln(e^−x_i + v / x_i); x_256 = 0), from Marsaglia and Tsang's r and v for 256 layers.
@usableFromInline
enum ExponentialZiggurat {
    /// Where the tail begins.
    @usableFromInline static let r = 7.69711747013104972
    /// The area of every layer, the tail's part of the base included.
    static let v = 3.949659822581572e-3

    @usableFromInline static let tables: [Double] = {
        var x = [Double](repeating: 0, count: 257)
        x[0] = v / exp(-r)
        x[1] = r
        for i in 1..<255 { x[i + 1] = -log(exp(-x[i]) + v / x[i]) }
        x[256] = 0
        return x.flatMap { [$0, exp(-$0)] }
    }()
}

import Foundation

/// A mean over independent replications with its 95 % confidence interval (Student's t).
public struct Estimate: Sendable, Hashable, Codable, CustomStringConvertible {
    public var mean: Double
    /// Half the width of the 95 % interval: mean ± halfWidth.
    public var halfWidth: Double
    public var replications: Int

    public var low: Double { mean - halfWidth }
    public var high: Double { mean + halfWidth }

    public init(mean: Double, halfWidth: Double, replications: Int) {
        self.mean = mean
        self.halfWidth = halfWidth
        self.replications = replications
    }

    /// The estimate of `values` (one per replication): x̄ ± t₀.₉₇₅,ₙ₋₁ s/√n.
    public init(_ values: [Double]) {
        let n = values.count
        let mean = n > 0 ? values.reduce(0, +) / Double(n) : .nan
        var half = Double.infinity
        if n > 1 {
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
            half = Self.studentQuantile975(degreesOfFreedom: n - 1) * (variance / Double(n)).squareRoot()
        }
        self.init(mean: mean, halfWidth: half, replications: n)
    }

    /// Whether `value` lies inside the interval.
    public func contains(_ value: Double) -> Bool { value >= low && value <= high }

    /// Whether the interval excludes zero (a difference that is not noise at 95 %).
    public var isSignificant: Bool { low > 0 || high < 0 }

    public var description: String { "\(mean) ± \(halfWidth)" }

    /// t₀.₉₇₅ with ν degrees of freedom: a table to 10⁻⁹ up to ν = 30, beyond it the Cornish–Fisher
    /// expansion about the normal quantile (Abramowitz and Stegun 26.7.5), within 3·10⁻⁸ there.
    public static func studentQuantile975(degreesOfFreedom nu: Int) -> Double {
        guard nu >= 1 else { return .infinity }
        if nu <= table975.count { return table975[nu - 1] }
        let z = 1.959_963_985
        let v = Double(nu)
        let z3 = z * z * z
        let z5 = z3 * z * z
        let z7 = z5 * z * z
        let z9 = z7 * z * z
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
            + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
            + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92_160 * v * v * v * v)
    }

    static let table975: [Double] = [
        12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252, 2.306004135, 2.262157163,
        2.228138852, 2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040,
        2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562, 2.059538553, 2.055529439, 2.051830516,
        2.048407142, 2.045229642, 2.042272456,
    ]
}

/// The simulated ACD behind a site's agent: who works there and what customers do.
///
/// Read from the `simulation:` block of a site file. Real deployments replace the simulated
/// ACD with a real one; demos and tests use this.
public struct SimulationProfile: Sendable, Hashable {
    /// Per-skill demand, handling and outcomes, keyed by skill id.
    public var skills: [String: SkillProfile]
    /// Agent groups with their skill sets and shifts.
    public var agentGroups: [AgentGroup]
    /// Relative arrival intensity by local hour (24 values, peak = 1). Empty means flat.
    public var hourlyProfile: [Double]
    /// Seed of the site's random stream; the same seed gives the same day.
    public var seed: UInt64

    public init(skills: [String: SkillProfile], agentGroups: [AgentGroup], hourlyProfile: [Double] = [], seed: UInt64 = 1) {
        self.skills = skills
        self.agentGroups = agentGroups
        self.hourlyProfile = hourlyProfile
        self.seed = seed
    }

    /// The default day shape of a contact center: quiet at night, peaks late morning and early afternoon.
    public static let typicalDay: [Double] = [
        0.05, 0.04, 0.03, 0.03, 0.04, 0.08, 0.20, 0.45, 0.75, 0.95, 1.00, 0.98,
        0.90, 0.95, 0.97, 0.90, 0.80, 0.65, 0.50, 0.40, 0.30, 0.20, 0.12, 0.08,
    ]
}

/// How a skill behaves at one simulated site.
public struct SkillProfile: Sendable, Hashable {
    /// Arrivals per hour at the profile's peak when the site runs on its own (no traffic source).
    public var peakArrivalsPerHour: Double
    public var handleTime: DurationDistribution
    /// Mean patience of waiting customers, seconds (exponential).
    public var patienceSeconds: Double
    /// Probability a handled contact is resolved on first contact.
    public var fcrRate: Double
    /// Probability a handled contact converts (a sale, a save).
    public var conversionRate: Double
    /// Revenue of one conversion.
    public var revenuePerConversion: Double

    public init(
        peakArrivalsPerHour: Double, handleTime: DurationDistribution, patienceSeconds: Double, fcrRate: Double,
        conversionRate: Double, revenuePerConversion: Double
    ) {
        self.peakArrivalsPerHour = peakArrivalsPerHour
        self.handleTime = handleTime
        self.patienceSeconds = patienceSeconds
        self.fcrRate = fcrRate
        self.conversionRate = conversionRate
        self.revenuePerConversion = revenuePerConversion
    }
}

/// How long something lasts: a handle time, or a customer's patience.
public enum DurationDistribution: Sendable, Hashable {
    case exponential(meanSeconds: Double)
    /// Lognormal with the given mean and coefficient of variation (standard deviation / mean).
    case lognormal(meanSeconds: Double, cv: Double)
    /// Observed durations, in seconds: drawn from their empirical distribution, interpolated
    /// linearly between order statistics. Kept sorted.
    case empirical(samples: [Double])
    /// A mixture of exponentials: with probability `weights[i]` (normalised) an exponential of mean
    /// `means[i]`. What closed intervals give: each interval's AHT, weighted by its handled contacts.
    case exponentialMixture(weights: [Double], means: [Double])

    /// Observed durations (sorted here); nil when there are none or one is not a finite number ≥ 0.
    public static func empirical(_ samples: [Double]) -> DurationDistribution? {
        guard !samples.isEmpty, samples.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return nil }
        return .empirical(samples: samples.sorted())
    }

    /// The exponential mixture of closed intervals of one skill: each interval's AHT
    /// (handle seconds / handled), weighted by its handled contacts; nil when none handled any.
    public static func fromIntervals(_ intervals: [IntervalRecord]) -> DurationDistribution? {
        let used = intervals.filter { $0.handled > 0 && $0.handleSeconds > 0 }
        guard !used.isEmpty else { return nil }
        return .exponentialMixture(weights: used.map { Double($0.handled) }, means: used.map { $0.handleSeconds / Double($0.handled) })
    }

    public var meanSeconds: Double {
        switch self {
        case .exponential(let mean), .lognormal(let mean, _): mean
        case .empirical(let samples): samples.reduce(0, +) / Double(max(samples.count, 1))
        case .exponentialMixture(let weights, let means):
            zip(weights, means).reduce(0) { $0 + $1.0 * $1.1 } / max(weights.reduce(0, +), .leastNormalMagnitude)
        }
    }
}

/// A group of identical agents.
public struct AgentGroup: Sendable, Hashable {
    public var name: String
    public var count: Int
    /// Skill ids the group handles, in order of preference.
    public var skills: [String]
    /// Shift in minutes after local midnight; `endMinute` may exceed 1440 for a shift past midnight.
    public var startMinute: Int
    public var endMinute: Int

    public init(name: String, count: Int, skills: [String], startMinute: Int, endMinute: Int) {
        self.name = name
        self.count = count
        self.skills = skills
        self.startMinute = startMinute
        self.endMinute = endMinute
    }
}

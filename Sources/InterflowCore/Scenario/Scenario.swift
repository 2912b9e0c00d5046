import Foundation

/// A what-if: a federation, one simulated day of demand and staffing, and what happens on it,
/// for the policy simulator (`interflow simulate`) to play under each routing policy.
///
/// Read from a scenario file (`ScenarioLoader`); the format is in `docs/simulation.md`.
public struct Scenario: Sendable {
    public var name: String
    public var description: String?
    /// The federation: its sites with their modes, contracts and simulation profiles (handle
    /// times, outcomes, agent shifts), and its skills and segments.
    public var federation: Federation
    /// The zone of the day's clock times (`hours`, events, the demand profile).
    public var timeZone: String
    /// The simulated span, and the warm-up at its start that is simulated but not counted.
    public var start: Date
    public var end: Date
    public var warmupSeconds: Double
    /// The day's demand by skill, in the federation's skill order.
    public var demand: [SkillDemandPlan]
    /// Handle-time overrides: site id → skill id → distribution.
    public var handleTimes: [String: [String: DurationDistribution]]
    /// How long customers wait before hanging up.
    public var patience: PatienceModel
    /// Agent groups per site (the site file's, scaled or replaced by the scenario).
    public var staffing: [String: [AgentGroup]]
    public var events: [ScenarioEvent]
    /// What an hour of a logged-in agent costs at each in-house site (outsourcers cost what their
    /// contract's price says).
    public var agentHourCost: [String: Double]
    public var settings: SimulationSettings

    public init(
        name: String, description: String? = nil, federation: Federation, timeZone: String, start: Date, end: Date, warmupSeconds: Double,
        demand: [SkillDemandPlan], handleTimes: [String: [String: DurationDistribution]] = [:], patience: PatienceModel = .exponential,
        staffing: [String: [AgentGroup]], events: [ScenarioEvent] = [], agentHourCost: [String: Double] = [:],
        settings: SimulationSettings = SimulationSettings()
    ) {
        self.name = name
        self.description = description
        self.federation = federation
        self.timeZone = timeZone
        self.start = start
        self.end = end
        self.warmupSeconds = warmupSeconds
        self.demand = demand
        self.handleTimes = handleTimes
        self.patience = patience
        self.staffing = staffing
        self.events = events
        self.agentHourCost = agentHourCost
        self.settings = settings
    }
}

/// One skill's demand over the simulated day.
public struct SkillDemandPlan: Sendable, Hashable {
    public enum Shape: Sendable, Hashable {
        /// `perHour` at the peak times the relative intensity of the local hour (24 values, peak 1).
        case hourly([Double])
        /// A rate per hour for each interval of `lengthSeconds` from the start of the local day.
        case intervals(lengthSeconds: Double, perHour: [Double])
    }

    public var skill: String
    /// Contacts per hour at the peak (for `.hourly`).
    public var peakPerHour: Double
    public var shape: Shape
    /// Share of the contacts in each segment, by segment id (sums to 1).
    public var segments: [String: Double]

    public init(skill: String, peakPerHour: Double, shape: Shape, segments: [String: Double]) {
        self.skill = skill
        self.peakPerHour = peakPerHour
        self.shape = shape
        self.segments = segments
    }

    /// Contacts per hour at local minute `minute` of the day.
    public func perHour(atLocalMinute minute: Double) -> Double {
        switch shape {
        case .hourly(let table):
            return peakPerHour * table[min(max(Int(minute / 60), 0), 23)]
        case .intervals(let length, let rates):
            let index = Int(minute * 60 / length)
            return index >= 0 && index < rates.count ? rates[index] : 0
        }
    }
}

/// The customers' patience: the distribution around each segment's mean patience.
public enum PatienceModel: Sendable, Hashable {
    /// Exponential with the segment's mean (Erlang A's assumption).
    case exponential
    /// Lognormal with the segment's mean and this coefficient of variation.
    case lognormal(cv: Double)
    /// These durations, whatever the segment.
    case empirical(DurationDistribution)
    /// Nobody hangs up (Erlang C's assumption).
    case none
}

/// Something that happens during the simulated day.
public enum ScenarioEvent: Sendable, Hashable {
    /// A site's own arrivals of a skill (its local number) multiplied by `factor` from `from` to `until`.
    case surge(site: String, skill: String, factor: Double, from: Date, until: Date)
    /// A site goes down (its agents take nothing, its agent answers no poll) from `from` to `until`.
    case down(site: String, from: Date, until: Date)
}

/// Which coordinator the simulator plays.
public enum SimulationPolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// No coordinator: fixed shares (outsourcers at the middle of their contract bounds, in-house
    /// and virtualized capacity by scheduled agents, reset every interval), no interflow, no
    /// per-contact routing, no callbacks.
    case `static`
    /// The coordinator with `policy: overflow`: real-time minimum-delay shares, per-contact routing.
    case overflow
    /// The coordinator with `policy: value`: value-based shares within the targets, per-contact routing.
    case value
}

/// How the simulator runs a scenario.
public struct SimulationSettings: Sendable, Hashable {
    public var policies: [SimulationPolicy]
    public var replications: Int
    public var seed: UInt64
    /// Seconds between the coordinator's rebalances (and polls of the sites).
    public var rebalanceSeconds: Double?
    /// Seconds a contact spends moving from one site's queue to another's.
    public var interflowDelaySeconds: Double
    /// Whether agents keep to their shifts exactly, or as real agents do.
    public var perfectAdherence: Bool
    /// Share of contacts not resolved on first contact that call again, and their mean delay.
    public var repeatShare: Double
    public var repeatAfterSeconds: Double

    public init(
        policies: [SimulationPolicy] = SimulationPolicy.allCases, replications: Int = 10, seed: UInt64 = 1, rebalanceSeconds: Double? = nil,
        interflowDelaySeconds: Double = 10, perfectAdherence: Bool = false, repeatShare: Double = 0, repeatAfterSeconds: Double = 7200
    ) {
        self.policies = policies
        self.replications = replications
        self.seed = seed
        self.rebalanceSeconds = rebalanceSeconds
        self.interflowDelaySeconds = interflowDelaySeconds
        self.perfectAdherence = perfectAdherence
        self.repeatShare = repeatShare
        self.repeatAfterSeconds = repeatAfterSeconds
    }
}

import InterflowCore
import Queueing

/// What the planner knows about one site for one skill: its capacity, its queue model, what its
/// contract allows and what a handled contact is worth there.
///
/// Built by the coordinator from live state and closed intervals; the planner only reads it.
public struct SiteCapacity: Sendable, Hashable {
    public var siteId: String
    public var mode: SiteMode
    /// Why the site may receive no new work (stale or down data), or nil when it may.
    public var excludedBecause: String?
    /// Agents serving the skill: staffed agents where the enterprise sees them, contracted seats
    /// where the outsourcer plans its own staff.
    public var agents: Int
    /// Mean handle time, seconds.
    public var handleTime: Double
    /// Mean customer patience, seconds (`.infinity`: nobody abandons).
    public var patience: Double
    /// The share of the skill's volume the site has now (0...1).
    public var currentShare: Double
    /// The contract's bounds on the share (0...1 for in-house sites).
    public var bounds: ShareBounds
    /// Value of a handled contact (revenue less repeat-contact cost), after shrinkage.
    public var valuePerContact: Double
    /// What one more handled contact costs (a per-contact price; 0 where the cost is paid anyway).
    public var marginalCost: Double
    /// Contacts waiting now, when the mode shows it.
    public var waiting: Int
    /// Agents busy now, when the mode shows it.
    public var busy: Int
    /// Agents logged in with the skill now (multi-skilled agents counted for each of their skills),
    /// as the live queue shows: what per-contact routing predicts the next wait from. `agents`, the
    /// planning capacity, counts each agent once across its skills.
    public var staffedNow: Int

    public init(
        siteId: String, mode: SiteMode, excludedBecause: String? = nil, agents: Int, handleTime: Double, patience: Double,
        currentShare: Double, bounds: ShareBounds, valuePerContact: Double = 0, marginalCost: Double = 0, waiting: Int = 0, busy: Int = 0,
        staffedNow: Int? = nil
    ) {
        self.staffedNow = staffedNow ?? agents
        self.siteId = siteId
        self.mode = mode
        self.excludedBecause = excludedBecause
        self.agents = agents
        self.handleTime = handleTime
        self.patience = patience
        self.currentShare = currentShare
        self.bounds = bounds
        self.valuePerContact = valuePerContact
        self.marginalCost = marginalCost
        self.waiting = waiting
        self.busy = busy
    }

    /// The Erlang A (Erlang C without abandonment) queue of the site at arrival rate `rate` (per second).
    func metrics(rate: Double, threshold: Double) -> QueueMetrics {
        let model: QueueModel = patience.isFinite ? .erlangA(patience: patience) : .erlangC
        return model.metrics(arrivalRate: max(rate, 0), handleTime: handleTime, agents: agents, threshold: threshold)
    }
}

/// A skill's demand and targets for one planning problem.
public struct SkillDemand: Sendable, Hashable, Codable {
    public var skill: String
    /// Contacts per second to split between the sites.
    public var arrivalRate: Double
    /// Service-level target as a fraction, at `threshold` seconds.
    public var serviceLevelTarget: Double
    public var threshold: Double
    /// Cost of an abandoned contact.
    public var abandonCost: Double

    public init(skill: String, arrivalRate: Double, serviceLevelTarget: Double, threshold: Double, abandonCost: Double) {
        self.skill = skill
        self.arrivalRate = arrivalRate
        self.serviceLevelTarget = serviceLevelTarget
        self.threshold = threshold
        self.abandonCost = abandonCost
    }
}

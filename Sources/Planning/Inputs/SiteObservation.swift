import Foundation
import InterflowCore

/// What the planner knows about one site at one moment: what its mode lets the coordinator see,
/// and whether that may be trusted.
///
/// The coordinator builds it from its polls (``ArrivalRateEstimator`` smoothing the arrival
/// rates, ``SiteHealth`` deciding exclusion); the policy simulator builds it from its simulated
/// sites the same way, so both plan on the same kind of evidence.
public struct SiteObservation: Sendable, Hashable, Codable {
    /// Why the site may get no new work (its data is stale or down), nil when it may.
    public var excludedBecause: String?
    /// The latest real-time status, as the mode shows it (nil for network-delivered sites).
    public var status: SiteStatus?
    /// Recent closed intervals, oldest first.
    public var intervals: [IntervalRecord]
    /// Arrivals per second by skill, nil where nothing has been seen yet.
    public var arrivalRates: [String: Double]
    /// Idle agents by skill, longest idle first, where the mode shows agents.
    public var idleAgents: [String: [String]]
    /// The value per handled contact measured from `intervals`, by skill, when the observer keeps
    /// it up to date (``measureValues(model:)`` after new intervals); otherwise the planner measures.
    public var measuredValues: [String: MeasuredValue]
    /// Whether `measuredValues` is up to date with `intervals` (a skill missing from it cannot be measured).
    public var valuesMeasured = false
    /// ``PlanningInputs/apportionedAgents(skill:status:rates:)`` of every skill, when the observer
    /// keeps it up to date with `status` (``apportionAgents()``); otherwise the planner computes it.
    public var apportionedAgents: [String: Int] = [:]
    /// Whether `apportionedAgents` is up to date with `status`.
    public var agentsApportioned = false

    public init(
        excludedBecause: String? = nil, status: SiteStatus? = nil, intervals: [IntervalRecord] = [], arrivalRates: [String: Double] = [:],
        idleAgents: [String: [String]] = [:], measuredValues: [String: MeasuredValue] = [:]
    ) {
        self.measuredValues = measuredValues
        self.excludedBecause = excludedBecause
        self.status = status
        self.intervals = intervals
        self.arrivalRates = arrivalRates
        self.idleAgents = idleAgents
    }

    /// Measures the value per handled contact of every skill in `intervals` (after new intervals came).
    public mutating func measureValues(model: ValueModel) {
        var skills = Set<String>()
        for interval in intervals { skills.insert(interval.skill) }
        measuredValues = [:]
        for skill in skills {
            if let value = MeasuredValue.measure(intervals, skill: skill, model: model) { measuredValues[skill] = value }
        }
        valuesMeasured = true
    }

    /// Apportions the agents of `status` over its skills once for every plan that reads them.
    public mutating func apportionAgents() {
        apportionedAgents = status.map { PlanningInputs.apportionedAgents(status: $0, rates: arrivalRates) } ?? [:]
        agentsApportioned = true
    }

    /// Why a site in `health` may get no new work: stale or down data; nil when healthy or degraded.
    public static func exclusion(_ health: SiteHealth) -> String? {
        health.state == .stale || health.state == .down ? "\(health.state.rawValue): \(health.reason)" : nil
    }

    /// The idle agents of a status by skill, longest idle first.
    public static func idleAgents(in status: SiteStatus?) -> [String: [String]] {
        guard let agents = status?.agents else { return [:] }
        var idle: [String: [(Date, String)]] = [:]
        for agent in agents where agent.state == .available {
            for skill in agent.skills { idle[skill, default: []].append((agent.since, agent.id)) }
        }
        return idle.mapValues { $0.sorted { $0.0 < $1.0 }.map(\.1) }
    }
}

/// The value per handled contact of one skill at one site, measured from closed intervals
/// (``InterflowCore/ContactValue``), with the number of intervals it rests on (for shrinkage).
public struct MeasuredValue: Sendable, Hashable, Codable {
    public var perHandledContact: Double
    public var intervals: Int

    public init(perHandledContact: Double, intervals: Int) {
        self.perHandledContact = perHandledContact
        self.intervals = intervals
    }

    /// The value of `skill` over the intervals that handled contacts, or nil when it cannot be measured.
    public static func measure(_ intervals: [IntervalRecord], skill: String, model: ValueModel) -> MeasuredValue? {
        let working = intervals.filter { $0.skill == skill && $0.handled > 0 }
        guard case .success(let value) = ContactValue.measure(working, model: model), let perContact = value.perHandledContact else { return nil }
        return MeasuredValue(perHandledContact: perContact, intervals: working.count)
    }
}

import Foundation
import InterflowCore

/// What the planner knows about one site at one moment: what its mode lets the coordinator see,
/// and whether that may be trusted.
///
/// The coordinator builds it from its polls (``ArrivalRateEstimator`` smoothing the arrival
/// rates, ``SiteHealth`` deciding exclusion); the policy simulator builds it from its simulated
/// sites the same way, so both plan on the same kind of evidence.
public struct SiteObservation: Sendable, Hashable, Codable {
    /// The observation's fields, stored once behind a reference and copied only when a shared
    /// observation is changed (copy on write): every plan of every skill reads each site's
    /// observation out of the coordinator's table, and a copy of the fields themselves would retain
    /// each of their strings, arrays and tables.
    struct Fields: Sendable, Hashable, Codable {
        var excludedBecause: String?
        var status: SiteStatus?
        var intervals: [IntervalRecord]
        var arrivalRates: [String: Double]
        var idleAgents: [String: [String]]
        var measuredValues: [String: MeasuredValue]
        var valuesMeasured = false
        var apportionedAgents: [String: Int] = [:]
        var agentsApportioned = false
    }

    // @unchecked: the fields change only through `unique()`, when no other observation shares them.
    private final class Box: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    /// The box, copied first if another observation shares it.
    private mutating func unique() -> Box {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
        return box
    }

    /// Why the site may get no new work (its data is stale or down), nil when it may.
    public var excludedBecause: String? {
        get { box.fields.excludedBecause }
        _modify { yield &unique().fields.excludedBecause }
    }
    /// The latest real-time status, as the mode shows it (nil for network-delivered sites).
    public var status: SiteStatus? {
        get { box.fields.status }
        _modify { yield &unique().fields.status }
    }
    /// Recent closed intervals, oldest first.
    public var intervals: [IntervalRecord] {
        get { box.fields.intervals }
        _modify { yield &unique().fields.intervals }
    }
    /// Arrivals per second by skill, nil where nothing has been seen yet.
    public var arrivalRates: [String: Double] {
        get { box.fields.arrivalRates }
        _modify { yield &unique().fields.arrivalRates }
    }
    /// Idle agents by skill, longest idle first, where the mode shows agents.
    public var idleAgents: [String: [String]] {
        get { box.fields.idleAgents }
        _modify { yield &unique().fields.idleAgents }
    }
    /// The value per handled contact measured from `intervals`, by skill, when the observer keeps
    /// it up to date (``measureValues(model:)`` after new intervals); otherwise the planner measures.
    public var measuredValues: [String: MeasuredValue] {
        get { box.fields.measuredValues }
        _modify { yield &unique().fields.measuredValues }
    }
    /// Whether `measuredValues` is up to date with `intervals` (a skill missing from it cannot be measured).
    public var valuesMeasured: Bool {
        get { box.fields.valuesMeasured }
        _modify { yield &unique().fields.valuesMeasured }
    }
    /// ``PlanningInputs/apportionedAgents(skill:status:rates:)`` of every skill, when the observer
    /// keeps it up to date with `status` (``apportionAgents()``); otherwise the planner computes it.
    public var apportionedAgents: [String: Int] {
        get { box.fields.apportionedAgents }
        _modify { yield &unique().fields.apportionedAgents }
    }
    /// Whether `apportionedAgents` is up to date with `status`.
    public var agentsApportioned: Bool {
        get { box.fields.agentsApportioned }
        _modify { yield &unique().fields.agentsApportioned }
    }

    public init(
        excludedBecause: String? = nil, status: SiteStatus? = nil, intervals: [IntervalRecord] = [], arrivalRates: [String: Double] = [:],
        idleAgents: [String: [String]] = [:], measuredValues: [String: MeasuredValue] = [:]
    ) {
        box = Box(
            Fields(
                excludedBecause: excludedBecause, status: status, intervals: intervals, arrivalRates: arrivalRates, idleAgents: idleAgents,
                measuredValues: measuredValues))
    }

    // The fields' own encoding, key for key: the same JSON as before they were boxed.
    public init(from decoder: any Decoder) throws { box = Box(try Fields(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try box.fields.encode(to: encoder) }

    public static func == (lhs: SiteObservation, rhs: SiteObservation) -> Bool { lhs.box === rhs.box || lhs.box.fields == rhs.box.fields }
    public func hash(into hasher: inout Hasher) { hasher.combine(box.fields) }

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

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

    public init(
        excludedBecause: String? = nil, status: SiteStatus? = nil, intervals: [IntervalRecord] = [], arrivalRates: [String: Double] = [:],
        idleAgents: [String: [String]] = [:]
    ) {
        self.excludedBecause = excludedBecause
        self.status = status
        self.intervals = intervals
        self.arrivalRates = arrivalRates
        self.idleAgents = idleAgents
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

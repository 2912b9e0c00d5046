import Foundation
import InterflowCore
import Polling

/// `GET /v1/federation`: what the coordinator knows of every site now.
public struct FederationView: Codable, Sendable {
    public var federation: String
    public var generatedAt: Date
    public var sites: [SiteView]
}

/// One site in the federation view.
public struct SiteView: Codable, Sendable {
    public var id: String
    public var name: String
    public var kind: String
    public var outsourcer: String?
    public var mode: SiteMode
    public var health: SiteHealth.State
    public var healthReason: String
    public var healthSince: Date
    /// Seconds since the last good poll; nil when there never was one.
    public var lastGoodPollAgeSeconds: Double?
    /// Seconds the last good status poll took.
    public var lastPollSeconds: Double?
    /// The site's own clock at its last status.
    public var asOf: Date?
    /// The routing plan version the site reports as applied.
    public var routingVersion: Int?
    /// Latest real-time status per skill; empty for network-delivered sites (intervals only).
    public var skills: [SkillView]
    /// Closed intervals held for the site, and the start of the latest.
    public var closedIntervals: Int
    public var latestIntervalStart: Date?
}

/// One skill at one site: the agent's numbers and the coordinator's prediction.
public struct SkillView: Codable, Sendable {
    public var skill: String
    public var waiting: Int
    public var oldestWaitSeconds: Double
    public var agentsStaffed: Int
    public var agentsAvailable: Int
    public var agentsBusy: Int
    public var ahtSeconds: Double
    /// Expected wait of a new arrival, seconds (from the live queue); nil when nobody is staffed
    /// for the skill or no handle time is known yet.
    public var ewtSeconds: Double?
    /// Today's service level (answered within threshold over offered), nil before the first contact.
    public var serviceLevelToday: Double?
    public var today: DayCounters
}

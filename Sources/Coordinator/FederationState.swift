import Foundation
import InterflowCore
import Logging
import Planning
import Polling
import Queueing

/// The coordinator's knowledge of the federation: latest status, recent closed intervals and
/// health of every site. Fed by the poller; read by the API, the planner and the demo.
public actor FederationState {
    public nonisolated let federation: Federation
    var records: [String: SiteRecord]
    private let logger: Logger
    let intervalHistoryLimit: Int

    struct SiteRecord {
        var config: SiteConfig
        var health: SiteHealth
        var status: SiteStatus?
        var lastPollSeconds: Double?
        /// Closed intervals keyed by skill and start.
        var intervals: [IntervalKey: IntervalRecord] = [:]
        /// Arrivals per second by skill, smoothed from successive status counters.
        var arrivalRates: [String: Double] = [:]
    }

    struct IntervalKey: Hashable, Comparable {
        var start: Date
        var skill: String
        static func < (a: Self, b: Self) -> Bool { (a.start, a.skill) < (b.start, b.skill) }
    }

    /// - Parameter intervalHistoryLimit: closed intervals kept per site (default: a week of 15-minute intervals for 3 skills).
    public init(federation: Federation, logger: Logger, now: Date = Date(), intervalHistoryLimit: Int = 3 * 96 * 7) {
        self.federation = federation
        self.logger = logger
        self.intervalHistoryLimit = intervalHistoryLimit
        let settings = federation.config.coordinator
        var records: [String: SiteRecord] = [:]
        for site in federation.sites {
            let cadence = site.mode.exposesRealTimeStatus ? site.agent.pollIntervalSeconds : site.agent.intervalPollSeconds
            let health = SiteHealth(staleAfter: cadence * settings.staleAfterPolls, downAfter: cadence * settings.downAfterPolls, now: now)
            records[site.id] = SiteRecord(config: site, health: health)
        }
        self.records = records
    }

    /// Takes in one poll's result.
    public func receive(_ event: PollEvent, at now: Date = Date()) {
        guard var record = records[event.siteId] else { return }
        let statusDrivesHealth = record.config.mode.exposesRealTimeStatus
        var transition: SiteHealth.Transition?
        switch event {
        case .status(_, let status, let seconds):
            if let previous = record.status {
                ArrivalRateEstimator.update(&record.arrivalRates, previous: previous, current: status)
            }
            record.status = status
            record.lastPollSeconds = seconds
            transition = record.health.pollSucceeded(at: now)
        case .intervals(_, let document):
            for interval in document.intervals {
                record.intervals[IntervalKey(start: interval.start, skill: interval.skill)] = interval
            }
            if record.intervals.count > intervalHistoryLimit {
                for key in record.intervals.keys.sorted().prefix(record.intervals.count - intervalHistoryLimit) {
                    record.intervals.removeValue(forKey: key)
                }
            }
            if !statusDrivesHealth { transition = record.health.pollSucceeded(at: now) }
        case .failed(_, let what, let reason):
            if (what == "status") == statusDrivesHealth {
                transition = record.health.pollFailed(reason: "\(what) poll: \(reason)", at: now)
            }
        }
        records[event.siteId] = record
        if let transition { log(transition, site: event.siteId) }
    }

    /// Ages every site's data: sites with no good data for long enough go stale, then down.
    public func tick(at now: Date = Date()) {
        for id in records.keys {
            if let transition = records[id]?.health.clockTicked(at: now) { log(transition, site: id) }
        }
    }

    /// The health of one site.
    public func health(of siteId: String) -> SiteHealth? { records[siteId]?.health }

    /// Latest status of one site.
    public func status(of siteId: String) -> SiteStatus? { records[siteId]?.status }

    /// Closed intervals held for one site, oldest first.
    public func intervals(of siteId: String) -> [IntervalRecord] {
        guard let record = records[siteId] else { return [] }
        return record.intervals.keys.sorted().compactMap { record.intervals[$0] }
    }

    /// Arrivals per second of `skill` at `siteId`: from status counters where the mode shows
    /// real-time state, from the latest closed intervals otherwise; nil when nothing is known yet.
    public func arrivalRate(siteId: String, skill: String) -> Double? {
        guard let record = records[siteId] else { return nil }
        if let rate = record.arrivalRates[skill] { return rate }
        let recent = record.intervals.keys.filter { $0.skill == skill }.sorted().suffix(4).compactMap { record.intervals[$0] }
        return ArrivalRateEstimator.fromIntervals(recent, skill: skill)
    }

    /// Everything the planner reads about every site, at once.
    public func observations() -> [String: SiteObservation] {
        var observations: [String: SiteObservation] = [:]
        for (id, record) in records {
            var rates: [String: Double] = [:]
            for skill in record.config.skills { rates[skill] = arrivalRate(siteId: id, skill: skill) }
            var observation = SiteObservation(
                excludedBecause: SiteObservation.exclusion(record.health), status: record.status,
                intervals: record.intervals.keys.sorted().compactMap { record.intervals[$0] }, arrivalRates: rates,
                idleAgents: SiteObservation.idleAgents(in: record.status))
            observation.apportionAgents()
            observations[id] = observation
        }
        return observations
    }

    /// The federation view served at `GET /v1/federation`.
    public func view(at now: Date = Date()) -> FederationView {
        let sites = federation.sites.compactMap { site -> SiteView? in
            guard let record = records[site.id] else { return nil }
            let status = record.status
            let skills = (status?.skills ?? []).map { skill in
                SkillView(
                    skill: skill.skill, waiting: skill.waiting, oldestWaitSeconds: skill.oldestWaitSeconds,
                    agentsStaffed: skill.agentsStaffed, agentsAvailable: skill.agentsAvailable, agentsBusy: skill.agentsBusy,
                    ahtSeconds: skill.ahtSeconds,
                    ewtSeconds: Self.expectedWait(skill, patience: federation.config.skill(skill.skill)?.patienceSeconds),
                    serviceLevelToday: skill.today.serviceLevel, today: skill.today)
            }
            return SiteView(
                id: site.id, name: site.name, kind: site.kind == .inHouse ? "in-house" : "outsourcer",
                outsourcer: site.kind.outsourcerName, mode: site.mode, health: record.health.state,
                healthReason: record.health.reason, healthSince: record.health.since,
                lastGoodPollAgeSeconds: record.health.age(at: now), lastPollSeconds: record.lastPollSeconds,
                asOf: status?.asOf, routingVersion: status?.routingVersion, skills: skills,
                closedIntervals: record.intervals.count, latestIntervalStart: record.intervals.keys.max()?.start)
        }
        return FederationView(federation: federation.config.name, generatedAt: now, sites: sites)
    }

    /// Expected wait of a new arrival from the live queue (``ExpectedWait/live(_:)``); nil when
    /// the agent reports no handle time yet or nobody is staffed (JSON has no infinity).
    static func expectedWait(_ skill: SkillStatus, patience: Double?) -> Double? {
        guard skill.ahtSeconds > 0, skill.ahtSeconds.isFinite else { return nil }
        let queue = ExpectedWait.LiveQueue(
            waiting: skill.waiting, agentsStaffed: skill.agentsStaffed, agentsBusy: skill.agentsBusy, handleTime: skill.ahtSeconds,
            patience: patience.flatMap { $0 > 0 ? $0 : nil } ?? .infinity)
        let wait = ExpectedWait.live(queue).expectedWait
        return wait.isFinite ? wait : nil
    }

    private func log(_ transition: SiteHealth.Transition, site: String) {
        let metadata: Logger.Metadata = [
            "site.id": "\(site)", "health.from": "\(transition.from.rawValue)", "health.to": "\(transition.to.rawValue)",
            "health.reason": "\(transition.reason)",
        ]
        switch transition.to {
        case .healthy: logger.info("site health changed", metadata: metadata)
        case .degraded, .stale, .down: logger.warning("site health changed", metadata: metadata)
        }
    }
}

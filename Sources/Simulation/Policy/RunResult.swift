import Foundation
import InterflowCore
import Planning

/// The figures of one replication of one policy: what operations and finance read off a day.
public struct RunResult: Sendable, Hashable, Codable {
    /// One site's figures.
    public struct Site: Sendable, Hashable, Codable {
        public var id: String
        /// Share of the contacts first sent here.
        public var volumeShare: Double
        /// Agent time with a contact over logged-in agent time.
        public var occupancy: Double
        public var handled: Int
        /// What the site cost: its contract's price, or its agents' hours at the scenario's cost.
        public var cost: Double
        /// Revenue less the cost of repeat contacts, of the contacts it handled.
        public var value: Double
    }

    /// A fixed share the coordinator changed: a network percentage at a change window, or a
    /// redirect share of an enterprise-routed site.
    public struct ShareChange: Sendable, Hashable, Codable {
        public var at: Date
        public var skill: String
        public var site: String
        public var from: Double
        public var to: Double
    }

    public var policy: SimulationPolicy
    public var replication: Int
    public var offered: Int
    public var answered: Int
    public var abandoned: Int
    public var callbacks: Int
    public var selfService: Int
    public var interflows: Int
    /// Answered within the threshold (from first arrival) over all offered contacts.
    public var serviceLevel: Double
    /// Answered within the threshold over answered live contacts.
    public var serviceLevelOfAnswered: Double
    /// Mean wait of answered live contacts, seconds.
    public var averageSpeedOfAnswer: Double
    public var abandonRate: Double
    /// Revenue less repeat-contact cost of handled contacts.
    public var value: Double
    /// What the sites cost.
    public var cost: Double
    /// Abandoned contacts × the federation's abandon cost.
    public var abandonCost: Double
    /// value − cost − abandon cost.
    public var netValue: Double
    public var sites: [Site]
    /// Engine events handled, the model's own events (arrivals, answers, completions, abandons), and rebalances.
    public var events: UInt64
    public var modelEvents: UInt64
    public var rebalances: Int
    public var shareChanges: [ShareChange]

    init(run: PolicyRun) {
        let tally = run.engine.tally
        let scenario = run.scenario
        let federation = scenario.federation
        policy = run.policy
        replication = run.replication
        let skills = tally.skills
        offered = skills.reduce(0) { $0 + $1.offered }
        answered = skills.reduce(0) { $0 + $1.answered }
        abandoned = skills.reduce(0) { $0 + $1.abandoned }
        callbacks = skills.reduce(0) { $0 + $1.callbacksOffered }
        selfService = skills.reduce(0) { $0 + $1.selfService }
        interflows = skills.reduce(0) { $0 + $1.interflows }
        let within = skills.reduce(0) { $0 + $1.answeredWithinThreshold }
        serviceLevel = offered > 0 ? Double(within) / Double(offered) : 1
        serviceLevelOfAnswered = answered > 0 ? Double(within) / Double(answered) : 1
        averageSpeedOfAnswer = answered > 0 ? skills.reduce(0) { $0 + $1.answerWaitSeconds } / Double(answered) : 0
        abandonRate = offered > 0 ? Double(abandoned) / Double(offered) : 0
        let repeatCost = federation.config.value.repeatContactCost
        let delivered = max(tally.sites.reduce(0) { $0 + $1.delivered }, 1)
        let from = scenario.start.addingTimeInterval(scenario.warmupSeconds)
        sites = federation.sites.enumerated().map { s, config in
            let site = tally.sites[s]
            return Site(
                id: config.id, volumeShare: Double(site.delivered) / Double(delivered),
                occupancy: site.staffedSeconds > 0 ? site.busySeconds / site.staffedSeconds : 0, handled: site.handled,
                cost: Self.cost(site: config, tally: site, agentHourCost: scenario.agentHourCost[config.id] ?? 0, from: from, to: scenario.end),
                value: site.revenue - Double(site.unresolved) * repeatCost)
        }
        value = sites.reduce(0) { $0 + $1.value }
        cost = sites.reduce(0) { $0 + $1.cost }
        abandonCost = Double(abandoned) * federation.config.value.abandonCost
        netValue = value - cost - abandonCost
        events = run.engine.processedEvents
        modelEvents = run.engine.modelEvents
        rebalances = run.rebalances
        shareChanges = run.shareChanges
    }

    /// A site's cost over [from, to): its contract's price model, or for an in-house site its
    /// logged-in agent hours at `agentHourCost`.
    static func cost(site: SiteConfig, tally: RunTally.Site, agentHourCost: Double, from: Date, to: Date) -> Double {
        guard let contract = site.contract else { return agentHourCost * tally.staffedSeconds / 3600 }
        switch contract.price {
        case .perHandledContact(let price): return price * Double(tally.handled)
        case .perProductiveHour(let price): return price * tally.handleSeconds / 3600
        case .perSeatHour(let price):
            // Contracted seats, paid whether used or not, summed minute by minute.
            var seatSeconds = 0.0
            var t = from
            while t < to {
                seatSeconds += Double(PlanningInputs.seats(contract.seats, at: t, timeZone: site.timeZone)) * min(60, to.timeIntervalSince(t))
                t = t.addingTimeInterval(60)
            }
            return price * seatSeconds / 3600
        }
    }

    /// The figures compared across policies, by name.
    public static let metricNames = [
        "service level", "service level of answered", "ASA (s)", "abandon rate", "callbacks", "self-service", "interflows", "value", "cost",
        "abandon cost", "net value",
    ]

    /// The value of a compared figure.
    public func metric(_ name: String) -> Double {
        switch name {
        case "service level": serviceLevel
        case "service level of answered": serviceLevelOfAnswered
        case "ASA (s)": averageSpeedOfAnswer
        case "abandon rate": abandonRate
        case "callbacks": Double(callbacks)
        case "self-service": Double(selfService)
        case "interflows": Double(interflows)
        case "value": value
        case "cost": cost
        case "abandon cost": abandonCost
        case "net value": netValue
        default: .nan
        }
    }
}

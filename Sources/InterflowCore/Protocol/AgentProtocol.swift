import Foundation

/// Agent protocol v1: the JSON documents a site's ACD agent serves and accepts.
///
/// The OpenAPI 3.1 description is `docs/agent-protocol-v1.yaml`; these Codable types are the
/// single Swift definition used by the site agent, the coordinator's poller and the
/// conformance checker. Times are ISO 8601 in UTC; durations are seconds.
public enum AgentProtocol {
    public static let version = "v1"
    public static let statusPath = "/v1/status"
    public static let intervalsPath = "/v1/intervals"
    public static let routingPath = "/v1/routing"
    public static let healthPath = "/v1/health"

    /// The JSON encoder every party uses (ISO 8601 dates, sorted keys for stable bodies).
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// The JSON decoder every party uses.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// `GET /v1/health`: the agent is up. The only unauthenticated call.
public struct AgentHealth: Codable, Sendable, Hashable {
    public var status: String
    public var siteId: String
    public var mode: SiteMode
    public var protocolVersion: String

    public init(status: String = "ok", siteId: String, mode: SiteMode, protocolVersion: String = AgentProtocol.version) {
        self.status = status
        self.siteId = siteId
        self.mode = mode
        self.protocolVersion = protocolVersion
    }
}

/// `GET /v1/status`: the site's real-time state. Not served by network-delivered sites.
public struct SiteStatus: Codable, Sendable, Hashable {
    public var siteId: String
    public var mode: SiteMode
    /// When the state was observed (the site's clock, UTC).
    public var asOf: Date
    /// Version of the routing plan the site has applied; nil before any plan.
    public var routingVersion: Int?
    public var skills: [SkillStatus]
    /// Agent-level states: present for in-house and virtualized sites only.
    public var agents: [AgentStatus]?

    public init(siteId: String, mode: SiteMode, asOf: Date, routingVersion: Int?, skills: [SkillStatus], agents: [AgentStatus]?) {
        self.siteId = siteId
        self.mode = mode
        self.asOf = asOf
        self.routingVersion = routingVersion
        self.skills = skills
        self.agents = agents
    }
}

/// Real-time state of one skill's queue at a site.
public struct SkillStatus: Codable, Sendable, Hashable {
    public var skill: String
    /// Contacts waiting now.
    public var waiting: Int
    /// How long the oldest waiting contact has waited, seconds.
    public var oldestWaitSeconds: Double
    /// Agents logged in who take the skill.
    public var agentsStaffed: Int
    /// Of those, idle and ready.
    public var agentsAvailable: Int
    /// Of those, handling a contact.
    public var agentsBusy: Int
    /// Average handle time today, seconds.
    public var ahtSeconds: Double
    /// The threshold the site counts service level at, seconds.
    public var slThresholdSeconds: Double
    /// Today's counters (site-local day).
    public var today: DayCounters

    public init(
        skill: String, waiting: Int, oldestWaitSeconds: Double, agentsStaffed: Int, agentsAvailable: Int, agentsBusy: Int,
        ahtSeconds: Double, slThresholdSeconds: Double, today: DayCounters
    ) {
        self.skill = skill
        self.waiting = waiting
        self.oldestWaitSeconds = oldestWaitSeconds
        self.agentsStaffed = agentsStaffed
        self.agentsAvailable = agentsAvailable
        self.agentsBusy = agentsBusy
        self.ahtSeconds = ahtSeconds
        self.slThresholdSeconds = slThresholdSeconds
        self.today = today
    }
}

/// Counters of contacts since the start of the site's day.
public struct DayCounters: Codable, Sendable, Hashable {
    public var offered: Int
    public var answered: Int
    public var answeredWithinThreshold: Int
    public var abandoned: Int

    public init(offered: Int = 0, answered: Int = 0, answeredWithinThreshold: Int = 0, abandoned: Int = 0) {
        self.offered = offered
        self.answered = answered
        self.answeredWithinThreshold = answeredWithinThreshold
        self.abandoned = abandoned
    }

    /// Answered within threshold over offered, or nil before the first contact.
    public var serviceLevel: Double? {
        offered > 0 ? Double(answeredWithinThreshold) / Double(offered) : nil
    }
}

/// One agent's state (in-house and virtualized sites only).
public struct AgentStatus: Codable, Sendable, Hashable {
    public enum State: String, Codable, Sendable, Hashable, CaseIterable {
        case available, busy, away
    }
    public var id: String
    public var skills: [String]
    public var state: State
    /// When the agent entered the state.
    public var since: Date

    public init(id: String, skills: [String], state: State, since: Date) {
        self.id = id
        self.skills = skills
        self.state = state
        self.since = since
    }
}

/// `GET /v1/intervals?from&to`: closed intervals whose start lies in [from, to).
public struct IntervalsResponse: Codable, Sendable, Hashable {
    public var siteId: String
    public var from: Date
    public var to: Date
    public var intervals: [IntervalRecord]

    public init(siteId: String, from: Date, to: Date, intervals: [IntervalRecord]) {
        self.siteId = siteId
        self.from = from
        self.to = to
        self.intervals = intervals
    }
}

/// One closed reporting interval of one skill at one site.
///
/// Each count belongs to the interval in which its event happened: `offered` to the interval of
/// arrival, `answered` and `abandoned` to the interval of the answer or the abandon, `handled`,
/// `handleSeconds` and the outcomes (first-contact resolution, conversions, revenue) to the
/// interval in which the contact was completed. A contact that arrives at 10:14 and is answered at
/// 10:16 is offered in one interval and answered in the next, so within one interval answered +
/// abandoned may exceed offered; outcomes never exceed `handled`.
///
/// Optional fields are absent where the site cannot report them (for example adherence at a
/// network-delivered outsourcer).
public struct IntervalRecord: Codable, Sendable, Hashable {
    public var skill: String
    public var start: Date
    public var lengthSeconds: Int
    public var offered: Int
    public var answered: Int
    public var answeredWithinThreshold: Int
    public var abandoned: Int
    /// Contacts completed (handled to the end) in the interval.
    public var handled: Int
    /// Sum of handle times of contacts completed in the interval, seconds.
    public var handleSeconds: Double
    /// Sum of the waits of contacts answered in the interval, seconds (ASA = this / answered).
    public var answerWaitSeconds: Double?
    public var resolvedFirstContact: Int?
    public var conversions: Int?
    public var revenue: Double?
    public var staffedSeconds: Double?
    public var scheduledSeconds: Double?
    public var adherentSeconds: Double?

    public init(
        skill: String, start: Date, lengthSeconds: Int, offered: Int, answered: Int, answeredWithinThreshold: Int,
        abandoned: Int, handled: Int, handleSeconds: Double, answerWaitSeconds: Double? = nil, resolvedFirstContact: Int? = nil,
        conversions: Int? = nil, revenue: Double? = nil, staffedSeconds: Double? = nil, scheduledSeconds: Double? = nil,
        adherentSeconds: Double? = nil
    ) {
        self.skill = skill
        self.start = start
        self.lengthSeconds = lengthSeconds
        self.offered = offered
        self.answered = answered
        self.answeredWithinThreshold = answeredWithinThreshold
        self.abandoned = abandoned
        self.handled = handled
        self.handleSeconds = handleSeconds
        self.answerWaitSeconds = answerWaitSeconds
        self.resolvedFirstContact = resolvedFirstContact
        self.conversions = conversions
        self.revenue = revenue
        self.staffedSeconds = staffedSeconds
        self.scheduledSeconds = scheduledSeconds
        self.adherentSeconds = adherentSeconds
    }
}

/// `PUT /v1/routing`: a versioned routing plan for one site.
///
/// Idempotent by version: putting the version already applied with the same body succeeds and
/// changes nothing; an older version, or the same version with another body, is a conflict.
public struct RoutingPlan: Codable, Sendable, Hashable {
    public var version: Int
    /// Fraction of each skill's federation volume redirected to this site (enterprise-routed).
    public var shares: [String: Double]?
    /// Seconds a contact may wait at this site before it is interflowed elsewhere, per skill.
    public var interflowThresholds: [String: Double]?
    /// Agent-group targets per skill (virtualized and in-house): the agent ids to prefer.
    public var targets: [String: [String]]?

    public init(version: Int, shares: [String: Double]? = nil, interflowThresholds: [String: Double]? = nil, targets: [String: [String]]? = nil) {
        self.version = version
        self.shares = shares
        self.interflowThresholds = interflowThresholds
        self.targets = targets
    }
}

/// The answer to `PUT /v1/routing`.
public struct RoutingAck: Codable, Sendable, Hashable {
    public var siteId: String
    public var appliedVersion: Int
    /// False when the version was already applied (an idempotent repeat).
    public var changed: Bool

    public init(siteId: String, appliedVersion: Int, changed: Bool) {
        self.siteId = siteId
        self.appliedVersion = appliedVersion
        self.changed = changed
    }
}

/// The body of every error answer: a machine-readable code and a message for the operator.
public struct ProtocolError: Codable, Sendable, Hashable, Error {
    public var error: String
    public var message: String

    public init(error: String, message: String) {
        self.error = error
        self.message = message
    }
}

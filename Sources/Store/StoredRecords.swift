import Foundation
import InterflowCore

/// A closed interval as stored: the agent's record, its site, and how often it was corrected.
public struct StoredInterval: Sendable, Hashable, Codable {
    public var siteId: String
    public var record: IntervalRecord
    /// 1 when first stored; incremented each time the agent sent different content for the same
    /// site, skill and start (a correction). Repeats of the same content leave it unchanged.
    public var revision: Int
    /// When the latest content arrived.
    public var receivedAt: Date

    public init(siteId: String, record: IntervalRecord, revision: Int, receivedAt: Date) {
        self.siteId = siteId
        self.record = record
        self.revision = revision
        self.receivedAt = receivedAt
    }
}

/// What an idempotent interval upsert did.
public struct IntervalUpsertSummary: Sendable, Hashable, Codable {
    /// Intervals stored for the first time.
    public var inserted: Int
    /// Intervals whose content changed (their revision went up).
    public var revised: Int
    /// Intervals already stored with the same content.
    public var unchanged: Int

    public init(inserted: Int = 0, revised: Int = 0, unchanged: Int = 0) {
        self.inserted = inserted
        self.revised = revised
        self.unchanged = unchanged
    }
}

/// A sample of one site's real-time status (queue-level, per skill; agent-level states are not kept).
public struct StatusSnapshot: Sendable, Hashable, Codable {
    public var siteId: String
    /// When the coordinator took the sample.
    public var takenAt: Date
    /// The site's own clock at the status.
    public var asOf: Date
    public var routingVersion: Int?
    public var skills: [SkillStatus]

    public init(siteId: String, takenAt: Date, asOf: Date, routingVersion: Int?, skills: [SkillStatus]) {
        self.siteId = siteId
        self.takenAt = takenAt
        self.asOf = asOf
        self.routingVersion = routingVersion
        self.skills = skills
    }
}

/// One entry of the audit log: a plan or decision, with what it saw and why.
public struct DecisionRecord: Sendable, Hashable, Codable {
    /// Assigned by the store; nil before it is stored.
    public var id: Int64?
    public var at: Date
    /// What decided: a job kind (`rebalance`, `reallocation`, ...) or `operator`.
    public var kind: String
    /// The job that made it, if any, and the slot it ran for.
    public var job: String?
    public var slot: Date?
    /// One line for people.
    public var summary: String
    /// Inputs, outputs and reasons, as JSON text.
    public var detail: String

    public init(id: Int64? = nil, at: Date, kind: String, job: String? = nil, slot: Date? = nil, summary: String, detail: String = "{}") {
        self.id = id
        self.at = at
        self.kind = kind
        self.job = job
        self.slot = slot
        self.summary = summary
        self.detail = detail
    }
}

/// A network change order for a network-delivered outsourcer, due at one of its change windows.
public struct ChangeOrderRecord: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case pending, sent, applied, failed, cancelled
    }
    public var id: Int64?
    public var siteId: String
    /// The skill whose percentage it sets; `nil` for an order covering several (none are made so far).
    public var skill: String?
    public var createdAt: Date
    /// The change window it takes effect at.
    public var effectiveAt: Date
    public var status: Status
    /// The new network percentages and anything else the carrier needs, as JSON text.
    public var payload: String
    /// The decision that produced it.
    public var decisionId: Int64?

    public init(
        id: Int64? = nil, siteId: String, skill: String? = nil, createdAt: Date, effectiveAt: Date, status: Status = .pending, payload: String,
        decisionId: Int64? = nil
    ) {
        self.id = id
        self.siteId = siteId
        self.skill = skill
        self.createdAt = createdAt
        self.effectiveAt = effectiveAt
        self.status = status
        self.payload = payload
        self.decisionId = decisionId
    }
}

/// One run of a scheduled job, keyed by the job's name and its slot (the UTC instant it was due).
public struct JobRunRecord: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Started and not finished: still going, or interrupted by a crash.
        case running
        case succeeded
        case failed
        /// Never ran: the coordinator was down past the slot's grace, or a previous run overlapped it.
        case missed
    }
    /// Why the run happened.
    public enum Trigger: String, Sendable, Hashable, Codable, CaseIterable {
        case schedule, manual
    }

    public var job: String
    public var slot: Date
    public var state: State
    public var trigger: Trigger
    /// 1 for the first start; more when an interrupted run was started again after a restart.
    public var attempt: Int
    public var startedAt: Date?
    public var finishedAt: Date?
    /// What the run did or why it was missed, for people.
    public var outcome: String?
    public var error: String?
    /// What the run changed (rows deleted, files written, decisions made), one item per line.
    public var changed: String?

    public init(
        job: String, slot: Date, state: State, trigger: Trigger = .schedule, attempt: Int = 1, startedAt: Date? = nil,
        finishedAt: Date? = nil, outcome: String? = nil, error: String? = nil, changed: String? = nil
    ) {
        self.job = job
        self.slot = slot
        self.state = state
        self.trigger = trigger
        self.attempt = attempt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.error = error
        self.changed = changed
    }
}

/// What ``FederationStore/beginRun(job:slot:trigger:at:)`` found.
public enum BeginRunResult: Sendable, Hashable {
    /// The slot had no run: this one is attempt 1.
    case started
    /// The slot's run was started before and never finished (the coordinator stopped mid-run);
    /// nothing it would have committed was committed, so it runs again as `attempt`.
    case restarted(attempt: Int)
    /// The slot already has a finished (or missed) run: it must not run again.
    case alreadyDone(JobRunRecord.State)
}

/// An action taken by a person (a manual job run, an override), for the audit log.
public struct OperatorActionRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    public var at: Date
    /// Who: the OS user or the API client.
    public var actor: String
    public var action: String
    public var detail: String

    public init(id: Int64? = nil, at: Date, actor: String, action: String, detail: String = "") {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.detail = detail
    }
}

/// Rows deleted by retention, per kind.
public struct RetentionSummary: Sendable, Hashable, Codable {
    public var intervals = 0
    public var missingIntervals = 0
    public var snapshots = 0
    public var decisions = 0
    public var changeOrders = 0
    public var jobRuns = 0
    public var operatorActions = 0
    public var shareChanges = 0

    public init() {}

    public var total: Int { intervals + missingIntervals + snapshots + decisions + changeOrders + jobRuns + operatorActions + shareChanges }
}

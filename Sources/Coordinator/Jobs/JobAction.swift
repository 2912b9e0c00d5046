import Foundation
import InterflowCore
import Store

/// One run of a job: which job, which slot (the UTC instant it was due) and why it runs.
public struct JobSlot: Sendable, Hashable {
    public var job: JobConfig
    /// The slot's instant; with the job's name it identifies the run (a manual run uses the time it was asked for).
    public var instant: Date
    public var trigger: JobRunRecord.Trigger
    /// 1 for the first start of the slot; more when a run interrupted by a stop is started again.
    public var attempt: Int

    public init(job: JobConfig, instant: Date, trigger: JobRunRecord.Trigger = .schedule, attempt: Int = 1) {
        self.job = job
        self.instant = instant
        self.trigger = trigger
        self.attempt = attempt
    }
}

/// What a run did.
public struct JobOutcome: Sendable, Hashable {
    /// One line for people: what was done, or what would be done in a dry run.
    public var summary: String
    /// What changed (rows deleted, files written, plans sent), one item each.
    public var changed: [String]
    /// Decisions for the audit log. The scheduler stores them in the same transaction as the
    /// run's finish, so a crash can neither lose them nor store them twice.
    public var decisions: [DecisionRecord]

    public init(summary: String, changed: [String] = [], decisions: [DecisionRecord] = []) {
        self.summary = summary
        self.changed = changed
        self.decisions = decisions
    }
}

/// The work behind a job kind. The scheduler calls ``run(slot:dryRun:)`` at most once per slot
/// at a time, never two slots of one job at once.
///
/// To keep a slot exactly-once across crashes, an action should return what it decided in
/// ``JobOutcome/decisions`` rather than writing it itself, and make any outside effect
/// idempotent per slot (routing plans are idempotent by version; a change order can carry the
/// slot): a run interrupted by a crash runs again after the restart if still within grace.
public protocol JobAction: Sendable {
    /// Does the job's work for `slot`; with `dryRun`, changes nothing and says what it would do.
    func run(slot: JobSlot, dryRun: Bool) async throws -> JobOutcome
}

/// Maps job kinds to actions. ``standard(_:)`` gives every kind an action: reallocation runs the
/// value-based allocation (``ReallocationAction``); rebalance and change orders are done by the
/// ``Rebalancer`` service and their jobs record that (``PlannerNotWiredAction``).
public struct JobRegistry: Sendable {
    public typealias Factory = @Sendable (JobConfig) -> any JobAction
    private var factories: [JobConfig.Kind: Factory] = [:]

    public init() {}

    /// Sets the action for every job of `kind`, replacing any earlier one.
    public mutating func register(_ kind: JobConfig.Kind, _ factory: @escaping Factory) {
        factories[kind] = factory
    }

    /// The action for `job`, or nil when its kind has none.
    public func action(for job: JobConfig) -> (any JobAction)? {
        factories[job.kind].map { $0(job) }
    }

    /// Retention and reports from the store, value-based reallocation from the live state; the
    /// rebalance and change-order kinds record that the Rebalancer service does that work.
    public static func standard(_ context: JobContext) -> JobRegistry {
        var registry = JobRegistry()
        registry.register(.retention) { _ in RetentionAction(store: context.store, retention: context.retention) }
        registry.register(.reports) { job in
            ReportsAction(store: context.store, federation: context.federation, directory: context.reportsDirectory, job: job)
        }
        registry.register(.reallocation) { _ in ReallocationAction(state: context.state, federation: context.federation) }
        // Real-time rebalancing and network change orders are made continuously by the
        // Rebalancer service; as scheduled jobs they only record that.
        for kind in [JobConfig.Kind.rebalance, .changeOrders] {
            registry.register(kind) { _ in PlannerNotWiredAction(kind: kind) }
        }
        return registry
    }
}

/// What the standard actions need.
public struct JobContext: Sendable {
    public var store: any FederationStore
    public var federation: Federation
    /// The live federation state (restored from the store when run from `interflow jobs run`).
    public var state: FederationState?
    public var retention: RetentionSettings
    /// Where report files are written (`DATA_DIR/reports`).
    public var reportsDirectory: String

    public init(store: any FederationStore, federation: Federation, state: FederationState?, dataDirectory: String) {
        self.store = store
        self.federation = federation
        self.state = state
        self.retention = federation.config.coordinator.retention
        self.reportsDirectory = (dataDirectory as NSString).appendingPathComponent("reports")
    }
}

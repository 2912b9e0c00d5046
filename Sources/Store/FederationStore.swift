import Foundation
import InterflowCore

/// The coordinator's durable state, behind an interface a PostgreSQL implementation can satisfy
/// later. ``SQLiteStore`` is the embedded default.
///
/// Every write is atomic; writes that must happen together (a job run's finish and the decisions
/// it made) are one call. Errors are ``StoreError``s naming the database and what to do.
public protocol FederationStore: Sendable {
    /// Where the data lives, for messages (a file path or a connection description).
    var location: String { get }

    // MARK: Intervals

    /// Stores closed intervals of one site idempotently by site, skill and start: a new interval
    /// is inserted with revision 1, an interval with different content replaces the stored one
    /// and increments its revision, the same content again changes nothing. A stored interval
    /// clears any missing-interval record for the same key.
    @discardableResult
    func upsertIntervals(siteId: String, _ records: [IntervalRecord], receivedAt: Date) async throws -> IntervalUpsertSummary

    /// Stored intervals of one site (all skills, or one) whose start lies in `[from, to)`, by start then skill.
    func intervals(siteId: String, skill: String?, from: Date, to: Date) async throws -> [StoredInterval]

    /// The end (start + length) of the latest stored interval of each site.
    func latestIntervalEnds() async throws -> [String: Date]

    /// Records intervals the agent cannot provide (ignored where the interval is stored, or already recorded).
    func recordMissing(_ missing: [MissingInterval]) async throws

    /// Missing intervals of one site (or all) whose start lies in `[from, to)`.
    func missingIntervals(siteId: String?, from: Date, to: Date) async throws -> [MissingInterval]

    // MARK: Snapshots

    /// Stores sampled status snapshots.
    func insertSnapshots(_ snapshots: [StatusSnapshot]) async throws

    /// Number of stored snapshot rows (one per site and skill).
    func snapshotRowCount() async throws -> Int

    // MARK: Decisions and change orders

    /// Appends decisions to the audit log; returns them with their ids.
    @discardableResult
    func appendDecisions(_ decisions: [DecisionRecord]) async throws -> [DecisionRecord]

    /// Decisions made at or after `since`, oldest first, at most `limit`.
    func decisions(since: Date, limit: Int) async throws -> [DecisionRecord]

    /// Stores a change order; returns it with its id.
    func insertChangeOrder(_ order: ChangeOrderRecord) async throws -> ChangeOrderRecord

    /// Change orders (of one site, or all) effective at or after `since`, by effective time.
    func changeOrders(siteId: String?, since: Date) async throws -> [ChangeOrderRecord]

    /// The latest record of each site and skill's change orders (each status change is a record of
    /// its own, so this is where each order stands): a `pending` one is still to apply at its window.
    func latestChangeOrders() async throws -> [ChangeOrderRecord]

    // MARK: Share history, routing versions

    /// Appends changes of the shares the sites are given, in one transaction.
    func appendShareChanges(_ changes: [ShareChange]) async throws

    /// What decides the shares in effect in `[from, to)`: for each skill and site, the latest change
    /// before `from` (the share in effect when the range starts) and every change in the range;
    /// oldest first, of the sites in `siteIds` (all when `nil`).
    func shareHistory(from: Date, to: Date, siteIds: [String]?) async throws -> [ShareChange]

    /// The latest change of each skill and site: the shares in effect now.
    func latestShares() async throws -> [ShareChange]

    /// Records the routing plan version sent to a site (kept only when higher than the one stored).
    func recordRoutingVersion(siteId: String, version: Int, at: Date) async throws

    /// The routing plan version last sent to each site.
    func routingVersions() async throws -> [String: Int]

    // MARK: Job runs

    /// Claims `slot` of `job` for a run (see ``BeginRunResult``).
    func beginRun(job: String, slot: Date, trigger: JobRunRecord.Trigger, at: Date) async throws -> BeginRunResult

    /// Finishes a run begun with ``beginRun(job:slot:trigger:at:)``, storing the decisions it made in
    /// the same transaction: either both are stored or neither.
    func finishRun(_ run: JobRunRecord, decisions: [DecisionRecord]) async throws

    /// Records slots that were never run, or whose interrupted run will not run again; slots
    /// with a finished run are left as they are.
    func recordMissed(job: String, slots: [Date], reason: String, at: Date) async throws

    /// The latest slot of `job` that has any run record.
    func latestSlot(job: String) async throws -> Date?

    /// Runs left `running` (by a coordinator that stopped mid-run), oldest first.
    func unfinishedRuns() async throws -> [JobRunRecord]

    /// Runs of `job` (or all jobs), newest slot first, at most `limit`.
    func jobRuns(job: String?, limit: Int) async throws -> [JobRunRecord]

    // MARK: Operator actions, retention

    func recordOperatorAction(_ action: OperatorActionRecord) async throws

    func operatorActions(since: Date) async throws -> [OperatorActionRecord]

    /// Deletes what is older than its retention at `now`: intervals and missing intervals by
    /// start, snapshots by time taken, decisions, change orders, finished job runs and operator actions by time,
    /// share changes by time except, for each skill and site, the one still in effect at the cutoff.
    func applyRetention(_ retention: RetentionSettings, now: Date) async throws -> RetentionSummary
}

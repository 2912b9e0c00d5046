import Foundation
import InterflowCore
import Store

/// A store that stores nothing: the load generator's own cost.
struct NullStore: FederationStore {
    var location: String { "null" }
    func upsertIntervals(siteId: String, _ records: [IntervalRecord], receivedAt: Date) async throws -> IntervalUpsertSummary { .init() }
    func intervals(siteId: String, skill: String?, from: Date, to: Date) async throws -> [StoredInterval] { [] }
    func latestIntervalEnds() async throws -> [String: Date] { [:] }
    func recordMissing(_ missing: [MissingInterval]) async throws {}
    func missingIntervals(siteId: String?, from: Date, to: Date) async throws -> [MissingInterval] { [] }
    func insertSnapshots(_ snapshots: [StatusSnapshot]) async throws {}
    func snapshotRowCount() async throws -> Int { 0 }
    func appendDecisions(_ decisions: [DecisionRecord]) async throws -> [DecisionRecord] { decisions }
    func decisions(since: Date, limit: Int) async throws -> [DecisionRecord] { [] }
    func insertChangeOrder(_ order: ChangeOrderRecord) async throws -> ChangeOrderRecord { order }
    func changeOrders(siteId: String?, since: Date) async throws -> [ChangeOrderRecord] { [] }
    func latestChangeOrders() async throws -> [ChangeOrderRecord] { [] }
    func appendShareChanges(_ changes: [ShareChange]) async throws {}
    func shareHistory(from: Date, to: Date, siteIds: [String]?) async throws -> [ShareChange] { [] }
    func latestShares() async throws -> [ShareChange] { [] }
    func recordRoutingVersion(siteId: String, version: Int, at: Date) async throws {}
    func routingVersions() async throws -> [String: Int] { [:] }
    func beginRun(job: String, slot: Date, trigger: JobRunRecord.Trigger, at: Date) async throws -> BeginRunResult { .started }
    func finishRun(_ run: JobRunRecord, decisions: [DecisionRecord]) async throws {}
    func recordMissed(job: String, slots: [Date], reason: String, at: Date) async throws {}
    func latestSlot(job: String) async throws -> Date? { nil }
    func unfinishedRuns() async throws -> [JobRunRecord] { [] }
    func jobRuns(job: String?, limit: Int) async throws -> [JobRunRecord] { [] }
    func recordOperatorAction(_ action: OperatorActionRecord) async throws {}
    func operatorActions(since: Date) async throws -> [OperatorActionRecord] { [] }
    func applyRetention(_ retention: RetentionSettings, now: Date) async throws -> RetentionSummary { .init() }
}

/// Times every write (snapshots and interval upserts) of the store it wraps.
actor TimingStore: FederationStore {
    let inner: any FederationStore
    private(set) var latencies: [Double] = []
    nonisolated var location: String { inner.location }

    init(_ inner: any FederationStore) { self.inner = inner }

    private func timed<T>(_ body: () async throws -> T) async rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await body()
        let elapsed = clock.now - start
        latencies.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        return result
    }

    func upsertIntervals(siteId: String, _ records: [IntervalRecord], receivedAt: Date) async throws -> IntervalUpsertSummary {
        try await timed { try await inner.upsertIntervals(siteId: siteId, records, receivedAt: receivedAt) }
    }
    func insertSnapshots(_ snapshots: [StatusSnapshot]) async throws {
        try await timed { try await inner.insertSnapshots(snapshots) }
    }
    func recordMissing(_ missing: [MissingInterval]) async throws {
        try await timed { try await inner.recordMissing(missing) }
    }
    func intervals(siteId: String, skill: String?, from: Date, to: Date) async throws -> [StoredInterval] {
        try await inner.intervals(siteId: siteId, skill: skill, from: from, to: to)
    }
    func latestIntervalEnds() async throws -> [String: Date] { try await inner.latestIntervalEnds() }
    func missingIntervals(siteId: String?, from: Date, to: Date) async throws -> [MissingInterval] {
        try await inner.missingIntervals(siteId: siteId, from: from, to: to)
    }
    func snapshotRowCount() async throws -> Int { try await inner.snapshotRowCount() }
    func appendDecisions(_ decisions: [DecisionRecord]) async throws -> [DecisionRecord] { try await inner.appendDecisions(decisions) }
    func decisions(since: Date, limit: Int) async throws -> [DecisionRecord] { try await inner.decisions(since: since, limit: limit) }
    func insertChangeOrder(_ order: ChangeOrderRecord) async throws -> ChangeOrderRecord { try await inner.insertChangeOrder(order) }
    func changeOrders(siteId: String?, since: Date) async throws -> [ChangeOrderRecord] { try await inner.changeOrders(siteId: siteId, since: since) }
    func latestChangeOrders() async throws -> [ChangeOrderRecord] { try await inner.latestChangeOrders() }
    func appendShareChanges(_ changes: [ShareChange]) async throws { try await timed { try await inner.appendShareChanges(changes) } }
    func shareHistory(from: Date, to: Date, siteIds: [String]?) async throws -> [ShareChange] {
        try await inner.shareHistory(from: from, to: to, siteIds: siteIds)
    }
    func latestShares() async throws -> [ShareChange] { try await inner.latestShares() }
    func recordRoutingVersion(siteId: String, version: Int, at: Date) async throws {
        try await inner.recordRoutingVersion(siteId: siteId, version: version, at: at)
    }
    func routingVersions() async throws -> [String: Int] { try await inner.routingVersions() }
    func beginRun(job: String, slot: Date, trigger: JobRunRecord.Trigger, at: Date) async throws -> BeginRunResult {
        try await inner.beginRun(job: job, slot: slot, trigger: trigger, at: at)
    }
    func finishRun(_ run: JobRunRecord, decisions: [DecisionRecord]) async throws { try await inner.finishRun(run, decisions: decisions) }
    func recordMissed(job: String, slots: [Date], reason: String, at: Date) async throws {
        try await inner.recordMissed(job: job, slots: slots, reason: reason, at: at)
    }
    func latestSlot(job: String) async throws -> Date? { try await inner.latestSlot(job: job) }
    func unfinishedRuns() async throws -> [JobRunRecord] { try await inner.unfinishedRuns() }
    func jobRuns(job: String?, limit: Int) async throws -> [JobRunRecord] { try await inner.jobRuns(job: job, limit: limit) }
    func recordOperatorAction(_ action: OperatorActionRecord) async throws { try await inner.recordOperatorAction(action) }
    func operatorActions(since: Date) async throws -> [OperatorActionRecord] { try await inner.operatorActions(since: since) }
    func applyRetention(_ retention: RetentionSettings, now: Date) async throws -> RetentionSummary {
        try await inner.applyRetention(retention, now: now)
    }
}

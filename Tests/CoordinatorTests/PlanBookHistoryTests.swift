import Coordinator
import Foundation
import InterflowCore
import Store
import Testing

@Suite("plan book: share history and restore from the store")
struct PlanBookHistoryTests {
    static func temporaryStore() throws -> (store: SQLiteStore, directory: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("planbook-history-\(UUID().uuidString)").path
        return (try SQLiteStore(directory: directory), directory)
    }

    static func rows(_ store: some FederationStore) async throws -> [ShareChange] {
        try await store.shareHistory(from: .distantPast, to: .distantFuture, siteIds: nil)
    }

    static func at(_ seconds: Double) -> Date { Fixtures.start.addingTimeInterval(seconds) }

    @Test("every real change of a share is written once with its source; a move below 1e-6 writes nothing, nor does a tick where nothing moved")
    func writesChanges() async throws {
        let (store, directory) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let book = PlanBook(store: store)
        await book.setShares(["austin": 0.5, "monterrey": 0.3, "manila": 0.2], skill: "sales", at: Self.at(0))
        await book.setShares(["austin": 0.5, "monterrey": 0.3, "manila": 0.2], skill: "sales", at: Self.at(5))
        // Creeping by 0.4e-6 a tick: no row until it is 1e-6 or more away from the share last written.
        await book.setShares(["austin": 0.500_000_4, "monterrey": 0.3, "manila": 0.2], skill: "sales", at: Self.at(10))
        await book.setShares(["austin": 0.500_000_8, "monterrey": 0.3, "manila": 0.2], skill: "sales", at: Self.at(15))
        await book.setShares(["austin": 0.500_001_2, "monterrey": 0.3, "manila": 0.2], skill: "sales", at: Self.at(20))
        await book.setShares(["austin": 0.45, "monterrey": 0.35, "manila": 0.2], skill: "sales", at: Self.at(25))
        let order = await book.schedule(siteId: "manila", skill: "sales", from: 0.2, to: 0.25, effectiveAt: Self.at(1800), reason: "busy")
        #expect(await book.applyDueOrders(now: Self.at(1000)).isEmpty)
        #expect(await book.applyDueOrders(now: Self.at(1830)).map(\.id) == [order.id])
        // The next rebalance keeps the network percentage the order set: nothing to write.
        await book.setShares(["austin": 0.45, "monterrey": 0.35, "manila": 0.25], skill: "sales", at: Self.at(1835))

        let rows = try await Self.rows(store).map { "\($0.at.timeIntervalSince(Fixtures.start)) \($0.siteId) \($0.share) \($0.source.rawValue)" }
        #expect(
            rows == [
                "0.0 austin 0.5 rebalance", "0.0 manila 0.2 rebalance", "0.0 monterrey 0.3 rebalance", "20.0 austin 0.5000012 rebalance",
                "25.0 austin 0.45 rebalance", "25.0 monterrey 0.35 rebalance", "1800.0 manila 0.25 change-order",
            ])
    }

    @Test("a new plan book restored from the store has the same shares, routing versions and scheduled change orders")
    func restore() async throws {
        let (store, directory) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = PlanBook(store: store)
        await first.setShares(["austin": 0.5, "monterrey": 0.3, "manila": 0.2], skill: "sales", at: Self.at(0))
        await first.setShares(["austin": 0.6, "monterrey": 0.15, "manila": 0.25], skill: "service", at: Self.at(0))
        await first.setShares(["austin": 0.45, "monterrey": 0.35, "manila": 0.2], skill: "sales", at: Self.at(60))
        #expect(await first.nextRoutingVersion(siteId: "monterrey", reportedVersion: nil) == 1)
        #expect(await first.nextRoutingVersion(siteId: "monterrey", reportedVersion: 4) == 5)
        #expect(await first.nextRoutingVersion(siteId: "bogota", reportedVersion: nil) == 1)
        _ = await first.schedule(siteId: "manila", skill: "sales", from: 0.2, to: 0.25, effectiveAt: Self.at(1800), reason: "first")
        let replacing = await first.schedule(siteId: "manila", skill: "sales", from: 0.2, to: 0.3, effectiveAt: Self.at(1800), reason: "replaces")
        _ = await first.schedule(siteId: "manila", skill: "service", from: 0.25, to: 0.3, effectiveAt: Self.at(900), reason: "applied")
        #expect(await first.applyDueOrders(now: Self.at(950)).count == 1)
        let later = await first.schedule(siteId: "manila", skill: "service", from: 0.3, to: 0.35, effectiveAt: Self.at(2700), reason: "later")
        let rowsBefore = try await Self.rows(store)

        let second = PlanBook(store: store)
        let summary = try await second.restore()
        for skill in ["sales", "service"] {
            #expect(await second.shares(of: skill) == first.shares(of: skill), "\(skill)")
        }
        #expect(await second.shares(of: "service")["manila"] == 0.3, "the network percentage the applied order set")
        #expect(await second.sentRoutingVersions() == ["monterrey": 5, "bogota": 1])
        let scheduled = await first.changeOrders().filter { $0.status == .scheduled }
        #expect(scheduled.map(\.id) == [replacing.id, later.id])
        #expect(await second.changeOrders() == scheduled)
        #expect(summary == PlanBookRestore(shares: 6, routingVersions: 2, scheduledOrders: 2, recoveredShares: 0))
        #expect(try await Self.rows(store) == rowsBefore, "restoring writes no share change")

        // It goes on from there: versions and order ids go up, the restored order applies at its window.
        #expect(await second.nextRoutingVersion(siteId: "monterrey", reportedVersion: 5) == 6)
        let next = await second.schedule(siteId: "manila", skill: "sales", from: 0.2, to: 0.22, effectiveAt: Self.at(3600), reason: "new")
        #expect(next.id > later.id)
        let third = PlanBook(store: store)
        try await third.restore()
        #expect(await third.applyDueOrders(now: Self.at(3000)).map(\.id) == [later.id])
        #expect(await third.shares(of: "service")["manila"] == 0.35)
        #expect(
            try await Self.rows(store).last == ShareChange(at: Self.at(2700), skill: "service", siteId: "manila", share: 0.35, source: .changeOrder))
    }

    @Test("an applied change order the share history lacks (a store from before it had one) is recovered and recorded as a restore")
    func recoversAppliedOrder() async throws {
        let (store, directory) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let order = ChangeOrder(
            id: 7, siteId: "manila", skill: "sales", fromShare: 0.2, toShare: 0.27, effectiveAt: Self.at(1800), status: .applied, reason: "old")
        _ = try await store.insertChangeOrder(
            ChangeOrderRecord(
                siteId: "manila", skill: "sales", createdAt: Self.at(1800), effectiveAt: Self.at(1800), status: .applied,
                payload: String(decoding: try AgentProtocol.makeEncoder().encode(order), as: UTF8.self)))
        let book = PlanBook(store: store)
        #expect(try await book.restore().recoveredShares == 1)
        #expect(await book.shares(of: "sales") == ["manila": 0.27])
        let recovered = ShareChange(at: Self.at(1800), skill: "sales", siteId: "manila", share: 0.27, source: .restore)
        #expect(try await Self.rows(store) == [recovered])
        #expect(try await PlanBook(store: store).restore().recoveredShares == 0, "once in the history it is not recovered again")
        let next = await book.schedule(siteId: "manila", skill: "sales", from: 0.27, to: 0.3, effectiveAt: Self.at(3600), reason: "new")
        #expect(next.id == 8, "order ids go on after the stored ones")
    }

    @Test("share changes the store refuses are kept and written with the next ones, never dropped")
    func refusedWrite() async throws {
        let (sqlite, directory) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = RefusingStore(sqlite)
        let book = PlanBook(store: store)
        await store.refuse(true)
        await book.setShares(["austin": 0.5, "monterrey": 0.5], skill: "sales", at: Self.at(0))
        #expect(await book.unwrittenShareChanges().count == 2)
        #expect(try await Self.rows(sqlite).isEmpty)
        await book.setShares(["austin": 0.4, "monterrey": 0.6], skill: "sales", at: Self.at(5))
        #expect(await book.unwrittenShareChanges().count == 4)
        await store.refuse(false)
        await book.setShares(["austin": 0.3, "monterrey": 0.6], skill: "sales", at: Self.at(10))
        #expect(await book.unwrittenShareChanges().isEmpty)
        let rows = try await Self.rows(sqlite).map { "\($0.at.timeIntervalSince(Fixtures.start)) \($0.siteId) \($0.share)" }
        #expect(rows == ["0.0 austin 0.5", "0.0 monterrey 0.5", "5.0 austin 0.4", "5.0 monterrey 0.6", "10.0 austin 0.3"])
    }
}

/// A store that refuses share-history writes while told to, and passes everything else to an SQLite store.
actor RefusingStore: FederationStore {
    let inner: SQLiteStore
    private var refusing = false
    nonisolated var location: String { inner.location }

    init(_ inner: SQLiteStore) { self.inner = inner }

    func refuse(_ value: Bool) { refusing = value }

    func appendShareChanges(_ changes: [ShareChange]) async throws {
        if refusing { throw StoreError(kind: .locked, location: location, message: "\(location) is locked by another process (test)") }
        try await inner.appendShareChanges(changes)
    }
    func shareHistory(from: Date, to: Date, siteIds: [String]?) async throws -> [ShareChange] {
        try await inner.shareHistory(from: from, to: to, siteIds: siteIds)
    }
    func latestShares() async throws -> [ShareChange] { try await inner.latestShares() }
    func recordRoutingVersion(siteId: String, version: Int, at: Date) async throws {
        try await inner.recordRoutingVersion(siteId: siteId, version: version, at: at)
    }
    func routingVersions() async throws -> [String: Int] { try await inner.routingVersions() }
    func upsertIntervals(siteId: String, _ records: [IntervalRecord], receivedAt: Date) async throws -> IntervalUpsertSummary {
        try await inner.upsertIntervals(siteId: siteId, records, receivedAt: receivedAt)
    }
    func intervals(siteId: String, skill: String?, from: Date, to: Date) async throws -> [StoredInterval] {
        try await inner.intervals(siteId: siteId, skill: skill, from: from, to: to)
    }
    func latestIntervalEnds() async throws -> [String: Date] { try await inner.latestIntervalEnds() }
    func recordMissing(_ missing: [MissingInterval]) async throws { try await inner.recordMissing(missing) }
    func missingIntervals(siteId: String?, from: Date, to: Date) async throws -> [MissingInterval] {
        try await inner.missingIntervals(siteId: siteId, from: from, to: to)
    }
    func insertSnapshots(_ snapshots: [StatusSnapshot]) async throws { try await inner.insertSnapshots(snapshots) }
    func snapshotRowCount() async throws -> Int { try await inner.snapshotRowCount() }
    func appendDecisions(_ decisions: [DecisionRecord]) async throws -> [DecisionRecord] { try await inner.appendDecisions(decisions) }
    func decisions(since: Date, limit: Int) async throws -> [DecisionRecord] { try await inner.decisions(since: since, limit: limit) }
    func insertChangeOrder(_ order: ChangeOrderRecord) async throws -> ChangeOrderRecord { try await inner.insertChangeOrder(order) }
    func changeOrders(siteId: String?, since: Date) async throws -> [ChangeOrderRecord] { try await inner.changeOrders(siteId: siteId, since: since) }
    func latestChangeOrders() async throws -> [ChangeOrderRecord] { try await inner.latestChangeOrders() }
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

import Foundation
import InterflowCore
import Store
import Testing

@Suite("SQLite store")
struct SQLiteStoreTests {
    @Test("interval upserts are idempotent; a correction increments the revision; everything survives reopening")
    func intervals() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path)
        let records = (0..<4).map { Sample.interval(at: $0) } + (0..<4).map { Sample.interval("service", at: $0) }
        let now = Date()
        #expect(try await store.upsertIntervals(siteId: "austin", records, receivedAt: now) == IntervalUpsertSummary(inserted: 8))
        #expect(try await store.upsertIntervals(siteId: "austin", records, receivedAt: now) == IntervalUpsertSummary(unchanged: 8))
        var corrected = records[1]
        corrected.offered += 3
        corrected.scheduledSeconds = 8000  // nil → value is a change too
        let summary = try await store.upsertIntervals(siteId: "austin", [corrected, records[2]], receivedAt: now)
        #expect(summary == IntervalUpsertSummary(revised: 1, unchanged: 1))
        #expect(try await store.upsertIntervals(siteId: "austin", [corrected], receivedAt: now) == IntervalUpsertSummary(unchanged: 1))

        let reopened = try SQLiteStore(directory: directory.path)
        let stored = try await reopened.intervals(siteId: "austin", skill: "sales", from: .distantPast, to: .distantFuture)
        #expect(stored.map(\.record) == [records[0], corrected, records[2], records[3]])
        #expect(stored.map(\.revision) == [1, 2, 1, 1])
        #expect(try await reopened.intervals(siteId: "austin", skill: nil, from: Sample.start, to: Sample.start.addingTimeInterval(1800)).count == 4)
        #expect(try await reopened.latestIntervalEnds() == ["austin": Sample.start.addingTimeInterval(4 * 900)])
        #expect(try reopened.appliedMigrations() == SQLiteStore.migrationIDs)
    }

    @Test("missing intervals are kept with their cause until the interval arrives")
    func missing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path)
        try await store.upsertIntervals(siteId: "manila", [Sample.interval(at: 0)], receivedAt: Date())
        let gaps = (0..<3).map {
            MissingInterval(
                siteId: "manila", skill: "sales", start: Sample.interval(at: $0).start, lengthSeconds: 900, cause: "agent lost it", detectedAt: Date()
            )
        }
        try await store.recordMissing(gaps)
        try await store.recordMissing(gaps)  // idempotent
        // The stored interval 0 is not missing.
        #expect(
            try await store.missingIntervals(siteId: "manila", from: .distantPast, to: .distantFuture).map(\.start) == [gaps[1].start, gaps[2].start])
        try await store.upsertIntervals(siteId: "manila", [Sample.interval(at: 2)], receivedAt: Date())
        let left = try await store.missingIntervals(siteId: nil, from: .distantPast, to: .distantFuture)
        #expect(left.map(\.start) == [gaps[1].start])
        #expect(left.first?.cause == "agent lost it")
    }

    @Test("a job slot is claimed once; a finish stores its decisions in the same transaction; an interrupted run restarts")
    func jobRuns() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path)
        let slot = Sample.start
        #expect(try await store.beginRun(job: "realloc", slot: slot, trigger: .schedule, at: Date()) == .started)
        // A crash here leaves the run `running`; after a restart the same slot is claimed as attempt 2.
        let restarted = try SQLiteStore(directory: directory.path)
        #expect(try await restarted.unfinishedRuns().map(\.slot) == [slot])
        #expect(try await restarted.beginRun(job: "realloc", slot: slot, trigger: .schedule, at: Date()) == .restarted(attempt: 2))
        let decision = DecisionRecord(at: slot, kind: "reallocation", job: "realloc", slot: slot, summary: "kept shares")
        try await restarted.finishRun(
            JobRunRecord(job: "realloc", slot: slot, state: .succeeded, attempt: 2, startedAt: Date(), finishedAt: Date(), outcome: "ok"),
            decisions: [decision])
        #expect(try await restarted.beginRun(job: "realloc", slot: slot, trigger: .schedule, at: Date()) == .alreadyDone(.succeeded))
        #expect(try await restarted.unfinishedRuns().isEmpty)
        #expect(try await restarted.decisions(since: .distantPast, limit: 10).map(\.summary) == ["kept shares"])
        // Missed slots never overwrite a finished run, but do close an interrupted one.
        let later = slot.addingTimeInterval(900)
        #expect(try await restarted.beginRun(job: "realloc", slot: later, trigger: .schedule, at: Date()) == .started)
        try await restarted.recordMissed(job: "realloc", slots: [slot, later, later.addingTimeInterval(900)], reason: "down", at: Date())
        let runs = try await restarted.jobRuns(job: "realloc", limit: 10)
        #expect(runs.map(\.state) == [.missed, .missed, .succeeded])
        #expect(runs.last?.attempt == 2 && runs.last?.outcome == "ok")
        #expect(try await restarted.latestSlot(job: "realloc") == later.addingTimeInterval(900))
    }

    @Test("retention deletes each kind older than its setting, and nothing newer")
    func retention() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path)
        let now = Sample.start.addingTimeInterval(30 * 86_400)
        try await store.upsertIntervals(siteId: "austin", [Sample.interval(at: 0), Sample.interval(at: 30 * 96 - 4)], receivedAt: now)
        try await store.insertSnapshots([
            Sample.snapshot(site: "austin", at: now.addingTimeInterval(-3 * 86_400)), Sample.snapshot(site: "austin", at: now),
        ])
        try await store.appendDecisions([
            DecisionRecord(at: Sample.start, kind: "test", summary: "old"), DecisionRecord(at: now, kind: "test", summary: "new"),
        ])
        try await store.recordOperatorAction(OperatorActionRecord(at: Sample.start, actor: "ops", action: "jobs run"))
        try await store.recordMissed(job: "j", slots: [Sample.start, now], reason: "down", at: now)
        var retention = RetentionSettings(
            intervals: 10 * 86_400, snapshots: 86_400, decisions: 10 * 86_400, jobRuns: 10 * 86_400, operatorActions: 10 * 86_400)
        retention.changeOrders = 86_400
        let deleted = try await store.applyRetention(retention, now: now)
        #expect(deleted.intervals == 1 && deleted.snapshots == 2 && deleted.decisions == 1 && deleted.jobRuns == 1 && deleted.operatorActions == 1)
        #expect(try await store.snapshotRowCount() == 2)
        #expect(try await store.decisions(since: .distantPast, limit: 10).map(\.summary) == ["new"])
        #expect(try await store.applyRetention(retention, now: now).total == 0)
    }

    @Test("change orders and operator actions are stored and listed")
    func audit() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path)
        let decision = try await store.appendDecisions([DecisionRecord(at: Sample.start, kind: "change-orders", summary: "manila to 30%")])
        let order = try await store.insertChangeOrder(
            ChangeOrderRecord(
                siteId: "manila", createdAt: Sample.start, effectiveAt: Sample.start.addingTimeInterval(1800), payload: #"{"sales":0.3}"#,
                decisionId: decision.first?.id))
        #expect(order.id != nil)
        #expect(try await store.changeOrders(siteId: "manila", since: Sample.start).map(\.payload) == [#"{"sales":0.3}"#])
        try await store.recordOperatorAction(OperatorActionRecord(at: Sample.start, actor: "ana", action: "jobs run", detail: "retention"))
        #expect(try await store.operatorActions(since: .distantPast).map(\.actor) == ["ana"])
    }
}

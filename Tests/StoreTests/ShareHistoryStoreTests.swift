import Foundation
import GRDB
import InterflowCore
import Store
import Testing

@Suite("store: share history, routing versions, where change orders stand")
struct ShareHistoryStoreTests {
    static func change(_ hours: Double, _ skill: String, _ site: String, _ share: Double, _ source: ShareChange.Source = .rebalance) -> ShareChange {
        ShareChange(at: Sample.start.addingTimeInterval(hours * 3600), skill: skill, siteId: site, share: share, source: source)
    }

    @Test("a range gets the change in effect at its start and every change within it, per skill and site, oldest first")
    func range() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path)
        let changes = [
            Self.change(0, "sales", "austin", 0.6), Self.change(0, "sales", "manila", 0.4),
            Self.change(1, "sales", "austin", 0.5), Self.change(2, "sales", "manila", 0.5, .changeOrder),
            Self.change(3, "sales", "austin", 0.55), Self.change(5, "sales", "austin", 0.7),
            Self.change(0.5, "service", "austin", 1),
        ]
        try await store.appendShareChanges(changes)
        let from = Sample.start.addingTimeInterval(1.5 * 3600)
        let to = Sample.start.addingTimeInterval(4 * 3600)
        let history = try await store.shareHistory(from: from, to: to, siteIds: nil)
        // In effect at 1.5 h: austin sales 0.5 (1 h), manila sales 0.4 (0 h), austin service 1 (0.5 h); then 2 h and 3 h.
        #expect(history == [changes[6], changes[1], changes[2], changes[3], changes[4]].sorted { $0.at < $1.at })
        #expect(try await store.shareHistory(from: from, to: to, siteIds: ["manila"]) == [changes[1], changes[3]])
        let reopened = try SQLiteStore(directory: directory.path)
        #expect(Set(try await reopened.latestShares()) == [changes[3], changes[5], changes[6]])
    }

    @Test("retention deletes old share changes but keeps, per skill and site, the one in effect at the cutoff")
    func retention() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path)
        let day = 24.0
        let changes = [
            Self.change(0, "sales", "austin", 0.6), Self.change(1 * day, "sales", "austin", 0.5), Self.change(20 * day, "sales", "austin", 0.4),
            Self.change(2 * day, "sales", "leeds", 0.3),  // unchanged since: still in effect
            Self.change(25 * day, "sales", "manila", 0.2),
        ]
        try await store.appendShareChanges(changes)
        let now = Sample.start.addingTimeInterval(30 * 86_400)
        var retention = RetentionSettings()
        retention.shareHistory = 10 * 86_400
        let deleted = try await store.applyRetention(retention, now: now)
        #expect(deleted.shareChanges == 1 && deleted.total == 1)
        let cutoff = now.addingTimeInterval(-retention.shareHistory)
        #expect(try await store.shareHistory(from: cutoff, to: now, siteIds: nil) == [changes[1], changes[3], changes[2], changes[4]])
        #expect(try await store.applyRetention(retention, now: now).shareChanges == 0)
    }

    @Test("routing versions only go up; the latest record of each site and skill's change orders says where it stands")
    func versionsAndOrders() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path)
        try await store.recordRoutingVersion(siteId: "monterrey", version: 3, at: Sample.start)
        try await store.recordRoutingVersion(siteId: "monterrey", version: 2, at: Sample.start)
        try await store.recordRoutingVersion(siteId: "bogota", version: 1, at: Sample.start)
        #expect(try await store.routingVersions() == ["monterrey": 3, "bogota": 1])
        let window = Sample.start.addingTimeInterval(1800)
        for (skill, status) in [("sales", ChangeOrderRecord.Status.pending), ("sales", .applied), ("service", .pending)] {
            _ = try await store.insertChangeOrder(
                ChangeOrderRecord(siteId: "manila", skill: skill, createdAt: Sample.start, effectiveAt: window, status: status, payload: "{}"))
        }
        let latest = try await store.latestChangeOrders()
        #expect(latest.map(\.skill) == ["sales", "service"] && latest.map(\.status) == [.applied, .pending])
    }

    @Test("a release-2 store gains the share history, and its change orders get their skill from the payload")
    func migrateFromV2() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let old = try DatabaseQueue(path: directory.databasePath)
            try SQLiteStore.migrator(upTo: 2).migrate(old)
            try await old.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO change_order (site, created_at, effective_at, status, payload)
                            VALUES ('manila', 1, 1780001100, 'pending', '{"id":4,"siteId":"manila","skill":"sales","toShare":0.3}');
                        INSERT INTO change_order (site, created_at, effective_at, status, payload) VALUES ('manila', 2, 1780001100, 'pending', 'not json');
                        """)
            }
        }
        let store = try SQLiteStore(directory: directory.path)
        #expect(try store.appliedMigrations() == SQLiteStore.migrationIDs)
        #expect(try await store.changeOrders(siteId: "manila", since: .distantPast).map(\.skill) == ["sales", nil])
        #expect(try await store.latestChangeOrders().map(\.skill) == ["sales"])
        #expect(try await store.latestShares().isEmpty)
        #expect(try store.rowCounts()["share_history"] == 0)
    }
}

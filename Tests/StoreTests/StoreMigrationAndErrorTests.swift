import Foundation
import GRDB
import InterflowCore
import Store
import Testing

@Suite("store migrations and unusable files", .serialized)
struct StoreMigrationAndErrorTests {
    @Test("a database left by the first schema is migrated, keeping its data")
    func migrateFromV1() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            // What release 1 wrote: its migration only, with an interval and a finished job run.
            let old = try DatabaseQueue(path: directory.databasePath)
            try SQLiteStore.migrator(upTo: 1).migrate(old)
            try await old.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO interval (site, skill, start, length, offered, answered, answered_within, abandoned, handled, handle_seconds,
                            revision, received_at) VALUES ('austin', 'sales', 1780000200, 900, 10, 9, 8, 1, 9, 2700, 1, 1780001200);
                        INSERT INTO job_run (job, slot, state, started_at, finished_at, outcome) VALUES ('realloc', 1780000200, 'succeeded', 1, 2, 'ok');
                        """)
            }
            #expect(try await old.read { db in try SQLiteStore.migrator(upTo: 1).appliedMigrations(db) } == [SQLiteStore.migrationIDs[0]])
        }
        let store = try SQLiteStore(directory: directory.path)
        #expect(try store.appliedMigrations() == SQLiteStore.migrationIDs)
        let intervals = try await store.intervals(siteId: "austin", skill: nil, from: .distantPast, to: .distantFuture)
        #expect(intervals.map(\.record.offered) == [10])
        #expect(intervals.first?.record.answerWaitSeconds == nil)
        let runs = try await store.jobRuns(job: "realloc", limit: 5)
        #expect(runs.map(\.trigger) == [.schedule] && runs.map(\.attempt) == [1])
        // New tables work.
        try await store.recordMissing([
            MissingInterval(
                siteId: "austin", skill: "sales", start: Date(timeIntervalSince1970: 1_780_001_100), lengthSeconds: 900, cause: "x",
                detectedAt: Date())
        ])
        #expect(try await store.missingIntervals(siteId: "austin", from: .distantPast, to: .distantFuture).count == 1)
    }

    @Test("a file from a newer release is refused, naming the file")
    func newerSchema() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            _ = try SQLiteStore(directory: directory.path)
            let queue = try DatabaseQueue(path: directory.databasePath)
            try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')") }
        }
        let error = #expect(throws: StoreError.self) { try SQLiteStore(directory: directory.path) }
        #expect(error?.kind == .newerSchema)
        #expect(error?.message.contains(directory.databasePath) == true)
        #expect(error?.message.contains("v9-from-the-future") == true)
    }

    @Test("a corrupted file: the error names it and says to move it aside or restore a backup")
    func corrupted() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: directory.databasePath))
        let error = #expect(throws: StoreError.self) { try SQLiteStore(directory: directory.path) }
        #expect(error?.kind == .corrupted)
        #expect(error?.message.contains(directory.databasePath) == true)
        #expect(error?.message.contains("move the file aside") == true)
    }

    @Test("a read-only file: the error names it and says to make it writable or change data_dir")
    func readOnly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do { _ = try SQLiteStore(directory: directory.path) }
        #expect(chmod(directory.databasePath, 0o444) == 0)
        let error = #expect(throws: StoreError.self) { try SQLiteStore(directory: directory.path) }
        #expect(error?.kind == .readOnly)
        #expect(error?.message.contains(directory.databasePath) == true)
        #expect(error?.message.contains("coordinator.data_dir") == true)
    }

    @Test("a data directory that cannot be created is named")
    func badDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = (directory.path as NSString).appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let error = #expect(throws: StoreError.self) { try SQLiteStore(directory: file + "/data") }
        #expect(error?.kind == .cannotOpen)
        #expect(error?.message.contains(file + "/data") == true)
    }

    @Test("a database locked by another process's write: the error names it and says to stop the other process")
    func locked() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Another connection (as another coordinator would) holds the write lock.
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: directory.databasePath, configuration: configuration)
        try other.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TABLE other (x); BEGIN IMMEDIATE; INSERT INTO other VALUES (1)")
        }
        defer { try? other.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }
        let error = #expect(throws: StoreError.self) { try SQLiteStore(directory: directory.path, busyTimeout: 0.2) }
        #expect(error?.kind == .locked)
        #expect(error?.message.contains(directory.databasePath) == true)
        #expect(error?.message.contains("another coordinator") == true)
    }
}

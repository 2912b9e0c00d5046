import Foundation
import GRDB
import InterflowCore

/// The embedded store: one SQLite file in WAL mode, through GRDB's `DatabasePool` (one writer,
/// concurrent readers), with versioned migrations (``migrator(upTo:)``).
///
/// Opening checks the file before use and fails with a ``StoreError`` naming it and saying what
/// to do when it is not a database, cannot be written, is locked by another process, or was
/// written by a newer release.
public final class SQLiteStore: FederationStore {
    /// The database file.
    public let path: String
    public var location: String { path }
    let pool: DatabasePool

    /// The file name used inside a data directory.
    public static let fileName = "interflow.sqlite"

    /// Opens (creating it when absent) the store in `directory`, creating the directory too.
    /// - Parameters:
    ///   - directory: the data directory (`coordinator.data_dir`).
    ///   - busyTimeout: how long a write waits for another process's write lock before failing.
    public convenience init(directory: String, busyTimeout: Double = 5) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(
                kind: .cannotOpen, location: directory,
                message: "cannot create the data directory \(directory): \(error.localizedDescription). "
                    + "Create it with write access for the user running Interflow, or set coordinator.data_dir in federation.yaml.")
        }
        try self.init(path: (directory as NSString).appendingPathComponent(Self.fileName), busyTimeout: busyTimeout)
    }

    /// Opens (creating it when absent) the database file at `path` and migrates it to the current schema.
    /// - Throws: ``StoreError``.
    public init(path: String, busyTimeout: Double = 5) throws {
        self.path = path
        try Self.checkWritable(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            // WAL with synchronous=NORMAL: a commit survives a process crash (kill -9); only a power
            // loss can lose the last transactions, never corrupt the file.
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = Self.migrator()
            let applied = try pool.read { db in try db.tableExists("grdb_migrations") ? try migrator.appliedIdentifiers(db) : [] }
            let unknown = applied.subtracting(Self.migrationIDs)
            if !unknown.isEmpty {
                throw StoreError(
                    kind: .newerSchema, location: path,
                    message: "\(path) was written by a newer Interflow (schema \(unknown.sorted().joined(separator: ", "))). "
                        + "Run that release, or restore a backup made for this one; this release will not change the file.")
            }
            try migrator.migrate(pool)
            // A write now, so that a lock held by another process is found at start, not at the first poll.
            try pool.write { db in
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                try db.execute(sql: "INSERT OR REPLACE INTO store_meta(key, value) VALUES ('opened_at', ?)", arguments: [Date().formatted(.iso8601)])
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// The migrations applied to the file, in order.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Self.migrator().appliedMigrations(db) }
    }

    // MARK: Errors

    /// Fails early, with a clear message, when the file exists but its permissions forbid writing
    /// (SQLite would otherwise open it read-only and fail at the first write; root would ignore them).
    static func checkWritable(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let mode = info.st_mode
        let writable: Bool =
            if info.st_uid == geteuid() { mode & S_IWUSR != 0 } else if info.st_gid == getegid() { mode & S_IWGRP != 0 } else { mode & S_IWOTH != 0 }
        if !writable {
            throw StoreError(
                kind: .readOnly, location: path,
                message: "\(path) is read-only (mode \(String(mode & 0o777, radix: 8))): the coordinator must write its state there. "
                    + "Make the file and its directory writable by the user running Interflow (chmod u+w), "
                    + "or point coordinator.data_dir in federation.yaml at a writable directory.")
        }
    }

    /// Turns an SQLite failure into a ``StoreError`` that names the file and what to do.
    static func mapped(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let sqlite = error as? DatabaseError else {
            return StoreError(kind: .failed, location: path, message: "\(path): \(error)")
        }
        let detail = sqlite.message ?? "\(sqlite.resultCode)"
        switch sqlite.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return StoreError(
                kind: .corrupted, location: path,
                message: "\(path) is not a usable SQLite database (\(detail)): it is damaged or is not an Interflow store. "
                    + "Stop the coordinator, move the file aside (with its -wal and -shm files), then restore it from a backup "
                    + "or start again with an empty store; intervals still held by the agents are fetched again on start.")
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            return StoreError(
                kind: .readOnly, location: path,
                message: "cannot write \(path) (\(detail)). Make the file, its -wal and -shm files and its directory writable "
                    + "by the user running Interflow, or point coordinator.data_dir in federation.yaml at a writable directory.")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(
                kind: .locked, location: path,
                message: "\(path) is locked by another process (\(detail)): probably another coordinator using the same data "
                    + "directory. Stop the other process, or give this coordinator its own coordinator.data_dir.")
        case .SQLITE_CANTOPEN, .SQLITE_IOERR, .SQLITE_FULL:
            return StoreError(
                kind: .cannotOpen, location: path,
                message: "cannot open or write \(path) (\(detail)). Check that its directory exists, is writable and has free space.")
        default:
            return StoreError(kind: .failed, location: path, message: "\(path): SQLite error \(detail)")
        }
    }

    func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do { return try await pool.write(body) } catch { throw Self.mapped(error, path: path) }
    }

    func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do { return try await pool.read(body) } catch { throw Self.mapped(error, path: path) }
    }
}

extension Date {
    /// Seconds since the epoch, as stored.
    var stored: Double { timeIntervalSince1970 }
    init(stored: Double) { self.init(timeIntervalSince1970: stored) }
}

extension SQLiteStore {
    /// Bytes on disk per table and index (SQLite's `dbstat`), for capacity planning; empty where
    /// the SQLite library was built without it.
    public func tableBytes() throws -> [String: Int] {
        do {
            return try pool.read { db in
                var sizes: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name") {
                    sizes[row["name"]] = row["bytes"]
                }
                return sizes
            }
        } catch {
            return [:]
        }
    }

    /// Rows in each of the store's tables.
    public func rowCounts() throws -> [String: Int] {
        let tables = [
            "interval", "missing_interval", "snapshot", "decision", "change_order", "job_run", "operator_action", "share_history", "routing_version",
        ]
        do {
            return try pool.read { db in
                var counts: [String: Int] = [:]
                for table in tables { counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
                return counts
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }
}

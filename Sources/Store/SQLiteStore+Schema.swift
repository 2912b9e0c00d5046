import Foundation
import GRDB

/// The versioned schema. Migrations are append-only: never edit a released one, add the next.
extension SQLiteStore {
    /// Migration identifiers in order.
    public static let migrationIDs = [
        "v1-intervals-snapshots-decisions-jobs", "v2-missing-change-orders-operator-actions", "v3-share-history-routing-versions",
    ]

    /// The migrator with the first `count` migrations (all by default). Tests build databases as
    /// an older release left them with a smaller `count`.
    public static func migrator(upTo count: Int = migrationIDs.count) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        let steps: [@Sendable (Database) throws -> Void] = [{ try migrateV1($0) }, { try migrateV2($0) }, { try migrateV3($0) }]
        for (id, step) in zip(migrationIDs, steps).prefix(count) {
            migrator.registerMigration(id, migrate: step)
        }
        return migrator
    }

    /// Release 1: closed intervals (with revision), snapshots, decisions, job runs.
    static func migrateV1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE interval (
                    site TEXT NOT NULL, skill TEXT NOT NULL, start INTEGER NOT NULL, length INTEGER NOT NULL,
                    offered INTEGER NOT NULL, answered INTEGER NOT NULL, answered_within INTEGER NOT NULL,
                    abandoned INTEGER NOT NULL, handled INTEGER NOT NULL, handle_seconds REAL NOT NULL,
                    answer_wait_seconds REAL, resolved_first_contact INTEGER, conversions INTEGER, revenue REAL,
                    staffed_seconds REAL, scheduled_seconds REAL, adherent_seconds REAL,
                    revision INTEGER NOT NULL DEFAULT 1, received_at REAL NOT NULL,
                    PRIMARY KEY (site, skill, start)
                ) WITHOUT ROWID;
                CREATE INDEX interval_by_start ON interval(start);
                CREATE TABLE snapshot (
                    site TEXT NOT NULL, skill TEXT NOT NULL, taken_at REAL NOT NULL, as_of REAL NOT NULL, routing_version INTEGER,
                    waiting INTEGER NOT NULL, oldest_wait REAL NOT NULL, staffed INTEGER NOT NULL, available INTEGER NOT NULL,
                    busy INTEGER NOT NULL, aht REAL NOT NULL, offered_today INTEGER NOT NULL, answered_today INTEGER NOT NULL,
                    answered_within_today INTEGER NOT NULL, abandoned_today INTEGER NOT NULL
                );
                CREATE INDEX snapshot_by_time ON snapshot(taken_at);
                CREATE TABLE decision (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, kind TEXT NOT NULL, job TEXT, slot REAL,
                    summary TEXT NOT NULL, detail TEXT NOT NULL
                );
                CREATE INDEX decision_by_time ON decision(at);
                CREATE TABLE job_run (
                    job TEXT NOT NULL, slot REAL NOT NULL, state TEXT NOT NULL, started_at REAL, finished_at REAL,
                    outcome TEXT, error TEXT,
                    PRIMARY KEY (job, slot)
                );
                """)
    }

    /// Release 2: missing intervals, change orders, operator actions; job runs gain trigger,
    /// attempt and what they changed.
    static func migrateV2(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE missing_interval (
                    site TEXT NOT NULL, skill TEXT NOT NULL, start INTEGER NOT NULL, length INTEGER NOT NULL,
                    cause TEXT NOT NULL, detected_at REAL NOT NULL,
                    PRIMARY KEY (site, skill, start)
                ) WITHOUT ROWID;
                CREATE TABLE change_order (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, site TEXT NOT NULL, created_at REAL NOT NULL, effective_at REAL NOT NULL,
                    status TEXT NOT NULL, payload TEXT NOT NULL, decision_id INTEGER REFERENCES decision(id) ON DELETE SET NULL
                );
                CREATE INDEX change_order_by_site ON change_order(site, effective_at);
                CREATE TABLE operator_action (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL
                );
                ALTER TABLE job_run ADD COLUMN trigger TEXT NOT NULL DEFAULT 'schedule';
                ALTER TABLE job_run ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
                ALTER TABLE job_run ADD COLUMN changed TEXT;
                CREATE INDEX job_run_by_state ON job_run(state);
                """)
    }

    /// Release 3: the share history (every change of the share a site is given of a skill), the
    /// routing plan version last sent to each site, and the skill of each change order (filled in
    /// from the payload of the orders already stored).
    static func migrateV3(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE share_history (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, skill TEXT NOT NULL, site TEXT NOT NULL,
                    share REAL NOT NULL, source TEXT NOT NULL
                );
                CREATE INDEX share_history_by_key ON share_history(skill, site, at);
                CREATE INDEX share_history_by_time ON share_history(at);
                CREATE TABLE routing_version (
                    site TEXT PRIMARY KEY, version INTEGER NOT NULL, sent_at REAL NOT NULL
                ) WITHOUT ROWID;
                ALTER TABLE change_order ADD COLUMN skill TEXT;
                """)
        // Read in Swift rather than with SQLite's JSON functions, which a system SQLite may lack.
        let update = try db.makeStatement(sql: "UPDATE change_order SET skill = ? WHERE id = ?")
        for row in try Row.fetchAll(db, sql: "SELECT id, payload FROM change_order") {
            let payload: String = row["payload"]
            guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any],
                let skill = object["skill"] as? String
            else { continue }
            try update.execute(arguments: [skill, row["id"] as Int64])
        }
        try db.execute(sql: "CREATE INDEX change_order_by_skill ON change_order(site, skill, id)")
    }
}

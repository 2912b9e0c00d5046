import Foundation
import GRDB
import InterflowCore

/// Closed intervals, missing intervals and snapshots.
extension SQLiteStore {
    static let upsertIntervalSQL = """
        INSERT INTO interval (site, skill, start, length, offered, answered, answered_within, abandoned, handled, handle_seconds,
            answer_wait_seconds, resolved_first_contact, conversions, revenue, staffed_seconds, scheduled_seconds, adherent_seconds,
            revision, received_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
        ON CONFLICT (site, skill, start) DO UPDATE SET
            length = excluded.length, offered = excluded.offered, answered = excluded.answered,
            answered_within = excluded.answered_within, abandoned = excluded.abandoned, handled = excluded.handled,
            handle_seconds = excluded.handle_seconds, answer_wait_seconds = excluded.answer_wait_seconds,
            resolved_first_contact = excluded.resolved_first_contact, conversions = excluded.conversions, revenue = excluded.revenue,
            staffed_seconds = excluded.staffed_seconds, scheduled_seconds = excluded.scheduled_seconds,
            adherent_seconds = excluded.adherent_seconds, revision = interval.revision + 1, received_at = excluded.received_at
        WHERE (interval.length, interval.offered, interval.answered, interval.answered_within, interval.abandoned, interval.handled,
                interval.handle_seconds, interval.answer_wait_seconds, interval.resolved_first_contact, interval.conversions,
                interval.revenue, interval.staffed_seconds, interval.scheduled_seconds, interval.adherent_seconds)
            IS NOT (excluded.length, excluded.offered, excluded.answered, excluded.answered_within, excluded.abandoned, excluded.handled,
                excluded.handle_seconds, excluded.answer_wait_seconds, excluded.resolved_first_contact, excluded.conversions,
                excluded.revenue, excluded.staffed_seconds, excluded.scheduled_seconds, excluded.adherent_seconds)
        RETURNING revision
        """

    @discardableResult
    public func upsertIntervals(siteId: String, _ records: [IntervalRecord], receivedAt: Date) async throws -> IntervalUpsertSummary {
        guard !records.isEmpty else { return IntervalUpsertSummary() }
        return try await write { db in
            let upsert = try db.cachedStatement(sql: Self.upsertIntervalSQL)
            let clear = try db.cachedStatement(sql: "DELETE FROM missing_interval WHERE site = ? AND skill = ? AND start = ?")
            var summary = IntervalUpsertSummary()
            for r in records {
                let start = Int64(r.start.timeIntervalSince1970.rounded())
                let arguments: StatementArguments = [
                    siteId, r.skill, start, r.lengthSeconds, r.offered, r.answered, r.answeredWithinThreshold, r.abandoned, r.handled,
                    r.handleSeconds, r.answerWaitSeconds, r.resolvedFirstContact, r.conversions, r.revenue, r.staffedSeconds,
                    r.scheduledSeconds, r.adherentSeconds, receivedAt.stored,
                ]
                switch try Int.fetchOne(upsert, arguments: arguments) {
                case nil: summary.unchanged += 1
                case 1?:
                    summary.inserted += 1
                    try clear.execute(arguments: [siteId, r.skill, start])
                default: summary.revised += 1
                }
            }
            return summary
        }
    }

    public func intervals(siteId: String, skill: String?, from: Date, to: Date) async throws -> [StoredInterval] {
        try await read { db in
            var sql = "SELECT * FROM interval WHERE site = ? AND start >= ? AND start < ?"
            var arguments: StatementArguments = [siteId, Int64(from.stored.rounded(.up)), Int64(to.stored.rounded(.up))]
            if let skill {
                sql += " AND skill = ?"
                _ = arguments.append(contentsOf: [skill])
            }
            sql += " ORDER BY start, skill"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.storedInterval)
        }
    }

    static func storedInterval(_ row: Row) -> StoredInterval {
        let record = IntervalRecord(
            skill: row["skill"], start: Date(timeIntervalSince1970: Double(row["start"] as Int64)), lengthSeconds: row["length"],
            offered: row["offered"], answered: row["answered"], answeredWithinThreshold: row["answered_within"], abandoned: row["abandoned"],
            handled: row["handled"], handleSeconds: row["handle_seconds"], answerWaitSeconds: row["answer_wait_seconds"],
            resolvedFirstContact: row["resolved_first_contact"], conversions: row["conversions"], revenue: row["revenue"],
            staffedSeconds: row["staffed_seconds"], scheduledSeconds: row["scheduled_seconds"], adherentSeconds: row["adherent_seconds"])
        return StoredInterval(siteId: row["site"], record: record, revision: row["revision"], receivedAt: Date(stored: row["received_at"]))
    }

    public func latestIntervalEnds() async throws -> [String: Date] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT site, MAX(start + length) AS end FROM interval GROUP BY site")
            var ends: [String: Date] = [:]
            for row in rows { ends[row["site"]] = Date(timeIntervalSince1970: Double(row["end"] as Int64)) }
            return ends
        }
    }

    public func recordMissing(_ missing: [MissingInterval]) async throws {
        guard !missing.isEmpty else { return }
        try await write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO missing_interval (site, skill, start, length, cause, detected_at)
                    SELECT ?1, ?2, ?3, ?4, ?5, ?6
                    WHERE NOT EXISTS (SELECT 1 FROM interval WHERE site = ?1 AND skill = ?2 AND start = ?3)
                    """)
            for m in missing {
                try insert.execute(arguments: [
                    m.siteId, m.skill, Int64(m.start.stored.rounded()), m.lengthSeconds, m.cause, m.detectedAt.stored,
                ])
            }
        }
    }

    public func missingIntervals(siteId: String?, from: Date, to: Date) async throws -> [MissingInterval] {
        try await read { db in
            var sql = "SELECT * FROM missing_interval WHERE start >= ? AND start < ?"
            var arguments: StatementArguments = [Int64(from.stored.rounded(.up)), Int64(to.stored.rounded(.up))]
            if let siteId {
                sql += " AND site = ?"
                _ = arguments.append(contentsOf: [siteId])
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY site, start, skill", arguments: arguments).map { row in
                MissingInterval(
                    siteId: row["site"], skill: row["skill"], start: Date(timeIntervalSince1970: Double(row["start"] as Int64)),
                    lengthSeconds: row["length"], cause: row["cause"], detectedAt: Date(stored: row["detected_at"]))
            }
        }
    }

    public func insertSnapshots(_ snapshots: [StatusSnapshot]) async throws {
        guard !snapshots.isEmpty else { return }
        try await write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO snapshot (site, skill, taken_at, as_of, routing_version, waiting, oldest_wait, staffed, available, busy, aht,
                        offered_today, answered_today, answered_within_today, abandoned_today)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for snapshot in snapshots {
                for s in snapshot.skills {
                    try insert.execute(arguments: [
                        snapshot.siteId, s.skill, snapshot.takenAt.stored, snapshot.asOf.stored, snapshot.routingVersion, s.waiting,
                        s.oldestWaitSeconds, s.agentsStaffed, s.agentsAvailable, s.agentsBusy, s.ahtSeconds, s.today.offered,
                        s.today.answered, s.today.answeredWithinThreshold, s.today.abandoned,
                    ])
                }
            }
        }
    }

    public func snapshotRowCount() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM snapshot") ?? 0 }
    }
}

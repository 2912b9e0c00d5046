import Foundation
import GRDB
import InterflowCore

/// Decisions, change orders, job runs, operator actions and retention.
extension SQLiteStore {
    @discardableResult
    public func appendDecisions(_ decisions: [DecisionRecord]) async throws -> [DecisionRecord] {
        guard !decisions.isEmpty else { return [] }
        return try await write { db in try Self.insert(decisions, db) }
    }

    static func insert(_ decisions: [DecisionRecord], _ db: Database) throws -> [DecisionRecord] {
        let insert = try db.cachedStatement(sql: "INSERT INTO decision (at, kind, job, slot, summary, detail) VALUES (?, ?, ?, ?, ?, ?)")
        return try decisions.map { decision in
            try insert.execute(arguments: [decision.at.stored, decision.kind, decision.job, decision.slot?.stored, decision.summary, decision.detail])
            var stored = decision
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    public func decisions(since: Date, limit: Int) async throws -> [DecisionRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM decision WHERE at >= ? ORDER BY at, id LIMIT ?", arguments: [since.stored, limit]).map { row in
                DecisionRecord(
                    id: row["id"], at: Date(stored: row["at"]), kind: row["kind"], job: row["job"],
                    slot: (row["slot"] as Double?).map(Date.init(stored:)), summary: row["summary"], detail: row["detail"])
            }
        }
    }

    public func insertChangeOrder(_ order: ChangeOrderRecord) async throws -> ChangeOrderRecord {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO change_order (site, skill, created_at, effective_at, status, payload, decision_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    order.siteId, order.skill, order.createdAt.stored, order.effectiveAt.stored, order.status.rawValue, order.payload,
                    order.decisionId,
                ])
            var stored = order
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    public func changeOrders(siteId: String?, since: Date) async throws -> [ChangeOrderRecord] {
        try await read { db in
            var sql = "SELECT * FROM change_order WHERE effective_at >= ?"
            var arguments: StatementArguments = [since.stored]
            if let siteId {
                sql += " AND site = ?"
                _ = arguments.append(contentsOf: [siteId])
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY effective_at, id", arguments: arguments).map(Self.changeOrder)
        }
    }

    public func latestChangeOrders() async throws -> [ChangeOrderRecord] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM change_order WHERE skill IS NOT NULL
                        AND id = (SELECT MAX(id) FROM change_order latest WHERE latest.site = change_order.site AND latest.skill = change_order.skill)
                    ORDER BY site, skill
                    """
            ).map(Self.changeOrder)
        }
    }

    static func changeOrder(_ row: Row) -> ChangeOrderRecord {
        ChangeOrderRecord(
            id: row["id"], siteId: row["site"], skill: row["skill"], createdAt: Date(stored: row["created_at"]),
            effectiveAt: Date(stored: row["effective_at"]), status: ChangeOrderRecord.Status(rawValue: row["status"]) ?? .pending,
            payload: row["payload"], decisionId: row["decision_id"])
    }

    // MARK: Job runs

    public func beginRun(job: String, slot: Date, trigger: JobRunRecord.Trigger, at: Date) async throws -> BeginRunResult {
        try await write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT state, attempt FROM job_run WHERE job = ? AND slot = ?", arguments: [job, slot.stored]) {
                let state = JobRunRecord.State(rawValue: row["state"]) ?? .failed
                guard state == .running else { return .alreadyDone(state) }
                let attempt = (row["attempt"] as Int) + 1
                try db.execute(
                    sql: "UPDATE job_run SET attempt = ?, started_at = ? WHERE job = ? AND slot = ?",
                    arguments: [attempt, at.stored, job, slot.stored])
                return .restarted(attempt: attempt)
            }
            try db.execute(
                sql: "INSERT INTO job_run (job, slot, state, trigger, attempt, started_at) VALUES (?, ?, 'running', ?, 1, ?)",
                arguments: [job, slot.stored, trigger.rawValue, at.stored])
            return .started
        }
    }

    public func finishRun(_ run: JobRunRecord, decisions: [DecisionRecord]) async throws {
        try await write { db in
            _ = try Self.insert(decisions, db)
            try db.execute(
                sql: """
                    INSERT INTO job_run (job, slot, state, trigger, attempt, started_at, finished_at, outcome, error, changed)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (job, slot) DO UPDATE SET state = excluded.state, finished_at = excluded.finished_at,
                        outcome = excluded.outcome, error = excluded.error, changed = excluded.changed
                    """,
                arguments: [
                    run.job, run.slot.stored, run.state.rawValue, run.trigger.rawValue, run.attempt, run.startedAt?.stored, run.finishedAt?.stored,
                    run.outcome, run.error, run.changed,
                ])
        }
    }

    public func recordMissed(job: String, slots: [Date], reason: String, at: Date) async throws {
        guard !slots.isEmpty else { return }
        try await write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO job_run (job, slot, state, trigger, attempt, finished_at, outcome) VALUES (?, ?, 'missed', 'schedule', 0, ?, ?)
                    ON CONFLICT (job, slot) DO UPDATE SET state = 'missed', finished_at = excluded.finished_at, outcome = excluded.outcome
                    WHERE job_run.state = 'running'
                    """)
            for slot in slots { try insert.execute(arguments: [job, slot.stored, at.stored, reason]) }
        }
    }

    public func latestSlot(job: String) async throws -> Date? {
        try await read { db in
            try Double.fetchOne(db, sql: "SELECT MAX(slot) FROM job_run WHERE job = ? AND trigger = 'schedule'", arguments: [job]).map(
                Date.init(stored:))
        }
    }

    public func unfinishedRuns() async throws -> [JobRunRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM job_run WHERE state = 'running' ORDER BY slot").map(Self.jobRun)
        }
    }

    public func jobRuns(job: String?, limit: Int) async throws -> [JobRunRecord] {
        try await read { db in
            if let job {
                return try Row.fetchAll(db, sql: "SELECT * FROM job_run WHERE job = ? ORDER BY slot DESC LIMIT ?", arguments: [job, limit]).map(
                    Self.jobRun)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM job_run ORDER BY slot DESC, job LIMIT ?", arguments: [limit]).map(Self.jobRun)
        }
    }

    static func jobRun(_ row: Row) -> JobRunRecord {
        JobRunRecord(
            job: row["job"], slot: Date(stored: row["slot"]), state: JobRunRecord.State(rawValue: row["state"]) ?? .failed,
            trigger: JobRunRecord.Trigger(rawValue: row["trigger"]) ?? .schedule, attempt: row["attempt"],
            startedAt: (row["started_at"] as Double?).map(Date.init(stored:)), finishedAt: (row["finished_at"] as Double?).map(Date.init(stored:)),
            outcome: row["outcome"], error: row["error"], changed: row["changed"])
    }

    // MARK: Operator actions, retention

    public func recordOperatorAction(_ action: OperatorActionRecord) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO operator_action (at, actor, action, detail) VALUES (?, ?, ?, ?)",
                arguments: [action.at.stored, action.actor, action.action, action.detail])
        }
    }

    public func operatorActions(since: Date) async throws -> [OperatorActionRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM operator_action WHERE at >= ? ORDER BY at, id", arguments: [since.stored]).map { row in
                OperatorActionRecord(id: row["id"], at: Date(stored: row["at"]), actor: row["actor"], action: row["action"], detail: row["detail"])
            }
        }
    }

    public func applyRetention(_ retention: RetentionSettings, now: Date) async throws -> RetentionSummary {
        try await write { db in
            func cutoff(_ seconds: Double) -> Double { now.stored - seconds }
            func delete(_ sql: String, _ before: Double) throws -> Int {
                try db.execute(sql: sql, arguments: [before])
                return db.changesCount
            }
            var summary = RetentionSummary()
            summary.intervals = try delete("DELETE FROM interval WHERE start < ?", cutoff(retention.intervals).rounded(.down))
            summary.missingIntervals = try delete("DELETE FROM missing_interval WHERE start < ?", cutoff(retention.intervals).rounded(.down))
            summary.snapshots = try delete("DELETE FROM snapshot WHERE taken_at < ?", cutoff(retention.snapshots))
            summary.changeOrders = try delete("DELETE FROM change_order WHERE effective_at < ?", cutoff(retention.changeOrders))
            summary.decisions = try delete("DELETE FROM decision WHERE at < ?", cutoff(retention.decisions))
            summary.jobRuns = try delete("DELETE FROM job_run WHERE slot < ? AND state <> 'running'", cutoff(retention.jobRuns))
            summary.operatorActions = try delete("DELETE FROM operator_action WHERE at < ?", cutoff(retention.operatorActions))
            // Each skill and site keeps the change in effect at the cutoff, so the history still says
            // what every site was given from the cutoff on (and a share unchanged for longer survives).
            summary.shareChanges = try delete(
                """
                DELETE FROM share_history WHERE at < ?1 AND id NOT IN (
                    SELECT (SELECT id FROM share_history latest WHERE latest.skill = keys.skill AND latest.site = keys.site AND latest.at < ?1
                            ORDER BY latest.at DESC, latest.id DESC LIMIT 1)
                    FROM (SELECT DISTINCT skill, site FROM share_history WHERE at < ?1) keys)
                """, cutoff(retention.shareHistory))
            return summary
        }
    }
}

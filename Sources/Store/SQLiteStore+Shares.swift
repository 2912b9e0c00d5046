import Foundation
import GRDB
import InterflowCore

/// The share history and the routing plan versions sent.
extension SQLiteStore {
    public func appendShareChanges(_ changes: [ShareChange]) async throws {
        guard !changes.isEmpty else { return }
        try await write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO share_history (at, skill, site, share, source) VALUES (?, ?, ?, ?, ?)")
            for change in changes {
                try insert.execute(arguments: [change.at.stored, change.skill, change.siteId, change.share, change.source.rawValue])
            }
        }
    }

    public func shareHistory(from: Date, to: Date, siteIds: [String]?) async throws -> [ShareChange] {
        let changes = try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM share_history WHERE at >= ?1 AND at < ?2
                    UNION ALL
                    SELECT * FROM share_history WHERE id IN (
                        SELECT (SELECT id FROM share_history latest WHERE latest.skill = keys.skill AND latest.site = keys.site AND latest.at < ?1
                                ORDER BY latest.at DESC, latest.id DESC LIMIT 1)
                        FROM (SELECT DISTINCT skill, site FROM share_history WHERE at < ?1) keys)
                    ORDER BY at, id
                    """, arguments: [from.stored, to.stored]
            ).map(Self.shareChange)
        }
        guard let siteIds else { return changes }
        let wanted = Set(siteIds)
        return changes.filter { wanted.contains($0.siteId) }
    }

    public func latestShares() async throws -> [ShareChange] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM share_history WHERE id IN (
                        SELECT (SELECT id FROM share_history latest WHERE latest.skill = keys.skill AND latest.site = keys.site
                                ORDER BY latest.at DESC, latest.id DESC LIMIT 1)
                        FROM (SELECT DISTINCT skill, site FROM share_history) keys)
                    ORDER BY skill, site
                    """
            ).map(Self.shareChange)
        }
    }

    static func shareChange(_ row: Row) -> ShareChange {
        ShareChange(
            at: Date(stored: row["at"]), skill: row["skill"], siteId: row["site"], share: row["share"],
            source: ShareChange.Source(rawValue: row["source"]) ?? .rebalance)
    }

    public func recordRoutingVersion(siteId: String, version: Int, at: Date) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO routing_version (site, version, sent_at) VALUES (?, ?, ?)
                    ON CONFLICT (site) DO UPDATE SET version = excluded.version, sent_at = excluded.sent_at
                    WHERE excluded.version > routing_version.version
                    """, arguments: [siteId, version, at.stored])
        }
    }

    public func routingVersions() async throws -> [String: Int] {
        try await read { db in
            var versions: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT site, version FROM routing_version") { versions[row["site"]] = row["version"] }
            return versions
        }
    }
}

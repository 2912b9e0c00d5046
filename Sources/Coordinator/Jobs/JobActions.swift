import Foundation
import InterflowCore
import Store

/// Deletes stored data older than its retention (`coordinator.retention`).
public struct RetentionAction: JobAction {
    let store: any FederationStore
    let retention: RetentionSettings

    public init(store: any FederationStore, retention: RetentionSettings) {
        self.store = store
        self.retention = retention
    }

    public func run(slot: JobSlot, dryRun: Bool) async throws -> JobOutcome {
        let days = { (seconds: Double) in ConfigDays.format(seconds) }
        let policy =
            "intervals \(days(retention.intervals)), snapshots \(days(retention.snapshots)), decisions \(days(retention.decisions)), "
            + "change orders \(days(retention.changeOrders)), job runs \(days(retention.jobRuns)), operator actions \(days(retention.operatorActions)), "
            + "share history \(days(retention.shareHistory))"
        if dryRun { return JobOutcome(summary: "would delete data older than: \(policy)") }
        let deleted = try await store.applyRetention(retention, now: slot.instant)
        let changed = [
            ("intervals", deleted.intervals), ("missing intervals", deleted.missingIntervals), ("snapshot rows", deleted.snapshots),
            ("decisions", deleted.decisions), ("change orders", deleted.changeOrders), ("job runs", deleted.jobRuns),
            ("operator actions", deleted.operatorActions), ("share changes", deleted.shareChanges),
        ].filter { $0.1 > 0 }.map { "deleted \($0.1) \($0.0)" }
        return JobOutcome(summary: "deleted \(deleted.total) rows older than retention (\(policy))", changed: changed)
    }
}

enum ConfigDays {
    static func format(_ seconds: Double) -> String {
        seconds >= 86_400 && seconds.truncatingRemainder(dividingBy: 86_400) == 0 ? "\(Int(seconds / 86_400))d" : "\(Int(seconds / 3600))h"
    }
}

/// Writes the previous local day's closed intervals of every site to
/// `DATA_DIR/reports/intervals-YYYY-MM-DD.csv`, missing intervals included as rows marked
/// `missing` with their cause (never as zeros).
public struct ReportsAction: JobAction {
    let store: any FederationStore
    let federation: Federation
    let directory: String
    let job: JobConfig

    public init(store: any FederationStore, federation: Federation, directory: String, job: JobConfig) {
        self.store = store
        self.federation = federation
        self.directory = directory
        self.job = job
    }

    public func run(slot: JobSlot, dryRun: Bool) async throws -> JobOutcome {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: job.timeZone) ?? .gmt
        let today = calendar.startOfDay(for: slot.instant)
        let day = calendar.date(byAdding: .day, value: -1, to: today) ?? today.addingTimeInterval(-86_400)
        let label = Self.dayLabel(day, calendar: calendar)
        let path = (directory as NSString).appendingPathComponent("intervals-\(label).csv")
        var lines = ["site,skill,start,length_s,status,offered,answered,answered_within,abandoned,handled,handle_s,revision,cause"]
        var stored = 0
        var missing = 0
        for site in federation.sites {
            for interval in try await store.intervals(siteId: site.id, skill: nil, from: day, to: today) {
                let r = interval.record
                lines.append(
                    [
                        site.id, r.skill, r.start.formatted(.iso8601), "\(r.lengthSeconds)", "closed", "\(r.offered)", "\(r.answered)",
                        "\(r.answeredWithinThreshold)", "\(r.abandoned)", "\(r.handled)", String(format: "%.1f", r.handleSeconds),
                        "\(interval.revision)", "",
                    ].joined(separator: ","))
                stored += 1
            }
            for gap in try await store.missingIntervals(siteId: site.id, from: day, to: today) {
                let cause = "\"" + gap.cause.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                lines.append(
                    [site.id, gap.skill, gap.start.formatted(.iso8601), "\(gap.lengthSeconds)", "missing", "", "", "", "", "", "", "", cause].joined(
                        separator: ","))
                missing += 1
            }
        }
        let summary = "intervals of \(label) (\(job.timeZone)): \(stored) closed, \(missing) missing"
        if dryRun { return JobOutcome(summary: "would write \(path): " + summary) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return JobOutcome(summary: "wrote " + summary, changed: ["wrote \(path)"])
    }

    static func dayLabel(_ date: Date, calendar: Calendar) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}

/// The action of rebalance and change-order jobs: that work is done continuously by the
/// coordinator's ``Rebalancer`` service, so each run records a decision saying so, and the audit
/// log shows that the slot ran.
public struct PlannerNotWiredAction: JobAction {
    public let kind: JobConfig.Kind

    public init(kind: JobConfig.Kind) { self.kind = kind }

    public func run(slot: JobSlot, dryRun: Bool) async throws -> JobOutcome {
        let summary = "no \(kind.rawValue) plan from this job: the coordinator's Rebalancer service does this work continuously"
        if dryRun { return JobOutcome(summary: summary) }
        let decision = DecisionRecord(
            at: slot.instant, kind: kind.rawValue, job: slot.job.name, slot: slot.instant, summary: summary,
            detail: #"{"reason":"done-by-rebalancer-service"}"#)
        return JobOutcome(summary: summary, changed: ["recorded 1 decision"], decisions: [decision])
    }
}

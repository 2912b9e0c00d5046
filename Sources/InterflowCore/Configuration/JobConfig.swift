import Foundation

/// A scheduled job from the `jobs:` section of `federation.yaml`.
public struct JobConfig: Sendable, Hashable {
    /// What a job does; the coordinator maps each kind to an action.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Real-time cross-site rebalance (every few seconds).
        case rebalance
        /// Value-based reallocation of each interval's volume between sites.
        case reallocation
        /// Network change orders at each network-delivered outsourcer's change window.
        case changeOrders = "change-orders"
        /// Report generation into the data directory.
        case reports
        /// Deletes stored data older than its retention.
        case retention
    }

    /// Unique job name (an id): how runs, history and `interflow jobs run NAME` refer to it.
    public var name: String
    public var kind: Kind
    /// When it runs, in ``timeZone``.
    public var schedule: CronSchedule
    /// IANA time zone identifier the schedule's local times are read in.
    public var timeZone: String
    /// How late a slot may still start, seconds: a slot missed while the coordinator was down
    /// (or while the previous run was still going) runs once if it is younger than this, and is
    /// recorded as missed otherwise.
    public var graceSeconds: Double
    public var enabled: Bool

    public init(name: String, kind: Kind, schedule: CronSchedule, timeZone: String = "UTC", graceSeconds: Double = 300, enabled: Bool = true) {
        self.name = name
        self.kind = kind
        self.schedule = schedule
        self.timeZone = timeZone
        self.graceSeconds = graceSeconds
        self.enabled = enabled
    }
}

/// How long the store keeps each kind of data, seconds (`coordinator.retention`).
public struct RetentionSettings: Sendable, Hashable {
    /// Closed intervals and missing-interval records: the source of truth for contract reviews.
    public var intervals: Double
    /// Sampled real-time status snapshots.
    public var snapshots: Double
    /// Plans and decisions (the audit log).
    public var decisions: Double
    public var changeOrders: Double
    public var jobRuns: Double
    public var operatorActions: Double
    /// Changes of the shares the sites are given: the source of the allocated share in contract reviews.
    public var shareHistory: Double

    public static let day = 86_400.0

    public init(
        intervals: Double = 400 * day, snapshots: Double = 14 * day, decisions: Double = 400 * day, changeOrders: Double = 400 * day,
        jobRuns: Double = 90 * day, operatorActions: Double = 400 * day, shareHistory: Double = 400 * day
    ) {
        self.shareHistory = shareHistory
        self.intervals = intervals
        self.snapshots = snapshots
        self.decisions = decisions
        self.changeOrders = changeOrders
        self.jobRuns = jobRuns
        self.operatorActions = operatorActions
    }
}

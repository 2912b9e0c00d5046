import Foundation
import InterflowCore

/// What a contract review is computed from: closed intervals, the intervals known to be missing,
/// and the shares the planner gave each site. Plain values, as the store hands them over.
public struct ReviewData: Sendable, Hashable {
    /// Closed intervals by site id, every site of the federation that takes one of the outsourcer's
    /// skills (its competitors too, for the ranking). Intervals outside the period are ignored; an
    /// interval given twice (same skill and start) counts once.
    public var intervals: [String: [IntervalRecord]]
    /// Intervals the store expected but does not have. They are listed in the review and never
    /// counted, neither as zero contacts nor as a missed target.
    public var missing: [MissingInterval]
    /// The share changes that decide what each site was given over the period (for each skill and
    /// site, the change in effect when the period starts and every later one), from which the
    /// allocated share is computed (``AllocatedShare``). `nil` when the source keeps no share
    /// history: the allocated share and volume are then not measurable.
    public var shareHistory: [ShareChange]?
    /// Allocated shares given as they are, by site id then skill id (0…1), for a source that knows
    /// the allocation but not the history; they take the place of what ``shareHistory`` would give.
    public var allocatedShares: [String: [String: Double]]

    public init(
        intervals: [String: [IntervalRecord]], missing: [MissingInterval] = [], shareHistory: [ShareChange]? = nil,
        allocatedShares: [String: [String: Double]] = [:]
    ) {
        self.intervals = intervals
        self.missing = missing
        self.shareHistory = shareHistory
        self.allocatedShares = allocatedShares
    }
}

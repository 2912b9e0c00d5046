import Foundation
import InterflowCore

/// What a contract review is computed from: closed intervals, the intervals known to be missing,
/// and the shares the planner allocated. Plain values, as the store hands them over.
public struct ReviewData: Sendable, Hashable {
    /// Closed intervals by site id, every site of the federation that takes one of the outsourcer's
    /// skills (its competitors too, for the ranking). Intervals outside the period are ignored; an
    /// interval given twice (same skill and start) counts once.
    public var intervals: [String: [IntervalRecord]]
    /// Intervals the store expected but does not have. They are listed in the review and never
    /// counted, neither as zero contacts nor as a missed target.
    public var missing: [MissingInterval]
    /// The share of each skill's federation volume the planner allocated to each site over the
    /// period, by site id then skill id (0…1). Sites or skills without one show the allocated volume
    /// as not measurable.
    public var allocatedShares: [String: [String: Double]]

    public init(intervals: [String: [IntervalRecord]], missing: [MissingInterval] = [], allocatedShares: [String: [String: Double]] = [:]) {
        self.intervals = intervals
        self.missing = missing
        self.allocatedShares = allocatedShares
    }
}

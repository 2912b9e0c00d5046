import Foundation
import InterflowCore

/// The share of a skill's volume the planner allocated to a site over a review period, from the
/// share history, weighted by the federation's offered volume per interval. Pure: values in,
/// values out.
///
/// For a site *s* and a skill, over the closed intervals *i* of that skill at every site taking it:
///
///     allocated(s) = Σᵢ share̅ₛ(i) × offeredᵢ / Σᵢ offeredᵢ
///
/// where offeredᵢ is the volume offered in interval *i* and share̅ₛ(i) the share *s* was given
/// during *i*: the share in effect at its start, or, when the share changed within it, the
/// time-weighted mean over the interval. So an hour of high volume weighs more than a quiet night,
/// and the result is the fraction of the federation's offered volume the site was meant to get.
public enum AllocatedShare {
    /// The allocated share of `siteId` for `skill`.
    /// - Parameters:
    ///   - history: share changes (any skills, sites and order); a change takes effect at its `at` and
    ///     holds until the next change of the same skill and site. Changes at the same instant count
    ///     in the order given.
    ///   - volumes: the closed intervals of `skill` at every site taking it, within the period (other
    ///     skills are ignored). An interval with no contact offered weighs nothing.
    /// - Returns: the share (0…1), or not measurable with the reason: no contact offered, no share
    ///   history for the site, or a history that starts after the first interval with contacts.
    /// - Complexity: O(h log h + v · c) for h changes, v intervals and c changes of this site and skill.
    public static func weighted(siteId: String, skill: String, history: [ShareChange], volumes: [IntervalRecord]) -> Metric {
        let changes = history.enumerated()
            .filter { $0.element.siteId == siteId && $0.element.skill == skill }
            .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
            .map(\.element)
        let counted = volumes.filter { $0.skill == skill && $0.offered > 0 }
        let total = counted.reduce(0) { $0 + $1.offered }
        guard total > 0 else { return .notMeasurable("no contact of \(skill) was offered to any site") }
        guard let first = changes.first else {
            return .notMeasurable("no share history covers the period: no share of \(skill) was recorded for \(siteId)")
        }
        if let earliest = counted.map(\.start).min(), earliest < first.at {
            return .notMeasurable(
                "the share history does not cover the period: the first share of \(skill) recorded for \(siteId) is at "
                    + "\(ReportText.instant(first.at)), after the first interval with contacts at \(ReportText.instant(earliest))")
        }
        var weighted = 0.0
        for record in counted {
            weighted += meanShare(changes, from: record.start, seconds: Double(record.lengthSeconds)) * Double(record.offered)
        }
        return .measured(weighted / Double(total))
    }

    /// The time-weighted mean of the step function `changes` (sorted, the first at or before `from`)
    /// over `[from, from + seconds)`; the share in effect at `from` when `seconds` is not positive.
    static func meanShare(_ changes: [ShareChange], from: Date, seconds: Double) -> Double {
        // The change in effect at `from`: the last one at or before it.
        var index = 0
        while index + 1 < changes.count && changes[index + 1].at <= from { index += 1 }
        guard seconds > 0 else { return changes[index].share }
        let end = from.addingTimeInterval(seconds)
        var integral = 0.0
        var t = from
        var share = changes[index].share
        for change in changes[(index + 1)...] where change.at < end {
            integral += share * change.at.timeIntervalSince(t)
            (t, share) = (change.at, change.share)
        }
        integral += share * end.timeIntervalSince(t)
        return integral / seconds
    }
}

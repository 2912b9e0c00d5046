import Foundation
import InterflowCore

/// How fast contacts arrive at a site, per skill, from what its mode shows.
public enum ArrivalRateEstimator {
    /// Smooths the arrival rate per skill from the change in today's offered count between two
    /// statuses: exponential smoothing with a one-minute time constant of the site's clock. A skill
    /// whose count went down (a new day restarted the counters) keeps its rate.
    public static func update(_ rates: inout [String: Double], previous: SiteStatus, current: SiteStatus) {
        let elapsed = current.asOf.timeIntervalSince(previous.asOf)
        guard elapsed > 0 else { return }
        let weight = 1 - exp(-elapsed / 60)
        for skill in current.skills {
            guard let before = previous.skills.first(where: { $0.skill == skill.skill }) else { continue }
            let arrived = skill.today.offered - before.today.offered
            guard arrived >= 0 else { continue }
            let observed = Double(arrived) / elapsed
            // One lookup: the rate is updated where it is.
            if let index = rates.index(forKey: skill.skill) {
                rates.values[index] += weight * (observed - rates.values[index])
            } else {
                rates[skill.skill] = observed
            }
        }
    }

    /// Arrivals per second of `skill` over the latest four closed intervals (oldest first in
    /// `intervals`), for a site that shows no real-time status; nil when none is known.
    public static func fromIntervals(_ intervals: [IntervalRecord], skill: String) -> Double? {
        let recent = intervals.filter { $0.skill == skill }.suffix(4)
        guard !recent.isEmpty else { return nil }
        let seconds = recent.reduce(0) { $0 + Double($1.lengthSeconds) }
        return Double(recent.reduce(0) { $0 + $1.offered }) / seconds
    }
}

import Foundation
import InterflowCore

/// One site's share of the review data: the instants its local days of the period span, and its
/// intervals and missing intervals in them.
struct SiteWindow: Sendable {
    let site: SiteConfig
    let clock: SiteClock
    let period: ReviewPeriod
    /// Local midnight starting the period's first day.
    let start: Date
    /// Local midnight ending the period's last day.
    let end: Date
    /// Every interval the data holds for the site's skills, once per skill and start, oldest first.
    let allRecords: [IntervalRecord]
    /// Those that start in [start, end).
    let records: [IntervalRecord]
    /// Missing intervals of the site in [start, end) that the data does not hold after all.
    let missing: [MissingInterval]

    init(site: SiteConfig, clock: SiteClock, period: ReviewPeriod, data: ReviewData) {
        self.site = site
        self.clock = clock
        self.period = period
        start = clock.start(of: period.from)
        end = clock.start(of: period.to.adding(days: 1))
        var seen: Set<String> = []
        var unique: [IntervalRecord] = []
        for record in data.intervals[site.id] ?? [] where site.skills.contains(record.skill) {
            if seen.insert("\(record.skill)@\(record.start.timeIntervalSince1970)").inserted { unique.append(record) }
        }
        allRecords = unique.sorted { ($0.start, $0.skill) < ($1.start, $1.skill) }
        let (start, end) = (start, end)
        records = allRecords.filter { $0.start >= start && $0.start < end }
        missing = data.missing.filter { gap in
            gap.siteId == site.id && gap.start >= start && gap.start < end
                && !seen.contains("\(gap.skill)@\(gap.start.timeIntervalSince1970)")
        }
    }

    /// This site's intervals of `skill` that start within `other`'s window (another site's local days).
    func records(in other: SiteWindow, skill: String) -> [IntervalRecord] {
        allRecords.filter { $0.skill == skill && $0.start >= other.start && $0.start < other.end }
    }
}

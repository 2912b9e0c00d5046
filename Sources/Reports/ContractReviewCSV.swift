import Foundation
import InterflowCore

/// A contract review as one CSV table (RFC 4180, comma-separated, CRLF line ends), one measurement
/// per row, ready for a spreadsheet's filters and pivot tables.
///
/// Columns: `section, site, skill, day, start, metric, value, target, unit, status, note`.
/// Sections: `summary` (each site and `all`), `volume` (per site and skill), `clause`,
/// `settlement`, `day`, `interval`, `missing`, `ranking`. `status` is `measured`,
/// `not measurable` (value empty, the reason in `note`) or `missing`. Days are the site's local
/// days; `start` is ISO 8601 in UTC. Fractions are 0–1, durations seconds, amounts in the review's currency.
public enum ContractReviewCSV {
    public static let header = ["section", "site", "skill", "day", "start", "metric", "value", "target", "unit", "status", "note"]

    public static func render(_ review: ContractReview) -> String {
        var rows: [[String]] = [header]
        func add(
            _ section: String, site: String = "", skill: String = "", day: String = "", start: String = "", _ metric: String,
            _ value: Metric, target: Double? = nil, unit: String, note: String = ""
        ) {
            rows.append([
                section, site, skill, day, start, metric, value.value.map(ReportText.plain) ?? "", target.map(ReportText.plain) ?? "", unit,
                value.value == nil ? "not measurable" : "measured", value.reason ?? note,
            ])
        }
        func count(_ n: Int) -> Metric { .measured(Double(n)) }
        let currency = review.currency

        for (site, performance, terms) in review.sites.map({ ($0.id, $0.performance, Optional($0.terms)) }) + [("all", review.totals, nil)] {
            for (name, n) in [
                ("offered", performance.offered), ("answered", performance.answered), ("handled", performance.handled),
                ("abandoned", performance.abandoned), ("intervals_reported", performance.intervalsReported),
                ("intervals_missing", performance.intervalsMissing),
            ] {
                add("summary", site: site, name, count(n), unit: name.hasPrefix("intervals") ? "intervals" : "contacts")
            }
            for row in SummaryRow.all {
                let unit = row.unit == .money ? currency : row.unit.rawValue
                add("summary", site: site, row.key, performance[keyPath: row.metric], target: terms.flatMap { row.target?($0) }, unit: unit)
            }
        }
        for site in review.sites {
            for v in site.skills {
                add("volume", site: site.id, skill: v.skill, "offered", count(v.offered), unit: "contacts")
                add("volume", site: site.id, skill: v.skill, "handled", count(v.handled), unit: "contacts")
                add("volume", site: site.id, skill: v.skill, "federation_offered", count(v.federationOffered), unit: "contacts")
                add("volume", site: site.id, skill: v.skill, "service_level", v.serviceLevel, target: site.terms.serviceLevelTarget, unit: "fraction")
                add(
                    "volume", site: site.id, skill: v.skill, "share", v.share, unit: "fraction",
                    note: "contract \(ReportText.plain(v.contractMinShare))–\(ReportText.plain(v.contractMaxShare))"
                        + (v.withinContract == false ? ", outside the contract" : ""))
                add("volume", site: site.id, skill: v.skill, "contracted_volume_min", v.contractedVolumeMin, unit: "contacts")
                add("volume", site: site.id, skill: v.skill, "contracted_volume_max", v.contractedVolumeMax, unit: "contacts")
                add("volume", site: site.id, skill: v.skill, "allocated_share", v.allocatedShare, unit: "fraction")
                add("volume", site: site.id, skill: v.skill, "allocated_volume", v.allocatedVolume, unit: "contacts")
            }
            for clause in site.clauses {
                add("clause", site: site.id, clause.kind, clause.amount, target: clause.cap, unit: currency, note: clause.explanation)
            }
        }
        add("settlement", site: "all", "credits", .measured(review.settlement.credits), unit: currency, note: "owed by the outsourcer")
        add("settlement", site: "all", "bonuses", .measured(review.settlement.bonuses), unit: currency, note: "owed to the outsourcer")
        add("settlement", site: "all", "net", .measured(review.settlement.net), unit: currency, note: "bonuses − credits")
        for site in review.sites {
            for day in site.days {
                let d = day.day.description
                add("day", site: site.id, day: d, "hours", .measured(day.hours), unit: "hours")
                add("day", site: site.id, day: d, "intervals_reported", count(day.intervalsReported), unit: "intervals")
                add("day", site: site.id, day: d, "intervals_missing", count(day.intervalsMissing), unit: "intervals")
                add("day", site: site.id, day: d, "offered", count(day.offered), unit: "contacts")
                add("day", site: site.id, day: d, "handled", count(day.handled), unit: "contacts")
                add("day", site: site.id, day: d, "service_level", day.serviceLevel, target: site.terms.serviceLevelTarget, unit: "fraction")
                add("day", site: site.id, day: d, "contracted_volume_min", .measured(day.contractedVolumeMin), unit: "contacts")
                add("day", site: site.id, day: d, "contracted_volume_max", .measured(day.contractedVolumeMax), unit: "contacts")
            }
        }
        for site in review.sites {
            let clock = TimeZone(identifier: site.timeZone).map(SiteClock.init(timeZone:))
            for interval in site.intervals {
                let day = clock.map { $0.day(of: interval.start).description } ?? ""
                let start = ReportText.instant(interval.start)
                add("interval", site: site.id, skill: interval.skill, day: day, start: start, "offered", count(interval.offered), unit: "contacts")
                add("interval", site: site.id, skill: interval.skill, day: day, start: start, "handled", count(interval.handled), unit: "contacts")
                add(
                    "interval", site: site.id, skill: interval.skill, day: day, start: start, "service_level", interval.serviceLevel,
                    target: site.terms.serviceLevelTarget, unit: "fraction",
                    note: interval.meetsTarget.map { $0 ? "meets target" : "below target" } ?? "")
            }
        }
        for gap in review.missingIntervals {
            let clock = review.sites.first { $0.id == gap.siteId }.flatMap { TimeZone(identifier: $0.timeZone) }.map(SiteClock.init(timeZone:))
            rows.append([
                "missing", gap.siteId, gap.skill, clock.map { $0.day(of: gap.start).description } ?? "", ReportText.instant(gap.start),
                "interval", "", "", "", "missing", gap.cause,
            ])
        }
        for ranking in review.rankings {
            for entry in ranking.entries {
                for (name, metric, rank, unit) in [
                    ("value_per_handled", entry.valuePerHandled, entry.valueRank, currency),
                    ("cost_per_handled", entry.costPerHandled, entry.costRank, currency),
                    ("service_level", entry.serviceLevel, entry.serviceLevelRank, "fraction"), ("fcr", entry.fcr, entry.fcrRank, "fraction"),
                ] {
                    add(
                        "ranking", site: entry.siteId, skill: ranking.skill, name, metric, unit: unit,
                        note: rank.map { "rank \($0) of \(ranking.entries.count)" } ?? "")
                }
            }
        }
        return rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// One CSV field: quoted when it holds a comma, quote or line break; text that a spreadsheet
    /// would run as a formula (`=`, `+`, `-`, `@` followed by a non-digit) is prefixed with `'`.
    public static func field(_ text: String) -> String {
        var text = text
        if let first = text.first, "=+-@".contains(first), !(text.dropFirst().first?.isNumber ?? false) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

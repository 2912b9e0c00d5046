import Foundation
import InterflowCore
import Reports

/// The hand-computed fixture: February 2026, one skill (service, 80/30), two outsourcers in
/// different modes and one in-house site, the same two quarter-hours every day.
///
/// | site | mode | local times | every day: interval A, interval B |
/// |---|---|---|---|
/// | net (Net Co) | network-delivered, Asia/Manila | 15:00, 15:15 | SL 90 % / 70 %, no answer wait, no staffing |
/// | ent (Ent Co) | enterprise-routed, America/Monterrey | 08:00, 08:15 | SL 90 % / 72 %, staffed 2 agent-hours each |
/// | home | in-house, Europe/London | 11:00, 11:15 | SL 90 % / 86 % |
///
/// The local times are chosen so that every interval lies within every site's local February,
/// so that the volume offered to all sites is the same 16,800 from each site's point of view.
enum Fixture {
    static let period = ReviewPeriod(from: CalendarDay("2026-02-01")!, to: CalendarDay("2026-02-28")!)!

    static let config = FederationConfig(
        name: "Review fixture", skills: [SkillConfig(id: "service", name: "Service", serviceLevelTarget: 0.8, thresholdSeconds: 30)],
        segments: [], value: ValueModel(repeatContactCost: 5, abandonCost: 4, currency: "USD"))

    static func block(_ start: String, _ end: String, seats: Int) -> SeatPlan.Block {
        SeatPlan.Block(days: Set(Weekday.allCases), startMinute: Units.clockMinutes(start)!, endMinute: Units.clockMinutes(end)!, seats: seats)
    }

    static let net = SiteConfig(
        id: "net", name: "Net Co, Manila", kind: .outsourcer(name: "Net Co"), mode: .networkDelivered, timeZone: "Asia/Manila",
        skills: ["service"], agent: AgentEndpoint(url: "http://127.0.0.1:9201", token: .environment("T_NET")),
        contract: Contract(
            seats: SeatPlan(blocks: [block("15:00", "15:30", seats: 30)]), price: .perHandledContact(5), serviceLevelTarget: 0.8,
            maxAbandonRate: 0.05, ahtCeilingSeconds: 360, fcrTarget: 0.7, shares: ["service": ShareBounds(min: 0.2, max: 0.5)],
            changeWindow: .every(minutes: 30),
            clauses: [
                .serviceLevelCredit(perPoint: 10, cap: 500), .fcrBonus(perPoint: 20, cap: 1000), .abandonRateCredit(perPoint: 30, cap: 300),
            ]))

    static let ent = SiteConfig(
        id: "ent", name: "Ent Co, Monterrey", kind: .outsourcer(name: "Ent Co"), mode: .enterpriseRouted, timeZone: "America/Monterrey",
        skills: ["service"], agent: AgentEndpoint(url: "http://127.0.0.1:9202", token: .environment("T_ENT")),
        contract: Contract(
            seats: SeatPlan(blocks: [block("08:00", "08:30", seats: 10)]), price: .perProductiveHour(40), serviceLevelTarget: 0.8,
            maxAbandonRate: 0.04, ahtCeilingSeconds: 300, fcrTarget: 0.75, shares: ["service": ShareBounds(min: 0.1, max: 0.4)],
            clauses: [.serviceLevelCredit(perPoint: 5, cap: 1000), .fcrBonus(perPoint: 50, cap: 100)]))

    static let home = SiteConfig(
        id: "home", name: "Home center, Leeds", kind: .inHouse, mode: .inHouse, timeZone: "Europe/London", skills: ["service"],
        agent: AgentEndpoint(url: "http://127.0.0.1:9203", token: .environment("T_HOME")))

    static let federation = Federation(config: config, sites: [net, ent, home], directory: "fixture")

    /// `HH:MM` on `day` in `timeZone`, as an instant.
    static func local(_ day: CalendarDay, _ time: String, _ timeZone: String) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone)!
        let minutes = Units.clockMinutes(time)!
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: minutes / 60, minute: minutes % 60))!
    }

    static func record(
        _ start: Date, offered: Int, answered: Int, within: Int, abandoned: Int, handleEach: Double, wait: Double? = nil, fcr: Int,
        revenue: Double, staffed: Double? = nil, scheduled: Double? = nil, adherent: Double? = nil
    ) -> IntervalRecord {
        IntervalRecord(
            skill: "service", start: start, lengthSeconds: 900, offered: offered, answered: answered, answeredWithinThreshold: within,
            abandoned: abandoned, handled: answered, handleSeconds: handleEach * Double(answered), answerWaitSeconds: wait,
            resolvedFirstContact: fcr, revenue: revenue, staffedSeconds: staffed, scheduledSeconds: scheduled, adherentSeconds: adherent)
    }

    static func intervals() -> [String: [IntervalRecord]] {
        var data: [String: [IntervalRecord]] = [:]
        for day in period.days {
            data["net", default: []] += [
                record(
                    local(day, "15:00", "Asia/Manila"), offered: 100, answered: 95, within: 90, abandoned: 5, handleEach: 300, fcr: 76, revenue: 950),
                record(
                    local(day, "15:15", "Asia/Manila"), offered: 100, answered: 90, within: 70, abandoned: 10, handleEach: 300, fcr: 72, revenue: 900),
            ]
            data["ent", default: []] += [
                record(
                    local(day, "08:00", "America/Monterrey"), offered: 50, answered: 49, within: 45, abandoned: 1, handleEach: 360, wait: 490,
                    fcr: 40, revenue: 980, staffed: 7200),
                record(
                    local(day, "08:15", "America/Monterrey"), offered: 50, answered: 47, within: 36, abandoned: 3, handleEach: 360, wait: 950,
                    fcr: 35, revenue: 940, staffed: 7200),
            ]
            data["home", default: []] += [
                record(
                    local(day, "11:00", "Europe/London"), offered: 150, answered: 147, within: 135, abandoned: 3, handleEach: 240, wait: 1470,
                    fcr: 126, revenue: 2205, staffed: 9000, scheduled: 9000, adherent: 8100),
                record(
                    local(day, "11:15", "Europe/London"), offered: 150, answered: 147, within: 129, abandoned: 3, handleEach: 240, wait: 1470,
                    fcr: 126, revenue: 2205, staffed: 9000, scheduled: 9000, adherent: 8100),
            ]
        }
        return data
    }

    static var data: ReviewData { ReviewData(intervals: intervals(), allocatedShares: ["net": ["service": 0.35]]) }
}

/// `a` and `b` agree to 1e-9 (relative for large values).
func close(_ a: Double?, _ b: Double) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= 1e-9 * max(1, abs(b))
}

extension Fixture {
    /// A missing quarter-hour of `site`, found missing an hour after it started.
    static func missing(_ site: String, _ skill: String, _ start: Date, cause: String) -> MissingInterval {
        MissingInterval(siteId: site, skill: skill, start: start, lengthSeconds: 900, cause: cause, detectedAt: start.addingTimeInterval(3600))
    }
}

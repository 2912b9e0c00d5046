import Foundation
import InterflowCore
import Testing

@Suite("cron schedules")
struct CronScheduleTests {
    static let newYork = TimeZone(identifier: "America/New_York")!

    /// An instant from ISO 8601 text with an offset.
    static func at(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    static func iso(_ date: Date?) -> String {
        date.map { $0.formatted(.iso8601) } ?? "nil"
    }

    @Test(
        "slots follow the fields",
        arguments: [
            ("*/15 * * * *", "2026-05-04T10:07:00Z", "2026-05-04T10:15:00Z"),
            ("*/15 * * * *", "2026-05-04T10:15:00Z", "2026-05-04T10:30:00Z"),
            ("0 6 * * mon-fri", "2026-05-08T07:00:00Z", "2026-05-11T06:00:00Z"),  // Friday after 6 → Monday
            ("30 2 1 jan,jul *", "2026-05-04T00:00:00Z", "2026-07-01T02:30:00Z"),
            ("0 0 29 feb *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z"),
            ("0 12 13 * fri", "2026-05-04T00:00:00Z", "2026-05-08T12:00:00Z"),  // day-of-month OR day-of-week
            ("5-10/5 8 * * 7", "2026-05-04T00:00:00Z", "2026-05-10T08:05:00Z"),  // 7 is Sunday
            ("@hourly", "2026-05-04T10:00:00Z", "2026-05-04T11:00:00Z"),
            ("@every 5s", "2026-05-04T10:00:02Z", "2026-05-04T10:00:05Z"),
        ])
    func nextSlots(expression: String, after: String, expected: String) throws {
        let schedule = try CronSchedule(expression)
        #expect(Self.iso(schedule.nextSlot(after: Self.at(after))) == expected)
    }

    @Test("local times are read in the job's time zone")
    func timeZone() throws {
        let schedule = try CronSchedule("30 5 * * *", timeZone: Self.newYork)
        // 05:30 EDT is 09:30 UTC in summer; 05:30 EST is 10:30 UTC in winter.
        #expect(Self.iso(schedule.nextSlot(after: Self.at("2026-07-01T00:00:00Z"))) == "2026-07-01T09:30:00Z")
        #expect(Self.iso(schedule.nextSlot(after: Self.at("2026-12-01T00:00:00Z"))) == "2026-12-01T10:30:00Z")
    }

    @Test("a local time skipped by spring forward runs at the first instant after the gap, once")
    func springForward() throws {
        // New York, 2026-03-08: 02:00 EST becomes 03:00 EDT (07:00 UTC).
        let daily = try CronSchedule("30 2 * * *", timeZone: Self.newYork)
        let slots = daily.slots(after: Self.at("2026-03-06T12:00:00Z"), through: Self.at("2026-03-09T12:00:00Z"))
        #expect(slots.map(Self.iso) == ["2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"])
        let quarterly = try CronSchedule("*/15 * * * *", timeZone: Self.newYork)
        let night = quarterly.slots(after: Self.at("2026-03-08T06:40:00Z"), through: Self.at("2026-03-08T07:20:00Z"))
        // 01:45 EST, then 02:00–02:45 (which do not exist) and 03:00 EDT are one slot, then 03:15.
        #expect(night.map(Self.iso) == ["2026-03-08T06:45:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:15:00Z"])
    }

    @Test("a local time that happens twice when clocks fall back runs once, at its first occurrence")
    func fallBack() throws {
        // New York, 2026-11-01: 02:00 EDT becomes 01:00 EST (06:00 UTC); 01:30 happens at 05:30 and 06:30 UTC.
        let daily = try CronSchedule("30 1 * * *", timeZone: Self.newYork)
        let slots = daily.slots(after: Self.at("2026-10-31T12:00:00Z"), through: Self.at("2026-11-02T12:00:00Z"))
        #expect(slots.map(Self.iso) == ["2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"])
        let quarterly = try CronSchedule("*/30 * * * *", timeZone: Self.newYork)
        let night = quarterly.slots(after: Self.at("2026-11-01T04:50:00Z"), through: Self.at("2026-11-01T07:10:00Z"))
        #expect(night.map(Self.iso) == ["2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T07:00:00Z"])
        // In UTC the same expression has every slot.
        let utc = try CronSchedule("*/30 * * * *")
        #expect(utc.slots(after: Self.at("2026-11-01T04:50:00Z"), through: Self.at("2026-11-01T07:10:00Z")).count == 5)
    }

    @Test("slots never go backwards and are unique across a year of clock changes")
    func monotonic() throws {
        let schedule = try CronSchedule("*/15 * * * *", timeZone: TimeZone(identifier: "Europe/London")!)
        let slots = schedule.slots(after: Self.at("2026-01-01T00:00:00Z"), through: Self.at("2027-01-01T00:00:00Z"), limit: 100_000)
        #expect(zip(slots, slots.dropFirst()).allSatisfy { $0 < $1 })
        // 365 days × 96, less the 4 quarter hours of the repeated hour in October.
        #expect(slots.count == 365 * 96 - 4)
    }

    @Test("previous slot")
    func previous() throws {
        let schedule = try CronSchedule("0 * * * *")
        #expect(Self.iso(schedule.previousSlot(atOrBefore: Self.at("2026-05-04T10:59:00Z"))) == "2026-05-04T10:00:00Z")
        #expect(Self.iso(try CronSchedule("@every 10s").previousSlot(atOrBefore: Self.at("2026-05-04T10:00:09Z"))) == "2026-05-04T10:00:00Z")
    }

    @Test(
        "bad expressions say which field is wrong and what it accepts",
        arguments: [
            ("* * * *", "has 4 fields"),
            ("60 * * * *", "minute field \"60\": 60 is out of range"),
            ("* 24 * * *", "hour field"),
            ("* * 0 * *", "day-of-month field"),
            ("* * * foo *", "month field \"foo\""),
            ("* * * * mon-", "day-of-week field"),
            ("*/0 * * * *", "is not a step"),
            ("5-1 * * * *", "runs backwards"),
            ("@fortnightly", "not a known shorthand"),
            ("@every 0s", "@every takes"),
        ])
    func errors(expression: String, message: String) {
        #expect {
            try CronSchedule(expression)
        } throws: { error in
            (error as? CronSchedule.ParseError)?.message.contains(message) == true
        }
    }
}

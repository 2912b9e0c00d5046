import Foundation
import InterflowCore
import Testing

/// A site's local day, minute and contracted seats from the zone's offsets, against `Calendar`,
/// hour by hour over two years of zones whose clocks change at 02:00 (Chicago), at midnight
/// (Santiago, Havana: some local days start at 01:00, one midnight came twice), by half an hour
/// (Lord Howe), or not at all (Kolkata).
@Suite("site clock")
struct SiteClockTests {
    @Test(arguments: ["America/Chicago", "America/Santiago", "America/Havana", "Australia/Lord_Howe", "Asia/Kolkata"])
    func dayMinuteAndDayStartAreTheCalendars(zone identifier: String) {
        let zone = TimeZone(identifier: identifier)!
        let clock = SiteClock(timeZone: zone)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var date = Date(timeIntervalSince1970: 1_300_000_000)  // 2011-03-13
        let end = date.addingTimeInterval(2 * 366 * 86_400)
        while date < end {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
            let day = clock.day(of: date)
            #expect(day == CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!), "\(identifier) \(date)")
            #expect(clock.minuteOfDay(date) == parts.hour! * 60 + parts.minute!, "\(identifier) \(date)")
            #expect(day.isoWeekday == (parts.weekday! + 5) % 7 + 1, "\(identifier) \(date)")  // Calendar: Sunday = 1
            #expect(clock.start(of: day) == calendar.startOfDay(for: date), "\(identifier) \(date)")
            date.addTimeInterval(3600 + 17 * 60)
        }
    }

    @Test func seatsFollowTheLocalWeekdayAndMinute() {
        // Weekdays 08:00–18:00 30 seats, Saturday 09:00–13:00 10 seats; Manila has no clock changes.
        let plan = SeatPlan(blocks: [
            SeatPlan.Block(days: [.monday, .tuesday, .wednesday, .thursday, .friday], startMinute: 480, endMinute: 1080, seats: 30),
            SeatPlan.Block(days: [.saturday], startMinute: 540, endMinute: 780, seats: 10),
        ])
        let clock = SiteClock(timeZone: TimeZone(identifier: "Asia/Manila")!)
        let friday = Date(timeIntervalSince1970: 1_796_355_000)  // 2026-12-04T03:30:00Z, 11:30 in Manila
        #expect(clock.seats(plan, at: friday) == 30)
        #expect(clock.seats(plan, at: friday.addingTimeInterval(7 * 3600)) == 0)  // 18:30
        #expect(clock.seats(plan, at: friday.addingTimeInterval(24 * 3600)) == 10)  // Saturday 11:30
        #expect(clock.seats(plan, at: friday.addingTimeInterval(48 * 3600)) == 0)  // Sunday
    }
}

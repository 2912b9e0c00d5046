import Foundation
import Testing

@testable import Simulation

/// The site clock's day arithmetic on UTC offsets against the calendar's, day by day over two
/// years, in zones with every kind of offset change: an hour at 02:00 (Chicago), at 01:00 UTC
/// (London), half an hour (Lord Howe), at midnight (Santiago, Havana: the local day starts at
/// 01:00), a whole day skipped (Apia, 30 December 2011), none (Kolkata).
@Suite struct LocalClockTests {
    static let zones = [
        "America/Chicago", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "America/Havana", "Pacific/Apia", "Asia/Kolkata",
    ]

    @Test(arguments: zones)
    func daysAndShiftTimesAreTheCalendars(zone: String) {
        let clock = LocalClock(timeZoneIdentifier: zone)
        // From 2011-06-01 (Apia's skipped day inside) and from 2026-01-01, hourly probes for the day starts.
        for first in [1_306_886_400.0, 1_767_225_600.0] {
            var day = clock.calendarStartOfDay(containing: first)
            for _ in 0..<400 {
                for hour in stride(from: 0.0, to: 24, by: 1) {
                    let time = day + hour * 3600 + 1234
                    #expect(clock.startOfDay(containing: time) == clock.calendarStartOfDay(containing: time), "\(zone) at \(time)")
                }
                #expect(clock.startOfNextDay(after: day) == clock.calendarStartOfNextDay(after: day), "\(zone) after \(day)")
                for minute in [0, 90, 120, 150, 179, 180, 420, 1_140, 1_439, 1_440, 1_500, -60] {
                    #expect(
                        clock.time(localMinute: minute, ofDayStarting: day) == clock.calendarTime(localMinute: minute, ofDayStarting: day),
                        "\(zone) minute \(minute) of the day starting \(day)")
                }
                day = clock.calendarStartOfNextDay(after: day)
            }
        }
    }

    @Test func aShiftAcrossTheSpringChangeIsAnHourShorter() {
        // Chicago, Sunday 8 March 2026: 02:00 CST becomes 03:00 CDT.
        let clock = LocalClock(timeZoneIdentifier: "America/Chicago")
        let day = clock.startOfDay(containing: 1_772_978_400)  // 2026-03-08T14:00:00Z
        #expect(day == 1_772_949_600)  // 2026-03-08T06:00:00Z, local midnight CST
        let start = clock.time(localMinute: 60, ofDayStarting: day)
        let end = clock.time(localMinute: 9 * 60, ofDayStarting: day)
        #expect(end - start == 7 * 3600)
        #expect(clock.startOfNextDay(after: day) - day == 23 * 3600)
    }
}

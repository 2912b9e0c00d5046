import Foundation
import InterflowCore
import Testing

@Suite("change windows")
struct ChangeWindowTests {
    /// The windows as a `Calendar` finds them: the reference for days without a clock change.
    static func reference(_ window: ChangeWindow, after date: Date, zone: String) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        let minutes: [Int]
        switch window {
        case .daily(let list): minutes = list.sorted()
        case .every(let step): minutes = Array(stride(from: 0, to: 1440, by: step))
        }
        var day = calendar.startOfDay(for: date)
        for _ in 0..<3 {
            for minute in minutes {
                let candidate = calendar.date(bySettingHour: minute / 60, minute: minute % 60, second: 0, of: day)!
                if candidate > date { return candidate }
            }
            day = calendar.date(byAdding: .day, value: 1, to: day)!
        }
        return date
    }

    @Test(
        "agrees with the calendar over a year, in zones east and west, away from clock changes",
        arguments: ["America/Chicago", "Asia/Manila", "Europe/London"])
    func yearRound(zone: String) {
        let tz = TimeZone(identifier: zone)!
        let windows: [ChangeWindow] = [.every(minutes: 30), .every(minutes: 15), .daily(minutes: [6 * 60, 12 * 60, 18 * 60]), .daily(minutes: [5])]
        var t = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
        var checked = 0
        while t.timeIntervalSince1970 < 1_798_761_600 {  // 2027-01-01
            // Skip two days either side of a clock change.
            let nearChange = (-2...2).contains { tz.secondsFromGMT(for: t.addingTimeInterval(Double($0) * 86_400)) != tz.secondsFromGMT(for: t) }
            if !nearChange {
                for window in windows {
                    #expect(window.next(after: t, timeZone: zone) == Self.reference(window, after: t, zone: zone), "\(window) after \(t) in \(zone)")
                }
                checked += 1
            }
            t = t.addingTimeInterval(7 * 3600 + 37 * 60)
        }
        #expect(checked > 1000)
    }

    @Test("a window the clock skips comes right after the change, and no window is ever in the past")
    func clockChanges() {
        // 2026-03-08 02:00 in Chicago does not exist (clocks jump to 03:00 at 08:00 UTC).
        let before = Date(timeIntervalSince1970: 1_772_953_200)  // 07:00 UTC, 01:00 CST
        let next = ChangeWindow.daily(minutes: [2 * 60 + 30]).next(after: before, timeZone: "America/Chicago")
        #expect(next > before)
        #expect(next.timeIntervalSince(before) <= 2.5 * 3600)
        var t = Date(timeIntervalSince1970: 1_772_900_000)
        for _ in 0..<500 {
            #expect(ChangeWindow.every(minutes: 30).next(after: t, timeZone: "America/Chicago") > t)
            t = t.addingTimeInterval(613)
        }
    }
}

import Foundation

/// Site-local wall-clock arithmetic on simulation times (seconds since 1970), with the local hour
/// cached for the current hour so that thinning arrivals costs no time-zone lookup per candidate.
struct LocalClock: Sendable {
    let calendar: Calendar
    private var hourStart = Double.infinity
    private var hourEnd = -Double.infinity
    private var hour = 0

    /// A clock in the time zone named `identifier`; UTC when the identifier is unknown.
    init(timeZoneIdentifier identifier: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 0)!
        self.calendar = calendar
    }

    /// The local hour (0...23) at `time`.
    mutating func hour(at time: Double) -> Int {
        if time >= hourStart && time < hourEnd { return hour }
        let offset = utcOffset(at: time)
        let local = time + offset
        let localHourStart = (local / 3600).rounded(.down) * 3600
        hour = Int(localHourStart / 3600) % 24
        if hour < 0 { hour += 24 }
        hourStart = localHourStart - offset
        hourEnd = hourStart + 3600
        return hour
    }

    /// The zone's offset from UTC at `time`, seconds.
    func utcOffset(at time: Double) -> Double {
        Double(calendar.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: time)))
    }

    // The day arithmetic below is done on the zone's offsets where no change of offset can
    // matter (local wall time is then UTC plus the one offset throughout the span), and is the
    // calendar's otherwise: a day starting other than at midnight (Santiago, Havana), a midnight
    // that comes twice (Havana, November 2011), a span with a change inside. A site's day starts
    // and shift times are computed for every replication, and the calendar's answer costs
    // microseconds. Every modern change of offset moves clocks back by at most two hours, so
    // three hours of one offset before a midnight mean it came only once.

    /// Whether local wall time at `time`, with the zone's offset `offset` then, is midnight.
    static func isMidnight(_ time: Double, offset: Double) -> Bool {
        (time + offset).truncatingRemainder(dividingBy: 86_400) == 0
    }

    /// Start of the local day that contains `time`.
    func startOfDay(containing time: Double) -> Double {
        let offset = utcOffset(at: time)
        let midnight = ((time + offset) / 86_400).rounded(.down) * 86_400 - offset
        let settled = utcOffset(at: midnight) == offset && utcOffset(at: midnight - 3 * 3600) == offset
        return settled ? midnight : calendarStartOfDay(containing: time)
    }

    /// Start of the local day after the one starting at `dayStart`.
    func startOfNextDay(after dayStart: Double) -> Double {
        let next = dayStart + 86_400
        let offset = utcOffset(at: dayStart)
        let settled = utcOffset(at: next) == offset && Self.isMidnight(dayStart, offset: offset)
        return settled ? next : calendarStartOfNextDay(after: dayStart)
    }

    /// Start of the local day before the one starting at `dayStart`.
    func startOfPreviousDay(before dayStart: Double) -> Double {
        startOfDay(containing: dayStart - 3600)
    }

    /// The time of local wall-clock minute `minute` (may exceed 1440: the following days) of the day
    /// starting at `dayStart`.
    func time(localMinute minute: Int, ofDayStarting dayStart: Double) -> Double {
        let time = dayStart + Double(minute) * 60
        let offset = utcOffset(at: dayStart)
        // Before the day (a night shift's start), the wall time must not be one that came twice.
        let settled =
            utcOffset(at: time) == offset && Self.isMidnight(dayStart, offset: offset) && (minute >= 0 || utcOffset(at: time - 3 * 3600) == offset)
        return settled ? time : calendarTime(localMinute: minute, ofDayStarting: dayStart)
    }

    // MARK: The calendar's answers (across a change of offset; the tests' reference)

    func calendarStartOfDay(containing time: Double) -> Double {
        calendar.startOfDay(for: Date(timeIntervalSince1970: time)).timeIntervalSince1970
    }

    func calendarStartOfNextDay(after dayStart: Double) -> Double {
        let date = Date(timeIntervalSince1970: dayStart)
        let next = calendar.date(byAdding: .day, value: 1, to: date) ?? date.addingTimeInterval(86_400)
        return calendar.startOfDay(for: next.addingTimeInterval(3600)).timeIntervalSince1970
    }

    func calendarTime(localMinute minute: Int, ofDayStarting dayStart: Double) -> Double {
        let days = minute >= 0 ? minute / 1440 : (minute - 1439) / 1440
        let inDay = minute - days * 1440
        var day = Date(timeIntervalSince1970: dayStart)
        if days != 0 {
            day = calendar.startOfDay(for: calendar.date(byAdding: .day, value: days, to: day) ?? day)
        }
        let result = calendar.date(bySettingHour: inDay / 60, minute: inDay % 60, second: 0, of: day)
        return result?.timeIntervalSince1970 ?? dayStart + Double(minute) * 60
    }
}

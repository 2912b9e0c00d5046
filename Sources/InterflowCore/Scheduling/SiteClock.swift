import Foundation

/// Local time at one site: which local day and minute an instant falls on, and when a local day starts.
///
/// Works from the time zone's offsets only, so a day on which the clocks change has 23 or 25
/// hours (92 or 100 quarter-hour intervals) and a seat block of local hours covers the hours that
/// really happened on that day.
public struct SiteClock: Sendable, Hashable {
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// Seconds of local wall-clock time since 1970-01-01 00:00 local.
    func wallSeconds(_ date: Date) -> Int {
        Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
    }

    /// The local day `date` falls on.
    public func day(of date: Date) -> CalendarDay {
        CalendarDay(dayNumber: floorDivide(wallSeconds(date), 86_400))
    }

    /// The seats `plan` contracts at `date`: those of the local weekday and minute it falls on.
    public func seats(_ plan: SeatPlan, at date: Date) -> Int {
        // One offset lookup for the day and the minute.
        let wall = wallSeconds(date)
        let day = floorDivide(wall, 86_400)
        guard let weekday = Weekday(rawValue: CalendarDay(dayNumber: day).isoWeekday) else { return 0 }
        return plan.seats(on: weekday, atMinute: (wall - day * 86_400) / 60)
    }

    /// Local minutes after midnight at `date` (0..<1440).
    public func minuteOfDay(_ date: Date) -> Int {
        let wall = wallSeconds(date)
        let seconds = wall - floorDivide(wall, 86_400) * 86_400
        return seconds / 60
    }

    /// The instant local `day` starts (its first existing wall-clock moment at or after midnight).
    public func start(of day: CalendarDay) -> Date {
        instant(ofWallSeconds: day.dayNumber * 86_400)
    }

    /// The instant of a local wall-clock time: a repeated time (clocks going back) maps to its first
    /// occurrence, a time skipped by clocks going forward is read with the offset in force before the change.
    func instant(ofWallSeconds wall: Int) -> Date {
        // t + offset(t) = wall. Try the offsets in force just before and just after the wall time.
        let guess = Date(timeIntervalSince1970: Double(wall))
        var candidates: [Int] = []
        for probe in [guess.addingTimeInterval(-86_400), guess, guess.addingTimeInterval(86_400)] {
            let t = wall - timeZone.secondsFromGMT(for: probe)
            if wallSeconds(Date(timeIntervalSince1970: Double(t))) == wall { candidates.append(t) }
        }
        if let first = candidates.min() { return Date(timeIntervalSince1970: Double(first)) }
        // In a gap: the wall time never happened.
        let before = wall - timeZone.secondsFromGMT(for: guess.addingTimeInterval(-86_400))
        return Date(timeIntervalSince1970: Double(before))
    }

    /// Hours in local `day`: 24, or 23 / 25 on the days the clocks change.
    public func hours(in day: CalendarDay) -> Double {
        start(of: day.adding(days: 1)).timeIntervalSince(start(of: day)) / 3600
    }

    /// Contracted seat-seconds in [`from`, `to`): each moment weighs the seats of the local weekday and
    /// minute it falls on, so clock changes count the hours that really happened.
    /// - Complexity: O((to − from) / step × blocks), the step being the largest that divides every
    ///   block boundary, 15 minutes and the time zone's offsets (at least a minute).
    public func seatSeconds(_ plan: SeatPlan, from: Date, to: Date) -> Double {
        guard from < to, !plan.blocks.isEmpty else { return 0 }
        var step = 15
        for block in plan.blocks { step = gcd(gcd(step, block.startMinute), block.endMinute) }
        step = max(step, 1) * 60
        var total = 0.0
        var t = from
        while t < to {
            // Advance to the next step boundary of wall-clock time (or `to`).
            let wall = wallSeconds(t)
            let next = min(t.addingTimeInterval(Double(step - (wall - floorDivide(wall, step) * step))), to)
            let day = CalendarDay(dayNumber: floorDivide(wall, 86_400))
            if let weekday = Weekday(rawValue: day.isoWeekday) {
                let seats = plan.seats(on: weekday, atMinute: minuteOfDay(t))
                total += Double(seats) * next.timeIntervalSince(t)
            }
            t = next
        }
        return total
    }
}

func floorDivide(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

func gcd(_ a: Int, _ b: Int) -> Int {
    var (x, y) = (abs(a), abs(b))
    while y != 0 { (x, y) = (y, x % y) }
    return x
}

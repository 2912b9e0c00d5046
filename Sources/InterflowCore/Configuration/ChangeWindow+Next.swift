import Foundation

extension ChangeWindow {
    /// The first window strictly after `date` in the site's time zone (UTC when the zone is unknown).
    ///
    /// Local wall-clock arithmetic with the zone's UTC offset at each candidate rather than a
    /// `Calendar`: a rebalance asks this of every network-delivered site every few seconds. A window
    /// whose local time a clock change skips falls at the same distance after the change.
    /// - Complexity: O(windows a day), a few offset lookups.
    public func next(after date: Date, timeZone: String) -> Date {
        let zone = TimeZone(identifier: timeZone) ?? .gmt
        let t = date.timeIntervalSince1970
        let offset = Double(zone.secondsFromGMT(for: date))
        let local = t + offset
        let day = (local / 86_400).rounded(.down)
        // The first candidate, in wall-clock order, whose instant is after `date`.
        func first(minutes: some Sequence<Int>, dayOffset: Double) -> Date? {
            for minute in minutes {
                let wall = (day + dayOffset) * 86_400 + Double(minute) * 60
                // Far before now on the wall clock (a clock change moves at most hours): not it.
                if wall < local - 3 * 3600 { continue }
                let guess = wall - offset
                let instant = wall - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: guess)))
                if instant > t { return Date(timeIntervalSince1970: instant) }
            }
            return nil
        }
        var daily: [Int] = []
        if case .daily(let list) = self { daily = list.sorted() }
        for dayOffset in 0...2 {
            let found: Date?
            switch self {
            case .daily: found = first(minutes: daily, dayOffset: Double(dayOffset))
            case .every(let step): found = first(minutes: stride(from: 0, to: 1440, by: max(step, 1)), dayOffset: Double(dayOffset))
            }
            if let found { return found }
        }
        return date.addingTimeInterval(86_400)
    }
}

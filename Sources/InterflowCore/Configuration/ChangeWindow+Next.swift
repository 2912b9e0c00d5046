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
        let minutes: [Int]
        switch self {
        case .daily(let list): minutes = list.sorted()
        case .every(let step): minutes = Array(stride(from: 0, to: 1440, by: max(step, 1)))
        }
        for dayOffset in 0...2 {
            for minute in minutes {
                let wall = (day + Double(dayOffset)) * 86_400 + Double(minute) * 60
                // Far before now on the wall clock (a clock change moves at most hours): not it.
                if wall < local - 3 * 3600 { continue }
                let guess = wall - offset
                let instant = wall - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: guess)))
                if instant > t { return Date(timeIntervalSince1970: instant) }
            }
        }
        return date.addingTimeInterval(86_400)
    }
}

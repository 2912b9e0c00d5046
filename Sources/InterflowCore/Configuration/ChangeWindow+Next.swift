import Foundation

extension ChangeWindow {
    /// The first window strictly after `date` in the site's time zone.
    public func next(after date: Date, timeZone: String) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? .gmt
        let midnight = calendar.startOfDay(for: date)
        let minutes: [Int]
        switch self {
        case .daily(let list): minutes = list.sorted()
        case .every(let step): minutes = Array(stride(from: 0, to: 1440, by: max(step, 1)))
        }
        for dayOffset in 0...2 {
            guard let day = calendar.date(byAdding: .day, value: dayOffset, to: midnight) else { continue }
            for minute in minutes {
                if let candidate = calendar.date(byAdding: .minute, value: minute, to: day), candidate > date { return candidate }
            }
        }
        return date.addingTimeInterval(86_400)
    }
}

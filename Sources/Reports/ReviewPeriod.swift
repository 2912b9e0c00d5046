import InterflowCore

/// The days a contract review covers, both included: a week, a month, any run of days.
///
/// Each site reads the days in its own time zone: the period of a site in Manila starts at local
/// midnight in Manila, not at UTC midnight.
public struct ReviewPeriod: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The first day.
    public var from: CalendarDay
    /// The last day, included.
    public var to: CalendarDay

    /// A period; `nil` when `to` is before `from`.
    public init?(from: CalendarDay, to: CalendarDay) {
        guard from <= to else { return nil }
        self.from = from
        self.to = to
    }

    /// Every day of the period, in order.
    public var days: [CalendarDay] { (from.dayNumber...to.dayNumber).map(CalendarDay.init(dayNumber:)) }

    /// The number of days.
    public var dayCount: Int { to.dayNumber - from.dayNumber + 1 }

    public var description: String { "\(from) to \(to)" }
}

/// Forecasts of the arrival rate of one skill at one site, per interval, from closed
/// intervals.
///
/// The method is exponential smoothing at two seasonal scales, the approach Taylor found
/// hard to beat for intraday call-center arrivals ("A comparison of univariate time series
/// methods for forecasting intraday arrivals at a call center", Management Science 54(2),
/// 2008): a day's volume is a smoothed level times a day-of-week factor (Holt–Winters
/// multiplicative seasonality without trend, Winters 1960), and it is spread over the day by
/// a smoothed day-of-week × interval profile. For a day d with weekday w and volume Tₐ:
///
///     forecast(d, s) = L × D[w] × P[w][s]
///     L    ← α Tₐ/D[w] + (1 − α) L
///     D[w] ← δ Tₐ/L + (1 − δ) D[w]
///     P[w] ← γ counts/Tₐ + (1 − γ) P[w]          (each profile sums to 1)
///
/// The first day of each weekday initialises its factor and profile; a weekday not seen yet
/// uses factor 1 and the mean of the profiles seen. Accuracy is measured on held-back days
/// by ``backtest(_:holdoutDays:intervalLength:utcOffset:parameters:)``.
///
/// Pure: days are numbered from 1970-01-01 in the site's local time (`utcOffset` seconds
/// east of UTC), so the caller supplies every timestamp.
public struct ArrivalForecaster: Sendable, Hashable {
    /// One closed interval of one skill.
    public struct Interval: Sendable, Hashable {
        /// Start of the interval, seconds since 1970-01-01T00:00:00Z.
        public var start: Int64
        /// Contacts offered in the interval.
        public var offered: Double

        /// A closed interval starting at `start` (Unix seconds) with `offered` contacts.
        public init(start: Int64, offered: Double) {
            self.start = start
            self.offered = offered
        }
    }

    /// Smoothing constants, each in (0, 1].
    public struct Parameters: Sendable, Hashable {
        /// α, for the daily level.
        public var level: Double
        /// δ, for the day-of-week factors.
        public var dayOfWeek: Double
        /// γ, for the intraday profiles.
        public var profile: Double

        /// Defaults suited to a few weeks of history.
        public init(level: Double = 0.3, dayOfWeek: Double = 0.2, profile: Double = 0.2) {
            precondition([level, dayOfWeek, profile].allSatisfy { $0 > 0 && $0 <= 1 }, "ArrivalForecaster: smoothing constants must be in (0, 1]")
            self.level = level
            self.dayOfWeek = dayOfWeek
            self.profile = profile
        }
    }

    /// Forecast accuracy on held-back days.
    public struct Accuracy: Sendable, Hashable {
        /// Days held back and forecast.
        public var days: Int
        /// WAPE = Σ|F − A| / ΣA over every held-back interval.
        public var wape: Double
        /// MAPE = mean of |F − A|/A over held-back intervals with A > 0.
        public var mape: Double
        /// WAPE of the seasonal-naive forecast (the same interval one week earlier, or the
        /// latest day when there is no week of history), for comparison.
        public var naiveWAPE: Double
    }

    /// Interval length in seconds; divides a day.
    public let intervalLength: Int
    /// Seconds to add to UTC for the site's local time.
    public let utcOffset: Int
    /// The smoothing constants.
    public let parameters: Parameters
    /// L: the smoothed daily volume with the day-of-week effect removed.
    public private(set) var level = 0.0
    /// D[w], Monday = 0.
    public private(set) var dayFactors = [Double](repeating: 1, count: 7)
    /// P[w][s]: the share of weekday w's volume in interval s.
    public private(set) var profiles: [[Double]]
    /// Which weekdays have been seen.
    public private(set) var weekdaysSeen = [Bool](repeating: false, count: 7)
    /// Days observed so far.
    public private(set) var daysObserved = 0
    /// The last day observed (local day number), if any.
    public private(set) var lastDay: Int?

    /// An empty forecaster for intervals of `intervalLength` seconds (900 by default).
    public init(intervalLength: Int = 900, utcOffset: Int = 0, parameters: Parameters = Parameters()) {
        precondition(intervalLength > 0 && 86_400 % intervalLength == 0, "ArrivalForecaster: intervalLength must divide a day, got \(intervalLength)")
        self.intervalLength = intervalLength
        self.utcOffset = utcOffset
        self.parameters = parameters
        let slots = 86_400 / intervalLength
        profiles = [[Double]](repeating: [Double](repeating: 1 / Double(slots), count: slots), count: 7)
    }

    /// Intervals per day.
    public var intervalsPerDay: Int { 86_400 / intervalLength }

    /// The local day number of a Unix time.
    public func day(of time: Int64) -> Int {
        Int((time + Int64(utcOffset)).floorDivided(by: 86_400))
    }

    /// The local interval index within its day of a Unix time.
    public func slot(of time: Int64) -> Int {
        Int((time + Int64(utcOffset)).floorModulo(86_400)) / intervalLength
    }

    /// The weekday of a local day number, Monday = 0 (1970-01-01 was a Thursday).
    public static func weekday(ofDay day: Int) -> Int {
        ((day + 3) % 7 + 7) % 7
    }

    /// Learns from complete days of closed intervals, oldest first (intervals may come in any
    /// order; an interval missing from a day counts as zero offered). Days at or before the
    /// last day already observed are ignored.
    public mutating func fit(_ intervals: [Interval]) {
        for (day, counts) in dailyCounts(intervals) where lastDay.map({ day > $0 }) ?? true {
            observe(day: day, counts: counts)
        }
    }

    /// Learns one complete local day: `counts[s]` contacts offered in interval s.
    public mutating func observe(day: Int, counts: [Double]) {
        precondition(counts.count == intervalsPerDay, "ArrivalForecaster: a day has \(intervalsPerDay) intervals, got \(counts.count)")
        let w = Self.weekday(ofDay: day)
        let total = counts.reduce(0, +)
        if daysObserved == 0 {
            level = total
        }
        if !weekdaysSeen[w] {
            dayFactors[w] = level > 0 ? total / level : 1
            if total > 0 { profiles[w] = counts.map { $0 / total } }
            weekdaysSeen[w] = true
        } else {
            if dayFactors[w] > 0 {
                level = parameters.level * total / dayFactors[w] + (1 - parameters.level) * level
            }
            if level > 0 {
                dayFactors[w] = parameters.dayOfWeek * total / level + (1 - parameters.dayOfWeek) * dayFactors[w]
            }
            if total > 0 {
                let g = parameters.profile
                profiles[w] = zip(counts, profiles[w]).map { g * $0 / total + (1 - g) * $1 }
            }
        }
        daysObserved += 1
        lastDay = day
    }

    /// Forecast contacts per interval for a local day.
    public func forecastCounts(day: Int) -> [Double] {
        let w = Self.weekday(ofDay: day)
        let total = level * (weekdaysSeen[w] ? dayFactors[w] : 1)
        return profile(weekday: w).map { total * $0 }
    }

    /// The forecast arrival rate (contacts per second) of the interval containing `time`.
    public func forecastRate(at time: Int64) -> Double {
        let w = Self.weekday(ofDay: day(of: time))
        let total = level * (weekdaysSeen[w] ? dayFactors[w] : 1)
        return total * profile(weekday: w)[slot(of: time)] / Double(intervalLength)
    }

    /// Fits on all but the last `holdoutDays` days of `intervals`, forecasts those days from
    /// the end of the fit (one to `holdoutDays` days ahead) and measures the error.
    /// `nil` when there are not more days than held back.
    public static func backtest(
        _ intervals: [Interval], holdoutDays: Int, intervalLength: Int = 900, utcOffset: Int = 0,
        parameters: Parameters = Parameters()
    ) -> Accuracy? {
        var forecaster = ArrivalForecaster(intervalLength: intervalLength, utcOffset: utcOffset, parameters: parameters)
        let days = forecaster.dailyCounts(intervals)
        guard holdoutDays > 0, days.count > holdoutDays else { return nil }
        let training = days.dropLast(holdoutDays)
        for (day, counts) in training { forecaster.observe(day: day, counts: counts) }
        let history = Dictionary(uniqueKeysWithValues: training.map { ($0.day, $0.counts) })
        let latest = training.last!.counts
        var absoluteError = 0.0
        var naiveError = 0.0
        var actualTotal = 0.0
        var percentSum = 0.0
        var percentCount = 0
        for (day, actual) in days.suffix(holdoutDays) {
            let forecast = forecaster.forecastCounts(day: day)
            var naiveDay = day - 7
            while history[naiveDay] == nil, naiveDay > day - 7 * 8 { naiveDay -= 7 }
            let naive = history[naiveDay] ?? latest
            for s in actual.indices {
                absoluteError += abs(forecast[s] - actual[s])
                naiveError += abs(naive[s] - actual[s])
                actualTotal += actual[s]
                if actual[s] > 0 {
                    percentSum += abs(forecast[s] - actual[s]) / actual[s]
                    percentCount += 1
                }
            }
        }
        return Accuracy(
            days: holdoutDays, wape: actualTotal > 0 ? absoluteError / actualTotal : 0,
            mape: percentCount > 0 ? percentSum / Double(percentCount) : 0,
            naiveWAPE: actualTotal > 0 ? naiveError / actualTotal : 0)
    }

    /// The profile of a weekday, or the mean of the profiles seen for a weekday not seen.
    private func profile(weekday w: Int) -> [Double] {
        if weekdaysSeen[w] { return profiles[w] }
        let seen = (0..<7).filter { weekdaysSeen[$0] }
        guard !seen.isEmpty else { return profiles[w] }
        var mean = [Double](repeating: 0, count: intervalsPerDay)
        for v in seen {
            for s in mean.indices { mean[s] += profiles[v][s] / Double(seen.count) }
        }
        return mean
    }

    /// Counts per local day, days in order.
    private func dailyCounts(_ intervals: [Interval]) -> [(day: Int, counts: [Double])] {
        var byDay: [Int: [Double]] = [:]
        for interval in intervals {
            let d = day(of: interval.start)
            byDay[d, default: [Double](repeating: 0, count: intervalsPerDay)][slot(of: interval.start)] += interval.offered
        }
        return byDay.keys.sorted().map { ($0, byDay[$0]!) }
    }
}

extension Int64 {
    /// ⌊self / divisor⌋ for a positive divisor.
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor < 0) ? q - 1 : q
    }

    /// self mod divisor in [0, divisor) for a positive divisor.
    fileprivate func floorModulo(_ divisor: Int64) -> Int64 {
        let r = self % divisor
        return r < 0 ? r + divisor : r
    }
}

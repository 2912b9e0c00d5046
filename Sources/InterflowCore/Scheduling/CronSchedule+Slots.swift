import Foundation

/// Slot calculation: the UTC instants at which a schedule fires.
extension CronSchedule {
    /// The first slot strictly after `instant`, or nil when the expression never matches (such as
    /// `0 0 31 2 *`) within the next eight years.
    ///
    /// Calendar expressions are matched against local wall-clock times in ``timeZone``, day by day
    /// in the proleptic Gregorian calendar, and each matching local time is turned into an instant:
    /// - a local time that exists once is that instant;
    /// - a local time that happens twice (the hour repeated when clocks fall back) is its *first*
    ///   occurrence only, so the job runs once;
    /// - a local time that does not exist (skipped when clocks spring forward) is the first
    ///   instant after the gap, the moment of the change; several skipped times, and the local
    ///   time the clock jumps to, are then one slot.
    ///
    /// Mapped this way, slots never go backwards as local time goes forward, so the first
    /// instant after `instant` is the next slot.
    /// - Complexity: O(days scanned × matching times per day); a day with no match costs O(1).
    public func nextSlot(after instant: Date) -> Date? {
        switch rule {
        case .every(let period):
            let t = instant.timeIntervalSince1970
            let next = (t / Double(period)).rounded(.down) * Double(period) + Double(period)
            return Date(timeIntervalSince1970: next)
        case .fields(let minutes, let hours, let doms, let months, let dows, let domRestricted, let dowRestricted):
            let t = Int(instant.timeIntervalSince1970.rounded(.down))
            // Start a day early: the local date of the instant may lag or lead UTC by up to 14 hours.
            let offset = timeZone.secondsFromGMT(for: instant)
            var day = Self.floorDiv(t + offset, 86_400) - 1
            // Local times this far before the instant's own local time map to instants before it
            // (offsets change by at most a few hours): skip them without converting.
            let skipBelow = t + offset - 4 * 3600
            let lastDay = day + 366 * 8 + 2
            while day <= lastDay {
                let (_, month, dom) = Self.civil(fromDays: day)
                let dow = Self.mod(day + 4, 7)  // 1970-01-01 was a Thursday.
                let domMatch = doms.contains(dom)
                let dowMatch = dows.contains(dow)
                let dayMatches: Bool =
                    if domRestricted && dowRestricted { domMatch || dowMatch } else { (!domRestricted || domMatch) && (!dowRestricted || dowMatch) }
                if months.contains(month) && dayMatches {
                    for hour in hours {
                        for minute in minutes {
                            let local = day * 86_400 + hour * 3600 + minute * 60
                            if local < skipBelow { continue }
                            let slot = instantForLocal(local)
                            if slot > t { return Date(timeIntervalSince1970: Double(slot)) }
                        }
                    }
                }
                day += 1
            }
            return nil
        }
    }

    /// Every slot in `(after, through]`, oldest first, at most `limit` of them.
    public func slots(after start: Date, through end: Date, limit: Int = 10_000) -> [Date] {
        var result: [Date] = []
        var cursor = start
        while result.count < limit, let next = nextSlot(after: cursor), next <= end {
            result.append(next)
            cursor = next
        }
        return result
    }

    /// The latest slot at or before `instant`, looking back at most `lookback` seconds.
    public func previousSlot(atOrBefore instant: Date, lookback: Double = 8 * 86_400) -> Date? {
        if let period = periodSeconds {
            let t = (instant.timeIntervalSince1970 / Double(period)).rounded(.down) * Double(period)
            return Date(timeIntervalSince1970: t)
        }
        return slots(after: instant.addingTimeInterval(-lookback), through: instant, limit: .max).last
    }

    /// The instant (seconds since the epoch) of a local wall-clock time given as seconds since
    /// 1970-01-01T00:00 local, under the rules of ``nextSlot(after:)``.
    func instantForLocal(_ local: Int) -> Int {
        // Offsets in force around that wall time; each candidate is valid when the zone agrees.
        let before = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - 86_400)))
        let after = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local + 86_400)))
        if before == after { return local - before }  // no change of offset within a day either side
        let candidates: Set<Int> = [before, after]
        let valid = candidates.map { local - $0 }.filter { timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double($0))) == local - $0 }
        if let first = valid.min() { return first }
        // In a gap: the change happened between (local - larger offset) and (local - smaller offset).
        var low = local - (candidates.max() ?? 0)  // still the old offset here
        var high = local - (candidates.min() ?? 0)  // already the new offset here
        let old = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(low)))
        while high - low > 1 {
            let mid = low + (high - low) / 2
            if timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(mid))) == old { low = mid } else { high = mid }
        }
        return high
    }

    // MARK: Civil calendar arithmetic (Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms")

    /// Year, month (1–12) and day (1–31) of the day `days` after 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
    static func mod(_ a: Int, _ b: Int) -> Int { ((a % b) + b) % b }
}

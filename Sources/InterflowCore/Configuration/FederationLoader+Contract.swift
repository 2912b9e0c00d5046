import Foundation

/// Reading an outsourcer's contract: seats, price, targets, share bounds and change windows.
extension FederationLoader {
    static let contractKeys = [
        "seats", "price", "sl_target", "max_abandon_rate", "aht_ceiling", "fcr_target", "shares", "change_window", "reporting_delay",
        "clauses",
    ]
    static let priceKeys = ["per_handled_contact", "per_productive_hour", "per_seat_hour"]
    static let acceptedSeats = "seats: {pattern: [{days, hours, seats}, …]} or seats: {intervals: [{days, start, length, seats: […]}, …]}"
    static let acceptedPrice =
        "exactly one of per_handled_contact, per_productive_hour, per_seat_hour with a price, such as {per_handled_contact: 4.10}"
    static let acceptedDays = "days such as mon-fri, sat, sun, mon,wed,fri or daily"
    static let acceptedHours = "local hours HH:MM-HH:MM within one day, such as 08:00-20:00"
    static let acceptedChangeWindow = "change_window: {every: 30m} or change_window: {daily: [\"06:00\", \"14:00\"]}"

    static func readContract(_ value: ConfigValue, mode: SiteMode?, skills: [String]?, draft: inout SiteDraft) -> Contract? {
        guard let map = value.mapping(keys: contractKeys, accepted: "a mapping with the keys " + contractKeys.joined(separator: ", ")) else {
            return nil
        }
        let seats = map.required("seats", accepted: acceptedSeats).flatMap(readSeats)
        let price = map.required("price", accepted: acceptedPrice).flatMap(readPrice)
        let serviceLevel = map.required("sl_target", accepted: Units.acceptedFraction)?.fraction(0.01...1)
        let abandon = map.required("max_abandon_rate", accepted: Units.acceptedFraction)?.fraction()
        let ahtCeiling = map.required("aht_ceiling", accepted: Units.acceptedDuration)?.duration(10...7200)
        let fcr = map.required("fcr_target", accepted: Units.acceptedFraction)?.fraction()
        let shares = map["shares"].map { readShares($0, skills: skills) } ?? [:]
        if let shares, let skills {
            draft.shares = Dictionary(uniqueKeysWithValues: skills.map { ($0, shares[$0] ?? ShareBounds(min: 0, max: 1)) })
        }
        var changeWindow: ChangeWindow?
        var changeWindowRead = true
        if mode == .networkDelivered {
            changeWindow = map.required("change_window", accepted: acceptedChangeWindow + " (network percentages change only then)")
                .flatMap(readChangeWindow)
            changeWindowRead = changeWindow != nil
        } else if let mode {
            map.forbid(
                "change_window", found: "a change window on a \(mode.rawValue) site",
                accepted: "no change_window: only network-delivered sites change at windows; \(mode.rawValue) shares change in real time")
        }
        let reportingDelay = map["reporting_delay"].map { $0.duration(0...(7 * 86_400)) } ?? 0
        let clauses = map["clauses"].map(readClauses) ?? []
        guard let seats, let price, let serviceLevel, let abandon, let ahtCeiling, let fcr, let shares, changeWindowRead,
            let reportingDelay, let clauses
        else { return nil }
        return Contract(
            seats: seats, price: price, serviceLevelTarget: serviceLevel, maxAbandonRate: abandon, ahtCeilingSeconds: ahtCeiling,
            fcrTarget: fcr, shares: shares, changeWindow: changeWindow, reportingDelaySeconds: reportingDelay, clauses: clauses)
    }

    // MARK: Seats

    static func readSeats(_ value: ConfigValue) -> SeatPlan? {
        guard let map = value.mapping(keys: ["pattern", "intervals"], accepted: acceptedSeats) else { return nil }
        switch (map["pattern"], map["intervals"]) {
        case (let pattern?, nil):
            return readSeatPattern(pattern)
        case (nil, let intervals?):
            return readSeatIntervals(intervals)
        default:
            value.report(found: map.entries.isEmpty ? "an empty mapping" : "both pattern and intervals", accepted: "exactly one of " + acceptedSeats)
            return nil
        }
    }

    private static func readSeatPattern(_ value: ConfigValue) -> SeatPlan? {
        guard let elements = value.list(accepted: "a list of blocks such as {days: mon-fri, hours: \"08:00-20:00\", seats: 40}") else {
            return nil
        }
        let keys = ["days", "hours", "seats"]
        let blocks = elements.map { element -> SeatPlan.Block? in
            guard let map = element.mapping(keys: keys, accepted: "a block such as {days: mon-fri, hours: \"08:00-20:00\", seats: 40}") else {
                return nil
            }
            let days = map.required("days", accepted: acceptedDays).flatMap(readDays)
            let hours = map.required("hours", accepted: acceptedHours).flatMap(readHours)
            let seats = map.required("seats", accepted: "a number of seats from 0 to 100000")?.integer(0...100_000)
            guard let days, let hours, let seats else { return nil }
            return SeatPlan.Block(days: days, startMinute: hours.start, endMinute: hours.end, seats: seats)
        }
        return allRead(blocks, in: value, emptyAccepted: "at least one block of seats").map(SeatPlan.init(blocks:))
    }

    private static func readSeatIntervals(_ value: ConfigValue) -> SeatPlan? {
        let example = "{days: mon-fri, start: \"08:00\", length: 30m, seats: [12, 18, 24]}"
        guard let elements = value.list(accepted: "a list of interval runs such as " + example) else { return nil }
        let keys = ["days", "start", "length", "seats"]
        let runs = elements.map { element -> [SeatPlan.Block]? in
            guard let map = element.mapping(keys: keys, accepted: "an interval run such as " + example) else { return nil }
            let days = map.required("days", accepted: acceptedDays).flatMap(readDays)
            let start = map.required("start", accepted: Units.acceptedClockTime)?.clockMinutes()
            var length: Int? = 30
            if let value = map["length"] {
                length = value.duration(300...7200).flatMap { seconds -> Int? in
                    guard seconds.truncatingRemainder(dividingBy: 60) == 0 else {
                        value.report(accepted: "a whole number of minutes from 5m to 2h, such as 15m or 30m")
                        return nil
                    }
                    return Int(seconds / 60)
                }
            }
            let counts = map.required("seats", accepted: "a list of seat counts, one per interval").flatMap { seats -> [Int]? in
                guard let items = seats.list(accepted: "a list of seat counts, one per interval, such as [12, 18, 24]") else { return nil }
                let counts = items.map { $0.integer(0...100_000) }
                return counts.contains(nil) ? nil : counts.compactMap { $0 }
            }
            guard let days, let start, let length, let counts else { return nil }
            let end = start + length * counts.count
            guard end <= 1440 else {
                map["seats"]?.report(
                    found: "\(counts.count) intervals of \(length)m from \(clock(start)) (ending at \(clock(end)))",
                    accepted: "intervals that end by 24:00; continue after midnight in another run starting at 00:00")
                return nil
            }
            return counts.enumerated().map { index, seats in
                SeatPlan.Block(days: days, startMinute: start + index * length, endMinute: start + (index + 1) * length, seats: seats)
            }
        }
        return allRead(runs, in: value, emptyAccepted: "at least one run of intervals").map { SeatPlan(blocks: $0.flatMap { $0 }) }
    }

    /// Every item when each was read and there is at least one, otherwise `nil` (an empty list is reported).
    static func allRead<T>(_ items: [T?], in value: ConfigValue, emptyAccepted: String) -> [T]? {
        if items.isEmpty {
            value.report(found: "an empty list", accepted: emptyAccepted)
            return nil
        }
        let read = items.compactMap { $0 }
        return read.count == items.count ? read : nil
    }

    static func clock(_ minutes: Int) -> String {
        let h = minutes / 60
        let m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    private static let dayNames: [String: Weekday] = [
        "mon": .monday, "monday": .monday, "tue": .tuesday, "tuesday": .tuesday, "wed": .wednesday, "wednesday": .wednesday,
        "thu": .thursday, "thursday": .thursday, "fri": .friday, "friday": .friday, "sat": .saturday, "saturday": .saturday,
        "sun": .sunday, "sunday": .sunday,
    ]

    /// Days of the week: `mon-fri`, `sat`, `mon,wed,fri`, `fri-mon` (wrapping), `daily`, or a list of those.
    static func readDays(_ value: ConfigValue) -> Set<Weekday>? {
        var parts: [String] = []
        if let text = value.scalarText {
            parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        } else {
            guard let items = value.list(accepted: acceptedDays) else { return nil }
            for item in items {
                guard let text = item.scalarText else {
                    item.report(accepted: acceptedDays)
                    return nil
                }
                parts.append(text.lowercased())
            }
        }
        var days: Set<Weekday> = []
        for part in parts {
            if ["daily", "all", "every-day", "mon-sun"].contains(part) {
                days.formUnion(Weekday.allCases)
                continue
            }
            let ends = part.split(separator: "-").map(String.init)
            guard (1...2).contains(ends.count), let first = dayNames[ends[0]], let last = dayNames[ends[ends.count - 1]] else {
                value.report(accepted: acceptedDays)
                return nil
            }
            var day = first.rawValue
            days.insert(first)
            while day != last.rawValue {
                day = day % 7 + 1
                days.insert(Weekday(rawValue: day)!)
            }
        }
        guard !days.isEmpty else {
            value.report(accepted: acceptedDays)
            return nil
        }
        return days
    }

    /// `HH:MM-HH:MM` within one day, start before end (`24:00` is the end of the day).
    static func readHours(_ value: ConfigValue) -> (start: Int, end: Int)? {
        let parts = value.scalarText?.split(separator: "-").map(String.init) ?? []
        guard parts.count == 2, let start = Units.clockMinutes(parts[0]), let end = Units.clockMinutes(parts[1]), start < end else {
            value.report(accepted: acceptedHours + "; split a block that crosses midnight in two")
            return nil
        }
        return (start, end)
    }

    // MARK: Price, shares, change window

    static func readPrice(_ value: ConfigValue) -> PriceModel? {
        guard let map = value.mapping(keys: priceKeys, accepted: acceptedPrice) else { return nil }
        guard map.entries.count == 1, let (key, amount) = map.entries.first else {
            value.report(found: map.entries.isEmpty ? "no price" : "\(map.entries.count) prices", accepted: acceptedPrice)
            return nil
        }
        guard let price = amount.number(0...100_000, accepted: "a price from 0 to 100000 in the federation's currency, such as 4.10") else {
            return nil
        }
        switch key {
        case "per_handled_contact": return .perHandledContact(price)
        case "per_productive_hour": return .perProductiveHour(price)
        default: return .perSeatHour(price)
        }
    }

    static func readShares(_ value: ConfigValue, skills: [String]?) -> [String: ShareBounds]? {
        guard let map = value.mapping(keys: nil, accepted: "a mapping of skill ids to {min, max}, such as {sales: {min: 10%, max: 35%}}")
        else { return nil }
        var shares: [String: ShareBounds] = [:]
        var failed = false
        for (skill, entry) in map.entries {
            if let skills, !skills.contains(skill) {
                entry.report(
                    found: "bounds for \"\(skill)\", a skill this site does not take",
                    accepted: "bounds for the site's skills: " + skills.joined(separator: ", "))
                failed = true
                continue
            }
            guard let bounds = entry.mapping(keys: ["min", "max"], accepted: "{min: 10%, max: 35%}") else {
                failed = true
                continue
            }
            let low = bounds["min"].map { $0.fraction() } ?? 0
            let high = bounds["max"].map { $0.fraction() } ?? 1
            guard let low, let high else {
                failed = true
                continue
            }
            if low > high {
                (bounds["min"] ?? entry).report(
                    found: "min \(ConfigValue.format(fraction: low)) above max \(ConfigValue.format(fraction: high))",
                    accepted: "a minimum share no larger than the maximum")
                failed = true
                continue
            }
            shares[skill] = ShareBounds(min: low, max: high)
        }
        return failed ? nil : shares
    }

    static func readChangeWindow(_ value: ConfigValue) -> ChangeWindow? {
        guard let map = value.mapping(keys: ["every", "daily"], accepted: acceptedChangeWindow) else { return nil }
        switch (map["every"], map["daily"]) {
        case (let every?, nil):
            guard let seconds = every.duration(60...86_400) else { return nil }
            let minutes = Int(seconds / 60)
            guard seconds.truncatingRemainder(dividingBy: 60) == 0, 1440 % minutes == 0 else {
                every.report(accepted: "a whole number of minutes that divides a day, such as 15m, 30m, 1h or 4h")
                return nil
            }
            return .every(minutes: minutes)
        case (nil, let daily?):
            guard let items = daily.list(accepted: "a list of local times such as [\"06:00\", \"14:00\"]") else { return nil }
            if items.isEmpty { daily.report(found: "an empty list", accepted: "at least one local time such as \"06:00\"") }
            let times = items.map { item -> Int? in
                guard let minutes = item.clockMinutes() else { return nil }
                guard minutes < 1440 else {
                    item.report(accepted: "a local time from 00:00 to 23:59")
                    return nil
                }
                return minutes
            }
            guard !times.isEmpty, !times.contains(nil) else { return nil }
            return .daily(minutes: Array(Set(times.compactMap { $0 })).sorted())
        default:
            value.report(found: map.entries.isEmpty ? "an empty mapping" : "both every and daily", accepted: "exactly one of " + acceptedChangeWindow)
            return nil
        }
    }
}

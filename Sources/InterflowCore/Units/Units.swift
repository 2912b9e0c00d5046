import Foundation

/// Parsers for the quantities operators write in configuration files and on the command line.
///
/// Each returns `nil` on text it does not accept; callers turn that into an error naming the
/// place and `Units.accepted…` text.
public enum Units {
    public static let acceptedDuration = "a duration such as 20s, 3m, 1.5h, 1h30m or a number of seconds"
    public static let acceptedRate = "a rate such as 100/h, 1.5/min or 0.5/s"
    public static let acceptedFraction = "a percentage such as 80% or a fraction from 0 to 1 such as 0.8"
    public static let acceptedClockTime = "a local time HH:MM from 00:00 to 24:00"

    /// Seconds in a duration: `20s`, `3m`, `4min`, `1.5h`, `1h30m`, `250ms`, or a bare number of seconds.
    public static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed.isEmpty { return nil }
        if let plain = Double(trimmed) { return plain.isFinite && plain >= 0 ? plain : nil }
        var total = 0.0
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            guard let scale = durationUnits[String(unit)] else { return nil }
            total += value * scale
        }
        return total.isFinite ? total : nil
    }

    /// Arrivals per second in a rate: `100/h`, `1.5/min`, `0.5/s`, `2400/day`.
    public static func perSecond(_ text: String) -> Double? {
        let parts = text.trimmingCharacters(in: .whitespaces).lowercased().split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Double(parts[0]), count.isFinite, count >= 0 else { return nil }
        let unit = String(parts[1])
        let scale: Double
        if let s = durationUnits[unit] {
            scale = s
        } else if unit == "day" || unit == "d" {
            scale = 86_400
        } else if let s = seconds(unit), s > 0 {
            scale = s  // e.g. 100/15m
        } else {
            return nil
        }
        return count / scale
    }

    /// A fraction from `80%`, `0.8` or `80` (a bare number above 1 is read as a percentage).
    public static func fraction(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let value: Double?
        if trimmed.hasSuffix("%") {
            value = Double(trimmed.dropLast().trimmingCharacters(in: .whitespaces)).map { $0 / 100 }
        } else if let v = Double(trimmed) {
            value = v > 1 ? v / 100 : v
        } else {
            value = nil
        }
        guard let v = value, v.isFinite, v >= 0, v <= 1 else { return nil }
        return v
    }

    /// Minutes after midnight in `HH:MM` (`24:00` allowed as an end of day).
    public static func clockMinutes(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
            (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440
        else { return nil }
        return h * 60 + m
    }

    private static let durationUnits: [String: Double] = [
        "ms": 0.001, "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
        "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
        "h": 3600, "hr": 3600, "hour": 3600, "hours": 3600,
        "d": 86_400, "day": 86_400, "days": 86_400,
    ]

    /// Seconds as messages write them, to a tenth: `2.5`, `3` (not `3.0`).
    public static func format(seconds value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

import Foundation

/// When a job runs: a five-field cron expression in a time zone, or a fixed period.
///
/// Syntax (minute precision, as in Vixie cron and POSIX `crontab(5)`):
/// `minute hour day-of-month month day-of-week`, each field `*`, a number, a range `a-b`, a
/// step `*/n` or `a-b/n`, or a comma-separated list of those. Months may be written `jan`–`dec`
/// and days of the week `sun`–`sat` (0 and 7 are both Sunday). When both day-of-month and
/// day-of-week are restricted, a day matches if either matches (the cron rule). The shorthands
/// `@yearly` (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`) and `@hourly` are
/// accepted, and `@every DURATION` (such as `@every 5s`, from 1 second to 1 day) runs at every
/// multiple of the period since the Unix epoch, for real-time work finer than a minute.
///
/// Daylight-saving rules (see ``CronSchedule/nextSlot(after:)``): a local time that does not
/// exist (spring forward) runs at the first instant after the gap, and a local time that happens
/// twice (fall back) runs once, at its first occurrence. Jobs that must run every N minutes
/// through the whole night of a change should use `time_zone: UTC` or `@every`.
///
/// The type is pure: it reads no clock; slots are computed from the instant passed in.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written.
    public let expression: String
    /// The time zone local times are read in (ignored by `@every`).
    public let timeZone: TimeZone
    let rule: Rule

    enum Rule: Sendable, Hashable {
        case fields(
            minutes: [Int], hours: [Int], daysOfMonth: Set<Int>, months: Set<Int>, daysOfWeek: Set<Int>, domRestricted: Bool,
            dowRestricted: Bool)
        case every(seconds: Int)
    }

    public var description: String { expression }

    /// The period of an `@every` schedule, or nil for a calendar schedule.
    public var periodSeconds: Int? {
        if case .every(let seconds) = rule { return seconds }
        return nil
    }

    /// Parses `expression` for times in `timeZone`.
    /// - Throws: ``CronSchedule/ParseError`` saying which field is wrong and what it accepts.
    public init(_ expression: String, timeZone: TimeZone = .gmt) throws {
        self.expression = expression
        self.timeZone = timeZone
        self.rule = try CronSchedule.parse(expression)
    }

    /// What is wrong with an expression, in the operator's words.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// What ``init(_:timeZone:)`` accepts, for configuration errors.
    public static let accepted =
        "a cron expression of 5 fields (minute hour day-of-month month day-of-week) such as \"*/15 * * * *\" or \"30 6 * * mon-fri\", "
        + "@hourly, @daily, @weekly, @monthly, @yearly, or @every DURATION such as \"@every 5s\""

    // MARK: Parsing

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    static func parse(_ text: String) throws -> Rule {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed.hasPrefix("@every") {
            let rest = trimmed.dropFirst("@every".count).trimmingCharacters(in: .whitespaces)
            guard let seconds = Units.seconds(rest), seconds >= 1, seconds <= 86_400, seconds == seconds.rounded() else {
                throw ParseError(message: "\"\(text)\": @every takes a whole number of seconds from 1s to 24h, such as @every 5s")
            }
            return .every(seconds: Int(seconds))
        }
        let shorthands = [
            "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0", "@daily": "0 0 * * *",
            "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
        ]
        let expanded: String
        if trimmed.hasPrefix("@") {
            guard let five = shorthands[trimmed] else {
                throw ParseError(message: "\"\(text)\" is not a known shorthand (@hourly, @daily, @weekly, @monthly, @yearly, @every)")
            }
            expanded = five
        } else {
            expanded = trimmed
        }
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(message: "\"\(text)\" has \(fields.count) field\(fields.count == 1 ? "" : "s"); a cron expression has 5")
        }
        let minutes = try field(fields[0], name: "minute", range: 0...59, names: [])
        let hours = try field(fields[1], name: "hour", range: 0...23, names: [])
        let doms = try field(fields[2], name: "day-of-month", range: 1...31, names: [])
        let months = try field(fields[3], name: "month", range: 1...12, names: monthNames, namesStart: 1)
        var dows = try field(fields[4], name: "day-of-week", range: 0...7, names: dayNames)
        if dows.contains(7) {
            dows.remove(7)
            dows.insert(0)
        }
        return .fields(
            minutes: minutes.sorted(), hours: hours.sorted(), daysOfMonth: doms, months: months, daysOfWeek: dows,
            domRestricted: !fields[2].hasPrefix("*"), dowRestricted: !fields[4].hasPrefix("*"))
    }

    /// One field: a comma-separated list of `*`, `n`, `a-b`, each optionally with `/step`.
    static func field(_ text: String, name: String, range: ClosedRange<Int>, names: [String], namesStart: Int = 0) throws -> Set<Int> {
        func fail(_ why: String) -> ParseError {
            let namesNote = names.isEmpty ? "" : " or names \(names.first!)-\(names.last!)"
            return ParseError(
                message: "\(name) field \"\(text)\": \(why); accepted: *, numbers \(range.lowerBound)-\(range.upperBound)\(namesNote), "
                    + "ranges a-b, steps */n or a-b/n, and lists of those separated by commas")
        }
        func value(_ token: Substring) throws -> Int {
            if let number = Int(token) {
                guard range.contains(number) else { throw fail("\(number) is out of range") }
                return number
            }
            if let index = names.firstIndex(of: String(token)) { return index + namesStart }
            throw fail("\"\(token)\" is not a number\(names.isEmpty ? "" : " or a name")")
        }
        var result: Set<Int> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { throw fail("an empty list item") }
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw fail("more than one /") }
            var step = 1
            if pieces.count == 2 {
                guard let s = Int(pieces[1]), s >= 1, s <= range.upperBound + 1 else { throw fail("\"\(pieces[1])\" is not a step") }
                step = s
            }
            let base = pieces[0]
            var low: Int
            var high: Int
            if base == "*" {
                low = range.lowerBound
                high = range.upperBound
            } else if let dash = base.firstIndex(of: "-") {
                low = try value(base[..<dash])
                high = try value(base[base.index(after: dash)...])
                guard low <= high else { throw fail("the range \(base) runs backwards") }
            } else {
                low = try value(base)
                high = pieces.count == 2 ? range.upperBound : low
            }
            result.formUnion(stride(from: low, through: high, by: step))
        }
        return result
    }
}

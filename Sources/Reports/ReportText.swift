import Foundation
import InterflowCore

/// How numbers read in the rendered reports: fixed decimals, thousands grouped, units spelled out.
enum ReportText {
    /// `value` with `decimals` decimals, thousands grouped with a comma when `grouped`.
    static func number(_ value: Double, decimals: Int, grouped: Bool = true) -> String {
        let text = String(format: "%.\(decimals)f", value)
        guard grouped else { return text }
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        var groups: [String] = []
        while integer.count > 3 {
            groups.insert(String(integer.suffix(3)), at: 0)
            integer.removeLast(3)
        }
        groups.insert(integer, at: 0)
        return (negative ? "-" : "") + groups.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
    }

    static func count(_ value: Int) -> String { number(Double(value), decimals: 0) }
    static func percent(_ fraction: Double) -> String { number(fraction * 100, decimals: 1) + " %" }
    static func money(_ value: Double) -> String { number(value, decimals: 2) }
    static func seconds(_ value: Double) -> String { number(value, decimals: 1) + " s" }
    static func hours(_ value: Double) -> String { number(value, decimals: 1) + " h" }

    /// A plain machine-readable number for CSV: up to 6 decimals, no grouping, no trailing zeros.
    static func plain(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// An instant as ISO 8601 in UTC (`2026-02-01T09:00:00Z`).
    static func instant(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// An instant as local wall-clock time `HH:MM` at `clock`'s site.
    static func localTime(_ date: Date, _ clock: SiteClock) -> String {
        let minute = clock.minuteOfDay(date)
        return String(format: "%02d:%02d", minute / 60, minute % 60)
    }
}

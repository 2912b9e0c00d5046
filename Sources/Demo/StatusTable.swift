import Coordinator
import Foundation
import InterflowCore
import Polling

/// The demo's compact live table: per site its mode and health, per skill waiting, EWT and
/// today's service level.
public enum StatusTable {
    /// Renders `view` as fixed-width text.
    public static func render(_ view: FederationView, skills: [String], simulatedTime: Date?, timeZone: String) -> String {
        var lines: [String] = []
        // Columns as wide as their longest site id or skill heading: nothing is cut.
        let siteWidth = max(view.sites.map { $0.id.count + 1 }.max() ?? 0, 10)
        func heading(_ skill: String) -> String { "\(skill): wait ewt  SL" }
        let skillWidth = max(skills.map { heading($0).count + 1 }.max() ?? 0, 22)
        var header = pad("site", siteWidth) + pad("mode", 19) + pad("health", 9) + pad("age", 6)
        for skill in skills { header += "│ " + pad(heading(skill), skillWidth) }
        if let simulatedTime {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: timeZone) ?? .gmt
            let parts = calendar.dateComponents([.hour, .minute], from: simulatedTime)
            lines.append(String(format: "%@ — simulated time %02d:%02d (%@)", view.federation, parts.hour ?? 0, parts.minute ?? 0, timeZone))
        }
        lines.append(header)
        lines.append(String(repeating: "─", count: header.count))
        for site in view.sites {
            var line = pad(site.id, siteWidth) + pad(site.mode.rawValue, 19) + pad(site.health.rawValue, 9)
            line += pad(site.lastGoodPollAgeSeconds.map { String(format: "%.0fs", $0) } ?? "-", 6)
            for skill in skills {
                guard let status = site.skills.first(where: { $0.skill == skill }) else {
                    // Network-delivered sites show no real-time status; other sites may not take the skill.
                    line += "│ " + pad(site.mode == .networkDelivered ? "intervals only" : "", skillWidth)
                    continue
                }
                let ewt = status.ewtSeconds.map { $0.isFinite ? String(format: "%.0fs", $0) : "∞" } ?? "-"
                let sl = status.serviceLevelToday.map { String(format: "%.0f%%", $0 * 100) } ?? "-"
                line += "│ " + pad("\(pad(String(status.waiting), 6))\(pad(ewt, 6))\(sl)", skillWidth)
            }
            lines.append(line)
            if site.health != .healthy { lines.append("    \(site.health.rawValue): \(site.healthReason)") }
        }
        return lines.joined(separator: "\n")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width - 1)) + " " : text + String(repeating: " ", count: width - text.count)
    }
}

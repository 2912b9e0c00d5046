import Coordinator
import Demo
import Foundation
import InterflowCore
import Testing

/// The demo's live table.
@Suite("demo status table")
struct StatusTableTests {
    static func view(siteID: String, skill: String) throws -> FederationView {
        let json = """
            {"federation": "Northwind", "generatedAt": "2026-12-01T10:00:00Z", "sites": [
              {"id": "\(siteID)", "name": "Manila", "kind": "outsourcer", "mode": "enterprise-routed", "health": "healthy",
               "healthReason": "", "healthSince": "2026-12-01T09:00:00Z", "lastGoodPollAgeSeconds": 2, "closedIntervals": 0,
               "skills": [{"skill": "\(skill)", "waiting": 3, "oldestWaitSeconds": 10, "agentsStaffed": 5, "agentsAvailable": 0,
                           "agentsBusy": 5, "ahtSeconds": 300, "ewtSeconds": 42, "serviceLevelToday": 0.81,
                           "today": {"offered": 10, "answered": 9, "answeredWithinThreshold": 8, "abandoned": 1}}]},
              {"id": "leeds", "name": "Leeds", "kind": "in-house", "mode": "in-house", "health": "healthy", "healthReason": "",
               "healthSince": "2026-12-01T09:00:00Z", "closedIntervals": 0, "skills": []}]}
            """
        return try AgentProtocol.makeDecoder().decode(FederationView.self, from: Data(json.utf8))
    }

    @Test("long site ids and skill names widen their columns instead of being cut, and the columns line up")
    func longNames() throws {
        let site = "manila-outsourcing-centre-east"
        let skill = "collections-escalations"
        let text = StatusTable.render(try Self.view(siteID: site, skill: skill), skills: [skill], simulatedTime: nil, timeZone: "UTC")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix(site + " ") }, "\(text)")
        #expect(text.contains("\(skill): wait ewt  SL"), "\(text)")
        // The mode column starts at the same place on the header and on every site's line.
        let header = try #require(lines.first { $0.hasPrefix("site") })
        let modeColumn = try #require(header.range(of: "mode")).lowerBound.utf16Offset(in: header)
        for line in lines where line.hasPrefix(site) || line.hasPrefix("leeds") {
            #expect(line.dropFirst(modeColumn).hasPrefix("enterprise-routed") || line.dropFirst(modeColumn).hasPrefix("in-house"), "\(text)")
        }
        // Short names keep the usual widths.
        let short = StatusTable.render(try Self.view(siteID: "manila", skill: "sales"), skills: ["sales"], simulatedTime: nil, timeZone: "UTC")
        #expect(short.split(separator: "\n").first?.hasPrefix("site      mode") == true, "\(short)")
    }
}

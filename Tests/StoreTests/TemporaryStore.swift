import Foundation
import InterflowCore
import Store

/// A fresh data directory under the system's temporary directory, removed by ``remove()``.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    var databasePath: String { (path as NSString).appendingPathComponent(SQLiteStore.fileName) }

    func remove() {
        _ = chmod(path, 0o755)
        try? FileManager.default.removeItem(atPath: path)
    }
}

enum Sample {
    static let start = Date(timeIntervalSince1970: 1_780_000_200)  // on a 15-minute boundary

    static func interval(_ skill: String = "sales", at index: Int, offered: Int = 10) -> IntervalRecord {
        IntervalRecord(
            skill: skill, start: start.addingTimeInterval(Double(index) * 900), lengthSeconds: 900, offered: offered, answered: offered - 1,
            answeredWithinThreshold: offered - 2, abandoned: 1, handled: offered - 1, handleSeconds: Double(offered) * 300,
            answerWaitSeconds: 40, resolvedFirstContact: nil, conversions: 2, revenue: 150.5, staffedSeconds: 9000, scheduledSeconds: nil,
            adherentSeconds: nil)
    }

    static func snapshot(site: String, at date: Date) -> StatusSnapshot {
        let skill = SkillStatus(
            skill: "sales", waiting: 3, oldestWaitSeconds: 12, agentsStaffed: 20, agentsAvailable: 2, agentsBusy: 18, ahtSeconds: 300,
            slThresholdSeconds: 20, today: DayCounters(offered: 100, answered: 95, answeredWithinThreshold: 80, abandoned: 5))
        return StatusSnapshot(siteId: site, takenAt: date, asOf: date, routingVersion: 4, skills: [skill, skill])
    }
}

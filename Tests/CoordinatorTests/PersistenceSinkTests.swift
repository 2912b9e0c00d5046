import Coordinator
import Foundation
import InterflowCore
import Logging
import Polling
import Store
import Testing

@Suite("persistence of polled data")
struct PersistenceSinkTests {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_200)

    static func interval(_ skill: String, _ index: Int) -> IntervalRecord {
        IntervalRecord(
            skill: skill, start: t0.addingTimeInterval(Double(index) * 900), lengthSeconds: 900, offered: 4, answered: 4, answeredWithinThreshold: 3,
            abandoned: 0, handled: 4, handleSeconds: 1200)
    }

    static func status(_ asOf: Date) -> SiteStatus {
        let skill = SkillStatus(
            skill: "sales", waiting: 1, oldestWaitSeconds: 3, agentsStaffed: 5, agentsAvailable: 1, agentsBusy: 4, ahtSeconds: 240,
            slThresholdSeconds: 20,
            today: DayCounters())
        return SiteStatus(siteId: "austin", mode: .inHouse, asOf: asOf, routingVersion: nil, skills: [skill], agents: nil)
    }

    @Test("intervals are stored; an answer that skips intervals after the stored ones records them missing with the cause")
    func holes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-sink-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        try await store.upsertIntervals(siteId: "austin", [Self.interval("sales", 0), Self.interval("service", 0)], receivedAt: Self.t0)
        let sink = PersistenceSink(store: store, snapshotSeconds: 60, logger: Logger(label: "test"))
        await sink.prime(ends: try await store.latestIntervalEnds(), skills: ["austin": ["sales", "service"]])
        // The agent (restarted, say) holds only intervals 3 and 4.
        let answer = IntervalsResponse(
            siteId: "austin", from: Self.t0.addingTimeInterval(900), to: Self.t0.addingTimeInterval(5 * 900),
            intervals: [3, 4].flatMap { [Self.interval("sales", $0), Self.interval("service", $0)] })
        await sink.receive(.intervals(siteId: "austin", answer), at: Self.t0.addingTimeInterval(6 * 900))
        let missing = try await store.missingIntervals(siteId: "austin", from: .distantPast, to: .distantFuture)
        #expect(missing.map(\.start) == [1, 1, 2, 2].map { Self.t0.addingTimeInterval(Double($0) * 900) })
        #expect(missing.allSatisfy { $0.cause.contains("no longer holds it") })
        #expect(try await store.intervals(siteId: "austin", skill: nil, from: .distantPast, to: .distantFuture).count == 6)
        // The same answer again changes nothing.
        await sink.receive(.intervals(siteId: "austin", answer), at: Self.t0.addingTimeInterval(6 * 900))
        #expect(try await store.missingIntervals(siteId: "austin", from: .distantPast, to: .distantFuture).count == 4)
    }

    @Test("status is sampled every snapshot_every, not every poll, and written on flush")
    func sampling() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-sink-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        let sink = PersistenceSink(store: store, snapshotSeconds: 10, logger: Logger(label: "test"))
        for second in stride(from: 0.0, to: 30, by: 2) {
            let now = Self.t0.addingTimeInterval(second)
            await sink.receive(.status(siteId: "austin", Self.status(now), seconds: 0.01), at: now)
        }
        #expect(try await store.snapshotRowCount() == 0)
        await sink.flush()
        #expect(try await store.snapshotRowCount() == 3)  // at 0, 10 and 20 s
    }
}

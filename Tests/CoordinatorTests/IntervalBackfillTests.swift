import Coordinator
import Foundation
import InterflowCore
import Logging
import Polling
import SiteAgent
import Store
import Testing

@Suite("interval backfill from a live agent")
struct IntervalBackfillTests {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test("after an outage the intervals since the latest stored one are fetched; those the agent no longer holds are recorded missing")
    func backfill() async throws {
        let config = Fixtures.site(id: "austin", mode: .inHouse)
        // An hour of simulated time per second: four intervals close every second.
        let agentSite = Fixtures.simulated(config, speed: 3600)
        try await withLiveServer(AgentServer.router(site: agentSite, token: "tok")) { port in
            var site = config
            site.agent.url = "http://127.0.0.1:\(port)"
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-backfill-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let store = try SQLiteStore(directory: directory)
            // The store last heard of this site two hours before the agent's history begins (its
            // simulated start): the agent cannot provide those eight intervals any more.
            let lastEnd = Fixtures.start.addingTimeInterval(-2 * 3600)
            let old = ["sales", "service"].map {
                IntervalRecord(
                    skill: $0, start: lastEnd.addingTimeInterval(-900), lengthSeconds: 900, offered: 1, answered: 1, answeredWithinThreshold: 1,
                    abandoned: 0, handled: 1, handleSeconds: 60)
            }
            try await store.upsertIntervals(siteId: "austin", old, receivedAt: lastEnd)
            try await Task.sleep(for: .milliseconds(1500))

            let sink = PersistenceSink(store: store, snapshotSeconds: 60, logger: Self.quiet)
            await sink.prime(ends: try await store.latestIntervalEnds(), skills: ["austin": site.skills])
            let client = CurlMultiClient()
            defer { client.shutdown() }
            let backfill = IntervalBackfill(poller: Poller(client: client, logger: Self.quiet), logger: Self.quiet)
            let target = PollTarget(site: site, token: "tok", settings: Fixtures.federationConfig.coordinator)
            let received = await backfill.run(target, from: lastEnd) { event in await sink.receive(event) }
            #expect((received ?? 0) >= 8)

            let stored = try await store.intervals(siteId: "austin", skill: "sales", from: Fixtures.start, to: .distantFuture)
            let starts = stored.map(\.record.start)
            #expect(starts.count >= 4)
            #expect(starts == (0..<starts.count).map { Fixtures.start.addingTimeInterval(Double($0) * 900) })
            let missing = try await store.missingIntervals(siteId: "austin", from: .distantPast, to: .distantFuture)
            #expect(missing.count == 16, "8 intervals × 2 skills between the stored history and the agent's")
            #expect(missing.allSatisfy { $0.start >= lastEnd && $0.start < Fixtures.start && $0.cause.contains("no longer holds it") })
        }
    }
}

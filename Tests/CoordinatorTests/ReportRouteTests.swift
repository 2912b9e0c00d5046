import Coordinator
import Foundation
import Hummingbird
import HummingbirdTesting
import InterflowCore
import Logging
import Polling
import Store
import Testing

@Suite("contract review API")
struct ReportRouteTests {
    @Test("GET /v1/reports/contracts/{outsourcer} renders the review from the coordinator's intervals; bad input says what is accepted")
    func report() async throws {
        let routed = Fixtures.site(id: "monterrey", mode: .enterpriseRouted)
        let austin = Fixtures.site(id: "austin", mode: .inHouse)
        let federation = Federation(config: Fixtures.federationConfig, sites: [routed, austin], directory: ".")
        let state = FederationState(federation: federation, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let start = Fixtures.start
        let records = (0..<8).map { i in
            IntervalRecord(
                skill: "sales", start: start.addingTimeInterval(Double(i) * 900), lengthSeconds: 900, offered: 40, answered: 38,
                answeredWithinThreshold: 33, abandoned: 2, handled: 38, handleSeconds: 11_400, answerWaitSeconds: 300,
                resolvedFirstContact: 30, conversions: 6, revenue: 600, staffedSeconds: 10_800)
        }
        for site in ["monterrey", "austin"] {
            await state.receive(
                .intervals(siteId: site, IntervalsResponse(siteId: site, from: start, to: start.addingTimeInterval(7200), intervals: records)))
        }
        let app = CoordinatorServer.application(
            state: state, port: 0, services: [], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/reports/contracts/monterrey?from=2026-11-18&to=2026-11-18&format=json", method: .get) {
                response async throws in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("monterrey"))
                #expect(text.contains("austin"), "the in-house competitor is ranked")
                #expect(text.contains("no share history covers the period: no share of sales was recorded for monterrey"))
            }
            try await client.execute(uri: "/v1/reports/contracts/monterrey?from=2026-11-18&to=2026-11-18&format=html", method: .get) {
                response async throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(String(buffer: response.body).contains("<svg"))
            }
            try await client.execute(uri: "/v1/reports/contracts/nobody?from=2026-11-18&to=2026-11-18", method: .get) { response async throws in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/reports/contracts/monterrey?from=18.11.2026&to=2026-11-18", method: .get) { response async throws in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("accepted a day such as"))
            }
            try await client.execute(uri: "/v1/reports/contracts/monterrey?from=2026-11-18&to=2026-11-18&format=pdf", method: .get) {
                response async throws in
                #expect(response.status == .badRequest)
            }
        }
    }

    /// `sites[0].skills[skill].<metric>.value` of a review's JSON.
    static func volumeMetric(_ body: String, skill: String, _ metric: String) throws -> Double? {
        let review = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let site = try #require((review["sites"] as? [[String: Any]])?.first)
        let volume = try #require((site["skills"] as? [[String: Any]])?.first { $0["skill"] as? String == skill })
        return (volume[metric] as? [String: Any])?["value"] as? Double
    }

    @Test("with a store, the allocated share is the share history weighted by volume; GET /v1/share-history lists the changes")
    func allocatedFromStore() async throws {
        let routed = Fixtures.site(id: "monterrey", mode: .enterpriseRouted)
        let austin = Fixtures.site(id: "austin", mode: .inHouse)
        let federation = Federation(config: Fixtures.federationConfig, sites: [routed, austin], directory: ".")
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let state = FederationState(federation: federation, logger: logger)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-route-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        let start = Fixtures.start
        // Eight quarter-hours: each site offers 20 in the first four, 60 in the last four.
        let records = (0..<8).map { i in
            let offered = i < 4 ? 20 : 60
            return IntervalRecord(
                skill: "sales", start: start.addingTimeInterval(Double(i) * 900), lengthSeconds: 900, offered: offered, answered: offered,
                answeredWithinThreshold: offered, abandoned: 0, handled: offered, handleSeconds: Double(offered) * 300)
        }
        for site in ["monterrey", "austin"] { try await store.upsertIntervals(siteId: site, records, receivedAt: start.addingTimeInterval(7200)) }
        // Monterrey: 25 % from the day before, 50 % from the fifth quarter-hour.
        let book = PlanBook(store: store)
        await book.setShares(["monterrey": 0.25, "austin": 0.75], skill: "sales", at: start.addingTimeInterval(-86_400))
        await book.setShares(["monterrey": 0.5, "austin": 0.5], skill: "sales", at: start.addingTimeInterval(4 * 900))
        let app = CoordinatorServer.application(
            router: CoordinatorServer.router(state: state, book: book), state: state, store: store, port: 0, services: [], logger: logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/reports/contracts/monterrey?from=2026-11-18&to=2026-11-18&format=json", method: .get) {
                response async throws in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                // (4 × 40 × 25 % + 4 × 120 × 50 %) / 640 = 280 / 640, not the 37.5 % an unweighted mean would give.
                let share = try #require(try Self.volumeMetric(body, skill: "sales", "allocatedShare"))
                #expect(abs(share - 280.0 / 640) < 1e-12)
                #expect(abs((try Self.volumeMetric(body, skill: "sales", "allocatedVolume") ?? 0) - 280) < 1e-9)
            }
            let from = start.formatted(.iso8601)
            let to = start.addingTimeInterval(7200).formatted(.iso8601)
            try await client.execute(uri: "/v1/share-history?from=\(from)&to=\(to)&sites=monterrey", method: .get) { response async throws in
                #expect(response.status == .ok)
                let view = try AgentProtocol.makeDecoder().decode(ShareHistoryView.self, from: Data(String(buffer: response.body).utf8))
                #expect(view.changes.map(\.share) == [0.25, 0.5], "the share in effect at from, then the change within")
                #expect(view.changes.allSatisfy { $0.siteId == "monterrey" && $0.source == .rebalance })
            }
            try await client.execute(uri: "/v1/share-history?from=yesterday&to=\(to)", method: .get) { response async throws in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("accepted an ISO 8601 time"))
            }
            try await client.execute(uri: "/v1/share-history?from=\(from)&to=\(to)&sites=nowhere", method: .get) { response async throws in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("without a store, the review and GET /v1/share-history use the share changes the plan book holds in memory")
    func allocatedFromMemory() async throws {
        let routed = Fixtures.site(id: "monterrey", mode: .enterpriseRouted)
        let austin = Fixtures.site(id: "austin", mode: .inHouse)
        let federation = Federation(config: Fixtures.federationConfig, sites: [routed, austin], directory: ".")
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let state = FederationState(federation: federation, logger: logger)
        let start = Fixtures.start
        let records = (0..<4).map { i in
            IntervalRecord(
                skill: "sales", start: start.addingTimeInterval(Double(i) * 900), lengthSeconds: 900, offered: 10, answered: 10,
                answeredWithinThreshold: 10, abandoned: 0, handled: 10, handleSeconds: 3000)
        }
        for site in ["monterrey", "austin"] {
            await state.receive(
                .intervals(siteId: site, IntervalsResponse(siteId: site, from: start, to: start.addingTimeInterval(3600), intervals: records)))
        }
        let book = PlanBook()
        await book.setShares(["monterrey": 0.2, "austin": 0.8], skill: "sales", at: start.addingTimeInterval(-60))
        await book.setShares(["monterrey": 0.4, "austin": 0.6], skill: "sales", at: start.addingTimeInterval(1800))
        let app = CoordinatorServer.application(state: state, book: book, port: 0, services: [], logger: logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/reports/contracts/monterrey?from=2026-11-18&to=2026-11-18&format=json", method: .get) {
                response async throws in
                #expect(response.status == .ok)
                let share = try Self.volumeMetric(String(buffer: response.body), skill: "sales", "allocatedShare")
                #expect(abs((share ?? 0) - 0.3) < 1e-12)
            }
            let from = start.formatted(.iso8601)
            try await client.execute(uri: "/v1/share-history?from=\(from)&to=\(start.addingTimeInterval(3600).formatted(.iso8601))", method: .get) {
                response async throws in
                let view = try AgentProtocol.makeDecoder().decode(ShareHistoryView.self, from: Data(String(buffer: response.body).utf8))
                #expect(view.changes.count == 4)
            }
        }
    }
}

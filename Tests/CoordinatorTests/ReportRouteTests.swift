import Coordinator
import Foundation
import Hummingbird
import HummingbirdTesting
import InterflowCore
import Logging
import Polling
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
            await state.receive(.intervals(siteId: site, IntervalsResponse(siteId: site, from: start, to: start.addingTimeInterval(7200), intervals: records)))
        }
        let app = CoordinatorServer.application(state: state, port: 0, services: [], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/reports/contracts/monterrey?from=2026-11-18&to=2026-11-18&format=json", method: .get) { response async throws in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("monterrey"))
                #expect(text.contains("austin"), "the in-house competitor is ranked")
            }
            try await client.execute(uri: "/v1/reports/contracts/monterrey?from=2026-11-18&to=2026-11-18&format=html", method: .get) { response async throws in
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
            try await client.execute(uri: "/v1/reports/contracts/monterrey?from=2026-11-18&to=2026-11-18&format=pdf", method: .get) { response async throws in
                #expect(response.status == .badRequest)
            }
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InterflowCore
import SiteAgent
import Testing

@Suite("site agent: protocol v1 over the simulated ACD")
struct AgentServerTests {
    static let token = "s3cret-token"
    static let auth: HTTPFields = [.authorization: "Bearer \(token)"]

    func app(_ mode: SiteMode) -> some ApplicationProtocol {
        let site = Fixtures.simulated(Fixtures.site(id: "site1", mode: mode), speed: 600)
        return Application(router: AgentServer.router(site: site, token: Self.token))
    }

    @Test("health is open; everything else needs the token", arguments: SiteMode.allCases)
    func auth(mode: SiteMode) async throws {
        try await app(mode).test(.router) { client in
            try await client.execute(uri: "/v1/health", method: .get) { response async throws in
                #expect(response.status == .ok)
                let health = try decode(AgentHealth.self, response.body)
                #expect(health.mode == mode)
                #expect(health.protocolVersion == "v1")
            }
            for path in ["/v1/status", "/v1/intervals"] {
                try await client.execute(uri: path, method: .get) { response async throws in
                    #expect(response.status == .unauthorized)
                    #expect(try decode(ProtocolError.self, response.body).error == "unauthorized")
                }
                try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer wrong"]) { response async throws in
                    #expect(response.status == .unauthorized)
                }
            }
        }
    }

    @Test("status shows agents for in-house and virtualized, queue level only for enterprise-routed, nothing for network-delivered")
    func statusByMode() async throws {
        for mode in SiteMode.allCases {
            try await app(mode).test(.router) { client in
                try await client.execute(uri: "/v1/status", method: .get, headers: Self.auth) { response async throws in
                    switch mode {
                    case .networkDelivered:
                        #expect(response.status == .notFound)
                        #expect(try decode(ProtocolError.self, response.body).error == "not-exposed-in-mode")
                    case .enterpriseRouted:
                        #expect(response.status == .ok)
                        let status = try decode(SiteStatus.self, response.body)
                        #expect(status.agents == nil)
                        #expect(status.skills.map(\.skill) == ["sales", "service"])
                    case .inHouse, .virtualized:
                        #expect(response.status == .ok)
                        let status = try decode(SiteStatus.self, response.body)
                        #expect(status.agents?.count == 12)
                    }
                }
            }
        }
    }

    @Test("routing: versioned and idempotent; forbidden where the mode forbids it")
    func routing() async throws {
        try await app(.enterpriseRouted).test(.router) { client in
            let plan = RoutingPlan(version: 1, shares: ["sales": 0.25])
            try await client.execute(uri: "/v1/routing", method: .put, headers: Self.auth, body: try encode(plan)) { response async throws in
                #expect(response.status == .ok)
                #expect(try decode(RoutingAck.self, response.body) == RoutingAck(siteId: "site1", appliedVersion: 1, changed: true))
            }
            try await client.execute(uri: "/v1/routing", method: .put, headers: Self.auth, body: try encode(plan)) { response async throws in
                #expect(try decode(RoutingAck.self, response.body).changed == false)
            }
            let other = RoutingPlan(version: 1, shares: ["sales": 0.3])
            try await client.execute(uri: "/v1/routing", method: .put, headers: Self.auth, body: try encode(other)) { response async throws in
                #expect(response.status == .conflict)
            }
            try await client.execute(
                uri: "/v1/routing", method: .put, headers: Self.auth, body: try encode(RoutingPlan(version: 2, shares: ["sales": 1.5]))
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try decode(ProtocolError.self, response.body).message.contains("shares.sales"))
            }
            try await client.execute(
                uri: "/v1/routing", method: .put, headers: Self.auth, body: try encode(RoutingPlan(version: 2, targets: ["sales": ["a1"]]))
            ) { response async throws in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/routing", method: .put, headers: Self.auth, body: .init(string: "{\"version\":\"two\"}")) {
                response async throws in
                #expect(response.status == .badRequest)
                #expect(try decode(ProtocolError.self, response.body).message.contains("version"))
            }
            try await client.execute(uri: "/v1/status", method: .get, headers: Self.auth) { response async throws in
                #expect(try decode(SiteStatus.self, response.body).routingVersion == 1)
            }
        }
        try await app(.networkDelivered).test(.router) { client in
            try await client.execute(uri: "/v1/routing", method: .put, headers: Self.auth, body: try encode(RoutingPlan(version: 1))) {
                response async throws in
                #expect(response.status == .forbidden)
                #expect(try decode(ProtocolError.self, response.body).message.contains("change windows"))
            }
        }
    }

    @Test("intervals: bad query times are refused with the accepted form")
    func badQuery() async throws {
        try await app(.inHouse).test(.router) { client in
            try await client.execute(uri: "/v1/intervals?from=yesterday", method: .get, headers: Self.auth) { response async throws in
                #expect(response.status == .badRequest)
                #expect(try decode(ProtocolError.self, response.body).message.contains("ISO 8601"))
            }
        }
    }
}

@Suite("what each mode shows")
struct SiteExposureTests {
    let start = Fixtures.start
    func record(adherence: Bool) -> IntervalRecord {
        IntervalRecord(
            skill: "sales", start: start, lengthSeconds: 900, offered: 10, answered: 9, answeredWithinThreshold: 8, abandoned: 1,
            handled: 9, handleSeconds: 2700, resolvedFirstContact: 7, conversions: 2, revenue: 200, staffedSeconds: 9000,
            scheduledSeconds: adherence ? 9000 : nil, adherentSeconds: adherence ? 8500 : nil)
    }

    @Test("network-delivered intervals appear only after the reporting delay, without adherence")
    func networkDelay() {
        let records = [record(adherence: true)]
        let early = SiteExposure.intervals(records, mode: .networkDelivered, reportingDelay: 3600, now: start.addingTimeInterval(900 + 3599))
        #expect(early.isEmpty)
        let late = SiteExposure.intervals(records, mode: .networkDelivered, reportingDelay: 3600, now: start.addingTimeInterval(900 + 3600))
        #expect(late.count == 1)
        #expect(late[0].adherentSeconds == nil && late[0].scheduledSeconds == nil)
        #expect(late[0].staffedSeconds == 9000)
    }

    @Test("virtualized intervals keep adherence")
    func virtualized() {
        let shown = SiteExposure.intervals([record(adherence: true)], mode: .virtualized, reportingDelay: 0, now: start.addingTimeInterval(900))
        #expect(shown.first?.adherentSeconds == 8500)
    }
}

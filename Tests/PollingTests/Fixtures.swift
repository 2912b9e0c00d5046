import Foundation
import Hummingbird
import HummingbirdTesting
import InterflowCore
import NIOCore

/// A site configuration for tests.
func testSite(id: String = "austin", mode: SiteMode = .inHouse, skills: [String] = ["sales", "service"], url: String = "http://127.0.0.1:1")
    -> SiteConfig
{
    SiteConfig(
        id: id, name: id.capitalized, kind: mode == .inHouse ? .inHouse : .outsourcer(name: "Acme"), mode: mode,
        timeZone: "America/Chicago", skills: skills, agent: AgentEndpoint(url: url, token: .environment("T"), pollIntervalSeconds: 0.2))
}

/// A consistent status document for `site`.
func validStatus(site: SiteConfig, asOf: Date = Date(timeIntervalSince1970: 1_790_000_000)) -> SiteStatus {
    SiteStatus(
        siteId: site.id, mode: site.mode, asOf: asOf, routingVersion: 3,
        skills: site.skills.map {
            SkillStatus(
                skill: $0, waiting: 2, oldestWaitSeconds: 14, agentsStaffed: 10, agentsAvailable: 1, agentsBusy: 9, ahtSeconds: 300,
                slThresholdSeconds: 20, today: DayCounters(offered: 100, answered: 90, answeredWithinThreshold: 80, abandoned: 8))
        },
        agents: site.mode.exposesAgentDetail ? [AgentStatus(id: "a1", skills: site.skills, state: .busy, since: asOf.addingTimeInterval(-30))] : nil)
}

func jsonResponse(_ data: Data, contentType: String = "application/json", status: HTTPResponse.Status = .ok) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = contentType
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

/// Runs `body` with a live HTTP server for `router` on a free loopback port.
func withLiveServer(_ router: Router<BasicRequestContext>, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    try await app.test(.live) { client in
        try await body(client.port!)
    }
}

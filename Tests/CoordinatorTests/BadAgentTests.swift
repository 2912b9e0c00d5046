import Coordinator
import Foundation
import Hummingbird
import InterflowCore
import Logging
import NIOCore
import Polling
import Testing

/// One live server plays six agents, told apart by path prefix: one good, five bad in a different way each.
@Suite("a slow, dead or lying agent never stops the coordinator")
struct BadAgentTests {
    static func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get(":site/v1/status") { _, context -> Response in
            let id = try context.parameters.require("site")
            let site = Fixtures.site(id: id, mode: .inHouse)
            var status = SiteStatus(
                siteId: id, mode: .inHouse, asOf: Date(), routingVersion: nil,
                skills: site.skills.map {
                    SkillStatus(
                        skill: $0, waiting: 1, oldestWaitSeconds: 5, agentsStaffed: 4, agentsAvailable: 0, agentsBusy: 4, ahtSeconds: 300,
                        slThresholdSeconds: 20, today: DayCounters(offered: 10, answered: 8, answeredWithinThreshold: 7, abandoned: 1))
                }, agents: [])
            switch id {
            case "malformed":
                return raw("{\"siteId\": \"malformed\", \"skills\": [")
            case "oversized":
                return raw(String(repeating: " ", count: 300_000) + "{}")
            case "wrongtype":
                return raw("<html>maintenance</html>", contentType: "text/html")
            case "inconsistent":
                status.skills[0].agentsAvailable = 9
                return raw(String(decoding: try AgentProtocol.makeEncoder().encode(status), as: UTF8.self))
            case "slow":
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init { writer in
                        for _ in 0..<100 {
                            try await writer.write(ByteBuffer(string: " "))
                            try await Task.sleep(for: .milliseconds(50))
                        }
                        try await writer.finish(nil)
                    })
            default:
                return raw(String(decoding: try AgentProtocol.makeEncoder().encode(status), as: UTF8.self))
            }
        }
        router.get(":site/v1/intervals") { _, context -> Response in
            let id = try context.parameters.require("site")
            let document = IntervalsResponse(siteId: id, from: Date(timeIntervalSince1970: 0), to: Date(), intervals: [])
            return raw(String(decoding: try AgentProtocol.makeEncoder().encode(document), as: UTF8.self))
        }
        return router
    }

    static func raw(_ text: String, contentType: String = "application/json") -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    @Test("each bad agent is rejected with its reason; the good one stays healthy and fresh")
    func badAgents() async throws {
        try await withLiveServer(Self.router()) { port in
            let ids = ["good", "malformed", "oversized", "wrongtype", "inconsistent", "slow"]
            let sites = ids.map { Fixtures.site(id: $0, mode: .inHouse, url: "http://127.0.0.1:\(port)/\($0)") }
            var config = Fixtures.federationConfig
            config.coordinator.maxResponseBytes = 64 * 1024
            let federation = Federation(config: config, sites: sites, directory: ".")
            let state = FederationState(federation: federation, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            let client = CurlMultiClient()
            defer { client.shutdown() }
            let poller = Poller(client: client, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            let targets = sites.map { PollTarget(site: $0, token: "t", settings: config.coordinator) }
            let counter = GoodCounter()
            let run = Task {
                await poller.run(targets: targets) { event in
                    if case .status(let id, _, _) = event, id == "good" { await counter.add() }
                    await state.receive(event)
                }
            }
            try await Task.sleep(for: .seconds(2.5))
            run.cancel()
            await run.value

            let view = await state.view()
            func site(_ id: String) -> SiteView { view.sites.first { $0.id == id }! }
            #expect(site("good").health == .healthy)
            #expect((site("good").lastGoodPollAgeSeconds ?? 99) < 0.6)
            #expect(await counter.count >= 8, "the good site was polled on its cadence despite the bad ones")
            for id in ids.dropFirst() { #expect(site(id).health != .healthy, "\(id) must not look healthy") }
            #expect(site("malformed").healthReason.contains("not a valid protocol v1 document"))
            #expect(site("oversized").healthReason.contains("larger than the 65536-byte limit"))
            #expect(site("wrongtype").healthReason.contains("content type text/html"))
            #expect(site("inconsistent").healthReason.contains("exceed agentsStaffed"))
            #expect(site("slow").healthReason.contains("no complete response within"))
        }
    }
}

actor GoodCounter {
    var count = 0
    func add() { count += 1 }
}

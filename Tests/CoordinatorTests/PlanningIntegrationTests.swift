import Coordinator
import Foundation
import Hummingbird
import HummingbirdTesting
import InterflowCore
import Logging
import Planning
import Polling
import SiteAgent
import Store
import Testing

@Suite("coordinator planning: rebalance, delivery, routing, decisions")
struct PlanningIntegrationTests {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func status(_ site: SiteConfig, asOf: Date, staffed: Int, busy: Int, waiting: Int, offered: Int, idleAgents: Int = 0) -> SiteStatus {
        SiteStatus(
            siteId: site.id, mode: site.mode, asOf: asOf, routingVersion: nil,
            skills: site.skills.map {
                SkillStatus(
                    skill: $0, waiting: waiting, oldestWaitSeconds: waiting > 0 ? 40 : 0, agentsStaffed: staffed,
                    agentsAvailable: staffed - busy, agentsBusy: busy, ahtSeconds: 300, slThresholdSeconds: 20,
                    today: DayCounters(offered: offered, answered: offered / 2, answeredWithinThreshold: offered / 3, abandoned: 0))
            },
            agents: site.mode.exposesAgentDetail
                ? (0..<idleAgents).map {
                    AgentStatus(id: "\(site.id)-\($0)", skills: site.skills, state: .available, since: asOf.addingTimeInterval(Double(-$0)))
                }
                : nil)
    }

    /// Two statuses a minute apart, so the coordinator sees arrival rates.
    static func feed(_ state: FederationState, _ site: SiteConfig, staffed: Int, busy: Int, waiting: Int, perMinute: Int, idle: Int = 0) async {
        let t0 = Fixtures.start
        await state.receive(
            .status(
                siteId: site.id, status(site, asOf: t0, staffed: staffed, busy: busy, waiting: waiting, offered: 100, idleAgents: idle), seconds: 0.01
            ))
        await state.receive(
            .status(
                siteId: site.id,
                status(
                    site, asOf: t0.addingTimeInterval(60), staffed: staffed, busy: busy, waiting: waiting, offered: 100 + perMinute, idleAgents: idle),
                seconds: 0.01))
    }

    @Test("an overloaded enterprise-routed site loses share; the agent gets the new plan; the decision is explained")
    func rebalance() async throws {
        let routedConfig = Fixtures.site(id: "monterrey", mode: .enterpriseRouted)
        let agentSite = Fixtures.simulated(routedConfig, speed: 1)
        try await withLiveServer(AgentServer.router(site: agentSite, token: "tok")) { port in
            var routed = routedConfig
            routed.agent.url = "http://127.0.0.1:\(port)"
            let austin = Fixtures.site(id: "austin", mode: .inHouse)
            let federation = Federation(config: Fixtures.federationConfig, sites: [routed, austin], directory: ".")
            let state = FederationState(federation: federation, logger: Self.quiet)
            await Self.feed(state, routed, staffed: 8, busy: 8, waiting: 15, perMinute: 3)
            await Self.feed(state, austin, staffed: 30, busy: 10, waiting: 0, perMinute: 1, idle: 20)
            let book = PlanBook()
            let client = CurlMultiClient()
            defer { client.shutdown() }
            let targets = [
                PollTarget(site: routed, token: "tok", settings: Fixtures.federationConfig.coordinator),
                PollTarget(site: austin, token: "x", settings: Fixtures.federationConfig.coordinator),
            ]
            let rebalancer = Rebalancer(state: state, book: book, client: client, targets: targets, logger: Self.quiet)
            let plans = await rebalancer.tick()
            let sales = try #require(plans.first { $0.skill == "sales" })
            let monterrey = try #require(sales.sites.first { $0.siteId == "monterrey" })
            #expect(sales.changed)
            #expect(monterrey.share < monterrey.previousShare)
            #expect(monterrey.share >= 0.1 - 1e-9, "contract minimum kept")
            let applied = try #require(await agentSite.appliedPlan())
            #expect(applied.version == 1)
            #expect(abs((applied.shares?["sales"] ?? -1) - monterrey.share) < 1e-9)
            let decisions = await book.decisions(after: 0)
            #expect(decisions.contains { $0.kind == .overflow && $0.explanation.summary.contains("from monterrey to austin") })
            #expect(decisions.contains { $0.kind == .delivery && $0.explanation.summary.hasPrefix("sent routing plan v1 to monterrey") })

            // The API: routing, decisions, the dry-run plan.
            let app = Application(router: CoordinatorServer.router(state: state, book: book))
            try await app.test(.router) { client in
                let request = RouteRequest(skill: "sales", segment: "standard", customerId: "c-1")
                try await client.execute(uri: "/v1/route", method: .post, body: try encode(request)) { response async throws in
                    #expect(response.status == .ok)
                    let decision = try decode(RouteDecision.self, response.body)
                    #expect(decision.target?.siteId == "austin")
                    #expect(decision.target?.agentId == "austin-19", "the longest-idle agent")
                    #expect(!decision.explanation.summary.isEmpty)
                }
                let unknown = RouteRequest(skill: "sales", segment: "gold", customerId: "c-2")
                try await client.execute(uri: "/v1/route", method: .post, body: try encode(unknown)) { response async throws in
                    #expect(response.status == .badRequest)
                    #expect(try decode(ProtocolError.self, response.body).message.contains("accepted standard"))
                }
                try await client.execute(uri: "/v1/decisions?since=1", method: .get) { response async throws in
                    let listed = try decode([Decision].self, response.body)
                    #expect(listed.allSatisfy { $0.id > 1 })
                    #expect(!listed.isEmpty)
                }
                try await client.execute(uri: "/v1/plan", method: .get) { response async throws in
                    let preview = try decode(PlanPreview.self, response.body)
                    #expect(preview.overflow.map(\.skill).sorted() == ["sales", "service"])
                }
            }
        }
    }

    @Test("network-delivered: a change order for the next window, applied when the window comes")
    func changeOrders() async throws {
        let manila = Fixtures.site(id: "manila", mode: .networkDelivered)
        let austin = Fixtures.site(id: "austin", mode: .inHouse)
        let federation = Federation(config: Fixtures.federationConfig, sites: [manila, austin], directory: ".")
        let state = FederationState(federation: federation, logger: Self.quiet)
        // Manila reports closed intervals only: busy, long waits (few seats for its volume); Austin has
        // 80 agents on two skills, about 40 for each.
        let t0 = Fixtures.start
        let records = (0..<4).map { i in
            IntervalRecord(
                skill: "sales", start: t0.addingTimeInterval(Double(i) * 900), lengthSeconds: 900, offered: 60, answered: 50,
                answeredWithinThreshold: 20, abandoned: 10, handled: 50, handleSeconds: 15_000, resolvedFirstContact: 35, conversions: 5, revenue: 500
            )
        }
        await state.receive(
            .intervals(siteId: "manila", IntervalsResponse(siteId: "manila", from: t0, to: t0.addingTimeInterval(3600), intervals: records)))
        await Self.feed(state, austin, staffed: 80, busy: 10, waiting: 0, perMinute: 2, idle: 70)
        let book = PlanBook()
        let client = CurlMultiClient()
        defer { client.shutdown() }
        let rebalancer = Rebalancer(state: state, book: book, client: client, targets: [], logger: Self.quiet)
        await rebalancer.tick()
        // 29 minutes before the window: too early to order (the order should rest on the latest state).
        #expect(await book.changeOrders().isEmpty)
        // 4 minutes before it, on the sites' clock: ordered.
        let siteNow = t0.addingTimeInterval(1560)
        await state.receive(
            .status(
                siteId: austin.id, Self.status(austin, asOf: siteNow, staffed: 80, busy: 10, waiting: 0, offered: 152, idleAgents: 70), seconds: 0.01)
        )
        await rebalancer.tick()
        let orders = await book.changeOrders().filter { $0.siteId == "manila" && $0.skill == "sales" }
        let order = try #require(orders.first)
        #expect(order.status == .scheduled)
        #expect(order.toShare < order.fromShare)
        // Every 30 minutes in the site's time zone: the window is the next half hour after the sites' clock.
        #expect(order.effectiveAt > siteNow && order.effectiveAt <= siteNow.addingTimeInterval(1800))
        #expect(Int(order.effectiveAt.timeIntervalSince1970) % 1800 == 0)
        #expect(await book.networkShare(siteId: "manila", skill: "sales") == order.fromShare, "unchanged before the window")
        let applied = await book.applyDueOrders(now: order.effectiveAt)
        #expect(applied.filter { $0.skill == "sales" }.map(\.id) == [order.id])
        #expect(await book.networkShare(siteId: "manila", skill: "sales") == order.toShare)
    }

    @Test("change windows: every N minutes and daily times, in the site's time zone")
    func windows() {
        let chicago = "America/Chicago"
        let t = Fixtures.start.addingTimeInterval(17 * 60)  // 08:17 Chicago
        #expect(ChangeWindow.every(minutes: 30).next(after: t, timeZone: chicago) == Fixtures.start.addingTimeInterval(30 * 60))
        #expect(ChangeWindow.daily(minutes: [6 * 60, 14 * 60]).next(after: t, timeZone: chicago) == Fixtures.start.addingTimeInterval(6 * 3600))
        #expect(ChangeWindow.daily(minutes: [6 * 60]).next(after: t, timeZone: chicago) == Fixtures.start.addingTimeInterval(22 * 3600))
    }
}

@Suite("plan book audit log")
struct PlanBookStoreTests {
    @Test("decisions and change orders are written to the SQLite store as well")
    func persisted() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("planbook-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        let book = PlanBook(store: store)
        await book.record(
            .overflow, skill: "sales", sites: ["a", "b"], explanation: Explanation(summary: "moved 10 % of sales from a to b", rule: "test"))
        let order = await book.schedule(siteId: "manila", skill: "sales", from: 0.3, to: 0.2, effectiveAt: Fixtures.start, reason: "busy")
        _ = await book.applyDueOrders(now: Fixtures.start)
        let decisions = try await store.decisions(since: .distantPast, limit: 10)
        #expect(decisions.map(\.summary) == ["moved 10 % of sales from a to b"])
        #expect(decisions.first?.kind == "overflow")
        let orders = try await store.changeOrders(siteId: "manila", since: .distantPast)
        #expect(orders.map(\.status) == [.pending, .applied])
        #expect(orders.allSatisfy { $0.payload.contains("\"id\":\(order.id)") })
    }
}

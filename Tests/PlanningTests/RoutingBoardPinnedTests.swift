import Foundation
import InterflowCore
import Planning
import Testing

/// The answers of one fixed routing scenario, pinned: every decision the board makes over a
/// sequence of contacts (targets, agents, waits, expected values to the last bit, priorities and
/// the full explanation) must stay exactly what it was, however the router is made faster.
@Suite("per-contact routing: pinned answers of a fixed scenario")
struct RoutingBoardPinnedTests {
    static let segments: [String: SegmentConfig] = [
        "vip": SegmentConfig(id: "vip", priority: 30, patienceSeconds: 120, alternative: .callback),
        "standard": SegmentConfig(id: "standard", priority: 20, patienceSeconds: 180, alternative: .callback),
        "late-payment": SegmentConfig(id: "late-payment", priority: 10, patienceSeconds: 240, alternative: .selfService),
        "walk-in": SegmentConfig(id: "walk-in", priority: 5, patienceSeconds: 60, alternative: .none),
    ]

    static func site(
        _ id: String, mode: SiteMode, excluded: String? = nil, agents: Int, handleTime: Double = 300, busy: Int, waiting: Int, value: Double,
        cost: Double = 0
    ) -> SiteCapacity {
        SiteCapacity(
            siteId: id, mode: mode, excludedBecause: excluded, agents: agents, handleTime: handleTime, patience: 180, currentShare: 0.2,
            bounds: ShareBounds(min: 0, max: 1), valuePerContact: value, marginalCost: cost, waiting: waiting, busy: busy)
    }

    /// Every kind of site: in-house and virtualized with idle agents, enterprise-routed, network-delivered,
    /// stale, unstaffed; small enough that the booked contacts fill every queue within the sequence.
    static func board() -> RoutingBoard {
        var board = RoutingBoard()
        board.setCandidates(
            [
                RouteCandidate(site: site("austin", mode: .inHouse, agents: 6, busy: 4, waiting: 0, value: 31.25), idleAgents: ["a-3", "a-7"]),
                RouteCandidate(site: site("leeds", mode: .inHouse, agents: 5, handleTime: 240, busy: 5, waiting: 2, value: 29.1)),
                RouteCandidate(
                    site: site("krakow", mode: .virtualized, agents: 4, handleTime: 360, busy: 3, waiting: 0, value: 33.4, cost: 4.5),
                    idleAgents: ["k-2"]),
                RouteCandidate(
                    site: site("monterrey", mode: .enterpriseRouted, agents: 7, busy: 6, waiting: 0, value: 24.8, cost: 3.1), idleAgents: ["m-1"]),
                RouteCandidate(site: site("manila", mode: .networkDelivered, agents: 40, busy: 10, waiting: 0, value: 40)),
                RouteCandidate(
                    site: site("lyon", mode: .inHouse, excluded: "stale: no good data for 3 polls", agents: 9, busy: 0, waiting: 0, value: 50)),
                RouteCandidate(site: site("oslo", mode: .inHouse, agents: 0, busy: 0, waiting: 0, value: 30)),
            ], skill: "sales")
        board.setCandidates([RouteCandidate(site: site("leeds", mode: .inHouse, agents: 3, busy: 3, waiting: 90, value: 12))], skill: "tech")
        return board
    }

    /// The contacts, in order: repeat customers (one with a customer id that needs escaping in
    /// JSON), then rounds of plain, top priority, repeat (with and without their agent), low
    /// priority and no-alternative contacts until every queue is long, then skills nobody can take.
    static let requests: [RouteRequest] = {
        var list: [RouteRequest] = [
            RouteRequest(
                skill: "sales", segment: "standard", customerId: "Zoë \"q\" \\ / tab\there é 😀", previousSite: "austin", previousAgent: "a-7"),
            RouteRequest(skill: "sales", segment: "vip", customerId: "r-m", previousSite: "monterrey", previousAgent: "m-1"),
            RouteRequest(skill: "sales", segment: "standard", customerId: "r-k", previousSite: "krakow", previousAgent: "k-9"),
        ]
        for round in 0..<12 {
            list.append(RouteRequest(skill: "sales", segment: "standard", customerId: "c-\(round)"))
            list.append(RouteRequest(skill: "sales", segment: "vip", customerId: "v-\(round)"))
            list.append(
                RouteRequest(
                    skill: "sales", segment: "standard", customerId: "r-\(round)", previousSite: round % 2 == 0 ? "austin" : "krakow",
                    previousAgent: round % 3 == 0 ? "a-7" : "k-2"))
            list.append(RouteRequest(skill: "sales", segment: "late-payment", customerId: "l-\(round)", previousSite: "leeds"))
            list.append(RouteRequest(skill: "sales", segment: "walk-in", customerId: "w-\(round)", entryPoint: "+1 512 555 0100"))
        }
        list.append(RouteRequest(skill: "tech", segment: "walk-in", customerId: "t-1"))
        list.append(RouteRequest(skill: "tech", segment: "standard", customerId: "t-2"))
        list.append(RouteRequest(skill: "tech", segment: "vip", customerId: "t-3", previousSite: "leeds"))
        list.append(RouteRequest(skill: "billing", segment: "standard", customerId: "b-1"))
        list.append(RouteRequest(skill: "billing", segment: "walk-in", customerId: "b-2"))
        return list
    }()

    static var fixture: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/pinned-routes.jsonl")
    }

    /// Each decision as one line of sorted-key JSON: every field, every bit of every number.
    static func lines(explain: Bool) throws -> [String] {
        var board = board()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try requests.map { request in
            let decision = board.route(
                request, segment: segments[request.segment]!, topPriority: 30, threshold: 20, abandonCost: 4, explain: explain)
            return String(decoding: try encoder.encode(decision), as: UTF8.self)
        }
    }

    @Test("every decision of the scenario is the one pinned in Fixtures/pinned-routes.jsonl")
    func pinned() throws {
        // After an intended change of behaviour, `INTERFLOW_REPIN_ROUTES=1 swift test --filter
        // RoutingBoardPinnedTests` rewrites the fixture; review its diff before committing it.
        if ProcessInfo.processInfo.environment["INTERFLOW_REPIN_ROUTES"] == "1" {
            try (Self.lines(explain: true).joined(separator: "\n") + "\n").write(to: Self.fixture, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: Self.fixture, encoding: .utf8).split(separator: "\n").map(String.init)
        let actual = try Self.lines(explain: true)
        #expect(actual.count == expected.count)
        for (index, (got, want)) in zip(actual, expected).enumerated() {
            #expect(got == want, "decision \(index) for \(Self.requests[index])")
        }
        // The scenario covers every rule the router has.
        let all = expected.joined(separator: "\n")
        for rule in [
            "maximum expected value net of predicted wait", "continuity:", "interactive routing:", "shortest predicted wait", "no eligible target",
        ] {
            #expect(all.contains(rule), "the scenario reaches \(rule)")
        }
    }

    @Test("deciding and booking first, then explaining from the candidates seen, gives the pinned answers")
    func decideThenExplain() throws {
        let expected = try String(contentsOf: Self.fixture, encoding: .utf8).split(separator: "\n").map(String.init)
        var board = Self.board()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for (index, request) in Self.requests.enumerated() {
            let segment = Self.segments[request.segment]!
            let (seen, booked) = board.decide(request, segment: segment, topPriority: 30, threshold: 20, abandonCost: 4)
            let explained = ContactRouter.route(request, candidates: seen, segment: segment, topPriority: 30, threshold: 20, abandonCost: 4)
            #expect(booked.explanation == Explanation(summary: "", rule: ""))
            #expect(String(decoding: try encoder.encode(explained), as: UTF8.self) == expected[index], "decision \(index)")
        }
    }

    @Test("without explanations the board makes the same decisions")
    func unexplained() throws {
        var explained = Self.board()
        var silent = Self.board()
        for request in Self.requests {
            let segment = Self.segments[request.segment]!
            var full = explained.route(request, segment: segment, topPriority: 30, threshold: 20, abandonCost: 4)
            let bare = silent.route(request, segment: segment, topPriority: 30, threshold: 20, abandonCost: 4, explain: false)
            #expect(bare.explanation == Explanation(summary: "", rule: ""))
            full.explanation = bare.explanation
            #expect(full == bare)
        }
    }
}

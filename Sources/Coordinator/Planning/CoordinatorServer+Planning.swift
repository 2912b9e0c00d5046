import Foundation
import Hummingbird
import InterflowCore
import Planning
import ServerSupport

extension RouteDecision: ResponseEncodable {}
extension Decision: ResponseEncodable {}
extension ChangeOrder: ResponseEncodable {}

/// `GET /v1/plan`: the plans the coordinator would make now (a dry run), per skill.
public struct PlanPreview: Codable, Sendable, ResponseEncodable {
    public var generatedAt: Date
    public var overflow: [OverflowPlan]
    public var allocations: [ValueAllocation]
    public var infeasible: [Infeasibility]
}

extension CoordinatorServer {
    /// Planning routes: per-contact routing, the decision log, change orders and the dry-run plan.
    static func addPlanningRoutes(to router: Router<BasicRequestContext>, state: FederationState, book: PlanBook) {
        let config = state.federation.config
        let topPriority = config.segments.map(\.priority).max() ?? 0
        router.post("/v1/route") { request, _ -> RouteDecision in
            let route = try await JSONBody.decode(RouteRequest.self, from: request, limit: 16 * 1024)
            guard let skill = config.skill(route.skill) else {
                throw ProtocolErrorResponse(
                    .badRequest, error: "unknown-skill",
                    message: "skill: found \"\(route.skill)\", accepted \(config.skills.map(\.id).joined(separator: ", "))")
            }
            guard let segment = config.segments.first(where: { $0.id == route.segment }) else {
                throw ProtocolErrorResponse(
                    .badRequest, error: "unknown-segment",
                    message: "segment: found \"\(route.segment)\", accepted \(config.segments.map(\.id).joined(separator: ", "))")
            }
            return await book.route(
                route, segment: segment, topPriority: topPriority, threshold: skill.thresholdSeconds, abandonCost: config.value.abandonCost)
        }
        router.get("/v1/decisions") { request, _ -> Response in
            let since = request.uri.queryParameters["since"].map(String.init)
            let limit = request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 500
            let decisions: [Decision]
            if let since, let id = Int(since) {
                decisions = await book.decisions(after: id, limit: limit)
            } else if let since {
                guard let date = try? Date(since, strategy: .iso8601) else {
                    throw ProtocolErrorResponse(
                        .badRequest, error: "invalid-query",
                        message: "since: found \"\(since)\", accepted a decision id or an ISO 8601 time such as 2026-11-24T08:00:00Z")
                }
                decisions = await book.decisions(since: date, limit: limit)
            } else {
                decisions = await book.decisions(after: 0, limit: limit)
            }
            return try JSONBody.response(decisions)
        }
        router.get("/v1/change-orders") { _, _ -> Response in
            try JSONBody.response(await book.changeOrders())
        }
        router.get("/v1/plan") { _, _ -> PlanPreview in
            await preview(state: state, book: book)
        }
    }

    /// The dry-run plan: overflow and value allocation for every skill from the current state.
    public static func preview(state: FederationState, book: PlanBook, now: Date = Date()) async -> PlanPreview {
        let federation = state.federation
        let snapshots = await state.planningSnapshots()
        var overflow: [OverflowPlan] = []
        var allocations: [ValueAllocation] = []
        var infeasible: [Infeasibility] = []
        for skill in federation.config.skills {
            let (demand, sites) = PlanningInputs.build(
                skill: skill, federation: federation.config, sites: federation.sites, snapshots: snapshots,
                shares: await book.shares(of: skill.id), now: snapshots.values.compactMap { $0.status?.asOf }.max() ?? now)
            guard demand.arrivalRate > 0, !sites.isEmpty else { continue }
            overflow.append(OverflowPlanner.plan(demand: demand, sites: sites))
            switch ValueAllocator.allocate(demand: demand, sites: sites) {
            case .plan(let allocation): allocations.append(allocation)
            case .infeasible(let problem): infeasible.append(problem)
            }
        }
        return PlanPreview(generatedAt: now, overflow: overflow, allocations: allocations, infeasible: infeasible)
    }
}

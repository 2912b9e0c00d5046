import Foundation
import Hummingbird
import InterflowCore
import Planning
import ServerSupport

extension Decision: ResponseEncodable {}
extension ChangeOrder: ResponseEncodable {}

extension PlanPreview: ResponseEncodable {}
extension PlanningState: ResponseEncodable {}

extension CoordinatorServer {
    /// Planning routes: per-contact routing, the decision log, change orders and the dry-run plan.
    static func addPlanningRoutes(to router: Router<BasicRequestContext>, state: FederationState, book: PlanBook) {
        let config = state.federation.config
        let endpoint = RouteEndpoint(config: config, book: book)
        RouteEndpoint.register(endpoint, for: router)
        router.post("/v1/route") { request, _ -> RouteDecision in
            let body = try await JSONBody.collect(request, limit: RouteFastPath.bodyLimit)
            let route = try RouteJSON.request(from: body) ?? JSONBody.decode(RouteRequest.self, from: body)
            guard let skill = endpoint.skill(route.skill) else {
                throw ProtocolErrorResponse(
                    .badRequest, error: "unknown-skill",
                    message: "skill: found \"\(route.skill)\", accepted \(config.skills.map(\.id).joined(separator: ", "))")
            }
            guard let segment = endpoint.segment(route.segment) else {
                throw ProtocolErrorResponse(
                    .badRequest, error: "unknown-segment",
                    message: "segment: found \"\(route.segment)\", accepted \(config.segments.map(\.id).joined(separator: ", "))")
            }
            return endpoint.route(route, skill: skill, segment: segment)
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
        router.get("/v1/state") { _, _ -> PlanningState in
            await planningState(state: state, book: book)
        }
    }

    /// What the planner sees now: every site's observation and the current shares (`GET /v1/state`,
    /// the input of `interflow plan --state FILE`).
    public static func planningState(state: FederationState, book: PlanBook, now: Date = Date()) async -> PlanningState {
        let observations = await state.observations()
        var shares: [String: [String: Double]] = [:]
        for skill in state.federation.config.skills { shares[skill.id] = await book.shares(of: skill.id) }
        return PlanningState(
            federation: state.federation.config.name, generatedAt: now, observations: observations, shares: shares)
    }

    /// The dry-run plan: overflow and value allocation for every skill from the current state.
    public static func preview(state: FederationState, book: PlanBook, now: Date = Date()) async -> PlanPreview {
        PlanPreview.make(federation: state.federation, state: await planningState(state: state, book: book, now: now))
    }
}

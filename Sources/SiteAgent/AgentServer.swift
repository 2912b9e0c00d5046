import Foundation
import HTTPTypes
import Hummingbird
import InterflowCore
import Logging
import ServerSupport

/// The HTTP face of a site agent: protocol v1 over a ``SimulatedSite``.
///
/// `GET /v1/health` is open; every other call needs the site's bearer token.
public enum AgentServer {
    /// The router with every protocol v1 route.
    public static func router(site: SimulatedSite, token: String) -> Router<BasicRequestContext> {
        let router = Router()
        router.middlewares.add(BearerAuthMiddleware(token: token, openPaths: [AgentProtocol.healthPath]))
        let config = site.site

        router.get(RouterPath(AgentProtocol.healthPath)) { _, _ in
            AgentHealth(siteId: config.id, mode: config.mode)
        }
        router.get(RouterPath(AgentProtocol.statusPath)) { _, _ -> SiteStatus in
            guard let status = await site.status() else {
                throw ProtocolErrorResponse(
                    .notFound, error: "not-exposed-in-mode",
                    message: "a \(config.mode.rawValue) site shows no real-time status; it serves closed intervals only (GET /v1/intervals)")
            }
            return status
        }
        router.get(RouterPath(AgentProtocol.intervalsPath)) { request, _ -> IntervalsResponse in
            let from = try parseTime(request.uri.queryParameters["from"].map(String.init), name: "from")
            let to = try parseTime(request.uri.queryParameters["to"].map(String.init), name: "to")
            if let from {
                let siteNow = await site.now()
                let end = to ?? siteNow
                guard from <= end else {
                    throw ProtocolErrorResponse(.badRequest, error: "invalid-range", message: "from must not be after to (or the agent's now)")
                }
                guard end.timeIntervalSince(from) <= 8 * 86_400 else {
                    throw ProtocolErrorResponse(
                        .badRequest, error: "invalid-range", message: "at most 8 days per request; page through longer ranges")
                }
            }
            return await site.intervals(from: from, to: to)
        }
        router.get(RouterPath(AgentProtocol.routingPath)) { _, _ -> Response in
            guard let plan = await site.appliedPlan() else {
                throw ProtocolErrorResponse(.notFound, error: "no-plan", message: "no routing plan has been applied yet")
            }
            return try JSONBody.response(plan)
        }
        router.put(RouterPath(AgentProtocol.routingPath)) { request, _ -> RoutingAck in
            let plan = try await JSONBody.decode(RoutingPlan.self, from: request, limit: 256 * 1024)
            switch await site.apply(plan) {
            case .applied(let changed):
                return RoutingAck(siteId: config.id, appliedVersion: plan.version, changed: changed)
            case .conflict(let message):
                throw ProtocolErrorResponse(.conflict, error: "version-conflict", message: message)
            case .invalid(let message):
                throw ProtocolErrorResponse(.unprocessableContent, error: "invalid-plan", message: message)
            case .forbidden(let message):
                throw ProtocolErrorResponse(.forbidden, error: "forbidden-by-mode", message: message)
            }
        }
        return router
    }

    /// An application serving the site on `host:port` (port 0 picks a free one; `onRunning`
    /// receives the bound port).
    public static func application(
        site: SimulatedSite, token: String, host: String = "127.0.0.1", port: Int, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(site: site, token: token),
            configuration: .init(address: .hostname(host, port: port), serverName: "interflow-agent"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    static func parseTime(_ text: String?, name: String) throws -> Date? {
        guard let text else { return nil }
        guard let date = try? Date(text, strategy: .iso8601) else {
            throw ProtocolErrorResponse(
                .badRequest, error: "invalid-query",
                message: "\(name): found \"\(text)\", accepted an ISO 8601 time such as 2026-11-24T08:00:00Z")
        }
        return date
    }
}

import Foundation
import Hummingbird
import HummingbirdCore
import InterflowCore
import Logging
import ServerSupport
import ServiceLifecycle

extension FederationView: ResponseEncodable {}

/// The coordinator's HTTP API.
public enum CoordinatorServer {
    /// - Parameters:
    ///   - state: the federation state the poller feeds.
    ///   - book: current shares, routing candidates, change orders and the decision log (shared with the ``Rebalancer``).
    public static func router(state: FederationState, book: PlanBook = PlanBook()) -> Router<BasicRequestContext> {
        let router = Router()
        addPlanningRoutes(to: router, state: state, book: book)
        router.get("/healthz") { _, _ in
            try JSONBody.response(["status": "ok"])
        }
        router.get("/v1/federation") { _, _ in
            await state.view()
        }
        router.get("/v1/sites/:id/intervals") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard state.federation.site(id) != nil else {
                throw ProtocolErrorResponse(.notFound, error: "unknown-site", message: "no site \"\(id)\" in the federation")
            }
            return try JSONBody.response(await state.intervals(of: id))
        }
        return router
    }

    /// The `Server` header of every answer.
    static let serverName = "interflow-coordinator"

    /// HTTP/1.1, with `POST /v1/route` answered from the connection's bytes (``RawRouteFastPath``)
    /// and, on a connection that has sent something else, on the event loop (``RouteFastPath``),
    /// when `router` was built by ``router(state:book:)``.
    static func httpServer(for router: Router<BasicRequestContext>) -> HTTPServerBuilder {
        guard let endpoint = RouteEndpoint.registered(for: router) else { return .http1() }
        let configuration = HTTP1Channel.Configuration(additionalChannelHandlers: [RouteFastPath(endpoint: endpoint, serverName: serverName)])
        return HTTPServerBuilder { responder in
            RouteFirstHTTP1Channel(
                http1: HTTP1Channel(responder: responder, configuration: configuration), endpoint: endpoint, serverName: serverName)
        }
    }

    /// The coordinator application on `host:port`, running `services` beside the HTTP server.
    public static func application(
        state: FederationState, book: PlanBook = PlanBook(), host: String = "127.0.0.1", port: Int, services: [any Service], logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = router(state: state, book: book)
        addReportRoutes(to: router, state: state, book: book, store: nil)
        addShareHistoryRoute(to: router, state: state) { from, to, sites in await book.shareHistory(from: from, to: to, siteIds: sites) }
        return Application(
            router: router,
            server: httpServer(for: router),
            configuration: .init(address: .hostname(host, port: port), serverName: serverName),
            services: services,
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: Logger(label: logger.label) { _ in DeferredMetadataLogHandler(wrapping: logger.handler) }
        )
    }
}

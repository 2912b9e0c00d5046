import Foundation
import Hummingbird
import InterflowCore
import Logging
import ServerSupport
import ServiceLifecycle

extension FederationView: ResponseEncodable {}

/// The coordinator's HTTP API.
public enum CoordinatorServer {
    public static func router(state: FederationState) -> Router<BasicRequestContext> {
        let router = Router()
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

    /// The coordinator application on `host:port`, running `services` beside the HTTP server.
    public static func application(
        state: FederationState, host: String = "127.0.0.1", port: Int, services: [any Service], logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(state: state),
            configuration: .init(address: .hostname(host, port: port), serverName: "interflow-coordinator"),
            services: services,
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }
}

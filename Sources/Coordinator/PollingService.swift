import Foundation
import InterflowCore
import Logging
import Polling
import ServiceLifecycle

/// Polls every site and feeds the federation state, and ages site health, until graceful shutdown.
public struct PollingService: Service {
    let state: FederationState
    let targets: [PollTarget]
    let client: CurlMultiClient
    let logger: Logger

    public init(state: FederationState, targets: [PollTarget], client: CurlMultiClient, logger: Logger) {
        self.state = state
        self.targets = targets
        self.client = client
        self.logger = logger
    }

    /// Builds poll targets for every site, resolving tokens from `environment`.
    /// - Throws: ``TokenResolutionError`` naming the site's token reference when one cannot be read.
    public static func targets(for federation: Federation, environment: [String: String]) throws -> [PollTarget] {
        try federation.sites.map { site in
            let token = try site.agent.token.resolve(environment: environment, baseDirectory: federation.directory)
            return PollTarget(site: site, token: token, settings: federation.config.coordinator)
        }
    }

    public func run() async throws {
        let poller = Poller(client: client, logger: logger)
        logger.info("polling sites", metadata: ["sites.count": "\(targets.count)"])
        let state = state
        let targets = targets
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    await poller.run(targets: targets) { event in await state.receive(event) }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(250))
                        await state.tick()
                    }
                }
            }
        }
        logger.info("polling stopped")
    }
}

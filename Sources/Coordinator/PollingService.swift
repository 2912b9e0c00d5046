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
    /// Where polled data is stored; nil keeps it in memory only.
    let persistence: PersistenceSink?
    let backfillSeconds: Double

    /// - Parameters:
    ///   - persistence: stores intervals and sampled snapshots, and backfills missing intervals on start.
    ///   - backfillSeconds: how far back to fetch intervals on start when the store has none for a site.
    public init(
        state: FederationState, targets: [PollTarget], client: CurlMultiClient, logger: Logger, persistence: PersistenceSink? = nil,
        backfillSeconds: Double = 2 * 86_400
    ) {
        self.state = state
        self.targets = targets
        self.client = client
        self.logger = logger
        self.persistence = persistence
        self.backfillSeconds = backfillSeconds
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
        let persistence = persistence
        let sink: @Sendable (PollEvent) async -> Void = { event in
            await state.receive(event)
            await persistence?.receive(event)
        }
        let starts = await backfillStarts()
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    await poller.run(targets: targets, sink: sink)
                }
                if let persistence {
                    let backfill = IntervalBackfill(poller: poller, logger: logger)
                    for target in targets {
                        guard let from = starts[target.site.id] else { continue }
                        group.addTask { await backfill.run(target, from: from, deliver: sink) }
                    }
                    group.addTask {
                        while !Task.isCancelled {
                            try? await Task.sleep(for: .seconds(1))
                            await persistence.flush()
                        }
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(250))
                        await state.tick()
                    }
                }
            }
        }
        await persistence?.flush()
        logger.info("polling stopped")
    }
}

import ArgumentParser
import Coordinator
import Foundation
import Hummingbird
import InterflowCore
import Logging
import Polling
import ServiceLifecycle

/// `interflow serve`: run the coordinator.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the coordinator: poll every site's agent and serve the federation API.",
        discussion: """
            Reads the federation from --config (default: sites), resolves every site's agent token from the \
            environment or its file, polls the agents and serves GET /v1/federation and GET /healthz. \
            Stops cleanly on SIGTERM or Ctrl-C.
            """
    )

    @Option(name: .long, help: "Directory holding federation.yaml and the site files.")
    var config: String = "sites"

    @Option(name: .long, help: "Port to listen on (default: coordinator.port in federation.yaml).")
    var port: Int?

    @Option(name: .long, help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.makeLogger(label: "interflow.coordinator")
        let federation = try loadFederationOrExit(config)
        let targets: [PollTarget]
        do {
            targets = try PollingService.targets(for: federation, environment: ProcessInfo.processInfo.environment)
        } catch {
            printError("interflow serve: \(error)")
            throw ExitCode(1)
        }
        let client = CurlMultiClient(maxConcurrent: 256, maxConnections: max(64, targets.count * 2))
        defer { client.shutdown() }
        let state = FederationState(federation: federation, logger: logger)
        let polling = PollingService(state: state, targets: targets, client: client, logger: logger)
        let listenPort = port ?? federation.config.coordinator.port
        let app = CoordinatorServer.application(
            state: state, host: host, port: listenPort, services: [polling], logger: logger,
            onRunning: { bound in logger.notice("coordinator listening", metadata: ["http.url": "http://\(host):\(bound)"]) })
        try await app.runService()
    }
}

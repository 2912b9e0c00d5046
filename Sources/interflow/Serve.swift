import ArgumentParser
import Coordinator
import Foundation
import Hummingbird
import InterflowCore
import Logging
import Polling
import ServiceLifecycle
import Store

/// `interflow serve`: run the coordinator.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the coordinator: poll every site's agent and serve the federation API.",
        discussion: """
            Reads the federation from --config (default: sites), resolves every site's agent token from the \
            environment or its file, opens the store in coordinator.data_dir (restoring the closed intervals, the \
            current shares, the routing plan versions sent and the change orders still scheduled, and fetching \
            the closed intervals missing since), polls the agents, runs the scheduled jobs and serves \
            GET /v1/federation, GET /v1/jobs and GET /healthz. Stops cleanly on SIGTERM or Ctrl-C.
            """
    )

    @Option(name: .long, help: "Directory holding federation.yaml and the site files.")
    var config: String = "sites"

    @Option(name: .long, help: "Port to listen on (default: coordinator.port in federation.yaml).")
    var port: Int?

    @Option(name: .long, help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Event-loop threads serving HTTP connections (default: one per core).",
            discussion: "Fewer than the cores leaves the rest to polling, planning and, on a benchmark machine, the load generator."))
    var httpThreads: Int?

    @OptionGroup var logging: LoggingOptions

    @OptionGroup var storage: StoreOptions

    func validate() throws {
        if let httpThreads, !(1...256).contains(httpThreads) {
            throw ValidationError("--http-threads: found \(httpThreads), accepted from 1 to 256 threads")
        }
    }

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
        let store = try storage.openOrExit(for: federation, command: "serve")
        let settings = federation.config.coordinator
        let state = FederationState(federation: federation, logger: logger)
        let restored = try await state.restore(from: store)
        logger.notice("store opened", metadata: ["store.path": "\(store.path)", "intervals.restored": "\(restored)"])
        let persistence = PersistenceSink(store: store, snapshotSeconds: settings.snapshotSeconds, logger: logger)
        let polling = PollingService(
            state: state, targets: targets, client: client, logger: logger, persistence: persistence, backfillSeconds: settings.backfillSeconds)
        let book = PlanBook(store: store, logger: logger)
        let plans: PlanBookRestore
        do {
            plans = try await book.restore()
        } catch {
            printError("interflow serve: cannot restore the shares, routing versions and change orders: \(error)")
            throw ExitCode(1)
        }
        logger.notice(
            "plan book restored",
            metadata: [
                "shares.restored": "\(plans.shares)", "routing_versions.restored": "\(plans.routingVersions)",
                "change_orders.scheduled": "\(plans.scheduledOrders)", "shares.recovered": "\(plans.recoveredShares)",
            ])
        let rebalancer = Rebalancer(state: state, book: book, client: client, targets: targets, logger: logger)
        let context = JobContext(store: store, federation: federation, state: state, dataDirectory: storage.directory(for: federation))
        let scheduler = JobScheduler(
            jobs: federation.config.jobs, runner: JobRunner(store: store, registry: .standard(context), logger: logger), logger: logger)
        let listenPort = port ?? settings.port
        let app = CoordinatorServer.application(
            router: CoordinatorServer.router(state: state, book: book), state: state, store: store, host: host, port: listenPort,
            httpThreads: httpThreads, services: [polling, rebalancer, scheduler], logger: logger,
            onRunning: { bound in logger.notice("coordinator listening", metadata: ["http.url": "http://\(host):\(bound)"]) })
        try await app.runService()
    }
}

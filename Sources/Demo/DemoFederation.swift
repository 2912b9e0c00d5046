import Coordinator
import Foundation
import Hummingbird
import InterflowCore
import Logging
import Planning
import Polling
import ServiceLifecycle
import SiteAgent
import Store

/// The whole federation on loopback: a simulated agent per site, the coordinator polling them
/// over real HTTP, and a traffic source offering each skill's demand to the sites.
public struct DemoFederation: Sendable {
    public struct Options: Sendable {
        public var coordinatorPort: Int
        /// First agent port; nil keeps each site file's agent URL port.
        public var agentPortBase: Int?
        public var speed: Double
        public var simulatedStart: Date
        /// Demand surges the traffic source applies (`--surge`).
        public var surges: [TrafficSource.Surge]
        public init(coordinatorPort: Int, agentPortBase: Int?, speed: Double, simulatedStart: Date, surges: [TrafficSource.Surge] = []) {
            self.coordinatorPort = coordinatorPort
            self.agentPortBase = agentPortBase
            self.speed = speed
            self.simulatedStart = simulatedStart
            self.surges = surges
        }
    }

    public let federation: Federation
    public let state: FederationState
    public let book: PlanBook
    public let sites: [SimulatedSite]
    public let services: [any Service]
    public let client: CurlMultiClient
    public let coordinatorURL: String
    /// The time zone the demo's clock and day shape follow (the first in-house site's).
    public let referenceTimeZone: String

    /// Builds every piece. Each site gets a fresh random token, handed to its agent and to the poller only.
    public init(federation original: Federation, options: Options, logger: Logger) {
        var federation = original
        for index in federation.sites.indices {
            if let base = options.agentPortBase {
                federation.sites[index].agent.url = "http://127.0.0.1:\(base + index)"
            }
        }
        self.federation = federation
        let reference = federation.sites.first { $0.kind == .inHouse }?.timeZone ?? federation.sites.first?.timeZone ?? "UTC"
        self.referenceTimeZone = reference
        let clock = SimulationClock(simulatedStart: options.simulatedStart, speed: options.speed)
        var services: [any Service] = []
        var sites: [SimulatedSite] = []
        var targets: [PollTarget] = []
        var agentLogger = logger
        agentLogger.logLevel = max(logger.logLevel, .warning)
        for site in federation.sites {
            let token = Self.randomToken()
            let simulated = SimulatedSite(site: site, federation: federation.config, clock: clock)
            sites.append(simulated)
            let port = URL(string: site.agent.url)?.port ?? 0
            services.append(AgentServer.application(site: simulated, token: token, port: port, logger: agentLogger))
            targets.append(PollTarget(site: site, token: token, settings: federation.config.coordinator))
        }
        let client = CurlMultiClient(maxConcurrent: 64, maxConnections: 64)
        let state = FederationState(federation: federation, logger: logger)
        // The demo keeps its store in a fresh temporary directory: nothing to install, nothing left behind but that.
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-demo-\(UUID().uuidString)").path
        let demoStore = try? SQLiteStore(directory: dataDirectory)
        let book = PlanBook(store: demoStore, logger: logger)
        let rebalancer = Rebalancer(state: state, book: book, client: client, targets: targets, logger: logger)
        if let store = demoStore {
            let persistence = PersistenceSink(store: store, snapshotSeconds: federation.config.coordinator.snapshotSeconds, logger: logger)
            let polling = PollingService(state: state, targets: targets, client: client, logger: logger, persistence: persistence, backfillSeconds: 0)
            let context = JobContext(store: store, federation: federation, state: state, dataDirectory: dataDirectory)
            let scheduler = JobScheduler(
                jobs: federation.config.jobs, runner: JobRunner(store: store, registry: .standard(context), logger: logger), logger: logger)
            services.append(
                CoordinatorServer.application(
                    router: CoordinatorServer.router(state: state, book: book), state: state, store: store, port: options.coordinatorPort,
                    services: [polling, rebalancer, scheduler], logger: logger))
        } else {
            logger.warning("demo store not opened; running without one", metadata: ["store.path": "\(dataDirectory)"])
            let polling = PollingService(state: state, targets: targets, client: client, logger: logger)
            services.append(
                CoordinatorServer.application(
                    state: state, book: book, port: options.coordinatorPort, services: [polling, rebalancer], logger: logger))
        }
        // The traffic source follows the coordinator's network percentages (set by change orders at
        // their windows) and the redirect shares the enterprise-routed agents have applied.
        services.append(
            TrafficSource(
                sites: sites, federation: federation.config, referenceTimeZone: reference, updateEvery: .milliseconds(200),
                networkShare: { site, skill in await book.networkShare(siteId: site, skill: skill) },
                surges: options.surges, router: Self.router(client: client, url: "http://127.0.0.1:\(options.coordinatorPort)/v1/route"),
                logger: logger))
        self.book = book
        self.state = state
        self.sites = sites
        self.services = services
        self.client = client
        self.coordinatorURL = "http://127.0.0.1:\(options.coordinatorPort)"
    }

    /// The simulated time now (every site shares one clock).
    public func simulatedNow() async -> Date? {
        await sites.first?.now()
    }

    /// Asks the coordinator's `POST /v1/route` where each pooled contact goes.
    static func router(client: CurlMultiClient, url: String) -> TrafficSource.Router {
        { skill, segment, customer in
            let request = RouteRequest(skill: skill, segment: segment, customerId: customer)
            guard let body = try? AgentProtocol.makeEncoder().encode(request),
                let response = try? await client.perform(
                    AgentRequest(method: .post, url: url, body: Array(body), connectTimeout: 0.5, totalTimeout: 1)),
                response.status == 200,
                let decision = try? AgentProtocol.makeDecoder().decode(RouteDecision.self, from: Data(response.body))
            else { return .unavailable }
            if let target = decision.target { return .site(target.siteId) }
            return .alternative
        }
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<24).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}

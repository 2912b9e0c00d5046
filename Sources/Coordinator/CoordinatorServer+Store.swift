import Foundation
import Hummingbird
import InterflowCore
import Logging
import NIOPosix
import ServerSupport
import ServiceLifecycle
import Store

/// `GET /v1/jobs`: every configured job with its schedule, next slot and latest runs.
public struct JobsView: Codable, Sendable, ResponseEncodable {
    public struct Job: Codable, Sendable {
        public var name: String
        public var kind: String
        public var schedule: String
        public var timeZone: String
        public var graceSeconds: Double
        public var enabled: Bool
        public var nextSlot: Date?
        public var lastRuns: [Run]
    }
    public struct Run: Codable, Sendable {
        public var slot: Date
        public var state: String
        public var trigger: String
        public var attempt: Int
        public var startedAt: Date?
        public var finishedAt: Date?
        public var outcome: String?
        public var error: String?
    }
    public var generatedAt: Date
    public var jobs: [Job]

    /// The view of `jobs` at `now`, with up to `runs` latest runs each.
    public static func make(jobs: [JobConfig], store: any FederationStore, now: Date, runs: Int = 5) async throws -> JobsView {
        var views: [Job] = []
        for job in jobs {
            let latest = try await store.jobRuns(job: job.name, limit: runs).map { run in
                Run(
                    slot: run.slot, state: run.state.rawValue, trigger: run.trigger.rawValue, attempt: run.attempt, startedAt: run.startedAt,
                    finishedAt: run.finishedAt, outcome: run.outcome, error: run.error)
            }
            views.append(
                Job(
                    name: job.name, kind: job.kind.rawValue, schedule: job.schedule.expression, timeZone: job.timeZone,
                    graceSeconds: job.graceSeconds, enabled: job.enabled, nextSlot: job.enabled ? job.schedule.nextSlot(after: now) : nil,
                    lastRuns: latest))
        }
        return JobsView(generatedAt: now, jobs: views)
    }
}

/// `GET /v1/sites/:id/missing-intervals`: intervals the agent could not provide, with their cause.
public struct MissingIntervalsView: Codable, Sendable, ResponseEncodable {
    public var siteId: String
    public var missing: [MissingInterval]
}

extension CoordinatorServer {
    /// Adds the routes backed by the store to `router`.
    public static func addStoreRoutes(to router: Router<BasicRequestContext>, state: FederationState, store: any FederationStore) {
        let jobs = state.federation.config.jobs
        addReportRoutes(to: router, state: state, book: nil, store: store)
        addShareHistoryRoute(to: router, state: state) { from, to, sites in try await store.shareHistory(from: from, to: to, siteIds: sites) }
        router.get("/v1/jobs") { _, _ -> JobsView in
            try await JobsView.make(jobs: jobs, store: store, now: Date())
        }
        router.get("/v1/sites/:id/missing-intervals") { request, context -> MissingIntervalsView in
            let id = try context.parameters.require("id")
            guard state.federation.site(id) != nil else {
                throw ProtocolErrorResponse(.notFound, error: "unknown-site", message: "no site \"\(id)\" in the federation")
            }
            let days = request.uri.queryParameters["days"].flatMap { Double(String($0)) } ?? 7
            let now = Date()
            return MissingIntervalsView(
                siteId: id, missing: try await store.missingIntervals(siteId: id, from: now.addingTimeInterval(-days * 86_400), to: now))
        }
    }

    /// The coordinator application serving `router` plus the store's routes (``addStoreRoutes(to:state:store:)``)
    /// on `host:port`, running `services` beside the HTTP server, its connections on `httpThreads`
    /// event-loop threads (nil: NIO's shared group, one thread per core).
    public static func application(
        router: Router<BasicRequestContext>, state: FederationState, store: any FederationStore, host: String = "127.0.0.1", port: Int,
        httpThreads: Int? = nil, services: [any Service], logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        addStoreRoutes(to: router, state: state, store: store)
        // A group of its own lives as long as the process (the server runs until it exits).
        let group: EventLoopGroupProvider = httpThreads.map { .shared(MultiThreadedEventLoopGroup(numberOfThreads: $0)) } ?? .singleton
        return Application(
            router: router,
            server: httpServer(for: router),
            configuration: .init(address: .hostname(host, port: port), serverName: serverName),
            services: services,
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            eventLoopGroupProvider: group,
            logger: Logger(label: logger.label) { _ in DeferredMetadataLogHandler(wrapping: logger.handler) }
        )
    }
}

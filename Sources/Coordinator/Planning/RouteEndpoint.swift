import Hummingbird
import InterflowCore
import Planning
import Synchronization

/// What `POST /v1/route` needs to answer a contact: the federation's skills and segments, and the
/// plan book whose routing board decides and books it.
///
/// The router's `POST /v1/route` handler and the server's fast path (``RouteFastPath``) both
/// decide through it, so that the two answer alike.
final class RouteEndpoint: Sendable {
    let book: PlanBook
    /// The first skill and segment of each id, as `FederationConfig.skill(_:)` and the handler's
    /// `segments.first(where:)` find them.
    private let skills: [String: SkillConfig]
    private let segments: [String: SegmentConfig]
    private let topPriority: Int
    private let abandonCost: Double

    init(config: FederationConfig, book: PlanBook) {
        self.book = book
        self.skills = Dictionary(config.skills.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.segments = Dictionary(config.segments.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.topPriority = ContactRouter.headOfQueuePriority(segments: config.segments)
        self.abandonCost = config.value.abandonCost
    }

    func skill(_ id: String) -> SkillConfig? { skills[id] }
    func segment(_ id: String) -> SegmentConfig? { segments[id] }

    /// Routes and books one contact of a known skill and segment.
    func route(_ request: RouteRequest, skill: SkillConfig, segment: SegmentConfig) -> RouteDecision {
        book.route(request, segment: segment, topPriority: topPriority, threshold: skill.thresholdSeconds, abandonCost: abandonCost)
    }

    /// The decision for `request`, or nil when its skill or segment is unknown (the router then
    /// answers with the error).
    func route(_ request: RouteRequest) -> RouteDecision? {
        guard let skill = skills[request.skill], let segment = segments[request.segment] else { return nil }
        return route(request, skill: skill, segment: segment)
    }

    // MARK: The endpoint of a router

    /// The endpoint ``CoordinatorServer/router(state:book:)`` registered for each router it built,
    /// so that ``CoordinatorServer/application(router:state:store:host:port:services:logger:onRunning:)``,
    /// which is given the router only, can put the same endpoint in front of it.
    private struct Registration: @unchecked Sendable {
        // @unchecked: the router is only compared by identity, never used.
        weak var router: Router<BasicRequestContext>?
        let endpoint: RouteEndpoint
    }
    private static let registrations = Mutex<[ObjectIdentifier: Registration]>([:])

    static func register(_ endpoint: RouteEndpoint, for router: Router<BasicRequestContext>) {
        registrations.withLock { table in
            table = table.filter { $0.value.router != nil }
            table[ObjectIdentifier(router)] = Registration(router: router, endpoint: endpoint)
        }
    }

    static func registered(for router: Router<BasicRequestContext>) -> RouteEndpoint? {
        registrations.withLock { table in
            table[ObjectIdentifier(router)].flatMap { $0.router === router ? $0.endpoint : nil }
        }
    }
}

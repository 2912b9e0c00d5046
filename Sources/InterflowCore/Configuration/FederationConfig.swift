/// The federation-wide settings from `sites/federation.yaml`.
public struct FederationConfig: Sendable, Hashable {
    public var name: String
    public var skills: [SkillConfig]
    public var segments: [SegmentConfig]
    public var coordinator: CoordinatorSettings
    public var value: ValueModel
    /// Scheduled jobs (`jobs:`), in file order.
    public var jobs: [JobConfig]

    public init(
        name: String, skills: [SkillConfig], segments: [SegmentConfig], coordinator: CoordinatorSettings = .init(),
        value: ValueModel = .init(), jobs: [JobConfig] = []
    ) {
        self.name = name
        self.skills = skills
        self.segments = segments
        self.coordinator = coordinator
        self.value = value
        self.jobs = jobs
    }

    /// The job named `name`.
    public func job(_ name: String) -> JobConfig? { jobs.first { $0.name == name } }

    public func skill(_ id: String) -> SkillConfig? { skills.first { $0.id == id } }
}

/// A contact type: one queue at every site that takes it.
public struct SkillConfig: Sendable, Hashable {
    public var id: String
    public var name: String
    /// Service-level target as a fraction (0.8 for 80/20).
    public var serviceLevelTarget: Double
    /// Service-level threshold in seconds (20 for 80/20).
    public var thresholdSeconds: Double
    /// Mean customer patience in seconds (Erlang A's 1/θ).
    public var patienceSeconds: Double
    /// Federation-wide forecast of arriving contacts per hour at the daily peak; the demo's traffic
    /// source scales it by each site's time-of-day profile.
    public var peakArrivalsPerHour: Double

    public init(
        id: String, name: String, serviceLevelTarget: Double, thresholdSeconds: Double, patienceSeconds: Double = 180,
        peakArrivalsPerHour: Double = 0
    ) {
        self.id = id
        self.name = name
        self.serviceLevelTarget = serviceLevelTarget
        self.thresholdSeconds = thresholdSeconds
        self.patienceSeconds = patienceSeconds
        self.peakArrivalsPerHour = peakArrivalsPerHour
    }
}

/// A customer value tier.
public struct SegmentConfig: Sendable, Hashable {
    public enum Alternative: String, Sendable, Hashable, CaseIterable {
        case callback
        case selfService = "self-service"
        case none
    }
    public var id: String
    /// Higher goes first.
    public var priority: Int
    /// Mean patience of the segment's customers, seconds.
    public var patienceSeconds: Double
    /// What to offer when every target's predicted wait exceeds the segment's patience.
    public var alternative: Alternative

    public init(id: String, priority: Int, patienceSeconds: Double, alternative: Alternative) {
        self.id = id
        self.priority = priority
        self.patienceSeconds = patienceSeconds
        self.alternative = alternative
    }
}

/// How the coordinator runs.
/// How the real-time rebalancer sets each skill's shares.
public enum SharePolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Minimum expected delay across the sites (the overflow planner): service first.
    case overflow
    /// Maximum expected value within every site's service-level target and contract (the value
    /// allocator), falling back to minimum delay when the targets cannot all be met.
    case value
}

public struct CoordinatorSettings: Sendable, Hashable {
    public var port: Int
    /// How the rebalancer sets shares (`policy`: overflow or value).
    public var policy: SharePolicy
    /// Directory for the store and other state.
    public var dataDirectory: String
    /// Seconds between real-time rebalances.
    public var rebalanceSeconds: Double
    /// A site whose last good status is older than this many poll intervals is stale.
    public var staleAfterPolls: Double
    /// A site whose last good status is older than this many poll intervals is down.
    public var downAfterPolls: Double
    /// Seconds allowed to open a connection to an agent.
    public var connectTimeoutSeconds: Double
    /// Seconds allowed for a whole request to an agent.
    public var requestTimeoutSeconds: Double
    /// Largest agent response body accepted, in bytes.
    public var maxResponseBytes: Int
    /// How long the store keeps each kind of data.
    public var retention: RetentionSettings
    /// Seconds between stored samples of a site's real-time status.
    public var snapshotSeconds: Double
    /// How far back, seconds, the poller fetches closed intervals missing from the store on start.
    public var backfillSeconds: Double

    public init(
        port: Int = 8080, dataDirectory: String = "data", rebalanceSeconds: Double = 5, staleAfterPolls: Double = 3,
        downAfterPolls: Double = 10, connectTimeoutSeconds: Double = 1, requestTimeoutSeconds: Double = 2,
        maxResponseBytes: Int = 1 << 20, retention: RetentionSettings = .init(), snapshotSeconds: Double = 60,
        backfillSeconds: Double = 2 * 86_400, policy: SharePolicy = .overflow
    ) {
        self.policy = policy
        self.retention = retention
        self.snapshotSeconds = snapshotSeconds
        self.backfillSeconds = backfillSeconds
        self.port = port
        self.dataDirectory = dataDirectory
        self.rebalanceSeconds = rebalanceSeconds
        self.staleAfterPolls = staleAfterPolls
        self.downAfterPolls = downAfterPolls
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.maxResponseBytes = maxResponseBytes
    }
}

/// How the value of a handled contact is measured from closed intervals.
public struct ValueModel: Sendable, Hashable {
    /// Cost of a contact that was not resolved the first time (the repeat contact it causes).
    public var repeatContactCost: Double
    /// Cost of an abandoned contact (lost goodwill, the callback it causes).
    public var abandonCost: Double
    /// Intervals of data at which a site's measured value gets half weight against the skill's mean.
    public var shrinkageIntervals: Double
    public var currency: String

    public init(repeatContactCost: Double = 6, abandonCost: Double = 4, shrinkageIntervals: Double = 32, currency: String = "USD") {
        self.repeatContactCost = repeatContactCost
        self.abandonCost = abandonCost
        self.shrinkageIntervals = shrinkageIntervals
        self.currency = currency
    }
}

/// A whole federation: its settings and its sites, read from one directory.
public struct Federation: Sendable, Hashable {
    public var config: FederationConfig
    public var sites: [SiteConfig]
    /// The directory it was read from; relative token files resolve against it.
    public var directory: String

    public init(config: FederationConfig, sites: [SiteConfig], directory: String) {
        self.config = config
        self.sites = sites
        self.directory = directory
    }

    public func site(_ id: String) -> SiteConfig? { sites.first { $0.id == id } }
}

import InterflowCore

/// A site as the poller sees it: where to reach its agent, with what token, how often.
public struct PollTarget: Sendable {
    public var site: SiteConfig
    /// The resolved bearer token (never logged).
    public var token: String
    public var connectTimeout: Double
    public var totalTimeout: Double
    public var maxResponseBytes: Int

    public init(site: SiteConfig, token: String, settings: CoordinatorSettings) {
        self.site = site
        self.token = token
        self.connectTimeout = settings.connectTimeoutSeconds
        self.totalTimeout = settings.requestTimeoutSeconds
        self.maxResponseBytes = settings.maxResponseBytes
    }

    /// Seconds between polls that decide the site's freshness: real-time status where the mode
    /// serves it, closed intervals otherwise.
    public var freshnessCadence: Double {
        site.mode.exposesRealTimeStatus ? site.agent.pollIntervalSeconds : site.agent.intervalPollSeconds
    }

    /// A request to the site's agent with its bearer token and the configured bounds.
    public func request(path: String, method: AgentRequest.Method = .get, body: [UInt8]? = nil) -> AgentRequest {
        let base = site.agent.url.hasSuffix("/") ? String(site.agent.url.dropLast()) : site.agent.url
        return AgentRequest(
            method: method, url: base + path, headers: ["Authorization: Bearer \(token)", "Accept: application/json"], body: body,
            connectTimeout: connectTimeout, totalTimeout: totalTimeout, maxResponseBytes: maxResponseBytes)
    }
}

/// What one poll produced.
public enum PollEvent: Sendable {
    /// A valid status arrived.
    case status(siteId: String, SiteStatus, seconds: Double)
    /// Valid closed intervals arrived (possibly none new).
    case intervals(siteId: String, IntervalsResponse)
    /// A poll failed or was rejected; `what` is `status` or `intervals`.
    case failed(siteId: String, what: String, reason: String)

    public var siteId: String {
        switch self {
        case .status(let id, _, _), .intervals(let id, _), .failed(let id, _, _): id
        }
    }
}

import InterflowCore

/// One skill's real-time share plan: the shares and interflow thresholds across the sites that
/// take the skill, with the predictions behind them, from the overflow planner (minimum delay) or
/// the value allocator (maximum value), as the coordinator's `policy` says.
public struct SharePlan: Sendable, Hashable, Codable {
    public struct Site: Sendable, Hashable, Codable {
        public var siteId: String
        public var mode: SiteMode
        /// Share of the skill's arrivals the site should get now.
        public var share: Double
        /// The share it had before this plan.
        public var previousShare: Double
        /// Whether the plan changes the site now (enterprise-routed), at its next change window
        /// (network-delivered), or contact by contact (in-house, virtualized), or not at all.
        public var delivery: Delivery
        public var predictedWaitSeconds: Double
        public var predictedServiceLevel: Double
        /// Seconds a waiting contact may wait here before it is interflowed to another site; nil: never.
        public var interflowThresholdSeconds: Double?
        /// Why the site gets no new work (stale or down), if it gets none.
        public var excludedBecause: String?
    }

    public enum Delivery: String, Sendable, Hashable, Codable {
        case redirectShare = "redirect-share"
        case changeOrder = "change-order"
        case perContact = "per-contact"
        case none
    }

    public var skill: String
    public var perHour: Double
    public var sites: [Site]
    /// False when hysteresis kept the previous shares (no change worth making).
    public var changed: Bool
    public var explanation: Explanation
}

import Foundation

/// One change of the share a site is given of a skill's arriving volume: from `at` until the next
/// change for the same skill and site, the site is given `share` (0…1).
///
/// What "given" means depends on the mode: the redirect share of an enterprise-routed site, the
/// network percentage of a network-delivered site once its change order is applied at the change
/// window, the pooled share of an in-house or virtualized site. The coordinator's store keeps
/// these as the share history, the source of the allocated share in contract reviews.
public struct ShareChange: Sendable, Hashable, Codable {
    /// Where a share change came from.
    public enum Source: String, Sendable, Hashable, Codable, CaseIterable {
        /// A real-time rebalance set it.
        case rebalance
        /// A network change order was applied at its change window.
        case changeOrder = "change-order"
        /// A restart recovered it from what the store held besides the share history (an applied
        /// change order the history lacks, e.g. in a store written before it had a share history).
        case restore
    }

    /// When the share took effect.
    public var at: Date
    public var skill: String
    public var siteId: String
    /// The fraction of the skill's volume the site is given from `at`, 0…1.
    public var share: Double
    public var source: Source

    public init(at: Date, skill: String, siteId: String, share: Double, source: Source) {
        self.at = at
        self.skill = skill
        self.siteId = siteId
        self.share = share
        self.source = source
    }
}

import InterflowCore

/// The routing plan a site has applied, with protocol v1's versioning rules.
///
/// Versions only move forward. Putting the applied version again with the same body is an
/// idempotent success that changes nothing (a retried request); an older version, or the same
/// version with a different body, is refused as a conflict.
public struct RoutingState: Sendable, Hashable {
    public private(set) var applied: RoutingPlan?

    public init(applied: RoutingPlan? = nil) { self.applied = applied }

    public enum Outcome: Sendable, Hashable {
        case applied(changed: Bool)
        case conflict(String)
        case invalid(String)
        case forbidden(String)
    }

    /// Checks `plan` against what `site`'s mode allows and applies it.
    public mutating func apply(_ plan: RoutingPlan, for site: SiteConfig) -> Outcome {
        if let problem = Self.forbidden(plan, mode: site.mode) { return .forbidden(problem) }
        if let problem = Self.invalid(plan, site: site) { return .invalid(problem) }
        if let current = applied {
            if plan.version < current.version {
                return .conflict("version \(plan.version) is older than the applied version \(current.version)")
            }
            if plan.version == current.version {
                return plan == current
                    ? .applied(changed: false)
                    : .conflict("version \(plan.version) is already applied with a different plan; send a new version")
            }
        }
        applied = plan
        return .applied(changed: true)
    }

    static func forbidden(_ plan: RoutingPlan, mode: SiteMode) -> String? {
        switch mode {
        case .networkDelivered:
            return "a network-delivered site takes no routing plan: its percentages change at the carrier network, "
                + "at the contract's change windows (see the coordinator's change orders)"
        case .enterpriseRouted:
            if plan.targets != nil {
                return "an enterprise-routed site takes redirect shares and interflow thresholds, not agent targets: its agents are not visible"
            }
            return nil
        case .virtualized, .inHouse:
            return nil
        }
    }

    static func invalid(_ plan: RoutingPlan, site: SiteConfig) -> String? {
        if plan.version < 1 { return "version must be a positive integer, found \(plan.version)" }
        for (skill, share) in plan.shares ?? [:] {
            if !site.skills.contains(skill) { return "shares.\(skill): the site does not take this skill (\(site.skills.joined(separator: ", ")))" }
            if !share.isFinite || share < 0 || share > 1 { return "shares.\(skill): found \(share), accepted a fraction from 0 to 1" }
        }
        for (skill, seconds) in plan.interflowThresholds ?? [:] {
            if !site.skills.contains(skill) { return "interflowThresholds.\(skill): the site does not take this skill" }
            if !seconds.isFinite || seconds < 0 { return "interflowThresholds.\(skill): found \(seconds), accepted seconds ≥ 0" }
        }
        for skill in (plan.targets ?? [:]).keys where !site.skills.contains(skill) {
            return "targets.\(skill): the site does not take this skill"
        }
        return nil
    }
}

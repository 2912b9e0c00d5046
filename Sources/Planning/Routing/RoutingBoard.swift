import InterflowCore

/// The sites a skill's contacts may be routed to, as of the latest rebalance, with the contacts
/// routed since booked on them: the state behind per-contact routing.
///
/// Every route takes the chosen idle agent off the list, or counts one more busy agent, or one
/// more contact waiting, so that the next request sees it until fresh state replaces the board.
/// The coordinator keeps one behind `POST /v1/route`; the policy simulator keeps one per run.
public struct RoutingBoard: Sendable {
    private var candidates: [String: [RouteCandidate]] = [:]

    public init() {}

    /// The candidates of a skill (empty when none were set).
    public func candidates(skill: String) -> [RouteCandidate] { candidates[skill] ?? [] }

    /// Replaces the candidates of a skill (after each rebalance).
    public mutating func setCandidates(_ list: [RouteCandidate], skill: String) {
        candidates[skill] = list
    }

    /// Routes one contact (``ContactRouter``) and books it on the chosen site.
    public mutating func route(
        _ request: RouteRequest, segment: SegmentConfig, topPriority: Int, threshold: Double, abandonCost: Double, explain: Bool = true
    ) -> RouteDecision {
        var list = candidates[request.skill] ?? []
        let decision = ContactRouter.route(
            request, candidates: list, segment: segment, topPriority: topPriority, threshold: threshold, abandonCost: abandonCost,
            explain: explain)
        if let target = decision.target, let index = list.firstIndex(where: { $0.site.siteId == target.siteId }) {
            if let agent = target.agentId {
                list[index].idleAgents.removeAll { $0 == agent }
                list[index].site.busy = min(list[index].site.busy + 1, list[index].site.staffedNow)
            } else if list[index].site.busy < list[index].site.staffedNow {
                list[index].site.busy += 1
            } else {
                list[index].site.waiting += 1
            }
            candidates[request.skill] = list
        }
        return decision
    }
}

/// The routing candidates of a skill from the planner's sites and what each site shows.
public enum RouteCandidates {
    /// The sites' capacities with their idle agents (longest idle first) where the mode shows them.
    public static func build(skill: String, sites: [SiteCapacity], observations: [String: SiteObservation]) -> [RouteCandidate] {
        sites.map { site in RouteCandidate(site: site, idleAgents: observations[site.siteId]?.idleAgents[skill] ?? []) }
    }
}

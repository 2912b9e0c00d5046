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
    ///
    /// - Complexity: O(sites + idle agents of the chosen site); the skill's list is updated in place.
    public mutating func route(
        _ request: RouteRequest, segment: SegmentConfig, topPriority: Int, threshold: Double, abandonCost: Double, explain: Bool = true
    ) -> RouteDecision {
        let decision = ContactRouter.route(
            request, candidates: candidates[request.skill] ?? [], segment: segment, topPriority: topPriority, threshold: threshold,
            abandonCost: abandonCost, explain: explain)
        if let target = decision.target, let index = candidates[request.skill]?.firstIndex(where: { $0.site.siteId == target.siteId }) {
            Self.book(&candidates[request.skill]![index], agent: target.agentId)
        }
        return decision
    }

    /// Decides for one contact without writing the explanation, books it, and returns the candidates
    /// it decided on: `ContactRouter.route(request, candidates: seen, …)` gives the same decision
    /// with its explanation. For a board behind a lock: only the decision and the booking need it.
    public mutating func decide(
        _ request: RouteRequest, segment: SegmentConfig, topPriority: Int, threshold: Double, abandonCost: Double
    ) -> (seen: [RouteCandidate], decision: RouteDecision) {
        let seen = candidates[request.skill] ?? []
        return (seen, route(request, segment: segment, topPriority: topPriority, threshold: threshold, abandonCost: abandonCost, explain: false))
    }

    /// Takes the chosen idle agent off the list, or counts one more busy agent, or one more contact waiting.
    private static func book(_ candidate: inout RouteCandidate, agent: String?) {
        if let agent {
            candidate.idleAgents.removeAll { $0 == agent }
            candidate.site.busy = min(candidate.site.busy + 1, candidate.site.staffedNow)
        } else if candidate.site.busy < candidate.site.staffedNow {
            candidate.site.busy += 1
        } else {
            candidate.site.waiting += 1
        }
    }
}

/// The routing candidates of a skill from the planner's sites and what each site shows.
public enum RouteCandidates {
    /// The sites' capacities with their idle agents (longest idle first) where the mode shows them.
    public static func build(skill: String, sites: [SiteCapacity], observations: [String: SiteObservation]) -> [RouteCandidate] {
        build(skill: skill, sites: sites, observed: sites.map { observations[$0.siteId] })
    }

    /// The same with each site's observation in the order of `sites` (nil where there is none).
    public static func build(skill: String, sites: [SiteCapacity], observed: [SiteObservation?]) -> [RouteCandidate] {
        precondition(observed.count == sites.count, "RouteCandidates: one observation (or nil) per site")
        return zip(sites, observed).map { site, observation in RouteCandidate(site: site, idleAgents: observation?.idleAgents[skill] ?? []) }
    }
}

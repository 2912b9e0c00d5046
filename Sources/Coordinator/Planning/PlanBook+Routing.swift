import Foundation
import InterflowCore
import Planning

extension PlanBook {
    /// Routes one contact on the candidates of the latest rebalance, then books the contact on
    /// the chosen site (an idle agent taken, or one more waiting) so the next request sees it
    /// until fresh state arrives.
    public func route(_ request: RouteRequest, segment: SegmentConfig, topPriority: Int, threshold: Double, abandonCost: Double) -> RouteDecision {
        var candidates = routeCandidates[request.skill] ?? []
        let decision = ContactRouter.route(
            request, candidates: candidates, segment: segment, topPriority: topPriority, threshold: threshold, abandonCost: abandonCost)
        if let target = decision.target, let index = candidates.firstIndex(where: { $0.site.siteId == target.siteId }) {
            if let agent = target.agentId {
                candidates[index].idleAgents.removeAll { $0 == agent }
                candidates[index].site.busy = min(candidates[index].site.busy + 1, candidates[index].site.agents)
            } else if candidates[index].site.busy < candidates[index].site.agents {
                candidates[index].site.busy += 1
            } else {
                candidates[index].site.waiting += 1
            }
            routeCandidates[request.skill] = candidates
        }
        return decision
    }

    /// Replaces the routing candidates of a skill (after each rebalance).
    public func setRouteCandidates(_ candidates: [RouteCandidate], skill: String) {
        routeCandidates[skill] = candidates
    }
}

enum RouteCandidates {
    /// The sites' capacities with their idle agents (longest idle first) from the latest status.
    static func build(skill: String, sites: [SiteCapacity], snapshots: [String: SiteSnapshot]) -> [RouteCandidate] {
        sites.map { site in
            let idle = (snapshots[site.siteId]?.status?.agents ?? [])
                .filter { $0.state == .available && $0.skills.contains(skill) }
                .sorted { $0.since < $1.since }
                .map(\.id)
            return RouteCandidate(site: site, idleAgents: idle)
        }
    }
}

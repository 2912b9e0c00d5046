import Foundation
import InterflowCore
import Planning

extension PlanBook {
    /// Routes one contact on the candidates of the latest rebalance and books it (``RoutingBoard``).
    public func route(_ request: RouteRequest, segment: SegmentConfig, topPriority: Int, threshold: Double, abandonCost: Double) -> RouteDecision {
        board.route(request, segment: segment, topPriority: topPriority, threshold: threshold, abandonCost: abandonCost)
    }

    /// Replaces the routing candidates of a skill (after each rebalance).
    public func setRouteCandidates(_ candidates: [RouteCandidate], skill: String) {
        board.setCandidates(candidates, skill: skill)
    }
}

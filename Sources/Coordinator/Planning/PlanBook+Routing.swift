import Foundation
import InterflowCore
import Planning
import Synchronization

extension PlanBook {
    /// Routes one contact on the candidates of the latest rebalance and books it (``RoutingBoard``).
    ///
    /// Not isolated to the actor: the board is behind its own lock, so that `POST /v1/route`
    /// neither queues behind the actor's other work (a rebalance, a store write) nor pays an
    /// executor hop per request. The lock is held while the board decides and books; the
    /// explanation is written after, from the candidates the board decided on.
    public nonisolated func route(
        _ request: RouteRequest, segment: SegmentConfig, topPriority: Int, threshold: Double, abandonCost: Double
    ) -> RouteDecision {
        let (seen, booked) = board.withLock { board in
            board.decide(request, segment: segment, topPriority: topPriority, threshold: threshold, abandonCost: abandonCost)
        }
        let decision = ContactRouter.route(
            request, candidates: seen, segment: segment, topPriority: topPriority, threshold: threshold, abandonCost: abandonCost)
        assert(decision.target == booked.target && decision.alternative == booked.alternative, "the explained decision is the one booked")
        return decision
    }

    /// Replaces the routing candidates of a skill (after each rebalance).
    public nonisolated func setRouteCandidates(_ candidates: [RouteCandidate], skill: String) {
        board.withLock { $0.setCandidates(candidates, skill: skill) }
    }
}

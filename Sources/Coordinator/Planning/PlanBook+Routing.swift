import Foundation
import InterflowCore
import Planning
import Synchronization

extension PlanBook {
    /// Routes one contact on the candidates of the latest rebalance and books it (``RoutingBoard``).
    ///
    /// Not isolated to the actor: the board is behind its own lock, held only while the board
    /// decides and books, so that `POST /v1/route` neither queues behind the actor's other work
    /// (a rebalance, a store write) nor pays an executor hop per request.
    public nonisolated func route(
        _ request: RouteRequest, segment: SegmentConfig, topPriority: Int, threshold: Double, abandonCost: Double
    ) -> RouteDecision {
        board.withLock { board in
            board.route(request, segment: segment, topPriority: topPriority, threshold: threshold, abandonCost: abandonCost)
        }
    }

    /// Replaces the routing candidates of a skill (after each rebalance).
    public nonisolated func setRouteCandidates(_ candidates: [RouteCandidate], skill: String) {
        board.withLock { $0.setCandidates(candidates, skill: skill) }
    }
}

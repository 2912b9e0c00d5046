import Foundation
import InterflowCore
import Queueing

/// A request to route one contact (`POST /v1/route`).
public struct RouteRequest: Sendable, Hashable, Codable {
    public var skill: String
    public var segment: String
    public var customerId: String
    /// The site that served this customer last, if any.
    public var previousSite: String?
    /// The agent that served this customer last, if any.
    public var previousAgent: String?
    /// Where the contact entered (a number or a channel), for the record.
    public var entryPoint: String?

    public init(
        skill: String, segment: String, customerId: String, previousSite: String? = nil, previousAgent: String? = nil, entryPoint: String? = nil
    ) {
        self.skill = skill
        self.segment = segment
        self.customerId = customerId
        self.previousSite = previousSite
        self.previousAgent = previousAgent
        self.entryPoint = entryPoint
    }
}

/// One site the router may send the contact to, with its live queue and idle agents.
public struct RouteCandidate: Sendable, Hashable {
    public var site: SiteCapacity
    /// Idle agents who take the skill, longest idle first (in-house and virtualized sites only).
    public var idleAgents: [String]

    public init(site: SiteCapacity, idleAgents: [String] = []) {
        self.site = site
        self.idleAgents = idleAgents
    }
}

/// The answer to a route request.
public struct RouteDecision: Sendable, Hashable, Codable {
    public struct Target: Sendable, Hashable, Codable {
        public var siteId: String
        /// The queue (skill) at the site.
        public var queue: String
        /// The agent, where the mode allows per-agent targets and one is idle.
        public var agentId: String?
    }
    /// Where the contact goes; nil when an alternative is offered instead.
    public var target: Target?
    /// `callback` or `self-service` when every target's predicted wait is past the segment's patience.
    public var alternative: String?
    /// With a callback: the site that calls the customer back (the shortest predicted wait).
    public var callbackSiteId: String?
    public var predictedWaitSeconds: Double
    /// Expected value of the decision: P(answered) × (value − marginal cost) − P(abandon) × abandon cost.
    public var expectedValue: Double
    /// Queue priority for the contact (the segment's).
    public var priority: Int
    public var explanation: Explanation
}

/// Per-contact value-based routing (DESIGN.md, "Planning").
///
/// For every site that may take this contact — in-house and virtualized sites (to an agent or
/// their queue) and enterprise-routed sites (to their queue); never a network-delivered site, which
/// only a carrier percentage reaches — the predicted wait comes from the live queue
/// (``ExpectedWait/live(_:)``, with the segment's patience), and the expected value of sending the
/// contact there is P(answered) × (value − marginal cost) − P(abandon) × abandon cost. The best
/// expected value among the sites predicted to answer within the skill's service-level threshold
/// wins (value is sought within the service-level target, as the value allocation does: a queue
/// worth more is not a reason to answer late while another site answers at once); when no site
/// does, the best among those within the segment's patience. A repeat customer stays with the site (and the agent, if idle) that served
/// them while that site's predicted wait is within the skill's service-level threshold. The
/// highest-priority segment goes to the head of the queue. When every site's predicted wait is past
/// the segment's patience, the segment's alternative (callback or self-service) is offered instead.
///
/// With `explain: false` the decision is the same but its explanation is left empty: the policy
/// simulator routes millions of contacts and reads none of them.
public enum ContactRouter {
    /// The priority from which a segment goes to the head of its queue: the highest of the
    /// federation's segments, when some segment has a lower one; with a single priority level no
    /// one jumps the queue (and every contact sees everyone waiting ahead of it).
    public static func headOfQueuePriority(segments: [SegmentConfig]) -> Int {
        let priorities = Set(segments.map(\.priority))
        return priorities.count > 1 ? priorities.max()! : Int.max
    }

    /// - Parameter topPriority: ``headOfQueuePriority(segments:)``.
    public static func route(
        _ request: RouteRequest, candidates: [RouteCandidate], segment: SegmentConfig, topPriority: Int, threshold: Double, abandonCost: Double,
        explain: Bool = true
    ) -> RouteDecision {
        struct Scored {
            var candidate: RouteCandidate
            var wait: Double
            var value: Double
        }
        var skipped: [String] = []
        var scored: [Scored] = []
        scored.reserveCapacity(candidates.count)
        for candidate in candidates {
            let site = candidate.site
            if site.mode == .networkDelivered {
                if explain { skipped.append("\(site.siteId): network-delivered, reached only by the carrier's percentage") }
                continue
            }
            if let reason = site.excludedBecause {
                if explain { skipped.append("\(site.siteId): \(reason)") }
                continue
            }
            guard site.staffedNow > 0, site.handleTime > 0 else {
                if explain { skipped.append("\(site.siteId): no agents staffed") }
                continue
            }
            let ahead = segment.priority >= topPriority ? 0 : site.waiting
            let estimate = ExpectedWait.live(
                .init(
                    waiting: ahead, agentsStaffed: site.staffedNow, agentsBusy: site.busy, handleTime: site.handleTime,
                    patience: segment.patienceSeconds)
            )
            let answered = estimate.probabilityOfAnswer
            let value = answered * (site.valuePerContact - site.marginalCost) - (1 - answered) * abandonCost
            scored.append(Scored(candidate: candidate, wait: estimate.expectedWait, value: value))
        }
        let considered =
            explain
            ? scored.map {
                "\($0.candidate.site.siteId): predicted wait \(Int($0.wait.rounded())) s, expected value \(money($0.value))"
            } + skipped.map { "not considered: \($0)" } : []
        func explanation(_ summary: @autoclosure () -> String, rule: String) -> Explanation {
            explain ? Explanation(summary: summary(), rule: rule, details: considered) : Explanation(summary: "", rule: "")
        }

        func decision(_ chosen: Scored, agent: String?, summary: @autoclosure () -> String, rule: String) -> RouteDecision {
            RouteDecision(
                target: .init(siteId: chosen.candidate.site.siteId, queue: request.skill, agentId: agent), alternative: nil, callbackSiteId: nil,
                predictedWaitSeconds: chosen.wait, expectedValue: chosen.value, priority: segment.priority,
                explanation: explanation(summary(), rule: rule))
        }
        func agent(at chosen: Scored) -> String? {
            chosen.candidate.site.mode.acceptsPerContactRouting ? chosen.candidate.idleAgents.first : nil
        }

        // A repeat customer stays where they were served while the wait allows.
        if let previous = request.previousSite, let home = scored.first(where: { $0.candidate.site.siteId == previous }), home.wait <= threshold {
            let previousAgentIdle = request.previousAgent.flatMap { id in home.candidate.idleAgents.contains(id) ? id : nil }
            let chosenAgent = home.candidate.site.mode.acceptsPerContactRouting ? (previousAgentIdle ?? agent(at: home)) : nil
            return decision(
                home, agent: chosenAgent,
                summary:
                    "repeat customer \(request.customerId) stays with \(previousAgentIdle.map { "agent \($0) at \(previous)" } ?? previous): "
                    + "predicted wait \(Int(home.wait.rounded())) s within \(Int(threshold)) s",
                rule: "continuity: a repeat customer stays with the site or agent that served them while the wait is within the threshold")
        }

        // The best expected value among the sites that answer within the service-level threshold;
        // when none does, among those within the segment's patience; the alternative only when
        // no site is within it either.
        func bestValue(waitingAtMost limit: Double) -> Scored? {
            var chosen: Scored?
            for entry in scored where entry.wait <= limit {
                if let current = chosen, entry.value < current.value || (entry.value == current.value && entry.wait >= current.wait) { continue }
                chosen = entry
            }
            return chosen
        }
        let onTarget = bestValue(waitingAtMost: threshold)
        guard let best = onTarget ?? bestValue(waitingAtMost: segment.patienceSeconds) else {
            let alternative = segment.alternative == .none ? nil : segment.alternative.rawValue
            let shortest = scored.map(\.wait).min() ?? .infinity
            if let alternative {
                let waitText = shortest.isFinite ? "\(Int(shortest.rounded())) s" : "unbounded"
                let caller = segment.alternative == .callback ? scored.min(by: { $0.wait < $1.wait })?.candidate.site.siteId : nil
                return RouteDecision(
                    target: nil, alternative: alternative, callbackSiteId: caller, predictedWaitSeconds: shortest.isFinite ? shortest : 1e9,
                    expectedValue: 0,
                    priority: segment.priority,
                    explanation: explanation(
                        "offer \(alternative): the shortest predicted wait (\(waitText)) is past the \(segment.id) segment's patience of \(Int(segment.patienceSeconds)) s",
                        rule: "interactive routing: offer the segment's alternative instead of a queue the customer would abandon"))
            }
            guard let fallback = scored.min(by: { $0.wait < $1.wait }) else {
                return RouteDecision(
                    target: nil, alternative: nil, callbackSiteId: nil, predictedWaitSeconds: 1e9, expectedValue: 0, priority: segment.priority,
                    explanation: explanation("no site can take \(request.skill) now", rule: "no eligible target"))
            }
            return decision(
                fallback, agent: agent(at: fallback),
                summary:
                    "queue at \(fallback.candidate.site.siteId): every wait is past the segment's patience and it has no alternative; this is the shortest",
                rule: "shortest predicted wait")
        }
        let chosenAgent = agent(at: best)
        func summary() -> String {
            var summary = "route to \(best.candidate.site.siteId)"
            if let chosenAgent { summary += " (agent \(chosenAgent))" }
            summary += ": best expected value \(money(best.value)) with predicted wait \(Int(best.wait.rounded())) s"
            if onTarget == nil { summary += " (no site answers within the \(Int(threshold)) s service-level threshold)" }
            if segment.priority >= topPriority { summary += "; \(segment.id) goes to the head of the queue" }
            return summary
        }
        return decision(
            best, agent: chosenAgent, summary: summary(),
            rule: "maximum expected value net of predicted wait, among the sites answering within the service-level threshold when any does")
    }
}

import Foundation
import InterflowCore
import Planning
import Store

/// The `reallocation` job: the competitive value-based allocation of every skill, from the
/// coordinator's live state and closed intervals, recorded in the audit log with its explanation
/// (or the binding constraint when the contracts cannot all be met).
///
/// The split is a recommendation for the interval ahead: the real-time ``Rebalancer`` applies
/// shares as the modes allow.
public struct ReallocationAction: JobAction {
    let state: FederationState?
    let federation: Federation

    public init(state: FederationState?, federation: Federation) {
        self.state = state
        self.federation = federation
    }

    public func run(slot: JobSlot, dryRun: Bool) async throws -> JobOutcome {
        guard let state else {
            let summary = "no reallocation plan: the live federation state is only in a running coordinator (interflow serve)"
            if dryRun { return JobOutcome(summary: summary) }
            return JobOutcome(
                summary: summary, changed: ["recorded 1 decision"],
                decisions: [DecisionRecord(at: slot.instant, kind: "reallocation", job: slot.job.name, slot: slot.instant, summary: summary)])
        }
        let snapshots = await state.observations()
        let now = snapshots.values.compactMap { $0.status?.asOf }.max() ?? slot.instant
        var details: [String] = []
        var lines: [String] = []
        let encoder = AgentProtocol.makeEncoder()
        for skill in federation.config.skills {
            let (demand, sites) = PlanningInputs.build(
                skill: skill, federation: federation.config, sites: federation.sites, observations: snapshots, shares: [:], now: now)
            guard demand.arrivalRate > 0, !sites.isEmpty else {
                lines.append("\(skill.id): no demand observed yet")
                continue
            }
            let summary: String
            let detail: String
            switch ValueAllocator.allocate(demand: demand, sites: sites) {
            case .plan(let allocation):
                summary = allocation.explanation.summary
                detail = (try? String(decoding: encoder.encode(allocation), as: UTF8.self)) ?? "{}"
            case .infeasible(let problem):
                summary = "infeasible (\(problem.constraint.rawValue)): \(problem.message)"
                detail = (try? String(decoding: encoder.encode(problem), as: UTF8.self)) ?? "{}"
            }
            lines.append(summary)
            details.append("\"\(skill.id)\":" + detail)
        }
        // One decision per run, so a slot run again after a crash is recognisable as the same.
        let summary = lines.isEmpty ? "no skills configured" : lines.joined(separator: "; ")
        if dryRun { return JobOutcome(summary: "would record: " + summary) }
        let decision = DecisionRecord(
            at: slot.instant, kind: "reallocation", job: slot.job.name, slot: slot.instant, summary: summary,
            detail: "{" + details.joined(separator: ",") + "}")
        return JobOutcome(summary: summary, changed: ["recorded 1 allocation decision"], decisions: [decision])
    }
}

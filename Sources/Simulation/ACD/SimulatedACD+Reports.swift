import DequeModule
import Foundation
import InterflowCore

extension SimulatedACD {
    /// The real-time state at ``now``, as agent protocol v1 serves it.
    ///
    /// Per skill: contacts waiting and the oldest wait, agents logged in with the skill (staffed),
    /// idle (available) and handling a contact (busy, whatever skill the contact is), today's AHT
    /// (the previous day's, or the profile mean, before the first completion of the day), the
    /// threshold and today's counters for the site-local day. Agent-level states are always
    /// included; the agent server removes them for modes that do not show them.
    /// - Parameter routingVersion: the routing plan version the site has applied, reported as-is.
    /// - Complexity: O(agents × skills per agent).
    public func status(routingVersion: Int?) -> SiteStatus {
        var staffed = Array(repeating: 0, count: skills.count)
        var available = staffed
        var busy = staffed
        var agentStates: [AgentStatus] = []
        agentStates.reserveCapacity(agents.count)
        for agent in agents {
            let state: AgentStatus.State = !agent.loggedIn ? .away : agent.busy ? .busy : .available
            if agent.loggedIn {
                for s in agent.skills {
                    staffed[s] += 1
                    if agent.busy { busy[s] += 1 } else { available[s] += 1 }
                }
            }
            agentStates.append(
                AgentStatus(
                    id: agent.id, skills: agent.skills.map { skills[$0].id }, state: state,
                    since: Date(timeIntervalSince1970: agent.stateSince)))
        }
        let skillStates = skills.enumerated().map { s, skill in
            SkillStatus(
                skill: skill.id, waiting: waitingCount[s], oldestWaitSeconds: waiting[s].first.map { max(clock - $0.arrival, 0) } ?? 0,
                agentsStaffed: staffed[s], agentsAvailable: available[s], agentsBusy: busy[s], ahtSeconds: today[s].aht,
                slThresholdSeconds: skill.thresholdSeconds, today: today[s].counters)
        }
        return SiteStatus(siteId: site.id, mode: site.mode, asOf: now, routingVersion: routingVersion, skills: skillStates, agents: agentStates)
    }

    /// Closed intervals whose start lies in [`from`, `to`), every skill, oldest first, with every
    /// field of `IntervalRecord` filled (the agent server removes what a mode cannot report).
    /// Only the last `historyDays` days are kept.
    /// - Complexity: O(log h + r) for h kept records and r returned.
    public func closedIntervals(from: Date, to: Date) -> [IntervalRecord] {
        guard from < to else { return [] }
        var low = history.startIndex
        var high = history.endIndex
        while low < high {
            let mid = (low + high) / 2
            if history[mid].start < from { low = mid + 1 } else { high = mid }
        }
        var result: [IntervalRecord] = []
        var i = low
        while i < history.endIndex, history[i].start < to {
            result.append(history[i])
            i += 1
        }
        return result
    }
}

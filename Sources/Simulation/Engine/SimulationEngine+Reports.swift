import DequeModule
import Foundation
import InterflowCore

extension SimulationEngine {
    /// Site `s`'s real-time state at ``now``, as agent protocol v1 serves it.
    ///
    /// Per skill the site takes: contacts waiting and the oldest wait, agents logged in with the
    /// skill (staffed), idle (available) and handling a contact (busy, whatever skill the contact
    /// is), today's AHT (the previous day's, or the profile mean, before the first completion of the
    /// day), the threshold and today's counters for the site-local day. Agent-level states are
    /// included with `agents: true` (the agent server removes them for modes that do not show them).
    /// A site that is down reports its agents logged out.
    /// - Complexity: O(agents × skills per agent).
    public func status(site s: Int, routingVersion: Int?, agents includeAgents: Bool = true) -> SiteStatus {
        // The site in place, not a copy of it (every site, every poll).
        let skillCount = skillIDs.count
        var staffed = Array(repeating: 0, count: skillCount)
        var available = staffed
        var busy = staffed
        var agentStates: [AgentStatus] = []
        if includeAgents { agentStates.reserveCapacity(sites[s].agents.count) }
        for a in sites[s].agents.indices {
            let agent = sites[s].agents[a]
            if agent.loggedIn {
                for k in sites[s].skills(ofAgent: a) {
                    staffed[Int(k)] += 1
                    if agent.busy { busy[Int(k)] += 1 } else { available[Int(k)] += 1 }
                }
            }
            if includeAgents {
                let state: AgentStatus.State = !agent.loggedIn ? .away : agent.busy ? .busy : .available
                agentStates.append(
                    AgentStatus(
                        id: sites[s].layout.agentNames[a], skills: sites[s].layout.agentSkillNames[a], state: state,
                        since: Date(timeIntervalSince1970: agent.stateSince)))
            }
        }
        var skillStates: [SkillStatus] = []
        for k in 0..<skillCount {
            guard sites[s].layout.takesSkill[k] else { continue }
            skillStates.append(
                SkillStatus(
                    skill: skillIDs[k], waiting: sites[s].waitingCount[k], oldestWaitSeconds: oldestWait(site: s, skill: k),
                    agentsStaffed: staffed[k], agentsAvailable: available[k], agentsBusy: busy[k], ahtSeconds: sites[s].counters[k].today.aht,
                    slThresholdSeconds: sites[s].layout.figures[k].thresholdSeconds, today: sites[s].counters[k].today.counters))
        }
        return SiteStatus(
            siteId: sites[s].layout.config.id, mode: sites[s].layout.config.mode, asOf: now, routingVersion: routingVersion, skills: skillStates,
            agents: includeAgents ? agentStates : nil)
    }

    /// How long the oldest live contact of a skill has waited at site `s`.
    func oldestWait(site s: Int, skill k: Int) -> Double {
        var oldest = Double.infinity
        for rank in 0..<sites[s].liveRanks {
            if let front = sites[s].queues.first(sites[s].queue(skill: k, rank: rank)) { oldest = min(oldest, pool[front.slot].queuedAt) }
        }
        return oldest.isFinite ? max(clock - oldest, 0) : 0
    }

    /// Up to `limit` idle agents of site `s` with skill `k`, longest idle first.
    public func idleAgents(site s: Int, skill k: Int, limit: Int) -> [String] {
        guard !sites[s].down else { return [] }
        var names: [String] = []
        for entry in sites[s].idle.entries(k) where isIdle(site: s, entry) {
            names.append(sites[s].layout.agentNames[Int(entry.agent)])
            if names.count == limit { break }
        }
        return names
    }

    /// The index of an agent of site `s` by id.
    public func agent(named name: String, site s: Int) -> Int32? { sites[s].layout.agentIndex[name] }

    /// The id of agent `a` of site `s`.
    public func agentName(_ a: Int32, site s: Int) -> String { sites[s].layout.agentNames[Int(a)] }

    /// Closed intervals of site `s` whose start lies in [`from`, `to`), every skill, oldest first,
    /// with every field of `IntervalRecord` filled (what a mode cannot report is removed by
    /// ``InterflowCore/SiteExposure``). Only the last `historyDays` days are kept.
    /// - Complexity: O(log h + r) for h kept records and r returned.
    public func closedIntervals(site s: Int, from: Date, to: Date) -> [IntervalRecord] {
        guard from < to else { return [] }
        let history = sites[s].history
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

    /// Contacts waiting (live and callbacks) anywhere, and contacts in service or in transfer.
    public var openContacts: Int { pool.live }
}

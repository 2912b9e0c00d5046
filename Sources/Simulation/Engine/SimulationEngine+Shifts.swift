import DequeModule
import Foundation
import InterflowCore

extension SimulationEngine {
    /// Schedules every agent's shift of site `s`'s local day starting at `day`: shift start and end
    /// (the schedule), login and logout (what the agent does, with non-adherence). Times before the
    /// engine's start are moved to the start; shifts that ended before it are skipped.
    mutating func scheduleShifts(site s: Int, ofDayStarting day: Double) {
        var first = 0
        let clock = sites[s].localClock
        let adherence = sites[s].adherence
        for group in sites[s].layout.agentGroups {
            let count = max(group.count, 0)
            defer { first += count }
            guard group.endMinute > group.startMinute else { continue }
            let start = clock.time(localMinute: group.startMinute, ofDayStarting: day)
            let end = clock.time(localMinute: group.endMinute, ofDayStarting: day)
            for a in first..<(first + count) {
                var login = start
                var logout = end
                if Sampling.bernoulli(adherence.lateLoginProbability, using: &sites[s].behaviourRandom) {
                    login += Sampling.uniform(using: &sites[s].behaviourRandom) * adherence.maxLateMinutes * 60
                }
                if Sampling.bernoulli(adherence.earlyLogoutProbability, using: &sites[s].behaviourRandom) {
                    logout -= Sampling.uniform(using: &sites[s].behaviourRandom) * adherence.maxEarlyMinutes * 60
                }
                guard end > startTime else { continue }
                login = min(login, start + (end - start) / 2)
                logout = max(logout, login)
                let (site, agent) = (Int32(s), Int32(a))
                events.schedule(.shiftStart(site: site, agent: agent), at: max(start, startTime))
                events.schedule(.login(site: site, agent: agent), at: max(login, startTime))
                events.schedule(.logout(site: site, agent: agent), at: max(logout, startTime))
                events.schedule(.shiftEnd(site: site, agent: agent), at: max(end, startTime))
            }
        }
    }

    /// Adds the time since the last accrual at site `s` to its open interval (staffed, scheduled
    /// and adherent seconds, each agent's second split equally across its skills) and, inside the
    /// counted window, to the run's logged-in agent time. Called whenever an agent's login or shift
    /// changes, and when an interval closes.
    /// - Complexity: O(skills).
    mutating func accrue(site s: Int, to t: Double) {
        let last = sites[s].lastAccrual
        let dt = t - last
        guard dt > 0 else { return }
        sites[s].lastAccrual = t
        for k in sites[s].layout.skillsTaken {
            sites[s].counters[k].interval.staffedSeconds += sites[s].staffedWeight[k] * dt
            sites[s].counters[k].interval.scheduledSeconds += sites[s].scheduledWeight[k] * dt
            sites[s].counters[k].interval.adherentSeconds += sites[s].adherentWeight[k] * dt
        }
        let counted = min(t, countedUntil) - max(last, countedFrom)
        if counted > 0 { sites[s].tally.staffedSeconds += Double(sites[s].loggedIn) * counted }
    }

    /// Accrues every site's logged-in time up to now (the tally's staffed seconds are otherwise
    /// brought up to date only when agents log in or out and when intervals close).
    public mutating func accrueAll() {
        for s in sites.indices { accrue(site: s, to: clock) }
    }

    /// Changes an agent's shift or login state at `t`, keeping the per-skill weights in step.
    mutating func changeAgent(site s: Int, agent a: Int, at t: Double, _ change: (inout SiteModel.Agent) -> Void) {
        accrue(site: s, to: t)
        addWeights(site: s, agent: a, sign: -1)
        change(&sites[s].agents[a])
        addWeights(site: s, agent: a, sign: 1)
    }

    mutating func addWeights(site s: Int, agent a: Int, sign: Double) {
        let agent = sites[s].agents[a]
        let skills = sites[s].skills(ofAgent: a)
        if agent.loggedIn { sites[s].loggedIn += sign > 0 ? 1 : -1 }
        guard !skills.isEmpty else { return }
        let share = sign / Double(skills.count)
        let scheduled = agent.scheduledShifts > 0
        for skill in skills {
            let k = Int(skill)
            if agent.loggedIn { sites[s].staffedWeight[k] = snapped(sites[s].staffedWeight[k] + share) }
            if scheduled { sites[s].scheduledWeight[k] = snapped(sites[s].scheduledWeight[k] + share) }
            if agent.loggedIn && scheduled { sites[s].adherentWeight[k] = snapped(sites[s].adherentWeight[k] + share) }
        }
    }

    /// Rounding of 1/k shares must not leave a ghost agent when everyone has left.
    private func snapped(_ weight: Double) -> Double {
        abs(weight) < 1e-9 ? 0 : weight
    }

    mutating func login(site s: Int, agent a: Int, at t: Double) {
        if sites[s].agents[a].loggedIn {
            sites[s].agents[a].logoutPending = false
            return
        }
        guard !sites[s].down else { return }
        changeAgent(site: s, agent: a, at: t) { $0.loggedIn = true }
        agentFreed(site: s, agent: a, at: t)
    }

    mutating func logOut(site s: Int, agent a: Int, at t: Double) {
        changeAgent(site: s, agent: a, at: t) {
            $0.loggedIn = false
            $0.logoutPending = false
            $0.stateSince = t
            $0.idleStamp &+= 1
        }
    }

    /// Closes the interval ending at `t` at every site, records it per skill and schedules the next close.
    mutating func closeIntervals(endingAt t: Double) {
        let length = Double(intervalSeconds)
        let start = Date(timeIntervalSince1970: t - length)
        for s in sites.indices {
            accrue(site: s, to: t)
            for k in sites[s].layout.skillsTaken {
                let tally = sites[s].counters[k].interval
                if sites[s].keepsHistory {
                    sites[s].history.append(
                        IntervalRecord(
                            skill: skillIDs[k], start: start, lengthSeconds: intervalSeconds, offered: tally.offered, answered: tally.answered,
                            answeredWithinThreshold: tally.answeredWithinThreshold, abandoned: tally.abandoned, handled: tally.handled,
                            handleSeconds: tally.handleSeconds, answerWaitSeconds: tally.answerWaitSeconds,
                            resolvedFirstContact: tally.resolvedFirstContact, conversions: tally.conversions, revenue: tally.revenue,
                            staffedSeconds: tally.staffedSeconds, scheduledSeconds: tally.scheduledSeconds, adherentSeconds: tally.adherentSeconds))
                }
                sites[s].counters[k].interval = SiteModel.IntervalTally()
            }
            let oldest = t - sites[s].historySeconds
            while let first = sites[s].history.first, first.start.timeIntervalSince1970 < oldest {
                sites[s].history.removeFirst()
            }
        }
        events.schedule(.intervalClose, at: t + length)
    }

    /// A new local day at site `s`: today's counters restart, the day's shifts are scheduled.
    ///
    /// Contacts still waiting at midnight are carried over: they count as offered on the new day
    /// too, since they will be answered or abandoned on it; so today's answered + abandoned never
    /// exceeds today's offered.
    mutating func startDay(site s: Int, at t: Double) {
        sites[s].dayStart = t
        for k in sites[s].counters.indices {
            let aht = sites[s].counters[k].today.aht
            sites[s].counters[k].today = SiteModel.DayTally()
            sites[s].counters[k].today.lastAHT = aht
            sites[s].counters[k].today.counters.offered = sites[s].waitingCount[k]
        }
        scheduleShifts(site: s, ofDayStarting: t)
        events.schedule(.dayStart(site: Int32(s)), at: sites[s].localClock.startOfNextDay(after: t))
    }
}

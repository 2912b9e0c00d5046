import DequeModule
import Foundation
import InterflowCore

extension SimulatedACD {
    /// Schedules every agent's shift of the local day starting at `day`: shift start and end (the
    /// schedule), login and logout (what the agent does, with non-adherence). Times before the
    /// ACD's start are moved to the start; shifts that ended before it are skipped.
    mutating func scheduleShifts(ofDayStarting day: Double) {
        var first = 0
        for group in agentGroups {
            let count = max(group.count, 0)
            defer { first += count }
            guard group.endMinute > group.startMinute else { continue }
            let start = localClock.time(localMinute: group.startMinute, ofDayStarting: day)
            let end = localClock.time(localMinute: group.endMinute, ofDayStarting: day)
            for a in first..<(first + count) {
                var login = start
                var logout = end
                if Sampling.bernoulli(adherence.lateLoginProbability, using: &behaviourRandom) {
                    login += Sampling.uniform(using: &behaviourRandom) * adherence.maxLateMinutes * 60
                }
                if Sampling.bernoulli(adherence.earlyLogoutProbability, using: &behaviourRandom) {
                    logout -= Sampling.uniform(using: &behaviourRandom) * adherence.maxEarlyMinutes * 60
                }
                guard end > startTime else { continue }
                login = min(login, start + (end - start) / 2)
                logout = max(logout, login)
                events.schedule(.shiftStart(agent: a), at: max(start, startTime))
                events.schedule(.login(agent: a), at: max(login, startTime))
                events.schedule(.logout(agent: a), at: max(logout, startTime))
                events.schedule(.shiftEnd(agent: a), at: max(end, startTime))
            }
        }
    }

    /// Adds the staffed, scheduled and adherent seconds from the last accrual to `t` to the open
    /// interval, each agent's second split equally across its skills.
    /// - Complexity: O(skills).
    mutating func accrue(to t: Double) {
        let dt = t - lastAccrual
        guard dt > 0 else { return }
        lastAccrual = t
        for s in skills.indices {
            interval[s].staffedSeconds += staffedWeight[s] * dt
            interval[s].scheduledSeconds += scheduledWeight[s] * dt
            interval[s].adherentSeconds += adherentWeight[s] * dt
        }
    }

    /// Changes an agent's shift or login state at `t`, keeping the per-skill weights in step.
    mutating func changeAgent(_ a: Int, at t: Double, _ change: (inout Agent) -> Void) {
        accrue(to: t)
        addWeights(of: agents[a], sign: -1)
        change(&agents[a])
        addWeights(of: agents[a], sign: 1)
    }

    mutating func addWeights(of agent: Agent, sign: Double) {
        guard !agent.skills.isEmpty else { return }
        let share = sign / Double(agent.skills.count)
        let scheduled = agent.scheduledShifts > 0
        for s in agent.skills {
            if agent.loggedIn { staffedWeight[s] = snapped(staffedWeight[s] + share) }
            if scheduled { scheduledWeight[s] = snapped(scheduledWeight[s] + share) }
            if agent.loggedIn && scheduled { adherentWeight[s] = snapped(adherentWeight[s] + share) }
        }
    }

    /// Rounding of 1/k shares must not leave a ghost agent when everyone has left.
    private func snapped(_ weight: Double) -> Double {
        abs(weight) < 1e-9 ? 0 : weight
    }

    /// Closes the interval ending at `t`, records it for every skill and schedules the next close.
    mutating func closeInterval(endingAt t: Double) {
        accrue(to: t)
        let length = Double(intervalSeconds)
        let start = Date(timeIntervalSince1970: t - length)
        for (s, skill) in skills.enumerated() {
            let tally = interval[s]
            history.append(
                IntervalRecord(
                    skill: skill.id, start: start, lengthSeconds: intervalSeconds, offered: tally.offered, answered: tally.answered,
                    answeredWithinThreshold: tally.answeredWithinThreshold, abandoned: tally.abandoned, handled: tally.handled,
                    handleSeconds: tally.handleSeconds, answerWaitSeconds: tally.answerWaitSeconds, resolvedFirstContact: tally.resolvedFirstContact, conversions: tally.conversions, revenue: tally.revenue,
                    staffedSeconds: tally.staffedSeconds, scheduledSeconds: tally.scheduledSeconds, adherentSeconds: tally.adherentSeconds
                ))
            interval[s] = IntervalTally()
        }
        let oldest = t - historySeconds
        while let first = history.first, first.start.timeIntervalSince1970 < oldest {
            history.removeFirst()
        }
        events.schedule(.intervalClose, at: t + length)
    }

    /// A new local day: today's counters restart, the day's shifts are scheduled.
    ///
    /// Contacts still waiting at midnight are carried over: they count as offered on the new day
    /// too, since they will be answered or abandoned on it; so today's answered + abandoned never
    /// exceeds today's offered.
    mutating func startDay(at t: Double) {
        dayStart = t
        for s in skills.indices {
            let aht = today[s].aht
            today[s] = DayTally()
            today[s].lastAHT = aht
            today[s].counters.offered = waitingCount[s]
        }
        scheduleShifts(ofDayStarting: t)
        events.schedule(.dayStart, at: localClock.startOfNextDay(after: t))
    }
}

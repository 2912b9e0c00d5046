import DequeModule
import Foundation
import InterflowCore

/// How one simulated site handles a skill: its handle times, outcomes and service-level threshold.
public struct SkillHandling: Sendable, Hashable {
    public var handleTime: DurationDistribution
    /// Probability a handled contact is resolved on first contact.
    public var fcrRate: Double
    /// Probability a handled contact converts (a sale, a save), earning `revenuePerConversion`.
    public var conversionRate: Double
    public var revenuePerConversion: Double
    /// The skill's service-level threshold, seconds.
    public var thresholdSeconds: Double

    public init(handleTime: DurationDistribution, fcrRate: Double, conversionRate: Double, revenuePerConversion: Double, thresholdSeconds: Double) {
        self.handleTime = handleTime
        self.fcrRate = fcrRate
        self.conversionRate = conversionRate
        self.revenuePerConversion = revenuePerConversion
        self.thresholdSeconds = thresholdSeconds
    }
}

/// One site of a simulation: its agents and shifts, its queues, and the reports its ACD keeps.
///
/// Skills are the engine's: `takesSkill[k]` is false for a skill the site does not take.
struct SiteModel: Sendable {
    // MARK: Configuration

    /// What no run changes: built once and shared by every replication of a scenario.
    struct Layout: Sendable {
        let config: SiteConfig
        /// Per skill, the site's handling taken apart for the hot path: whether the site takes it,
        /// its plain figures, and its handle-time distribution (reading these copies nothing
        /// reference-counted).
        let takesSkill: [Bool]
        let figures: [HandlingFigures]
        let handleTimes: [DurationDistribution]
        /// The engine skills the site takes.
        let skillsTaken: [Int]
        let agentGroups: [AgentGroup]
        let agentNames: [String]
        let agentIndex: [String: Int32]
        /// Per agent, engine skill indices in order of preference, all agents' in one flat array:
        /// agent `a`'s are `skillFlat[agentSkillRange[a]]` (``SiteModel/skills(ofAgent:)``). Apart
        /// from ``Agent`` so that the agent's state is plain data, and flat so that the hot path
        /// reads them without retaining an array per agent.
        let skillFlat: [Int32]
        let agentSkillRange: [Range<Int>]
        /// The same by skill id, as the status lists them.
        let agentSkillNames: [[String]]
        /// Per skill, the mean handle time (today's AHT before the first completion).
        let meanHandleSeconds: [Double]
        /// The site's clock, before any lookup.
        let localClock: LocalClock

        /// - Parameters:
        ///   - handling: per engine skill, how the site handles it (nil: it does not take it).
        ///   - skillIndex: the engine's skills by id.
        init(config: SiteConfig, handling: [SkillHandling?], agentGroups: [AgentGroup], skillIndex: [String: Int32]) {
            self.config = config
            self.takesSkill = handling.map { $0 != nil }
            self.figures = handling.map { handling in
                guard let handling else { return HandlingFigures() }
                return HandlingFigures(
                    thresholdSeconds: handling.thresholdSeconds, fcrRate: handling.fcrRate, conversionRate: handling.conversionRate,
                    revenuePerConversion: handling.revenuePerConversion)
            }
            self.handleTimes = handling.map { $0?.handleTime ?? .exponential(meanSeconds: 0) }
            self.meanHandleSeconds = handling.map { $0?.handleTime.meanSeconds ?? 0 }
            self.skillsTaken = handling.indices.filter { handling[$0] != nil }
            self.agentGroups = agentGroups
            var skillLists: [[Int32]] = []
            var names: [String] = []
            for group in agentGroups {
                var unique: [Int32] = []
                for id in group.skills {
                    if let s = skillIndex[id], handling[Int(s)] != nil, !unique.contains(s) { unique.append(s) }
                }
                for n in 0..<max(group.count, 0) {
                    skillLists.append(unique)
                    names.append("\(group.name)-\(n + 1)")
                }
            }
            self.skillFlat = skillLists.flatMap { $0 }
            var ranges: [Range<Int>] = []
            var next = 0
            for list in skillLists {
                ranges.append(next..<next + list.count)
                next += list.count
            }
            self.agentSkillRange = ranges
            // One array per distinct skill list, shared by the agents that have it.
            let ids = Dictionary(skillIndex.map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            var named: [[Int32]: [String]] = [:]
            self.agentSkillNames = skillLists.map { list in
                if let names = named[list] { return names }
                let names = list.map { ids[$0] ?? "" }
                named[list] = names
                return names
            }
            self.agentNames = names
            self.agentIndex = Dictionary(names.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
            self.localClock = LocalClock(timeZoneIdentifier: config.timeZone)
        }
    }

    let layout: Layout
    let adherence: AdherenceBehaviour
    /// Queue ranks for live contacts (the segments' priority order); callbacks come after them.
    let liveRanks: Int

    // MARK: State

    var localClock: LocalClock
    var behaviourRandom: SplitMix64
    var agents: [Agent]
    /// Per skill and rank (``queue(skill:rank:)``): the contacts waiting, oldest first (entries of
    /// contacts that left are skipped). One flat array, so that reaching a queue is one access.
    var queues: RingQueues<ContactID>
    var waitingCount: [Int]
    var callbackCount: [Int]
    /// Per skill, idle agents, longest idle first (stale entries are skipped).
    var idle: RingQueues<IdleEntry>
    /// Whether the site is down (its agents take nothing, its agent answers no poll).
    var down = false
    /// Per skill, the open interval's report and today's counters, in one record: an answer or a
    /// completion updates both with one access.
    var counters: [SkillCounters]
    var dayStart: Double = 0
    var lastAccrual: Double
    var staffedWeight: [Double]
    var scheduledWeight: [Double]
    var adherentWeight: [Double]
    var history = Deque<IntervalRecord>()
    let historySeconds: Double
    let keepsHistory: Bool
    /// The site's part of the run's tally (``SimulationEngine/tally``): kept here so that an answer
    /// or a completion updates it with the rest of the site, in one access.
    var tally = RunTally.Site()
    /// Agents logged in and agents with a contact, for occupancy.
    var loggedIn = 0
    var busyAgents = 0

    struct Agent: Sendable {
        var loggedIn = false
        var busy = false
        var logoutPending = false
        var scheduledShifts = 0
        var stateSince: Double = 0
        var idleStamp: UInt64 = 0
        var contact = ContactID(slot: -1, generation: 0)
        var handleSeconds = 0.0

        @inline(__always)
        mutating func startContact(_ id: ContactID, at t: Double, handleSeconds: Double) {
            busy = true
            stateSince = t
            idleStamp &+= 1
            contact = id
            self.handleSeconds = handleSeconds
        }

        /// Puts down the contact in hand: returns it, its handle time and when it was taken.
        @inline(__always)
        mutating func finishContact() -> (contact: ContactID, handleSeconds: Double, since: Double) {
            let served = (contact, handleSeconds, stateSince)
            busy = false
            contact = ContactID(slot: -1, generation: 0)
            return served
        }
    }

    /// A skill's handling figures that are plain numbers.
    struct HandlingFigures: Sendable {
        var thresholdSeconds = 0.0
        var fcrRate = 1.0
        var conversionRate = 0.0
        var revenuePerConversion = 0.0
    }

    struct IdleEntry: Sendable {
        let agent: Int32
        let stamp: UInt64
    }

    struct IntervalTally: Sendable {
        var offered = 0
        var answered = 0
        var answeredWithinThreshold = 0
        var abandoned = 0
        var handled = 0
        var handleSeconds = 0.0
        var answerWaitSeconds = 0.0
        var resolvedFirstContact = 0
        var conversions = 0
        var revenue = 0.0
        var staffedSeconds = 0.0
        var scheduledSeconds = 0.0
        var adherentSeconds = 0.0

        @inline(__always)
        mutating func recordAnswer(wait: Double, within: Bool) {
            answered += 1
            answerWaitSeconds += wait
            if within { answeredWithinThreshold += 1 }
        }

        @inline(__always)
        mutating func recordCompletion(handleSeconds: Double, resolved: Bool, converted: Bool, revenue: Double) {
            handled += 1
            self.handleSeconds += handleSeconds
            if resolved { resolvedFirstContact += 1 }
            if converted {
                conversions += 1
                self.revenue += revenue
            }
        }
    }

    /// A skill's reports at the site: the interval open now and the site-local day so far.
    struct SkillCounters: Sendable {
        var interval = IntervalTally()
        var today = DayTally()

        @inline(__always)
        mutating func recordOffer() {
            interval.offered += 1
            today.counters.offered += 1
        }

        @inline(__always)
        mutating func recordAbandon() {
            interval.abandoned += 1
            today.counters.abandoned += 1
        }

        @inline(__always)
        mutating func recordAnswer(wait: Double, within: Bool) {
            interval.recordAnswer(wait: wait, within: within)
            today.counters.recordAnswer(within: within)
        }

        @inline(__always)
        mutating func recordCompletion(handleSeconds: Double, resolved: Bool, converted: Bool, revenue: Double) {
            interval.recordCompletion(handleSeconds: handleSeconds, resolved: resolved, converted: converted, revenue: revenue)
            today.recordCompletion(handleSeconds: handleSeconds)
        }
    }

    struct DayTally: Sendable {
        var counters = DayCounters()
        var completed = 0
        var handleSeconds = 0.0
        /// AHT reported before the first completion of the day: the last day's, or the profile mean.
        var lastAHT = 0.0

        var aht: Double { completed > 0 ? handleSeconds / Double(completed) : lastAHT }

        @inline(__always)
        mutating func recordCompletion(handleSeconds: Double) {
            completed += 1
            self.handleSeconds += handleSeconds
        }
    }

    /// - Parameters:
    ///   - liveRanks: priority ranks of live contacts.
    init(layout: Layout, liveRanks: Int, adherence: AdherenceBehaviour, seed: UInt64, start: Double, historyDays: Int, keepsHistory: Bool) {
        self.layout = layout
        self.adherence = adherence
        self.liveRanks = max(liveRanks, 1)
        self.agents = Array(repeating: Agent(), count: layout.agentNames.count)
        let skillCount = layout.takesSkill.count
        self.queues = RingQueues(queues: (self.liveRanks + 1) * skillCount, capacity: 16, filler: ContactID(slot: -1, generation: 0))
        self.waitingCount = Array(repeating: 0, count: skillCount)
        self.callbackCount = Array(repeating: 0, count: skillCount)
        self.idle = RingQueues(queues: skillCount, capacity: 2 * agents.count + 16, filler: IdleEntry(agent: -1, stamp: 0))
        self.counters = Array(repeating: SkillCounters(), count: skillCount)
        self.staffedWeight = Array(repeating: 0, count: skillCount)
        self.scheduledWeight = Array(repeating: 0, count: skillCount)
        self.adherentWeight = Array(repeating: 0, count: skillCount)
        for s in 0..<skillCount { counters[s].today.lastAHT = layout.meanHandleSeconds[s] }
        self.localClock = layout.localClock
        self.behaviourRandom = SplitMix64(seed: seed)
        self.lastAccrual = start
        self.historySeconds = Double(max(historyDays, 1)) * 86_400
        self.keepsHistory = keepsHistory
        self.dayStart = localClock.startOfDay(containing: start)
    }

    /// The rank callbacks wait at: after every live contact.
    var callbackRank: Int { liveRanks }

    /// Agent `a`'s engine skills, in order of preference.
    @inline(__always)
    func skills(ofAgent a: Int) -> ArraySlice<Int32> { layout.skillFlat[layout.agentSkillRange[a]] }

    /// The index in ``queues`` of skill `k`'s queue of `rank` (0...``callbackRank``).
    @inline(__always)
    func queue(skill k: Int, rank: Int) -> Int { k * (liveRanks + 1) + rank }
}

// MARK: Queues and idle agents

extension SiteModel {
    /// Puts a contact at the back of its skill's queue of `rank` (callbacks after every live rank).
    @inline(__always)
    mutating func enqueue(_ id: ContactID, skill k: Int, rank: Int, callback: Bool) {
        queues.append(id, to: queue(skill: k, rank: min(rank, callbackRank)))
        if callback { callbackCount[k] += 1 } else { waitingCount[k] += 1 }
    }

    /// Takes out of its queue the waiting contact agent `a` should take next: highest rank, then
    /// oldest, then the skill it prefers; nil when none waits for its skills.
    mutating func takeBestWaiting(for a: Int, site: Int32, pool: ContactPool) -> ContactID? {
        var bestSkill = -1
        var bestRank = Int.max
        var bestQueued = Double.infinity
        for i in layout.agentSkillRange[a] {
            let k = Int(layout.skillFlat[i])
            guard waitingCount[k] + callbackCount[k] > 0 else { continue }
            for rank in 0...callbackRank where rank <= bestRank {
                guard let front = queues.first(queue(skill: k, rank: rank)) else { continue }
                let queued = pool[front.slot].queuedAt
                if rank < bestRank || queued < bestQueued {
                    bestSkill = k
                    bestRank = rank
                    bestQueued = queued
                }
                break
            }
        }
        guard bestSkill >= 0 else { return nil }
        let id = queues.removeFirst(queue(skill: bestSkill, rank: bestRank))
        if pool[id.slot].state == .callbackWaiting {
            callbackCount[bestSkill] -= 1
        } else {
            waitingCount[bestSkill] -= 1
        }
        purgeFront(skill: bestSkill, site: site, pool: pool)
        return id
    }

    /// Agent `a` goes idle at `t`: at the back of the idle list of each of its skills.
    mutating func goIdle(_ a: Int, at t: Double) {
        agents[a].stateSince = t
        agents[a].idleStamp &+= 1
        let entry = IdleEntry(agent: Int32(a), stamp: agents[a].idleStamp)
        for i in layout.agentSkillRange[a] {
            let k = Int(layout.skillFlat[i])
            // Compacted before it fills: at most one entry per agent is current, so a full list
            // (more than twice the agents, plus slack) is mostly stale entries.
            if idle.count(k) == idle.capacity { compactIdle(skill: k) }
            idle.append(entry, to: k)
        }
    }

    /// Drops from the front of the skill's queues the contacts no longer in them (answered,
    /// abandoned, moved), so that every front is a contact still waiting here.
    mutating func purgeFront(skill k: Int, site: Int32, pool: ContactPool) {
        for q in queue(skill: k, rank: 0)...queue(skill: k, rank: callbackRank) {
            while let front = queues.first(q) {
                if pool.isCurrent(front) {
                    let contact = pool[front.slot]
                    if contact.site == site && (contact.state == .waiting || contact.state == .callbackWaiting) { break }
                }
                queues.removeFirst(q)
            }
        }
    }

    /// Whether an idle-list entry still names an idle agent (not busy, logged in, not idle again since).
    @inline(__always)
    func isIdle(_ entry: IdleEntry) -> Bool {
        let agent = agents[Int(entry.agent)]
        return agent.loggedIn && !agent.busy && agent.idleStamp == entry.stamp
    }

    /// The agent idle longest among those with skill `k`, dropping stale entries on the way; nil
    /// when none is idle or the site is down.
    mutating func longestIdleAgent(skill k: Int) -> Int? {
        guard !down else { return nil }
        while let front = idle.first(k) {
            if isIdle(front) { return Int(front.agent) }
            idle.removeFirst(k)
        }
        return nil
    }

    mutating func compactIdle(skill k: Int) {
        let valid = idle.entries(k).filter { isIdle($0) }
        idle.replace(k, with: valid)
    }
}

extension DayCounters {
    @inline(__always)
    mutating func recordAnswer(within: Bool) {
        answered += 1
        if within { answeredWithinThreshold += 1 }
    }
}

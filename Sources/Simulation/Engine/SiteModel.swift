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
/// Skills are the engine's: `handling[k]` is nil for a skill the site does not take.
struct SiteModel: Sendable {
    // MARK: Configuration

    let config: SiteConfig
    let handling: [SkillHandling?]
    /// The engine skills the site takes.
    let skillsTaken: [Int]
    let agentGroups: [AgentGroup]
    let adherence: AdherenceBehaviour
    /// Queue ranks for live contacts (the segments' priority order); callbacks come after them.
    let liveRanks: Int
    let agentNames: [String]
    let agentIndex: [String: Int32]

    // MARK: State

    var localClock: LocalClock
    var behaviourRandom: SplitMix64
    var agents: [Agent]
    /// Per skill, per rank: the contacts waiting, oldest first (entries of contacts that left are skipped).
    var queues: [[Deque<ContactID>]]
    var waitingCount: [Int]
    var callbackCount: [Int]
    /// Per skill, idle agents, longest idle first (stale entries are skipped).
    var idle: [Deque<IdleEntry>]
    /// Whether the site is down (its agents take nothing, its agent answers no poll).
    var down = false
    var interval: [IntervalTally]
    var today: [DayTally]
    var dayStart: Double = 0
    var lastAccrual: Double
    var staffedWeight: [Double]
    var scheduledWeight: [Double]
    var adherentWeight: [Double]
    var history = Deque<IntervalRecord>()
    let historySeconds: Double
    let keepsHistory: Bool
    /// Agents logged in and agents with a contact, for occupancy.
    var loggedIn = 0
    var busyAgents = 0

    /// Per agent, engine skill indices in order of preference (apart from ``Agent`` so that the
    /// agent's state is plain data, copied without reference counting).
    let agentSkills: [[Int32]]
    /// The same by skill id, as the status lists them.
    let agentSkillNames: [[String]]

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
    ///   - skillCount: the engine's skills.
    ///   - liveRanks: priority ranks of live contacts.
    init(
        config: SiteConfig, handling: [SkillHandling?], agentGroups: [AgentGroup], skillIndex: [String: Int32], liveRanks: Int,
        adherence: AdherenceBehaviour, seed: UInt64, start: Double, historyDays: Int, keepsHistory: Bool
    ) {
        self.config = config
        self.handling = handling
        self.skillsTaken = handling.indices.filter { handling[$0] != nil }
        self.agentGroups = agentGroups
        self.adherence = adherence
        self.liveRanks = max(liveRanks, 1)
        var agents: [Agent] = []
        var skillLists: [[Int32]] = []
        var names: [String] = []
        for group in agentGroups {
            var unique: [Int32] = []
            for id in group.skills {
                if let s = skillIndex[id], handling[Int(s)] != nil, !unique.contains(s) { unique.append(s) }
            }
            for n in 0..<max(group.count, 0) {
                agents.append(Agent())
                skillLists.append(unique)
                names.append("\(group.name)-\(n + 1)")
            }
        }
        self.agents = agents
        self.agentSkills = skillLists
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
        let skillCount = handling.count
        self.queues = Array(repeating: Array(repeating: Deque(), count: self.liveRanks + 1), count: skillCount)
        self.waitingCount = Array(repeating: 0, count: skillCount)
        self.callbackCount = Array(repeating: 0, count: skillCount)
        self.idle = Array(repeating: Deque(), count: skillCount)
        self.interval = Array(repeating: IntervalTally(), count: skillCount)
        self.today = Array(repeating: DayTally(), count: skillCount)
        self.staffedWeight = Array(repeating: 0, count: skillCount)
        self.scheduledWeight = Array(repeating: 0, count: skillCount)
        self.adherentWeight = Array(repeating: 0, count: skillCount)
        for s in 0..<skillCount { today[s].lastAHT = handling[s]?.handleTime.meanSeconds ?? 0 }
        self.localClock = LocalClock(timeZoneIdentifier: config.timeZone)
        self.behaviourRandom = SplitMix64(seed: seed)
        self.lastAccrual = start
        self.historySeconds = Double(max(historyDays, 1)) * 86_400
        self.keepsHistory = keepsHistory
        self.dayStart = localClock.startOfDay(containing: start)
    }

    /// Whether the site takes engine skill `s`.
    @inline(__always)
    func takes(_ s: Int32) -> Bool { handling[Int(s)] != nil }

    /// The rank callbacks wait at: after every live contact.
    var callbackRank: Int { liveRanks }
}

extension DayCounters {
    @inline(__always)
    mutating func recordAnswer(within: Bool) {
        answered += 1
        if within { answeredWithinThreshold += 1 }
    }
}

import DequeModule
import Foundation
import InterflowCore

/// The simulated ACD behind a site agent: contacts of each skill arrive, wait in a FIFO queue,
/// are answered by agents who have the skill, are handled, and either complete with an outcome or
/// abandon when the customer's patience runs out. Agents work shifts in site-local time.
///
/// A pure value built on ``EventQueue``: it never reads a clock. The caller moves time forward with
/// ``advance(to:)`` (the site agent maps an accelerated real-time clock onto simulated time at the
/// edge) and reads ``status(routingVersion:)`` and ``closedIntervals(from:to:)``. The same profile,
/// seed and calls give the same results.
///
/// Model:
/// - Arrivals per skill: a Poisson process of rate `peakArrivalsPerHour × hourlyProfile[local hour]`
///   drawn by thinning (``PoissonProcess``), or the constant rate set by ``setArrivalRate(skill:perHour:)``.
/// - An arriving contact goes to the longest-idle available agent who has the skill, else waits at
///   the back of the skill's queue. A freed agent takes the oldest waiting contact among its skills,
///   ties going to the skill it prefers (the order of its group's skill list).
/// - Patience is exponential with the skill's mean (`patienceSeconds`; an infinite or non-positive
///   mean means customers never abandon). Abandon events are cancelled lazily.
/// - Handle times are exponential or lognormal(mean, cv). On completion the contact is resolved on
///   first contact with probability `fcrRate` and converts with `conversionRate`, earning
///   `revenuePerConversion`.
/// - Agents log in at their shift start and out at its end every local day, with the non-adherence
///   of ``AdherenceBehaviour``; a busy agent finishes the contact first.
/// - Staffed, scheduled and adherent seconds are split equally across an agent's skills (an agent
///   with k skills adds 1/k of each second to each). Adherent = scheduled and logged in.
/// - Intervals close every `intervalSeconds`, aligned to the Unix epoch; the first one only
///   covers the time since `start`. Arrivals count in the interval they arrive in, answers and
///   abandons in the interval they happen in, handle seconds and outcomes in the interval the
///   contact completes in. The last seven days of intervals are kept.
///
/// Random streams are separate per skill's arrivals, for service (patience, handle times,
/// outcomes) and for agent behaviour, all derived from the profile's seed, so changing staffing
/// leaves the arrival sequence as it was.
public struct SimulatedACD: Sendable {
    // MARK: Configuration

    /// The site this ACD simulates.
    public let site: SiteConfig
    /// Length of a reporting interval, seconds.
    public let intervalSeconds: Int
    /// How long closed intervals are kept, seconds.
    public let historySeconds: Double
    let skills: [SkillModel]
    let skillIndex: [String: Int]
    let hourlyProfile: [Double]
    let adherence: AdherenceBehaviour
    let agentGroups: [AgentGroup]
    /// The simulated time the ACD was created at; shift events before it are moved to it.
    let startTime: Double

    // MARK: State

    var clock: Double
    var events = EventQueue<Event>()
    var localClock: LocalClock
    var arrivalRandom: [SplitMix64]
    var serviceRandom: SplitMix64
    var behaviourRandom: SplitMix64
    var agents: [Agent]
    var arrivalOverride: [Double?]
    var arrivalGeneration: [UInt64]
    var waiting: [Deque<WaitingContact>]
    var waitingCount: [Int]
    var waitingIDs = Set<UInt64>()
    var idle: [Deque<IdleEntry>]
    var nextContactID: UInt64 = 0
    var interval: [IntervalTally]
    var today: [DayTally]
    var dayStart: Double
    var lastAccrual: Double
    /// Per skill, the staffed, scheduled and adherent agent-shares right now (an agent with k skills counts 1/k in each).
    var staffedWeight: [Double]
    var scheduledWeight: [Double]
    var adherentWeight: [Double]
    var history = Deque<IntervalRecord>()
    /// Events handled since creation (a cost measure).
    public private(set) var processedEvents: UInt64 = 0

    /// Creates the ACD at `start` with every shift already running at `start` logged in.
    ///
    /// - Parameters:
    ///   - site: the site; its `timeZone` sets local days, hours and shifts, its `skills` the queues.
    ///   - profile: demand, handling, outcomes, agents and the seed. A skill of the site that the
    ///     profile lacks gets no arrivals of its own (a contact may still be offered or a rate set),
    ///     exponential handle times of 300 s, the federation's patience, and no outcomes.
    ///   - skills: the federation's skills, for the service-level threshold (20 s when missing) and patience.
    ///   - start: the simulated time to start at.
    ///   - intervalSeconds: reporting interval length, seconds (900 by default).
    ///   - adherence: how closely agents keep to shifts (``AdherenceBehaviour/typical`` by default).
    ///   - historyDays: days of closed intervals to keep.
    public init(
        site: SiteConfig, profile: SimulationProfile, skills: [SkillConfig], start: Date, intervalSeconds: Int = 900,
        adherence: AdherenceBehaviour = .typical, historyDays: Int = 7
    ) {
        precondition(intervalSeconds > 0, "intervalSeconds must be positive")
        self.site = site
        self.intervalSeconds = intervalSeconds
        self.historySeconds = Double(max(historyDays, 1)) * 86_400
        self.adherence = adherence
        self.hourlyProfile = profile.hourlyProfile.count == 24 ? profile.hourlyProfile.map { max($0, 0) } : Array(repeating: 1, count: 24)
        self.agentGroups = profile.agentGroups

        var skillIDs = site.skills
        if skillIDs.isEmpty { skillIDs = profile.skills.keys.sorted() }
        var seen = Set<String>()
        skillIDs = skillIDs.filter { seen.insert($0).inserted }
        self.skills = skillIDs.map { id in
            let config = skills.first { $0.id == id }
            let skillProfile =
                profile.skills[id]
                ?? SkillProfile(
                    peakArrivalsPerHour: 0, handleTime: .exponential(meanSeconds: 300), patienceSeconds: config?.patienceSeconds ?? 180,
                    fcrRate: 0, conversionRate: 0, revenuePerConversion: 0)
            return SkillModel(id: id, thresholdSeconds: config?.thresholdSeconds ?? 20, profile: skillProfile)
        }
        let skillIndex = Dictionary(uniqueKeysWithValues: skillIDs.enumerated().map { ($1, $0) })
        self.skillIndex = skillIndex
        let skillCount = skillIDs.count

        var agents: [Agent] = []
        for group in profile.agentGroups {
            let groupSkills = group.skills.compactMap { skillIndex[$0] }
            var unique: [Int] = []
            for s in groupSkills where !unique.contains(s) { unique.append(s) }
            for n in 0..<max(group.count, 0) {
                agents.append(Agent(id: "\(group.name)-\(n + 1)", skills: unique))
            }
        }
        self.agents = agents

        var master = SplitMix64(seed: profile.seed)
        self.arrivalRandom = (0..<skillCount).map { _ in master.split() }
        self.serviceRandom = master.split()
        self.behaviourRandom = master.split()

        let t0 = start.timeIntervalSince1970
        self.startTime = t0
        self.clock = t0
        self.lastAccrual = t0
        self.localClock = LocalClock(timeZoneIdentifier: site.timeZone)
        self.arrivalOverride = Array(repeating: nil, count: skillCount)
        self.arrivalGeneration = Array(repeating: 0, count: skillCount)
        self.waiting = Array(repeating: Deque(), count: skillCount)
        self.waitingCount = Array(repeating: 0, count: skillCount)
        self.idle = Array(repeating: Deque(), count: skillCount)
        self.interval = Array(repeating: IntervalTally(), count: skillCount)
        self.staffedWeight = Array(repeating: 0, count: skillCount)
        self.scheduledWeight = Array(repeating: 0, count: skillCount)
        self.adherentWeight = Array(repeating: 0, count: skillCount)
        self.today = Array(repeating: DayTally(), count: skillCount)
        self.dayStart = 0
        self.dayStart = localClock.startOfDay(containing: t0)
        for s in 0..<skillCount { today[s].lastAHT = self.skills[s].profile.handleTime.meanSeconds }

        // Shifts of yesterday (which may run past midnight) and today, then the next day's start.
        scheduleShifts(ofDayStarting: localClock.startOfPreviousDay(before: dayStart))
        scheduleShifts(ofDayStarting: dayStart)
        events.schedule(.dayStart, at: localClock.startOfNextDay(after: dayStart))
        let length = Double(intervalSeconds)
        events.schedule(.intervalClose, at: ((t0 / length).rounded(.down) + 1) * length)
        for s in 0..<skillCount { scheduleNextArrival(skill: s) }
    }

    /// The simulated time now.
    public var now: Date { Date(timeIntervalSince1970: clock) }

    /// Time of the next scheduled event, for a driver interleaving several ACDs in time order.
    public var nextEventTime: Date? { events.nextTime.map { Date(timeIntervalSince1970: $0) } }

    /// The skill ids the ACD models, in the site's order.
    public var skillIDs: [String] { skills.map(\.id) }

    /// Runs every event up to and including `time`, then sets ``now`` to `time`.
    /// Time is monotonic: an earlier `time` does nothing.
    /// - Complexity: O(k log n) for k events in the span and n pending events.
    public mutating func advance(to time: Date) {
        let limit = time.timeIntervalSince1970
        guard limit > clock else { return }
        while let (t, event) = events.popNext(notAfter: limit) {
            clock = t
            handle(event, at: t)
            processedEvents &+= 1
        }
        clock = limit
    }

    /// Sets a skill's arrival rate: `perHour` contacts per hour, used as-is (no time-of-day
    /// profile), from ``now`` on; nil returns to the site's own profile
    /// (`peakArrivalsPerHour × hourlyProfile` at the site-local hour).
    /// - Returns: false when the ACD does not model `skill` (nothing changes).
    @discardableResult
    public mutating func setArrivalRate(skill: String, perHour: Double?) -> Bool {
        guard let s = skillIndex[skill] else { return false }
        let rate = perHour.map { $0.isFinite ? max($0, 0) : 0 }
        // Unchanged: keep the pending arrival (the process is memoryless either way), so repeated
        // calls with the same rate neither grow the event queue nor shift the random stream.
        guard rate != arrivalOverride[s] else { return true }
        arrivalOverride[s] = rate
        arrivalGeneration[s] &+= 1
        scheduleNextArrival(skill: s)
        return true
    }

    /// The arrival rate override of a skill, per hour, or nil when it follows the site's profile.
    public func arrivalRateOverride(skill: String) -> Double? {
        skillIndex[skill].flatMap { arrivalOverride[$0] }
    }

    /// Offers one contact of `skill` at ``now``, in addition to the arrival process: a contact
    /// routed here from elsewhere (an interflow, a per-contact route). It counts as offered here.
    /// - Returns: false when the ACD does not model `skill`.
    @discardableResult
    public mutating func offerContact(skill: String) -> Bool {
        guard let s = skillIndex[skill] else { return false }
        offer(skill: s, at: clock)
        return true
    }
}

// MARK: - Internal model types

extension SimulatedACD {
    struct SkillModel: Sendable {
        let id: String
        let thresholdSeconds: Double
        let profile: SkillProfile
    }

    enum Event: Sendable {
        case arrival(skill: Int, generation: UInt64)
        case abandon(contact: UInt64, skill: Int)
        case completion(agent: Int, skill: Int, handleSeconds: Double)
        case shiftStart(agent: Int)
        case shiftEnd(agent: Int)
        case login(agent: Int)
        case logout(agent: Int)
        case intervalClose
        case dayStart
    }

    struct Agent: Sendable {
        let id: String
        /// Skill indices in order of preference.
        let skills: [Int]
        var loggedIn = false
        var busy = false
        var logoutPending = false
        /// Shifts running now (normally 0 or 1).
        var scheduledShifts = 0
        var stateSince: Double = 0
        /// Bumped whenever the agent stops or starts being idle; stale idle entries are skipped.
        var idleStamp: UInt64 = 0

        init(id: String, skills: [Int]) {
            self.id = id
            self.skills = skills
        }
    }

    struct WaitingContact: Sendable {
        let id: UInt64
        let arrival: Double
    }

    struct IdleEntry: Sendable {
        let agent: Int
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
    }

    struct DayTally: Sendable {
        var counters = DayCounters()
        var completed = 0
        var handleSeconds = 0.0
        /// AHT reported before the first completion of the day: the last day's, or the profile mean.
        var lastAHT = 0.0

        var aht: Double { completed > 0 ? handleSeconds / Double(completed) : lastAHT }
    }
}

// MARK: - Event handling

extension SimulatedACD {
    mutating func handle(_ event: Event, at t: Double) {
        switch event {
        case .arrival(let s, let generation):
            guard generation == arrivalGeneration[s] else { return }
            offer(skill: s, at: t)
            scheduleNextArrival(skill: s)
        case .abandon(let id, let s):
            guard waitingIDs.remove(id) != nil else { return }
            waitingCount[s] -= 1
            interval[s].abandoned += 1
            today[s].counters.abandoned += 1
            purgeWaitingFront(skill: s)
        case .completion(let a, let s, let handleSeconds):
            complete(agent: a, skill: s, handleSeconds: handleSeconds, at: t)
        case .shiftStart(let a):
            changeAgent(a, at: t) { $0.scheduledShifts += 1 }
        case .shiftEnd(let a):
            changeAgent(a, at: t) { $0.scheduledShifts = max($0.scheduledShifts - 1, 0) }
        case .login(let a):
            if agents[a].loggedIn {
                agents[a].logoutPending = false
                return
            }
            changeAgent(a, at: t) { $0.loggedIn = true }
            agentFreed(a, at: t)
        case .logout(let a):
            guard agents[a].loggedIn else { return }
            if agents[a].busy {
                agents[a].logoutPending = true
            } else {
                logOut(a, at: t)
            }
        case .intervalClose:
            closeInterval(endingAt: t)
        case .dayStart:
            startDay(at: t)
        }
    }

    mutating func offer(skill s: Int, at t: Double) {
        interval[s].offered += 1
        today[s].counters.offered += 1
        let id = nextContactID
        nextContactID &+= 1
        if let a = longestIdleAgent(skill: s) {
            answer(agent: a, skill: s, arrival: t, at: t)
            return
        }
        waiting[s].append(WaitingContact(id: id, arrival: t))
        waitingIDs.insert(id)
        waitingCount[s] += 1
        let patience = skills[s].profile.patienceSeconds
        if patience.isFinite && patience > 0 {
            let abandonAt = t + Sampling.exponential(mean: patience, using: &serviceRandom)
            events.schedule(.abandon(contact: id, skill: s), at: abandonAt)
        }
    }

    mutating func answer(agent a: Int, skill s: Int, arrival: Double, at t: Double) {
        let wait = t - arrival
        interval[s].answered += 1
        interval[s].answerWaitSeconds += wait
        today[s].counters.answered += 1
        if wait <= skills[s].thresholdSeconds {
            interval[s].answeredWithinThreshold += 1
            today[s].counters.answeredWithinThreshold += 1
        }
        agents[a].busy = true
        agents[a].stateSince = t
        agents[a].idleStamp &+= 1
        let handleSeconds = skills[s].profile.handleTime.sample(using: &serviceRandom)
        events.schedule(.completion(agent: a, skill: s, handleSeconds: handleSeconds), at: t + handleSeconds)
    }

    mutating func complete(agent a: Int, skill s: Int, handleSeconds: Double, at t: Double) {
        let profile = skills[s].profile
        interval[s].handled += 1
        interval[s].handleSeconds += handleSeconds
        today[s].completed += 1
        today[s].handleSeconds += handleSeconds
        if Sampling.bernoulli(profile.fcrRate, using: &serviceRandom) {
            interval[s].resolvedFirstContact += 1
        }
        if Sampling.bernoulli(profile.conversionRate, using: &serviceRandom) {
            interval[s].conversions += 1
            interval[s].revenue += profile.revenuePerConversion
        }
        agents[a].busy = false
        if agents[a].logoutPending {
            logOut(a, at: t)
        } else {
            agentFreed(a, at: t)
        }
    }

    /// A logged-in agent with nothing in hand: takes the oldest waiting contact among its skills, or goes idle.
    mutating func agentFreed(_ a: Int, at t: Double) {
        var best: Int?
        var bestArrival = Double.infinity
        for s in agents[a].skills {
            if let front = waiting[s].first, front.arrival < bestArrival {
                best = s
                bestArrival = front.arrival
            }
        }
        if let s = best {
            let contact = waiting[s].removeFirst()
            waitingIDs.remove(contact.id)
            waitingCount[s] -= 1
            purgeWaitingFront(skill: s)
            answer(agent: a, skill: s, arrival: contact.arrival, at: t)
            return
        }
        agents[a].stateSince = t
        agents[a].idleStamp &+= 1
        let entry = IdleEntry(agent: a, stamp: agents[a].idleStamp)
        for s in agents[a].skills {
            idle[s].append(entry)
            if idle[s].count > 2 * agents.count + 16 { compactIdle(skill: s) }
        }
    }

    mutating func logOut(_ a: Int, at t: Double) {
        changeAgent(a, at: t) {
            $0.loggedIn = false
            $0.logoutPending = false
            $0.stateSince = t
            $0.idleStamp &+= 1
        }
    }

    func isIdle(_ entry: IdleEntry) -> Bool {
        let agent = agents[entry.agent]
        return agent.loggedIn && !agent.busy && agent.idleStamp == entry.stamp
    }

    mutating func longestIdleAgent(skill s: Int) -> Int? {
        while let front = idle[s].first {
            if isIdle(front) { return front.agent }
            idle[s].removeFirst()
        }
        return nil
    }

    mutating func compactIdle(skill s: Int) {
        let valid = idle[s].filter { isIdle($0) }
        idle[s] = Deque(valid)
    }

    /// Keeps the invariant that the front of a skill's queue is a contact still waiting.
    mutating func purgeWaitingFront(skill s: Int) {
        while let front = waiting[s].first, !waitingIDs.contains(front.id) {
            waiting[s].removeFirst()
        }
    }

    mutating func scheduleNextArrival(skill s: Int) {
        let generation = arrivalGeneration[s]
        var random = arrivalRandom[s]
        defer { arrivalRandom[s] = random }
        let next: Double?
        if let perHour = arrivalOverride[s] {
            next = perHour > 0 ? clock + Sampling.exponential(mean: 3600 / perHour, using: &random) : nil
        } else {
            let peak = max(skills[s].profile.peakArrivalsPerHour, 0) / 3600
            let table = hourlyProfile
            let maxRate = peak * (table.max() ?? 0)
            var local = localClock
            next = PoissonProcess.nextArrival(after: clock, maxRate: maxRate, rate: { peak * table[local.hour(at: $0)] }, using: &random)
            localClock = local
        }
        if let next { events.schedule(.arrival(skill: s, generation: generation), at: next) }
    }
}

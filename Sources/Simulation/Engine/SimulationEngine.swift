import DequeModule
import Foundation
import InterflowCore

/// The discrete-event engine of every simulation in Interflow: the simulated ACD behind a site
/// agent (one site, on an accelerated real-time clock) and the policy simulator's federation (many
/// sites, as fast as possible) run on this one engine.
///
/// A pure value: it never reads a clock; time moves only when the caller runs it to a time.
/// Events come out of one ``EventQueue`` in time order, ties in the order they were scheduled, and
/// every random draw comes from streams seeded by the caller, so the same inputs give the same
/// run to the last digit.
///
/// Model, per site (``SiteModel``):
/// - Contacts of a skill wait in queues by priority rank (the segments' priorities), first come
///   first served within a rank; callbacks wait after every live contact and never abandon.
/// - An arriving contact goes to the agent asked for if idle, else to the longest-idle agent with
///   the skill, else it waits. A freed agent takes the waiting contact of highest rank, oldest
///   first, among its skills, ties going to the skill it prefers.
/// - A waiting contact abandons at its deadline (its patience from its first arrival, so time
///   spent in an interflow counts); abandon events are cancelled lazily.
/// - Handle time, resolution and conversion come from the contact's own draws and the handling
///   site's ``SkillHandling``.
/// - Agents work shifts in site-local time with the non-adherence of ``AdherenceBehaviour``; a busy
///   agent finishes the contact first. A site that is down takes no contact.
/// - Intervals close every `intervalSeconds`, aligned to the Unix epoch: arrivals count in the
///   interval they arrive in, answers and abandons in the one they happen in, handle time and
///   outcomes in the one the contact completes in.
///
/// Contacts of a ``ArrivalStream/Destination/routed`` stream, and control events the caller
/// schedules, stop ``run(until:)`` and are handed to the caller, which decides (the policy
/// simulator's coordinator) and calls back ``deliver(_:to:agent:at:)`` and friends.
public struct SimulationEngine: Sendable {
    /// What stopped ``run(until:)`` before its limit.
    public enum Stop: Sendable {
        /// A contact of a routed stream arrived: the caller sends it somewhere.
        case routed(ContactID, stream: Int32)
        /// A control event the caller scheduled came due.
        case control(kind: Int32, value: Int32, generation: UInt32)
        /// A contact has waited its site's interflow threshold (``setInterflowThreshold(site:skill:seconds:)``)
        /// and still waits: the caller may route it again.
        case interflowDue(ContactID)
    }

    enum Event: Sendable {
        case abandon(ContactID)
        case completion(site: Int32, agent: Int32)
        case shiftStart(site: Int32, agent: Int32)
        case shiftEnd(site: Int32, agent: Int32)
        case login(site: Int32, agent: Int32)
        case logout(site: Int32, agent: Int32)
        case intervalClose
        case dayStart(site: Int32)
        case control(kind: Int32, value: Int32, generation: UInt32)
        case interflowCheck(ContactID, site: Int32)
        /// An unresolved contact calls again: a new contact of `stream` that last spoke to `agent` at `site`.
        case repeatArrival(stream: Int32, site: Int32, agent: Int32)
    }

    // MARK: Configuration

    /// The engine's skills, by id, in order.
    public let skillIDs: [String]
    let skillIndex: [String: Int32]
    public let intervalSeconds: Int
    /// Contacts arriving in [countedFrom, countedUntil) count in ``tally``; busy and staffed time
    /// count inside it too.
    public let countedFrom: Double
    public let countedUntil: Double
    /// The start time.
    public let startTime: Double
    /// The share of contacts not resolved on first contact that call again, after an exponential
    /// delay of mean `repeatAfterSeconds` (their draws come from `repeatRandom`).
    public var repeatShare = 0.0
    public var repeatAfterSeconds = 7200.0
    public var repeatRandom = SplitMix64(seed: 0x5EED)

    // MARK: State

    public internal(set) var clock: Double
    var events = EventQueue<Event>()
    var sites: [SiteModel]
    public var streams: [ArrivalStream]
    /// Each stream's next arrival (∞: none), kept beside the event heap rather than in it: a few
    /// streams make most events, and a scan of them is cheaper than a push and a pop.
    var streamNext: [Double] = []
    /// The stream with the earliest next arrival, or -1.
    var firstStream = -1
    /// Per stream, fixed shares of its routed contacts (the carrier's percentages, the enterprise
    /// ACD's redirects): a contact whose routing draw falls in a site's share goes there without
    /// stopping the run; the rest is handed to the caller.
    var splits: [[(site: Int32, share: Double)]] = []
    /// Per site and skill, seconds after which a waiting contact is handed back (∞: never).
    var interflowThresholds: [[Double]] = []
    var pool = ContactPool()
    /// Per skill, outcomes of the contacts that count (each site keeps its own part of the tally,
    /// updated with the rest of its state).
    var skillTally: [RunTally.Skill]
    /// Outcomes of the contacts that count, for the policy simulator's report.
    public var tally: RunTally { RunTally(skills: skillTally, sites: sites.map(\.tally)) }
    /// Events handled since creation (a cost measure).
    public internal(set) var processedEvents: UInt64 = 0
    /// The model's own events, as a peer simulator counts them: arrivals, service completions and
    /// abandonments (not shifts, interval closes or cancelled events), for the benchmark.
    public internal(set) var modelEvents: UInt64 = 0

    /// - Parameters:
    ///   - skills: the federation's skills (ids and thresholds).
    ///   - sites: each site with how it handles each skill (by skill id; skills it does not take are
    ///     left out), its agent groups, and the seed of its agents' behaviour.
    ///   - liveRanks: priority ranks of live contacts (one per distinct segment priority).
    ///   - keepsHistory: whether sites keep closed interval records (agents and observers read them).
    public init(
        skills: [String], sites: [(config: SiteConfig, handling: [String: SkillHandling], groups: [AgentGroup], seed: UInt64)],
        start: Date, intervalSeconds: Int = 900, adherence: AdherenceBehaviour = .typical, liveRanks: Int = 1, historyDays: Int = 7,
        keepsHistory: Bool = true, countedFrom: Date = .distantPast, countedUntil: Date = .distantFuture
    ) {
        self.init(
            skills: skills, layouts: Self.layouts(skills: skills, sites: sites.map { ($0.config, $0.handling, $0.groups) }),
            seeds: sites.map(\.seed), start: start, intervalSeconds: intervalSeconds, adherence: adherence, liveRanks: liveRanks,
            historyDays: historyDays, keepsHistory: keepsHistory, countedFrom: countedFrom, countedUntil: countedUntil)
    }

    /// The sites' configurations as the engine keeps them: what every replication of a scenario
    /// shares (agents' names and skills, handling figures), built once for them all.
    static func layouts(
        skills: [String], sites: [(config: SiteConfig, handling: [String: SkillHandling], groups: [AgentGroup])]
    ) -> [SiteModel.Layout] {
        let index = skillIndex(skills)
        return sites.map { site in
            SiteModel.Layout(config: site.config, handling: skills.map { site.handling[$0] }, agentGroups: site.groups, skillIndex: index)
        }
    }

    static func skillIndex(_ skills: [String]) -> [String: Int32] {
        Dictionary(skills.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The same from layouts made by ``layouts(skills:sites:)`` with the same skills, and a seed per site.
    init(
        skills: [String], layouts: [SiteModel.Layout], seeds: [UInt64], start: Date, intervalSeconds: Int, adherence: AdherenceBehaviour,
        liveRanks: Int, historyDays: Int, keepsHistory: Bool, countedFrom: Date, countedUntil: Date
    ) {
        precondition(intervalSeconds > 0, "intervalSeconds must be positive")
        precondition(layouts.count == seeds.count, "a seed per site")
        self.skillIDs = skills
        self.skillIndex = Self.skillIndex(skills)
        self.intervalSeconds = intervalSeconds
        let t0 = start.timeIntervalSince1970
        self.startTime = t0
        self.clock = t0
        self.countedFrom = countedFrom.timeIntervalSince1970
        self.countedUntil = countedUntil.timeIntervalSince1970
        self.sites = zip(layouts, seeds).map { layout, seed in
            SiteModel(
                layout: layout, liveRanks: liveRanks, adherence: adherence, seed: seed, start: t0, historyDays: historyDays,
                keepsHistory: keepsHistory)
        }
        self.streams = []
        self.skillTally = Array(repeating: RunTally.Skill(), count: skills.count)
        for s in self.sites.indices {
            let site = self.sites[s]
            scheduleShifts(site: s, ofDayStarting: site.localClock.startOfPreviousDay(before: site.dayStart))
            scheduleShifts(site: s, ofDayStarting: site.dayStart)
            events.schedule(.dayStart(site: Int32(s)), at: site.localClock.startOfNextDay(after: site.dayStart))
        }
        let length = Double(intervalSeconds)
        events.schedule(.intervalClose, at: ((t0 / length).rounded(.down) + 1) * length)
    }

    /// The simulated time now.
    public var now: Date { Date(timeIntervalSince1970: clock) }

    /// Time of the next scheduled event.
    public var nextEventTime: Double? { events.nextTime }

    /// Site count.
    public var siteCount: Int { sites.count }

    /// The configuration of site `s`.
    public func siteConfig(_ s: Int) -> SiteConfig { sites[s].layout.config }

    /// The index of a skill id.
    public func skill(_ id: String) -> Int32? { skillIndex[id] }

    /// The contact a handle names.
    public func contact(_ id: ContactID) -> Contact { pool[id.slot] }

    // MARK: Streams and control events

    /// Adds an arrival stream and schedules its first arrival; returns its index.
    @discardableResult
    public mutating func addStream(_ stream: ArrivalStream) -> Int32 {
        streams.append(stream)
        let index = Int32(streams.count - 1)
        scheduleNextArrival(stream: index)
        return index
    }

    /// Replaces a stream's rate and scale from now on (the process is memoryless: the pending
    /// arrival is redrawn).
    public mutating func setStream(_ index: Int32, rate: RateFunction, scale: Double) {
        streams[Int(index)].rate = rate
        streams[Int(index)].scale = scale
        scheduleNextArrival(stream: index)
    }

    /// Sets the fixed shares of a routed stream: a contact whose routing draw is below the first
    /// share goes to the first site, and so on; past them all it is handed to the caller.
    public mutating func setSplit(stream: Int32, _ split: [(site: Int32, share: Double)]) {
        while splits.count <= Int(stream) { splits.append([]) }
        splits[Int(stream)] = split
    }

    /// Sets how long a contact of skill `k` may wait at site `s` before ``Stop/interflowDue(_:)``
    /// (nil: never), from the next contact that joins the queue on.
    public mutating func setInterflowThreshold(site s: Int, skill k: Int, seconds: Double?) {
        if interflowThresholds.isEmpty {
            interflowThresholds = Array(repeating: Array(repeating: .infinity, count: skillIDs.count), count: sites.count)
        }
        interflowThresholds[s][k] = seconds ?? .infinity
    }

    /// Schedules a control event: ``run(until:)`` returns it when it comes due.
    public mutating func schedule(control kind: Int32, value: Int32 = 0, generation: UInt32 = 0, at time: Double) {
        events.schedule(.control(kind: kind, value: value, generation: generation), at: max(time, clock))
    }

    /// Creates a contact of `skill` arriving now, with draws from `stream`'s random source (a
    /// repeat contact, an offered contact); it is not yet at any site.
    public mutating func makeContact(stream: Int32) -> ContactID {
        var contact = streams[Int(stream)].makeContact(at: clock, countedFrom: countedFrom, countedUntil: countedUntil)
        contact.stream = stream
        return pool.add(contact)
    }

    /// The site of a stream's fixed shares the draw falls in, or nil past them all.
    @inline(__always)
    func splitSite(stream i: Int, draw: Double) -> Int32? {
        guard i < splits.count else { return nil }
        var rest = draw
        for route in splits[i] {
            if rest < route.share { return route.site }
            rest -= route.share
        }
        return nil
    }

    mutating func scheduleNextArrival(stream index: Int32) {
        let i = Int(index)
        while streamNext.count < streams.count { streamNext.append(.infinity) }
        setNextArrival(stream: i, at: streams[i].next(after: clock) ?? .infinity)
    }

    /// Records stream `i`'s next arrival and finds the earliest of all streams.
    @inline(__always)
    mutating func setNextArrival(stream i: Int, at next: Double) {
        streamNext[i] = next
        var first = -1
        var earliest = Double.infinity
        for (k, t) in streamNext.enumerated() where t < earliest {
            first = k
            earliest = t
        }
        firstStream = first
    }

    // MARK: Running

    /// Runs every event up to and including `limit`, then sets the clock to `limit`; stops early,
    /// at the event's time, for a routed contact or a control event. Time never goes back.
    /// - Complexity: O(k log n) for k events in the span and n pending events.
    public mutating func run(until limit: Double) -> Stop? {
        while true {
            // An arrival first when it comes strictly before the heap's next event.
            if firstStream >= 0 {
                let arrival = streamNext[firstStream]
                if arrival <= limit && arrival < (events.nextTime ?? .infinity) {
                    let index = Int32(firstStream)
                    clock = max(clock, arrival)
                    processedEvents &+= 1
                    // The contact and the stream's next arrival in one access to the stream.
                    let (contact, next, destination) = streams[firstStream].arrive(
                        at: arrival, now: clock, countedFrom: countedFrom, countedUntil: countedUntil)
                    var made = contact
                    made.stream = index
                    let draw = made.routeDraw
                    let id = pool.add(made)
                    modelEvents &+= 1
                    setNextArrival(stream: firstStream, at: next)
                    switch destination {
                    case .site(let s): deliver(id, to: s)
                    case .routed:
                        if let site = splitSite(stream: Int(index), draw: draw) {
                            deliver(id, to: site)
                        } else {
                            return .routed(id, stream: index)
                        }
                    }
                    continue
                }
            }
            guard let (t, event) = events.popNext(notAfter: limit) else { break }
            clock = max(clock, t)
            processedEvents &+= 1
            switch event {
            case .abandon(let id):
                abandon(id, at: t)
            case .completion(let s, let a):
                complete(site: Int(s), agent: Int(a), at: t)
            case .shiftStart(let s, let a):
                changeAgent(site: Int(s), agent: Int(a), at: t) { $0.scheduledShifts += 1 }
            case .shiftEnd(let s, let a):
                changeAgent(site: Int(s), agent: Int(a), at: t) { $0.scheduledShifts = max($0.scheduledShifts - 1, 0) }
            case .login(let s, let a):
                login(site: Int(s), agent: Int(a), at: t)
            case .logout(let s, let a):
                let (site, agent) = (Int(s), Int(a))
                guard sites[site].agents[agent].loggedIn else { continue }
                if sites[site].agents[agent].busy {
                    sites[site].agents[agent].logoutPending = true
                } else {
                    logOut(site: site, agent: agent, at: t)
                }
            case .intervalClose:
                closeIntervals(endingAt: t)
            case .dayStart(let s):
                startDay(site: Int(s), at: t)
            case .control(let kind, let value, let generation):
                return .control(kind: kind, value: value, generation: generation)
            case .interflowCheck(let id, let site):
                if pool.isCurrent(id) && pool[id.slot].state == .waiting && pool[id.slot].site == site { return .interflowDue(id) }
            case .repeatArrival(let index, let site, let agent):
                var made = streams[Int(index)].makeContact(at: t, countedFrom: countedFrom, countedUntil: countedUntil, using: &repeatRandom)
                made.stream = index
                made.previousSite = site
                made.previousAgent = agent
                made.repeatDraw = 1  // one repeat per contact at most
                let id = pool.add(made)
                modelEvents &+= 1
                switch streams[Int(index)].destination {
                case .site(let s): deliver(id, to: s)
                case .routed: return .routed(id, stream: index)
                }
            }
        }
        clock = max(clock, limit)
        return nil
    }

    // MARK: Contacts

    /// Sends a contact to site `s`: an idle agent takes it (the one asked for, if idle and able),
    /// or it waits; it counts as offered there.
    public mutating func deliver(_ id: ContactID, to s: Int32, agent preferred: Int32? = nil) {
        let site = Int(s)
        let contact = pool[id.slot]
        let k = Int(contact.skill)
        guard sites[site].layout.takesSkill[k] else {
            // The site does not take the skill: the contact is lost (a misconfigured route).
            drop(id, reason: .misrouted)
            return
        }
        if contact.origin < 0 && contact.counted {
            sites[site].tally.delivered += 1
            skillTally[k].offered += 1
        }
        pool.arrive(id.slot, at: s, time: clock)
        sites[site].counters[k].recordOffer()
        var agent = -1
        if let preferred, isAvailable(site: site, agent: Int(preferred), skill: contact.skill) { agent = Int(preferred) }
        if agent < 0 { agent = longestIdleAgent(site: site, skill: k) ?? -1 }
        if agent >= 0 {
            answer(id, site: site, agent: agent, at: clock)
            return
        }
        enqueue(id, site: site, rank: Int(contact.rank), state: .waiting)
        if contact.deadline.isFinite && contact.transfers == 0 { events.schedule(.abandon(id), at: max(contact.deadline, clock)) }
        if !interflowThresholds.isEmpty, interflowThresholds[site][k].isFinite {
            events.schedule(.interflowCheck(id, site: s), at: clock + interflowThresholds[site][k])
        }
        if contact.deadline <= clock { abandon(id, at: clock) }
    }

    /// Offers a callback: the contact leaves the line and waits at site `s` after every live contact,
    /// without abandoning, until an agent calls it back.
    public mutating func queueCallback(_ id: ContactID, at s: Int32) {
        let site = Int(s)
        var contact = pool[id.slot]
        let k = Int(contact.skill)
        guard sites[site].layout.takesSkill[k] else {
            drop(id, reason: .misrouted)
            return
        }
        if contact.counted {
            skillTally[k].offered += contact.origin < 0 ? 1 : 0
            skillTally[k].callbacksOffered += 1
            if contact.origin < 0 { sites[site].tally.delivered += 1 }
        }
        if contact.origin < 0 { contact.origin = s }
        contact.site = s
        contact.queuedAt = clock
        contact.deadline = .infinity
        pool[id.slot] = contact
        if let agent = longestIdleAgent(site: site, skill: k) {
            pool[id.slot].state = .callbackWaiting
            answer(id, site: site, agent: agent, at: clock)
            return
        }
        enqueue(id, site: site, rank: sites[site].callbackRank, state: .callbackWaiting)
    }

    /// Why a contact left without reaching an agent or a queue.
    public enum DropReason: Sendable { case selfService, noTarget, misrouted }

    /// A contact that goes nowhere: served by self-service, or with no site to take it.
    public mutating func drop(_ id: ContactID, reason: DropReason) {
        let contact = pool[id.slot]
        if contact.counted {
            let k = Int(contact.skill)
            if contact.origin < 0 { skillTally[k].offered += 1 }
            switch reason {
            case .selfService: skillTally[k].selfService += 1
            case .noTarget, .misrouted: skillTally[k].lost += 1
            }
        }
        pool.release(id.slot)
    }

    /// Takes a waiting contact out of its queue for an interflow; false when it is no longer waiting.
    public mutating func withdraw(_ id: ContactID) -> Bool {
        guard pool.isCurrent(id), pool[id.slot].state == .waiting else { return false }
        let site = Int(pool[id.slot].site)
        let k = Int(pool[id.slot].skill)
        sites[site].waitingCount[k] -= 1
        pool[id.slot].state = .transferring
        pool[id.slot].transfers += 1
        if pool[id.slot].counted { skillTally[k].interflows += 1 }
        purgeFront(site: site, skill: k)
        return true
    }

    /// Whether `id` still names a contact in `state`.
    public func isContact(_ id: ContactID, in state: Contact.State) -> Bool {
        pool.isCurrent(id) && pool[id.slot].state == state
    }

    mutating func enqueue(_ id: ContactID, site: Int, rank: Int, state: Contact.State) {
        let k = Int(pool[id.slot].skill)
        pool.setState(id.slot, state)
        sites[site].enqueue(id, skill: k, rank: rank, callback: state == .callbackWaiting)
    }

    mutating func abandon(_ id: ContactID, at t: Double) {
        guard pool.isCurrent(id) else { return }
        let contact = pool[id.slot]
        guard contact.state == .waiting || contact.state == .transferring else { return }
        let k = Int(contact.skill)
        let site = Int(contact.site)
        if contact.state == .waiting {
            sites[site].waitingCount[k] -= 1
            sites[site].counters[k].recordAbandon()
        }
        if contact.counted {
            skillTally[k].abandoned += 1
            sites[site].tally.abandoned += 1
        }
        modelEvents &+= 1
        pool.release(id.slot)
        if contact.state == .waiting { purgeFront(site: site, skill: k) }
    }

    mutating func answer(_ id: ContactID, site: Int, agent a: Int, at t: Double) {
        let handle = Self.answer(id, site: &sites[site], agent: a, at: t, pool: &pool, skillTally: &skillTally)
        if handle >= 0 { events.schedule(.completion(site: Int32(site), agent: Int32(a)), at: t + handle) }
    }

    /// The answer's bookkeeping on the site itself (one exclusive access to it, not one per field);
    /// returns the handle time drawn, or -1 when the site does not take the skill.
    static func answer(
        _ id: ContactID, site: inout SiteModel, agent a: Int, at t: Double, pool: inout ContactPool, skillTally: inout [RunTally.Skill]
    ) -> Double {
        let contact = pool[id.slot]
        let k = Int(contact.skill)
        guard site.layout.takesSkill[k] else { return -1 }
        let threshold = site.layout.figures[k].thresholdSeconds
        let wait = t - contact.queuedAt
        let isCallback = contact.state == .callbackWaiting
        // One access per record: a mutating method on the element, not a write per field.
        if !isCallback { site.counters[k].recordAnswer(wait: wait, within: wait <= threshold) }
        if contact.counted {
            if isCallback {
                skillTally[k].recordCallback(delay: t - contact.queuedAt)
            } else {
                let total = t - contact.arrival
                skillTally[k].recordAnswer(wait: total, within: total <= threshold)
            }
            site.tally.answered += 1
        }
        pool.setState(id.slot, .inService)
        let handle = site.layout.handleTimes[k].quantile(contact.handleDraw)
        site.busyAgents += 1
        site.agents[a].startContact(id, at: t, handleSeconds: handle)
        return handle
    }

    mutating func complete(site: Int, agent a: Int, at t: Double) {
        let outcome = Self.complete(
            site: &sites[site], agent: a, at: t, pool: &pool, skillTally: &skillTally, countedFrom: countedFrom, countedUntil: countedUntil)
        modelEvents &+= 1
        if !outcome.resolved && outcome.repeatDraw < repeatShare && outcome.stream >= 0 {
            let delay = Sampling.exponential(mean: repeatAfterSeconds, using: &repeatRandom)
            if t + delay < streams[Int(outcome.stream)].until {
                events.schedule(.repeatArrival(stream: outcome.stream, site: Int32(site), agent: Int32(a)), at: t + delay)
            }
        }
        if sites[site].agents[a].logoutPending || sites[site].down {
            logOut(site: site, agent: a, at: t)
        } else {
            agentFreed(site: site, agent: a, at: t)
        }
    }

    /// The completion's bookkeeping on the site itself; returns what decides a repeat contact.
    static func complete(
        site: inout SiteModel, agent a: Int, at t: Double, pool: inout ContactPool, skillTally: inout [RunTally.Skill], countedFrom: Double,
        countedUntil: Double
    ) -> (resolved: Bool, repeatDraw: Double, stream: Int32) {
        let served = site.agents[a].finishContact()
        let id = served.contact
        let contact = pool[id.slot]
        let k = Int(contact.skill)
        let handleSeconds = served.handleSeconds
        var resolved = true
        if site.layout.takesSkill[k] {
            let handling = site.layout.figures[k]
            resolved = contact.resolveDraw < handling.fcrRate
            let converted = contact.convertDraw < handling.conversionRate
            let revenue = converted ? handling.revenuePerConversion : 0
            site.counters[k].recordCompletion(handleSeconds: handleSeconds, resolved: resolved, converted: converted, revenue: revenue)
            if contact.counted {
                skillTally[k].recordCompletion(resolved: resolved, revenue: revenue)
                site.tally.recordCompletion(handleSeconds: handleSeconds, resolved: resolved, revenue: revenue)
            }
        }
        pool.release(id.slot)
        // Busy time inside the counted window (logged-in time accrues as agents log in and out).
        let busy = min(t, countedUntil) - max(served.since, countedFrom)
        if busy > 0 { site.tally.busySeconds += busy }
        site.busyAgents -= 1
        return (resolved, contact.repeatDraw, contact.stream)
    }

    /// A logged-in agent with nothing in hand takes the best waiting contact among its skills
    /// (highest rank, then oldest, then the skill it prefers), or goes idle.
    mutating func agentFreed(site: Int, agent a: Int, at t: Double) {
        if let id = sites[site].takeBestWaiting(for: a, site: Int32(site), pool: pool) {
            answer(id, site: site, agent: a, at: t)
        } else {
            sites[site].goIdle(a, at: t)
        }
    }

    /// Keeps the invariant that the front of every queue is a contact still in it.
    mutating func purgeFront(site: Int, skill k: Int) {
        sites[site].purgeFront(skill: k, site: Int32(site), pool: pool)
    }

    @inline(__always)
    func isIdle(site: Int, _ entry: SiteModel.IdleEntry) -> Bool {
        sites[site].isIdle(entry)
    }

    func isAvailable(site: Int, agent a: Int, skill: Int32) -> Bool {
        guard a >= 0, a < sites[site].agents.count else { return false }
        let agent = sites[site].agents[a]
        return agent.loggedIn && !agent.busy && !sites[site].down && sites[site].skills(ofAgent: a).contains(skill)
    }

    mutating func longestIdleAgent(site: Int, skill k: Int) -> Int? {
        sites[site].longestIdleAgent(skill: k)
    }

    // MARK: Sites

    /// Takes a site down (its agents take nothing more and log out as they finish) or brings it back
    /// (agents on shift log in again).
    public mutating func setDown(_ s: Int, _ down: Bool) {
        guard sites[s].down != down else { return }
        sites[s].down = down
        for a in sites[s].agents.indices {
            if down {
                if sites[s].agents[a].loggedIn && !sites[s].agents[a].busy { logOut(site: s, agent: a, at: clock) }
            } else if sites[s].agents[a].scheduledShifts > 0 && !sites[s].agents[a].loggedIn {
                login(site: s, agent: a, at: clock)
            }
        }
    }

    /// Whether a site is down.
    public func isDown(_ s: Int) -> Bool { sites[s].down }
}

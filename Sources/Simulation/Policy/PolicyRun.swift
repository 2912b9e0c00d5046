import Foundation
import InterflowCore
import Planning

/// One replication of one policy on a scenario: the federation's sites on the
/// ``SimulationEngine``, and the coordinator played by the Planning module's own code.
///
/// What the coordinator does here is what it does live (``Rebalance/skill(_:federation:sites:observed:current:scheduled:now:policy:deadband:orderLead:windows:explain:)``,
/// ``RoutingBoard``, ``PlanningInputs``, ``SiteHealth``): every `rebalanceSeconds` it polls every site
/// — what the site's mode shows: queue and agent state (in-house, virtualized), queue state only
/// (enterprise-routed), closed intervals only and late (network-delivered) — and rebalances. Then:
/// - each skill's arrivals are split as the modes deliver them: the carrier network sends the
///   network-delivered sites their current percentage (changed only at their change windows, by
///   the change orders the planner made); the enterprise ACD redirects the enterprise-routed sites'
///   shares (changed at once); the rest is routed contact by contact to in-house and virtualized
///   sites (and enterprise-routed queues) by ``RoutingBoard`` — continuity, priority, a callback or
///   self-service when every wait is past the segment's patience;
/// - a contact waiting at an enterprise-routed site past the interflow threshold the plan gave it
///   is routed again and moved, after the interflow delay, if another site will answer it sooner;
/// - a site that is down answers no poll: it goes stale and then down in the coordinator's eyes,
///   which stops giving it work as its mode allows.
///
/// Under the static policy there is no coordinator: each skill's arrivals are split by fixed
/// shares (outsourcers at the middle of their contract bounds, the rest by agents scheduled),
/// reset every interval, with no interflow and no per-contact routing.
public struct PolicyRun {
    public let scenario: Scenario
    public let policy: SimulationPolicy
    public let replication: Int

    var engine: SimulationEngine
    let federation: Federation
    let sites: [SiteConfig]
    let skillConfigs: [SkillConfig]
    let siteIndex: [String: Int32]
    let rebalanceSeconds: Double
    let topPriority: Int
    let segments: [SegmentConfig]
    let sharePolicy: SharePolicy?
    /// Skill → site id → the share in effect: network percentages, redirect shares, and (for the
    /// static policy) every site's.
    var shares: [[String: Double]]
    /// Network percentages ordered for the next change window: skill → site id → (share, when).
    var orders: [[String: (share: Double, at: Date)]]
    var board = RoutingBoard()
    /// What the coordinator knows of each site, in `sites`' order (nil before its first poll).
    var observations: [SiteObservation?]
    var health: [SiteHealth]
    /// Per site, the end of the last closed interval seen: the next interval poll asks from there.
    var intervalsSeenUntil: [Date]
    /// Per site, when the next interval poll is due. Interval polls keep their own cadence
    /// (`interval_poll`), as the coordinator's poller does; they do not follow the data, which a
    /// reporting delay or an open 15-minute interval holds back from the clock.
    var nextIntervalPoll: [Date]
    /// Interval polls made, per site (in `sites`' order).
    public private(set) var intervalPolls: [Int]
    var pendingTransfers: [Int32: Int32] = [:]  // contact slot → target site
    /// Per skill, the sites reached by a fixed share, in the order the draw walks them: the carrier's
    /// network-delivered sites, then the enterprise ACD's redirects (under static, every site).
    var fixedRoutes: [[(site: Int32, share: Double)]] = []
    /// ``fixedSites(skills:sites:policy:)``.
    let fixedSites: [[Int32]]
    /// Each site's local clock.
    let clocks: [SiteClock]
    /// Under static, per skill, the agents scheduled at each site when its split was last made:
    /// the split is a function of them, so an interval that changes none keeps it.
    var staticAgents: [[Int]] = []
    /// Plans made (a measure of the coordinator's work).
    public private(set) var rebalances = 0
    /// Rebalance rounds: each polls every site's status (where its mode shows one) once.
    public private(set) var rounds = 0
    /// Every change of a fixed share (network percentages, enterprise redirect shares), in time order.
    public private(set) var shareChanges: [RunResult.ShareChange] = []

    enum Control: Int32 {
        case rebalance = 1, event = 2, transfer = 4, staticShares = 5
    }

    /// What every replication of one policy on a scenario shares, built once for them all: the
    /// sites as the engine keeps them, the site clocks, the demand's arrival streams (seeded per
    /// replication) and the split at the start.
    public struct Preparation: Sendable {
        let scenario: Scenario
        let policy: SimulationPolicy
        let layouts: [SiteModel.Layout]
        let clocks: [SiteClock]
        let siteIndex: [String: Int32]
        let liveRanks: Int
        /// One routed stream per skill, then the surges; their seeds are the replication's.
        let streams: [ArrivalStream]
        /// Per skill, the agents scheduled at each site at the start.
        let agentsAtStart: [[Int]]
        let fixedSites: [[Int32]]

        public init(scenario: Scenario, policy: SimulationPolicy) {
            self.scenario = scenario
            self.policy = policy
            let federation = scenario.federation
            let skills = federation.config.skills
            let siteIndex = Dictionary(federation.sites.enumerated().map { ($1.id, Int32($0)) }, uniquingKeysWith: { first, _ in first })
            self.siteIndex = siteIndex
            let clocks = federation.sites.map { SiteClock(timeZone: TimeZone(identifier: $0.timeZone) ?? .gmt) }
            self.clocks = clocks
            self.layouts = SimulationEngine.layouts(
                skills: skills.map(\.id),
                sites: federation.sites.map { site in
                    var handling: [String: SkillHandling] = [:]
                    for id in site.skills {
                        guard let skill = federation.config.skill(id) else { continue }
                        let profile = site.simulation?.skills[id]
                        handling[id] = SkillHandling(
                            handleTime: scenario.handleTimes[site.id]?[id] ?? profile?.handleTime ?? .exponential(meanSeconds: 300),
                            fcrRate: profile?.fcrRate ?? 0, conversionRate: profile?.conversionRate ?? 0,
                            revenuePerConversion: profile?.revenuePerConversion ?? 0, thresholdSeconds: skill.thresholdSeconds)
                    }
                    return (site, handling, scenario.staffing[site.id] ?? site.simulation?.agentGroups ?? [])
                })
            let priorities = Array(Set(federation.config.segments.map(\.priority))).sorted(by: >)
            self.liveRanks = max(priorities.count, 1)

            // Demand: one routed stream per skill; segments with their rank and patience.
            let segmentSpecs = federation.config.segments.map { segment -> (rank: Int32, patience: DurationDistribution?) in
                let rank = Int32(priorities.firstIndex(of: segment.priority) ?? 0)
                return (rank, PolicyRun.patience(scenario.patience, mean: segment.patienceSeconds))
            }
            /// A demand plan's segments as a stream draws them: (probability, rank, patience).
            func mix(_ plan: SkillDemandPlan?) -> [(Double, Int32, DurationDistribution?)] {
                federation.config.segments.enumerated().map { index, segment in
                    (plan?.segments[segment.id] ?? 0, segmentSpecs[index].rank, segmentSpecs[index].patience)
                }
            }
            let startOfDay = PolicyRun.startOfDay(scenario.start, timeZone: scenario.timeZone)
            var streams: [ArrivalStream] = []
            for (k, skill) in skills.enumerated() {
                let plan = scenario.demand.first { $0.skill == skill.id }
                let rate = plan.map { PolicyRun.rate($0, startOfDay: startOfDay) } ?? .constant(0)
                let mix = mix(plan)
                streams.append(
                    ArrivalStream(
                        skill: Int32(k), destination: .routed, rate: rate, timeZone: scenario.timeZone,
                        segments: mix.isEmpty ? [(1, 0, nil)] : mix, from: scenario.start.timeIntervalSince1970,
                        until: scenario.end.timeIntervalSince1970, seed: 0))
            }
            // Surges: a site's own number flooded; extra arrivals straight to its queue.
            for event in scenario.events {
                guard case .surge(let siteID, let skillID, let factor, let from, let until) = event, let s = siteIndex[siteID],
                    let k = skills.firstIndex(where: { $0.id == skillID }), let plan = scenario.demand.first(where: { $0.skill == skillID })
                else { continue }
                let agents = PolicyRun.scheduledAgents(skill: skillID, sites: federation.sites, clocks: clocks, staffing: scenario.staffing, at: from)
                let share = PolicyRun.staticShares(skill: skillID, sites: federation.sites, agents: agents)[siteID] ?? 0
                streams.append(
                    ArrivalStream(
                        skill: Int32(k), destination: .site(s), rate: PolicyRun.rate(plan, startOfDay: startOfDay), timeZone: scenario.timeZone,
                        segments: mix(plan), from: from.timeIntervalSince1970, until: until.timeIntervalSince1970, scale: max(factor - 1, 0) * share,
                        seed: 0))
            }
            self.streams = streams
            self.agentsAtStart = skills.map { skill in
                PolicyRun.scheduledAgents(skill: skill.id, sites: federation.sites, clocks: clocks, staffing: scenario.staffing, at: scenario.start)
            }
            self.fixedSites = PolicyRun.fixedSites(skills: skills, sites: federation.sites, policy: policy)
        }
    }

    /// - Parameter replication: 0-based; the same index gives the same arrivals, handle times and
    ///   patience under every policy (common random numbers).
    public init(scenario: Scenario, policy: SimulationPolicy, replication: Int) {
        self.init(preparation: Preparation(scenario: scenario, policy: policy), replication: replication)
    }

    /// Replication `replication` of a prepared policy: only the seeds are its own.
    public init(preparation: Preparation, replication: Int) {
        let scenario = preparation.scenario
        let policy = preparation.policy
        self.scenario = scenario
        self.policy = policy
        self.replication = replication
        let federation = scenario.federation
        self.federation = federation
        self.sites = federation.sites
        self.skillConfigs = federation.config.skills
        self.segments = federation.config.segments
        self.topPriority = ContactRouter.headOfQueuePriority(segments: federation.config.segments)
        self.rebalanceSeconds = scenario.settings.rebalanceSeconds ?? federation.config.coordinator.rebalanceSeconds
        switch policy {
        case .static: sharePolicy = nil
        case .overflow: sharePolicy = .overflow
        case .value: sharePolicy = .value
        }
        self.siteIndex = preparation.siteIndex
        self.clocks = preparation.clocks

        // The replication's seeds, drawn in a fixed order: the sites' behaviour, repeat contacts,
        // then the streams.
        var master = SplitMix64(seed: scenario.settings.seed &+ UInt64(replication) &* 0x9E37_79B9_7F4A_7C15)
        let siteSeeds = preparation.layouts.map { _ in master.next() }
        let counted = scenario.start.addingTimeInterval(scenario.warmupSeconds)
        var engine = SimulationEngine(
            skills: federation.config.skills.map(\.id), layouts: preparation.layouts, seeds: siteSeeds, start: scenario.start,
            intervalSeconds: 900, adherence: scenario.settings.perfectAdherence ? .perfect : .typical, liveRanks: preparation.liveRanks,
            historyDays: 2,
            // Closed intervals are kept for the coordinator's polls; under static no one polls.
            keepsHistory: policy != .static, countedFrom: counted, countedUntil: scenario.end)
        engine.repeatShare = scenario.settings.repeatShare
        engine.repeatAfterSeconds = scenario.settings.repeatAfterSeconds
        engine.repeatRandom = SplitMix64(seed: master.next())
        for template in preparation.streams {
            var stream = template
            stream.random = SplitMix64(seed: master.next())
            engine.addStream(stream)
        }
        for (index, event) in scenario.events.enumerated() {
            guard case .down(_, let from, let until) = event else { continue }
            engine.schedule(control: Control.event.rawValue, value: Int32(index), generation: 0, at: from.timeIntervalSince1970)
            engine.schedule(control: Control.event.rawValue, value: Int32(index), generation: 1, at: until.timeIntervalSince1970)
        }
        self.engine = engine

        let start = scenario.start
        let skills = federation.config.skills
        self.shares = zip(skills, preparation.agentsAtStart).map { skill, agents in
            Self.staticShares(skill: skill.id, sites: federation.sites, agents: agents)
        }
        self.staticAgents = preparation.agentsAtStart
        self.orders = Array(repeating: [:], count: skills.count)
        let settings = federation.config.coordinator
        self.health = federation.sites.map { site in
            let cadence = site.mode.exposesRealTimeStatus ? site.agent.pollIntervalSeconds : site.agent.intervalPollSeconds
            return SiteHealth(staleAfter: cadence * settings.staleAfterPolls, downAfter: cadence * settings.downAfterPolls, now: start)
        }
        self.intervalsSeenUntil = Array(repeating: start, count: federation.sites.count)
        self.nextIntervalPoll = Array(repeating: start, count: federation.sites.count)
        self.intervalPolls = Array(repeating: 0, count: federation.sites.count)
        self.observations = Array(repeating: nil, count: federation.sites.count)
        self.fixedRoutes = []
        self.fixedSites = preparation.fixedSites
        refreshFixedRoutes()
        if policy == .static {
            self.engine.schedule(control: Control.staticShares.rawValue, at: Self.nextInterval(after: start.timeIntervalSince1970))
        } else {
            self.engine.schedule(control: Control.rebalance.rawValue, at: start.timeIntervalSince1970)
        }
    }

    // MARK: Running

    /// Runs the day, then lets the contacts that arrived in it finish (the coordinator keeps
    /// working), at most six hours past the end.
    public mutating func run() -> RunResult {
        let end = scenario.end.timeIntervalSince1970
        let drainLimit = end + 6 * 3600
        var limit = end
        while true {
            if let stop = engine.run(until: limit) {
                handle(stop)
                continue
            }
            if limit >= drainLimit || engine.openContacts == 0 { break }
            limit = min(limit + 600, drainLimit)
        }
        engine.accrueAll()
        return RunResult(run: self)
    }

    mutating func handle(_ stop: SimulationEngine.Stop) {
        switch stop {
        case .routed(let id, _):
            route(id)
        case .interflowDue(let id):
            interflow(id)
        case .control(let kind, let value, let generation):
            switch Control(rawValue: kind) {
            case .rebalance:
                rebalance()
                if engine.clock < scenario.end.timeIntervalSince1970 + 6 * 3600 {
                    engine.schedule(control: Control.rebalance.rawValue, at: engine.clock + rebalanceSeconds)
                }
            case .event:
                if case .down(let site, _, _) = scenario.events[Int(value)], let s = siteIndex[site] {
                    engine.setDown(Int(s), generation == 0)
                }
            case .transfer:
                let id = ContactID(slot: value, generation: generation)
                if let target = pendingTransfers.removeValue(forKey: value), engine.isContact(id, in: .transferring) {
                    engine.deliver(id, to: target)
                }
            case .staticShares:
                let now = engine.now
                var changed = false
                for (k, skill) in skillConfigs.enumerated() {
                    let agents = scheduledAgents(skill: skill.id, at: now)
                    guard agents != staticAgents[k] else { continue }
                    staticAgents[k] = agents
                    shares[k] = Self.staticShares(skill: skill.id, sites: sites, agents: agents)
                    changed = true
                }
                if changed { refreshFixedRoutes() }
                engine.schedule(control: Control.staticShares.rawValue, at: Self.nextInterval(after: engine.clock))
            case nil:
                break
            }
        }
    }

    // MARK: Delivery by mode

    /// The fixed-share routes of every skill from the current shares.
    mutating func refreshFixedRoutes() {
        defer {
            // The engine delivers the fixed shares itself; only the pooled rest comes back to route.
            for k in fixedRoutes.indices { engine.setSplit(stream: Int32(k), fixedRoutes[k]) }
        }
        fixedRoutes = fixedSites.indices.map { k in fixedSites[k].map { (site: $0, share: shares[k][sites[Int($0)].id] ?? 0) } }
    }

    /// Per skill, the sites a fixed share reaches, in the order the draw walks them: the carrier's
    /// network-delivered sites, then the enterprise ACD's redirects (under static, every site).
    static func fixedSites(skills: [SkillConfig], sites: [SiteConfig], policy: SimulationPolicy) -> [[Int32]] {
        let modes: [SiteMode] = policy == .static ? SiteMode.allCases : [.networkDelivered, .enterpriseRouted]
        return skills.map { skill in
            modes.flatMap { mode in
                sites.indices.filter { sites[$0].mode == mode && sites[$0].skills.contains(skill.id) }.map { Int32($0) }
            }
        }
    }

    /// Routes a contact the fixed shares did not take (the engine delivers those itself): the
    /// pooled capacity, contact by contact; under static, the site with the most agents.
    mutating func route(_ id: ContactID) {
        let contact = engine.contact(id)
        let k = Int(contact.skill)
        let skill = skillConfigs[k]
        if policy == .static {
            if let s = largestSite(skill: skill.id) { engine.deliver(id, to: s) } else { engine.drop(id, reason: .noTarget) }
            return
        }
        let segment = segments[Int(contact.segment)]
        let request = RouteRequest(
            skill: skill.id, segment: segment.id, customerId: "",
            previousSite: contact.previousSite >= 0 ? sites[Int(contact.previousSite)].id : nil,
            previousAgent: contact.previousSite >= 0 && contact.previousAgent >= 0
                ? engine.agentName(contact.previousAgent, site: Int(contact.previousSite)) : nil)
        let decision = board.route(
            request, segment: segment, topPriority: topPriority, threshold: skill.thresholdSeconds, abandonCost: federation.config.value.abandonCost,
            explain: false)
        if let target = decision.target, let s = siteIndex[target.siteId] {
            engine.deliver(id, to: s, agent: target.agentId.flatMap { engine.agent(named: $0, site: Int(s)) })
        } else if decision.alternative == SegmentConfig.Alternative.callback.rawValue, let caller = decision.callbackSiteId.flatMap({ siteIndex[$0] })
        {
            engine.queueCallback(id, at: caller)
        } else if decision.alternative == SegmentConfig.Alternative.selfService.rawValue {
            engine.drop(id, reason: .selfService)
        } else if let s = largestSite(skill: skill.id, pooledOnly: true) {
            // Nothing to route on yet (before the first rebalance): the enterprise ACD's default.
            engine.deliver(id, to: s)
        } else {
            engine.drop(id, reason: .noTarget)
        }
    }

    /// The site with the most agents scheduled for a skill now (pooled capacity only, if asked).
    func largestSite(skill: String, pooledOnly: Bool = false) -> Int32? {
        var best: (Int32, Int)?
        let agents = scheduledAgents(skill: skill, at: engine.now)
        for (s, site) in sites.enumerated() where site.skills.contains(skill) && (!pooledOnly || site.mode.acceptsPerContactRouting) {
            if best == nil || agents[s] > best!.1 { best = (Int32(s), agents[s]) }
        }
        return best?.0
    }

    /// A contact past its site's interflow threshold: routed again; moved if another site is chosen.
    mutating func interflow(_ id: ContactID) {
        guard engine.isContact(id, in: .waiting) else { return }
        let contact = engine.contact(id)
        let here = sites[Int(contact.site)]
        let skill = skillConfigs[Int(contact.skill)]
        let segment = segments[Int(contact.segment)]
        let decision = board.route(
            RouteRequest(skill: skill.id, segment: segment.id, customerId: ""), segment: segment, topPriority: topPriority,
            threshold: skill.thresholdSeconds, abandonCost: federation.config.value.abandonCost, explain: false)
        guard let target = decision.target, target.siteId != here.id, let s = siteIndex[target.siteId], engine.withdraw(id) else { return }
        pendingTransfers[id.slot] = s
        engine.schedule(
            control: Control.transfer.rawValue, value: id.slot, generation: id.generation, at: engine.clock + scenario.settings.interflowDelaySeconds)
    }

    // MARK: The coordinator

    /// One poll of every site and one rebalance, as the live coordinator makes them.
    mutating func rebalance() {
        let now = engine.now
        rounds += 1
        for s in sites.indices { poll(site: s, at: now) }
        // Change windows that came: the carrier applies the ordered percentages. Shares are set
        // in the sites' order, not a dictionary's (which changes from process to process), so
        // that the same seed records the same changes in the same order.
        for k in orders.indices where !orders[k].isEmpty {
            for s in sites.indices where orders[k][sites[s].id].map({ $0.at <= now }) ?? false {
                let order = orders[k].removeValue(forKey: sites[s].id)!
                setShare(order.share, skill: k, site: sites[s].id, at: order.at)
            }
        }
        guard let sharePolicy else { return }
        let windows = Rebalance.changeWindows(sites: sites, after: now)
        for (k, skill) in skillConfigs.enumerated() {
            let outcome = Rebalance.skill(
                skill, federation: federation.config, sites: sites, observed: observations, current: shares[k],
                scheduled: orders[k].mapValues(\.share), now: now, policy: sharePolicy, windows: windows, explain: false)
            board.setCandidates(outcome.candidates, skill: skill.id)
            guard outcome.plan != nil else { continue }
            rebalances += 1
            // By index: a loop over the configurations would copy each one. The outcome's shares are
            // the current ones with the plan's applied: the changes are recorded in the sites'
            // order, then the table is taken whole.
            for s in sites.indices {
                if let share = outcome.shares[sites[s].id] { recordShareChange(share, skill: k, site: s, at: now) }
            }
            shares[k] = outcome.shares
            for s in sites.indices where sites[s].mode == .enterpriseRouted {
                engine.setInterflowThreshold(site: s, skill: k, seconds: outcome.thresholds[sites[s].id])
            }
            for change in outcome.networkChanges { orders[k][change.siteId] = (change.toShare, change.effectiveAt) }
        }
        refreshFixedRoutes()
    }

    /// Sets a share, recording the change of a fixed one (network-delivered or enterprise-routed).
    mutating func setShare(_ share: Double, skill k: Int, site: String, at date: Date) {
        if let s = siteIndex[site] { recordShareChange(share, skill: k, site: Int(s), at: date) }
        shares[k][site] = share
    }

    /// Records the change of site `s`'s share of skill `k` to `share`, if it is a fixed one
    /// (network-delivered or enterprise-routed) and moved.
    mutating func recordShareChange(_ share: Double, skill k: Int, site s: Int, at date: Date) {
        guard sites[s].mode.outsourcerPlansStaff else { return }
        let before = shares[k][sites[s].id] ?? 0
        guard abs(share - before) > 1e-9 else { return }
        shareChanges.append(RunResult.ShareChange(at: date, skill: skillConfigs[k].id, site: sites[s].id, from: before, to: share))
    }

    /// What the coordinator learns from one poll of site `s`: status where the mode shows it,
    /// closed intervals once reported, and whether the site answered at all.
    mutating func poll(site s: Int, at now: Date) {
        // The configuration's parts, not a copy of it (every site, every rebalance).
        let mode = sites[s].mode
        let skills = sites[s].skills
        // Taken out, so that changing it copies nothing.
        var observation = observations[s].take() ?? SiteObservation()
        if engine.isDown(s) {
            health[s].pollFailed(reason: "status poll: connection failed: the site is down", at: now)
        } else {
            if mode.exposesRealTimeStatus {
                // Agent detail where the mode shows it, as the agent protocol serves it.
                let status = engine.status(site: s, routingVersion: nil, agents: mode.exposesAgentDetail)
                if let previous = observation.status { ArrivalRateEstimator.update(&observation.arrivalRates, previous: previous, current: status) }
                observation.status = status
                if mode.exposesAgentDetail {
                    var idle = [String: [String]](minimumCapacity: skills.count)
                    for skill in skills {
                        if let k = engine.skill(skill) { idle[skill] = engine.idleAgents(site: s, skill: Int(k), limit: 4) }
                    }
                    observation.idleAgents = idle
                }
                health[s].pollSucceeded(at: now)
            }
            if now >= nextIntervalPoll[s] {
                // Every `interval_poll` from the start, as the poller keeps it (a poll that came
                // late, between two rebalances, does not shift the ones after it).
                let cadence = sites[s].agent.intervalPollSeconds
                if cadence > 0 {
                    let due = (now.timeIntervalSince(nextIntervalPoll[s]) / cadence).rounded(.down) + 1
                    nextIntervalPoll[s].addTimeInterval(due * cadence)
                } else {
                    nextIntervalPoll[s] = now
                }
                intervalPolls[s] += 1
                let delay = sites[s].contract?.reportingDelaySeconds ?? 0
                let records = engine.closedIntervals(site: s, from: intervalsSeenUntil[s], to: now)
                let shown = SiteExposure.intervals(records, mode: mode, reportingDelay: delay, now: now)
                // Intervals still inside the reporting delay come with a later poll.
                let reportedUntil = shown.map { $0.start.addingTimeInterval(Double($0.lengthSeconds)) }.max()
                if let reportedUntil { intervalsSeenUntil[s] = reportedUntil }
                if !shown.isEmpty {
                    observation.intervals.append(contentsOf: shown)
                    if observation.intervals.count > 96 * skills.count {
                        observation.intervals.removeFirst(observation.intervals.count - 96 * skills.count)
                    }
                    observation.measureValues(model: federation.config.value)
                }
                if !mode.exposesRealTimeStatus {
                    for skill in skills {
                        observation.arrivalRates[skill] = ArrivalRateEstimator.fromIntervals(observation.intervals, skill: skill)
                    }
                    health[s].pollSucceeded(at: now)
                }
            }
        }
        health[s].clockTicked(at: now)
        observation.excludedBecause = SiteObservation.exclusion(health[s])
        observation.apportionAgents()
        observations[s] = observation
    }

    // MARK: Inputs

    /// The static split of a skill: outsourcers that plan their own staff at the middle of their
    /// contract bounds, the rest by `agents` scheduled for the skill (per site, in `sites`' order).
    static func staticShares(skill: String, sites: [SiteConfig], agents: [Int]) -> [String: Double] {
        let takers = sites.indices.filter { sites[$0].skills.contains(skill) }
        let scheduled = Dictionary(takers.map { (sites[$0].id, Double(agents[$0])) }, uniquingKeysWith: { first, _ in first })
        var shares = PlanningInputs.defaultShares(skill: skill, sites: takers.map { sites[$0] }) { site in scheduled[site.id] ?? 0 }
        // Summed in the sites' order, not the dictionary's (which changes from process to process).
        let sum = takers.reduce(0) { $0 + (shares[sites[$1].id] ?? 0) }
        if sum > 1 { for key in shares.keys { shares[key]! /= sum } }
        return shares
    }

    /// The agents scheduled for `skill` at each site at `date`.
    func scheduledAgents(skill: String, at date: Date) -> [Int] {
        Self.scheduledAgents(skill: skill, sites: sites, clocks: clocks, staffing: scenario.staffing, at: date)
    }

    /// The agents scheduled for `skill` at each of `sites` at `date`, on each site's clock.
    static func scheduledAgents(skill: String, sites: [SiteConfig], clocks: [SiteClock], staffing: [String: [AgentGroup]], at date: Date) -> [Int] {
        sites.indices.map { s in scheduledAgents(groups: staffing[sites[s].id] ?? [], skill: skill, minute: clocks[s].minuteOfDay(date)) }
    }

    /// Agents of `groups` whose shift covers local minute `minute` and who take `skill`.
    static func scheduledAgents(groups: [AgentGroup], skill: String, minute: Int) -> Int {
        groups.filter { group in
            group.skills.contains(skill)
                && ((group.startMinute <= minute && minute < group.endMinute)
                    || (group.startMinute <= minute + 1440 && minute + 1440 < group.endMinute))
        }.reduce(0) { $0 + $1.count }
    }

    static func patience(_ model: PatienceModel, mean: Double) -> DurationDistribution? {
        switch model {
        case .exponential: return mean.isFinite && mean > 0 ? .exponential(meanSeconds: mean) : nil
        case .lognormal(let cv): return mean.isFinite && mean > 0 ? .lognormal(meanSeconds: mean, cv: cv) : nil
        case .empirical(let distribution): return distribution
        case .none: return nil
        }
    }

    static func rate(_ plan: SkillDemandPlan, startOfDay: Double) -> RateFunction {
        switch plan.shape {
        case .hourly(let table):
            if let first = table.first, table.allSatisfy({ $0 == first }) { return .constant(plan.peakPerHour / 3600 * first) }
            return .hourly(peak: plan.peakPerHour / 3600, table: table)
        case .intervals(let length, let rates): return .steps(start: startOfDay, step: length, rates: rates.map { $0 / 3600 })
        }
    }

    static func startOfDay(_ date: Date, timeZone: String) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? .gmt
        return calendar.startOfDay(for: date).timeIntervalSince1970
    }

    static func nextInterval(after t: Double) -> Double { ((t / 900).rounded(.down) + 1) * 900 }
}

import Foundation
import InterflowCore
import Planning
import Testing

@Suite("one rebalance, by policy and mode")
struct RebalanceTests {
    static let sales = SkillConfig(
        id: "sales", name: "Sales", serviceLevelTarget: 0.8, thresholdSeconds: 20, patienceSeconds: 180, peakArrivalsPerHour: 300)
    static let federation = FederationConfig(
        name: "Test", skills: [sales], segments: [SegmentConfig(id: "standard", priority: 1, patienceSeconds: 180, alternative: .callback)],
        coordinator: CoordinatorSettings())
    /// 10:00 in Chicago on a Tuesday.
    static let now = Date(timeIntervalSince1970: 1_795_017_600)

    static func site(_ id: String, mode: SiteMode, min: Double = 0.1, max: Double = 0.6) -> SiteConfig {
        let contract =
            mode == .inHouse
            ? nil
            : Contract(
                seats: SeatPlan(blocks: [.init(days: Set(Weekday.allCases), startMinute: 0, endMinute: 1440, seats: 20)]),
                price: .perHandledContact(2), serviceLevelTarget: 0.8, maxAbandonRate: 0.05, ahtCeilingSeconds: 420, fcrTarget: 0.75,
                shares: ["sales": ShareBounds(min: min, max: max)], changeWindow: mode == .networkDelivered ? .every(minutes: 30) : nil,
                reportingDelaySeconds: 0)
        return SiteConfig(
            id: id, name: id, kind: mode == .inHouse ? .inHouse : .outsourcer(name: "Acme"), mode: mode, timeZone: "America/Chicago",
            skills: ["sales"],
            agent: AgentEndpoint(url: "http://127.0.0.1:1", token: .environment("T"), pollIntervalSeconds: 2, intervalPollSeconds: 60),
            contract: contract, simulation: nil)
    }

    /// A site seen with `staffed` agents, arrivals at `perHour`, and closed intervals worth `value` per handled contact.
    static func observation(_ site: SiteConfig, staffed: Int, busy: Int, perHour: Double, value: Double) -> SiteObservation {
        let intervals = (0..<40).map { k in
            IntervalRecord(
                skill: "sales", start: now.addingTimeInterval(Double(-900 * (40 - k))), lengthSeconds: 900, offered: 20, answered: 20,
                answeredWithinThreshold: 18, abandoned: 0, handled: 20, handleSeconds: 20 * 300, answerWaitSeconds: 100, resolvedFirstContact: 20,
                conversions: 2, revenue: 20 * value, staffedSeconds: nil, scheduledSeconds: nil, adherentSeconds: nil)
        }
        let status =
            site.mode.exposesRealTimeStatus
            ? SiteStatus(
                siteId: site.id, mode: site.mode, asOf: now, routingVersion: nil,
                skills: [
                    SkillStatus(
                        skill: "sales", waiting: 0, oldestWaitSeconds: 0, agentsStaffed: staffed, agentsAvailable: staffed - busy, agentsBusy: busy,
                        ahtSeconds: 300, slThresholdSeconds: 20,
                        today: DayCounters(offered: 100, answered: 100, answeredWithinThreshold: 90, abandoned: 0))
                ], agents: nil) : nil
        return SiteObservation(status: status, intervals: intervals, arrivalRates: ["sales": perHour / 3600])
    }

    @Test("value policy moves volume to the site worth more, within its service-level capacity; overflow policy splits by delay")
    func policies() throws {
        let rich = Self.site("rich", mode: .inHouse)
        let cheap = Self.site("cheap", mode: .enterpriseRouted, min: 0.1, max: 0.9)
        let observations = [
            "rich": Self.observation(rich, staffed: 25, busy: 10, perHour: 120, value: 40),
            "cheap": Self.observation(cheap, staffed: 25, busy: 10, perHour: 120, value: 5),
        ]
        let current = ["rich": 0.5, "cheap": 0.5]
        let overflow = Rebalance.skill(
            Self.sales, federation: Self.federation, sites: [rich, cheap], observations: observations, current: current, now: Self.now,
            policy: .overflow)
        let value = Rebalance.skill(
            Self.sales, federation: Self.federation, sites: [rich, cheap], observations: observations, current: current, now: Self.now,
            policy: .value)
        let valuePlan = try #require(value.plan)
        let overflowPlan = try #require(overflow.plan)
        // Equal sites: minimum delay keeps them even (inside the deadband); value sends the rich site more.
        #expect(!overflowPlan.changed)
        #expect(valuePlan.changed)
        #expect((value.shares["rich"] ?? 0) > 0.55, "\(value.shares)")
        #expect(valuePlan.sites.allSatisfy { $0.predictedServiceLevel >= 0.8 - 1e-6 }, "value stays within every site's target")
        #expect(value.redirected == ["cheap"], "the enterprise-routed site gets its new redirect share")
        #expect(valuePlan.explanation.rule.contains("maximum expected value"))
    }

    /// An AHT under half a second rounds to none: the queue models require a service time.
    @Test("a site reporting an AHT of a fraction of a second is planned on one second, under both policies")
    func subSecondHandleTime() throws {
        let quick = Self.site("quick", mode: .inHouse)
        let other = Self.site("other", mode: .enterpriseRouted, min: 0.1, max: 0.9)
        var seen = Self.observation(quick, staffed: 10, busy: 2, perHour: 120, value: 20)
        seen.status?.skills[0].ahtSeconds = 0.3
        seen.intervals = []
        let observations = ["quick": seen, "other": Self.observation(other, staffed: 10, busy: 2, perHour: 120, value: 20)]
        for policy in [SharePolicy.overflow, .value] {
            let outcome = Rebalance.skill(
                Self.sales, federation: Self.federation, sites: [quick, other], observations: observations, current: ["quick": 0.5, "other": 0.5],
                now: Self.now, policy: policy)
            #expect(outcome.sites.first { $0.siteId == "quick" }?.handleTime == 1, "\(policy)")
            let plan = try #require(outcome.plan)
            #expect(plan.sites.allSatisfy { $0.share.isFinite && $0.predictedWaitSeconds.isFinite }, "\(policy)")
        }
    }

    @Test("a network-delivered percentage is held until its window and ordered for it")
    func networkWindow() throws {
        let home = Self.site("home", mode: .inHouse)
        let carrier = Self.site("carrier", mode: .networkDelivered, min: 0.1, max: 0.6)
        var observations = [
            "home": Self.observation(home, staffed: 40, busy: 10, perHour: 200, value: 10),
            "carrier": Self.observation(carrier, staffed: 0, busy: 0, perHour: 200, value: 10),
        ]
        observations["carrier"]?.arrivalRates = ["sales": 200.0 / 3600]
        let current = ["home": 0.4, "carrier": 0.6]
        let nearWindow = Self.now.addingTimeInterval(1800 - 240)
        for policy in SharePolicy.allCases {
            let early = Rebalance.skill(
                Self.sales, federation: Self.federation, sites: [home, carrier], observations: observations, current: current, now: Self.now,
                policy: policy)
            #expect(early.shares["carrier"] == 0.6, "\(policy): the percentage stays until the window")
            #expect(early.networkChanges.isEmpty, "\(policy): half an hour before the window, nothing is ordered yet")
            let outcome = Rebalance.skill(
                Self.sales, federation: Self.federation, sites: [home, carrier], observations: observations, current: current, now: nearWindow,
                policy: policy)
            #expect(outcome.shares["carrier"] == 0.6, "\(policy): the percentage stays until the window")
            let change = try #require(outcome.networkChanges.first, "\(policy): a change order in the last minutes before the window")
            #expect(change.toShare < 0.6 - 0.03)
            #expect(change.effectiveAt == Self.now.addingTimeInterval(1800), "\(policy): the next half hour")
            // The windows found once for every skill of a rebalance give the same order.
            let windows = Rebalance.changeWindows(sites: [home, carrier], after: nearWindow)
            #expect(windows == ["carrier": Self.now.addingTimeInterval(1800)])
            let shared = Rebalance.skill(
                Self.sales, federation: Self.federation, sites: [home, carrier], observations: observations, current: current, now: nearWindow,
                policy: policy, windows: windows)
            #expect(shared.networkChanges == outcome.networkChanges && shared.shares == outcome.shares)
            // Already ordered: not ordered again.
            let again = Rebalance.skill(
                Self.sales, federation: Self.federation, sites: [home, carrier], observations: observations, current: current,
                scheduled: ["carrier": change.toShare], now: nearWindow, policy: policy)
            #expect(again.networkChanges.isEmpty)
        }
    }
}

@Suite("agents of multi-skilled teams")
struct ApportionedAgentsTests {
    static func status(agents: [AgentStatus]?, staffed: [String: Int], aht: Double = 300) -> SiteStatus {
        SiteStatus(
            siteId: "s", mode: agents == nil ? .enterpriseRouted : .inHouse, asOf: Date(timeIntervalSince1970: 0), routingVersion: nil,
            skills: staffed.keys.sorted().map {
                SkillStatus(
                    skill: $0, waiting: 0, oldestWaitSeconds: 0, agentsStaffed: staffed[$0]!, agentsAvailable: staffed[$0]!, agentsBusy: 0,
                    ahtSeconds: aht, slThresholdSeconds: 20, today: DayCounters())
            }, agents: agents)
    }

    @Test("each agent counts once, its time split over its skills by their workload")
    func splitByWorkload() {
        let blended = (0..<10).map {
            AgentStatus(id: "b\($0)", skills: ["sales", "service"], state: .available, since: Date(timeIntervalSince1970: 0))
        }
        let dedicated = (0..<4).map { AgentStatus(id: "d\($0)", skills: ["service"], state: .busy, since: Date(timeIntervalSince1970: 0)) }
        let away = [AgentStatus(id: "gone", skills: ["sales"], state: .away, since: Date(timeIntervalSince1970: 0))]
        let status = Self.status(agents: blended + dedicated + away, staffed: ["sales": 10, "service": 14])
        // Sales has twice service's workload: the blended ten give it two thirds of their time.
        let rates = ["sales": 2.0 / 60, "service": 1.0 / 60]
        #expect(PlanningInputs.apportionedAgents(skill: "sales", status: status, rates: rates) == 7)
        #expect(PlanningInputs.apportionedAgents(skill: "service", status: status, rates: rates) == 7)  // 3.3 + 4 dedicated
        // No arrivals seen yet: equal shares.
        #expect(PlanningInputs.apportionedAgents(skill: "sales", status: status, rates: [:]) == 5)
    }

    @Test("without agent detail the team is taken as blended; a skill with agents keeps one")
    func queueLevel() {
        let status = Self.status(agents: nil, staffed: ["sales": 20, "service": 20, "tech": 0])
        let rates = ["sales": 3.0 / 60, "service": 1.0 / 60]
        #expect(PlanningInputs.apportionedAgents(skill: "sales", status: status, rates: rates) == 15)
        #expect(PlanningInputs.apportionedAgents(skill: "service", status: status, rates: rates) == 5)
        #expect(PlanningInputs.apportionedAgents(skill: "tech", status: status, rates: rates) == nil)
        #expect(PlanningInputs.apportionedAgents(skill: "service", status: status, rates: ["sales": 1]) == 1)
    }
}

/// The dictionary-keyed apportioning the planner used before it worked by position, kept as the
/// reference for it (what a skill listed twice means, among other things).
private func referenceApportionedAgents(status: SiteStatus, rates: [String: Double]) -> [String: Int] {
    var workload: [String: Double] = [:]
    for entry in status.skills { workload[entry.skill] = max(rates[entry.skill] ?? 0, 0) * max(entry.ahtSeconds, 1) }
    let anyWork = workload.values.contains { $0 > 0 }
    func weight(_ id: String) -> Double { anyWork ? workload[id] ?? 0 : 1 }
    var share: [String: Double] = [:]
    if let agents = status.agents {
        var sets: [(skills: [String], count: Double)] = []
        for agent in agents where agent.state != .away {
            if let index = sets.firstIndex(where: { $0.skills == agent.skills }) {
                sets[index].count += 1
            } else {
                sets.append((agent.skills, 1))
            }
        }
        for set in sets {
            let known = set.skills.filter { workload[$0] != nil }
            let total = known.reduce(0) { $0 + weight($1) }
            for skill in known {
                share[skill, default: 0] += set.count * (total > 0 ? weight(skill) / total : 1 / Double(max(set.skills.count, 1)))
            }
        }
    } else {
        let staffed = status.skills.filter { $0.agentsStaffed > 0 }
        let team = Double(staffed.map(\.agentsStaffed).max() ?? 0)
        let total = staffed.reduce(0) { $0 + weight($1.skill) }
        for entry in staffed {
            share[entry.skill] = total > 0 ? min(team * weight(entry.skill) / total, Double(entry.agentsStaffed)) : Double(entry.agentsStaffed)
        }
    }
    var agents: [String: Int] = [:]
    for entry in status.skills where entry.agentsStaffed > 0 { agents[entry.skill] = max(Int((share[entry.skill] ?? 0).rounded()), 1) }
    return agents
}

@Suite("agents of multi-skilled teams, against the dictionary-keyed reference")
struct ApportionedAgentsReferenceTests {
    @Test("2,000 random sites, with skills listed twice, agents away, skills the status does not list and no rates seen")
    func randomSites() {
        var random = SplitMix(state: 11)
        let ids = ["sales", "service", "tech", "billing"]
        for _ in 0..<2_000 {
            let listed = (0..<Int.random(in: 1...5, using: &random)).map { _ in ids.randomElement(using: &random)! }
            let skills = listed.map {
                SkillStatus(
                    skill: $0, waiting: 0, oldestWaitSeconds: 0, agentsStaffed: Int.random(in: 0...30, using: &random), agentsAvailable: 0,
                    agentsBusy: 0, ahtSeconds: Double.random(in: 0...600, using: &random), slThresholdSeconds: 20, today: DayCounters())
            }
            let teams = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                (0..<Int.random(in: 1...3, using: &random)).map { _ in ids.randomElement(using: &random)! }
            }
            let agents: [AgentStatus]? =
                Bool.random(using: &random)
                ? nil
                : (0..<Int.random(in: 0...40, using: &random)).map { n in
                    AgentStatus(
                        id: "a\(n)", skills: teams.randomElement(using: &random)!, state: [.available, .busy, .away].randomElement(using: &random)!,
                        since: Date(timeIntervalSince1970: 0))
                }
            var rates: [String: Double] = [:]
            if Bool.random(using: &random) {
                for id in ids where Bool.random(using: &random) { rates[id] = Double.random(in: 0...0.1, using: &random) }
            }
            let status = SiteStatus(
                siteId: "s", mode: .inHouse, asOf: Date(timeIntervalSince1970: 0), routingVersion: nil, skills: skills, agents: agents)
            let expected = referenceApportionedAgents(status: status, rates: rates)
            let got = PlanningInputs.apportionedAgents(status: status, rates: rates)
            #expect(got == expected, "skills \(listed), teams \(teams), rates \(rates)")
            if got != expected { return }
        }
    }
}

@Suite("contracted seats at a time")
struct SeatsAtTests {
    @Test("the seats in force agree with the calendar's weekday and local time, in every zone")
    func againstCalendar() {
        let plan = SeatPlan(blocks: [
            .init(days: [.monday, .tuesday, .wednesday, .thursday, .friday], startMinute: 7 * 60, endMinute: 19 * 60, seats: 30),
            .init(days: [.saturday], startMinute: 8 * 60, endMinute: 14 * 60, seats: 12),
            .init(days: [.sunday], startMinute: 0, endMinute: 90, seats: 3),
        ])
        for zone in ["America/Chicago", "Asia/Manila", "Europe/Warsaw", "UTC"] {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: zone)!
            var t = Date(timeIntervalSince1970: 1_767_225_600)
            for _ in 0..<3000 {
                let parts = calendar.dateComponents([.weekday, .hour, .minute], from: t)
                let weekday = Weekday(rawValue: (parts.weekday! + 5) % 7 + 1)!
                let expected = plan.seats(on: weekday, atMinute: parts.hour! * 60 + parts.minute!)
                #expect(PlanningInputs.seats(plan, at: t, timeZone: zone) == expected, "\(t) in \(zone)")
                t = t.addingTimeInterval(3 * 3600 + 11 * 60 + 7)
            }
        }
    }
}

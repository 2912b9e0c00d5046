import Foundation
import InterflowCore
import Simulation
import Testing

/// What each policy does on small federations: the behaviour a planner relies on when comparing them.
@Suite("policy simulator: policies and modes")
struct PolicyBehaviourTests {
    /// One site as a YAML flow mapping (one line, so that it nests anywhere).
    static func site(_ id: String, mode: String, agents: Int, conversion: String = "10%", contract: String? = nil, port: Int = 9000) -> String {
        let kind = mode == "in-house" ? "kind: in-house" : "kind: outsourcer, outsourcer: Acme \(id), mode: \(mode)"
        let poll = mode == "network-delivered" ? "interval_poll: 5m" : "poll_interval: 2s, interval_poll: 1m"
        return "    - {id: \(id), name: \(id), \(kind), time_zone: America/Chicago, skills: [service], "
            + "agent: {url: \"http://127.0.0.1:\(port)\", token: {env: T}, \(poll)}, "
            + (contract.map { "contract: \($0), " } ?? "")
            + "simulation: {skills: {service: {peak_arrivals: 100/h, handle_time: {distribution: exponential, mean: 5m}, fcr: 80%, "
            + "conversion: \(conversion), revenue_per_conversion: 100}}, agents: [{name: day, count: \(agents), skills: [service], shift: \"07:00-19:00\"}]}}"
    }

    /// An outsourcer contract as a YAML flow mapping.
    static func contract(shares: String, window: String? = nil, price: String = "per_handled_contact: 4") -> String {
        "{seats: {pattern: [{days: mon-sun, hours: \"07:00-19:00\", seats: 20}]}, price: {\(price)}, sl_target: 80%, max_abandon_rate: 5%, "
            + "aht_ceiling: 8m, fcr_target: 70%, shares: {service: {\(shares)}}"
            + (window.map { ", change_window: {daily: [\($0)]}, reporting_delay: 30m}" } ?? ", reporting_delay: 0s}")
    }

    static func scenario(
        sites: [String], perHour: Int, hours: String, events: String = "", alternative: String = "none", replications: Int = 6,
        policies: String = "[static, overflow, value]"
    ) throws -> Scenario {
        try ScenarioFixtures.load([
            "scenario.yaml": """
            name: Behaviour
            federation:
              settings:
                name: Behaviour federation
                skills:
                  - {id: service, name: Service, sl_target: 80%, threshold: 20s, patience: 3m, peak_arrivals: \(perHour)/h}
                segments:
                  - {id: standard, priority: 10, patience: 3m, alternative: \(alternative)}
                coordinator: {rebalance_every: 10s}
              sites:
            \(sites.joined(separator: "\n"))
            day: 2026-12-02
            time_zone: America/Chicago
            hours: "\(hours)"
            demand:
              service: {peak: \(perHour)/h, profile: flat}
            \(events)
            simulation:
              policies: \(policies)
              replications: \(replications)
              seed: 5
              adherence: perfect
            """
        ])
    }

    static func summary(_ comparison: PolicyComparison, _ policy: SimulationPolicy) -> PolicyComparison.Summary {
        comparison.summaries.first { $0.policy == policy }!
    }

    static func difference(_ comparison: PolicyComparison, _ policy: SimulationPolicy, over baseline: SimulationPolicy, _ metric: String) -> Estimate
    {
        comparison.differences.first { $0.policy == policy && $0.baseline == baseline }!.metrics[metric]!
    }

    @Test("pooling: a surge at one site is shared with the idle site beside it, and service improves")
    func pooling() throws {
        let scenario = try Self.scenario(
            sites: [Self.site("north", mode: "in-house", agents: 12, port: 9001), Self.site("south", mode: "in-house", agents: 24, port: 9002)],
            perHour: 240,
            hours: "08:00-12:00",
            events: "events:\n  - {at: \"08:30\", until: \"11:30\", surge: {site: north, skill: service, factor: 2.5}}")
        let result = PolicyComparison.run(scenario, threads: 1)
        let gain = Self.difference(result, .overflow, over: .static, "service level")
        #expect(gain.low > 0.03, "overflow − static service level \(gain)")
        #expect(Self.difference(result, .overflow, over: .static, "abandon rate").high < 0)
        // Static sends north its scheduled third and its own surge; overflow routes the pooled calls to south.
        let north = { (policy: SimulationPolicy) in Self.summary(result, policy).sites.first { $0.id == "north" }!.volumeShare.mean }
        #expect(north(.overflow) < north(.static) - 0.05, "north's share: static \(north(.static)), overflow \(north(.overflow))")
    }

    @Test("modes: a network percentage changes only at a change window; an enterprise redirect share as soon as its site is stale")
    func modeSemantics() throws {
        let scenario = try Self.scenario(
            sites: [
                Self.site("home", mode: "in-house", agents: 30, port: 9001),
                Self.site(
                    "carrier", mode: "network-delivered", agents: 15,
                    contract: Self.contract(shares: "min: 0%, max: 40%", window: "\"10:00\", \"12:00\""),
                    port: 9002),
                Self.site("partner", mode: "enterprise-routed", agents: 15, contract: Self.contract(shares: "min: 0%, max: 40%"), port: 9003),
            ], perHour: 480, hours: "08:00-13:00",
            events: "events:\n  - {at: \"09:00\", until: \"11:00\", down: carrier}\n  - {at: \"11:30\", until: \"12:30\", down: partner}",
            replications: 3, policies: "[overflow, value]")
        let result = PolicyComparison.run(scenario, threads: 1)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/Chicago")!
        let partnerDown = scenario.start.addingTimeInterval(3.5 * 3600)
        for run in result.runs {
            let carrier = run.shareChanges.filter { $0.site == "carrier" }
            #expect(!carrier.isEmpty, "\(run.policy): the carrier's percentage was changed at a window")
            for change in carrier {
                let parts = calendar.dateComponents([.hour, .minute, .second], from: change.at)
                #expect([10, 12].contains(parts.hour!) && parts.minute == 0 && parts.second == 0, "\(run.policy): carrier changed at \(change.at)")
            }
            // The partner's redirect share is nothing within seconds of its agent going silent (stale
            // after three missed 2 s polls, at the next 10 s rebalance), and until it answers again.
            let partner = run.shareChanges.filter { $0.site == "partner" }
            func share(at date: Date) -> Double { partner.last { $0.at <= date }?.to ?? partner.first?.from ?? 0.2 }
            for seconds in stride(from: 30.0, to: 3600, by: 300) {
                #expect(share(at: partnerDown.addingTimeInterval(seconds)) == 0, "\(run.policy): partner's share \(seconds) s after it went down")
            }
        }
    }

    @Test("closed intervals are polled at each site's interval_poll cadence, however far the reporting delay holds the data back")
    func intervalPollCadence() throws {
        let scenario = try Self.scenario(
            sites: [
                Self.site("home", mode: "in-house", agents: 20, port: 9001),
                Self.site(
                    "carrier", mode: "network-delivered", agents: 15,
                    contract: Self.contract(shares: "min: 0%, max: 40%", window: "\"10:00\""), port: 9002),
            ], perHour: 240, hours: "08:00-11:00", replications: 2, policies: "[overflow]")
        var run = PolicyRun(scenario: scenario, policy: .overflow, replication: 0)
        _ = run.run()
        // Rounds every 10 s from the start; home polls intervals every minute, the carrier every 5
        // minutes (its 30-minute reporting delay and the open 15-minute interval notwithstanding).
        let span = Double(run.rounds - 1) * 10
        #expect(run.rounds > 3 * 360, "rounds \(run.rounds)")
        for (site, cadence) in [(0, 60.0), (1, 300.0)] {
            let expected = (span / cadence).rounded(.down) + 1
            // Within one poll: a round that falls on a poll's time may see it a rounding error early.
            #expect(abs(Double(run.intervalPolls[site]) - expected) <= 1, "site \(site): \(run.intervalPolls[site]) interval polls in \(span) s")
        }
    }

    @Test("value sends volume to the site worth more and captures more value than minimum delay")
    func value() throws {
        let scenario = try Self.scenario(
            sites: [
                Self.site("rich", mode: "in-house", agents: 26, conversion: "30%", port: 9001),
                Self.site(
                    "cheap", mode: "enterprise-routed", agents: 26, conversion: "5%", contract: Self.contract(shares: "min: 10%, max: 80%"),
                    port: 9002),
            ], perHour: 360, hours: "08:00-12:00", replications: 6, policies: "[overflow, value]")
        let result = PolicyComparison.run(scenario, threads: 1)
        let more = Self.difference(result, .value, over: .overflow, "value")
        #expect(more.low > 0, "value − overflow, value captured: \(more)")
        let rich = { (policy: SimulationPolicy) in Self.summary(result, policy).sites.first { $0.id == "rich" }!.volumeShare.mean }
        #expect(rich(.value) > rich(.overflow) + 0.05, "rich's share: overflow \(rich(.overflow)), value \(rich(.value))")
    }

    @Test("an overloaded day offers callbacks under the coordinator, never under static; every contact is accounted for")
    func callbacksAndConservation() throws {
        // 600 calls an hour for 14 agents (168 an hour): the predicted wait passes the patience.
        let scenario = try Self.scenario(
            sites: [Self.site("small", mode: "in-house", agents: 14)], perHour: 600, hours: "08:00-10:00", alternative: "callback", replications: 3)
        let result = PolicyComparison.run(scenario, threads: 1)
        for run in result.runs {
            // The day's contacts all end somewhere (the run lets them finish).
            #expect(run.answered + run.abandoned + run.callbacks + run.selfService == run.offered, "\(run.policy): \(run)")
            if run.policy == .static { #expect(run.callbacks == 0) } else { #expect(run.callbacks > 0, "\(run.policy) offers callbacks") }
        }
    }
}

import Foundation
import InterflowCore
import Testing

@Suite("scenario files")
struct ScenarioLoaderTests {
    /// The test federation with a scenario file beside it, in a directory of its own.
    static func load(_ scenario: String) throws -> Scenario {
        var federation = TemporaryFederation()
        federation.files["net.yaml"]! += """
            simulation:
              skills:
                service: {peak_arrivals: 40/h, handle_time: 5m, fcr: 70%}
              agents:
                - {name: day, count: 8, skills: [service], shift: "08:00-20:00"}

            """
        let directory = try federation.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/scenarios", withIntermediateDirectories: true)
        try Data(scenario.utf8).write(to: URL(fileURLWithPath: directory + "/scenarios/scenario.yaml"))
        return try ScenarioLoader.load(path: directory + "/scenarios/scenario.yaml")
    }

    static func issues(_ scenario: String) -> [ConfigurationIssue] {
        do {
            _ = try load(scenario)
            return []
        } catch let errors as ConfigurationErrors {
            return errors.issues
        } catch {
            return [ConfigurationIssue(file: "?", keyPath: "?", found: "\(error)", accepted: "")]
        }
    }

    @Test("a scenario names its federation, day, demand, events and settings")
    func valid() throws {
        let scenario = try Self.load(
            """
            name: Test day
            federation: ..
            day: 2026-12-02
            hours: "08:00-18:00"
            warmup: 30m
            demand:
              sales: {peak: 120/h, profile: flat, segments: {vip: 100%}}
              service: {intervals: {length: 1h, rates: [10/h, 20/h]}}
            events:
              - {at: "10:00", until: "11:00", surge: {site: home, skill: sales, factor: 2}}
              - {at: "12:00", down: net}
            staffing:
              home: {scale: 1.5}
            simulation: {policies: [static, value], replications: 5, seed: 42, rebalance_every: 20s}
            """)
        #expect(scenario.name == "Test day")
        #expect(scenario.federation.sites.map(\.id) == ["home", "net"])
        #expect(scenario.timeZone == "America/Chicago", "the first in-house site's zone")
        #expect(scenario.end.timeIntervalSince(scenario.start) == 10 * 3600)
        #expect(scenario.demand.first { $0.skill == "sales" }?.perHour(atLocalMinute: 600) == 120)
        #expect(scenario.demand.first { $0.skill == "service" }?.perHour(atLocalMinute: 90) == 20)
        #expect(scenario.events.count == 2)
        #expect(scenario.staffing["home"]?.first?.count == 18, "12 agents × 1.5")
        #expect(scenario.settings.policies == [.static, .value] && scenario.settings.replications == 5 && scenario.settings.rebalanceSeconds == 20)
    }

    @Test("every problem is reported at once, with the key path, what was found and what is accepted")
    func problems() {
        let issues = Self.issues(
            """
            name: Broken
            federation: ..
            hours: "18:00-08:00"
            demand:
              sales: {peak: 120/h, segments: {vip: 60%}}
              service: {profile: flat}
            events:
              - {at: "10:00", surge: {site: nowhere, skill: sales, factor: 2}}
            simulaton: {replications: 5}
            """)
        let paths = issues.map(\.keyPath)
        #expect(paths.contains("hours"), "\(issues)")
        #expect(paths.contains("demand.sales.segments"), "\(issues)")
        // No peak in the scenario and none forecast in the federation: not a day without demand.
        #expect(issues.contains { $0.keyPath == "demand.service" && $0.found.contains("peak_arrivals is absent or 0") }, "\(issues)")
        #expect(paths.contains("events[0].surge"), "\(issues)")
        #expect(issues.contains { $0.keyPath == "simulaton" && $0.found.contains("did you mean simulation") }, "\(issues)")
        #expect(issues.allSatisfy { $0.file.hasSuffix("scenario.yaml") && !$0.accepted.isEmpty })
    }

    @Test("a site without a simulation profile cannot be simulated, and says so")
    func profileRequired() {
        let issues = Self.issues(
            """
            name: No profiles
            federation:
              settings: {name: F, skills: [{id: calls, name: Calls, sl_target: 80%, threshold: 20s}], segments: [{id: all, priority: 1, patience: 2m, alternative: none}]}
              sites:
                - {id: bare, name: Bare, kind: in-house, time_zone: UTC, skills: [calls], agent: {url: "http://127.0.0.1:1", token: {env: T}}}
            """)
        #expect(issues.contains { $0.keyPath == "federation" && $0.found.contains("bare") }, "\(issues)")
    }
}

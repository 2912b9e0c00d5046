import Foundation
import Testing

/// `interflow simulate` as a user runs it.
@Suite("simulate command end to end", .serialized)
struct SimulateCommandEndToEndTests {
    static let scenario = """
        name: Four sites, two hours
        federation:
          settings:
            name: Tiny
            skills: [{id: calls, name: Calls, sl_target: 80%, threshold: 20s, patience: 2m, peak_arrivals: 200/h}]
            segments: [{id: everyone, priority: 1, patience: 2m, alternative: callback}]
          sites:
            - {id: a, name: A, kind: in-house, time_zone: UTC, skills: [calls], agent: {url: "http://127.0.0.1:1", token: {env: T}}, simulation: {skills: {calls: {peak_arrivals: 100/h, handle_time: 4m, fcr: 80%, conversion: 10%, revenue_per_conversion: 50}}, agents: [{name: day, count: 8, skills: [calls], shift: "00:00-24:00"}]}}
            - {id: b, name: B, kind: in-house, time_zone: UTC, skills: [calls], agent: {url: "http://127.0.0.1:2", token: {env: T}}, simulation: {skills: {calls: {peak_arrivals: 100/h, handle_time: 4m, fcr: 80%}}, agents: [{name: day, count: 10, skills: [calls], shift: "00:00-24:00"}]}}
            - {id: c, name: C, kind: outsourcer, outsourcer: Partner C, mode: enterprise-routed, time_zone: UTC, skills: [calls], agent: {url: "http://127.0.0.1:3", token: {env: T}}, contract: {seats: {pattern: [{days: mon-sun, hours: "00:00-24:00", seats: 6}]}, price: {per_handled_contact: 4}, sl_target: 80%, max_abandon_rate: 5%, aht_ceiling: 8m, fcr_target: 70%, shares: {calls: {min: 5%, max: 40%}}}, simulation: {skills: {calls: {peak_arrivals: 50/h, handle_time: 4m, fcr: 75%}}, agents: [{name: day, count: 6, skills: [calls], shift: "00:00-24:00"}]}}
            - {id: partner-d-outsourcing-centre-east, name: D, kind: outsourcer, outsourcer: Partner D, mode: enterprise-routed, time_zone: UTC, skills: [calls], agent: {url: "http://127.0.0.1:4", token: {env: T}}, contract: {seats: {pattern: [{days: mon-sun, hours: "00:00-24:00", seats: 6}]}, price: {per_seat_hour: 30}, sl_target: 80%, max_abandon_rate: 5%, aht_ceiling: 8m, fcr_target: 70%, shares: {calls: {min: 5%, max: 40%}}}, simulation: {skills: {calls: {peak_arrivals: 50/h, handle_time: 4m, fcr: 75%}}, agents: [{name: day, count: 6, skills: [calls], shift: "00:00-24:00"}]}}
        time_zone: UTC
        hours: "08:00-10:00"
        demand: {calls: {peak: 200/h, profile: flat}}
        events: [{at: "08:15", until: "09:45", surge: {site: a, skill: calls, factor: 2}}]
        simulation: {replications: 3, seed: 4, rebalance_every: 10s}
        """

    /// Two enterprise-routed outsourcers: their redirect shares change together, and a process's
    /// dictionary order (its hash seed is random) must not decide the order they are recorded in.
    @Test("prints the comparison table, or JSON with every replication, the same for the same seed in every process")
    func runs() async throws {
        let harness = try Harness()
        try harness.write("scenario.yaml", Self.scenario)
        let table = try harness.start("table", ["simulate", "scenario.yaml"])
        #expect(await Harness.exited(table, within: 120))
        #expect(table.terminationStatus == 0, "\(harness.log("table"))")
        let text = harness.log("table")
        for expected in [
            "static", "overflow", "value", "service level", "per site: volume share / occupancy", "differences, paired by replication",
            "overflow − static", "  partner-d-outsourcing-centre-east ",
        ] {
            #expect(text.contains(expected), "missing \(expected) in:\n\(text)")
        }
        // Long labels widen the first column rather than being cut: the policies' columns line up.
        let lines = text.split(separator: "\n").map(String.init)
        let headers = lines.filter { $0.hasPrefix("mean (95 % interval)") || $0.hasPrefix("per site: volume share / occupancy") }
        #expect(headers.count == 2)
        #expect(Set(headers.map { $0.range(of: "static")?.lowerBound.utf16Offset(in: $0) }).count == 1, "\(headers)")
        var outputs: [[String: Any]] = []
        for name in ["json1", "json2", "json3"] {
            let process = try harness.start(
                name, ["simulate", "scenario.yaml", "--policy", "overflow", "--json", "--threads", name == "json2" ? "2" : "1"])
            #expect(await Harness.exited(process, within: 120))
            #expect(process.terminationStatus == 0, "\(harness.log(name))")
            let object = try JSONSerialization.jsonObject(with: Data(harness.log(name).utf8)) as? [String: Any]
            outputs.append(try #require(object))
        }
        let comparison = try #require(outputs[0]["comparison"] as? [String: Any])
        let runs = try #require(comparison["runs"] as? [[String: Any]])
        #expect(runs.count == 3)
        #expect(runs.allSatisfy { ($0["offered"] as? Int ?? 0) > 300 })
        // Same seed, other processes and thread counts: the same runs.
        for output in outputs.dropFirst() {
            let again = try #require((output["comparison"] as? [String: Any])?["runs"] as? [[String: Any]])
            #expect(NSArray(array: runs).isEqual(to: again))
        }
    }

    @Test("a broken scenario exits 1 naming the file, the key and what is accepted")
    func broken() async throws {
        let harness = try Harness()
        try harness.write("scenario.yaml", Self.scenario.replacingOccurrences(of: "factor: 2", with: "factor: lots"))
        let process = try harness.start("broken", ["simulate", "scenario.yaml"])
        #expect(await Harness.exited(process, within: 60))
        #expect(process.terminationStatus == 1)
        let log = harness.log("broken")
        #expect(log.contains("scenario.yaml") && log.contains("events[0].surge.factor") && log.contains("a factor from 0 to 1000"), "\(log)")
    }
}

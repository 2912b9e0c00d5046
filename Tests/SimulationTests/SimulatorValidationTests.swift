import Foundation
import InterflowCore
import Queueing
import Simulation
import Testing

/// The policy simulator against the queueing formulas it must reproduce, and its own guarantees.
/// One thread each: the suite shares the machine with end-to-end tests that wait on real processes.
@Suite("policy simulator: validation")
struct SimulatorValidationTests {
    /// Rows of `../shared/reference/erlang-c.csv` and `erlang-a.csv`.
    static func reference(_ name: String) throws -> [[String: Double]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/reference/\(name)")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        let header = lines[0].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces))! }))
        }
    }

    static func estimate(_ comparison: PolicyComparison, _ metric: String) -> Estimate {
        comparison.summaries[0].metrics[metric]!
    }

    @Test("a single queue reproduces Erlang C (erlang-c.csv) inside the 95 % intervals", arguments: [1, 5, 7])
    func erlangC(row index: Int) throws {
        let row = try Self.reference("erlang-c.csv")[index]
        let scenario = try ScenarioFixtures.singleQueue(
            perHour: row["calls_per_hour"]!, ahtSeconds: row["aht_seconds"]!, agents: Int(row["agents"]!),
            thresholdSeconds: row["threshold_seconds"]!,
            patienceSeconds: nil, replications: 20)
        let result = PolicyComparison.run(scenario, threads: 1)
        let sl = Self.estimate(result, "service level")
        let asa = Self.estimate(result, "ASA (s)")
        let occupancy = result.summaries[0].sites[0].occupancy
        #expect(sl.contains(row["service_level"]!), "SL \(sl) vs Erlang C \(row["service_level"]!)")
        #expect(asa.contains(row["asa_seconds"]!), "ASA \(asa) vs Erlang C \(row["asa_seconds"]!)")
        #expect(occupancy.contains(row["occupancy"]!), "occupancy \(occupancy) vs \(row["occupancy"]!)")
        #expect(Self.estimate(result, "abandon rate").mean == 0, "nobody abandons under infinite patience")
        // The intervals are narrow enough for the check to mean something.
        #expect(sl.halfWidth < 0.04 && asa.halfWidth < 0.25 * row["asa_seconds"]! + 1, "SL \(sl), ASA \(asa)")
    }

    @Test("a single queue with exponential patience reproduces Erlang A (erlang-a.csv) inside the 95 % intervals")
    func erlangA() throws {
        let row = try Self.reference("erlang-a.csv")[0]
        // Times in the file are minutes.
        let scenario = try ScenarioFixtures.singleQueue(
            perHour: row["arrival_rate"]! * 60, ahtSeconds: row["aht"]! * 60, agents: Int(row["agents"]!), thresholdSeconds: row["threshold"]! * 60,
            patienceSeconds: row["patience"]! * 60, replications: 30)
        let result = PolicyComparison.run(scenario, threads: 1)
        let checks: [(String, Estimate, Double)] = [
            ("abandon rate", Self.estimate(result, "abandon rate"), row["p_abandon"]!),
            ("service level (offered)", Self.estimate(result, "service level"), row["sl_offered"]!),
            ("service level (answered)", Self.estimate(result, "service level of answered"), row["sl_answered"]!),
            ("ASA", Self.estimate(result, "ASA (s)"), row["asa"]! * 60),
            ("occupancy", result.summaries[0].sites[0].occupancy, row["occupancy"]!),
        ]
        for (name, estimate, expected) in checks {
            #expect(estimate.contains(expected), "\(name): \(estimate) vs Erlang A \(expected)")
            #expect(estimate.halfWidth < 0.1 * expected, "\(name): the interval \(estimate) is too wide to test anything")
        }
    }

    @Test("the same seed gives the same result to the last digit, on any number of threads")
    func determinism() throws {
        var scenario = try ScenarioFixtures.singleQueue(
            perHour: 120, ahtSeconds: 240, agents: 9, thresholdSeconds: 20, patienceSeconds: 150, replications: 4, hours: "08:00-12:00", warmup: "0s")
        scenario.settings.policies = SimulationPolicy.allCases
        let one = PolicyComparison.run(scenario, threads: 1)
        let two = PolicyComparison.run(scenario, threads: 2)
        #expect(one.runs == two.runs)
        scenario.settings.seed += 1
        let other = PolicyComparison.run(scenario, threads: 2)
        #expect(other.runs != one.runs, "another seed, another day")
    }

    @Test("more agents never give a worse expected service level beyond noise")
    func moreAgents() throws {
        var levels: [[Double]] = []
        for agents in [8, 9, 10, 12] {
            let scenario = try ScenarioFixtures.singleQueue(
                perHour: 120, ahtSeconds: 240, agents: agents, thresholdSeconds: 20, patienceSeconds: 180, replications: 12, hours: "06:00-18:00",
                warmup: "30m")
            levels.append(PolicyComparison.run(scenario, threads: 1).runs.map(\.serviceLevel))
        }
        for index in 1..<levels.count {
            // The same replication index has the same arrivals and draws: compare pair by pair.
            let gain = Estimate(zip(levels[index], levels[index - 1]).map { $0 - $1 })
            #expect(gain.high >= 0, "adding agents lowered the service level: \(gain)")
            #expect(gain.mean > 0)
        }
    }
}

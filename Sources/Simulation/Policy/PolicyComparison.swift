import Foundation
import InterflowCore

/// Every policy of a scenario over its replications, with 95 % intervals, and the differences
/// between policies, paired by replication (the same arrivals, handle times and patience under
/// each policy: common random numbers, so a difference is far more precise than either figure).
public struct PolicyComparison: Sendable, Codable {
    /// One policy's figures over the replications.
    public struct Summary: Sendable, Codable {
        public var policy: SimulationPolicy
        /// By ``RunResult/metricNames``.
        public var metrics: [String: Estimate]
        public var offered: Estimate
        public var sites: [SiteSummary]
    }

    public struct SiteSummary: Sendable, Codable {
        public var id: String
        public var volumeShare: Estimate
        public var occupancy: Estimate
        public var cost: Estimate
        public var value: Estimate
    }

    /// `policy` minus `baseline`, per metric, paired by replication.
    public struct Difference: Sendable, Codable {
        public var policy: SimulationPolicy
        public var baseline: SimulationPolicy
        public var metrics: [String: Estimate]
    }

    public var scenario: String
    public var replications: Int
    public var seed: UInt64
    public var summaries: [Summary]
    public var differences: [Difference]
    /// Engine events and model events (arrivals, answers, completions, abandons) over every run.
    public var events: UInt64
    public var modelEvents: UInt64
    /// Every run, policy by policy, replication by replication.
    public var runs: [RunResult]

    /// Runs every policy of the scenario `replications` times, on up to `threads` threads (0: one
    /// per core). The result does not depend on the threads: each run has its own seeds.
    public static func run(_ scenario: Scenario, threads: Int = 0) -> PolicyComparison {
        let policies = scenario.settings.policies
        let replications = scenario.settings.replications
        // What a policy's replications share is prepared once, not once a replication.
        let preparations = policies.map { PolicyRun.Preparation(scenario: scenario, policy: $0) }
        let work = preparations.flatMap { preparation in (0..<replications).map { (preparation, $0) } }
        let results = parallelMap(work, threads: threads) { item in
            var run = PolicyRun(preparation: item.0, replication: item.1)
            return run.run()
        }
        return PolicyComparison(scenario: scenario, policies: policies, results: results)
    }

    init(scenario: Scenario, policies: [SimulationPolicy], results: [RunResult]) {
        self.scenario = scenario.name
        self.replications = scenario.settings.replications
        self.seed = scenario.settings.seed
        self.runs = results
        events = results.reduce(0) { $0 &+ $1.events }
        modelEvents = results.reduce(0) { $0 &+ $1.modelEvents }
        let byPolicy = Dictionary(grouping: results, by: \.policy)
        summaries = policies.compactMap { policy in
            guard let runs = byPolicy[policy]?.sorted(by: { $0.replication < $1.replication }) else { return nil }
            var metrics: [String: Estimate] = [:]
            for name in RunResult.metricNames { metrics[name] = Estimate(runs.map { $0.metric(name) }) }
            let sites = (runs.first?.sites ?? []).indices.map { index in
                SiteSummary(
                    id: runs[0].sites[index].id, volumeShare: Estimate(runs.map { $0.sites[index].volumeShare }),
                    occupancy: Estimate(runs.map { $0.sites[index].occupancy }), cost: Estimate(runs.map { $0.sites[index].cost }),
                    value: Estimate(runs.map { $0.sites[index].value }))
            }
            return Summary(policy: policy, metrics: metrics, offered: Estimate(runs.map { Double($0.offered) }), sites: sites)
        }
        var differences: [Difference] = []
        for (i, baseline) in policies.enumerated() {
            for policy in policies[(i + 1)...] {
                guard let a = byPolicy[policy], let b = byPolicy[baseline] else { continue }
                let pairs = Dictionary(uniqueKeysWithValues: b.map { ($0.replication, $0) })
                var metrics: [String: Estimate] = [:]
                for name in RunResult.metricNames {
                    metrics[name] = Estimate(
                        a.sorted { $0.replication < $1.replication }.compactMap { run in
                            pairs[run.replication].map { run.metric(name) - $0.metric(name) }
                        })
                }
                differences.append(Difference(policy: policy, baseline: baseline, metrics: metrics))
            }
        }
        self.differences = differences
    }
}

import Benchmark
import Foundation
import HeapModule
import InterflowCore
import Simulation

// The simulator's engine: its event heap against swift-collections' Heap on the same hold model,
// a day of an M/M/50+M queue on the engine alone, and one replication of a scenario with the
// coordinator in the loop.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(10), maxIterations: 200)

    /// The hold model (Jones, "An empirical comparison of priority-queue and event-set
    /// implementations", CACM 29(4), 1986): with `pending` events scheduled, take out the earliest
    /// and schedule one an exponential time later, `operations` times.
    struct Hold: Comparable {
        var time: Double
        var sequence: UInt64
        static func < (a: Hold, b: Hold) -> Bool { a.time < b.time || (a.time == b.time && a.sequence < b.sequence) }
    }
    let pending = 1_000
    let operations = 100_000

    Benchmark("EventQueue (4-ary heap) hold model, 1,000 pending, 100,000 operations", configuration: .init(scalingFactor: .one)) { benchmark in
        var random = SplitMix64(seed: 1)
        var queue = EventQueue<Int>()
        for i in 0..<pending { queue.schedule(i, at: Sampling.exponential(mean: 1, using: &random)) }
        benchmark.startMeasurement()
        for _ in 0..<operations {
            let (time, event) = queue.popNext()!
            queue.schedule(event, at: time + Sampling.exponential(mean: Double(pending), using: &random))
        }
        benchmark.stopMeasurement()
        blackHole(queue.count)
    }

    Benchmark("swift-collections Heap (min-max) hold model, 1,000 pending, 100,000 operations", configuration: .init(scalingFactor: .one)) {
        benchmark in
        var random = SplitMix64(seed: 1)
        var heap = Heap<Hold>()
        var sequence: UInt64 = 0
        for _ in 0..<pending {
            heap.insert(Hold(time: Sampling.exponential(mean: 1, using: &random), sequence: sequence))
            sequence += 1
        }
        benchmark.startMeasurement()
        for _ in 0..<operations {
            let first = heap.removeMin()
            heap.insert(Hold(time: first.time + Sampling.exponential(mean: Double(pending), using: &random), sequence: sequence))
            sequence += 1
        }
        benchmark.stopMeasurement()
        blackHole(heap.count)
    }

    let site = SiteConfig(
        id: "center", name: "Center", kind: .inHouse, mode: .inHouse, timeZone: "UTC", skills: ["calls"],
        agent: AgentEndpoint(url: "http://127.0.0.1:1", token: .environment("T")))
    let profile = SimulationProfile(
        skills: [
            "calls": SkillProfile(
                peakArrivalsPerHour: 540, handleTime: .exponential(meanSeconds: 300), patienceSeconds: 180, fcrRate: 1, conversionRate: 0,
                revenuePerConversion: 0)
        ], agentGroups: [AgentGroup(name: "all", count: 50, skills: ["calls"], startMinute: 0, endMinute: 1440)],
        hourlyProfile: Array(repeating: 1, count: 24),
        seed: 3)
    let skill = SkillConfig(id: "calls", name: "Calls", serviceLevelTarget: 0.8, thresholdSeconds: 20)
    let start = Date(timeIntervalSince1970: 1_767_225_600)

    Benchmark("engine: M/M/50+M, 9/min, 5 min handle, 3 min patience, a 10-hour day", configuration: .init(scalingFactor: .one)) { benchmark in
        var acd = SimulatedACD(site: site, profile: profile, skills: [skill], start: start, adherence: .perfect)
        benchmark.startMeasurement()
        acd.advance(to: start.addingTimeInterval(36_000))
        benchmark.stopMeasurement()
        blackHole(acd.processedEvents)
    }

    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    if let scenario = try? ScenarioLoader.load(path: repository.appendingPathComponent("sites/scenarios/pooling-gain.yaml").path) {
        Benchmark("policy run: pooling-gain, one replication of overflow (5 sites, 3 skills, 12 hours)", configuration: .init(maxIterations: 10)) {
            benchmark in
            var run = PolicyRun(scenario: scenario, policy: .overflow, replication: 0)
            blackHole(run.run())
        }
    }
}

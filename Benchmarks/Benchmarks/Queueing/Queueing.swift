import Benchmark
import Queueing

// Timings of the queueing predictor: what the planner and the simulator call millions of
// times. Each benchmark evaluates a fixed, realistic case; `scaledIterations` runs it 1,000
// times per measured iteration, so wall-clock figures are per 1,000 evaluations.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 100_000
    )

    for agents in [10, 100, 500, 2_000, 10_000] {
        // Load for about 85 % occupancy, AHT 4 minutes.
        let rate = 0.85 * Double(agents) / 240
        Benchmark("ErlangC.metrics n=\(agents)") { benchmark in
            let model = ErlangC(arrivalRate: rate, handleTime: 240, agents: agents)
            for _ in benchmark.scaledIterations {
                blackHole(model.metrics(threshold: 20))
            }
        }
        Benchmark("ErlangA.metrics n=\(agents) patience=180s") { benchmark in
            let model = ErlangA(arrivalRate: rate, handleTime: 240, patience: 180, agents: agents)
            for _ in benchmark.scaledIterations {
                blackHole(model.metrics(threshold: 20))
            }
        }
    }

    Benchmark("ErlangB.blocking n=10000 a=10000") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ErlangB.blocking(agents: 10_000, load: 10_000))
        }
    }

    Benchmark("Staffing.minimumAgents 80/20 Erlang C a=425") { benchmark in
        let target = Staffing.Target.serviceLevel(fraction: 0.8, threshold: 20)
        for _ in benchmark.scaledIterations {
            blackHole(Staffing.minimumAgents(for: target, arrivalRate: 425.0 / 240, handleTime: 240, model: .erlangC))
        }
    }

    Benchmark("Staffing.minimumAgents 80/20 Erlang A a=425 patience=180s") { benchmark in
        let target = Staffing.Target.serviceLevel(fraction: 0.8, threshold: 20)
        for _ in benchmark.scaledIterations {
            blackHole(Staffing.minimumAgents(for: target, arrivalRate: 425.0 / 240, handleTime: 240, model: .erlangA(patience: 180)))
        }
    }

    Benchmark("ExpectedWait.live 40 waiting, 120 agents") { benchmark in
        let queue = ExpectedWait.LiveQueue(waiting: 40, agentsStaffed: 120, agentsBusy: 120, handleTime: 240, patience: 180)
        for _ in benchmark.scaledIterations {
            blackHole(ExpectedWait.live(queue))
        }
    }
}

import Testing

@testable import Queueing

@Suite("Staffing")
struct StaffingTests {
    /// The smallest n from 0 up meeting the target: a scan that cannot skip.
    func scan(_ target: Staffing.Target, rate: Double, aht: Double, model: QueueModel) -> Int {
        var n = 0
        let threshold = target.threshold ?? 20
        while !target.isMet(by: model.metrics(arrivalRate: rate, handleTime: aht, agents: n, threshold: threshold)) { n += 1 }
        return n
    }

    static let targets: [Staffing.Target] = [
        .serviceLevel(fraction: 0.8, threshold: 20), .serviceLevel(fraction: 0.3, threshold: 20),
        .serviceLevel(fraction: 0.95, threshold: 60), .serviceLevel(fraction: 0.5, threshold: 0),
        .averageSpeedOfAnswer(15), .averageSpeedOfAnswer(120), .abandonRate(0.05), .abandonRate(0.25),
    ]

    @Test("minimum agents equals a full scan (Erlang C and A)", arguments: targets)
    func minimum(_ target: Staffing.Target) throws {
        for load in [0.3, 3.6, 12.5, 80, 640] {
            for model in [QueueModel.erlangC, .erlangA(patience: 90), .erlangA(patience: 600)] {
                let rate = load / 180
                let found = try #require(Staffing.minimumAgents(for: target, arrivalRate: rate, handleTime: 180, model: model, threshold: 20))
                #expect(found.agents == scan(target, rate: rate, aht: 180, model: model), "a=\(load) \(model) \(target)")
                #expect(target.isMet(by: found))
            }
        }
    }

    @Test("does not skip the count below round(a + 1), pyworkforce's starting point")
    func noSkip() throws {
        // a = 3.6: pyworkforce starts at round(4.6) = 5, but 4 agents already give 24.6 % in 20 s.
        let target = Staffing.Target.serviceLevel(fraction: 0.2, threshold: 20)
        let found = try #require(Staffing.minimumAgents(for: target, arrivalRate: 3.6 / 180, handleTime: 180, model: .erlangC))
        #expect(found.agents == 4)
        #expect(isClose(found.serviceLevel, 0.246_491_363_379_261_36, relative: 1e-12))
    }

    @Test("an unreachable target gives nil")
    func unreachable() {
        let target = Staffing.Target.serviceLevel(fraction: 1, threshold: 20)
        #expect(Staffing.minimumAgents(for: target, arrivalRate: 1, handleTime: 180, model: .erlangA(patience: 60), maximumAgents: 200) == nil)
    }

    @Test("the square-root estimate is close to the answer")
    func estimate() throws {
        for load in [10.0, 100, 1_000, 10_000] {
            let target = Staffing.Target.serviceLevel(fraction: 0.8, threshold: 20)
            let estimate = Staffing.squareRootEstimate(for: target, arrivalRate: load / 300, handleTime: 300, model: .erlangC)
            let found = try #require(Staffing.minimumAgents(for: target, arrivalRate: load / 300, handleTime: 300, model: .erlangC))
            #expect(abs(estimate - found.agents) <= 3, "a=\(load): estimate \(estimate), answer \(found.agents)")
        }
    }

    @Test("the largest arrival rate meets the target and a little more does not", arguments: targets)
    func maximumRate(_ target: Staffing.Target) {
        for agents in [1, 7, 60, 900] {
            for model in [QueueModel.erlangC, .erlangA(patience: 120)] {
                let rate = Staffing.maximumArrivalRate(for: target, agents: agents, handleTime: 240, model: model)
                let threshold = target.threshold ?? 20
                let at = model.metrics(arrivalRate: rate, handleTime: 240, agents: agents, threshold: threshold)
                let above = model.metrics(arrivalRate: rate * (1 + 1e-8), handleTime: 240, agents: agents, threshold: threshold)
                #expect(rate > 0)
                #expect(target.isMet(by: at), "n=\(agents) \(model) \(target)")
                #expect(!target.isMet(by: above), "n=\(agents) \(model) \(target)")
                if case .erlangC = model { #expect(rate < Double(agents) / 240) }
            }
        }
    }
}

import Foundation
import Testing

@testable import Queueing

@Suite("Erlang A")
struct ErlangATests {
    struct Case: Sendable, CustomTestStringConvertible {
        var rate: Double
        var aht: Double
        var patience: Double
        var agents: Int
        var threshold: Double
        var testDescription: String { "λ=\(rate)/s AHT=\(aht)s patience=\(patience)s n=\(agents) t=\(threshold)s" }
    }

    static let cases: [Case] = [
        Case(rate: 1.5 / 60, aht: 240, patience: 180, agents: 7, threshold: 20),
        Case(rate: 1.5 / 60, aht: 240, patience: 180, agents: 3, threshold: 20),  // load 6 on 3 agents
        Case(rate: 0.2, aht: 300, patience: 60, agents: 50, threshold: 30),  // load 60 on 50 agents
        Case(rate: 0.2, aht: 300, patience: 900, agents: 64, threshold: 20),
        Case(rate: 1.0, aht: 200, patience: 20, agents: 190, threshold: 10),
        Case(rate: 0.05, aht: 30, patience: 300, agents: 1, threshold: 5),
        Case(rate: 7.5, aht: 240, patience: 30, agents: 900, threshold: 20),  // load 1800 on 900 agents
        Case(rate: 7.5, aht: 240, patience: 300, agents: 900, threshold: 20),  // the queue series starts past 600
        Case(rate: 7.5, aht: 240, patience: 300, agents: 900, threshold: 240),
    ]

    @Test("agrees with a brute-force birth–death chain", arguments: cases)
    func bruteForce(_ c: Case) {
        let m = ErlangA(arrivalRate: c.rate, handleTime: c.aht, patience: c.patience, agents: c.agents).metrics(threshold: c.threshold)
        let b = BirthDeath(arrivalRate: c.rate, handleTime: c.aht, patience: c.patience, agents: c.agents, threshold: c.threshold)
        #expect(isClose(m.probabilityOfWaiting, b.probabilityOfWaiting, relative: 1e-10), "\(m) \(b)")
        #expect(isClose(m.probabilityOfAbandoning, b.probabilityOfAbandoning, relative: 1e-10), "\(m) \(b)")
        #expect(isClose(m.meanWait, b.meanWait, relative: 1e-10), "\(m) \(b)")
        #expect(isClose(m.serviceLevel, b.serviceLevel, relative: 1e-9), "\(m) \(b)")
        #expect(isClose(m.averageSpeedOfAnswer, b.asa, relative: 1e-9), "\(m) \(b)")
        let model = ErlangA(arrivalRate: c.rate, handleTime: c.aht, patience: c.patience, agents: c.agents)
        #expect(isClose(model.expectedOfferedWait, b.offeredWait, relative: 1e-10))
    }

    @Test("is stable above capacity and never leaves [0, 1]")
    func overload() {
        for load in [0.5, 0.9, 1.0, 1.1, 2.0, 10.0] {
            for n in [1, 10, 100, 1000] {
                let m = ErlangA(arrivalRate: load * Double(n) / 300, handleTime: 300, patience: 120, agents: n).metrics(threshold: 20)
                #expect(m.isStable)
                for p in [m.probabilityOfWaiting, m.probabilityOfAbandoning, m.serviceLevel, m.serviceLevelOfAnswered, m.occupancy] {
                    #expect(p >= 0 && p <= 1, "\(m)")
                }
                #expect(m.serviceLevel <= 1 - m.probabilityOfAbandoning + 1e-15)
                #expect(m.averageSpeedOfAnswer.isFinite && m.meanWait.isFinite)
                // Fluid bound: answered work cannot exceed capacity.
                #expect(load * (1 - m.probabilityOfAbandoning) <= 1 + 1e-12)
            }
        }
    }

    @Test("is exact at 10,000 agents and 10,000 Erlangs")
    func large() {
        for (load, patience) in [(10_000.0, 180.0), (9_800.0, 600.0), (12_000.0, 60.0)] {
            let c = Case(rate: load / 240, aht: 240, patience: patience, agents: 10_000, threshold: 20)
            let m = ErlangA(arrivalRate: c.rate, handleTime: c.aht, patience: c.patience, agents: c.agents).metrics(threshold: c.threshold)
            let b = BirthDeath(
                arrivalRate: c.rate, handleTime: c.aht, patience: c.patience, agents: c.agents, threshold: c.threshold, waits: false)
            #expect(isClose(m.probabilityOfWaiting, b.probabilityOfWaiting, relative: 1e-9), "\(m) \(b)")
            #expect(isClose(m.probabilityOfAbandoning, b.probabilityOfAbandoning, relative: 1e-9), "\(m) \(b)")
            #expect(isClose(m.meanWait, b.meanWait, relative: 1e-9), "\(m) \(b)")
            #expect(m.serviceLevel > 0 && m.serviceLevel <= 1 - m.probabilityOfAbandoning + 1e-14)
        }
    }

    @Test("tends to Erlang C as patience grows")
    func patienceLimit() {
        for (rate, aht, n) in [(100.0 / 3600, 180.0, 7), (1000.0 / 3600, 240.0, 72), (5.0, 300.0, 1540)] {
            let c = ErlangC(arrivalRate: rate, handleTime: aht, agents: n).metrics(threshold: 20)
            var previousGap = Double.infinity
            for patience in [1e5, 1e7, 1e9] {
                let a = ErlangA(arrivalRate: rate, handleTime: aht, patience: patience * aht, agents: n).metrics(threshold: 20)
                let gap = abs(a.probabilityOfWaiting - c.probabilityOfWaiting) / c.probabilityOfWaiting
                #expect(gap <= previousGap)
                previousGap = gap
            }
            let a = ErlangA(arrivalRate: rate, handleTime: aht, patience: 1e9 * aht, agents: n).metrics(threshold: 20)
            #expect(isClose(a.probabilityOfWaiting, c.probabilityOfWaiting, relative: 1e-6))
            #expect(isClose(a.serviceLevel, c.serviceLevel, relative: 1e-6))
            #expect(isClose(a.averageSpeedOfAnswer, c.averageSpeedOfAnswer, relative: 1e-6))
            #expect(a.probabilityOfAbandoning < 1e-6)
            let infinite = ErlangA(arrivalRate: rate, handleTime: aht, patience: .infinity, agents: n).metrics(threshold: 20)
            #expect(infinite.probabilityOfWaiting == c.probabilityOfWaiting && infinite.model == .erlangA)
        }
    }

    @Test("with patience equal to AHT the number in system is Poisson (M/M/∞)")
    func poissonLimit() {
        for (load, n) in [(5.0, 3), (5.0, 8), (80.0, 75), (80.0, 100), (3000.0, 2900), (3000.0, 3100)] {
            let m = ErlangA(arrivalRate: load / 200, handleTime: 200, patience: 200, agents: n).metrics(threshold: 0)
            // P(N ≥ n) and E[(N − n)+]/a for N ~ Poisson(load), summed in log space.
            var atLeast = 0.0
            var excess = 0.0
            var k = n
            while true {
                let p = exp(Double(k) * log(load) - load - lgamma(Double(k) + 1))
                atLeast += p
                excess += Double(k - n) * p
                if Double(k) > load, p < 1e-20 * atLeast { break }
                k += 1
            }
            #expect(isClose(m.probabilityOfWaiting, atLeast, relative: 1e-11), "\(m)")
            #expect(isClose(m.probabilityOfAbandoning, excess / load, relative: 1e-11), "\(m)")
            #expect(isClose(m.occupancy, (load - excess) / Double(n), relative: 1e-11))
        }
    }

    @Test("service level at t = 0 is P(W = 0), at t = ∞ P(answered), and grows with t")
    func thresholds() {
        let model = ErlangA(arrivalRate: 0.2, handleTime: 300, patience: 120, agents: 58)
        let zero = model.metrics(threshold: 0)
        #expect(isClose(zero.serviceLevel, 1 - zero.probabilityOfWaiting, relative: 1e-13))
        let never = model.metrics(threshold: .infinity)
        #expect(isClose(never.serviceLevel, 1 - never.probabilityOfAbandoning, relative: 1e-13))
        #expect(isClose(never.serviceLevelOfAnswered, 1, relative: 1e-13))
        var previous = 0.0
        for t in stride(from: 0.0, through: 600, by: 15) {
            let sl = model.metrics(threshold: t).serviceLevel
            #expect(sl >= previous)
            previous = sl
        }
    }

    @Test("handles no arrivals and no agents")
    func degenerate() {
        let idle = ErlangA(arrivalRate: 0, handleTime: 300, patience: 60, agents: 5).metrics(threshold: 20)
        #expect(idle.probabilityOfWaiting == 0 && idle.serviceLevel == 1 && idle.occupancy == 0)
        let empty = ErlangA(arrivalRate: 0.1, handleTime: 300, patience: 60, agents: 0).metrics(threshold: 20)
        #expect(empty.probabilityOfAbandoning == 1 && empty.serviceLevel == 0 && empty.meanWait == 60)
    }
}

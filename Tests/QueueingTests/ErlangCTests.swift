import Foundation
import Testing

@testable import Queueing

/// Erlang B by the textbook forward recursion B(k) = aB(k−1)/(k + aB(k−1)), from k = 0:
/// an independent check of the truncated, unrolled recursion.
func forwardErlangB(agents: Int, load: Double) -> Double {
    var b = 1.0
    for k in stride(from: 1, through: agents, by: 1) { b = load * b / (Double(k) + load * b) }
    return b
}

@Suite("Erlang B and C")
struct ErlangCTests {
    @Test("Erlang B matches known values and the forward recursion, up to 10,000 agents and Erlangs")
    func erlangB() {
        #expect(isClose(ErlangB.blocking(agents: 1, load: 1), 0.5, relative: 1e-15))
        #expect(isClose(ErlangB.blocking(agents: 2, load: 1), 0.2, relative: 1e-15))
        #expect(isClose(ErlangB.blocking(agents: 10, load: 5), 0.018_384_570_336_648_132, relative: 1e-14))
        #expect(ErlangB.blocking(agents: 0, load: 3) == 1)
        #expect(ErlangB.blocking(agents: 3, load: 0) == 0)
        for load in [0.1, 1, 7.5, 99, 101, 500, 2_500, 9_999.5, 10_000] {
            for n in [1, 2, 10, 99, 100, 101, 499, 500, 1_000, 5_000, 9_900, 10_000, 10_100] {
                let b = ErlangB.blocking(agents: n, load: load)
                let reference = forwardErlangB(agents: n, load: load)
                #expect(b >= 0 && b <= 1)
                if reference > 1e-290 {
                    #expect(isClose(b, reference, relative: 1e-12), "n=\(n) a=\(load): \(b) vs \(reference)")
                } else {
                    #expect(b <= 1e-290)
                }
            }
        }
    }

    @Test("Erlang C is exact at 10,000 agents and 10,000 Erlangs")
    func large() {
        for (n, load) in [(10_000, 9_999.0), (10_000, 9_900.0), (10_000, 9_000.0), (10_001, 10_000.0), (500, 480.0)] {
            let b = forwardErlangB(agents: n, load: load)
            let c = Double(n) * b / (Double(n) - load * (1 - b))
            let m = ErlangC(arrivalRate: load / 300, handleTime: 300, agents: n).metrics(threshold: 20)
            #expect(m.isStable)
            #expect(isClose(m.probabilityOfWaiting, c, relative: 1e-11), "n=\(n) a=\(load)")
            #expect(isClose(m.serviceLevel, 1 - c * exp(-(Double(n) - load) * 20 / 300), relative: 1e-11))
            #expect(isClose(m.averageSpeedOfAnswer, c * 300 / (Double(n) - load), relative: 1e-11))
        }
    }

    @Test("an unstable queue says so: never a probability above 1 or a silent zero")
    func unstable() {
        for (n, load) in [(5, 5.0), (5, 7.5), (100, 100.0), (100, 250.0), (0, 0.5), (10_000, 10_000.0)] {
            let model = ErlangC(arrivalRate: load / 180, handleTime: 180, agents: n)
            let m = model.metrics(threshold: 20)
            #expect(!m.isStable && !model.isStable)
            #expect(m.probabilityOfWaiting == 1 && model.probabilityOfWaiting == 1)
            #expect(m.serviceLevel == 0)
            #expect(m.averageSpeedOfAnswer == .infinity && model.averageSpeedOfAnswer == .infinity)
            #expect(m.meanWait == .infinity)
            #expect(n == 0 || m.occupancy == 1)
        }
        // Just below capacity the figures are finite and in range.
        let m = ErlangC(arrivalRate: 99.999 / 180, handleTime: 180, agents: 100).metrics(threshold: 20)
        #expect(m.isStable && m.probabilityOfWaiting < 1 && m.probabilityOfWaiting > 0.99 && m.averageSpeedOfAnswer.isFinite)
    }

    @Test("more agents are never worse (Erlang C and Erlang A), to rounding (1e-12)")
    func monotone() {
        /// `later` is no worse than `earlier`: within 1e-12 relative plus 1e-12 absolute (a
        /// service level of 1e-150 in deep overload is computed as a difference and may read
        /// 1e-12).
        func noWorse(_ later: Double, _ earlier: Double, higherIsBetter: Bool) -> Bool {
            let slack = 1e-12 * abs(earlier) + 1e-12
            return higherIsBetter ? later >= earlier - slack : later <= earlier + slack
        }
        for load in [0.5, 4.2, 37.0, 250.0, 1_800.0] {
            for patience in [Double.infinity, 30, 300] {
                var previous: QueueMetrics?
                let top = Int(load * 1.5) + 10
                for n in max(1, Int(load * 0.5))...top {
                    let m = QueueModel.erlangA(patience: patience).metrics(arrivalRate: load / 240, handleTime: 240, agents: n, threshold: 20)
                    if let p = previous {
                        let label = "a=\(load) n=\(n) patience=\(patience)"
                        #expect(noWorse(m.probabilityOfWaiting, p.probabilityOfWaiting, higherIsBetter: false), "\(label)")
                        #expect(noWorse(m.serviceLevel, p.serviceLevel, higherIsBetter: true), "\(label)")
                        #expect(noWorse(m.serviceLevelOfAnswered, p.serviceLevelOfAnswered, higherIsBetter: true), "\(label)")
                        #expect(m.averageSpeedOfAnswer <= p.averageSpeedOfAnswer * (1 + 1e-12), "\(label)")
                        #expect(m.meanWait <= p.meanWait * (1 + 1e-12), "\(label)")
                        #expect(noWorse(m.probabilityOfAbandoning, p.probabilityOfAbandoning, higherIsBetter: false), "\(label)")
                    }
                    previous = m
                }
            }
        }
    }

    @Test("service level: t = 0 gives 1 − C, t → ∞ gives 1")
    func thresholds() {
        let model = ErlangC(arrivalRate: 1000.0 / 3600, handleTime: 240, agents: 72)
        let c = model.probabilityOfWaiting
        #expect(isClose(model.serviceLevel(threshold: 0), 1 - c, relative: 1e-14))
        #expect(model.serviceLevel(threshold: .infinity) == 1)
        #expect(isClose(model.occupancy, 1000.0 * 240 / 3600 / 72, relative: 1e-15))
    }
}

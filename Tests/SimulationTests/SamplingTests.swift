import Foundation
import InterflowCore
import Simulation
import Testing

@Suite struct SamplingTests {
    @Test func sameSeedSameSequence() {
        var a = SplitMix64(seed: 99)
        var b = SplitMix64(seed: 99)
        var c = SplitMix64(seed: 100)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
    }

    @Test func uniformStaysInUnitInterval() {
        var generator = SplitMix64(seed: 1)
        let draws = (0..<100_000).map { _ in Sampling.uniform(using: &generator) }
        #expect(draws.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(draws.reduce(0, +) / 100_000 - 0.5) < 0.005)
    }

    // 200 000 draws: the standard error of an exponential mean is mean / √n ≈ 0.22 % of it; 1 % is > 4 SE.
    @Test func exponentialMean() {
        var generator = SplitMix64(seed: 2)
        let n = 200_000
        let mean = (0..<n).reduce(0.0) { sum, _ in sum + Sampling.exponential(mean: 240, using: &generator) } / Double(n)
        #expect(abs(mean / 240 - 1) < 0.01)
    }

    // The ziggurat against the exponential's distribution function: the Kolmogorov–Smirnov
    // distance of 400 000 draws (critical value at 0.1 %: 1.95 / √n ≈ 0.0031), the variance, and
    // the tail past the ziggurat's r (7.697), where e^−x is drawn as r − ln U: P(X > 8) = e^−8.
    @Test func standardExponentialFollowsItsDistribution() {
        var generator = SplitMix64(seed: 3)
        let n = 400_000
        let draws = (0..<n).map { _ in Sampling.standardExponential(using: &generator) }.sorted()
        var distance = 0.0
        for (index, x) in draws.enumerated() {
            let cdf = -expm1(-x)
            distance = max(distance, abs(cdf - Double(index) / Double(n)), abs(cdf - Double(index + 1) / Double(n)))
        }
        #expect(distance < 1.95 / Double(n).squareRoot())
        let mean = draws.reduce(0, +) / Double(n)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        #expect(abs(mean - 1) < 0.01)  // SE 0.0016
        #expect(abs(variance - 1) < 0.03)  // SE ≈ √8 / √n ≈ 0.0045
        let tail = Double(draws.filter { $0 > 8 }.count) / Double(n)
        #expect(abs(tail / exp(-8) - 1) < 0.2)  // about 134 draws: SE 9 %
        #expect(draws.first! >= 0)
    }

    // Lognormal, cv 0.8: SE of the mean ≈ 0.8 / √200 000 ≈ 0.18 %; the cv estimate converges more slowly (heavy tail), 5 %.
    @Test(arguments: [0.3, 0.8])
    func lognormalMeanAndCV(cv: Double) {
        var generator = SplitMix64(seed: 4)
        let n = 200_000
        var sum = 0.0
        var sumSquares = 0.0
        for _ in 0..<n {
            let x = Sampling.lognormal(mean: 300, cv: cv, using: &generator)
            sum += x
            sumSquares += x * x
        }
        let mean = sum / Double(n)
        let sd = (sumSquares / Double(n) - mean * mean).squareRoot()
        #expect(abs(mean / 300 - 1) < 0.01)
        #expect(abs(sd / mean / cv - 1) < 0.05)
    }

    @Test func handleTimeDistributionSamples() {
        var generator = SplitMix64(seed: 5)
        let n = 100_000
        let distribution = DurationDistribution.lognormal(meanSeconds: 420, cv: 0.5)
        let mean = (0..<n).reduce(0.0) { sum, _ in sum + distribution.sample(using: &generator) } / Double(n)
        #expect(abs(mean / 420 - 1) < 0.01)
    }

    @Test func bernoulliRate() {
        var generator = SplitMix64(seed: 6)
        let hits = (0..<100_000).filter { _ in Sampling.bernoulli(0.3, using: &generator) }.count
        #expect(abs(Double(hits) / 100_000 - 0.3) < 0.006)  // SE 0.0014
    }

    // Rate 0.5/s on [0, 50) and 2/s on [50, 100): expected counts 25 and 100 per run; over
    // 2 000 runs the means have standard errors of 0.11 and 0.22.
    @Test func thinningFollowsTheRate() {
        var generator = SplitMix64(seed: 8)
        let runs = 2000
        var early = 0
        var late = 0
        for _ in 0..<runs {
            var t = 0.0
            while let next = PoissonProcess.nextArrival(after: t, maxRate: 2, horizon: 100, rate: { $0 < 50 ? 0.5 : 2 }, using: &generator) {
                if next < 50 { early += 1 } else { late += 1 }
                t = next
            }
        }
        #expect(abs(Double(early) / Double(runs) - 25) < 0.6)
        #expect(abs(Double(late) / Double(runs) - 100) < 1.0)
    }

    @Test func noRateNoArrivals() {
        var generator = SplitMix64(seed: 9)
        #expect(PoissonProcess.nextArrival(after: 0, maxRate: 0, rate: { _ in 1 }, using: &generator) == nil)
    }
}

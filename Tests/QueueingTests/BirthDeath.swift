import Foundation

@testable import Queueing

/// An independent, brute-force M/M/n+M: the birth–death stationary law over a truncated state
/// space (in log space), and the tagged customer's wait by uniformization of its own
/// Markov chain. Slow, simple, and sharing no code with the model under test.
struct BirthDeath {
    var probabilityOfWaiting = 0.0
    var probabilityOfAbandoning = 0.0
    var serviceLevel = 0.0
    var asa = 0.0
    var meanWait = 0.0
    var offeredWait = 0.0

    init(arrivalRate lambda: Double, handleTime: Double, patience: Double, agents n: Int, threshold t: Double, waits: Bool = true) {
        let mu = 1 / handleTime
        let theta = 1 / patience
        // Unnormalised log π(k): births λ, deaths min(k, n)μ + max(k − n, 0)θ.
        var logPi: [Double] = [0]
        var top = 0.0
        var k = 0
        while true {
            let death = Double(min(k + 1, n)) * mu + Double(max(k + 1 - n, 0)) * theta
            logPi.append(logPi[k] + log(lambda / death))
            k += 1
            top = max(top, logPi[k])
            if k > n, logPi[k] < top - 80 { break }
        }
        let weights = logPi.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        let pi = weights.map { $0 / total }
        let queue = Array(pi[n...])  // queue[j] = π(n + j)
        probabilityOfWaiting = queue.reduce(0, +)
        let meanQueue = queue.enumerated().reduce(0.0) { $0 + Double($1.offset) * $1.element }
        probabilityOfAbandoning = theta * meanQueue / lambda
        meanWait = meanQueue / lambda
        guard waits else { return }

        // The tagged arrival finding j ahead: states i = j…0 ahead; from i it moves on at
        // rate nμ + iθ (to i − 1, or to service from 0) and abandons at rate θ.
        let jMax = queue.count - 1
        let rates = (0...jMax).map { Double(n) * mu + Double($0) * theta + theta }
        let uniform = rates.max()!
        // g[i] = P(served within k uniformized steps | i ahead); sum over Poisson(Λt) steps.
        var g = [Double](repeating: 0, count: jMax + 1)
        var servedEver = [Double](repeating: 0, count: jMax + 1)
        for i in 0...jMax {
            servedEver[i] = Double(n) * mu / (Double(n) * mu + Double(i + 1) * theta)
        }
        var servedByT = [Double](repeating: 0, count: jMax + 1)
        var waitServed = [Double](repeating: 0, count: jMax + 1)  // ∫ P(W > s, Sr) ds
        let mean = uniform * t
        var logPoisson = -mean  // ln Pois(0; Λt)
        var step = 0
        while true {
            // Accumulate with g = g_step.
            let poisson = exp(logPoisson)
            for i in 0...jMax {
                servedByT[i] += poisson * g[i]
                waitServed[i] += (servedEver[i] - g[i]) / uniform
            }
            // g_{step+1}(i) = (advance/Λ) g(i−1 or served) + (1 − rate/Λ) g(i).
            var next = g
            for i in 0...jMax {
                let advance = Double(n) * mu + Double(i) * theta
                let onward = i == 0 ? 1.0 : g[i - 1]
                next[i] = advance / uniform * onward + (1 - rates[i] / uniform) * g[i]
            }
            g = next
            step += 1
            logPoisson += log(mean) - log(Double(step))
            if Double(step) > mean + 20 * mean.squareRoot() + 20, zip(servedEver, g).allSatisfy({ $0 - $1 < 1e-13 * $0 }) { break }
        }
        var answeredWithin = pi[..<n].reduce(0, +)
        var waitOfServed = 0.0
        var offered = 0.0
        for j in 0...jMax {
            answeredWithin += queue[j] * servedByT[j]
            waitOfServed += queue[j] * waitServed[j]
            offered += queue[j] * (0...j).reduce(0.0) { $0 + 1 / (Double(n) * mu + Double($1) * theta) }
        }
        serviceLevel = answeredWithin
        asa = waitOfServed / (1 - probabilityOfAbandoning)
        offeredWait = offered
    }
}

/// A seeded generator (SplitMix64, Steele, Lea and Flood 2014) for reproducible tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

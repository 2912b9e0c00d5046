import Foundation
import Planning
import Queueing
import Synchronization
import Testing

@Suite("concave allocation (projected Newton)")
struct ConcaveAllocatorTests {
    /// fᵢ(x) = bᵢ x − cᵢ x²/2: the optimum is known in closed form.
    static func quadratic(_ b: Double, _ c: Double, lower: Double = 0, upper: Double = 100) -> ConcaveAllocator.Party {
        ConcaveAllocator.Party(lower: lower, upper: upper) { x in RateCurvePoint(value: b * x - c * x * x / 2, slope: b - c * x, curvature: -c) }
    }

    @Test("quadratic payoffs: equal marginal payoffs, the exact closed-form optimum")
    func quadratics() {
        // Interior optimum: xᵢ = (bᵢ − ν)/cᵢ with Σ xᵢ = 10: ν = (Σ bᵢ/cᵢ − 10)/Σ 1/cᵢ.
        let parties = [Self.quadratic(10, 1), Self.quadratic(8, 2), Self.quadratic(6, 0.5)]
        let nu = (10.0 / 1 + 8.0 / 2 + 6.0 / 0.5 - 10) / (1 + 0.5 + 2)
        let (x, multiplier) = ConcaveAllocator.allocate(total: 10, parties: parties)
        #expect(abs(multiplier - nu) < 1e-9)
        for (value, expected) in zip(x, [(10 - nu) / 1, (8 - nu) / 2, (6 - nu) / 0.5]) {
            #expect(abs(value - expected) < 1e-8, "\(x)")
        }
    }

    @Test("the payoffs it returns are the parties' at the answer; payoffs handed in for a start are used, not evaluated again")
    func knownPayoffs() {
        let counter = Mutex(0)
        let parties = [(10.0, 1.0), (8, 2), (6, 0.5), (3, 0.25)].map { b, c in
            ConcaveAllocator.Party(lower: 0, upper: 100) { x in
                counter.withLock { $0 += 1 }
                return RateCurvePoint(value: b * x - c * x * x / 2, slope: b - c * x, curvature: -c)
            }
        }
        let first = ConcaveAllocator.solve(total: 10, parties: parties, tolerance: 1e-4)
        for (index, point) in first.points.enumerated() { #expect(point == parties[index].payoff(first.amounts[index])) }
        // Polishing from the first answer with its payoffs known: the same answer as without them,
        // with one evaluation per party fewer.
        counter.withLock { $0 = 0 }
        let fresh = ConcaveAllocator.solve(total: 10, parties: parties, starts: [first.amounts], tolerance: 1e-10)
        let evaluationsFresh = counter.withLock { $0 }
        counter.withLock { $0 = 0 }
        let reused = ConcaveAllocator.solve(total: 10, parties: parties, starts: [first.amounts], known: first.points, tolerance: 1e-10)
        let evaluationsReused = counter.withLock { $0 }
        #expect(reused.amounts == fresh.amounts)
        #expect(reused.points == fresh.points)
        #expect(evaluationsReused == evaluationsFresh - parties.count)
    }

    @Test("bounds hold and bind as the KKT conditions say")
    func bounds() {
        // The steepest party wants everything; its upper bound stops it, the rest share the remainder.
        let parties = [Self.quadratic(100, 1, upper: 3), Self.quadratic(5, 1), Self.quadratic(5, 1, lower: 2)]
        let (x, multiplier) = ConcaveAllocator.allocate(total: 10, parties: parties)
        #expect(abs(x[0] - 3) < 1e-9)
        #expect(abs(x[1] - 3.5) < 1e-8 && abs(x[2] - 3.5) < 1e-8, "\(x)")
        #expect(abs(multiplier - 1.5) < 1e-8)
        // A linear payoff (no curvature) fills to its bound before a concave one gets anything past its slope.
        let linear = ConcaveAllocator.Party(lower: 0, upper: 4) { x in RateCurvePoint(value: 7 * x, slope: 7, curvature: 0) }
        let (y, _) = ConcaveAllocator.allocate(total: 6, parties: [linear, Self.quadratic(10, 1)])
        #expect(abs(y[0] - 3) < 1e-6 && abs(y[1] - 3) < 1e-6, "\(y)")
    }

    @Test("random concave payoffs: no split on a fine grid beats the solver (2 and 3 parties)", arguments: 0..<20)
    func bruteForce(seed: Int) {
        var random = SplitMix(state: UInt64(seed) &+ 99)
        let count = 2 + seed % 2
        // fᵢ(x) = aᵢ (1 − e^(−x/sᵢ)) + bᵢ x: concave, with a different curvature everywhere.
        var parameters: [(a: Double, s: Double, b: Double, lower: Double, upper: Double)] = []
        for _ in 0..<count {
            parameters.append(
                (
                    Double.random(in: 1...20, using: &random), Double.random(in: 0.5...5, using: &random), Double.random(in: -1...1, using: &random),
                    Double(Int.random(in: 0...2, using: &random)), Double(Int.random(in: 6...10, using: &random))
                ))
        }
        let total = 10.0
        func f(_ i: Int, _ x: Double) -> Double { parameters[i].a * (1 - exp(-x / parameters[i].s)) + parameters[i].b * x }
        let parties = parameters.indices.map { i in
            let p = parameters[i]
            return ConcaveAllocator.Party(lower: p.lower, upper: p.upper) { x in
                let e = exp(-x / p.s)
                return RateCurvePoint(value: p.a * (1 - e) + p.b * x, slope: p.a * e / p.s + p.b, curvature: -p.a * e / (p.s * p.s))
            }
        }
        let (x, _) = ConcaveAllocator.allocate(total: total, parties: parties)
        #expect(abs(x.reduce(0, +) - total) < 1e-9)
        for (i, value) in x.enumerated() { #expect(value >= parameters[i].lower - 1e-12 && value <= parameters[i].upper + 1e-12) }
        let ours = x.indices.reduce(0) { $0 + f($1, x[$1]) }
        var best = -Double.infinity
        let steps = 400
        func walk(_ i: Int, _ remaining: Double, _ sum: Double) {
            if i == count - 1 {
                guard remaining >= parameters[i].lower - 1e-12, remaining <= parameters[i].upper + 1e-12 else { return }
                best = max(best, sum + f(i, remaining))
                return
            }
            for k in 0...steps {
                let v = total * Double(k) / Double(steps)
                guard v >= parameters[i].lower, v <= parameters[i].upper, v <= remaining else { continue }
                walk(i + 1, remaining - v, sum + f(i, v))
            }
        }
        walk(0, total, 0)
        #expect(ours >= best - 1e-9, "solver \(ours) below the grid's best \(best) at \(x)")
    }
}

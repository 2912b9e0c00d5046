#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The series behind the Erlang A (M/M/n+M) formulas, summed in scaled form.
///
/// With x = nμ/θ and w = λ/θ the queue part of the M/M/n+M stationary law is
/// π(n+j)/π(n) = t(j) = wʲ / ((x+1)(x+2)⋯(x+j)), and
///
///     J(x, w) = Σⱼ t(j) = x eʷ w⁻ˣ γ(x, w) = M(1, x+1, w)
///
/// (a lower incomplete gamma, or Kummer's confluent hypergeometric function; Garnett,
/// Mandelbaum and Reiman 2002, Mandelbaum and Zeltyn 2005 write it A(x, w)).
///
/// Summing the series directly is exact and has no cancellation, but it peaks at j ≈ w − x.
/// The terms are proportional to a Poisson(w) probability at x + j, so everything left of
/// w − 10√w carries less than e⁻⁵⁰ of the mass: when w > x the sum starts there, with the
/// starting term taken from ln Γ, and everything is kept relative to that term so that
/// nothing overflows for thousands of agents. The sum stops once the geometric bound on the
/// remaining tail falls below 10⁻¹⁶ of the total (under half an ulp of it: further terms no
/// longer change the sum; the planner evaluates this series for every site at every step).
///
/// - Complexity: O(min(√x, 1/(1 − w/x)) + √w) terms.
struct KummerSeries {
    /// ln J(x, w).
    var logSum: Double
    /// Σ t(j) (j+1)/(x+j+1) / J: the probability that a contact that waits abandons.
    var abandonShare = 0.0
    /// Σ t(j) x/(x+j+1) / J: the probability that a contact that waits is answered.
    var servedShare = 0.0
    /// Σ t(j) x/(x+j+1) Σᵢ₌₁^{j+1} 1/(x+i) / J: θ E[W; answered | W > 0].
    var servedWait = 0.0
    /// Σ t(j) Σᵢ₌₀^{j} 1/(x+i) / J: θ E[V | V > 0], the offered (virtual) wait.
    var offeredWait = 0.0
    /// Σ j t(j) / J, Σ j(j−1) t(j) / J and Σ j(j−1)(j−2) t(j) / J: the factorial moments of the
    /// queue length an arrival that waits finds, for the derivatives in w.
    var firstMoment = 0.0
    var secondFactorialMoment = 0.0
    var thirdFactorialMoment = 0.0

    /// Sums J(x, w) only.
    init(x: Double, w: Double) {
        let start = Self.start(x: x, w: w)
        var t = 1.0
        var sum = 0.0
        var j = start.index
        while true {
            sum += t
            let d = x + j + 1
            t *= w / d
            if d + 1 > w, t * (d + 1) < 1e-16 * sum * (d + 1 - w) { break }
            j += 1
        }
        logSum = start.logTerm + log(sum)
    }

    /// Sums J(x, w) and its first three factorial moments.
    init(factorialMomentsX x: Double, w: Double) {
        let start = Self.start(x: x, w: w)
        var t = 1.0
        var sum = 0.0
        var m1 = 0.0
        var m2 = 0.0
        var m3 = 0.0
        var j = start.index
        let w2 = w * w
        let w3 = w2 * w
        let w4 = w2 * w2
        // Four terms per division: with d = x + j + 1 and e, f, g = d + 1, d + 2, d + 3,
        // t(j+1) = t w efg/(defg), t(j+2) = t w² fg/(defg), t(j+3) = t w³ g/(defg),
        // t(j+4) = t w⁴/(defg): one division, and a dependent chain of one multiply per four terms.
        while true {
            let d = x + j + 1
            let e = d + 1
            let f = d + 2
            let g = d + 3
            let fg = f * g
            let inverse = 1 / (d * e * fg)
            let s = t * inverse
            let t1 = s * w * e * fg
            let t2 = s * w2 * fg
            let t3 = s * w3 * g
            let j1 = j + 1
            let j2 = j + 2
            let j3 = j + 3
            let a0 = j * (j - 1)
            let a1 = j1 * j
            let a2 = j2 * j1
            let a3 = j3 * j2
            sum += (t + t1) + (t2 + t3)
            m1 += (t * j + t1 * j1) + (t2 * j2 + t3 * j3)
            m2 += (t * a0 + t1 * a1) + (t2 * a2 + t3 * a3)
            m3 += (t * a0 * (j - 2) + t1 * a1 * (j - 1)) + (t2 * a2 * j + t3 * a3 * j1)
            t = s * w4
            if g + 1 > w, t * (g + 1) < 1e-16 * sum * (g + 1 - w) { break }
            j += 4
        }
        logSum = start.logTerm + log(sum)
        firstMoment = m1 / sum
        secondFactorialMoment = m2 / sum
        thirdFactorialMoment = m3 / sum
    }

    /// Sums J(x, w) and the weighted sums for abandonment and waits. Needs x > 0.
    init(weightedX x: Double, w: Double) {
        let start = Self.start(x: x, w: w)
        var j = start.index
        // h = Σ_{i=1}^{j} 1/(x+i) and v = Σ_{i=0}^{j-1} 1/(x+i) before term j.
        var h = j > 0 ? SpecialFunctions.digamma(x + j + 1) - SpecialFunctions.digamma(x + 1) : 0
        var v = j > 0 ? SpecialFunctions.digamma(x + j) - SpecialFunctions.digamma(x) : 0
        var t = 1.0
        var sum = 0.0
        var abandon = 0.0
        var served = 0.0
        var servedWait = 0.0
        var offeredWait = 0.0
        while true {
            let d = x + j + 1
            let inverse = 1 / d
            h += inverse
            v += 1 / (x + j)
            sum += t
            abandon += t * (j + 1) * inverse
            let s = t * x * inverse
            served += s
            servedWait += s * h
            offeredWait += t * v
            t *= w * inverse
            if d + 1 > w, t * (d + 1) < 1e-16 * sum * (d + 1 - w) { break }
            j += 1
        }
        logSum = start.logTerm + log(sum)
        abandonShare = abandon / sum
        servedShare = served / sum
        self.servedWait = servedWait / sum
        self.offeredWait = offeredWait / sum
    }

    /// Where the sum starts (a whole number, held as a Double) and ln t(start).
    private static func start(x: Double, w: Double) -> (index: Double, logTerm: Double) {
        let first = (w - 10 * w.squareRoot() - x - 2).rounded(.down)
        guard first > 0 else { return (0, 0) }
        let logTerm = first * log(w) - (lgamma(x + first + 1) - lgamma(x + 1))
        return (first, logTerm)
    }
}

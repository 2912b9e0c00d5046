#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Erlang A model: the M/M/n+M (Palm) queue, in which each waiting contact abandons after
/// an exponential patience with mean 1/θ (C. Palm 1946; Garnett, Mandelbaum and Reiman,
/// "Designing a call center with impatient customers", M&SOM 4(3), 2002; Mandelbaum and
/// Zeltyn, "The M/M/n+G queue: summary of performance measures", 2005).
///
/// With λ, μ = 1/h, θ, n and load a = λ/μ, let x = nμ/θ, y = λ/θ and
/// J(x, y) = Σⱼ yʲ/((x+1)⋯(x+j)) = x eʸ y⁻ˣ γ(x, y) (the A(x, y) of the papers; see
/// ``KummerSeries``). With Erlang B's u = 1/B(n, a) − 1:
///
///     P(W > 0)          = J / (u + J)                        [= J B / (1 + (J − 1) B)]
///     P(Ab | W > 0)     = 1/(ρJ) + 1 − 1/ρ,  ρ = λ/(nμ)       (summed term by term)
///     P(V > t | W > 0)  = γ(x, y e^(−θt)) / γ(x, y)          (V: the offered wait)
///     P(Sr, V > t | W > 0) = x/(x+1) · e^(−(nμ+θ)t + y(1−e^(−θt))) J(x+1, y e^(−θt)) / J(x, y)
///     E[W]              = P(Ab)/θ                             (Little's law on the queue)
///     E[W; Sr]          = P(W>0)/θ · Σⱼ qⱼ x/(x+j+1) Σᵢ₌₁^{j+1} 1/(x+i)
///
/// with qⱼ = t(j)/J the law of the queue length a waiting arrival finds. The last two follow
/// from the offered wait of an arrival finding j ahead being a sum of exponentials with
/// rates θ(x+i), i = 0…j, i.e. −ln Beta(x, j+1)/θ (Rényi's representation), and the
/// contact being answered with probability E[e^(−θV)] = x/(x+j+1).
///
/// Every figure comes from one Erlang B recursion and two sums of J, summed in scaled form:
/// the model is stable and accurate for thousands of agents, for load above the number of
/// agents, and for long or short patience. Limits (tested): as patience → ∞ the figures
/// tend to Erlang C; with θ = μ the number in system is Poisson(a) (M/M/∞), so
/// P(W > 0) = P(Poisson(a) ≥ n).
public struct ErlangA: Sendable, Hashable {
    /// λ, contacts per second, finite and ≥ 0.
    public var arrivalRate: Double
    /// h = 1/μ, the mean handle time (AHT) in seconds, finite and > 0.
    public var handleTime: Double
    /// 1/θ, the mean patience in seconds, > 0; `.infinity` gives Erlang C.
    public var patience: Double
    /// n, agents staffed, ≥ 0.
    public var agents: Int

    /// A queue with arrival rate λ (per second), mean handle time h, mean patience 1/θ
    /// (seconds) and n agents.
    public init(arrivalRate: Double, handleTime: Double, patience: Double, agents: Int) {
        precondition(arrivalRate >= 0 && arrivalRate.isFinite, "ErlangA: arrivalRate must be finite and >= 0, got \(arrivalRate)")
        precondition(handleTime > 0 && handleTime.isFinite, "ErlangA: handleTime must be finite and > 0, got \(handleTime)")
        precondition(patience > 0, "ErlangA: patience must be > 0, got \(patience)")
        precondition(agents >= 0, "ErlangA: agents must be >= 0, got \(agents)")
        self.arrivalRate = arrivalRate
        self.handleTime = handleTime
        self.patience = patience
        self.agents = agents
    }

    /// The offered load a = λh in Erlangs.
    public var load: Double { arrivalRate * handleTime }

    /// P(W > 0), the probability that an arrival waits.
    public var probabilityOfWaiting: Double { metrics(threshold: 0).probabilityOfWaiting }

    /// P(Ab), the probability that an arrival abandons.
    public var probabilityOfAbandoning: Double { metrics(threshold: 0).probabilityOfAbandoning }

    /// Every figure of the model for a service-level threshold t.
    ///
    /// - Parameter threshold: t in seconds (≥ 0; may be infinite).
    /// - Complexity: O(min(n, 10√a + |n − a|)) for Erlang B plus O(√x + √y) terms for J
    ///   (x = n·patience/AHT, y = λ·patience), independent of the threshold.
    public func metrics(threshold: Double) -> QueueMetrics {
        precondition(threshold >= 0, "ErlangA: threshold must be >= 0, got \(threshold)")
        if patience.isInfinite {
            var result = ErlangC(arrivalRate: arrivalRate, handleTime: handleTime, agents: agents).metrics(threshold: threshold)
            result.model = .erlangA
            return result
        }
        let a = load
        let n = Double(agents)
        if arrivalRate == 0 {
            return QueueMetrics(
                model: .erlangA, agents: agents, load: 0, threshold: threshold, isStable: true, probabilityOfWaiting: 0,
                probabilityOfAbandoning: 0, serviceLevel: 1, serviceLevelOfAnswered: 1, averageSpeedOfAnswer: 0, meanWait: 0,
                occupancy: 0)
        }
        if agents == 0 {
            // Nobody is ever answered: every contact waits out its patience.
            return QueueMetrics(
                model: .erlangA, agents: 0, load: a, threshold: threshold, isStable: true, probabilityOfWaiting: 1,
                probabilityOfAbandoning: 1, serviceLevel: 0, serviceLevelOfAnswered: 0, averageSpeedOfAnswer: .infinity,
                meanWait: patience, occupancy: 0)
        }
        let state = WaitingState(self)
        let wait = state.wait
        let noWait = state.noWait
        let series = state.series
        let abandon = wait * series.abandonShare
        let answered = noWait + wait * series.servedShare
        let meanWait = abandon * patience
        let asa = wait * series.servedWait * patience / answered

        // P(Sr, V ≤ t | W > 0) = P(Sr | W > 0) (1 − R), with s = x + 1, z = e^(−θt),
        // R = γ(s, yz)/γ(s, y) = z e^(−nμt + y(1−z)) J(s, yz)/J(s, y), and
        // J(s, y) = (x+1)/x · J(x, y) · P(Sr | W > 0).
        var lateComplement = 1.0  // 1 − R
        if threshold.isFinite {
            let theta = 1 / patience
            let s = state.x + 1
            let yz = state.y * exp(-theta * threshold)
            let logJNext = log1p(1 / state.x) + series.logSum + log(series.servedShare)
            let growth = -state.y * expm1(-theta * threshold)  // y(1 − z)
            if yz > s + 1 {
                // Deep in the right tail R is within rounding of 1: take 1 − R from the upper
                // incomplete gamma, [Γ(s, yz) − Γ(s, y)]/γ(s, y), relative to e^(−y) yˢ:
                // s [e^(y(1−z) − sθt) F(s, yz) − F(s, y)] / J(s, y), F the continued fraction.
                let exponent = growth - s * theta * threshold
                let near = SpecialFunctions.upperGammaFraction(s, yz)
                let far = SpecialFunctions.upperGammaFraction(s, state.y)
                let logDifference = exponent + log(near) + log1p(-far / near * exp(-exponent))
                lateComplement = min(1, s * exp(logDifference - logJNext))
            } else {
                let logJNextLate = KummerSeries(x: s, w: yz).logSum
                let exponent = -(n / handleTime + theta) * threshold + growth
                lateComplement = -expm1(min(0, exponent + logJNextLate - logJNext))
            }
        }
        let withinThreshold = noWait + wait * series.servedShare * lateComplement
        return QueueMetrics(
            model: .erlangA, agents: agents, load: a, threshold: threshold, isStable: true, probabilityOfWaiting: wait,
            probabilityOfAbandoning: abandon, serviceLevel: min(withinThreshold, answered),
            serviceLevelOfAnswered: min(1, withinThreshold / answered), averageSpeedOfAnswer: asa, meanWait: meanWait,
            occupancy: min(1, a * answered / n))
    }

    /// E[V]: the expected offered wait of a new arrival, the time until an agent would take
    /// it if it did not abandon, in seconds: P(W > 0) Σⱼ qⱼ Σᵢ₌₀^{j} 1/(θ(x+i)).
    public var expectedOfferedWait: Double {
        if patience.isInfinite {
            return ErlangC(arrivalRate: arrivalRate, handleTime: handleTime, agents: agents).averageSpeedOfAnswer
        }
        if arrivalRate == 0 { return 0 }
        if agents == 0 { return .infinity }
        let state = WaitingState(self)
        return state.wait * state.series.offeredWait * patience
    }
}

extension ErlangA {
    /// The probability of waiting and the queue-part sums, shared by the figures.
    struct WaitingState {
        var x: Double
        var y: Double
        var series: KummerSeries
        /// P(W > 0) = J/(u + J).
        var wait: Double
        /// P(W = 0) = u/(u + J).
        var noWait: Double

        init(_ model: ErlangA) {
            x = Double(model.agents) * model.patience / model.handleTime
            y = model.arrivalRate * model.patience
            series = KummerSeries(weightedX: x, w: y)
            let u = ErlangB.inverseMinusOne(agents: model.agents, load: model.load)
            if u.isInfinite {
                wait = 0
                noWait = 1
            } else {
                // u/J and J/u in log space: J may be far beyond the range of a Double.
                let logRatio = log(u) - series.logSum  // ln(u/J)
                wait = 1 / (1 + exp(logRatio))
                noWait = 1 / (1 + exp(-logRatio))
            }
        }
    }
}

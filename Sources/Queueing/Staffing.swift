#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Staffing: the fewest agents that meet a target, and the most traffic a staffing can take.
///
/// Every target used here is monotone in the number of agents (more agents never give a
/// lower service level, a longer ASA or more abandonment) and in the arrival rate (more
/// traffic never helps), so a walk one agent at a time from any starting point finds the
/// minimum without skipping a candidate, and a bracketed root search finds the largest arrival rate.
/// The walk starts at the square-root staffing estimate n ≈ a + β√a (Erlang 1948;
/// Halfin and Whitt, "Heavy-traffic limits for queues with many exponential servers",
/// Operations Research 29(3), 1981; Borst, Mandelbaum and Reiman, "Dimensioning large call
/// centers", Operations Research 52(1), 2004), which is within a few agents of the answer,
/// so a search costs a few model evaluations.
public enum Staffing {
    /// A service target for one queue.
    public enum Target: Sendable, Hashable {
        /// At least `fraction` (0…1) of offered contacts answered within `threshold` seconds:
        /// the x/y service level, e.g. 80 % within 20 s.
        case serviceLevel(fraction: Double, threshold: Double)
        /// An ASA (mean wait of answered contacts) of at most this many seconds.
        case averageSpeedOfAnswer(Double)
        /// At most this fraction (0…1) of offered contacts abandoning. Erlang C has no
        /// abandonment, so under it this target asks only for a stable queue.
        case abandonRate(Double)

        /// Whether figures meet the target (an unstable queue never does).
        public func isMet(by metrics: QueueMetrics) -> Bool {
            guard metrics.isStable else { return false }
            switch self {
            case .serviceLevel(let fraction, _): return metrics.serviceLevel >= fraction
            case .averageSpeedOfAnswer(let seconds): return metrics.averageSpeedOfAnswer <= seconds
            case .abandonRate(let fraction): return metrics.probabilityOfAbandoning <= fraction
            }
        }

        /// The threshold the target's service level refers to, if any.
        var threshold: Double? {
            if case .serviceLevel(_, let threshold) = self { return threshold }
            return nil
        }

        fileprivate func validate() {
            switch self {
            case .serviceLevel(let fraction, let threshold):
                precondition((0...1).contains(fraction), "Staffing: service-level fraction must be in 0...1, got \(fraction)")
                precondition(threshold >= 0, "Staffing: threshold must be >= 0, got \(threshold)")
            case .averageSpeedOfAnswer(let seconds):
                precondition(seconds >= 0, "Staffing: ASA target must be >= 0, got \(seconds)")
            case .abandonRate(let fraction):
                precondition((0...1).contains(fraction), "Staffing: abandon rate must be in 0...1, got \(fraction)")
            }
        }
    }

    /// The fewest agents meeting `target`, with the figures at that staffing; `nil` when no
    /// staffing up to `maximumAgents` meets it (for example 100 % within a threshold).
    ///
    /// The search starts at ``squareRootEstimate(for:arrivalRate:handleTime:model:)``, walks
    /// down while one agent fewer still meets the target and up while the target is not met,
    /// one agent at a time.
    ///
    /// - Parameters:
    ///   - target: the service target.
    ///   - arrivalRate: λ per second.
    ///   - handleTime: AHT in seconds.
    ///   - model: Erlang C or Erlang A.
    ///   - threshold: the service-level threshold for the returned figures when the target is
    ///     not a service level (a service-level target uses its own).
    ///   - maximumAgents: where the search gives up.
    /// - Complexity: O(k n) where k is the distance from the estimate to the answer, usually
    ///   a few agents.
    public static func minimumAgents(
        for target: Target, arrivalRate: Double, handleTime: Double, model: QueueModel, threshold: Double = 0,
        maximumAgents: Int = 1_000_000
    ) -> QueueMetrics? {
        target.validate()
        let reportThreshold = target.threshold ?? threshold
        func evaluate(_ agents: Int) -> QueueMetrics {
            model.metrics(arrivalRate: arrivalRate, handleTime: handleTime, agents: agents, threshold: reportThreshold)
        }
        let lowest = lowerBound(arrivalRate: arrivalRate, handleTime: handleTime, model: model)
        guard lowest <= maximumAgents else { return nil }
        var agents = min(maximumAgents, max(lowest, squareRootEstimate(for: target, arrivalRate: arrivalRate, handleTime: handleTime, model: model)))
        var metrics = evaluate(agents)
        if target.isMet(by: metrics) {
            while agents > lowest {
                let fewer = evaluate(agents - 1)
                guard target.isMet(by: fewer) else { break }
                agents -= 1
                metrics = fewer
            }
            return metrics
        }
        while !target.isMet(by: metrics) {
            guard agents < maximumAgents else { return nil }
            agents += 1
            metrics = evaluate(agents)
        }
        return metrics
    }

    /// The largest arrival rate (per second) that `agents` can take while meeting `target`,
    /// to `relativeTolerance` (the answer meets the target and is never below the true one by
    /// more than that). 0 when even a trickle misses the target.
    ///
    /// Under Erlang C the rate is below nμ (stability); under Erlang A it may exceed it when
    /// the target allows abandonment, so the upper bracket is found by doubling. Inside the
    /// bracket the search is regula falsi with the Illinois modification (Dowell and Jarratt,
    /// "A modified regula falsi method for computing the root of an equation", BIT 11, 1971)
    /// on the target's margin, which is continuous and decreasing in the rate: superlinear, so
    /// a planner's 10⁻⁶ costs about six model evaluations where bisection takes twenty. A step
    /// that does not halve the bracket is followed by a bisection step, so the search is never
    /// slower than bisection.
    ///
    /// - Complexity: O(n log log(1/tolerance)) in practice, O(n log(1/tolerance)) at worst.
    public static func maximumArrivalRate(
        for target: Target, agents: Int, handleTime: Double, model: QueueModel, relativeTolerance: Double = 1e-10
    ) -> Double {
        target.validate()
        precondition(agents >= 0, "Staffing: agents must be >= 0, got \(agents)")
        precondition(handleTime > 0 && handleTime.isFinite, "Staffing: handleTime must be finite and > 0, got \(handleTime)")
        guard agents > 0 else { return 0 }
        let threshold = target.threshold ?? 0
        /// The target's margin at a rate: ≥ 0 exactly when the target is met; continuous.
        func margin(_ rate: Double) -> Double {
            let metrics = model.metrics(arrivalRate: rate, handleTime: handleTime, agents: agents, threshold: threshold)
            let value: Double
            switch target {
            case .serviceLevel(let fraction, _): value = metrics.serviceLevel - fraction
            case .averageSpeedOfAnswer(let seconds):
                // seconds/(seconds + ASA) − ½: bounded, continuous, and ≥ 0 exactly when ASA ≤ seconds.
                let asa = metrics.averageSpeedOfAnswer
                value = seconds + asa > 0 ? seconds / (seconds + asa) - 0.5 : 0.5
            case .abandonRate(let fraction): value = fraction - metrics.probabilityOfAbandoning
            }
            // The sign is the target's own verdict, whatever the rounding of the margin.
            return target.isMet(by: metrics) ? max(value, 0) : min(value, -Double.leastNormalMagnitude)
        }
        let capacity = Double(agents) / handleTime
        var low = 0.0
        var lowMargin = margin(0)
        guard lowMargin >= 0 else { return 0 }
        var high = capacity
        var highMargin: Double
        let stableBelow: Double
        if case .erlangC = model { stableBelow = capacity } else { stableBelow = .infinity }
        if let guess = squareRootCapacity(for: target, agents: agents, handleTime: handleTime), guess > 0, guess < stableBelow {
            // A narrow bracket around the square-root estimate, widened until it holds the answer.
            var probe = guess * 0.98
            var m = margin(probe)
            if m >= 0 {
                low = probe
                lowMargin = m
                var factor = 1.04
                while true {
                    probe = min(low * factor, stableBelow)
                    m = margin(probe)
                    if m < 0 { break }
                    low = probe
                    lowMargin = m
                    factor *= factor
                    if low > 1e12 * capacity { return low }
                }
                high = probe
                highMargin = m
            } else {
                high = probe
                highMargin = m
                var factor = 0.96
                while true {
                    probe = high * factor
                    m = margin(probe)
                    if m >= 0 { break }
                    high = probe
                    highMargin = m
                    factor *= factor
                    if probe < 1e-12 * capacity { return 0 }
                }
                low = probe
                lowMargin = m
            }
        } else {
            highMargin = margin(high)
            if case .erlangA = model {
                while highMargin >= 0 {
                    low = high
                    lowMargin = highMargin
                    high *= 2
                    if high > 1e12 * capacity { return low }
                    highMargin = margin(high)
                }
            }
        }
        // Invariant: margin(low) ≥ 0 > margin(high).
        var side = 0  // which end the last false-position step moved (Illinois)
        var slow = 0  // steps in a row that did not halve the bracket
        var steps = 0
        while high - low > relativeTolerance * high, steps < 200 {
            steps += 1
            let width = high - low
            // No step closer than half the tolerance to an end, so a root approached from one
            // side still closes the bracket (as in Brent's method).
            let nudge = 0.5 * relativeTolerance * high
            var candidate: Double
            if slow >= 2 {
                candidate = 0.5 * (low + high)
                slow = 0
            } else {
                candidate = low + lowMargin / (lowMargin - highMargin) * width
            }
            candidate = min(max(candidate, low + nudge), high - nudge)
            if !(candidate > low && candidate < high) { candidate = 0.5 * (low + high) }
            let value = margin(candidate)
            if value >= 0 {
                low = candidate
                lowMargin = value
                if side == 1 { highMargin *= 0.5 }
                side = 1
            } else {
                high = candidate
                highMargin = value
                if side == -1 { lowMargin *= 0.5 }
                side = -1
            }
            slow = high - low > 0.5 * width ? slow + 1 : 0
        }
        return low
    }

    /// The square-root staffing estimate n = ⌈a + β√a⌉ for a target, where β solves the
    /// Halfin–Whitt approximation of Erlang C: P(W > 0) ≈ α(β) = [1 + βΦ(β)/φ(β)]⁻¹, so
    /// SL(t) ≈ 1 − α(β) e^(−β√a t/h) and ASA ≈ α(β) h/(β√a). Erlang A needs no more agents
    /// than Erlang C for these targets. For an abandonment target the estimate is the fluid
    /// bound ⌈a(1 − p)⌉ (Whitt, "Efficiency-driven heavy-traffic approximations for
    /// many-server queues with abandonments", Management Science 50(10), 2004), which no
    /// staffing below can meet since λ(1 − P(Ab)) h ≤ n.
    public static func squareRootEstimate(for target: Target, arrivalRate: Double, handleTime: Double, model: QueueModel) -> Int {
        let a = arrivalRate * handleTime
        guard a > 0 else { return 0 }
        let root = a.squareRoot()
        let beta: Double
        switch target {
        case .serviceLevel(let fraction, let threshold):
            beta = solveBeta { b in 1 - halfinWhitt(b) * exp(-b * root * threshold / handleTime) >= fraction }
        case .averageSpeedOfAnswer(let seconds):
            beta = solveBeta { b in halfinWhitt(b) * handleTime / (b * root) <= seconds }
        case .abandonRate(let fraction):
            if case .erlangC = model { return Int(a.rounded(.down)) + 1 }
            return Int((a * (1 - fraction)).rounded(.up))
        }
        return Int((a + beta * root).rounded(.up))
    }

    /// The arrival rate `agents` can take at a service-level target by the square-root rule turned
    /// around: n = a + β√a with the Halfin–Whitt β of the target at a ≈ n, so a = ((√(β² + 4n) − β)/2)².
    /// A starting point for ``maximumArrivalRate(for:agents:handleTime:model:relativeTolerance:)``;
    /// nil for other targets.
    static func squareRootCapacity(for target: Target, agents: Int, handleTime: Double) -> Double? {
        guard case .serviceLevel(let fraction, let threshold) = target, fraction > 0, fraction < 1, agents > 0 else { return nil }
        let n = Double(agents)
        let root = n.squareRoot()
        var low = 0.0
        var high = 12.0
        for _ in 0..<30 {
            let beta = 0.5 * (low + high)
            if 1 - halfinWhitt(beta) * exp(-beta * root * threshold / handleTime) >= fraction { high = beta } else { low = beta }
        }
        let beta = high
        let a = (((beta * beta + 4 * n).squareRoot() - beta) / 2)
        return a * a / handleTime
    }

    /// α(β) = P(W > 0) in the Halfin–Whitt regime.
    static func halfinWhitt(_ beta: Double) -> Double {
        1 / (1 + beta * SpecialFunctions.normalCDF(beta) / SpecialFunctions.normalDensity(beta))
    }

    /// The smallest β in (0, 12] with `isMet(β)` (monotone), by bisection.
    private static func solveBeta(_ isMet: (Double) -> Bool) -> Double {
        var low = 0.0
        var high = 12.0
        if !isMet(high) { return high }
        for _ in 0..<40 {
            let middle = 0.5 * (low + high)
            if isMet(middle) { high = middle } else { low = middle }
        }
        return high
    }

    /// No staffing below this meets any target: a stable Erlang C queue needs n > a.
    private static func lowerBound(arrivalRate: Double, handleTime: Double, model: QueueModel) -> Int {
        guard arrivalRate > 0 else { return 0 }
        switch model {
        case .erlangC: return Int((arrivalRate * handleTime).rounded(.down)) + 1
        case .erlangA: return 0
        }
    }
}

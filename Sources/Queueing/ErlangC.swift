#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Erlang C model: the M/M/n queue with first-come first-served order and infinite
/// patience (A. K. Erlang 1917; Gans, Koole and Mandelbaum, "Telephone call centers:
/// tutorial, review, and research prospects", 2003, §4.1).
///
/// With arrival rate λ, mean handle time h = 1/μ, load a = λh and n agents, the queue is
/// stable when a < n, and then
///
///     C(n, a) = P(W > 0) = n B / (n − a (1 − B)) = 1 / (1 + (1 − a/n) u)
///     SL(t)   = P(W ≤ t) = 1 − C e^(−(nμ − λ) t)
///     ASA     = E[W]     = C h / (n − a)
///     occupancy          = a / n
///
/// where B = B(n, a) is Erlang B and u = 1/B − 1 (see ``ErlangB``); the second form of C
/// has no cancellation. When a ≥ n the queue is unstable and ``metrics(threshold:)`` says so
/// (`isStable == false`) with the limiting figures: P(W > 0) = 1, SL = 0, infinite waits.
public struct ErlangC: Sendable, Hashable {
    /// λ, contacts per second, finite and ≥ 0.
    public var arrivalRate: Double
    /// h = 1/μ, the mean handle time (AHT) in seconds, finite and > 0.
    public var handleTime: Double
    /// n, agents staffed, ≥ 0.
    public var agents: Int

    /// A queue with arrival rate λ (per second), mean handle time h (seconds) and n agents.
    public init(arrivalRate: Double, handleTime: Double, agents: Int) {
        precondition(arrivalRate >= 0 && arrivalRate.isFinite, "ErlangC: arrivalRate must be finite and >= 0, got \(arrivalRate)")
        precondition(handleTime > 0 && handleTime.isFinite, "ErlangC: handleTime must be finite and > 0, got \(handleTime)")
        precondition(agents >= 0, "ErlangC: agents must be >= 0, got \(agents)")
        self.arrivalRate = arrivalRate
        self.handleTime = handleTime
        self.agents = agents
    }

    /// The offered load a = λh in Erlangs.
    public var load: Double { arrivalRate * handleTime }

    /// Whether the queue has a steady state: a < n (or no arrivals at all).
    public var isStable: Bool { arrivalRate == 0 || load < Double(agents) }

    /// C(n, a) = P(W > 0); 1 when unstable.
    ///
    /// - Complexity: O(min(n, 10√a + |n − a|)).
    public var probabilityOfWaiting: Double {
        guard isStable else { return 1 }
        let u = ErlangB.inverseMinusOne(agents: agents, load: load)
        return 1 / (1 + (1 - load / Double(agents)) * u)
    }

    /// SL(t) = P(W ≤ t) = 1 − C e^(−(nμ − λ)t): contacts answered within `threshold` seconds
    /// over all offered; 0 when unstable.
    public func serviceLevel(threshold: Double) -> Double {
        metrics(threshold: threshold).serviceLevel
    }

    /// ASA = E[W] = C h/(n − a) seconds; `.infinity` when unstable.
    public var averageSpeedOfAnswer: Double {
        guard isStable else { return .infinity }
        guard arrivalRate > 0 else { return 0 }
        return probabilityOfWaiting * handleTime / (Double(agents) - load)
    }

    /// Occupancy a/n; 1 when unstable (agents never idle), 0 with no agents and no arrivals.
    public var occupancy: Double {
        guard agents > 0 else { return arrivalRate > 0 ? 1 : 0 }
        return min(1, load / Double(agents))
    }

    /// Every figure from one Erlang B recursion.
    ///
    /// - Parameter threshold: the service-level threshold t in seconds (≥ 0; may be infinite).
    /// - Complexity: O(min(n, 10√a + |n − a|)).
    public func metrics(threshold: Double) -> QueueMetrics {
        precondition(threshold >= 0, "ErlangC: threshold must be >= 0, got \(threshold)")
        let a = load
        let n = Double(agents)
        guard isStable else {
            return QueueMetrics(
                model: .erlangC, agents: agents, load: a, threshold: threshold, isStable: false, probabilityOfWaiting: 1,
                probabilityOfAbandoning: 0, serviceLevel: 0, serviceLevelOfAnswered: 0, averageSpeedOfAnswer: .infinity,
                meanWait: .infinity, occupancy: agents > 0 ? 1 : 0)
        }
        guard arrivalRate > 0 else {
            return QueueMetrics(
                model: .erlangC, agents: agents, load: 0, threshold: threshold, isStable: true, probabilityOfWaiting: 0,
                probabilityOfAbandoning: 0, serviceLevel: 1, serviceLevelOfAnswered: 1, averageSpeedOfAnswer: 0, meanWait: 0,
                occupancy: 0)
        }
        let u = ErlangB.inverseMinusOne(agents: agents, load: a)
        let slack = 1 - a / n
        // C = 1/(1 + slack u) and 1 − C = slack u/(1 + slack u), each without cancellation.
        let wait: Double
        let noWait: Double
        if u.isInfinite {
            wait = 0
            noWait = 1
        } else {
            wait = 1 / (1 + slack * u)
            noWait = slack * u * wait
        }
        // SL = 1 − C e^(−(n − a) t/h), or (1 − C) + C (1 − e^(−(n − a) t/h)) when that is small.
        let decay = (n - a) * threshold / handleTime
        let late = wait * exp(-decay)
        let serviceLevel = late < 0.5 ? 1 - late : min(1, noWait - wait * expm1(-decay))
        let asa = wait * handleTime / (n - a)
        return QueueMetrics(
            model: .erlangC, agents: agents, load: a, threshold: threshold, isStable: true, probabilityOfWaiting: wait,
            probabilityOfAbandoning: 0, serviceLevel: serviceLevel, serviceLevelOfAnswered: serviceLevel,
            averageSpeedOfAnswer: asa, meanWait: asa, occupancy: a / n)
    }
}

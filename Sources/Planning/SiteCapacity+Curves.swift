import InterflowCore
import Queueing

extension SiteCapacity {
    /// Contacts abandoning per second at arrival rate `rate` (per second), with the derivatives
    /// in the rate: ``ErlangA/abandonmentRate`` of the site's queue. Zero under infinite patience
    /// (Erlang C: nobody abandons).
    func abandonment(at rate: Double) -> RateCurvePoint {
        guard patience.isFinite else { return .zero }
        return ErlangA(arrivalRate: max(rate, 0), handleTime: handleTime, patience: patience, agents: agents).abandonmentRate
    }

    /// Waiting time accumulated per second by all contacts at arrival rate `rate` (λ E[W]:
    /// seconds of waiting per second, the mean number waiting by Little's law), with its
    /// derivatives in the rate. The overflow planner minimises the sum of these.
    ///
    /// Under Erlang A, E[W] = P(Ab) × patience, so λ E[W] = patience × R(λ) (``abandonment(at:)``).
    /// Under Erlang C it is Lq = C a/(n − a), differentiated numerically; from 99.5 % occupancy on
    /// it is continued by its second-order Taylor polynomial, so that an overloaded site has a
    /// large but finite, convex cost instead of an infinite one.
    func delay(at rate: Double) -> RateCurvePoint {
        if patience.isFinite {
            let r = abandonment(at: rate)
            return RateCurvePoint(value: patience * r.value, slope: patience * r.slope, curvature: patience * r.curvature)
        }
        let capacity = Double(agents) / handleTime
        guard capacity > 0 else { return RateCurvePoint(value: 1e9 * rate, slope: 1e9, curvature: 0) }
        let knee = 0.995 * capacity
        func queueLength(_ lambda: Double) -> Double {
            let model = ErlangC(arrivalRate: max(lambda, 0), handleTime: handleTime, agents: agents)
            return model.arrivalRate * model.averageSpeedOfAnswer
        }
        let at = min(max(rate, 0), knee)
        let h = max(at, capacity * 1e-3) * 1e-5
        let left = max(at - h, 0)
        let right = at + h
        let f0 = queueLength(at)
        let fl = queueLength(left)
        let fr = queueLength(right)
        let slope = (fr - fl) / (right - left)
        let curvature = max(2 * ((fr - f0) / (right - at) - (f0 - fl) / max(at - left, 1e-300)) / (right - left), 0)
        guard rate > knee else { return RateCurvePoint(value: f0, slope: slope, curvature: curvature) }
        let excess = rate - knee
        return RateCurvePoint(value: f0 + slope * excess + 0.5 * curvature * excess * excess, slope: slope + curvature * excess, curvature: curvature)
    }

    /// The largest arrival rate (per second) the site's agents can take at the service-level target
    /// (``Staffing/maximumArrivalRate(for:agents:handleTime:model:relativeTolerance:)``, to 10⁻⁷),
    /// remembered by ``CapacityMemo``: a rebalance every few seconds asks again for the same queues.
    func capacity(atTarget demand: SkillDemand) -> Double {
        let key = CapacityMemo.Key(
            agents: agents, handleTime: handleTime, patience: patience, fraction: demand.serviceLevelTarget, threshold: demand.threshold)
        if let known = CapacityMemo.shared.value(key) { return known }
        let model: QueueModel = patience.isFinite ? .erlangA(patience: patience) : .erlangC
        let capacity = Staffing.maximumArrivalRate(
            for: .serviceLevel(fraction: demand.serviceLevelTarget, threshold: demand.threshold), agents: agents, handleTime: handleTime,
            model: model, relativeTolerance: 1e-7)
        CapacityMemo.shared.store(capacity, for: key)
        return capacity
    }
}

extension [SiteCapacity] {
    /// Splits of `total` for the solver to start from: for up to fifty sites, the current shares
    /// when they are a valid split (the last plan's: a warm start); otherwise those and one in
    /// proportion to each site's service rate (agents / AHT: every site equally loaded). The solver
    /// projects them onto the bounds and starts from the better.
    func startingSplits(total: Double) -> [[Double]] {
        // Current shares that every site may still have (none excluded, within its bounds, summing
        // to one) are the last plan's: a warm start, and for a small federation (replanned every few
        // seconds) the only one tried.
        let current = map { $0.currentShare * total }
        let warm =
            count <= 50
            && abs(current.reduce(0, +) - total) <= 1e-9 * Swift.max(total, 1e-300)
            && allSatisfy { site in
                site.excludedBecause == nil && site.agents > 0 && site.currentShare >= site.bounds.min - 1e-12
                    && site.currentShare <= site.bounds.max + 1e-12
            }
        if warm { return [current] }
        let rates = map { $0.excludedBecause == nil && $0.handleTime > 0 ? Double($0.agents) / $0.handleTime : 0 }
        let sum = rates.reduce(0, +)
        var starts: [[Double]] = []
        if sum > 0 { starts.append(rates.map { total * $0 / sum }) }
        starts.append(current)
        return starts
    }
}

extension SiteCapacity {
    /// Contacts per second the site's agents can handle, agents / AHT: the scale over which its
    /// queue goes from idle to overloaded (the solver's first trust radius).
    var serviceRate: Double { handleTime > 0 && agents > 0 ? 0.25 * Double(agents) / handleTime : .infinity }
}

import Queueing

/// Splits a total between parties with concave payoffs to maximise the sum of payoffs.
///
/// Maximise Σ fᵢ(xᵢ) subject to Σ xᵢ = total and loᵢ ≤ xᵢ ≤ hiᵢ, with every fᵢ concave and
/// twice differentiable. The Karush–Kuhn–Tucker conditions say that at the optimum every party
/// strictly inside its bounds has the same marginal payoff fᵢ′(xᵢ) = ν (the Lagrange
/// multiplier of the total), parties at their upper bound have fᵢ′ ≥ ν and parties at their
/// lower bound fᵢ′ ≤ ν (Everett 1963, the generalized Lagrange multiplier method; Ibaraki and
/// Katoh, "Resource Allocation Problems", 1988).
///
/// Solved by projected Newton steps (Bertsekas, "Projected Newton methods for optimization
/// problems with simple constraints", SIAM J. Control and Optimization 20(2), 1982): at the
/// current split, each party's payoff is replaced by its second-order Taylor model; the
/// model's optimum on the constraints is dᵢ = clamp((fᵢ′ − ν)/(−fᵢ″)) with one multiplier ν
/// making Σ dᵢ = 0, found by a safeguarded Newton search on the piecewise-linear Σ dᵢ(ν); a
/// backtracking (Armijo) line search keeps every step an ascent. A queue's payoff bends sharply
/// as it fills (its curvature grows by orders of magnitude between idle and busy), so a Taylor
/// model is trusted only within a radius per party, which grows while the model predicts the
/// party's payoff well and shrinks when it does not (a trust region per separable term; Conn,
/// Gould and Toint, "Trust-Region Methods", 2000). Each step costs one payoff evaluation per party,
/// with its two derivatives; near the optimum the convergence is quadratic, so a split of 1,000
/// parties takes about ten evaluations per party.
public enum ConcaveAllocator {
    public struct Party: Sendable {
        public var lower: Double
        public var upper: Double
        /// How far the party's amount may move in the first step (a trust region, adapted as the
        /// search goes): a size over which its payoff's curvature changes, e.g. a queue's service
        /// rate. Infinite: no limit.
        public var scale: Double
        /// The concave payoff of an amount, with its first and second derivatives (curvature ≤ 0).
        public var payoff: @Sendable (Double) -> RateCurvePoint

        public init(lower: Double, upper: Double, scale: Double = .infinity, payoff: @escaping @Sendable (Double) -> RateCurvePoint) {
            self.lower = lower
            self.upper = upper
            self.scale = scale
            self.payoff = payoff
        }
    }

    /// The optimal amounts and the multiplier ν (the marginal payoff of one more unit of total).
    ///
    /// - Parameters:
    ///   - total: the amount to split.
    ///   - parties: the parties, with their bounds and payoffs.
    ///   - starts: splits to start from (e.g. the current one, or one in proportion to capacity),
    ///     each projected onto the constraints; the search starts from the best of them. Without
    ///     any, the total is split in proportion to each party's room above its lower bound.
    ///   - tolerance: the search stops when no Newton step moves any amount by more than
    ///     `tolerance × total`.
    /// - Precondition: Σ lower ≤ total ≤ Σ upper, lower ≤ upper for every party.
    /// - Complexity: O(n · k) payoff evaluations for n parties and k Newton steps (k ≈ 5–10).
    public static func allocate(total: Double, parties: [Party], starts: [[Double]] = [], tolerance: Double = 1e-8) -> (
        amounts: [Double], multiplier: Double
    ) {
        let solution = solve(total: total, parties: parties, starts: starts, tolerance: tolerance)
        return (solution.amounts, solution.multiplier)
    }

    /// ``allocate(total:parties:starts:tolerance:)`` with every party's payoff at the answer, and
    /// without evaluating again a payoff the caller already has.
    public struct Solution: Sendable {
        public var amounts: [Double]
        public var multiplier: Double
        /// Each party's payoff at its amount.
        public var points: [RateCurvePoint]
    }

    /// - Parameter known: with a single start, each party's payoff at its start where the caller
    ///   has it (e.g. from the previous solve of the same parties); used where the start needs no
    ///   projection.
    public static func solve(
        total: Double, parties: [Party], starts: [[Double]] = [], known: [RateCurvePoint?] = [], tolerance: Double = 1e-8
    ) -> Solution {
        let lowerSum = parties.reduce(0) { $0 + $1.lower }
        let upperSum = parties.reduce(0) { $0 + $1.upper }
        precondition(lowerSum <= total * (1 + 1e-12) + 1e-12 && total <= upperSum * (1 + 1e-12) + 1e-12, "ConcaveAllocator: infeasible bounds")
        let count = parties.count
        if count == 0 { return Solution(amounts: [], multiplier: 0, points: []) }
        let lower = parties.map(\.lower)
        let upper = parties.map { max($0.upper, $0.lower) }
        let scale = max(total, 1e-300)

        var x: [Double] = []
        var points = [RateCurvePoint](repeating: .zero, count: count)
        var objective = -Double.infinity
        for start in starts.isEmpty ? [nil] : starts.map(Optional.some) {
            let candidate = initialSplit(total: total, lower: lower, upper: upper, start: start)
            let reuse = starts.count == 1 && known.count == count
            var candidatePoints = points
            var value = 0.0
            for index in 0..<count {
                if reuse, let point = known[index], candidate[index] == start?[index] {
                    candidatePoints[index] = point
                } else {
                    candidatePoints[index] = parties[index].payoff(candidate[index])
                }
                value += candidatePoints[index].value
            }
            if value > objective || x.isEmpty {
                x = candidate
                points = candidatePoints
                objective = value
            }
        }
        var multiplier = 0.0
        var direction = [Double](repeating: 0, count: count)
        var curvature = [Double](repeating: 0, count: count)
        var slopes = [Double](repeating: 0, count: count)
        var radius = parties.map { $0.scale > 0 ? $0.scale : Double.infinity }
        var stepLower = lower
        var stepUpper = upper
        var trial = x
        var trialPoints = points

        for iteration in 0..<100 {
            // The Taylor model's curvature, floored so that a linear payoff gives a long (clamped) step.
            var steepest = 0.0
            for point in points { steepest = max(steepest, abs(point.slope)) }
            let floor = 1e-12 * (1 + steepest) / scale
            for index in 0..<count {
                curvature[index] = max(-points[index].curvature, floor)
                slopes[index] = points[index].slope
                stepLower[index] = max(lower[index], x[index] - radius[index])
                stepUpper[index] = min(upper[index], x[index] + radius[index])
            }
            multiplier = newtonDirection(
                x: x, slopes: slopes, curvature: curvature, lower: stepLower, upper: stepUpper, guess: iteration == 0 ? nil : multiplier,
                direction: &direction)
            var largest = 0.0
            var ascent = 0.0
            for index in 0..<count {
                largest = max(largest, abs(direction[index]))
                ascent += points[index].slope * direction[index]
            }
            if largest <= tolerance * scale || ascent <= 1e-12 * (1 + abs(objective)) { break }

            // Backtracking line search on the true payoffs.
            var step = 1.0
            var accepted = false
            while step * largest > 1e-3 * tolerance * scale {
                var value = 0.0
                for index in 0..<count {
                    let candidate = min(max(x[index] + step * direction[index], lower[index]), upper[index])
                    trial[index] = candidate
                    trialPoints[index] = direction[index] == 0 ? points[index] : parties[index].payoff(candidate)
                    value += trialPoints[index].value
                }
                if value >= objective + 1e-4 * step * ascent || (value >= objective && step * largest <= 10 * tolerance * scale) {
                    objective = value
                    accepted = true
                    break
                }
                step *= 0.5
            }
            guard accepted else { break }
            // Each party's model against what its payoff really did: widen the radius of a party
            // whose step reached it and was predicted well, narrow that of one predicted badly.
            for index in 0..<count where direction[index] != 0 {
                let moved = trial[index] - x[index]
                let predicted = slopes[index] * moved - 0.5 * curvature[index] * moved * moved
                let actual = trialPoints[index].value - points[index].value
                let error = abs(actual - predicted)
                if error > 0.5 * abs(predicted) + 1e-15 * abs(points[index].value) {
                    radius[index] = 0.5 * abs(moved)
                } else if error < 0.25 * abs(predicted) && abs(moved) >= 0.9 * radius[index] {
                    radius[index] *= 2
                }
            }
            swap(&x, &trial)
            swap(&points, &trialPoints)
            if step * largest <= tolerance * scale { break }
        }
        let unsettled = x
        settle(&x, total: total, lower: lower, upper: upper)
        for index in 0..<count where x[index] != unsettled[index] { points[index] = parties[index].payoff(x[index]) }
        return Solution(amounts: x, multiplier: multiplier, points: points)
    }

    /// A feasible starting split: `start` projected onto the bounds and the total, or the total in
    /// proportion to each party's room.
    static func initialSplit(total: Double, lower: [Double], upper: [Double], start: [Double]?) -> [Double] {
        var x: [Double]
        if let start, start.count == lower.count {
            x = zip(start, zip(lower, upper)).map { value, bounds in min(max(value, bounds.0), bounds.1) }
        } else {
            let room = zip(lower, upper).map { $1 - $0 }
            let roomSum = room.reduce(0, +)
            let spare = total - lower.reduce(0, +)
            x = lower.indices.map { lower[$0] + (roomSum > 0 ? spare * room[$0] / roomSum : 0) }
        }
        settle(&x, total: total, lower: lower, upper: upper)
        return x
    }

    /// Moves `x` (within its bounds) so that it sums to `total`: the difference is shared in
    /// proportion to the room each amount has in the needed direction.
    static func settle(_ x: inout [Double], total: Double, lower: [Double], upper: [Double]) {
        for _ in 0..<3 {
            let gap = total - x.reduce(0, +)
            if abs(gap) <= 1e-14 * max(abs(total), 1e-300) { return }
            var room = 0.0
            for index in x.indices { room += gap > 0 ? upper[index] - x[index] : x[index] - lower[index] }
            guard room > 0 else { return }
            let fraction = min(abs(gap) / room, 1)
            for index in x.indices {
                let move = gap > 0 ? (upper[index] - x[index]) * fraction : -(x[index] - lower[index]) * fraction
                x[index] = min(max(x[index] + move, lower[index]), upper[index])
            }
        }
    }

    /// The projected Newton direction: dᵢ = clamp((gᵢ − ν)/hᵢ, loᵢ − xᵢ, hiᵢ − xᵢ) with Σ dᵢ = 0.
    ///
    /// Σ dᵢ(ν) is continuous, piecewise linear and decreasing (the continuous quadratic knapsack
    /// problem). ν is found by Newton steps on it from `guess` (the last step's ν), inside a
    /// bracket that bisection shrinks when a step would leave it; every party whose bound is
    /// decided for the whole bracket, or that is free across all of it, is folded into running
    /// sums and leaves the loop, so the passes get shorter as the bracket narrows (variable
    /// fixing; Kiwiel, "Breakpoint searching algorithms for the continuous quadratic knapsack
    /// problem", Mathematical Programming 112, 2008).
    /// - Returns: ν.
    static func newtonDirection(
        x: [Double], slopes: [Double], curvature: [Double], lower: [Double], upper: [Double], guess: Double?, direction: inout [Double]
    ) -> Double {
        let count = x.count
        // Party i sits at its upper bound for ν ≤ gᵢ − hᵢ(hiᵢ − xᵢ) and at its lower for ν ≥ gᵢ − hᵢ(loᵢ − xᵢ).
        var low = Double.infinity  // Σ d(low) ≥ 0
        var high = -Double.infinity  // Σ d(high) ≤ 0
        var weighted = 0.0
        var weights = 0.0
        var active = [Int32]()
        active.reserveCapacity(count)
        for index in 0..<count {
            let h = curvature[index]
            low = min(low, slopes[index] - h * (upper[index] - x[index]))
            high = max(high, slopes[index] - h * (lower[index] - x[index]))
            weighted += slopes[index] / h
            weights += 1 / h
            active.append(Int32(index))
        }
        // Σ d(ν) = fixed + linearA − ν linearB + Σ over the undecided parties.
        var fixed = 0.0
        var linearA = 0.0
        var linearB = 0.0
        var nu = min(max(guess ?? weighted / weights, low), high)
        let scale = x.reduce(0) { $0 + abs($1) } + 1e-300
        for _ in 0..<100 {
            var value = fixed + linearA - nu * linearB
            var slope = -linearB
            var kept = 0
            for position in 0..<active.count {
                let index = Int(active[position])
                let h = curvature[index]
                let g = slopes[index]
                let from = lower[index] - x[index]
                let to = upper[index] - x[index]
                let atUpperBelow = g - h * to  // ν ≤ this: at the upper bound
                let atLowerAbove = g - h * from  // ν ≥ this: at the lower bound
                if atLowerAbove <= low {
                    fixed += from  // at its lower bound across the bracket
                    value += from
                } else if atUpperBelow >= high {
                    fixed += to  // at its upper bound across the bracket
                    value += to
                } else if atUpperBelow <= low && atLowerAbove >= high {
                    linearA += g / h  // free across the bracket
                    linearB += 1 / h
                    value += (g - nu) / h
                    slope -= 1 / h
                } else {
                    let step = (g - nu) / h
                    if step <= from {
                        value += from
                    } else if step >= to {
                        value += to
                    } else {
                        value += step
                        slope -= 1 / h
                    }
                    active[kept] = Int32(index)
                    kept += 1
                }
            }
            active.removeLast(active.count - kept)
            if abs(value) <= 1e-13 * scale { break }
            if value > 0 { low = nu } else { high = nu }
            var next = slope < 0 ? nu - value / slope : 0.5 * (low + high)
            if !(next > low && next < high) { next = 0.5 * (low + high) }
            if next == nu || high - low <= 1e-15 * max(abs(low), abs(high)) { break }
            nu = next
        }
        var residual = 0.0
        var freeWeight = 0.0
        for index in 0..<count {
            let step = (slopes[index] - nu) / curvature[index]
            let from = lower[index] - x[index]
            let to = upper[index] - x[index]
            direction[index] = min(max(step, from), to)
            residual += direction[index]
            if step > from && step < to { freeWeight += 1 / curvature[index] }
        }
        // ν is only known to rounding, which a nearly linear payoff (tiny curvature) turns into a
        // large error in its step: give the residual to the free parties by their 1/curvature, as
        // the exact ν of this active set would.
        if freeWeight > 0 && residual != 0 {
            for index in 0..<count {
                let step = (slopes[index] - nu) / curvature[index]
                let from = lower[index] - x[index]
                let to = upper[index] - x[index]
                guard step > from && step < to else { continue }
                direction[index] = min(max(direction[index] - residual / (curvature[index] * freeWeight), from), to)
            }
        }
        return freeWeight > 0 ? nu + residual / freeWeight : nu
    }
}

/// Expected wait (EWT) of a new arrival at a queue: from the live queue state, and from a
/// steady-state model.
///
/// The live estimate follows the FCFS argument behind Erlang A (Whitt, "Improving service by
/// informing customers about anticipated delays", Management Science 45(6), 1999; Ibrahim
/// and Whitt, "Real-time delay estimation based on delay history", 2009, the "queue-length
/// predictor"): with every one of the n staffed agents busy and k contacts ahead of the new
/// arrival, the next agent frees up at rate nμ and each contact ahead abandons at rate θ,
/// so the new arrival's offered wait V (the time until an agent would take it) is a sum of
/// independent exponentials:
///
///     E[V] = Σᵢ₌₀ᵏ 1/(nμ + iθ)  = (ψ(x + k + 1) − ψ(x))/θ,  x = nμ/θ
///          = (k + 1)/(nμ)                                   without abandonment,
///     P(answered) = E[e^(−θV)] = nμ/(nμ + (k+1)θ),
///     E[time in queue] = E[min(V, patience)] = (k + 1)/(nμ + (k+1)θ).
///
/// Free agents take the first contacts in the queue at once: with f = staffed − busy > 0 the
/// arrival waits only if more than f − 1 contacts are already queued, and then k =
/// queued − f of them are ahead of it for a busy agent.
public enum ExpectedWait {
    /// What a site's ACD reports about one queue now.
    public struct LiveQueue: Sendable, Hashable {
        /// Contacts waiting now; the new arrival joins behind them.
        public var waiting: Int
        /// Agents staffed (logged in to the skill).
        public var agentsStaffed: Int
        /// Agents busy (talking or in wrap-up) among the staffed.
        public var agentsBusy: Int
        /// Mean handle time in seconds.
        public var handleTime: Double
        /// Mean patience in seconds; `.infinity` when nobody abandons.
        public var patience: Double

        /// The state of one queue; `agentsBusy` is clamped to `agentsStaffed`.
        public init(waiting: Int, agentsStaffed: Int, agentsBusy: Int, handleTime: Double, patience: Double = .infinity) {
            precondition(waiting >= 0 && agentsStaffed >= 0 && agentsBusy >= 0, "ExpectedWait: counts must be >= 0")
            precondition(handleTime > 0 && handleTime.isFinite, "ExpectedWait: handleTime must be finite and > 0, got \(handleTime)")
            precondition(patience > 0, "ExpectedWait: patience must be > 0, got \(patience)")
            self.waiting = waiting
            self.agentsStaffed = agentsStaffed
            self.agentsBusy = min(agentsBusy, agentsStaffed)
            self.handleTime = handleTime
            self.patience = patience
        }
    }

    /// What the live state predicts for a new arrival.
    public struct Estimate: Sendable, Hashable {
        /// E[V]: seconds until an agent would take the new arrival (its EWT if it does not
        /// abandon). 0 when an agent is free for it; `.infinity` with no agents staffed.
        public var expectedWait: Double
        /// The probability that an agent takes the new arrival before its patience runs out.
        public var probabilityOfAnswer: Double
        /// E[min(V, patience)]: the mean time the new arrival will spend queued, answered or
        /// not.
        public var expectedTimeInQueue: Double
    }

    /// The live EWT of a contact arriving now, from the queue-length predictor above.
    ///
    /// - Complexity: O(1) (a digamma difference past 64 contacts ahead).
    public static func live(_ queue: LiveQueue) -> Estimate {
        let free = queue.agentsStaffed - queue.agentsBusy
        if queue.waiting < free {
            return Estimate(expectedWait: 0, probabilityOfAnswer: 1, expectedTimeInQueue: 0)
        }
        guard queue.agentsStaffed > 0 else {
            let inQueue = queue.patience.isFinite ? queue.patience : .infinity
            return Estimate(expectedWait: .infinity, probabilityOfAnswer: 0, expectedTimeInQueue: inQueue)
        }
        let ahead = Double(queue.waiting - free)
        let serviceRate = Double(queue.agentsStaffed) / queue.handleTime  // nμ
        guard queue.patience.isFinite else {
            let wait = (ahead + 1) / serviceRate
            return Estimate(expectedWait: wait, probabilityOfAnswer: 1, expectedTimeInQueue: wait)
        }
        let theta = 1 / queue.patience
        let wait: Double
        if ahead < 64 {
            var sum = 0.0
            var i = 0.0
            while i <= ahead {
                sum += 1 / (serviceRate + i * theta)
                i += 1
            }
            wait = sum
        } else {
            let x = serviceRate / theta
            wait = (SpecialFunctions.digamma(x + ahead + 1) - SpecialFunctions.digamma(x)) / theta
        }
        let leave = (ahead + 1) * theta
        return Estimate(
            expectedWait: wait, probabilityOfAnswer: serviceRate / (serviceRate + leave),
            expectedTimeInQueue: (ahead + 1) / (serviceRate + leave))
    }

    /// The model-based EWT: the steady-state expected offered wait of a new arrival under
    /// `model` (Erlang C: C h/(n − a), `.infinity` when unstable; Erlang A:
    /// ``ErlangA/expectedOfferedWait``). Use it where the live queue is not visible (a
    /// network-delivered site) or to plan ahead.
    public static func model(_ model: QueueModel, arrivalRate: Double, handleTime: Double, agents: Int) -> Double {
        model.expectedWait(arrivalRate: arrivalRate, handleTime: handleTime, agents: agents)
    }
}

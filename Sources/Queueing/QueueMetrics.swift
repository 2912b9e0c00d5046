/// The steady-state performance of one queue (a skill at a site) under a queueing model.
///
/// Times are in seconds, probabilities in [0, 1]. The same shape serves Erlang C (where
/// nobody abandons) and Erlang A, so planners and reports can compare them.
public struct QueueMetrics: Sendable, Hashable {
    /// The queueing model that produced these figures.
    public enum Model: String, Sendable, Hashable, CaseIterable {
        /// M/M/n: infinite patience.
        case erlangC = "erlang-c"
        /// M/M/n+M: exponential patience.
        case erlangA = "erlang-a"
    }

    /// The model that produced these figures.
    public var model: Model
    /// Agents staffed, n.
    public var agents: Int
    /// Offered load a = λ × AHT in Erlangs.
    public var load: Double
    /// The service-level threshold t the service levels refer to, in seconds.
    public var threshold: Double
    /// `false` when the queue has no steady state: Erlang C with load ≥ agents. The queue then
    /// grows without bound: the figures below are the limits (everyone waits, nobody is
    /// answered within any threshold, waits are infinite, agents are always busy).
    /// Erlang A is always stable: abandonment bounds the queue.
    public var isStable: Bool
    /// P(W > 0): the probability that an arriving contact waits (finds every agent busy).
    public var probabilityOfWaiting: Double
    /// P(Ab): the probability that an arriving contact abandons before it is answered (0 in
    /// Erlang C).
    public var probabilityOfAbandoning: Double
    /// Service level over offered contacts: P(answered and W ≤ t), answered within the
    /// threshold divided by all offered contacts.
    public var serviceLevel: Double
    /// Service level over answered contacts: P(W ≤ t | answered). Equal to `serviceLevel` in
    /// Erlang C.
    public var serviceLevelOfAnswered: Double
    /// ASA: the mean wait of answered contacts, E[W | answered]. In Erlang C every contact is
    /// answered and the ASA is the mean wait of all contacts. `.infinity` when unstable.
    public var averageSpeedOfAnswer: Double
    /// The mean wait of all offered contacts, answered or abandoned, E[W]. `.infinity` when
    /// unstable.
    public var meanWait: Double
    /// Agent occupancy: the mean fraction of agents busy, λ (1 − P(Ab)) AHT / n.
    public var occupancy: Double

    /// Creates a record of the figures; the models compute them.
    public init(
        model: Model, agents: Int, load: Double, threshold: Double, isStable: Bool, probabilityOfWaiting: Double,
        probabilityOfAbandoning: Double, serviceLevel: Double, serviceLevelOfAnswered: Double,
        averageSpeedOfAnswer: Double, meanWait: Double, occupancy: Double
    ) {
        self.model = model
        self.agents = agents
        self.load = load
        self.threshold = threshold
        self.isStable = isStable
        self.probabilityOfWaiting = probabilityOfWaiting
        self.probabilityOfAbandoning = probabilityOfAbandoning
        self.serviceLevel = serviceLevel
        self.serviceLevelOfAnswered = serviceLevelOfAnswered
        self.averageSpeedOfAnswer = averageSpeedOfAnswer
        self.meanWait = meanWait
        self.occupancy = occupancy
    }
}

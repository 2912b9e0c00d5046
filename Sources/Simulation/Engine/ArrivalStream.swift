import InterflowCore

/// Arrivals per second over time.
public enum RateFunction: Sendable {
    /// `peak` per second times `table[local hour]` (24 values) in the clock's time zone.
    case hourly(peak: Double, table: [Double])
    /// The same rate all the time.
    case constant(Double)
    /// `rates[i]` per second from `start + i × step` (a forecast by interval); 0 outside.
    case steps(start: Double, step: Double, rates: [Double])

    /// The largest rate it ever takes.
    var maximum: Double {
        switch self {
        case .hourly(let peak, let table): peak * (table.max() ?? 0)
        case .constant(let rate): rate
        case .steps(_, _, let rates): rates.max() ?? 0
        }
    }

    @inline(__always)
    func rate(at t: Double, clock: inout LocalClock) -> Double {
        switch self {
        case .hourly(let peak, let table): return peak * table[clock.hour(at: t)]
        case .constant(let rate): return rate
        case .steps(let start, let step, let rates):
            let index = Int(((t - start) / step).rounded(.down))
            return index >= 0 && index < rates.count ? rates[index] : 0
        }
    }
}

/// A stream of contacts of one skill: a non-homogeneous Poisson process (thinning), the segment
/// mix, each segment's patience and queue rank, and where the contacts go.
public struct ArrivalStream: Sendable {
    public enum Destination: Sendable, Hashable {
        /// Straight to one site's queue (its own number, a surge on it).
        case site(Int32)
        /// To the caller of ``SimulationEngine/run(until:)``, which routes each contact.
        case routed
    }

    public var skill: Int32
    public var destination: Destination
    public var rate: RateFunction { didSet { maximum = rate.maximum } }
    /// The rate's maximum, kept with it (thinning needs it at every arrival).
    private(set) var maximum: Double
    /// Multiplies the rate (a surge's extra factor); 0 stops the stream.
    public var scale: Double
    /// Cumulative probabilities of the segments (the last is 1).
    public var segmentCumulative: [Double]
    /// Per segment: queue rank (0 first) and patience (nil: never abandons).
    public var segmentRanks: [Int32]
    public var segmentPatience: [DurationDistribution?]
    /// Arrivals only in [from, until).
    public var from: Double
    public var until: Double
    var random: SplitMix64
    var clock: LocalClock

    /// - Parameters:
    ///   - timeZone: the zone of an hourly rate's local hours.
    ///   - segments: (probability, rank, patience) per segment; probabilities are normalised.
    public init(
        skill: Int32, destination: Destination, rate: RateFunction, timeZone: String, segments: [(Double, Int32, DurationDistribution?)],
        from: Double = -.infinity, until: Double = .infinity, scale: Double = 1, seed: UInt64
    ) {
        self.skill = skill
        self.destination = destination
        self.rate = rate
        self.maximum = rate.maximum
        self.scale = scale
        let total = segments.reduce(0) { $0 + max($1.0, 0) }
        var running = 0.0
        self.segmentCumulative = segments.map { segment in
            running += max(segment.0, 0)
            return total > 0 ? running / total : 1
        }
        if !segmentCumulative.isEmpty { segmentCumulative[segmentCumulative.count - 1] = 1 }
        self.segmentRanks = segments.map(\.1)
        self.segmentPatience = segments.map(\.2)
        self.from = from
        self.until = until
        self.random = SplitMix64(seed: seed)
        self.clock = LocalClock(timeZoneIdentifier: timeZone)
    }

    /// The first arrival after `time`, or nil when none comes before the stream ends.
    mutating func next(after time: Double) -> Double? {
        let start = max(time, from)
        if case .constant(let constant) = rate {
            // A homogeneous process: no thinning, no clock.
            let perSecond = constant * scale
            guard perSecond > 0, perSecond.isFinite else { return nil }
            let t = start + Sampling.exponential(mean: 1 / perSecond, using: &random)
            return t < until ? t : nil
        }
        let peak = maximum * scale
        guard peak > 0, peak.isFinite else { return nil }
        var local = clock
        defer { clock = local }
        let rate = self.rate
        let scale = self.scale
        guard
            let t = PoissonProcess.nextArrival(
                after: start, maxRate: peak, horizon: until, rate: { rate.rate(at: $0, clock: &local) * scale }, using: &random)
        else { return nil }
        return t < until ? t : nil
    }

    /// The segment, rank and random draws of a new contact arriving at `time`.
    mutating func makeContact(at time: Double, countedFrom: Double, countedUntil: Double) -> Contact {
        var source = random
        defer { random = source }
        return makeContact(at: time, countedFrom: countedFrom, countedUntil: countedUntil, using: &source)
    }

    /// A contact arriving at `time`, the stream's next arrival after `now` (∞: none) and where its
    /// contacts go: one access to the stream for all three, as the engine's loop needs them.
    @inline(__always)
    mutating func arrive(at time: Double, now: Double, countedFrom: Double, countedUntil: Double) -> (Contact, next: Double, Destination) {
        let contact = makeContact(at: time, countedFrom: countedFrom, countedUntil: countedUntil)
        return (contact, next(after: now) ?? .infinity, destination)
    }

    /// The same, with draws from `generator` (a repeat contact, from the engine's own stream).
    func makeContact(at time: Double, countedFrom: Double, countedUntil: Double, using random: inout SplitMix64) -> Contact {
        let draw = Sampling.uniform(using: &random)
        var segment = 0
        while segment < segmentCumulative.count - 1 && draw >= segmentCumulative[segment] { segment += 1 }
        let patience = segmentPatience.isEmpty ? nil : segmentPatience[segment]
        let patienceDraw = Sampling.uniform(using: &random)
        let deadline = patience.map { time + $0.quantile(patienceDraw) } ?? .infinity
        var contact = Contact(
            skill: skill, segment: Int32(segment), rank: segmentRanks.isEmpty ? 0 : segmentRanks[segment], arrival: time, deadline: deadline,
            handleDraw: Sampling.uniform(using: &random), resolveDraw: Sampling.uniform(using: &random),
            convertDraw: Sampling.uniform(using: &random), counted: time >= countedFrom && time < countedUntil)
        contact.routeDraw = Sampling.uniform(using: &random)
        contact.repeatDraw = Sampling.uniform(using: &random)
        return contact
    }
}

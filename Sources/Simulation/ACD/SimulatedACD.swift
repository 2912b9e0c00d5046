import Foundation
import InterflowCore

/// The simulated ACD behind a site agent: one site of the ``SimulationEngine``, fed by the site's
/// own arrival profile (or rates set from outside) and by contacts offered to it, driven by an
/// accelerated real-time clock at the edge (the site agent maps the wall clock onto simulated time).
///
/// The model is the engine's: contacts of each skill wait in a FIFO queue, are answered by the
/// longest-idle agent with the skill, are handled, and complete with an outcome or abandon when
/// the customer's patience runs out; agents work shifts in site-local time. It never reads a clock:
/// the caller moves time forward with ``advance(to:)`` and reads ``status(routingVersion:)`` and
/// ``closedIntervals(from:to:)``. The same profile, seed and calls give the same results.
///
/// - Arrivals per skill: a Poisson process of rate `peakArrivalsPerHour × hourlyProfile[local hour]`
///   drawn by thinning (``PoissonProcess``), or the constant rate set by ``setArrivalRate(skill:perHour:)``.
/// - Patience is exponential with the skill's mean (`patienceSeconds`; an infinite or non-positive
///   mean means customers never abandon).
/// - Handle times are the profile's distribution; on completion the contact is resolved on first
///   contact with probability `fcrRate` and converts with `conversionRate`, earning `revenuePerConversion`.
/// - Agents log in at their shift start and out at its end every local day, with the non-adherence
///   of ``AdherenceBehaviour``; a busy agent finishes the contact first.
/// - Staffed, scheduled and adherent seconds are split equally across an agent's skills (an agent
///   with k skills adds 1/k of each second to each). Adherent = scheduled and logged in.
/// - Intervals close every `intervalSeconds`, aligned to the Unix epoch; the first one only
///   covers the time since `start`. The last `historyDays` days of intervals are kept.
///
/// Random streams are separate per skill's arrivals (which also draw each contact's handle time,
/// patience and outcome) and for agent behaviour, all derived from the profile's seed.
public struct SimulatedACD: Sendable {
    /// The site this ACD simulates.
    public let site: SiteConfig
    /// Length of a reporting interval, seconds.
    public let intervalSeconds: Int
    /// How long closed intervals are kept, seconds.
    public let historySeconds: Double
    var engine: SimulationEngine
    /// Per skill, its arrival stream and the profile's rate.
    let streams: [Int32]
    let profileRates: [RateFunction]
    var arrivalOverride: [Double?]

    /// Creates the ACD at `start` with every shift already running at `start` logged in.
    ///
    /// - Parameters:
    ///   - site: the site; its `timeZone` sets local days, hours and shifts, its `skills` the queues.
    ///   - profile: demand, handling, outcomes, agents and the seed. A skill of the site that the
    ///     profile lacks gets no arrivals of its own (a contact may still be offered or a rate set),
    ///     exponential handle times of 300 s, the federation's patience, and no outcomes.
    ///   - skills: the federation's skills, for the service-level threshold (20 s when missing) and patience.
    ///   - start: the simulated time to start at.
    ///   - intervalSeconds: reporting interval length, seconds (900 by default).
    ///   - adherence: how closely agents keep to shifts (``AdherenceBehaviour/typical`` by default).
    ///   - historyDays: days of closed intervals to keep.
    public init(
        site: SiteConfig, profile: SimulationProfile, skills: [SkillConfig], start: Date, intervalSeconds: Int = 900,
        adherence: AdherenceBehaviour = .typical, historyDays: Int = 7
    ) {
        precondition(intervalSeconds > 0, "intervalSeconds must be positive")
        self.site = site
        self.intervalSeconds = intervalSeconds
        self.historySeconds = Double(max(historyDays, 1)) * 86_400
        var skillIDs = site.skills
        if skillIDs.isEmpty { skillIDs = profile.skills.keys.sorted() }
        var seen = Set<String>()
        skillIDs = skillIDs.filter { seen.insert($0).inserted }
        let profiles = skillIDs.map { id in
            profile.skills[id]
                ?? SkillProfile(
                    peakArrivalsPerHour: 0, handleTime: .exponential(meanSeconds: 300),
                    patienceSeconds: skills.first { $0.id == id }?.patienceSeconds ?? 180, fcrRate: 0, conversionRate: 0, revenuePerConversion: 0)
        }
        var handling: [String: SkillHandling] = [:]
        for (id, skill) in zip(skillIDs, profiles) {
            handling[id] = SkillHandling(
                handleTime: skill.handleTime, fcrRate: skill.fcrRate, conversionRate: skill.conversionRate,
                revenuePerConversion: skill.revenuePerConversion, thresholdSeconds: skills.first { $0.id == id }?.thresholdSeconds ?? 20)
        }
        var master = SplitMix64(seed: profile.seed)
        let streamSeeds = skillIDs.map { _ in master.next() }
        var engine = SimulationEngine(
            skills: skillIDs, sites: [(site, handling, profile.agentGroups, master.next())], start: start, intervalSeconds: intervalSeconds,
            adherence: adherence, liveRanks: 1, historyDays: historyDays)
        let table = profile.hourlyProfile.count == 24 ? profile.hourlyProfile.map { max($0, 0) } : Array(repeating: 1, count: 24)
        var streams: [Int32] = []
        var rates: [RateFunction] = []
        for (index, skill) in profiles.enumerated() {
            let rate = RateFunction.hourly(peak: max(skill.peakArrivalsPerHour, 0) / 3600, table: table)
            let patience: DurationDistribution? =
                skill.patienceSeconds.isFinite && skill.patienceSeconds > 0 ? .exponential(meanSeconds: skill.patienceSeconds) : nil
            streams.append(
                engine.addStream(
                    ArrivalStream(
                        skill: Int32(index), destination: .site(0), rate: rate, timeZone: site.timeZone, segments: [(1, 0, patience)],
                        seed: streamSeeds[index])))
            rates.append(rate)
        }
        self.engine = engine
        self.streams = streams
        self.profileRates = rates
        self.arrivalOverride = Array(repeating: nil, count: skillIDs.count)
    }

    /// The simulated time now.
    public var now: Date { engine.now }

    /// Time of the next scheduled event, for a driver interleaving several ACDs in time order.
    public var nextEventTime: Date? { engine.nextEventTime.map { Date(timeIntervalSince1970: $0) } }

    /// The skill ids the ACD models, in the site's order.
    public var skillIDs: [String] { engine.skillIDs }

    /// Events handled since creation (a cost measure).
    public var processedEvents: UInt64 { engine.processedEvents }

    /// Runs every event up to and including `time`, then sets ``now`` to `time`.
    /// Time is monotonic: an earlier `time` does nothing.
    /// - Complexity: O(k log n) for k events in the span and n pending events.
    public mutating func advance(to time: Date) {
        let limit = time.timeIntervalSince1970
        guard limit > engine.clock else { return }
        // A lone ACD has no routed streams and no control events: nothing stops the run early.
        while engine.run(until: limit) != nil {}
    }

    /// Sets a skill's arrival rate: `perHour` contacts per hour, used as-is (no time-of-day
    /// profile), from ``now`` on; nil returns to the site's own profile
    /// (`peakArrivalsPerHour × hourlyProfile` at the site-local hour).
    /// - Returns: false when the ACD does not model `skill` (nothing changes).
    @discardableResult
    public mutating func setArrivalRate(skill: String, perHour: Double?) -> Bool {
        guard let k = engine.skill(skill) else { return false }
        let index = Int(k)
        let rate = perHour.map { $0.isFinite ? max($0, 0) : 0 }
        // Unchanged: keep the pending arrival (the process is memoryless either way), so repeated
        // calls with the same rate neither grow the event queue nor shift the random stream.
        guard rate != arrivalOverride[index] else { return true }
        arrivalOverride[index] = rate
        engine.setStream(streams[index], rate: rate.map { .constant($0 / 3600) } ?? profileRates[index], scale: 1)
        return true
    }

    /// The arrival rate override of a skill, per hour, or nil when it follows the site's profile.
    public func arrivalRateOverride(skill: String) -> Double? {
        engine.skill(skill).flatMap { arrivalOverride[Int($0)] }
    }

    /// Offers one contact of `skill` at ``now``, in addition to the arrival process: a contact
    /// routed here from elsewhere (an interflow, a per-contact route). It counts as offered here.
    /// - Returns: false when the ACD does not model `skill`.
    @discardableResult
    public mutating func offerContact(skill: String) -> Bool {
        guard let k = engine.skill(skill) else { return false }
        let id = engine.makeContact(stream: streams[Int(k)])
        engine.deliver(id, to: 0)
        return true
    }

    /// The real-time state at ``now``, as agent protocol v1 serves it (see
    /// ``SimulationEngine/status(site:routingVersion:agents:)``). Agent-level states are always
    /// included; the agent server removes them for modes that do not show them.
    /// - Parameter routingVersion: the routing plan version the site has applied, reported as-is.
    public func status(routingVersion: Int?) -> SiteStatus {
        engine.status(site: 0, routingVersion: routingVersion)
    }

    /// Closed intervals whose start lies in [`from`, `to`), every skill, oldest first.
    public func closedIntervals(from: Date, to: Date) -> [IntervalRecord] {
        engine.closedIntervals(site: 0, from: from, to: to)
    }
}

import Foundation
import InterflowCore

/// Turns what the coordinator knows (live status, closed intervals, health, contracts) into the
/// planner's inputs for one skill. The policy simulator calls the same code on what its simulated
/// sites show.
public enum PlanningInputs {
    /// The demand and the sites for `skill`.
    ///
    /// - Agents: staffed agents where the mode shows them; for a network-delivered site its
    ///   contracted seats at the site's local time, split evenly over the skills it takes.
    /// - Arrival rate: the sum of the sites' observed rates (status counters, or the latest closed
    ///   intervals where only those are visible).
    /// - Value: measured from closed intervals (``ContactValue``) and shrunk toward the skill's mean.
    /// - AHT: today's from the live status, else the last eight closed intervals', to the second.
    /// - Parameters:
    ///   - observations: what is known of each site, by site id.
    ///   - shares: the skill's current shares by site id; a site without one gets ``defaultShares(skill:sites:observations:)``.
    public static func build(
        skill: SkillConfig, federation: FederationConfig, sites: [SiteConfig], observations: [String: SiteObservation],
        shares: [String: Double], now: Date
    ) -> (demand: SkillDemand, sites: [SiteCapacity]) {
        let inputs = build(
            skill: skill, federation: federation, sites: sites, observed: sites.map { observations[$0.id] }, shares: shares, now: now)
        return (inputs.demand, inputs.sites)
    }

    /// ``build(skill:federation:sites:observations:shares:now:)`` with each site's observation
    /// given in `sites`' order (nil where there is none), as a rebalance of every skill reads them:
    /// no lookup by site id per skill. Also returns the observations of the sites taking the skill,
    /// in the order of the capacities.
    public static func build(
        skill: SkillConfig, federation: FederationConfig, sites: [SiteConfig], observed: [SiteObservation?], shares: [String: Double],
        now: Date
    ) -> (demand: SkillDemand, sites: [SiteCapacity], observed: [SiteObservation?]) {
        precondition(observed.count == sites.count, "PlanningInputs: one observation (or nil) per site")
        // Indices rather than copies of the site configurations: this runs for every skill at
        // every rebalance.
        let takers = sites.indices.filter { sites[$0].skills.contains(skill.id) }
        let snapshots = takers.map { observed[$0] }
        var measured = [(value: Double, intervals: Int)?](repeating: nil, count: takers.count)
        for (t, snapshot) in snapshots.enumerated() {
            guard let observation = snapshot else { continue }
            if let value = observation.valuesMeasured
                ? observation.measuredValues[skill.id] : MeasuredValue.measure(observation.intervals, skill: skill.id, model: federation.value)
            {
                measured[t] = (value.perHandledContact, value.intervals)
            }
        }
        let weights = measured.reduce(0) { $0 + Double($1?.intervals ?? 0) }
        let mean = weights > 0 ? measured.reduce(0) { $0 + ($1.map { $0.value * Double($0.intervals) } ?? 0) } / weights : 0
        // Only a site without a current share needs the defaults (the first plans).
        let current = takers.map { shares[sites[$0].id] }
        let defaults =
            current.allSatisfy { $0 != nil }
            ? [:]
            : defaultShares(
                skill: skill.id, sites: takers.map { sites[$0] },
                observations: Dictionary(zip(takers, snapshots).compactMap { t, o in o.map { (sites[t].id, $0) } }, uniquingKeysWith: { a, _ in a }))

        var capacities: [SiteCapacity] = []
        capacities.reserveCapacity(takers.count)
        var totalRate = 0.0
        for (t, index) in takers.enumerated() {
            // The fields it needs, not a copy of the whole configuration.
            let (id, mode) = (sites[index].id, sites[index].mode)
            let snapshot = snapshots[t]
            let live = snapshot?.status?.skills.first { $0.skill == skill.id }
            // To the second: an estimate of the day so far, and the key of the capacity memo. At
            // least one second: a site whose first contacts of the day took a fraction of a second
            // (or an agent that says so) would otherwise give a queue without service time. The
            // intervals are read only where the status gives no AHT.
            let liveAHT = live.flatMap { $0.ahtSeconds > 0 ? $0.ahtSeconds : nil }
            let aht = max((liveAHT ?? latestAHT(snapshot?.intervals ?? [], skill: skill.id) ?? 300).rounded(), 1)
            let agents: Int
            if let live, let snapshot, let status = snapshot.status {
                let apportioned =
                    snapshot.agentsApportioned ? snapshot.apportionedAgents : apportionedAgents(status: status, rates: snapshot.arrivalRates)
                agents = apportioned[skill.id] ?? live.agentsStaffed
            } else if let contract = sites[index].contract {
                agents = seats(contract.seats, at: now, timeZone: sites[index].timeZone) / max(sites[index].skills.count, 1)
            } else {
                agents = 0
            }
            let excluded = snapshot?.excludedBecause
            totalRate += snapshot?.arrivalRates[skill.id] ?? 0
            capacities.append(
                SiteCapacity(
                    siteId: id, mode: mode, excludedBecause: excluded, agents: agents, handleTime: aht,
                    patience: skill.patienceSeconds > 0 ? skill.patienceSeconds : .infinity,
                    currentShare: current[t] ?? defaults[id] ?? 0,
                    bounds: sites[index].contract?.shares[skill.id] ?? ShareBounds(min: 0, max: 1),
                    valuePerContact: ValueShrinkage.shrunk(
                        measured: measured[t]?.value, intervals: measured[t]?.intervals ?? 0, skillMean: mean,
                        shrinkageIntervals: federation.value.shrinkageIntervals),
                    marginalCost: sites[index].contract?.price.marginalCost(handleTime: aht) ?? 0,
                    waiting: live?.waiting ?? 0, busy: live?.agentsBusy ?? 0, staffedNow: live?.agentsStaffed))
        }
        let demand = SkillDemand(
            skill: skill.id, arrivalRate: totalRate, serviceLevelTarget: skill.serviceLevelTarget, threshold: skill.thresholdSeconds,
            abandonCost: federation.value.abandonCost)
        return (demand, capacities, snapshots)
    }

    /// The AHT of the latest eight closed intervals of `skill` (oldest first in `intervals`), nil
    /// when they handled nothing. Read newest first and in place: a copy of each record would
    /// retain its strings.
    static func latestAHT(_ intervals: [IntervalRecord], skill: String) -> Double? {
        var handled = 0
        var handleSeconds = 0.0
        var seen = 0
        var position = intervals.endIndex
        while seen < 8 && position > intervals.startIndex {
            position -= 1
            guard intervals[position].skill == skill else { continue }
            handled += intervals[position].handled
            handleSeconds += intervals[position].handleSeconds
            seen += 1
        }
        return handled > 0 ? handleSeconds / Double(handled) : nil
    }

    /// The agents of a site that serve `skill`, counting each multi-skilled agent once across its
    /// skills: an agent's time goes to its skills in proportion to their workload at the site
    /// (arrival rate × AHT; equal shares while no arrivals are seen). Where the status lists agents
    /// (in-house, virtualized), each logged-in agent is split over its own skills; where it does not
    /// (enterprise-routed), the site's agents are taken as blended over its skills: the most staffed
    /// for any skill, split by workload. A skill with agents keeps at least one. Nil without any
    /// agent for the skill. (Counting an agent fully for every skill would promise each skill the
    /// whole team, and overload a site the planner thinks is idle.)
    public static func apportionedAgents(skill: String, status: SiteStatus, rates: [String: Double]) -> Int? {
        apportionedAgents(status: status, rates: rates)[skill]
    }

    /// ``apportionedAgents(skill:status:rates:)`` of every skill of the status at once: one pass
    /// over the agents, grouped by their skill sets (a site has a handful of them).
    public static func apportionedAgents(status: SiteStatus, rates: [String: Double]) -> [String: Int] {
        // By position in the status's skills (a site lists a handful), not by id: this runs at
        // every poll of every site. A skill listed twice counts as its last entry, as a dictionary
        // keyed by id would have it.
        let entries = status.skills
        func position(_ id: String) -> Int? { entries.lastIndex { $0.skill == id } }
        let workload = entries.map { max(rates[$0.skill] ?? 0, 0) * max($0.ahtSeconds, 1) }
        let anyWork = entries.indices.contains { workload[$0] > 0 && position(entries[$0].skill) == $0 }
        func weight(_ i: Int) -> Double { anyWork ? workload[i] : 1 }
        var share = Array(repeating: 0.0, count: entries.count)
        if let agents = status.agents {
            var sets: [(skills: [String], count: Double)] = []
            var last = -1
            // By index: an agent's id and skills are read in place, not copied out with it.
            for a in agents.indices where agents[a].state != .away {
                // Agents of a team come together: try the set of the previous agent first.
                if last >= 0, sets[last].skills == agents[a].skills {
                    sets[last].count += 1
                } else if let index = sets.firstIndex(where: { $0.skills == agents[a].skills }) {
                    sets[index].count += 1
                    last = index
                } else {
                    sets.append((agents[a].skills, 1))
                    last = sets.count - 1
                }
            }
            for set in sets {
                // Two passes over the set's skills rather than a list of their positions: no
                // allocation per set at every poll.
                var total = 0.0
                for skill in set.skills { if let i = position(skill) { total += weight(i) } }
                for skill in set.skills {
                    guard let i = position(skill) else { continue }
                    share[i] += set.count * (total > 0 ? weight(i) / total : 1 / Double(max(set.skills.count, 1)))
                }
            }
        } else {
            let staffed = entries.indices.filter { entries[$0].agentsStaffed > 0 }
            let team = Double(staffed.map { entries[$0].agentsStaffed }.max() ?? 0)
            let total = staffed.reduce(0) { $0 + weight(position(entries[$1].skill) ?? $1) }
            for i in staffed {
                let p = position(entries[i].skill) ?? i
                share[p] = total > 0 ? min(team * weight(p) / total, Double(entries[i].agentsStaffed)) : Double(entries[i].agentsStaffed)
            }
        }
        var agents = [String: Int](minimumCapacity: entries.count)
        for (i, entry) in entries.enumerated() where entry.agentsStaffed > 0 {
            agents[entry.skill] = max(Int(share[position(entry.skill) ?? i].rounded()), 1)
        }
        return agents
    }

    /// Shares before any plan: outsourcers that plan their own staff at the middle of their
    /// contract bounds, the rest pooled by staffed agents.
    public static func defaultShares(skill: String, sites: [SiteConfig], observations: [String: SiteObservation]) -> [String: Double] {
        defaultShares(skill: skill, sites: sites) { site in
            Double(observations[site.id]?.status?.skills.first { $0.skill == skill }?.agentsStaffed ?? 0)
        }
    }

    /// The same split with the pooled sites weighted by `agents` (the policy simulator's static
    /// split weighs them by agents scheduled): `sites` are the ones that take `skill`.
    public static func defaultShares(skill: String, sites: [SiteConfig], agents: (SiteConfig) -> Double) -> [String: Double] {
        var shares: [String: Double] = [:]
        var fixed = 0.0
        for site in sites where site.mode.outsourcerPlansStaff {
            let bounds = site.contract?.shares[skill] ?? ShareBounds(min: 0, max: 1)
            shares[site.id] = (bounds.min + bounds.max) / 2
            fixed += shares[site.id]!
        }
        let pooled = sites.filter { !$0.mode.outsourcerPlansStaff }
        let staffed = pooled.map(agents)
        let total = staffed.reduce(0, +)
        for (site, count) in zip(pooled, staffed) {
            shares[site.id] = max(0, 1 - fixed) * (total > 0 ? count / total : 1 / Double(pooled.count))
        }
        return shares
    }

    /// Contracted seats at `date` in the site's local time (the zone's offset, not a `Calendar`:
    /// asked of every network-delivered site at every rebalance).
    public static func seats(_ plan: SeatPlan, at date: Date, timeZone: String) -> Int {
        SiteClock(timeZone: TimeZone(identifier: timeZone) ?? .gmt).seats(plan, at: date)
    }
}

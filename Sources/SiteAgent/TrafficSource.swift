import Foundation
import InterflowCore
import Logging
import ServiceLifecycle
import Simulation

/// The demo's traffic source: offers each skill's federation demand to the simulated sites.
///
/// Demand per skill is the federation's peak rate (`peak_arrivals` in federation.yaml) times the
/// typical day shape at the reference site's local hour. It is split as the live system would
/// split it: network-delivered outsourcers get their network percentage, enterprise-routed ones
/// the redirect share of their applied routing plan, and the rest goes to the pooled in-house and
/// virtualized capacity in proportion to the agents each has staffed for the skill.
public struct TrafficSource: Service {
    let sites: [SimulatedSite]
    let federation: FederationConfig
    let referenceTimeZone: String
    let updateEvery: Duration
    let networkShare: @Sendable (String, String) async -> Double?
    let surges: [Surge]
    let router: Router?
    let logger: Logger

    /// Routes one contact for the pooled capacity: (skill, segment, customer id) → where it went.
    public typealias Router = @Sendable (_ skill: String, _ segment: String, _ customerId: String) async -> RouteOutcome

    public enum RouteOutcome: Sendable, Hashable {
        /// Offered to this site.
        case site(String)
        /// The customer was offered a callback or self-service instead of a queue.
        case alternative
        /// The router could not be asked (not up yet, an error): the contact goes to the pooled
        /// site with the most staffed agents, as an ACD without Interflow would send it.
        case unavailable
    }

    /// Extra demand at one site for one skill from a simulated time on (`interflow demo --surge`):
    /// that site's own arrivals of the skill are multiplied by `factor`, as when a local event
    /// floods one center's number.
    public struct Surge: Sendable, Hashable {
        public var siteId: String
        public var skill: String
        public var factor: Double
        /// Simulated time the surge starts; nil: at once.
        public var from: Date?
        public init(siteId: String, skill: String, factor: Double, from: Date?) {
            self.siteId = siteId
            self.skill = skill
            self.factor = factor
            self.from = from
        }
    }

    /// - Parameters:
    ///   - networkShare: the coordinator's current network percentage of a network-delivered site
    ///     for a skill (site id, skill id), nil before any change order.
    ///   - surges: demand surges to apply.
    public init(
        sites: [SimulatedSite], federation: FederationConfig, referenceTimeZone: String, updateEvery: Duration = .milliseconds(500),
        networkShare: @escaping @Sendable (String, String) async -> Double? = { _, _ in nil }, surges: [Surge] = [], router: Router? = nil,
        logger: Logger
    ) {
        self.sites = sites
        self.federation = federation
        self.referenceTimeZone = referenceTimeZone
        self.updateEvery = updateEvery
        self.networkShare = networkShare
        self.surges = surges
        self.router = router
        self.logger = logger
    }

    public func run() async throws {
        var pooled = PooledArrivals(seed: 0x1F2E_3D4C)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await update(pooled: &pooled)
            try? await Task.sleep(for: updateEvery)
        }
    }

    /// The pooled part of the demand when it is routed contact by contact: its own random stream
    /// and the simulated time up to which arrivals were generated.
    public struct PooledArrivals: Sendable {
        var random: SplitMix64
        var generatedUntil: Date?
        var customer = 0
        public init(seed: UInt64) { random = SplitMix64(seed: seed) }
    }

    /// Computes and pushes every site's arrival rate once; with a router, also generates the
    /// pooled arrivals since the last call and routes each one.
    public func update(pooled: inout PooledArrivals) async {
        guard let first = sites.first else { return }
        let now = await first.now()
        var inputs: [ShareInput] = []
        for site in sites {
            let status = await site.fullStatus()
            let staffed = Dictionary(status.skills.map { ($0.skill, $0.agentsStaffed) }, uniquingKeysWith: +)
            var plan = await site.appliedPlan()
            if site.site.mode == .networkDelivered {
                var shares: [String: Double] = [:]
                for skill in site.site.skills { shares[skill] = await networkShare(site.site.id, skill) }
                plan = shares.isEmpty ? nil : RoutingPlan(version: 0, shares: shares)
            }
            inputs.append(ShareInput(site: site.site, plan: plan, staffed: staffed))
        }
        let hour = Self.localHour(now, timeZone: referenceTimeZone)
        for skill in federation.skills {
            let demand = skill.peakArrivalsPerHour * Self.dayShape(atHour: hour)
            let shares = Self.shares(skill: skill.id, inputs: inputs)
            var pooledPerHour = 0.0
            for site in sites where site.site.skills.contains(skill.id) {
                let surge = surges.filter { $0.siteId == site.site.id && $0.skill == skill.id && ($0.from.map { $0 <= now } ?? true) }
                    .reduce(1.0) { $0 * $1.factor }
                let rate = demand * (shares[site.site.id] ?? 0)
                if router != nil && site.site.mode.acceptsPerContactRouting {
                    // The site's own surge stays local; its pooled share is routed contact by contact.
                    await site.setArrivalRate(skill: skill.id, perHour: rate * (surge - 1))
                    pooledPerHour += rate
                } else {
                    await site.setArrivalRate(skill: skill.id, perHour: rate * surge)
                }
            }
            if let router, let from = pooled.generatedUntil, now > from, pooledPerHour > 0 {
                await routeArrivals(skill: skill.id, perHour: pooledPerHour, from: from, to: now, router: router, state: &pooled)
            }
        }
        pooled.generatedUntil = now
    }

    /// Poisson arrivals at `perHour` in (from, to], each routed and offered to the chosen site.
    func routeArrivals(skill: String, perHour: Double, from: Date, to: Date, router: Router, state: inout PooledArrivals) async {
        let segments = federation.segments.map(\.id)
        var time = from.timeIntervalSince1970
        let end = to.timeIntervalSince1970
        while true {
            time += Sampling.exponential(mean: 3600 / perHour, using: &state.random)
            guard time <= end else { break }
            state.customer += 1
            // A simple mix: the first segment is rare (a premium tier), the rest share the remainder.
            let draw = Sampling.uniform(using: &state.random)
            let segment =
                segments.isEmpty
                ? "standard" : (draw < 0.1 || segments.count == 1 ? segments[0] : segments[1 + Int(draw * 1000) % (segments.count - 1)])
            let target: String
            switch await router(skill, segment, "demo-\(state.customer)") {
            case .site(let id): target = id
            case .alternative: continue
            case .unavailable:
                guard let fallback = await largestPooledSite(skill: skill) else { continue }
                target = fallback
            }
            guard let site = sites.first(where: { $0.site.id == target }) else { continue }
            await site.offerContact(skill: skill, at: Date(timeIntervalSince1970: time))
        }
    }

    func largestPooledSite(skill: String) async -> String? {
        var best: (id: String, staffed: Int)?
        for site in sites where site.site.mode.acceptsPerContactRouting && site.site.skills.contains(skill) {
            let staffed = await site.fullStatus().skills.first { $0.skill == skill }?.agentsStaffed ?? 0
            if best == nil || staffed > best!.staffed { best = (site.site.id, staffed) }
        }
        return best?.id
    }

    /// What the split of one skill depends on, per site.
    public struct ShareInput: Sendable {
        public var site: SiteConfig
        public var plan: RoutingPlan?
        public var staffed: [String: Int]
        public init(site: SiteConfig, plan: RoutingPlan?, staffed: [String: Int]) {
            self.site = site
            self.plan = plan
            self.staffed = staffed
        }
    }

    /// Splits one skill's volume between the sites that take it; the shares sum to 1 when any site can take it.
    ///
    /// Fixed shares (network percentages, enterprise redirect shares) come first: the applied plan's
    /// share (for a network-delivered site, the coordinator's current percentage), else the middle
    /// of the contract's bounds. The remainder goes to pooled capacity by staffed
    /// agents; where nobody is staffed, evenly.
    public static func shares(skill: String, inputs: [ShareInput]) -> [String: Double] {
        let takers = inputs.filter { $0.site.skills.contains(skill) }
        var shares: [String: Double] = [:]
        var fixedTotal = 0.0
        for input in takers where input.site.mode.outsourcerPlansStaff {
            let bounds = input.site.contract?.shares[skill]
            let share = input.plan?.shares?[skill] ?? bounds.map { ($0.min + $0.max) / 2 } ?? 0
            shares[input.site.id] = share
            fixedTotal += share
        }
        let pooled = takers.filter { !$0.site.mode.outsourcerPlansStaff }
        let remainder = max(0, 1 - fixedTotal)
        if pooled.isEmpty {
            // Nothing to absorb the rest: scale the fixed shares to the whole.
            if fixedTotal > 0 { for key in shares.keys { shares[key]! /= fixedTotal } }
            return shares
        }
        let staffed = pooled.map { Double($0.staffed[skill] ?? 0) }
        let totalStaffed = staffed.reduce(0, +)
        for (input, agents) in zip(pooled, staffed) {
            shares[input.site.id] = remainder * (totalStaffed > 0 ? agents / totalStaffed : 1 / Double(pooled.count))
        }
        if fixedTotal > 1 { for key in shares.keys { shares[key]! /= fixedTotal } }
        return shares
    }

    /// The typical day shape at a fractional local hour, linearly interpolated.
    static func dayShape(atHour hour: Double) -> Double {
        let shape = SimulationProfile.typicalDay
        let lower = Int(hour.rounded(.down)) % 24
        let fraction = hour - hour.rounded(.down)
        return shape[lower] * (1 - fraction) + shape[(lower + 1) % 24] * fraction
    }

    static func localHour(_ date: Date, timeZone identifier: String) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: identifier) ?? .gmt
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return Double(parts.hour ?? 0) + Double(parts.minute ?? 0) / 60 + Double(parts.second ?? 0) / 3600
    }
}

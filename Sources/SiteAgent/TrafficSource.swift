import Foundation
import InterflowCore
import Logging
import ServiceLifecycle

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
    let logger: Logger

    public init(sites: [SimulatedSite], federation: FederationConfig, referenceTimeZone: String, updateEvery: Duration = .milliseconds(500), logger: Logger) {
        self.sites = sites
        self.federation = federation
        self.referenceTimeZone = referenceTimeZone
        self.updateEvery = updateEvery
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await update()
            try? await Task.sleep(for: updateEvery)
        }
    }

    /// Computes and pushes every site's arrival rate once.
    public func update() async {
        guard let first = sites.first else { return }
        let now = await first.now()
        var inputs: [ShareInput] = []
        for site in sites {
            let status = await site.fullStatus()
            let staffed = Dictionary(status.skills.map { ($0.skill, $0.agentsStaffed) }, uniquingKeysWith: +)
            inputs.append(ShareInput(site: site.site, plan: await site.appliedPlan(), staffed: staffed))
        }
        let hour = Self.localHour(now, timeZone: referenceTimeZone)
        for skill in federation.skills {
            let demand = skill.peakArrivalsPerHour * Self.dayShape(atHour: hour)
            let shares = Self.shares(skill: skill.id, inputs: inputs)
            for site in sites where site.site.skills.contains(skill.id) {
                await site.setArrivalRate(skill: skill.id, perHour: demand * (shares[site.site.id] ?? 0))
            }
        }
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
    /// share, else the middle of the contract's bounds. The remainder goes to pooled capacity by staffed
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

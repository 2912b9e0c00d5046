import Foundation
import InterflowCore
import Simulation

/// A site whose ACD is simulated: the simulated ACD, the clock that drives it and the routing
/// plan it has applied. The agent server and the demo's traffic source talk to it.
public actor SimulatedSite {
    public nonisolated let site: SiteConfig
    private var acd: SimulatedACD
    private let clock: SimulationClock
    private var routing = RoutingState()

    /// - Parameters:
    ///   - site: the site; its `simulation` profile drives the ACD.
    ///   - federation: the federation's settings (skill thresholds).
    ///   - clock: the accelerated clock.
    public init(site: SiteConfig, federation: FederationConfig, clock: SimulationClock) {
        self.site = site
        self.clock = clock
        let profile = site.simulation ?? SimulationProfile(skills: [:], agentGroups: [])
        let skills = federation.skills.filter { site.skills.contains($0.id) }
        self.acd = SimulatedACD(site: site, profile: profile, skills: skills, start: clock.simulatedStart)
    }

    /// The site's simulated time now.
    public func now() -> Date {
        acd.advance(to: clock.now())
        return acd.now
    }

    /// Real-time status as the mode shows it, or nil where the mode shows none.
    public func status() -> SiteStatus? {
        acd.advance(to: clock.now())
        return SiteExposure.status(acd.status(routingVersion: routing.applied?.version), mode: site.mode)
    }

    /// The full status (all detail), for the demo's own display.
    public func fullStatus() -> SiteStatus {
        acd.advance(to: clock.now())
        return acd.status(routingVersion: routing.applied?.version)
    }

    /// Closed intervals starting in [from, to), as the mode shows them. Defaults: from the start
    /// of the site's local day, to now.
    public func intervals(from: Date?, to: Date?) -> IntervalsResponse {
        acd.advance(to: clock.now())
        let now = acd.now
        let start = from ?? Self.startOfDay(now, timeZone: site.timeZone)
        let end = min(to ?? now, now)
        let records = acd.closedIntervals(from: start, to: end)
        let shown = SiteExposure.intervals(records, mode: site.mode, reportingDelay: site.contract?.reportingDelaySeconds ?? 0, now: now)
        return IntervalsResponse(siteId: site.id, from: start, to: max(start, end), intervals: shown)
    }

    /// Applies a routing plan under protocol v1's rules.
    public func apply(_ plan: RoutingPlan) -> RoutingState.Outcome {
        routing.apply(plan, for: site)
    }

    /// The applied routing plan, if any.
    public func appliedPlan() -> RoutingPlan? { routing.applied }

    /// Sets a skill's arrival rate (contacts per hour) from an outside traffic source; nil returns
    /// to the site's own time-of-day profile.
    public func setArrivalRate(skill: String, perHour: Double?) {
        acd.advance(to: clock.now())
        acd.setArrivalRate(skill: skill, perHour: perHour)
    }

    /// Offers one contact routed here from outside (a per-contact route, an interflow) at `time`,
    /// or at the site's now if that is later.
    @discardableResult
    public func offerContact(skill: String, at time: Date) -> Bool {
        acd.advance(to: min(time, clock.now()))
        return acd.offerContact(skill: skill)
    }

    static func startOfDay(_ date: Date, timeZone identifier: String) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: identifier) ?? .gmt
        return calendar.startOfDay(for: date)
    }
}

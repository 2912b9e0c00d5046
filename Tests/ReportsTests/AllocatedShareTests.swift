import Foundation
import InterflowCore
import Reports
import Testing

@Suite("Allocated share from the share history, weighted by offered volume")
struct AllocatedShareTests {
    static let start = Date(timeIntervalSince1970: 1_770_000_300)  // a quarter-hour boundary

    static func at(_ minutes: Double) -> Date { start.addingTimeInterval(minutes * 60) }

    static func interval(_ minutes: Double, offered: Int, skill: String = "sales") -> IntervalRecord {
        IntervalRecord(
            skill: skill, start: at(minutes), lengthSeconds: 900, offered: offered, answered: offered, answeredWithinThreshold: offered,
            abandoned: 0, handled: offered, handleSeconds: Double(offered) * 300)
    }

    static func share(_ minutes: Double, _ share: Double, site: String = "ent", skill: String = "sales") -> ShareChange {
        ShareChange(at: at(minutes), skill: skill, siteId: site, share: share, source: .rebalance)
    }

    @Test("two intervals with different volumes and a share change between them: (0.2 × 100 + 0.5 × 300) / 400 = 0.425")
    func twoIntervals() {
        // The federation's volume: interval 1 offers 60 at one site and 40 at another, interval 2 offers 300 in all.
        let volumes = [
            Self.interval(0, offered: 60), Self.interval(0, offered: 40), Self.interval(15, offered: 250), Self.interval(15, offered: 50),
            Self.interval(15, offered: 999, skill: "service"),  // another skill: not counted
        ]
        let history = [
            Self.share(-60, 0.2), Self.share(15, 0.5),
            Self.share(5, 0.9, site: "other"), Self.share(5, 0.9, skill: "service"),  // other sites and skills: ignored
        ]
        let allocated = AllocatedShare.weighted(siteId: "ent", skill: "sales", history: history, volumes: volumes)
        #expect(close(allocated.value, 0.425), "not the mean over time (0.35): the busier interval weighs three times more")
    }

    @Test("a change within an interval counts for the part of the interval it was in effect")
    func changeWithinInterval() throws {
        // 0.2 for 5 minutes, then 0.6 for 10: (0.2 × 5 + 0.6 × 10) / 15 = 7/15 in the first interval; 0.6 in the second.
        let history = [Self.share(0, 0.2), Self.share(5, 0.6)]
        let volumes = [Self.interval(0, offered: 150), Self.interval(15, offered: 50)]
        let allocated = try #require(AllocatedShare.weighted(siteId: "ent", skill: "sales", history: history, volumes: volumes).value)
        #expect(abs(allocated - (7.0 / 15 * 150 + 0.6 * 50) / 200) < 1e-12)
    }

    @Test("not measurable, saying why, where no share history covers the period")
    func notCovered() {
        let volumes = [Self.interval(0, offered: 10), Self.interval(15, offered: 10)]
        let none = AllocatedShare.weighted(siteId: "ent", skill: "sales", history: [Self.share(0, 0.5, site: "other")], volumes: volumes)
        #expect(none.reason == "no share history covers the period: no share of sales was recorded for ent")
        let late = AllocatedShare.weighted(siteId: "ent", skill: "sales", history: [Self.share(20, 0.5)], volumes: volumes)
        #expect(late.reason?.hasPrefix("the share history does not cover the period: the first share of sales recorded for ent is at") == true)
        let quiet = AllocatedShare.weighted(siteId: "ent", skill: "sales", history: [Self.share(0, 0.5)], volumes: [Self.interval(0, offered: 0)])
        #expect(quiet.reason == "no contact of sales was offered to any site")
        // A history that starts after the last interval with contacts but before a quiet one still does not cover it.
        let volumesThenQuiet = [Self.interval(0, offered: 10), Self.interval(15, offered: 0)]
        #expect(AllocatedShare.weighted(siteId: "ent", skill: "sales", history: [Self.share(16, 0.5)], volumes: volumesThenQuiet).value == nil)
    }

    @Test("the review computes the allocated share and volume from the share history given with the data")
    func inTheReview() throws {
        // Ent Co (Monterrey) was given 10 % of service from January, 30 % from 15 February 00:00 UTC: every
        // day offers the same 600 contacts, so half the volume at each share: 0.2, and 0.2 × 16,800 = 3,360.
        var data = ReviewData(intervals: Fixture.intervals())
        data.shareHistory = [
            ShareChange(
                at: Fixture.local(CalendarDay("2026-01-20")!, "00:00", "UTC"), skill: "service", siteId: "ent", share: 0.1, source: .rebalance),
            ShareChange(
                at: Fixture.local(CalendarDay("2026-02-15")!, "00:00", "UTC"), skill: "service", siteId: "ent", share: 0.3, source: .rebalance),
        ]
        let builder = ContractReviewBuilder(federation: Fixture.federation)
        let ent = try #require(try builder.review(outsourcer: "ent-co", period: Fixture.period, data: data).sites.first?.skills.first)
        #expect(close(ent.allocatedShare.value, 0.2) && close(ent.allocatedVolume.value, 3360))
        // Net Co has no history in the data: not measurable, and the reason says so.
        let net = try #require(try builder.review(outsourcer: "net-co", period: Fixture.period, data: data).sites.first?.skills.first)
        #expect(net.allocatedShare.reason == "no share history covers the period: no share of service was recorded for net")
        #expect(net.allocatedVolume == net.allocatedShare)
    }
}

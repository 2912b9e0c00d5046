import Foundation
import InterflowCore
import Reports
import Testing

@Suite("Contract review: the hand-computed February")
struct ContractReviewBuilderTests {
    let builder = ContractReviewBuilder(federation: Fixture.federation)

    @Test("network-delivered Net Co: volumes, service, cost, value, credits and bonus, as computed by hand")
    func networkDelivered() throws {
        let review = try builder.review(outsourcer: "net-co", period: Fixture.period, data: Fixture.data)
        #expect(review.outsourcer == Outsourcer(id: "net-co", name: "Net Co", siteIds: ["net"]))
        #expect(review.currency == "USD")
        let site = try #require(review.sites.first)
        let p = site.performance
        // 28 days × (100 + 100) offered; answered 95 + 90; within 90 + 70; abandoned 5 + 10.
        #expect(p.offered == 5600 && p.answered == 5180 && p.handled == 5180 && p.answeredWithinThreshold == 4480 && p.abandoned == 420)
        #expect(p.intervalsReported == 56 && p.intervalsMissing == 0 && p.intervalsWithContacts == 56 && p.intervalsMeetingTarget == 28)
        #expect(close(p.serviceLevel.value, 0.8))
        #expect(close(p.shareOfIntervalsMeetingTarget.value, 0.5))
        #expect(close(p.abandonRate.value, 0.075))
        #expect(close(p.ahtSeconds.value, 300))
        #expect(close(p.fcr.value, 0.8))  // (76 + 72) × 28 / 5180
        #expect(p.asaSeconds.reason == "the interval reports carry no answer wait (answerWaitSeconds)")
        #expect(p.scheduleAdherence.reason?.contains("network-delivered") == true)
        #expect(p.seatAdherence.reason?.contains("not who is logged in") == true)
        #expect(p.staffedSeatHours.value == nil && p.staffedToContracted.value == nil)
        #expect(close(p.contractedSeatHours.value, 420))  // 30 seats × ½ h × 28 days
        #expect(close(p.cost.value, 25_900) && close(p.costPerHandled.value, 5))
        // Value: 51,800 revenue − 5 × (5,180 − 4,144) unresolved = 46,620; 9 per contact.
        #expect(close(p.value.value, 46_620) && close(p.valuePerHandled.value, 9))
        #expect(close(p.netValue.value, 20_720) && close(p.netValuePerHandled.value, 4))
        #expect(site.verdicts == Verdicts(serviceLevel: true, abandonRate: false, aht: true, fcr: true))

        let clauses = Dictionary(uniqueKeysWithValues: site.clauses.map { ($0.kind, $0) })
        // Interval B misses by 10 points on 28 days: 280 points × 10 = 2,800, capped at 500.
        let sl = try #require(clauses["service_level_credit"])
        #expect(close(sl.points.value, 280) && close(sl.uncapped.value, 2800) && sl.amount == .measured(500) && sl.capped)
        // FCR 80 % against 70 %: 10 points × 20 = 200.
        let fcr = try #require(clauses["fcr_bonus"])
        #expect(fcr.amount == .measured(200) && !fcr.capped && fcr.isBonus)
        // Abandon rate 7.5 % against 5 %: 2.5 points × 30 = 75.
        #expect(clauses["abandon_rate_credit"]?.amount == .measured(75))
        #expect(review.settlement == Settlement(credits: 575, bonuses: 200, net: -375, notEvaluated: []))

        let volume = try #require(site.skills.first)
        #expect(volume.federationOffered == 16_800 && close(volume.share.value, 1.0 / 3) && volume.withinContract == true)
        #expect(close(volume.contractedVolumeMin.value, 3360) && close(volume.contractedVolumeMax.value, 8400))
        #expect(close(volume.allocatedShare.value, 0.35) && close(volume.allocatedVolume.value, 5880))

        #expect(site.days.count == 28)
        let day = site.days[0]
        #expect(day.day == CalendarDay("2026-02-01") && day.hours == 24 && day.intervalsReported == 2 && day.offered == 200)
        #expect(close(day.serviceLevel.value, 0.8) && day.meetsTarget == true && day.federationOffered == 600)
        #expect(close(day.contractedVolumeMin, 120) && close(day.contractedVolumeMax, 300))
        #expect(site.intervals.count == 56 && site.intervals[1].meetsTarget == false && close(site.intervals[1].serviceLevel.value, 0.7))
        #expect(review.missingIntervals.isEmpty)
    }

    @Test("enterprise-routed Ent Co: ASA, staffed against contracted seats, capped credit and bonus")
    func enterpriseRouted() throws {
        let review = try builder.review(outsourcer: "Ent Co", period: Fixture.period, data: Fixture.data)
        let p = review.totals
        #expect(p.offered == 2800 && p.handled == 2688 && p.answeredWithinThreshold == 2268 && p.abandoned == 112)
        #expect(close(p.serviceLevel.value, 0.81) && close(p.abandonRate.value, 0.04))
        #expect(close(p.asaSeconds.value, 15))  // (490 + 950) × 28 / 2,688
        #expect(close(p.ahtSeconds.value, 360) && close(p.fcr.value, 0.78125))
        #expect(p.scheduleAdherence.reason?.contains("enterprise-routed") == true)
        // Two quarter-hours a day, 10 seats contracted (2.5 seat-hours each), 2 agent-hours staffed each.
        #expect(close(p.staffedSeatHours.value, 112) && close(p.contractedSeatHoursReported.value, 140))
        #expect(close(p.staffedToContracted.value, 0.8) && close(p.seatAdherence.value, 0.8))
        #expect(close(p.contractedSeatHours.value, 140))
        // 40 per productive hour × 268.8 handle hours.
        #expect(close(p.cost.value, 10_752) && close(p.costPerHandled.value, 4))
        #expect(close(p.value.value, 50_820) && close(p.valuePerHandled.value, 18.90625))
        #expect(close(p.netValue.value, 40_068) && close(p.netValuePerHandled.value, 14.90625))
        let site = try #require(review.sites.first)
        #expect(site.verdicts == Verdicts(serviceLevel: true, abandonRate: true, aht: false, fcr: true))
        // B misses by 8 points a day: 224 points × 5 = 1,120, capped at 1,000; FCR 3.125 points × 50 = 156.25, capped at 100.
        #expect(site.clauses.map(\.amount) == [.measured(1000), .measured(100)])
        #expect(site.clauses.allSatisfy { $0.capped })
        #expect(review.settlement == Settlement(credits: 1000, bonuses: 100, net: -900, notEvaluated: []))
        let volume = try #require(site.skills.first)
        #expect(
            close(volume.share.value, 1.0 / 6) && volume.allocatedVolume.reason == "no share history covers the period: the data source keeps none")
    }

    @Test("every site taking the skill is ranked, the in-house site included")
    func ranking() throws {
        let review = try builder.review(outsourcer: "net-co", period: Fixture.period, data: Fixture.data)
        let ranking = try #require(review.rankings.first)
        #expect(review.rankings.count == 1 && ranking.skill == "service")
        #expect(ranking.entries.map(\.siteId) == ["ent", "home", "net"])
        let entries = Dictionary(uniqueKeysWithValues: ranking.entries.map { ($0.siteId, $0) })
        #expect(entries["net"]?.reviewed == true && entries["ent"]?.reviewed == false && entries["home"]?.runBy == "in-house")
        #expect(ranking.entries.map(\.valueRank) == [1, 2, 3])
        #expect(close(entries["home"]?.valuePerHandled.value, 117_600.0 / 8232))
        #expect(entries["ent"]?.costRank == 1 && entries["net"]?.costRank == 2 && entries["home"]?.costRank == nil)
        #expect(entries["home"]?.costPerHandled.reason?.contains("in-house") == true)
        #expect(entries["home"]?.serviceLevelRank == 1 && entries["ent"]?.serviceLevelRank == 2 && entries["net"]?.serviceLevelRank == 3)
        #expect(entries["home"]?.fcrRank == 1 && entries["net"]?.fcrRank == 2 && entries["ent"]?.fcrRank == 3)
        #expect(close(entries["home"]?.serviceLevel.value, 0.88))
    }

    @Test("an unknown outsourcer is an error that lists the known ones")
    func unknownOutsourcer() throws {
        #expect(throws: ContractReviewError.unknownOutsourcer(found: "acme", known: ["net-co", "ent-co"])) {
            try builder.review(outsourcer: "acme", period: Fixture.period, data: Fixture.data)
        }
        #expect(ContractReviewError.unknownOutsourcer(found: "acme", known: ["net-co"]).description.contains("outsourcers: net-co"))
        // A site id finds its outsourcer too.
        #expect(try builder.review(outsourcer: "ent", period: Fixture.period, data: Fixture.data).outsourcer.id == "ent-co")
    }

    @Test("outsourcer ids come from the company names")
    func outsourcerIDs() {
        #expect(Outsourcer.id(forName: "Bayanihan Contact Services") == "bayanihan-contact-services")
        #expect(Outsourcer.id(forName: "  Vistula  Contact Partners, Kraków ") == "vistula-contact-partners-krak-w")
        #expect(Outsourcer.all(in: Fixture.federation).map(\.id) == ["net-co", "ent-co"])
    }
}

import Foundation
import InterflowCore
import Reports
import Testing

@Suite("Contract review: missing intervals, clock changes, outsourcers in two modes")
struct ContractReviewEdgeTests {
    @Test("missing intervals are listed and left out of every figure, never counted as zero")
    func missingIntervals() throws {
        var data = Fixture.data
        let d10 = CalendarDay("2026-02-10")!
        let d11 = CalendarDay("2026-02-11")!
        let d12 = CalendarDay("2026-02-12")!
        let gone = [
            Fixture.local(d10, "15:15", "Asia/Manila"), Fixture.local(d11, "15:15", "Asia/Manila"), Fixture.local(d12, "15:00", "Asia/Manila"),
        ]
        data.intervals["net"]!.removeAll { gone.contains($0.start) }
        let entGone = Fixture.local(d10, "08:00", "America/Monterrey")
        data.intervals["ent"]!.removeAll { $0.start == entGone }
        data.missing =
            gone.map { Fixture.missing("net", "service", $0, cause: "agent down") } + [
                // Reported after all: not missing.
                Fixture.missing("net", "service", Fixture.local(d10, "15:00", "Asia/Manila"), cause: "late"),
                // Outside the period, and another site: not listed in Net Co's review.
                Fixture.missing("net", "service", Fixture.local(CalendarDay("2026-03-02")!, "15:00", "Asia/Manila"), cause: "x"),
                Fixture.missing("ent", "service", entGone, cause: "x"),
            ]
        let review = try ContractReviewBuilder(federation: Fixture.federation).review(outsourcer: "net-co", period: Fixture.period, data: data)
        #expect(review.missingIntervals.map(\.start) == gone && review.missingIntervals.allSatisfy { $0.cause == "agent down" })
        let p = review.totals
        #expect(p.intervalsReported == 53 && p.intervalsMissing == 3 && p.intervalsWithContacts == 53 && p.intervalsMeetingTarget == 27)
        #expect(p.offered == 5300 && p.answeredWithinThreshold == 4480 - 70 - 70 - 90)
        #expect(close(p.serviceLevel.value, 4250.0 / 5300))
        let site = try #require(review.sites.first)
        let day10 = try #require(site.days.first { $0.day == d10 })
        #expect(day10.intervalsReported == 1 && day10.intervalsMissing == 1 && close(day10.serviceLevel.value, 0.9) && day10.meetsTarget == true)
        // The service-level credit counts only the 26 B intervals reported.
        let credit = try #require(site.clauses.first { $0.kind == "service_level_credit" })
        #expect(close(credit.points.value, 260))
        // The ranking shows how many intervals each site is missing.
        #expect(review.rankings[0].entries.first { $0.siteId == "net" }?.intervalsMissing == 3)
        #expect(review.rankings[0].entries.first { $0.siteId == "ent" }?.intervalsMissing == 1)
    }

    /// A virtualized site in Chicago, 10 seats around the clock, paid per seat-hour, reporting every quarter-hour.
    static func chicago(day: CalendarDay) -> (Federation, ReviewData) {
        let site = SiteConfig(
            id: "chi", name: "Lakeside, Chicago", kind: .outsourcer(name: "Lakeside"), mode: .virtualized, timeZone: "America/Chicago",
            skills: ["service"], agent: AgentEndpoint(url: "http://127.0.0.1:9204", token: .environment("T_CHI")),
            contract: Contract(
                seats: SeatPlan(blocks: [Fixture.block("00:00", "24:00", seats: 10)]), price: .perSeatHour(30), serviceLevelTarget: 0.8,
                maxAbandonRate: 0.05, ahtCeilingSeconds: 400, fcrTarget: 0.7, shares: [:]))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/Chicago")!
        let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        // The day before and the day after too: they must not count.
        var t = calendar.date(byAdding: .day, value: -1, to: start)!
        let end = calendar.date(byAdding: .day, value: 2, to: start)!
        var records: [IntervalRecord] = []
        while t < end {
            records.append(
                Fixture.record(
                    t, offered: 4, answered: 4, within: 4, abandoned: 0, handleEach: 300, wait: 20, fcr: 3, revenue: 20, staffed: 9000,
                    scheduled: 9000, adherent: 8100))
            t = t.addingTimeInterval(900)
        }
        let federation = Federation(config: Fixture.config, sites: [site], directory: "fixture")
        return (federation, ReviewData(intervals: ["chi": records]))
    }

    @Test(
        "a day on which the clocks change has 92 or 100 quarter-hours and 23 or 25 hours of seats",
        arguments: [("2025-03-09", 92, 23.0), ("2025-11-02", 100, 25.0), ("2025-06-10", 96, 24.0)])
    func clockChange(day text: String, intervals: Int, hours: Double) throws {
        let day = try #require(CalendarDay(text))
        let (federation, data) = Self.chicago(day: day)
        let review = try ContractReviewBuilder(federation: federation).review(
            outsourcer: "lakeside", period: ReviewPeriod(from: day, to: day)!, data: data)
        let site = try #require(review.sites.first)
        #expect(site.days.count == 1)
        #expect(site.days[0].hours == hours && site.days[0].intervalsReported == intervals)
        let p = site.performance
        #expect(p.intervalsReported == intervals && p.offered == 4 * intervals)
        #expect(close(p.contractedSeatHours.value, 10 * hours))
        #expect(close(p.cost.value, 30 * 10 * hours))
        #expect(close(p.seatAdherence.value, 1) && close(p.staffedToContracted.value, 1) && close(p.scheduleAdherence.value, 0.9))
        #expect(site.intervals.count == intervals)
    }

    @Test("the local calendar and clock helpers agree with Foundation's calendar")
    func siteClock() throws {
        let clock = SiteClock(timeZone: TimeZone(identifier: "America/Chicago")!)
        for text in ["2025-03-09", "2025-11-02", "2024-02-29", "1999-12-31"] {
            let day = try #require(CalendarDay(text))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = clock.timeZone
            let midnight = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
            #expect(clock.start(of: day) == midnight)
            #expect(clock.day(of: midnight) == day && clock.day(of: midnight.addingTimeInterval(-1)) == day.adding(days: -1))
            #expect(CalendarDay(dayNumber: day.dayNumber) == day && day.description == text)
            #expect(day.isoWeekday == (calendar.component(.weekday, from: midnight) + 5) % 7 + 1)
        }
        #expect(CalendarDay("2026-02-29") == nil && CalendarDay("2026-2-1") == nil)
    }

    @Test("an outsourcer with sites in two modes: each site measured as its mode allows, totals say where they cannot")
    func twoModes() throws {
        func site(_ id: String, _ mode: SiteMode, _ zone: String, _ price: PriceModel) -> SiteConfig {
            SiteConfig(
                id: id, name: "Duo \(id)", kind: .outsourcer(name: "Duo Services"), mode: mode, timeZone: zone, skills: ["service"],
                agent: AgentEndpoint(url: "http://127.0.0.1:93\(id.count)", token: .environment("T")),
                contract: Contract(
                    seats: SeatPlan(blocks: [Fixture.block("09:00", "10:00", seats: 4)]), price: price, serviceLevelTarget: 0.8,
                    maxAbandonRate: 0.05, ahtCeilingSeconds: 400, fcrTarget: 0.7, shares: [:],
                    changeWindow: mode == .networkDelivered ? .every(minutes: 30) : nil, clauses: [.fcrBonus(perPoint: 10, cap: nil)]))
        }
        let network = site("duo-net", .networkDelivered, "Asia/Manila", .perHandledContact(4))
        let virtual = site("duo-virt", .virtualized, "Europe/Warsaw", .perSeatHour(20))
        let federation = Federation(config: Fixture.config, sites: [network, virtual, Fixture.home], directory: "fixture")
        let day = CalendarDay("2026-02-02")!
        let data = ReviewData(intervals: [
            "duo-net": [
                Fixture.record(
                    Fixture.local(day, "09:00", "Asia/Manila"), offered: 10, answered: 10, within: 9, abandoned: 0, handleEach: 300, fcr: 8,
                    revenue: 100)
            ],
            "duo-virt": [
                Fixture.record(
                    Fixture.local(day, "09:00", "Europe/Warsaw"), offered: 20, answered: 20, within: 14, abandoned: 0, handleEach: 300, wait: 400,
                    fcr: 18, revenue: 300, staffed: 3600, scheduled: 3600, adherent: 3240)
            ],
            "home": Fixture.intervals()["home"]!.filter { Fixture.federationDay($0.start) == day },
        ])
        let review = try ContractReviewBuilder(federation: federation).review(
            outsourcer: "duo-services", period: ReviewPeriod(from: day, to: day)!, data: data)
        #expect(review.sites.map(\.id) == ["duo-net", "duo-virt"] && review.sites.map(\.mode) == [.networkDelivered, .virtualized])
        let net = review.sites[0].performance
        let virt = review.sites[1].performance
        #expect(net.scheduleAdherence.reason?.contains("network-delivered") == true && close(virt.scheduleAdherence.value, 0.9))
        #expect(net.seatAdherence.value == nil && close(virt.seatAdherence.value, 1))  // 3,600 staffed of 4 seats × ¼ h
        #expect(net.asaSeconds.value == nil && close(virt.asaSeconds.value, 20))
        let total = review.totals
        #expect(total.offered == 30 && total.handled == 30 && total.answeredWithinThreshold == 23)
        #expect(close(total.serviceLevel.value, 23.0 / 30) && close(total.fcr.value, 26.0 / 30))
        #expect(total.scheduleAdherence.reason?.hasPrefix("not measurable at duo-net: not measurable for a network-delivered site") == true)
        #expect(total.asaSeconds.reason?.contains("duo-net") == true && total.asaSeconds.reason?.contains("duo-virt") == false)
        // Cost: 4 × 10 handled + 20 × 4 seats × 1 h; value: (100 − 5 × 2) + (300 − 5 × 2).
        #expect(close(total.cost.value, 40 + 80) && close(total.value.value, 90 + 290) && close(total.netValue.value, 260))
        #expect(close(total.costPerHandled.value, 4) && close(total.valuePerHandled.value, 380.0 / 30))
        // FCR bonuses: 10 points × 10 + 20 points × 10, uncapped.
        #expect(review.settlement == Settlement(credits: 0, bonuses: 300, net: 300, notEvaluated: []))
        #expect(review.rankings[0].entries.count == 3)
    }
}

extension Fixture {
    /// The London day of an instant (the in-house site's).
    static func federationDay(_ date: Date) -> CalendarDay {
        SiteClock(timeZone: TimeZone(identifier: "Europe/London")!).day(of: date)
    }
}

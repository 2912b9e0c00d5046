import Foundation
import InterflowCore
import Simulation
import Testing

@Suite struct SimulatedACDTests {
    @Test func sameSeedGivesIdenticalResults() {
        var a = Fixtures.parisACD(seed: 5)
        var b = Fixtures.parisACD(seed: 5)
        var c = Fixtures.parisACD(seed: 6)
        let end = Fixtures.epochDay.addingTimeInterval(30 * 3600)
        // Different step patterns must not matter either.
        for minute in stride(from: 1.0, through: 30 * 60, by: 1) { a.advance(to: Fixtures.epochDay.addingTimeInterval(minute * 60)) }
        b.advance(to: end)
        c.advance(to: end)
        #expect(a.status(routingVersion: 3) == b.status(routingVersion: 3))
        let all = (Fixtures.epochDay, end)
        #expect(a.closedIntervals(from: all.0, to: all.1) == b.closedIntervals(from: all.0, to: all.1))
        #expect(a.closedIntervals(from: all.0, to: all.1) != c.closedIntervals(from: all.0, to: all.1))
    }

    @Test func timeIsMonotonic() {
        var acd = Fixtures.parisACD()
        acd.advance(to: Fixtures.epochDay.addingTimeInterval(3600))
        let status = acd.status(routingVersion: nil)
        acd.advance(to: Fixtures.epochDay.addingTimeInterval(1800))
        #expect(acd.now == Fixtures.epochDay.addingTimeInterval(3600))
        #expect(acd.status(routingVersion: nil) == status)
    }

    /// M/M/n with very long patience against Erlang C: n = 10 agents, λ = 100/h, AHT 300 s
    /// (a = 8.33 Erlangs, ρ = 0.83; C = 0.488, SL 20 s = 0.564). 20 simulated days after a day of
    /// warm-up give about 48 000 contacts. Daily batch means, measured over five seeds, have a
    /// standard error of 0.013–0.018 for both estimates (waits are strongly correlated within a
    /// day), and the five estimates fell within 0.02 of the formula; ±0.05 is about three standard errors.
    @Test func matchesErlangC() {
        let n = 10
        let lambda = 100.0 / 3600
        let aht = 300.0
        let threshold = 20.0
        let days = 21.0
        var immediate = Fixtures.singleSkillACD(agents: n, perHour: 100, threshold: 0, seed: 2024, historyDays: 30)
        var within20 = Fixtures.singleSkillACD(agents: n, perHour: 100, threshold: threshold, seed: 2024, historyDays: 30)
        let end = Fixtures.epochDay.addingTimeInterval(days * 86_400)
        immediate.advance(to: end)
        within20.advance(to: end)
        let measured = (Fixtures.epochDay.addingTimeInterval(86_400), end)
        let a = immediate.closedIntervals(from: measured.0, to: measured.1)
        let b = within20.closedIntervals(from: measured.0, to: measured.1)
        #expect(a.count == 20 * 96)
        #expect(a.total(\.offered) == b.total(\.offered))
        let answered = Double(a.total(\.answered))
        let probabilityOfWaiting = 1 - Double(a.total(\.answeredWithinThreshold)) / answered
        let serviceLevel = Double(b.total(\.answeredWithinThreshold)) / Double(b.total(\.answered))

        let load = lambda * aht
        let c = erlangC(servers: n, load: load)
        let expectedServiceLevel = 1 - c * exp(-(Double(n) / aht - lambda) * threshold)
        #expect(abs(probabilityOfWaiting - c) < 0.05, "P(wait) \(probabilityOfWaiting) vs Erlang C \(c)")
        #expect(abs(serviceLevel - expectedServiceLevel) < 0.05, "SL \(serviceLevel) vs \(expectedServiceLevel)")
        // Mean handle time of completed contacts.
        #expect(abs(a.sum(\.handleSeconds) / answered / aht - 1) < 0.03)
        // No abandonment with infinite patience.
        #expect(a.total(\.abandoned) == 0)
    }

    @Test func abandonmentAndConservation() {
        // 6 agents for ~10 Erlangs of work: a long queue, customers with 60 s mean patience.
        var acd = Fixtures.singleSkillACD(agents: 6, perHour: 120, skill: Fixtures.skill(patience: 60), seed: 3)
        let end = Fixtures.epochDay.addingTimeInterval(18 * 3600)
        var waitedAtSomePoint = false
        for quarter in 1...(18 * 4) {
            acd.advance(to: Fixtures.epochDay.addingTimeInterval(Double(quarter) * 900 - 7))
            let skill = acd.status(routingVersion: nil).skills[0]
            let today = skill.today
            #expect(today.answered + today.abandoned + skill.waiting == today.offered)
            if skill.waiting > 0 {
                waitedAtSomePoint = true
                #expect(skill.oldestWaitSeconds > 0)
            }
            #expect(skill.agentsBusy + skill.agentsAvailable == skill.agentsStaffed)
        }
        acd.advance(to: end)
        let status = acd.status(routingVersion: nil).skills[0]
        #expect(waitedAtSomePoint)
        #expect(status.today.abandoned > 100)
        let intervals = acd.closedIntervals(from: Fixtures.epochDay, to: end)
        #expect(intervals.count == 18 * 4)
        #expect(intervals.total(\.offered) == status.today.offered)
        #expect(intervals.total(\.answered) == status.today.answered)
        #expect(intervals.total(\.abandoned) == status.today.abandoned)
        #expect(intervals.total(\.answeredWithinThreshold) == status.today.answeredWithinThreshold)
    }

    @Test func outcomesFollowTheProfileRates() {
        var acd = Fixtures.singleSkillACD(
            agents: 20, perHour: 200, skill: Fixtures.skill(handle: .lognormal(meanSeconds: 300, cv: 0.7), fcr: 0.72, conversion: 0.18, revenue: 55),
            seed: 17)
        let end = Fixtures.epochDay.addingTimeInterval(5 * 86_400)
        acd.advance(to: end)
        let intervals = acd.closedIntervals(from: Fixtures.epochDay, to: end)
        let completed = intervals.sum(\.handleSeconds) / 300  // ≈ completions (mean handle time 300 s)
        let answered = Double(intervals.total(\.answered))  // ≈ completions too (at most 20 in hand)
        #expect(abs(completed / answered - 1) < 0.03)
        // ~24 000 contacts: SE of a rate p is √(p(1-p)/n) ≈ 0.003; tolerance 0.015.
        #expect(abs(Double(intervals.total { $0.resolvedFirstContact ?? 0 }) / answered - 0.72) < 0.015)
        let conversions = intervals.total { $0.conversions ?? 0 }
        #expect(abs(Double(conversions) / answered - 0.18) < 0.015)
        #expect(abs(intervals.sum(\.revenue) - Double(conversions) * 55) < 1e-6)
        #expect(intervals.allSatisfy { $0.resolvedFirstContact != nil && $0.staffedSeconds != nil && $0.adherentSeconds != nil })
    }

    @Test func noAgentStaffedOutsideShifts() throws {
        var acd = Fixtures.parisACD()
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = paris
        var sawStaffed = false
        for minute in stride(from: 1.0, through: 2 * 1440, by: 1) {
            let time = Fixtures.epochDay.addingTimeInterval(minute * 60)
            acd.advance(to: time)
            let local = calendar.component(.hour, from: time) * 60 + calendar.component(.minute, from: time)
            let status = acd.status(routingVersion: nil)
            let agents = try #require(status.agents)
            let inShift = (9 * 60..<18 * 60 + 30).contains(local)
            if !inShift {
                // Outside every shift an agent is away, or finishing the contact in hand.
                #expect(agents.allSatisfy { $0.state != .available }, "available at local \(local)")
                if local < 9 * 60 { #expect(status.skills.allSatisfy { $0.agentsStaffed == 0 }, "staffed at local \(local)") }
            } else if local >= 11 * 60 && local < 17 * 60 - 5 {
                // Everyone is in, late logins (up to 10 minutes) done and early logouts (up to 5) not yet begun.
                sawStaffed = true
                #expect(agents.filter { $0.state != .away }.count == 17, "at local \(local)")
            }
        }
        #expect(sawStaffed)
        let intervals = acd.closedIntervals(from: Fixtures.epochDay, to: Fixtures.epochDay.addingTimeInterval(2 * 86_400))
        for record in intervals {
            let local = calendar.component(.hour, from: record.start) * 60 + calendar.component(.minute, from: record.start)
            let scheduled = try #require(record.scheduledSeconds)
            let staffed = try #require(record.staffedSeconds)
            let adherent = try #require(record.adherentSeconds)
            #expect(adherent <= scheduled + 1e-6 && adherent <= staffed + 1e-6)
            if local < 9 * 60 || local >= 18 * 60 + 30 { #expect(scheduled == 0) }
            if local < 9 * 60 { #expect(staffed == 0) }
        }
        // Day shift 9–17 with 12 agents on two skills (half each) and 5 sales agents 10–18:30.
        let sales = intervals.filter { $0.skill == "sales" }
        let service = intervals.filter { $0.skill == "service" }
        #expect(abs(service.sum(\.scheduledSeconds) - 2 * 12 * 8 * 3600 / 2) < 1e-3)
        #expect(abs(sales.sum(\.scheduledSeconds) - 2 * (12 * 8 * 3600 / 2 + 5 * 8.5 * 3600)) < 1e-3)
        // Some agents log in late or leave early: adherent time falls short of the schedule.
        let adherent = intervals.sum(\.adherentSeconds)
        let scheduled = intervals.sum(\.scheduledSeconds)
        #expect(adherent < scheduled)
        #expect(adherent > 0.95 * scheduled)
    }

    @Test func setArrivalRateChangesVolume() {
        let hour = 3600.0
        var low = Fixtures.singleSkillACD(agents: 30, perHour: 60, seed: 21)
        var high = Fixtures.singleSkillACD(agents: 30, perHour: 600, seed: 21)
        low.advance(to: Fixtures.epochDay.addingTimeInterval(10 * hour))
        high.advance(to: Fixtures.epochDay.addingTimeInterval(10 * hour))
        let lowOffered = Double(low.status(routingVersion: nil).skills[0].today.offered)
        let highOffered = Double(high.status(routingVersion: nil).skills[0].today.offered)
        #expect(abs(lowOffered - 600) < 4 * 600.0.squareRoot())  // Poisson: SD = √mean
        #expect(abs(highOffered - 6000) < 4 * 6000.0.squareRoot())

        // nil goes back to the profile, whose peak is 0 here: no more arrivals.
        let known = high.setArrivalRate(skill: "sales", perHour: nil)
        #expect(known)
        #expect(high.arrivalRateOverride(skill: "sales") == nil)
        let before = high.status(routingVersion: nil).skills[0].today.offered
        high.advance(to: Fixtures.epochDay.addingTimeInterval(12 * hour))
        #expect(high.status(routingVersion: nil).skills[0].today.offered == before)
        let unknown = high.setArrivalRate(skill: "unknown", perHour: 10)
        #expect(!unknown)
    }

    @Test func profileDrivesArrivalsByLocalHour() {
        var acd = Fixtures.parisACD(seed: 31)
        acd.advance(to: Fixtures.epochDay.addingTimeInterval(3 * 86_400))
        let intervals = acd.closedIntervals(from: Fixtures.epochDay, to: Fixtures.epochDay.addingTimeInterval(3 * 86_400))
        // Paris is UTC+1 in January: local 10:00–11:00 (peak, multiplier 1) is 09:00–10:00 UTC,
        // local 03:00–04:00 (0.03) is 02:00–03:00 UTC.
        func offered(utcHour: Int) -> Int {
            intervals.filter { Int($0.start.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400)) / 3600 == utcHour }.total(\.offered)
        }
        let peak = Double(offered(utcHour: 9)) / 3
        let night = Double(offered(utcHour: 2)) / 3
        #expect(abs(peak - 270) < 4 * 270.0.squareRoot())
        #expect(night < 30)
    }

    @Test func todayRestartsAtLocalMidnight() {
        var acd = Fixtures.parisACD()
        // 23:00 UTC on Jan 1 is 00:00 in Paris on Jan 2.
        acd.advance(to: Fixtures.epochDay.addingTimeInterval(23 * 3600 - 1))
        let lateEvening = acd.status(routingVersion: nil).skills.map(\.today.offered)
        acd.advance(to: Fixtures.epochDay.addingTimeInterval(23 * 3600 + 1))
        let afterMidnight = acd.status(routingVersion: nil).skills.map(\.today.offered)
        #expect(lateEvening.allSatisfy { $0 > 100 })
        #expect(afterMidnight.allSatisfy { $0 < 5 })
    }

    @Test func intervalsAreAlignedAndHistoryIsBounded() {
        let start = Fixtures.epochDay.addingTimeInterval(7 * 60 + 13)  // not on a boundary
        var acd = Fixtures.singleSkillACD(agents: 2, perHour: 10, start: start)
        acd.advance(to: start.addingTimeInterval(9 * 86_400))
        let all = acd.closedIntervals(from: .distantPast, to: .distantFuture)
        #expect(all.allSatisfy { Int($0.start.timeIntervalSince1970) % 900 == 0 && $0.lengthSeconds == 900 })
        #expect(all.count == 7 * 96)
        #expect(all.first!.start >= acd.now.addingTimeInterval(-7 * 86_400 - 900))
        let window = acd.closedIntervals(from: all[10].start, to: all[14].start)
        #expect(window == Array(all[10..<14]))
        #expect(acd.closedIntervals(from: all[14].start, to: all[10].start).isEmpty)
    }

    @Test func offeredContactCountsHere() {
        var acd = Fixtures.singleSkillACD(agents: 1, perHour: 0)
        acd.advance(to: Fixtures.epochDay.addingTimeInterval(60))
        let offered = [acd.offerContact(skill: "sales"), acd.offerContact(skill: "sales")]
        #expect(offered == [true, true])
        let skill = acd.status(routingVersion: nil).skills[0]
        #expect(skill.today.offered == 2 && skill.today.answered == 1 && skill.waiting == 1 && skill.agentsBusy == 1)
        let unknown = acd.offerContact(skill: "tech")
        #expect(!unknown)
    }
}

/// Erlang C, the probability an arrival waits in M/M/n with offered load `a` (Erlangs): from Erlang B
/// by the recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)), then C = B / (1 − (a/n)(1 − B)).
func erlangC(servers n: Int, load a: Double) -> Double {
    var b = 1.0
    for k in 1...n { b = a * b / (Double(k) + a * b) }
    return b / (1 - a / Double(n) * (1 - b))
}

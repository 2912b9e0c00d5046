import Coordinator
import Foundation
import InterflowCore
import Testing

@Suite("job run state machine")
struct JobRunMachineTests {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_200)  // a quarter hour
    static func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    static func quarterHourly(grace: Double = 120, after: Date = t0, unfinished: [Date] = [], now: Date = t0) throws -> JobRunMachine {
        JobRunMachine(schedule: try CronSchedule("*/15 * * * *"), graceSeconds: grace, after: after, unfinished: unfinished, now: now)
    }

    @Test("each slot starts once when due; nothing starts before it")
    func due() throws {
        var machine = try Self.quarterHourly()
        #expect(machine.tick(now: Self.at(14.9)).isEmpty)
        #expect(machine.tick(now: Self.at(15)) == [.start(slot: Self.at(15))])
        #expect(machine.state == .running(slot: Self.at(15)))
        #expect(machine.tick(now: Self.at(15.1)).isEmpty)
        #expect(machine.finished(slot: Self.at(15), now: Self.at(16)).isEmpty)
        #expect(machine.tick(now: Self.at(16)).isEmpty)
        #expect(machine.nextDue() == Self.at(30))
    }

    @Test("runs of one job never overlap: a slot due during a run waits, and is missed if the run outlasts its grace")
    func overlap() throws {
        var machine = try Self.quarterHourly(grace: 120)
        #expect(machine.tick(now: Self.at(15)) == [.start(slot: Self.at(15))])
        #expect(machine.tick(now: Self.at(30)).isEmpty)  // still running
        // Finishing within the next slot's grace starts it.
        #expect(machine.finished(slot: Self.at(15), now: Self.at(31)) == [.start(slot: Self.at(30))])
        #expect(machine.tick(now: Self.at(45)).isEmpty)
        // Finishing after the grace: the waiting slot is missed, with the reason.
        let actions = machine.finished(slot: Self.at(30), now: Self.at(48))
        guard case .recordMissed(let slots, let reason)? = actions.first else {
            Issue.record("expected a missed slot, got \(actions)")
            return
        }
        #expect(slots == [Self.at(45)])
        #expect(reason.contains("previous run"))
        #expect(machine.state == .idle)
    }

    @Test("after a restart, slots missed while down run once if within grace, and are recorded missed otherwise")
    func restart() throws {
        // The store's latest slot is 10:15; the coordinator comes back at 11:01 with a 5-minute grace.
        let restartAt = Self.at(61)
        var machine = try Self.quarterHourly(grace: 300, after: Self.at(15), now: restartAt)
        let actions = machine.tick(now: restartAt)
        #expect(actions.count == 2)
        guard case .recordMissed(let slots, let reason) = actions[0] else {
            Issue.record("expected missed slots first, got \(actions)")
            return
        }
        #expect(slots == [Self.at(30), Self.at(45)])
        #expect(reason.contains("not running"))
        #expect(actions[1] == .start(slot: Self.at(60)))
    }

    @Test("a run interrupted by a crash runs again first, within grace; the cursor does not repeat it")
    func interrupted() throws {
        var machine = try Self.quarterHourly(grace: 300, after: Self.at(0), unfinished: [Self.at(15)], now: Self.at(17))
        #expect(machine.tick(now: Self.at(17)) == [.start(slot: Self.at(15))])
        #expect(machine.finished(slot: Self.at(15), now: Self.at(18)).isEmpty)
        #expect(machine.tick(now: Self.at(29)).isEmpty)
        // Past its grace it is recorded as missed instead.
        var late = try Self.quarterHourly(grace: 60, after: Self.at(0), unfinished: [Self.at(15)], now: Self.at(20))
        #expect(late.tick(now: Self.at(20)) == [.recordMissed(slots: [Self.at(15)], reason: late.reasonForTest)])
    }

    @Test("spring forward: the skipped local slot runs once, at the change")
    func springForward() throws {
        let schedule = try CronSchedule("30 2 * * *", timeZone: TimeZone(identifier: "America/New_York")!)
        let before = try Date("2026-03-07T12:00:00Z", strategy: .iso8601)
        var machine = JobRunMachine(schedule: schedule, graceSeconds: 60, after: before, now: before)
        let change = try Date("2026-03-08T07:00:00Z", strategy: .iso8601)
        #expect(machine.tick(now: change) == [.start(slot: change)])
        #expect(machine.finished(slot: change, now: change.addingTimeInterval(5)).isEmpty)
        #expect(machine.tick(now: change.addingTimeInterval(3600)).isEmpty)
    }

    @Test("fall back: the repeated local slot runs once")
    func fallBack() throws {
        let schedule = try CronSchedule("30 1 * * *", timeZone: TimeZone(identifier: "America/New_York")!)
        let before = try Date("2026-10-31T12:00:00Z", strategy: .iso8601)
        var machine = JobRunMachine(schedule: schedule, graceSeconds: 60, after: before, now: before)
        let first = try Date("2026-11-01T05:30:00Z", strategy: .iso8601)
        #expect(machine.tick(now: first) == [.start(slot: first)])
        #expect(machine.finished(slot: first, now: first.addingTimeInterval(5)).isEmpty)
        // 01:30 again, an hour later: no second run.
        #expect(machine.tick(now: first.addingTimeInterval(3600)).isEmpty)
        #expect(machine.tick(now: first.addingTimeInterval(3 * 3600)).isEmpty)
    }
}

extension JobRunMachine {
    /// The reason the machine gives for slots missed while the coordinator was down.
    var reasonForTest: String { "the coordinator was not running, and it was past its grace of 1m on restart" }
}

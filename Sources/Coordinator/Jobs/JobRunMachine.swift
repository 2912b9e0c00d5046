import Foundation
import InterflowCore

/// When one job's slots run, as a state machine: no I/O, no clock (every event takes `now`).
///
/// Slots come due in order and wait in a queue. When the job is idle the oldest queued slot
/// starts if it is still within the job's grace (`now <= slot + grace`), and is recorded as
/// missed otherwise; while a run is going no other starts (no overlapping runs of one job), so
/// slots that come due meanwhile wait and are checked against their grace when it finishes.
/// After a restart the machine resumes after the latest slot the store knows: slots that came
/// due while the coordinator was down are queued like any other (run once if still within
/// grace, else missed), and runs left unfinished by a crash are queued first.
public struct JobRunMachine: Sendable {
    public enum State: Sendable, Hashable {
        case idle
        case running(slot: Date)
    }

    public enum Action: Sendable, Hashable {
        /// Start the run of `slot` (claim it in the store first).
        case start(slot: Date)
        /// Record these slots as missed, with the reason.
        case recordMissed(slots: [Date], reason: String)
    }

    public let schedule: CronSchedule
    public let graceSeconds: Double
    public private(set) var state: State = .idle
    /// The latest slot that has come due (queued, run or missed).
    public private(set) var cursor: Date
    /// Due slots not started yet, oldest first.
    public private(set) var queue: [Date]
    /// When the machine was made: slots before it came due while the coordinator was down.
    let resumedAt: Date

    /// - Parameters:
    ///   - schedule: the job's schedule.
    ///   - graceSeconds: how late a slot may still start.
    ///   - after: the latest slot already handled (from the store), or `now` for a job never run.
    ///   - unfinished: slots whose run started but never finished (a crash), to run again.
    ///   - now: the time the coordinator (re)started.
    public init(schedule: CronSchedule, graceSeconds: Double, after: Date, unfinished: [Date] = [], now: Date) {
        self.schedule = schedule
        self.graceSeconds = graceSeconds
        self.cursor = max(after, unfinished.max() ?? after)
        self.queue = unfinished.sorted()
        self.resumedAt = now
    }

    /// The clock reached `now`: queue the slots that came due and start what may start.
    public mutating func tick(now: Date) -> [Action] {
        let due = schedule.slots(after: cursor, through: now)
        if let last = due.last {
            cursor = last
            queue.append(contentsOf: due)
        }
        return drain(now: now)
    }

    /// The run of `slot` finished (whatever its outcome): start the next slot that may start.
    public mutating func finished(slot: Date, now: Date) -> [Action] {
        guard state == .running(slot: slot) else { return [] }
        state = .idle
        return drain(now: now)
    }

    /// The run of `slot` could not start after all (the store says it already ran).
    public mutating func skipped(slot: Date, now: Date) -> [Action] {
        finished(slot: slot, now: now)
    }

    /// The next instant something can come due, for the scheduler's sleep.
    public func nextDue() -> Date? { schedule.nextSlot(after: cursor) }

    private mutating func drain(now: Date) -> [Action] {
        guard state == .idle else { return [] }
        var downMissed: [Date] = []
        var overlapMissed: [Date] = []
        var actions: [Action] = []
        while let slot = queue.first {
            queue.removeFirst()
            if now.timeIntervalSince(slot) <= graceSeconds {
                state = .running(slot: slot)
                actions.append(.start(slot: slot))
                break
            }
            if slot < resumedAt { downMissed.append(slot) } else { overlapMissed.append(slot) }
        }
        let grace = ConfigDuration.format(graceSeconds)
        var result: [Action] = []
        if !downMissed.isEmpty {
            result.append(
                .recordMissed(slots: downMissed, reason: "the coordinator was not running, and it was past its grace of \(grace) on restart"))
        }
        if !overlapMissed.isEmpty {
            result.append(.recordMissed(slots: overlapMissed, reason: "the previous run of the job was still going until past its grace of \(grace)"))
        }
        return result + actions
    }
}

enum ConfigDuration {
    static func format(_ seconds: Double) -> String {
        if seconds >= 3600 && seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600))h" }
        if seconds >= 60 && seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60))m" }
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}

import Foundation
import InterflowCore
import Logging
import Store

/// Runs one slot of one job and records it: claims the slot in the store, runs the action, and
/// stores the finish together with the decisions the action made.
public struct JobRunner: Sendable {
    public let store: any FederationStore
    public let registry: JobRegistry
    public let logger: Logger

    public init(store: any FederationStore, registry: JobRegistry, logger: Logger) {
        self.store = store
        self.registry = registry
        self.logger = logger
    }

    /// Runs `slot` of `job` unless the store says it already ran; returns the recorded run, or
    /// nil when the slot was already done. A dry run records nothing.
    /// - Throws: ``StoreError`` when the store cannot be used; a failing action is recorded as a failed run, not thrown.
    @discardableResult
    public func run(_ job: JobConfig, slot instant: Date, trigger: JobRunRecord.Trigger, dryRun: Bool = false, now: @Sendable () -> Date = Date.init)
        async throws -> JobRunRecord?
    {
        let metadata: Logger.Metadata = ["job.name": "\(job.name)", "job.slot": "\(instant.formatted(.iso8601))"]
        guard let action = registry.action(for: job) else {
            throw JobError(message: "no action is registered for job kind \(job.kind.rawValue) (job \(job.name))")
        }
        if dryRun {
            let outcome = try await action.run(slot: JobSlot(job: job, instant: instant, trigger: trigger), dryRun: true)
            return JobRunRecord(job: job.name, slot: instant, state: .succeeded, trigger: trigger, attempt: 0, outcome: outcome.summary)
        }
        let attempt: Int
        switch try await store.beginRun(job: job.name, slot: instant, trigger: trigger, at: now()) {
        case .started: attempt = 1
        case .restarted(let n):
            attempt = n
            logger.notice("job slot interrupted by a stop runs again", metadata: metadata.merging(["job.attempt": "\(n)"]) { $1 })
        case .alreadyDone(let state):
            logger.info("job slot already done", metadata: metadata.merging(["job.state": "\(state.rawValue)"]) { $1 })
            return nil
        }
        let started = now()
        var record = JobRunRecord(job: job.name, slot: instant, state: .running, trigger: trigger, attempt: attempt, startedAt: started)
        var decisions: [DecisionRecord] = []
        do {
            let outcome = try await action.run(slot: JobSlot(job: job, instant: instant, trigger: trigger, attempt: attempt), dryRun: false)
            record.state = .succeeded
            record.outcome = outcome.summary
            record.changed = outcome.changed.isEmpty ? nil : outcome.changed.joined(separator: "\n")
            decisions = outcome.decisions
        } catch is CancellationError {
            // Left `running`: after a restart it runs again if still within grace.
            logger.notice("job run cancelled by shutdown", metadata: metadata)
            throw CancellationError()
        } catch {
            record.state = .failed
            record.error = "\(error)"
            logger.error("job run failed", metadata: metadata.merging(["job.error": "\(error)"]) { $1 })
        }
        record.finishedAt = now()
        try await store.finishRun(record, decisions: decisions)
        logger.info(
            "job run finished",
            metadata: metadata.merging([
                "job.state": "\(record.state.rawValue)", "job.duration_ms": "\(Int(record.finishedAt!.timeIntervalSince(started) * 1000))",
            ]) { $1 })
        return record
    }
}

/// A job that cannot run, saying why.
public struct JobError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}

import Foundation
import InterflowCore
import Logging
import ServiceLifecycle
import Store

/// Runs the configured jobs at their slots until graceful shutdown (see ``JobRunMachine`` for the
/// rules). On start it resumes each job after the latest slot in the store, so a restart neither
/// loses nor repeats a slot. On graceful shutdown it starts nothing new and lets running jobs finish.
public struct JobScheduler: Service {
    let jobs: [JobConfig]
    let runner: JobRunner
    let logger: Logger
    let tick: Duration

    /// - Parameters:
    ///   - jobs: the jobs to run; disabled ones are left out.
    ///   - tick: how often the clock is checked (slots are never earlier than due, at most this late).
    public init(jobs: [JobConfig], runner: JobRunner, logger: Logger, tick: Duration = .milliseconds(200)) {
        self.jobs = jobs.filter(\.enabled)
        self.runner = runner
        self.logger = logger
        self.tick = tick
    }

    enum Event: Sendable {
        case tick
        case finished(job: String, slot: Date)
        case shutdown
    }

    /// Machines for every job, resumed from the store.
    func machines(now: Date) async throws -> [String: JobRunMachine] {
        let unfinished = try await runner.store.unfinishedRuns()
        var machines: [String: JobRunMachine] = [:]
        for job in jobs {
            let latest = try await runner.store.latestSlot(job: job.name)
            let interrupted = unfinished.filter { $0.job == job.name && $0.trigger == .schedule }.map(\.slot)
            machines[job.name] = JobRunMachine(
                schedule: job.schedule, graceSeconds: job.graceSeconds, after: latest ?? now, unfinished: interrupted, now: now)
        }
        return machines
    }

    public func run() async throws {
        guard !jobs.isEmpty else {
            logger.info("no scheduled jobs")
            try? await gracefulShutdown()
            return
        }
        var machines = try await machines(now: Date())
        logger.info("scheduler started", metadata: ["jobs.count": "\(jobs.count)"])
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        let byName = Dictionary(uniqueKeysWithValues: jobs.map { ($0.name, $0) })
        let runner = runner
        let logger = logger
        let tick = tick
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        continuation.yield(.tick)
                        try? await Task.sleep(for: tick)
                    }
                }
                var running = 0
                var stopping = false
                func perform(_ actions: [JobRunMachine.Action], job: JobConfig) async {
                    for action in actions {
                        switch action {
                        case .start(let slot):
                            running += 1
                            group.addTask {
                                do {
                                    try await runner.run(job, slot: slot, trigger: .schedule)
                                } catch {
                                    logger.error("job run not recorded", metadata: ["job.name": "\(job.name)", "job.error": "\(error)"])
                                }
                                continuation.yield(.finished(job: job.name, slot: slot))
                            }
                        case .recordMissed(let slots, let reason):
                            logger.warning(
                                "job slots missed", metadata: ["job.name": "\(job.name)", "job.slots": "\(slots.count)", "job.reason": "\(reason)"])
                            do {
                                try await runner.store.recordMissed(job: job.name, slots: slots, reason: reason, at: Date())
                            } catch {
                                logger.error("missed job slots not recorded", metadata: ["job.name": "\(job.name)", "job.error": "\(error)"])
                            }
                        }
                    }
                }
                for await event in events {
                    switch event {
                    case .tick:
                        guard !stopping else { continue }
                        let now = Date()
                        for job in jobs {
                            guard var machine = machines[job.name] else { continue }
                            let actions = machine.tick(now: now)
                            machines[job.name] = machine
                            await perform(actions, job: job)
                        }
                    case .finished(let name, let slot):
                        running -= 1
                        guard let job = byName[name], var machine = machines[name] else { continue }
                        let actions = machine.finished(slot: slot, now: Date())
                        machines[name] = machine
                        if !stopping { await perform(actions, job: job) }
                    case .shutdown:
                        stopping = true
                        logger.info("scheduler stopping", metadata: ["jobs.running": "\(running)"])
                    }
                    if stopping && running == 0 { break }
                }
                continuation.finish()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            continuation.yield(.shutdown)
        }
        logger.info("scheduler stopped")
    }
}

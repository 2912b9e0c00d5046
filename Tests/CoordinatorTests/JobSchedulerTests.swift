import Coordinator
import Foundation
import InterflowCore
import Logging
import ServiceLifecycle
import Store
import Testing

/// Counts its runs and records one decision per slot.
struct CountingAction: JobAction {
    func run(slot: JobSlot, dryRun: Bool) async throws -> JobOutcome {
        JobOutcome(
            summary: "counted", changed: ["1 decision"],
            decisions: [DecisionRecord(at: slot.instant, kind: "test", job: slot.job.name, slot: slot.instant, summary: "slot")])
    }
}

@Suite("job scheduler over a real store", .serialized)
struct JobSchedulerTests {
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-jobs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs a scheduler until `store` holds at least `runs` runs of `job` (at most 30 s: a loaded
    /// machine may start the first slot late), then shuts it down gracefully.
    static func runScheduler(store: SQLiteStore, job: JobConfig, untilRuns runs: Int) async throws {
        var registry = JobRegistry()
        registry.register(.reports) { _ in CountingAction() }
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let scheduler = JobScheduler(
            jobs: [job], runner: JobRunner(store: store, registry: registry, logger: logger), logger: logger, tick: .milliseconds(50))
        let group = ServiceGroup(configuration: .init(services: [scheduler], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline, try await store.jobRuns(job: job.name, limit: 1000).count < runs {
                try await Task.sleep(for: .milliseconds(100))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("every slot is recorded once across a restart: run, or missed while down; decisions match runs")
    func restart() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let job = JobConfig(name: "every-second", kind: .reports, schedule: try CronSchedule("@every 1s"), graceSeconds: 0.5)
        let store = try SQLiteStore(directory: directory)
        try await Self.runScheduler(store: store, job: job, untilRuns: 2)
        let first = try await store.jobRuns(job: job.name, limit: 100)
        // A slot not started within its 0.5 s grace on a loaded machine is recorded missed; what
        // matters is below: none lost, none twice.
        #expect(first.count >= 2)
        #expect(
            first.allSatisfy { ($0.state == .succeeded || $0.state == .missed) && $0.attempt == 1 },
            "\(first.map { "\($0.state.rawValue) attempt \($0.attempt): \($0.outcome ?? "")" })")
        #expect(first.contains { $0.state == .succeeded })

        try await Task.sleep(for: .seconds(2))  // "down": these slots pass their grace
        let reopened = try SQLiteStore(directory: directory)
        try await Self.runScheduler(store: reopened, job: job, untilRuns: first.count + 5)

        let runs = try await reopened.jobRuns(job: job.name, limit: 100).sorted { $0.slot < $1.slot }
        let slots = runs.map(\.slot.timeIntervalSince1970)
        // Consecutive whole seconds from the first to the last: no slot lost, none twice.
        #expect(slots == Array(stride(from: slots.first!, through: slots.last!, by: 1)))
        let missed = runs.filter { $0.state == .missed }
        #expect(missed.count >= 1)
        // Missed while down, or (on a loaded machine) because the run before was still going.
        #expect(
            missed.allSatisfy { $0.outcome?.contains("not running") == true || $0.outcome?.contains("still going") == true },
            "\(missed.map { $0.outcome ?? "" })")
        #expect(runs.allSatisfy { $0.state == .succeeded || $0.state == .missed })
        let decisions = try await reopened.decisions(since: .distantPast, limit: 1000)
        #expect(decisions.compactMap(\.slot).sorted() == runs.filter { $0.state == .succeeded }.map(\.slot))
    }

    @Test("a manual run is recorded as such; a dry run records nothing")
    func manual() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        var registry = JobRegistry()
        registry.register(.reports) { _ in CountingAction() }
        let runner = JobRunner(store: store, registry: registry, logger: Logger(label: "test"))
        let job = JobConfig(name: "report", kind: .reports, schedule: try CronSchedule("@daily"))
        let slot = Date(timeIntervalSince1970: 1_780_000_000)
        let dry = try await runner.run(job, slot: slot, trigger: .manual, dryRun: true)
        #expect(dry?.outcome == "counted")
        #expect(try await store.jobRuns(job: nil, limit: 10).isEmpty)
        let real = try await runner.run(job, slot: slot, trigger: .manual)
        #expect(real?.state == .succeeded && real?.trigger == .manual)
        #expect(try await runner.run(job, slot: slot, trigger: .manual) == nil)  // the same slot never runs twice
        #expect(try await store.decisions(since: .distantPast, limit: 10).count == 1)
    }

    @Test("the standard registry: retention deletes, reports write a file with missing intervals, planner kinds say they are not wired")
    func standardActions() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        let federation = Federation(config: Fixtures.federationConfig, sites: [Fixtures.site(id: "austin", mode: .inHouse)], directory: directory)
        let site = federation.sites[0]
        let day = Date(timeIntervalSince1970: 1_780_012_800)  // 2026-05-29T00:00Z
        let record = IntervalRecord(
            skill: site.skills[0], start: day.addingTimeInterval(3600), lengthSeconds: 900, offered: 5, answered: 5, answeredWithinThreshold: 4,
            abandoned: 0, handled: 5, handleSeconds: 1500)
        try await store.upsertIntervals(siteId: site.id, [record], receivedAt: day)
        try await store.recordMissing([
            MissingInterval(
                siteId: site.id, skill: site.skills[0], start: day.addingTimeInterval(4500), lengthSeconds: 900, cause: "agent lost it",
                detectedAt: day)
        ])
        let registry = JobRegistry.standard(JobContext(store: store, federation: federation, state: nil, dataDirectory: directory))
        let runner = JobRunner(store: store, registry: registry, logger: Logger(label: "test"))
        let report = JobConfig(name: "report", kind: .reports, schedule: try CronSchedule("30 5 * * *"))
        let run = try await runner.run(report, slot: day.addingTimeInterval(86_400 + 5 * 3600), trigger: .schedule)
        #expect(run?.state == .succeeded)
        let csv = try String(contentsOfFile: directory + "/reports/intervals-2026-05-29.csv", encoding: .utf8)
        #expect(csv.contains(",closed,5,5,4,"))
        #expect(csv.contains(",missing,") && csv.contains("agent lost it"))

        let realloc = JobConfig(name: "realloc", kind: .reallocation, schedule: try CronSchedule("*/15 * * * *"))
        _ = try await runner.run(realloc, slot: day, trigger: .schedule)
        #expect(
            try await store.decisions(since: .distantPast, limit: 10).map(\.summary) == [
                "no reallocation plan: the live federation state is only in a running coordinator (interflow serve)"
            ])

        let retention = JobConfig(name: "retention", kind: .retention, schedule: try CronSchedule("@daily"))
        let cleaned = try await runner.run(retention, slot: day.addingTimeInterval(500 * 86_400), trigger: .schedule)
        #expect(cleaned?.changed?.contains("deleted 1 intervals") == true)
    }
}

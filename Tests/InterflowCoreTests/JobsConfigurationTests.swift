import Foundation
import InterflowCore
import Testing

@Suite("jobs and retention configuration")
struct JobsConfigurationTests {
    static func federation(jobs: String, coordinator: String = "coordinator: {port: 8080, rebalance_every: 5s}") -> TemporaryFederation {
        var federation = TemporaryFederation()
        federation.replace("coordinator: {port: 8080, rebalance_every: 5s}", with: coordinator + "\n" + jobs, in: "federation.yaml")
        return federation
    }

    @Test("jobs and retention are read with their defaults")
    func valid() throws {
        let loaded = try Self.federation(
            jobs: """
                jobs:
                  - {name: realloc, kind: reallocation, schedule: "*/15 * * * *"}
                  - {name: report, kind: reports, schedule: "30 5 * * *", time_zone: America/Chicago, grace: 2h, enabled: false}
                  - {name: fast, kind: rebalance, schedule: "@every 5s", grace: 10s}
                """,
            coordinator: """
                coordinator:
                  data_dir: /var/lib/interflow
                  snapshot_every: 30s
                  backfill: 1d
                  retention: {intervals: 400d, snapshots: 36h, share_history: 800d}
                """
        ).load()
        let jobs = loaded.config.jobs
        #expect(jobs.map(\.name) == ["realloc", "report", "fast"])
        #expect(jobs[0].kind == .reallocation && jobs[0].timeZone == "UTC" && jobs[0].graceSeconds == 300 && jobs[0].enabled)
        #expect(jobs[1].timeZone == "America/Chicago" && jobs[1].graceSeconds == 7200 && !jobs[1].enabled)
        #expect(jobs[1].schedule.timeZone.identifier == "America/Chicago")
        #expect(jobs[2].schedule.periodSeconds == 5)
        let settings = loaded.config.coordinator
        #expect(settings.dataDirectory == "/var/lib/interflow")
        #expect(settings.snapshotSeconds == 30 && settings.backfillSeconds == 86_400)
        #expect(settings.retention.intervals == 400 * 86_400 && settings.retention.snapshots == 36 * 3600)
        #expect(settings.retention.decisions == RetentionSettings().decisions)
        #expect(settings.retention.shareHistory == 800 * 86_400)
        #expect(RetentionSettings().shareHistory == RetentionSettings().decisions, "kept by default as long as decisions: 400 days")
    }

    @Test("no jobs section: no jobs, default retention")
    func defaults() throws {
        let loaded = try TemporaryFederation().load()
        #expect(loaded.config.jobs.isEmpty)
        #expect(loaded.config.coordinator.retention == RetentionSettings())
        #expect(loaded.config.coordinator.snapshotSeconds == 60)
    }

    @Test("every problem in the jobs section is reported with its key path, what was found and what is accepted")
    func errors() throws {
        let issues = try Self.federation(
            jobs: """
                jobs:
                  - {name: realloc, kind: reallocation, schedule: "*/15 * * *"}
                  - {name: realloc, kind: replan, schedule: "0 6 * * *", time_zone: Mars/Olympus}
                  - {name: x, kind: reports, schedule: "61 * * * *", grace: forever, enabled: maybe, when: daily}
                  - {kind: retention}
                """,
            coordinator: "coordinator: {retention: {snapshots: 10m, forever: 1d, share_history: 5m}, backfill: 30d}"
        ).issues()
        func issue(_ path: String) -> ConfigurationIssue? { issues.first { $0.keyPath == path } }
        #expect(issue("jobs[0].schedule")?.found.contains("has 4 fields") == true)
        #expect(issue("jobs[0].schedule")?.accepted.contains("cron expression") == true)
        #expect(issue("jobs[1].name")?.accepted == "a name no other job uses")
        #expect(issue("jobs[1].kind")?.accepted.contains("change-orders") == true)
        #expect(issue("jobs[1].time_zone")?.found == "\"Mars/Olympus\"")
        #expect(issue("jobs[2].schedule")?.found.contains("minute field \"61\"") == true)
        #expect(issue("jobs[2].grace") != nil)
        #expect(issue("jobs[2].enabled")?.accepted == "true or false")
        #expect(issue("jobs[2].when")?.found.contains("unknown key") == true)
        #expect(issue("jobs[3].name")?.found == "nothing")
        #expect(issue("jobs[3].schedule")?.found == "nothing")
        #expect(issue("coordinator.retention.snapshots")?.accepted.contains("1h") == true)
        #expect(issue("coordinator.retention.forever")?.found.contains("unknown key") == true)
        #expect(issue("coordinator.retention.forever")?.accepted.contains("share_history") == true)
        #expect(issue("coordinator.retention.share_history")?.accepted.contains("1h") == true)
        #expect(issue("coordinator.backfill") != nil)
        #expect(issues.allSatisfy { $0.file == "federation.yaml" && $0.line != nil })
    }

    @Test("the example federation's jobs are valid")
    func example() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("sites").path
        let federation = try FederationLoader.load(directory: directory)
        #expect(Set(federation.config.jobs.map(\.kind)) == Set(JobConfig.Kind.allCases))
    }
}

import Coordinator
import Foundation
import InterflowCore
import Polling
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A real `interflow serve` killed with SIGKILL mid-run and restarted on the same SQLite file,
/// beside a real agent whose simulated clock closes an interval every 3 seconds.
@Suite("crash and restart end to end", .serialized)
struct CrashRestartEndToEndTests {
    static func federationYAML() -> String {
        FederationEndToEndTests.federationYAML() + """

              snapshot_every: 1s
            jobs:
              - {name: every-second, kind: reallocation, schedule: "@every 1s", grace: 1500ms}
              - {name: nightly, kind: retention, schedule: "0 3 * * *", time_zone: Europe/Paris}

            """
    }

    @Test("kill -9 of the coordinator loses and repeats no closed interval, decision or job slot")
    func killAndRestart() async throws {
        let harness = try Harness()
        let agentPort = Harness.freePort()
        let coordinatorPort = Harness.freePort()
        try harness.write("federation.yaml", Self.federationYAML())
        try harness.write("austin.yaml", FederationEndToEndTests.siteYAML(id: "austin", port: agentPort, mode: "in-house"))
        harness.environment["E2E_TOKEN_AUSTIN"] = "token-austin-\(UUID().uuidString)"
        let dataDirectory = harness.directory.appendingPathComponent("data").path
        // 300 simulated seconds per second: a 15-minute interval closes every 3 s.
        try harness.start("agent", ["agent", "--site", "austin.yaml", "--speed", "300", "--log-level", "warning"])
        let serve = ["serve", "--config", ".", "--port", "\(coordinatorPort)", "--data-dir", dataDirectory, "--log-level", "warning"]
        try harness.start("coordinator", serve)

        func counts() async throws -> (runs: Int, intervals: Int)? {
            let store = try SQLiteStore(directory: dataDirectory, busyTimeout: 2)
            let runs = try await store.jobRuns(job: "every-second", limit: 1000).filter { $0.state == .succeeded }.count
            let intervals = try await store.intervals(siteId: "austin", skill: nil, from: .distantPast, to: .distantFuture).count
            return (runs, intervals)
        }
        let before = try await Harness.eventually(timeout: 40) { () -> (runs: Int, intervals: Int)? in
            guard let c = try await counts(), c.runs >= 3, c.intervals >= 4 else { return nil }
            return c
        }
        guard let before else {
            Issue.record("no runs or intervals stored in time; coordinator log:\n\(harness.log("coordinator"))")
            return
        }

        await harness.stop("coordinator", signal: SIGKILL)
        try await Task.sleep(for: .seconds(4))  // down: slots pass their grace, intervals close unseen
        try harness.start("coordinator", serve)
        let after = try await Harness.eventually(timeout: 40) { () -> (runs: Int, intervals: Int)? in
            guard let c = try await counts(), c.runs >= before.runs + 3, c.intervals >= before.intervals + 4 else { return nil }
            return c
        }
        #expect(after != nil, "the restarted coordinator went on running jobs and storing intervals")
        #expect(await harness.stop("coordinator") == 0, "coordinator exit status after SIGTERM")
        #expect(await harness.stop("agent") == 0)

        let store = try SQLiteStore(directory: dataDirectory)
        // Job slots: every second from the first to the last has exactly one run, finished or missed.
        let runs = try await store.jobRuns(job: "every-second", limit: 10_000).sorted { $0.slot < $1.slot }
        let slots = runs.map { Int($0.slot.timeIntervalSince1970) }
        #expect(slots == Array((slots.first ?? 0)...(slots.last ?? 0)), "no slot lost or repeated: \(slots)")
        #expect(runs.allSatisfy { $0.state == .succeeded || $0.state == .missed }, "\(runs.map(\.state))")
        #expect(runs.contains { $0.state == .missed && $0.outcome?.contains("not running") == true }, "slots missed while down are recorded")
        // Decisions: exactly one per succeeded run.
        let decisions = try await store.decisions(since: .distantPast, limit: 10_000)
        let decided = decisions.compactMap(\.slot).sorted()
        #expect(decided == runs.filter { $0.state == .succeeded }.map(\.slot), "one decision per run, none twice")
        // Closed intervals: contiguous per skill, each stored once, nothing missing.
        let intervals = try await store.intervals(siteId: "austin", skill: nil, from: .distantPast, to: .distantFuture)
        for skill in ["sales", "service"] {
            let starts = intervals.filter { $0.record.skill == skill }.map { Int($0.record.start.timeIntervalSince1970) }
            #expect(starts.count >= 4)
            #expect(starts == Array(stride(from: starts.first ?? 0, through: starts.last ?? 0, by: 900)), "\(skill): \(starts)")
        }
        #expect(intervals.allSatisfy { $0.revision == 1 }, "no interval rewritten")
        #expect(try await store.missingIntervals(siteId: nil, from: .distantPast, to: .distantFuture).isEmpty)
        #expect(try await store.snapshotRowCount() > 0)
        #expect(try await store.unfinishedRuns().isEmpty)

        // The CLI reads the same history.
        let history = try harness.start("history", ["jobs", "history", "every-second", "--config", ".", "--data-dir", dataDirectory, "--limit", "3"])
        #expect(await Harness.exited(history, within: 20))
        #expect(history.terminationStatus == 0)
        #expect(harness.log("history").contains("every-second"))
    }

    @Test("serve on a corrupted database exits 1 naming the file and what to do")
    func corruptedStore() async throws {
        let harness = try Harness()
        try harness.write("federation.yaml", FederationEndToEndTests.federationYAML())
        try harness.write("austin.yaml", FederationEndToEndTests.siteYAML(id: "austin", port: Harness.freePort(), mode: "in-house"))
        harness.environment["E2E_TOKEN_AUSTIN"] = "token"
        let data = harness.directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data(repeating: 0x5A, count: 4096).write(to: data.appendingPathComponent(SQLiteStore.fileName))
        let process = try harness.start("coordinator", ["serve", "--config", ".", "--port", "\(Harness.freePort())"])
        #expect(await Harness.exited(process, within: 20))
        #expect(process.terminationStatus == 1)
        let log = harness.log("coordinator")
        #expect(log.contains("data/\(SQLiteStore.fileName)") && log.contains("move the file aside"), "\(log)")
    }
}

import Coordinator
import Foundation
import InterflowCore
import Logging
import Polling
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// `interflow-bench store`: sustained write load on the SQLite store through the coordinator's
/// own persistence path (``PersistenceSink``): N sites' status every 2 s with snapshot sampling,
/// and interval upserts.
///
/// Usage: interflow-bench store [--sites 1000] [--seconds 120] [--snapshot-every 60] [--directory DIR]
///
/// Each site's status arrives every 2 s (staggered over the 2 s as the poller spreads them); the
/// sink samples it every `--snapshot-every` seconds (3 skills per site). Each site's interval poll
/// comes every 60 s and returns, per skill, the interval before (unchanged: an idempotent repeat)
/// and a new one; 1 % of repeats carry a correction. That is one new interval per site and skill
/// per minute: 15 times the rate of 15-minute intervals, a worst case.
///
/// CPU is the process's user + system time (getrusage) minus that of the same load generator
/// driving a store that does nothing, run first for the same time: the store's own share.
/// Prints one JSON object.
enum StoreBench {
    static func run(_ arguments: [String]) async throws {
        var options = [String: String]()
        var rest = arguments[...]
        while let key = rest.first, key.hasPrefix("--"), rest.count >= 2 {
            options[String(key.dropFirst(2))] = rest.dropFirst().first
            rest = rest.dropFirst(2)
        }
        let sites = Int(options["sites"] ?? "1000") ?? 1000
        let seconds = Double(options["seconds"] ?? "120") ?? 120
        let snapshotEvery = Double(options["snapshot-every"] ?? "60") ?? 60
        let directory =
            options["directory"] ?? FileManager.default.temporaryDirectory.appendingPathComponent("interflow-store-bench-\(UUID().uuidString)").path
        var logger = Logger(label: "bench")
        logger.logLevel = .critical

        // 1. The generator alone (a store that does nothing), for the baseline CPU.
        let baseline = try await drive(store: NullStore(), sites: sites, seconds: seconds, snapshotEvery: snapshotEvery, logger: logger)
        // 2. The real store.
        let sqlite = try SQLiteStore(directory: directory)
        let sizeBefore = databaseBytes(directory)
        let timing = TimingStore(sqlite)
        let measured = try await drive(store: timing, sites: sites, seconds: seconds, snapshotEvery: snapshotEvery, logger: logger)
        let sizeAfter = databaseBytes(directory)
        let latencies = await timing.latencies.sorted()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.up)) - 1)] * 1000
        }
        let storeCPU = max(0, measured.cpu - baseline.cpu)
        let growth = Double(sizeAfter - sizeBefore)
        let snapshotRows = try await sqlite.snapshotRowCount()
        let tables = (try? sqlite.tableBytes()) ?? [:]
        let rows = try sqlite.rowCounts()
        // Bytes per row on disk (table and its index), and the growth per day at real rates: every
        // site's 3 skills sampled every `snapshotEvery`, and 96 new 15-minute intervals per skill a day.
        func perRow(_ table: String, index: String) -> Double {
            let count = rows[table] ?? 0
            return count == 0 ? 0 : Double((tables[table] ?? 0) + (tables[index] ?? 0)) / Double(count)
        }
        let snapshotRowBytes = perRow("snapshot", index: "snapshot_by_time")
        let intervalRowBytes = perRow("interval", index: "interval_by_start")
        let snapshotRowsPerDay = Double(sites * 3) * 86_400 / max(snapshotEvery, 2)  // at most one sample per 2 s poll
        let intervalRowsPerDay = Double(sites * 3 * 96)
        let estimatedGrowth = snapshotRowsPerDay * snapshotRowBytes + intervalRowsPerDay * intervalRowBytes
        let result: [String: Any] = [
            "sites": sites, "seconds": measured.wall, "snapshot_every_s": snapshotEvery,
            "status_events": measured.statusEvents, "interval_records": measured.intervalRecords, "snapshot_rows": snapshotRows,
            "writes": latencies.count,
            "cpu_total_s": measured.cpu, "cpu_generator_s": baseline.cpu, "cpu_store_s": storeCPU,
            "store_core_percent": storeCPU / measured.wall * 100,
            "write_latency_ms": ["p50": percentile(0.5), "p99": percentile(0.99), "max": (latencies.last ?? 0) * 1000],
            "database_bytes": sizeAfter, "file_growth_bytes_per_day_this_load": growth / measured.wall * 86_400,
            "row_counts": rows, "bytes_per_snapshot_row": snapshotRowBytes, "bytes_per_interval_row": intervalRowBytes,
            "estimated_growth_bytes_per_day_real_rates": estimatedGrowth,
            "table_bytes": tables, "directory": directory,
        ]
        let data = try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
        print(String(decoding: data, as: UTF8.self))
        if options["keep"] != "true" { try? FileManager.default.removeItem(atPath: directory) }
    }

    struct Measurement {
        var cpu: Double
        var wall: Double
        var statusEvents: Int
        var intervalRecords: Int
    }

    /// Feeds `sites` sites' polls to a ``PersistenceSink`` over `store` for `seconds`, in real time.
    static func drive(store: any FederationStore, sites: Int, seconds: Double, snapshotEvery: Double, logger: Logger) async throws -> Measurement {
        let sink = PersistenceSink(store: store, snapshotSeconds: snapshotEvery, logger: logger)
        let skills = ["sales", "service", "tech"]
        let ids = (0..<sites).map { "site-\($0)" }
        await sink.prime(ends: [:], skills: Dictionary(uniqueKeysWithValues: ids.map { ($0, skills) }))
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = cpuSeconds()
        let origin = Date()
        let tick = 0.1  // seconds; each tick polls 1/20 of the sites' status and 1/600 of their intervals
        var next = start
        var statusEvents = 0
        var intervalRecords = 0
        var round = 0
        var generator = SplitMix64(seed: 42)
        while clock.now - start < .milliseconds(Int(seconds * 1000)) {
            let now = Date()
            let statusSlice = round % 20
            for index in stride(from: statusSlice, to: sites, by: 20) {
                await sink.receive(.status(siteId: ids[index], status(ids[index], at: now, generator: &generator), seconds: 0.01), at: now)
                statusEvents += 1
            }
            let intervalSlice = round % 600
            for index in stride(from: intervalSlice, to: sites, by: 600) {
                // Minute m of the run is "interval m": repeat the previous one, add the new one.
                let minute = Int(now.timeIntervalSince(origin) / 60)
                var records: [IntervalRecord] = []
                for skill in skills {
                    if minute > 0 {
                        var previous = interval(skill, index: minute - 1, origin: origin)
                        if Int.random(in: 0..<100, using: &generator) == 0 { previous.abandoned += 1 }
                        records.append(previous)
                    }
                    records.append(interval(skill, index: minute, origin: origin))
                }
                let response = IntervalsResponse(siteId: ids[index], from: origin, to: now, intervals: records)
                await sink.receive(.intervals(siteId: ids[index], response), at: now)
                intervalRecords += records.count
            }
            round += 1
            await sink.flushIfDue(round: round)
            next = next.advanced(by: .milliseconds(Int(tick * 1000)))
            try await clock.sleep(until: next)
        }
        await sink.flush()
        let elapsed = clock.now - start
        return Measurement(
            cpu: cpuSeconds() - cpuStart, wall: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            statusEvents: statusEvents, intervalRecords: intervalRecords)
    }

    static func status(_ site: String, at now: Date, generator: inout SplitMix64) -> SiteStatus {
        let skills = ["sales", "service", "tech"].map { skill in
            SkillStatus(
                skill: skill, waiting: Int.random(in: 0..<20, using: &generator), oldestWaitSeconds: Double.random(in: 0..<120, using: &generator),
                agentsStaffed: 40, agentsAvailable: Int.random(in: 0..<5, using: &generator), agentsBusy: 35, ahtSeconds: 310,
                slThresholdSeconds: 20, today: DayCounters(offered: 500, answered: 480, answeredWithinThreshold: 400, abandoned: 20))
        }
        return SiteStatus(siteId: site, mode: .inHouse, asOf: now, routingVersion: 3, skills: skills, agents: nil)
    }

    static func interval(_ skill: String, index: Int, origin: Date) -> IntervalRecord {
        let start = Date(timeIntervalSince1970: (origin.timeIntervalSince1970 / 900).rounded(.down) * 900 + Double(index) * 900)
        return IntervalRecord(
            skill: skill, start: start, lengthSeconds: 900, offered: 120 + index % 7, answered: 115, answeredWithinThreshold: 96, abandoned: 5,
            handled: 114, handleSeconds: 35_000, answerWaitSeconds: 1800, resolvedFirstContact: 90, conversions: 12, revenue: 1450.5,
            staffedSeconds: 36_000, scheduledSeconds: 37_800, adherentSeconds: 34_200)
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func databaseBytes(_ directory: String) -> Int64 {
        ["", "-wal", "-shm"].reduce(Int64(0)) { total, suffix in
            let path = (directory as NSString).appendingPathComponent(SQLiteStore.fileName + suffix)
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
            return total + size
        }
    }
}

extension PersistenceSink {
    /// Flushes once a second (every 10 ticks of 100 ms), as ``PollingService`` does.
    func flushIfDue(round: Int) async {
        if round % 10 == 0 { await flush() }
    }
}

/// A deterministic generator for the load's random numbers (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import Foundation
import InterflowCore
import Logging
import Polling
import Store

/// Writes what the poller sees to the store: closed intervals (idempotent upserts), status
/// snapshots sampled every `coordinator.snapshot_every`, and intervals the agents cannot provide.
///
/// Snapshots are buffered and written in batches (``flush()``, called about once a second by
/// ``PollingService``); intervals are written as they arrive. A crash loses at most the unflushed
/// samples: intervals not yet stored are fetched again on the next start (see ``IntervalBackfill``).
///
/// Holes: for each site and skill the sink knows the end of the latest stored interval; when an
/// answer holds a later interval but not the ones between, those are recorded as missing with
/// the range asked, since an agent answers with every closed interval it still holds.
public actor PersistenceSink {
    public nonisolated let store: any FederationStore
    let snapshotSeconds: Double
    let logger: Logger
    private var lastSample: [String: Date] = [:]
    private var buffer: [StatusSnapshot] = []
    /// Site → skill → end of the latest interval stored.
    private var ends: [String: [String: Date]] = [:]
    private let batchSize: Int

    public init(store: any FederationStore, snapshotSeconds: Double, logger: Logger, batchSize: Int = 512) {
        self.store = store
        self.snapshotSeconds = snapshotSeconds
        self.logger = logger
        self.batchSize = batchSize
    }

    /// Learns where each site's stored intervals end, so that holes after them are found.
    public func prime(ends siteEnds: [String: Date], skills: [String: [String]]) {
        for (site, end) in siteEnds {
            for skill in skills[site] ?? [] where ends[site]?[skill] == nil { ends[site, default: [:]][skill] = end }
        }
    }

    /// Takes in one poll's result.
    public func receive(_ event: PollEvent, at now: Date = Date()) async {
        switch event {
        case .status(let site, let status, _):
            if let last = lastSample[site], now.timeIntervalSince(last) < snapshotSeconds { return }
            lastSample[site] = now
            buffer.append(StatusSnapshot(siteId: site, takenAt: now, asOf: status.asOf, routingVersion: status.routingVersion, skills: status.skills))
            if buffer.count >= batchSize { await flush() }
        case .intervals(let site, let document):
            await store(document, site: site, at: now)
        case .failed:
            break
        }
    }

    /// Writes buffered snapshots.
    public func flush() async {
        guard !buffer.isEmpty else { return }
        let batch = buffer
        buffer.removeAll(keepingCapacity: true)
        do {
            try await store.insertSnapshots(batch)
        } catch {
            logger.error("status snapshots not stored", metadata: ["store.error": "\(error)", "snapshots.count": "\(batch.count)"])
        }
    }

    private func store(_ document: IntervalsResponse, site: String, at now: Date) async {
        guard !document.intervals.isEmpty else { return }
        do {
            let summary = try await store.upsertIntervals(siteId: site, document.intervals, receivedAt: now)
            if summary.revised > 0 {
                logger.notice("agent corrected closed intervals", metadata: ["site.id": "\(site)", "intervals.revised": "\(summary.revised)"])
            }
            let gaps = holes(in: document, site: site, now: now)
            if !gaps.isEmpty {
                try await store.recordMissing(gaps)
                logger.warning("closed intervals missing", metadata: ["site.id": "\(site)", "intervals.missing": "\(gaps.count)"])
            }
        } catch {
            // Not advancing `ends` here: the intervals are fetched again after a restart.
            logger.error("closed intervals not stored", metadata: ["site.id": "\(site)", "store.error": "\(error)"])
        }
    }

    /// Intervals between the last stored one and the newest in `document` that the answer lacks.
    func holes(in document: IntervalsResponse, site: String, now: Date) -> [MissingInterval] {
        var gaps: [MissingInterval] = []
        let bySkill = Dictionary(grouping: document.intervals, by: \.skill)
        for (skill, records) in bySkill {
            let sorted = records.sorted { $0.start < $1.start }
            guard let length = sorted.first?.lengthSeconds, length > 0 else { continue }
            var expected = ends[site]?[skill]
            for record in sorted {
                if var next = expected {
                    var count = 0
                    while next < record.start && count < 10_000 {
                        gaps.append(
                            MissingInterval(
                                siteId: site, skill: skill, start: next, lengthSeconds: length,
                                cause: "not in the agent's answer for \(document.from.formatted(.iso8601)) to \(document.to.formatted(.iso8601)), "
                                    + "which held later intervals: the agent no longer holds it",
                                detectedAt: now))
                        next = next.addingTimeInterval(Double(length))
                        count += 1
                    }
                }
                let end = record.start.addingTimeInterval(Double(record.lengthSeconds))
                if expected.map({ end > $0 }) ?? true { expected = end }
            }
            ends[site, default: [:]][skill] = expected
        }
        return gaps
    }
}

import Foundation
import InterflowCore
import Logging

/// Polls every site's agent, each at its own cadence, over one shared libcurl multi handle.
///
/// Real-time status is polled every `pollIntervalSeconds` where the site's mode serves it;
/// closed intervals every `intervalPollSeconds`, asking only for what came after the last
/// interval seen. Every answer is validated before it is passed on; a slow, dead or lying agent
/// costs only its own requests (bounded by the timeouts and the size limit).
public struct Poller: Sendable {
    public let client: CurlMultiClient
    public let logger: Logger

    public init(client: CurlMultiClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Polls until the task is cancelled, passing every event to `sink`.
    public func run(targets: [PollTarget], sink: @escaping @Sendable (PollEvent) async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            for target in targets {
                if target.site.mode.exposesRealTimeStatus {
                    group.addTask { await pollStatusForever(target, sink: sink) }
                }
                group.addTask { await pollIntervalsForever(target, sink: sink) }
            }
        }
    }

    /// One status poll of every target at once: the benchmark's "full poll cycle".
    public func pollStatusOnce(targets: [PollTarget]) async -> [PollEvent] {
        await withTaskGroup(of: PollEvent.self) { group in
            for target in targets {
                group.addTask { await pollStatus(target, previousAsOf: nil) }
            }
            var events: [PollEvent] = []
            events.reserveCapacity(targets.count)
            for await event in group { events.append(event) }
            return events
        }
    }

    /// One status poll of one site.
    public func pollStatus(_ target: PollTarget, previousAsOf: Date?) async -> PollEvent {
        let id = target.site.id
        do {
            let response = try await client.perform(target.request(path: AgentProtocol.statusPath))
            switch ResponseValidator(site: target.site).status(response, previousAsOf: previousAsOf, now: Date()) {
            case .success(let status): return .status(siteId: id, status, seconds: response.seconds)
            case .failure(let failure): return .failed(siteId: id, what: "status", reason: "rejected: \(failure)")
            }
        } catch {
            return .failed(siteId: id, what: "status", reason: "\(error)")
        }
    }

    /// One closed-interval poll of one site, from `from` (nil: the agent's default, the start of its day).
    public func pollIntervals(_ target: PollTarget, from: Date?) async -> PollEvent {
        let id = target.site.id
        var path = AgentProtocol.intervalsPath
        if let from { path += "?from=" + from.formatted(.iso8601) }
        do {
            let response = try await client.perform(target.request(path: path))
            switch ResponseValidator(site: target.site).intervals(response) {
            case .success(let document): return .intervals(siteId: id, document)
            case .failure(let failure): return .failed(siteId: id, what: "intervals", reason: "rejected: \(failure)")
            }
        } catch {
            return .failed(siteId: id, what: "intervals", reason: "\(error)")
        }
    }

    private func pollStatusForever(_ target: PollTarget, sink: @Sendable (PollEvent) async -> Void) async {
        var previousAsOf: Date?
        await repeatPolling(every: target.site.agent.pollIntervalSeconds) {
            let event = await pollStatus(target, previousAsOf: previousAsOf)
            if case .status(_, let status, _) = event { previousAsOf = status.asOf }
            log(event)
            await sink(event)
            return event
        }
    }

    private func pollIntervalsForever(_ target: PollTarget, sink: @Sendable (PollEvent) async -> Void) async {
        var from: Date?
        await repeatPolling(every: target.site.agent.intervalPollSeconds) {
            let event = await pollIntervals(target, from: from)
            if case .intervals(_, let document) = event, let last = document.intervals.max(by: { $0.start < $1.start }) {
                from = last.start.addingTimeInterval(Double(last.lengthSeconds))
            }
            log(event)
            await sink(event)
            return event
        }
    }

    /// Runs `poll` every `cadence` seconds until cancelled; after a failure the next try comes
    /// sooner (``RetrySchedule``), so a site polled every few minutes is not left stale for
    /// minutes because its agent was not up yet or one answer was lost.
    private func repeatPolling(every cadence: Double, _ poll: () async -> PollEvent) async {
        let clock = ContinuousClock()
        var retry = RetrySchedule(cadence: cadence)
        var next = clock.now
        while !Task.isCancelled {
            let event = await poll()
            let failed: Bool
            if case .failed = event { failed = true } else { failed = false }
            next = next.advanced(by: .milliseconds(Int(retry.delay(afterFailure: failed) * 1000)))
            if next < clock.now { next = clock.now }
            try? await clock.sleep(until: next)
        }
    }

    private func log(_ event: PollEvent) {
        guard case .failed(let id, let what, let reason) = event else { return }
        logger.warning("agent poll failed", metadata: ["site.id": "\(id)", "poll.kind": "\(what)", "poll.reason": "\(reason)"])
    }
}

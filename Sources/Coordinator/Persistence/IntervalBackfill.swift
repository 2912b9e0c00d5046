import Foundation
import InterflowCore
import Logging
import Polling
import Store

/// Fetches the closed intervals missing from the store since each site's latest stored one
/// (at most `coordinator.backfill` back, which the agent protocol caps at 8 days per request),
/// so that history has no holes after the coordinator was down. Runs beside the regular poller.
public struct IntervalBackfill: Sendable {
    let poller: Poller
    let logger: Logger
    public init(poller: Poller, logger: Logger) {
        self.poller = poller
        self.logger = logger
    }

    /// Asks the site's agent for every closed interval from `from` and passes the answer to
    /// `deliver`. An agent that cannot be reached is asked again every `interval_poll` until it
    /// answers or the task is cancelled; an answer that is rejected (an HTTP error or an invalid document) is retried
    /// twice, then the backfill ends (logged): the regular poller goes on from the agent's day start.
    /// - Returns: the number of intervals received, or nil when none could be fetched.
    @discardableResult
    public func run(_ target: PollTarget, from: Date, deliver: @Sendable (PollEvent) async -> Void) async -> Int? {
        let retry = Duration.milliseconds(Int(max(target.site.agent.intervalPollSeconds, 0.2) * 1000))
        let metadata: Logger.Metadata = ["site.id": "\(target.site.id)", "backfill.from": "\(from.formatted(.iso8601))"]
        var rejections = 0
        while !Task.isCancelled {
            let event = await poller.pollIntervals(target, from: from)
            switch event {
            case .intervals(_, let document):
                await deliver(event)
                logger.info("interval backfill done", metadata: metadata.merging(["intervals.count": "\(document.intervals.count)"]) { $1 })
                return document.intervals.count
            case .failed(_, _, let reason) where reason.hasPrefix("rejected") && rejections >= 2:
                logger.error("interval backfill rejected by the agent", metadata: metadata.merging(["poll.reason": "\(reason)"]) { $1 })
                return nil
            case .failed(_, _, let reason):
                if reason.hasPrefix("rejected") { rejections += 1 }
                logger.warning("interval backfill waiting for the agent", metadata: metadata.merging(["poll.reason": "\(reason)"]) { $1 })
                try? await Task.sleep(for: retry)
            case .status:
                return nil
            }
        }
        return nil
    }
}

import Foundation
import InterflowCore
import Logging
import Polling
import Store

extension PollingService {
    /// Where each site's backfill starts: the end of its latest stored interval, at most
    /// `backfillSeconds` ago. Also tells the sink where stored history ends.
    func backfillStarts(now: Date = Date()) async -> [String: Date] {
        guard let persistence else { return [:] }
        let earliest = now.addingTimeInterval(-backfillSeconds)
        var ends: [String: Date] = [:]
        do {
            ends = try await persistence.store.latestIntervalEnds()
        } catch {
            logger.error("stored interval history not read; backfilling the whole window", metadata: ["store.error": "\(error)"])
        }
        await persistence.prime(ends: ends, skills: Dictionary(uniqueKeysWithValues: targets.map { ($0.site.id, $0.site.skills) }))
        var starts: [String: Date] = [:]
        for target in targets {
            // With no window (the demo's fresh store) a site without stored intervals needs no backfill.
            if backfillSeconds <= 0 && ends[target.site.id] == nil { continue }
            starts[target.site.id] = max(ends[target.site.id] ?? earliest, earliest)
        }
        return starts
    }
}

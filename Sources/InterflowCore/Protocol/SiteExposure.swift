import Foundation

/// What a site's agent shows the coordinator, by mode (DESIGN.md, "The three outsourcing modes").
///
/// The simulated ACD knows everything; an agent in front of a real outsourcer ACD would only
/// know what the outsourcer gives it. These rules make the simulated agent show no more than
/// the real one could.
public enum SiteExposure {
    /// Real-time status as the mode shows it: nil for network-delivered (interval reports only);
    /// queue level without agents for enterprise-routed; everything for virtualized and in-house.
    public static func status(_ status: SiteStatus, mode: SiteMode) -> SiteStatus? {
        guard mode.exposesRealTimeStatus else { return nil }
        var shown = status
        if !mode.exposesAgentDetail { shown.agents = nil }
        return shown
    }

    /// Closed intervals as the mode shows them: an outsourcer reports an interval only
    /// `reportingDelay` seconds after it closes (its contract's `reporting_delay`; typically hours
    /// for a network-delivered outsourcer); adherence (scheduled and adherent time) only where the
    /// enterprise plans the staff.
    public static func intervals(_ records: [IntervalRecord], mode: SiteMode, reportingDelay: Double, now: Date) -> [IntervalRecord] {
        records.compactMap { record in
            let closes = record.start.addingTimeInterval(Double(record.lengthSeconds))
            guard closes.addingTimeInterval(reportingDelay) <= now else { return nil }
            var shown = record
            if !mode.measuresAdherence {
                shown.scheduledSeconds = nil
                shown.adherentSeconds = nil
            }
            return shown
        }
    }
}

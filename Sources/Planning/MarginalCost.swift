import InterflowCore

extension PriceModel {
    /// What one more handled contact costs under this price model, with handle time `handleTime`
    /// seconds: a per-contact price is fully marginal; a productive hour is paid for the handle
    /// time the contact adds; a contracted seat-hour is paid whether used or not, so nothing.
    public func marginalCost(handleTime: Double) -> Double {
        switch self {
        case .perHandledContact(let price): price
        case .perProductiveHour(let price): price * handleTime / 3600
        case .perSeatHour: 0
        }
    }
}

/// Shrinks a site's measured value per contact toward the skill's mean when the site has little data.
///
/// value = (n · measured + k · mean) / (n + k), with n the intervals of data and k the value
/// model's `shrinkageIntervals`: the empirical-Bayes (credibility) estimate of Bühlmann (1967),
/// which gives a site with k intervals of data half its own measurement and half the mean.
public enum ValueShrinkage {
    public static func shrunk(measured: Double?, intervals: Int, skillMean: Double, shrinkageIntervals: Double) -> Double {
        guard let measured, intervals > 0 else { return skillMean }
        let n = Double(intervals)
        let k = max(shrinkageIntervals, 0)
        return (n * measured + k * skillMean) / (n + k)
    }
}

/// How closely the simulated agents keep to their shifts.
///
/// Each agent, each day, independently logs in late with `lateLoginProbability` (by a uniform
/// 0...`maxLateMinutes`) and logs out early with `earlyLogoutProbability` (by a uniform
/// 0...`maxEarlyMinutes`), so that scheduled, staffed and adherent seconds differ as they do in a
/// real center. A busy agent always finishes the contact in hand before logging out, which adds
/// staffed time outside the schedule.
public struct AdherenceBehaviour: Sendable, Hashable {
    /// Probability an agent logs in late on a given day.
    public var lateLoginProbability: Double
    /// Longest lateness, minutes (capped at half the shift).
    public var maxLateMinutes: Double
    /// Probability an agent logs out early on a given day.
    public var earlyLogoutProbability: Double
    /// Longest early departure, minutes.
    public var maxEarlyMinutes: Double

    public init(lateLoginProbability: Double, maxLateMinutes: Double, earlyLogoutProbability: Double, maxEarlyMinutes: Double) {
        self.lateLoginProbability = lateLoginProbability
        self.maxLateMinutes = maxLateMinutes
        self.earlyLogoutProbability = earlyLogoutProbability
        self.maxEarlyMinutes = maxEarlyMinutes
    }

    /// A realistic default: 15 % of agents log in up to 10 minutes late, 10 % leave up to 5 minutes early.
    public static let typical = AdherenceBehaviour(lateLoginProbability: 0.15, maxLateMinutes: 10, earlyLogoutProbability: 0.10, maxEarlyMinutes: 5)

    /// Every agent logs in and out exactly on schedule.
    public static let perfect = AdherenceBehaviour(lateLoginProbability: 0, maxLateMinutes: 0, earlyLogoutProbability: 0, maxEarlyMinutes: 0)
}

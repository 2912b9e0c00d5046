/// A clause of an outsourcer's contract that turns measured performance into money: a credit the
/// outsourcer owes the enterprise, or a bonus the enterprise pays it.
///
/// Amounts are in the federation's currency (`ValueModel.currency`). A point is one percentage
/// point (0.01 as a fraction). Each clause is evaluated per site over one review period (a week, a
/// month) and its total is capped at `cap` for that period; `nil` means uncapped. Intervals that
/// are missing from the data are never counted, neither as met nor as missed.
public enum ContractClause: Sendable, Hashable {
    /// A credit of `perPoint` for each point the service level falls below the contract's target,
    /// counted interval by interval (intervals with no offered contact have no service level and
    /// owe nothing), summed over the period and capped at `cap`.
    case serviceLevelCredit(perPoint: Double, cap: Double?)
    /// A bonus of `perPoint` for each point the period's first-contact resolution exceeds the
    /// contract's target, capped at `cap`.
    case fcrBonus(perPoint: Double, cap: Double?)
    /// A credit of `perPoint` for each point the period's abandon rate exceeds the contract's
    /// maximum, capped at `cap`.
    case abandonRateCredit(perPoint: Double, cap: Double?)

    /// The key that names the clause in a site file (`kind: service_level_credit`).
    public var kind: String {
        switch self {
        case .serviceLevelCredit: "service_level_credit"
        case .fcrBonus: "fcr_bonus"
        case .abandonRateCredit: "abandon_rate_credit"
        }
    }

    /// Whether the clause pays the outsourcer (a bonus) rather than crediting the enterprise.
    public var isBonus: Bool {
        if case .fcrBonus = self { return true }
        return false
    }

    /// The amount per point.
    public var perPoint: Double {
        switch self {
        case .serviceLevelCredit(let amount, _), .fcrBonus(let amount, _), .abandonRateCredit(let amount, _): amount
        }
    }

    /// The most the clause can amount to over one review period; `nil` when uncapped.
    public var cap: Double? {
        switch self {
        case .serviceLevelCredit(_, let cap), .fcrBonus(_, let cap), .abandonRateCredit(_, let cap): cap
        }
    }

    /// Every kind a site file accepts.
    public static let kinds = ["service_level_credit", "fcr_bonus", "abandon_rate_credit"]
}

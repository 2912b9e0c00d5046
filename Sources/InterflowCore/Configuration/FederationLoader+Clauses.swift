/// Reading a contract's credit and bonus clauses.
extension FederationLoader {
    static let clauseKeys = ["kind", "per_point", "cap"]
    static let acceptedClause =
        "a clause such as {kind: service_level_credit, per_point: 25, cap: 4000}, kind one of "
        + ContractClause.kinds.joined(separator: ", ")
    static let acceptedClauseAmount = "an amount from 0 to 1000000 in the federation's currency, such as 25 or 12.50"

    /// `clauses: [{kind, per_point, cap}, …]`: each kind at most once; `cap` may be omitted (uncapped).
    static func readClauses(_ value: ConfigValue) -> [ContractClause]? {
        guard let elements = value.list(accepted: "a list of clauses, each " + acceptedClause) else { return nil }
        var seen: [String: Int] = [:]
        let clauses = elements.enumerated().map { index, element -> ContractClause? in
            guard let map = element.mapping(keys: clauseKeys, accepted: acceptedClause) else { return nil }
            let kind = map.required("kind", accepted: ConfigValue.oneOf(ContractClause.kinds))?.choice(ContractClause.kinds)
            if let kind, let kindValue = map["kind"] {
                if let first = seen[kind] {
                    kindValue.report(
                        found: "\"\(kind)\", already clause [\(first)]",
                        accepted: "each kind of clause at most once per contract; merge the two")
                } else {
                    seen[kind] = index
                }
            }
            let perPoint = map.required("per_point", accepted: acceptedClauseAmount + " per percentage point")?
                .number(0...1_000_000, accepted: acceptedClauseAmount + " per percentage point")
            var cap: Double?? = .some(nil)
            if let capValue = map["cap"] {
                cap = capValue.number(0...100_000_000, accepted: "a cap per review period from 0 to 100000000 in the federation's currency")
                    .map { .some($0) }
            }
            guard let kind, let perPoint, let cap, seen[kind] == index else { return nil }
            switch kind {
            case "service_level_credit": return .serviceLevelCredit(perPoint: perPoint, cap: cap)
            case "fcr_bonus": return .fcrBonus(perPoint: perPoint, cap: cap)
            default: return .abandonRateCredit(perPoint: perPoint, cap: cap)
            }
        }
        let read = clauses.compactMap { $0 }
        return read.count == clauses.count ? read : nil
    }
}

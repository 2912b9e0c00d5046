/// Checks across site files: unique ids and agent URLs, every skill served, feasible share bounds.
extension FederationLoader {
    static func checkSites(_ drafts: [SiteDraft], skillIDs: [String]?, federationFile: String, log: IssueLog) {
        checkUnique(drafts, \.id, what: "id", keyPath: "id", log: log)
        checkUnique(drafts, \.url, what: "agent URL", keyPath: "agent.url", log: log)
        guard let skillIDs else { return }
        // The share checks need every site's kind and skills; a site whose file could not say
        // which would make them report problems that are not there.
        guard drafts.allSatisfy({ $0.isInHouse != nil && $0.skills != nil }) else { return }
        for (index, skill) in skillIDs.enumerated() {
            let takers = drafts.filter { $0.skills?.contains(skill) == true }
            if takers.isEmpty {
                log.report(
                    file: federationFile, keyPath: "skills[\(index)].id", found: "\"\(skill)\", a skill no site takes",
                    accepted: "skills that at least one site lists under skills")
                continue
            }
            checkShares(of: skill, takers: takers, log: log)
        }
    }

    /// Reports a value two files share, on every file after the first that has it.
    private static func checkUnique(_ drafts: [SiteDraft], _ key: KeyPath<SiteDraft, String?>, what: String, keyPath: String, log: IssueLog) {
        var firstFile: [String: String] = [:]
        for draft in drafts {
            guard let value = draft[keyPath: key] else { continue }
            if let first = firstFile[value] {
                log.report(
                    file: draft.file, keyPath: keyPath, found: "\"\(value)\", the \(what) of \(first) too",
                    accepted: "an \(what) no other site uses", line: draft.lines[keyPath])
            } else {
                firstFile[value] = draft.file
            }
        }
    }

    /// In-house sites can take anything from 0 to 100 % of a skill, so the contracts' bounds are feasible
    /// when their minimums sum to at most 100 % and, without an in-house site, their maximums to at least 100 %.
    private static func checkShares(of skill: String, takers: [SiteDraft], log: IssueLog) {
        let outsourcers = takers.filter { $0.isInHouse == false }
        guard !outsourcers.isEmpty, outsourcers.allSatisfy({ $0.shares?[skill] != nil }) else { return }
        let files = outsourcers.map(\.file).joined(separator: ", ")
        func listing(_ bound: (ShareBounds) -> Double) -> String {
            outsourcers.map { "\($0.id ?? $0.file) \(ConfigValue.format(fraction: bound($0.shares![skill]!)))" }.joined(separator: ", ")
        }
        let minimum = outsourcers.reduce(0) { $0 + $1.shares![skill]!.min }
        if minimum > 1 + 1e-9 {
            log.report(
                file: files, keyPath: "contract.shares.\(skill).min",
                found: "minimum shares of \(skill) summing to \(ConfigValue.format(fraction: minimum)) (\(listing(\.min)))",
                accepted: "minimum shares of a skill that sum to at most 100% across all sites")
        }
        let hasInHouse = takers.contains { $0.isInHouse == true }
        let maximum = outsourcers.reduce(0) { $0 + $1.shares![skill]!.max }
        if !hasInHouse && maximum < 1 - 1e-9 {
            log.report(
                file: files, keyPath: "contract.shares.\(skill).max",
                found:
                    "maximum shares of \(skill) summing to \(ConfigValue.format(fraction: maximum)) (\(listing(\.max))) and no in-house site taking it",
                accepted: "maximum shares that sum to at least 100%, or an in-house site that takes \(skill)")
        }
    }
}

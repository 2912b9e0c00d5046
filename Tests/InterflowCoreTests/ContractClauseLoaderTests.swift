import Foundation
import InterflowCore
import Testing

@Suite("Contract clauses: credits and bonuses in site files")
struct ContractClauseLoaderTests {
    static let clauses = """
          reporting_delay: 2h
          clauses:
            - {kind: service_level_credit, per_point: 2.50, cap: 6000}
            - {kind: fcr_bonus, per_point: 150}
            - {kind: abandon_rate_credit, per_point: 200, cap: 2000}
        """

    @Test("clauses are read with their amounts; a clause without a cap is uncapped; none by default")
    func readsClauses() throws {
        #expect(try TemporaryFederation().load().site("net")?.contract?.clauses == [])
        var config = TemporaryFederation()
        config.replace("  reporting_delay: 2h", with: Self.clauses, in: "net.yaml")
        let contract = try #require(try config.load().site("net")?.contract)
        #expect(
            contract.clauses == [
                .serviceLevelCredit(perPoint: 2.5, cap: 6000), .fcrBonus(perPoint: 150, cap: nil), .abandonRateCredit(perPoint: 200, cap: 2000),
            ])
        #expect(contract.clauses.map(\.isBonus) == [false, true, false])
        #expect(contract.clauses.map(\.kind) == ContractClause.kinds)
    }

    @Test("a wrong kind, a missing or negative amount, a bad cap and an unknown key are each reported where they are")
    func reportsBadClauses() throws {
        var config = TemporaryFederation()
        config.replace(
            "  reporting_delay: 2h",
            with: """
                  clauses:
                    - {kind: sl_credit, per_point: 2}
                    - {kind: fcr_bonus}
                    - {kind: abandon_rate_credit, per_point: -5, cap: lots}
                    - {kind: service_level_credit, per_point: 1, ceiling: 10}
                """, in: "net.yaml")
        let issues = try config.issues()
        func issue(_ path: String) -> ConfigurationIssue? { issues.first { $0.file == "net.yaml" && $0.keyPath == path } }
        let kind = try #require(issue("contract.clauses[0].kind"))
        #expect(kind.found == "\"sl_credit\"" && kind.accepted == "one of service_level_credit, fcr_bonus, abandon_rate_credit")
        #expect(issue("contract.clauses[1].per_point")?.found == "nothing")
        #expect(issue("contract.clauses[2].per_point")?.accepted.contains("from 0 to 1000000") == true)
        #expect(issue("contract.clauses[2].cap")?.found == "\"lots\"")
        let unknown = try #require(issue("contract.clauses[3].ceiling"))
        #expect(unknown.found == "unknown key \"ceiling\"" && unknown.accepted == "one of the keys kind, per_point, cap")
        #expect(issues.allSatisfy { $0.line != nil })
    }

    @Test("each kind of clause at most once per contract")
    func duplicateKinds() throws {
        var config = TemporaryFederation()
        config.replace(
            "  reporting_delay: 2h",
            with: """
                  clauses:
                    - {kind: fcr_bonus, per_point: 10}
                    - {kind: fcr_bonus, per_point: 20, cap: 100}
                """, in: "net.yaml")
        let issue = try #require(try config.issues().first { $0.keyPath == "contract.clauses[1].kind" })
        #expect(issue.found == "\"fcr_bonus\", already clause [0]")
        #expect(issue.accepted.contains("at most once"))
    }

    @Test("clauses must be a list of mappings")
    func notAList() throws {
        var config = TemporaryFederation()
        config.replace("  reporting_delay: 2h", with: "  clauses: {kind: fcr_bonus, per_point: 10}", in: "net.yaml")
        let issue = try #require(try config.issues().first { $0.keyPath == "contract.clauses" })
        #expect(issue.found == "a mapping" && issue.accepted.hasPrefix("a list of clauses"))
    }

    @Test("the example outsourcers have credit and bonus clauses")
    func exampleClauses() throws {
        let federation = try FederationLoader.load(directory: ExampleFederationTests.directory)
        for site in federation.sites where site.contract != nil {
            let clauses = site.contract?.clauses ?? []
            #expect(clauses.contains { $0.kind == "service_level_credit" }, "\(site.id) has no service-level credit")
            #expect(clauses.allSatisfy { $0.cap != nil }, "\(site.id) has an uncapped clause")
        }
    }
}

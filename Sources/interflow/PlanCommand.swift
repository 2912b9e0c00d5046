import ArgumentParser
import Coordinator
import Foundation
import InterflowCore
import Planning
import Polling

/// `interflow plan`: one plan as a dry run.
struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the plan the coordinator would make now, without applying it.",
        discussion: """
            Asks a running coordinator (GET /v1/plan) for the real-time overflow shares and the value-based \
            allocation of every skill, with predicted service levels, expected value and the explanation. \
            With --state, plans from a saved state instead (what a coordinator's GET /v1/state answers: \
            every site's observation and the current shares), with the federation in --config: \
            curl -s localhost:8080/v1/state > state.json; interflow plan --state state.json
            """
    )

    @Option(name: .long, help: "The coordinator's base URL.")
    var coordinator: String = "http://127.0.0.1:8080"

    @Option(name: .long, help: "Plan from a saved state (JSON of GET /v1/state) instead of asking a coordinator.")
    var state: String?

    @Option(name: .long, help: "The federation directory, with --state.")
    var config: String = "sites"

    @Flag(name: .long, help: "Print the plan as JSON.")
    var json = false

    func validate() throws {
        guard coordinator.hasPrefix("http://") || coordinator.hasPrefix("https://") else {
            throw ValidationError("--coordinator: found \"\(coordinator)\", accepted an http:// or https:// URL")
        }
    }

    func run() async throws {
        let preview: PlanPreview
        if let state {
            preview = try Self.preview(stateFile: state, config: config)
            if json {
                FileHandle.standardOutput.write(try AgentProtocol.makeEncoder().encode(preview))
                print()
                return
            }
        } else {
            guard let fetched = try await fetch() else { return }
            preview = fetched
        }
        Self.printPlan(preview)
    }

    /// Plans from a saved state file with the federation in `config`.
    static func preview(stateFile: String, config: String) throws -> PlanPreview {
        let federation = try loadFederationOrExit(config)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: stateFile))
        } catch {
            printError("interflow plan: cannot read the state file \(stateFile): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let saved: PlanningState
        do {
            saved = try AgentProtocol.makeDecoder().decode(PlanningState.self, from: data)
        } catch {
            printError(
                "interflow plan: \(stateFile) is not a planning state (the JSON of a coordinator's GET /v1/state): "
                    + DecodingErrorText.describe(error))
            throw ExitCode(1)
        }
        if saved.federation != federation.config.name {
            printError(
                "interflow plan: \(stateFile) was saved from the federation \"\(saved.federation)\", but \(config) is \"\(federation.config.name)\"; "
                    + "pass the matching --config")
            throw ExitCode(1)
        }
        let unknown = saved.observations.keys.filter { federation.site($0) == nil }.sorted()
        if !unknown.isEmpty {
            printError("interflow plan: \(stateFile) observes sites \(config) does not have: \(unknown.joined(separator: ", "))")
            throw ExitCode(1)
        }
        return PlanPreview.make(federation: federation, state: saved)
    }

    /// Asks the coordinator; prints the JSON itself with --json (and returns nil).
    func fetch() async throws -> PlanPreview? {
        let client = CurlMultiClient(maxConcurrent: 1, maxConnections: 1)
        defer { client.shutdown() }
        let url = (coordinator.hasSuffix("/") ? String(coordinator.dropLast()) : coordinator) + "/v1/plan"
        let response: AgentResponse
        do {
            response = try await client.perform(AgentRequest(url: url, connectTimeout: 2, totalTimeout: 30, maxResponseBytes: 64 << 20))
        } catch {
            printError("interflow plan: cannot reach the coordinator at \(url): \(error). Is `interflow serve` running there?")
            throw ExitCode(1)
        }
        guard response.status == 200 else {
            printError("interflow plan: \(url) answered HTTP \(response.status): \(String(decoding: response.body.prefix(500), as: UTF8.self))")
            throw ExitCode(1)
        }
        if json {
            FileHandle.standardOutput.write(Data(response.body))
            print()
            return nil
        }
        return try AgentProtocol.makeDecoder().decode(PlanPreview.self, from: Data(response.body))
    }

    static func printPlan(_ preview: PlanPreview) {
        if preview.overflow.isEmpty { print("No skill has demand data yet: the coordinator plans once it has seen arrivals.") }
        // Site ids padded to the longest, never cut.
        let idWidth = max(preview.overflow.flatMap { $0.sites.map(\.siteId.count) }.max() ?? 0, 10)
        func id(_ siteId: String) -> String { siteId.padding(toLength: idWidth, withPad: " ", startingAt: 0) }
        for plan in preview.overflow {
            print("\(plan.skill): \(String(format: "%.0f", plan.perHour)) contacts/h — real-time overflow")
            for site in plan.sites {
                let share = String(format: "%5.1f %%", site.share * 100)
                let sl = String(format: "%3.0f %%", site.predictedServiceLevel * 100)
                let note = site.excludedBecause.map { "  no new work: \($0)" } ?? ""
                print(
                    "  \(id(site.siteId)) \(share)  predicted SL \(sl)  wait \(Int(site.predictedWaitSeconds.rounded())) s  [\(site.delivery.rawValue)]\(note)"
                )
            }
            print("  → \(plan.explanation.summary)")
            if let allocation = preview.allocations.first(where: { $0.skill == plan.skill }) {
                print("  value-based allocation: expected \(String(format: "%.2f", allocation.valuePerHour))/h")
                for site in allocation.sites {
                    print(
                        "    \(id(site.siteId)) \(String(format: "%5.1f %%", site.share * 100))  value \(String(format: "%.2f", site.valuePerHour))/h"
                            + (site.boundBy.map { "  (\($0))" } ?? ""))
                }
            }
            if let problem = preview.infeasible.first(where: { $0.skill == plan.skill }) {
                print("  value-based allocation infeasible (\(problem.constraint.rawValue)): \(problem.message)")
            }
            print()
        }
    }
}

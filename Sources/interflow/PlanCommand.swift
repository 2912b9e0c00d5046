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
            allocation of every skill, with predicted service levels, expected value and the explanation.
            """
    )

    @Option(name: .long, help: "The coordinator's base URL.")
    var coordinator: String = "http://127.0.0.1:8080"

    @Flag(name: .long, help: "Print the plan as JSON.")
    var json = false

    func validate() throws {
        guard coordinator.hasPrefix("http://") || coordinator.hasPrefix("https://") else {
            throw ValidationError("--coordinator: found \"\(coordinator)\", accepted an http:// or https:// URL")
        }
    }

    func run() async throws {
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
            return
        }
        let preview = try AgentProtocol.makeDecoder().decode(PlanPreview.self, from: Data(response.body))
        if preview.overflow.isEmpty { print("No skill has demand data yet: the coordinator plans once it has seen arrivals.") }
        for plan in preview.overflow {
            print("\(plan.skill): \(String(format: "%.0f", plan.perHour)) contacts/h — real-time overflow")
            for site in plan.sites {
                let share = String(format: "%5.1f %%", site.share * 100)
                let sl = String(format: "%3.0f %%", site.predictedServiceLevel * 100)
                let note = site.excludedBecause.map { "  no new work: \($0)" } ?? ""
                print("  \(site.siteId.padding(toLength: 10, withPad: " ", startingAt: 0)) \(share)  predicted SL \(sl)  wait \(Int(site.predictedWaitSeconds.rounded())) s  [\(site.delivery.rawValue)]\(note)")
            }
            print("  → \(plan.explanation.summary)")
            if let allocation = preview.allocations.first(where: { $0.skill == plan.skill }) {
                print("  value-based allocation: expected \(String(format: "%.2f", allocation.valuePerHour))/h")
                for site in allocation.sites {
                    print("    \(site.siteId.padding(toLength: 10, withPad: " ", startingAt: 0)) \(String(format: "%5.1f %%", site.share * 100))  value \(String(format: "%.2f", site.valuePerHour))/h" + (site.boundBy.map { "  (\($0))" } ?? ""))
                }
            }
            if let problem = preview.infeasible.first(where: { $0.skill == plan.skill }) {
                print("  value-based allocation infeasible (\(problem.constraint.rawValue)): \(problem.message)")
            }
            print()
        }
    }
}

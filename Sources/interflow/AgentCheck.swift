import ArgumentParser
import Foundation
import InterflowCore
import Polling

/// `interflow agent-check`: conformance checker for third-party agents.
struct AgentCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent-check",
        abstract: "Check that an agent speaks protocol v1 as its mode requires; exit 1 on any deviation.",
        discussion: """
            Calls every endpoint the mode requires, with and without the token, and reports missing fields, \
            wrong types, inconsistent numbers, wrong status codes and auth not enforced. Unless --read-only, \
            it also checks PUT /v1/routing versioning with empty plans (new versions that change nothing).
            """
    )

    @Argument(help: "Base URL of the agent, e.g. http://127.0.0.1:9101")
    var url: String

    @Option(name: .long, help: "Environment variable holding the agent's bearer token.")
    var tokenEnv: String = "INTERFLOW_AGENT_TOKEN"

    @Option(name: .long, help: "The mode the agent must have: in-house, network-delivered, enterprise-routed or virtualized.")
    var mode: String?

    @Flag(name: .long, help: "Do not send PUT /v1/routing.")
    var readOnly = false

    @Option(name: .long, help: "Seconds allowed per request.")
    var timeout: Double = 5

    func validate() throws {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ValidationError("URL: found \"\(url)\", accepted an http:// or https:// URL")
        }
        if let mode, SiteMode(rawValue: mode) == nil {
            throw ValidationError("--mode: found \"\(mode)\", accepted \(SiteMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        guard let token = ProcessInfo.processInfo.environment[tokenEnv], !token.isEmpty else {
            printError(
                "agent-check: the environment variable \(tokenEnv) is not set; export it with the agent's token or name another with --token-env")
            throw ExitCode(2)
        }
        let client = CurlMultiClient(maxConcurrent: 4, maxConnections: 4)
        defer { client.shutdown() }
        let checker = AgentConformance(
            client: client, baseURL: url, token: token, expectedMode: mode.flatMap(SiteMode.init(rawValue:)), readOnly: readOnly, timeout: timeout)
        let findings = await checker.run()
        for finding in findings {
            print("\(finding.passed ? "PASS" : "FAIL")  \(finding.check): \(finding.detail)")
        }
        let failed = findings.filter { !$0.passed }.count
        print("\(findings.count - failed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}

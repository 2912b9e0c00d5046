import ArgumentParser
import Foundation
import Hummingbird
import InterflowCore
import Logging
import SiteAgent

/// `interflow agent`: run one site's agent over a simulated ACD.
struct Agent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve agent protocol v1 for one site, backed by a simulated ACD.",
        discussion: """
            The site file's simulation block sets the agents, shifts, demand and outcomes. The token comes \
            from the site's token reference (environment variable or file). --speed 60 runs a simulated \
            day in 24 minutes.
            """
    )

    @Option(name: .long, help: "The site file, e.g. sites/austin.yaml (federation.yaml must sit beside it).")
    var site: String

    @Option(name: .long, help: "Port to listen on (default: the port of the site's agent URL).")
    var port: Int?

    @Option(name: .long, help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Simulated seconds per wall-clock second.")
    var speed: Double = 1

    @Option(name: .long, help: "Simulated start time, ISO 8601 (default: now).")
    var start: String?

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard speed > 0, speed <= 3600, speed.isFinite else {
            throw ValidationError("--speed: found \(speed), accepted a number greater than 0 and at most 3600")
        }
        if let start, (try? Date(start, strategy: .iso8601)) == nil {
            throw ValidationError("--start: found \"\(start)\", accepted an ISO 8601 time such as 2026-11-24T08:00:00Z")
        }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "interflow.agent")
        let loaded: (site: SiteConfig, federation: FederationConfig)
        do {
            loaded = try FederationLoader.loadSite(path: site)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        let directory = URL(fileURLWithPath: site).deletingLastPathComponent().path
        let token: String
        do {
            token = try loaded.site.agent.token.resolve(environment: ProcessInfo.processInfo.environment, baseDirectory: directory)
        } catch {
            printError("interflow agent: site \(loaded.site.id): \(error)")
            throw ExitCode(1)
        }
        let listenPort = port ?? URL(string: loaded.site.agent.url)?.port ?? 9100
        let startTime = start.flatMap { try? Date($0, strategy: .iso8601) } ?? Date()
        let simulated = SimulatedSite(
            site: loaded.site, federation: loaded.federation, clock: SimulationClock(simulatedStart: startTime, speed: speed))
        let siteID = loaded.site.id
        let app = AgentServer.application(
            site: simulated, token: token, host: host, port: listenPort, logger: logger,
            onRunning: { bound in logger.notice("agent listening", metadata: ["site.id": "\(siteID)", "http.url": "http://\(host):\(bound)"]) })
        try await app.runService()
    }
}

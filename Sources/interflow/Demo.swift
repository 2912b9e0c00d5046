import ArgumentParser
import Coordinator
import Demo
import Foundation
import InterflowCore
import Logging
import Polling
import ServiceLifecycle
import SiteAgent
import UnixSignals

/// `interflow demo`: the whole example federation on loopback.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the example federation on loopback: every site agent, the coordinator and a traffic source.",
        discussion: """
            Starts one simulated agent per site file, the coordinator polling them over HTTP, and a traffic \
            source that offers each skill's demand to the sites by their network percentages, redirect \
            shares and pooled capacity. Prints a live table and the coordinator URL. Ctrl-C or SIGTERM \
            stops everything; no process is left behind.
            """
    )

    @Option(name: .long, help: "Directory holding federation.yaml and the site files.")
    var config: String = "sites"

    @Option(name: .long, help: "How long to run, e.g. 90s or 10m (default: until Ctrl-C).")
    var duration: String?

    @Option(name: .long, help: "Coordinator port.")
    var port: Int = 8080

    @Option(name: .long, help: "First agent port (agents take consecutive ports); default: each site file's agent URL.")
    var agentPortBase: Int?

    @Option(name: .long, help: "Simulated seconds per wall-clock second (60 runs a day in 24 minutes).")
    var speed: Double = 60

    @Option(name: .long, help: "Simulated start time, ISO 8601 (default: 08:30 today at the first in-house site).")
    var start: String?

    @Option(name: .long, help: "Seconds between table refreshes.")
    var refresh: Double = 2

    @Option(
        name: .long,
        help:
            "Overload one site: SITE:SKILL:FACTOR[@HH:MM] multiplies that site's arrivals of SKILL by FACTOR from the simulated time HH:MM (default: at once). Repeatable."
    )
    var surge: [String] = []

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if let duration, Units.seconds(duration) == nil {
            throw ValidationError("--duration: found \"\(duration)\", accepted \(Units.acceptedDuration)")
        }
        guard speed > 0, speed <= 3600 else { throw ValidationError("--speed: found \(speed), accepted a number greater than 0 and at most 3600") }
        if let start, (try? Date(start, strategy: .iso8601)) == nil {
            throw ValidationError("--start: found \"\(start)\", accepted an ISO 8601 time such as 2026-11-24T08:30:00Z")
        }
        guard refresh >= 0.2 else { throw ValidationError("--refresh: found \(refresh), accepted at least 0.2 seconds") }
        for text in surge where Self.parseSurge(text) == nil {
            throw ValidationError("--surge: found \"\(text)\", accepted SITE:SKILL:FACTOR[@HH:MM], e.g. austin:sales:2.5@10:00")
        }
    }

    /// `SITE:SKILL:FACTOR[@HH:MM]`.
    static func parseSurge(_ text: String) -> (site: String, skill: String, factor: Double, minute: Int?)? {
        let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
        let fields = parts[0].split(separator: ":").map(String.init)
        guard fields.count == 3, let factor = Double(fields[2]), factor > 0, factor.isFinite else { return nil }
        var minute: Int?
        if parts.count == 2 {
            guard let parsed = Units.clockMinutes(parts[1]) else { return nil }
            minute = parsed
        }
        return (fields[0], fields[1], factor, minute)
    }

    func run() async throws {
        var logger = logging.makeLogger(label: "interflow.demo")
        if logging.logLevel == "info" { logger.logLevel = .warning }
        let federation = try loadFederationOrExit(config)
        let referenceZone = federation.sites.first { $0.kind == .inHouse }?.timeZone ?? "UTC"
        let simulatedStart = start.flatMap { try? Date($0, strategy: .iso8601) } ?? Self.todayAt(hour: 8, minute: 30, timeZone: referenceZone)
        var surges: [TrafficSource.Surge] = []
        for text in surge {
            guard let parsed = Self.parseSurge(text) else { continue }
            guard let site = federation.site(parsed.site), site.skills.contains(parsed.skill) else {
                printError(
                    "--surge \(text): no site \"\(parsed.site)\" taking skill \"\(parsed.skill)\" in \(config); sites: \(federation.sites.map(\.id).joined(separator: ", "))"
                )
                throw ExitCode(1)
            }
            let from = parsed.minute.map { Self.todayAt(hour: $0 / 60, minute: $0 % 60, timeZone: referenceZone, day: simulatedStart) }
            surges.append(TrafficSource.Surge(siteId: parsed.site, skill: parsed.skill, factor: parsed.factor, from: from))
        }
        let demo = DemoFederation(
            federation: federation,
            options: .init(coordinatorPort: port, agentPortBase: agentPortBase, speed: speed, simulatedStart: simulatedStart, surges: surges),
            logger: logger)
        defer { demo.client.shutdown() }

        var header = "Interflow demo: \(federation.sites.count) sites, coordinator at \(demo.coordinatorURL)/v1/federation\n"
        for site in demo.federation.sites { header += "  agent \(site.id) (\(site.mode.rawValue)) at \(site.agent.url)\n" }
        FileHandle.standardOutput.write(Data((header + "Ctrl-C stops.\n").utf8))

        let skills = federation.config.skills.map(\.id)
        let table = TablePrinter(demo: demo, skills: skills, every: refresh)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = demo.services.map { .init(service: $0) }
        services.append(.init(service: table))
        if let duration, let seconds = Units.seconds(duration) {
            services.append(.init(service: StopAfter(seconds: seconds), successTerminationBehavior: .gracefullyShutdownGroup))
        }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        FileHandle.standardOutput.write(Data("Interflow demo stopped.\n".utf8))
    }

    static func todayAt(hour: Int, minute: Int, timeZone: String, day: Date = Date()) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? .gmt
        return calendar.date(bySettingHour: hour, minute: minute, second: 0, of: day) ?? day
    }
}

/// Prints the live table until shutdown.
private struct TablePrinter: Service {
    let demo: DemoFederation
    let skills: [String]
    let every: Double

    func run() async throws {
        let interactive = isatty(STDOUT_FILENO) == 1
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int(every * 1000)))
            let view = await demo.state.view()
            let text = StatusTable.render(view, skills: skills, simulatedTime: await demo.simulatedNow(), timeZone: demo.referenceTimeZone)
            let screen =
                interactive ? "\u{1B}[H\u{1B}[2J" + text + "\n\ncoordinator: \(demo.coordinatorURL)/v1/federation  (Ctrl-C stops)\n" : text + "\n\n"
            FileHandle.standardOutput.write(Data(screen.utf8))
        }
    }
}

/// Ends the demo after `seconds`.
private struct StopAfter: Service {
    let seconds: Double
    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        }
    }
}

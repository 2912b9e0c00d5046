import ArgumentParser
import Foundation
import InterflowCore
import Simulation

/// `interflow simulate`: play a scenario under each routing policy and compare them.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Compare routing policies on a simulated day before they go live.",
        discussion: """
            Plays the scenario's day (its federation, demand, staffing and events; format in \\
            docs/simulation.md) under each policy: static (no coordinator: fixed shares), overflow \\
            (the coordinator minimising delay) and value (the coordinator maximising value within the \\
            service-level targets). The coordinator is the real one: the Planning module's rebalance, \\
            per-contact routing and mode rules. Every replication uses the same arrivals, handle times \\
            and patience under every policy, so differences between policies come with tight intervals.
            Examples:
              interflow simulate sites/scenarios/pooling-gain.yaml
              interflow simulate sites/scenarios/value-vs-cost.yaml --policy value --replications 30 --json
            """
    )

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(help: "static, overflow, value or all (default: the scenario's, or all).")
    var policy: String?

    @Option(help: "Replications per policy (default: the scenario's, or 10).")
    var replications: Int?

    @Option(help: "Seed of the first replication (default: the scenario's, or 1).")
    var seed: UInt64?

    @Option(help: "Threads to run replications on (default: one per core).")
    var threads: Int = 0

    @Flag(help: "Print the comparison as JSON (every replication's figures included).")
    var json = false

    func validate() throws {
        if let policy, policy != "all", SimulationPolicy(rawValue: policy) == nil {
            throw ValidationError("--policy: found \"\(policy)\", accepted static, overflow, value or all")
        }
        if let replications, !(2...10_000).contains(replications) {
            throw ValidationError("--replications: found \(replications), accepted 2 to 10000 (a confidence interval needs two)")
        }
        if threads < 0 { throw ValidationError("--threads: found \(threads), accepted 0 (one per core) or more") }
    }

    func run() throws {
        var loaded: Scenario
        do {
            loaded = try ScenarioLoader.load(path: scenario)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        if let policy { loaded.settings.policies = policy == "all" ? SimulationPolicy.allCases : [SimulationPolicy(rawValue: policy)!] }
        if let replications { loaded.settings.replications = replications }
        if let seed { loaded.settings.seed = seed }
        let clock = ContinuousClock()
        let started = clock.now
        let comparison = PolicyComparison.run(loaded, threads: threads)
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if json {
            let report = SimulationReport(comparison: comparison, wallSeconds: seconds)
            FileHandle.standardOutput.write(try AgentProtocol.makeEncoder().encode(report))
            print()
            return
        }
        print(SimulationTable.render(comparison, scenario: loaded, wallSeconds: seconds))
    }
}

/// The JSON `interflow simulate --json` prints: the comparison and how long it took.
struct SimulationReport: Encodable {
    var comparison: PolicyComparison
    var wallSeconds: Double
    /// Engine events per second of wall time, over every run.
    var eventsPerSecond: Double
    /// Model events (arrivals, answers, completions, abandons) per second, comparable with a peer simulator's.
    var modelEventsPerSecond: Double

    init(comparison: PolicyComparison, wallSeconds: Double) {
        self.comparison = comparison
        self.wallSeconds = wallSeconds
        eventsPerSecond = Double(comparison.events) / max(wallSeconds, 1e-9)
        modelEventsPerSecond = Double(comparison.modelEvents) / max(wallSeconds, 1e-9)
    }
}

/// The readable comparison.
enum SimulationTable {
    /// A line of the table: free text, or a row of a label and a cell per policy.
    enum Line {
        case text(String)
        case row(String, [String])
    }

    static func render(_ comparison: PolicyComparison, scenario: Scenario, wallSeconds: Double) -> String {
        var lines: [Line] = []
        let policies = comparison.summaries.map(\.policy.rawValue)
        lines.append(.text("\(scenario.name): \(comparison.replications) replications per policy, seed \(comparison.seed)"))
        if let description = scenario.description { lines.append(.text(description)) }
        lines.append(.text(""))
        lines.append(.row("mean (95 % interval)", policies))
        lines.append(.row("contacts offered", comparison.summaries.map { format($0.offered, as: .count) }))
        let kinds: [(String, Kind)] = [
            ("service level", .percent), ("service level of answered", .percent), ("ASA (s)", .seconds), ("abandon rate", .percent),
            ("callbacks", .count), ("self-service", .count), ("interflows", .count), ("value", .money), ("cost", .money),
            ("abandon cost", .money), ("net value", .money),
        ]
        for (name, kind) in kinds {
            lines.append(.row(name, comparison.summaries.map { $0.metrics[name].map { format($0, as: kind) } ?? "" }))
        }
        lines.append(.text(""))
        lines.append(.row("per site: volume share / occupancy", policies))
        for (index, site) in (comparison.summaries.first?.sites ?? []).enumerated() {
            lines.append(
                .row(
                    "  \(site.id)",
                    comparison.summaries.map { summary in
                        let s = summary.sites[index]
                        return "\(percent(s.volumeShare.mean)) / \(percent(s.occupancy.mean))"
                    }))
        }
        if !comparison.differences.isEmpty {
            lines.append(.text(""))
            lines.append(.text("differences, paired by replication (* when the 95 % interval excludes 0)"))
            for difference in comparison.differences {
                lines.append(.text("  \(difference.policy.rawValue) − \(difference.baseline.rawValue):"))
                for (name, kind) in kinds {
                    guard let estimate = difference.metrics[name] else { continue }
                    lines.append(
                        .text(
                            "    \(name.padding(toLength: 26, withPad: " ", startingAt: 0))\(format(estimate, as: kind, signed: true))\(estimate.isSignificant ? " *" : "")"
                        ))
                }
            }
        }
        lines.append(.text(""))
        let runs = comparison.runs.count
        lines.append(
            .text(
                "\(runs) runs in \(String(format: "%.2f", wallSeconds)) s: \(comparison.events) events "
                    + "(\(String(format: "%.1f", Double(comparison.events) / max(wallSeconds, 1e-9) / 1e6)) million a second)"))
        return layOut(lines)
    }

    /// The lines as text, the rows' columns as wide as their widest entry (a long site id or a large
    /// amount is never cut).
    static func layOut(_ lines: [Line]) -> String {
        var labels: [String] = []
        var cells: [String] = []
        for case .row(let label, let row) in lines {
            labels.append(label)
            cells += row
        }
        let labelWidth = max(labels.map(\.count).max() ?? 0, 26) + 2
        let width = max(cells.map(\.count).max() ?? 0, 22) + 2
        return lines.map { line in
            switch line {
            case .text(let text): return text
            case .row(let label, let row):
                return label.padding(toLength: labelWidth, withPad: " ", startingAt: 0)
                    + row.map { $0.padding(toLength: width, withPad: " ", startingAt: 0) }.joined()
            }
        }.joined(separator: "\n")
    }

    enum Kind { case percent, seconds, count, money }

    static func format(_ estimate: Estimate, as kind: Kind, signed: Bool = false) -> String {
        func number(_ value: Double, sign: Bool) -> String {
            let prefix = sign && value > 0 ? "+" : ""
            switch kind {
            case .percent: return prefix + String(format: "%.1f", value * 100)
            case .seconds: return prefix + String(format: "%.1f", value)
            case .count: return prefix + String(format: "%.0f", value)
            case .money: return prefix + String(format: "%.0f", value)
            }
        }
        let unit = kind == .percent ? (signed ? " pt" : " %") : ""
        let half = estimate.halfWidth.isFinite ? " ± " + number(estimate.halfWidth, sign: false) : ""
        return number(estimate.mean, sign: signed) + half + unit
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
}

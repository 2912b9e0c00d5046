import ArgumentParser
import Coordinator
import Foundation
import InterflowCore
import Logging
import Store

/// `interflow jobs list|history|run`: the scheduled jobs of a federation and their runs.
struct Jobs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the scheduled jobs, show their runs, or run one now.",
        discussion: """
            Jobs come from the jobs: section of federation.yaml; runs are read from the store in coordinator.data_dir \
            (or --data-dir). Each scheduled run is keyed by its slot, the UTC instant it was due.
            """,
        subcommands: [List.self, History.self, Run.self]
    )

    /// `--config`, `--data-dir`.
    struct Common: ParsableArguments {
        @Option(name: .long, help: "Directory holding federation.yaml and the site files.")
        var config: String = "sites"

        @OptionGroup var storage: StoreOptions
    }

    static func format(_ date: Date?) -> String {
        date.map { $0.formatted(.iso8601) } ?? "-"
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every job: kind, schedule, time zone, grace, next slot and latest run.")

        @OptionGroup var common: Common

        func run() async throws {
            let federation = try loadFederationOrExit(common.config)
            let store = try common.storage.openOrExit(for: federation, command: "jobs list")
            let view = try await JobsView.make(jobs: federation.config.jobs, store: store, now: Date(), runs: 1)
            if view.jobs.isEmpty {
                print("no jobs in \(common.config)/federation.yaml (add a jobs: section; see docs/configuration.md)")
                return
            }
            print("name\tkind\tschedule\ttime zone\tgrace\tenabled\tnext slot\tlast run")
            for job in view.jobs {
                let last = job.lastRuns.first.map { "\(Jobs.format($0.slot)) \($0.state)" } ?? "never"
                print(
                    "\(job.name)\t\(job.kind)\t\(job.schedule)\t\(job.timeZone)\t\(Int(job.graceSeconds))s\t\(job.enabled)\t"
                        + "\(Jobs.format(job.nextSlot))\t\(last)")
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Runs of one job (or all), newest slot first.")

        @OptionGroup var common: Common

        @Argument(help: "The job's name (default: every job).")
        var name: String?

        @Option(name: .long, help: "Most runs to show.")
        var limit: Int = 50

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit: found \(limit), accepted a positive number of runs") }
        }

        func run() async throws {
            let federation = try loadFederationOrExit(common.config)
            if let name, federation.config.job(name) == nil {
                printError("interflow jobs history: no job \"\(name)\"; jobs: \(federation.config.jobs.map(\.name).joined(separator: ", "))")
                throw ExitCode(1)
            }
            let store = try common.storage.openOrExit(for: federation, command: "jobs history")
            let runs = try await store.jobRuns(job: name, limit: limit)
            if json {
                let data = try AgentProtocolEncoder.make().encode(runs)
                print(String(decoding: data, as: UTF8.self))
                return
            }
            print("job\tslot\tstate\ttrigger\tattempt\tstarted\tfinished\toutcome")
            for run in runs {
                let outcome = run.error.map { "error: \($0)" } ?? run.outcome ?? ""
                print(
                    "\(run.job)\t\(Jobs.format(run.slot))\t\(run.state.rawValue)\t\(run.trigger.rawValue)\t\(run.attempt)\t"
                        + "\(Jobs.format(run.startedAt))\t\(Jobs.format(run.finishedAt))\t\(outcome)")
                if let changed = run.changed { for line in changed.split(separator: "\n") { print("\t\t\(line)") } }
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one job now, out of schedule.",
            discussion: """
                The run is recorded as a manual run keyed by the time it was asked for, with an operator action naming \
                the user. With --dry-run nothing is changed or recorded: the job says what it would do. Jobs that plan \
                from live state see only what the store holds when run from here.
                """)

        @OptionGroup var common: Common

        @Argument(help: "The job's name.")
        var name: String

        @Flag(name: .long, help: "Change nothing; print what the job would do.")
        var dryRun = false

        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.makeLogger(label: "interflow.jobs")
            let federation = try loadFederationOrExit(common.config)
            guard let job = federation.config.job(name) else {
                let names = federation.config.jobs.map(\.name)
                printError(
                    "interflow jobs run: no job \"\(name)\" in \(common.config)/federation.yaml; "
                        + (names.isEmpty ? "it has no jobs: section" : "jobs: \(names.joined(separator: ", "))"))
                throw ExitCode(1)
            }
            let store = try common.storage.openOrExit(for: federation, command: "jobs run")
            let state = FederationState(federation: federation, logger: logger)
            try await state.restore(from: store)
            let context = JobContext(store: store, federation: federation, state: state, dataDirectory: common.storage.directory(for: federation))
            let runner = JobRunner(store: store, registry: .standard(context), logger: logger)
            let now = Date()
            let slot = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
            if !dryRun {
                let user = ProcessInfo.processInfo.environment["USER"] ?? "unknown"
                try await store.recordOperatorAction(
                    OperatorActionRecord(
                        at: now, actor: user, action: "jobs run", detail: "\(job.name) (\(job.kind.rawValue)) at \(Jobs.format(slot))"))
            }
            guard let record = try await runner.run(job, slot: slot, trigger: .manual, dryRun: dryRun) else {
                print("\(job.name): slot \(Jobs.format(slot)) already ran")
                return
            }
            print("\(job.name) \(dryRun ? "dry run" : record.state.rawValue): \(record.error ?? record.outcome ?? "")")
            if let changed = record.changed { print(changed) }
            if record.state == .failed { throw ExitCode(1) }
        }
    }
}

enum AgentProtocolEncoder {
    static func make() -> JSONEncoder {
        let encoder = AgentProtocol.makeEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return encoder
    }
}

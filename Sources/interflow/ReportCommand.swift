import ArgumentParser
import Store
import Coordinator
import Foundation
import InterflowCore
import Polling
import Reports

/// `interflow report …`: reports from the federation's data.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reports from the federation's data.",
        subcommands: [Contract.self]
    )

    /// `interflow report contract --outsourcer ID --from DATE --to DATE [--format html|csv|json] [--output FILE]`.
    struct Contract: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Review an outsourcer's performance against its contracts over a period.",
            discussion: """
                Volumes against the contracted and allocated shares, service level overall, per day and per interval, abandon \
                rate, ASA, AHT, FCR, adherence and seats where the site's mode shows them, cost, value and net value per \
                handled contact, credits and bonuses from the contract's clauses, missing intervals, and a ranking of every \
                site doing the same work. Dates are local days of each site, both included.

                Intervals come from a running coordinator (GET /v1/sites/{id}/intervals) or from a JSON file \
                {"siteId": [IntervalRecord, ...]} given with --intervals.
                """
        )

        @Option(help: "The outsourcer: its id (e.g. bayanihan-contact-services), its name, or one of its site ids.")
        var outsourcer: String

        @Option(help: "The first day, YYYY-MM-DD.")
        var from: String

        @Option(help: "The last day, YYYY-MM-DD (included).")
        var to: String

        @Option(help: "html, csv or json.")
        var format: String = "html"

        @Option(help: "Write the report to this file instead of standard output.")
        var output: String?

        @Option(help: "The configuration directory.")
        var config: String = "sites"

        @Option(help: "Base URL of the coordinator to read closed intervals from.")
        var coordinator: String = "http://127.0.0.1:8080"

        @Option(help: "Read closed intervals from this JSON file ({\"siteId\": [IntervalRecord, ...]}) instead of the coordinator.")
        var intervals: String?

        @Option(
            name: .long,
            help: "Read closed and missing intervals from the coordinator's store in this data directory (the source of truth) instead of a running coordinator.")
        var dataDir: String?

        func validate() throws {
            guard let first = CalendarDay(from) else {
                throw ValidationError("--from: found \"\(from)\", accepted a date YYYY-MM-DD such as 2026-02-01")
            }
            guard let last = CalendarDay(to) else {
                throw ValidationError("--to: found \"\(to)\", accepted a date YYYY-MM-DD such as 2026-02-28")
            }
            guard ReviewPeriod(from: first, to: last) != nil else {
                throw ValidationError("--to: found \(to), before --from \(from); accepted a last day on or after the first")
            }
            guard ReportFormat(rawValue: format) != nil else {
                throw ValidationError("--format: found \"\(format)\", accepted " + ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard coordinator.hasPrefix("http://") || coordinator.hasPrefix("https://") else {
                throw ValidationError("--coordinator: found \"\(coordinator)\", accepted an http:// or https:// URL such as http://127.0.0.1:8080")
            }
        }

        func run() async throws {
            let federation = try loadFederationOrExit(config)
            guard let company = Outsourcer.find(outsourcer, in: federation) else {
                printError(ContractReviewError.unknownOutsourcer(found: outsourcer, known: Outsourcer.all(in: federation).map(\.id)).description)
                throw ExitCode(1)
            }
            // Its sites and every competitor for the same skills, for the ranking.
            let skills = Set(company.siteIds.compactMap(federation.site).flatMap(\.skills))
            let siteIds = federation.sites.filter { !skills.isDisjoint(with: $0.skills) }.map(\.id)
            let period = ReviewPeriod(from: CalendarDay(from)!, to: CalendarDay(to)!)!
            let data: ReviewData
            do {
                if let dataDir {
                    let store: SQLiteStore
                    do {
                        store = try SQLiteStore(directory: dataDir)
                    } catch {
                        printError("interflow report contract: \(error)")
                        throw ExitCode(1)
                    }
                    data = try await ReviewSource.data(outsourcer: company, period: period, federation: federation, store: store)
                } else if let intervals {
                    data = ReviewData(intervals: try Self.readIntervals(file: intervals))
                } else {
                    data = ReviewData(intervals: try await Self.fetchIntervals(from: coordinator, sites: siteIds))
                }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                printError((error as? IntervalSourceError)?.message ?? "cannot read the intervals: \(error)")
                throw ExitCode(1)
            }
            let review: ContractReview
            do {
                review = try ContractReviewBuilder(federation: federation).review(outsourcer: company.id, period: period, data: data)
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
            let text = try ReportFormat(rawValue: format)!.render(review)
            if let output {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output))
                } catch {
                    printError("cannot write \(output): \(error.localizedDescription); check that its directory exists and is writable")
                    throw ExitCode(1)
                }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }

        /// Why intervals could not be read, ready to print.
        struct IntervalSourceError: Error {
            var message: String
        }

        static func readIntervals(file: String) throws -> [String: [IntervalRecord]] {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw IntervalSourceError(message: "--intervals: cannot read \(file); give a JSON file {\"siteId\": [IntervalRecord, ...]}")
            }
            do {
                return try AgentProtocol.makeDecoder().decode([String: [IntervalRecord]].self, from: data)
            } catch {
                throw IntervalSourceError(
                    message: "--intervals: \(file) is not {\"siteId\": [IntervalRecord, ...]} with ISO 8601 dates (\(error))")
            }
        }

        static func fetchIntervals(from coordinator: String, sites: [String]) async throws -> [String: [IntervalRecord]] {
            let base = coordinator.hasSuffix("/") ? String(coordinator.dropLast()) : coordinator
            let client = CurlMultiClient(maxConcurrent: 8, maxConnections: 8)
            defer { client.shutdown() }
            var result: [String: [IntervalRecord]] = [:]
            for site in sites {
                let url = "\(base)/v1/sites/\(site)/intervals"
                let response: AgentResponse
                do {
                    response = try await client.perform(AgentRequest(url: url, connectTimeout: 5, totalTimeout: 120, maxResponseBytes: 512 << 20))
                } catch {
                    throw IntervalSourceError(
                        message: "cannot read intervals from \(url): \(error); start the coordinator (interflow serve) or give --intervals FILE")
                }
                guard response.status == 200 else {
                    let body = String(decoding: response.body.prefix(300), as: UTF8.self)
                    throw IntervalSourceError(message: "\(url) answered HTTP \(response.status): \(body)")
                }
                do {
                    result[site] = try AgentProtocol.makeDecoder().decode([IntervalRecord].self, from: Data(response.body))
                } catch {
                    throw IntervalSourceError(message: "\(url) answered with a body that is not a list of interval records (\(error))")
                }
            }
            return result
        }
    }
}

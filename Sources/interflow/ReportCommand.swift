import ArgumentParser
import Coordinator
import Foundation
import InterflowCore
import Polling
import Reports
import Store

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

                The data comes from the coordinator's store (--data-dir: closed and missing intervals, share history), \
                a running coordinator (--coordinator: GET /v1/sites/{id}/intervals and GET /v1/share-history) or a JSON \
                file given with --intervals: either {"siteId": [IntervalRecord, ...]} or {"intervals": {"siteId": \
                [IntervalRecord, ...]}, "shareHistory": [ShareChange, ...], "allocatedShares": {"siteId": {"skill": \
                fraction}}} where shareHistory and allocatedShares may be left out. A ShareChange is {"at": ISO 8601 \
                time, "skill", "siteId", "share": 0...1, "source": "rebalance"|"change-order"|"restore"}, as \
                GET /v1/share-history lists them; the allocated share of each site and skill is the share in effect \
                in each interval weighted by the volume offered to all sites in it. Without a share history covering \
                the period, the allocated share and volume are shown as not measurable.
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

        @Option(help: "Base URL of the coordinator to read closed intervals and the share history from.")
        var coordinator: String = "http://127.0.0.1:8080"

        @Option(
            help:
                "Read closed intervals (and optionally the share history or allocated shares) from this JSON file instead of the coordinator; see the format above."
        )
        var intervals: String?

        @Option(
            name: .long,
            help:
                "Read closed and missing intervals and the share history from the coordinator's store in this data directory (the source of truth) instead of a running coordinator."
        )
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
                    data = try Self.readData(file: intervals)
                } else {
                    let (from, to) = ReviewSource.window(period)
                    data = ReviewData(
                        intervals: try await Self.fetchIntervals(from: coordinator, sites: siteIds),
                        shareHistory: try await Self.fetchShareHistory(from: coordinator, sites: siteIds, between: from, and: to))
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

        /// The `--intervals` file: `{"intervals": {...}, "shareHistory": [...]?, "allocatedShares": {...}?}`.
        struct IntervalsFile: Decodable {
            var intervals: [String: [IntervalRecord]]
            var shareHistory: [ShareChange]?
            var allocatedShares: [String: [String: Double]]?
        }

        static let fileFormat =
            "{\"siteId\": [IntervalRecord, ...]} or {\"intervals\": {\"siteId\": [IntervalRecord, ...]}, \"shareHistory\": [ShareChange, ...], "
            + "\"allocatedShares\": {\"siteId\": {\"skill\": fraction}}} (the last two optional), with ISO 8601 dates"

        static func readData(file: String) throws -> ReviewData {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw IntervalSourceError(message: "--intervals: cannot read \(file); give a JSON file \(fileFormat)")
            }
            let decoder = AgentProtocol.makeDecoder()
            let object: IntervalsFile
            do {
                object = try decoder.decode(IntervalsFile.self, from: data)
            } catch DecodingError.keyNotFound(let key, let context) where key.stringValue == "intervals" && context.codingPath.isEmpty {
                // No "intervals" key: the plain form, every key a site id.
                do {
                    return ReviewData(intervals: try decoder.decode([String: [IntervalRecord]].self, from: data))
                } catch let error as DecodingError {
                    throw IntervalSourceError(message: "--intervals: \(file) is not \(fileFormat): \(DecodingErrorText.describe(error))")
                }
            } catch let error as DecodingError {
                throw IntervalSourceError(message: "--intervals: \(file) is not \(fileFormat): \(DecodingErrorText.describe(error))")
            }
            for (index, change) in (object.shareHistory ?? []).enumerated() where !(0...1).contains(change.share) {
                throw IntervalSourceError(
                    message: "--intervals: \(file): shareHistory[\(index)].share: found \(change.share), accepted a fraction from 0 to 1")
            }
            for (site, skills) in object.allocatedShares ?? [:] {
                for (skill, share) in skills where !(0...1).contains(share) {
                    throw IntervalSourceError(
                        message: "--intervals: \(file): allocatedShares.\(site).\(skill): found \(share), accepted a fraction from 0 to 1")
                }
            }
            return ReviewData(intervals: object.intervals, shareHistory: object.shareHistory, allocatedShares: object.allocatedShares ?? [:])
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

        /// The share history of `sites` in `[from, to)` from a running coordinator; `nil` when the
        /// coordinator is too old to serve one (the allocated share is then not measurable, and a note says so).
        static func fetchShareHistory(from coordinator: String, sites: [String], between from: Date, and to: Date) async throws -> [ShareChange]? {
            let base = coordinator.hasSuffix("/") ? String(coordinator.dropLast()) : coordinator
            let client = CurlMultiClient(maxConcurrent: 1, maxConnections: 1)
            defer { client.shutdown() }
            let url =
                "\(base)\(ShareHistoryView.path)?from=\(from.formatted(.iso8601))&to=\(to.formatted(.iso8601))&sites=\(sites.joined(separator: ","))"
            let response: AgentResponse
            do {
                response = try await client.perform(AgentRequest(url: url, connectTimeout: 5, totalTimeout: 120, maxResponseBytes: 256 << 20))
            } catch {
                throw IntervalSourceError(
                    message: "cannot read the share history from \(url): \(error); start the coordinator (interflow serve) or give --intervals FILE")
            }
            if response.status == 404 && !String(decoding: response.body, as: UTF8.self).contains("unknown-site") {
                printError(
                    "note: \(base) serves no share history (GET \(ShareHistoryView.path) answered 404): the allocated share is shown as not measurable"
                )
                return nil
            }
            guard response.status == 200 else {
                let body = String(decoding: response.body.prefix(300), as: UTF8.self)
                throw IntervalSourceError(message: "\(url) answered HTTP \(response.status): \(body)")
            }
            do {
                return try AgentProtocol.makeDecoder().decode(ShareHistoryView.self, from: Data(response.body)).changes
            } catch {
                throw IntervalSourceError(message: "\(url) answered with a body that is not a share history {from, to, changes} (\(error))")
            }
        }
    }
}

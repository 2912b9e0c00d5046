import Foundation
import HTTPTypes
import Hummingbird
import InterflowCore
import Reports
import ServerSupport
import Store

extension CoordinatorServer {
    /// `GET /v1/reports/contracts/{outsourcer}?from=YYYY-MM-DD&to=YYYY-MM-DD&format=html|csv|json`:
    /// the contract review of an outsourcer over whole days, from the store's closed intervals and
    /// missing intervals (or, without a store, the intervals the coordinator holds in memory).
    static func addReportRoutes(to router: Router<BasicRequestContext>, state: FederationState, store: (any FederationStore)?) {
        router.get("/v1/reports/contracts/:outsourcer") { request, context -> Response in
            let federation = state.federation
            let name = try context.parameters.require("outsourcer")
            guard let company = Outsourcer.find(name, in: federation) else {
                throw ProtocolErrorResponse(
                    .notFound, error: "unknown-outsourcer",
                    message: ContractReviewError.unknownOutsourcer(found: name, known: Outsourcer.all(in: federation).map(\.id)).description)
            }
            let query = request.uri.queryParameters
            func day(_ key: Substring) throws -> CalendarDay {
                guard let text = query[key].map(String.init), let day = CalendarDay(text) else {
                    throw ProtocolErrorResponse(
                        .badRequest, error: "invalid-query", message: "\(key): found \"\(query[key].map(String.init) ?? "")\", accepted a day such as 2026-11-01")
                }
                return day
            }
            let first = try day("from")
            let last = try day("to")
            guard let period = ReviewPeriod(from: first, to: last) else {
                throw ProtocolErrorResponse(.badRequest, error: "invalid-range", message: "to must be on or after from")
            }
            let formatText = query["format"].map(String.init) ?? "json"
            guard let format = ReportFormat(rawValue: formatText) else {
                throw ProtocolErrorResponse(
                    .badRequest, error: "invalid-query",
                    message: "format: found \"\(formatText)\", accepted " + ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            // The outsourcer's sites and every competitor for the same skills, over the period
            // padded by a day each side for time zones.
            let skills = Set(company.siteIds.compactMap(federation.site).flatMap(\.skills))
            let siteIds = federation.sites.filter { !skills.isDisjoint(with: $0.skills) }.map(\.id)
            let from = Date(timeIntervalSince1970: Double(first.dayNumber - 1) * 86_400)
            let to = Date(timeIntervalSince1970: Double(last.dayNumber + 2) * 86_400)
            var intervals: [String: [IntervalRecord]] = [:]
            var missing: [Reports.MissingInterval] = []
            if let store {
                do {
                    for id in siteIds {
                        intervals[id] = try await store.intervals(siteId: id, skill: nil, from: from, to: to).map(\.record)
                    }
                    missing = try await store.missingIntervals(siteId: nil, from: from, to: to).filter { siteIds.contains($0.siteId) }.map {
                        Reports.MissingInterval(siteId: $0.siteId, skill: $0.skill, start: $0.start, cause: $0.cause)
                    }
                } catch {
                    throw ProtocolErrorResponse(.internalServerError, error: "store-unavailable", message: "cannot read the store: \(error)")
                }
            } else {
                for id in siteIds { intervals[id] = await state.intervals(of: id).filter { $0.start >= from && $0.start < to } }
            }
            let review: ContractReview
            do {
                review = try ContractReviewBuilder(federation: federation).review(
                    outsourcer: company.id, period: period, data: ReviewData(intervals: intervals, missing: missing))
            } catch {
                throw ProtocolErrorResponse(.unprocessableContent, error: "report-failed", message: "\(error)")
            }
            var headers = HTTPFields()
            headers[.contentType] = format.contentType
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: try format.render(review))))
        }
    }
}

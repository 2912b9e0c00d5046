import Foundation
import HTTPTypes
import Hummingbird
import InterflowCore
import Reports
import ServerSupport
import Store

extension CoordinatorServer {
    /// `GET /v1/reports/contracts/{outsourcer}?from=YYYY-MM-DD&to=YYYY-MM-DD&format=html|csv|json`:
    /// the contract review of an outsourcer over whole days, from the store's closed intervals,
    /// missing intervals and share history (or, without a store, the intervals and share changes
    /// the coordinator holds in memory).
    static func addReportRoutes(to router: Router<BasicRequestContext>, state: FederationState, book: PlanBook?, store: (any FederationStore)?) {
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
                        .badRequest, error: "invalid-query",
                        message: "\(key): found \"\(query[key].map(String.init) ?? "")\", accepted a day such as 2026-11-01")
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
            let data: ReviewData
            if let store {
                do {
                    data = try await ReviewSource.data(outsourcer: company, period: period, federation: federation, store: store)
                } catch {
                    throw ProtocolErrorResponse(.internalServerError, error: "store-unavailable", message: "cannot read the store: \(error)")
                }
            } else {
                var intervals: [String: [IntervalRecord]] = [:]
                let (from, to) = ReviewSource.window(period)
                for id in ReviewSource.siteIds(outsourcer: company, federation: federation) {
                    intervals[id] = await state.intervals(of: id).filter { $0.start >= from && $0.start < to }
                }
                data = ReviewData(intervals: intervals, shareHistory: await book?.shareHistory(from: from, to: to))
            }
            let review: ContractReview
            do {
                review = try ContractReviewBuilder(federation: federation).review(
                    outsourcer: company.id, period: period, data: data)
            } catch {
                throw ProtocolErrorResponse(.unprocessableContent, error: "report-failed", message: "\(error)")
            }
            var headers = HTTPFields()
            headers[.contentType] = format.contentType
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: try format.render(review))))
        }
    }
}

/// Where a contract review's data comes from: the store's closed and missing intervals and its share history.
public enum ReviewSource {
    /// The outsourcer's sites and every competitor for the same skills (for the ranking).
    public static func siteIds(outsourcer company: Outsourcer, federation: Federation) -> [String] {
        let skills = Set(company.siteIds.compactMap(federation.site).flatMap(\.skills))
        return federation.sites.filter { !skills.isDisjoint(with: $0.skills) }.map(\.id)
    }

    /// The instants to read: the period's days padded by a day each side for the sites' time zones.
    public static func window(_ period: ReviewPeriod) -> (from: Date, to: Date) {
        (
            Date(timeIntervalSince1970: Double(period.from.dayNumber - 1) * 86_400),
            Date(timeIntervalSince1970: Double(period.to.dayNumber + 2) * 86_400)
        )
    }

    /// Closed intervals, missing intervals and the share history of the review's sites from `store`.
    public static func data(outsourcer company: Outsourcer, period: ReviewPeriod, federation: Federation, store: any FederationStore) async throws
        -> ReviewData
    {
        let ids = siteIds(outsourcer: company, federation: federation)
        let (from, to) = window(period)
        var intervals: [String: [IntervalRecord]] = [:]
        for id in ids { intervals[id] = try await store.intervals(siteId: id, skill: nil, from: from, to: to).map(\.record) }
        let missing = try await store.missingIntervals(siteId: nil, from: from, to: to).filter { ids.contains($0.siteId) }
        let history = try await store.shareHistory(from: from, to: to, siteIds: ids)
        return ReviewData(intervals: intervals, missing: missing, shareHistory: history)
    }
}

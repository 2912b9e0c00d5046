import Foundation
import Hummingbird
import InterflowCore
import ServerSupport
import Store

/// `GET /v1/share-history?from&to[&sites=a,b]`: what decides the shares the sites were given in
/// `[from, to)`: for each skill and site the change in effect at `from` and every later one.
public struct ShareHistoryView: Codable, Sendable, ResponseEncodable {
    public var from: Date
    public var to: Date
    /// Oldest first (``ShareChange``).
    public var changes: [ShareChange]

    public init(from: Date, to: Date, changes: [ShareChange]) {
        self.from = from
        self.to = to
        self.changes = changes
    }

    /// The path of the route.
    public static let path = "/v1/share-history"
}

extension CoordinatorServer {
    /// Where `GET /v1/share-history` reads from: the store's share history, or without a store the
    /// changes the plan book keeps in memory.
    typealias ShareHistorySource = @Sendable (_ from: Date, _ to: Date, _ siteIds: [String]?) async throws -> [ShareChange]

    static func addShareHistoryRoute(to router: Router<BasicRequestContext>, state: FederationState, history: @escaping ShareHistorySource) {
        router.get("/v1/share-history") { request, _ -> ShareHistoryView in
            let query = request.uri.queryParameters
            func instant(_ key: Substring) throws -> Date {
                let text = query[key].map(String.init) ?? ""
                guard let date = try? Date(text, strategy: .iso8601) else {
                    throw ProtocolErrorResponse(
                        .badRequest, error: "invalid-query",
                        message: "\(key): found \"\(text)\", accepted an ISO 8601 time such as 2026-11-18T00:00:00Z")
                }
                return date
            }
            let from = try instant("from")
            let to = try instant("to")
            guard from < to else {
                throw ProtocolErrorResponse(.badRequest, error: "invalid-range", message: "to must be after from")
            }
            let sites = query["sites"].map { $0.split(separator: ",").map(String.init) }
            for site in sites ?? [] where state.federation.site(site) == nil {
                throw ProtocolErrorResponse(
                    .notFound, error: "unknown-site",
                    message: "sites: no site \"\(site)\" in the federation; known: \(state.federation.sites.map(\.id).joined(separator: ", "))")
            }
            do {
                return ShareHistoryView(from: from, to: to, changes: try await history(from, to, sites))
            } catch {
                throw ProtocolErrorResponse(.internalServerError, error: "store-unavailable", message: "cannot read the share history: \(error)")
            }
        }
    }
}

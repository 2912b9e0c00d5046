import HTTPTypes
import Hummingbird

/// Requires `Authorization: Bearer <token>` on every request except the open paths.
///
/// The comparison runs in time independent of where the tokens differ.
public struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]
    let openPaths: Set<String>

    public init(token: String, openPaths: Set<String>) {
        self.token = Array(token.utf8)
        self.openPaths = openPaths
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if openPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            throw ProtocolErrorResponse(.unauthorized, error: "unauthorized", message: "missing Authorization: Bearer <token> header")
        }
        let prefix = "Bearer "
        guard header.hasPrefix(prefix), Self.constantTimeEqual(Array(header.utf8.dropFirst(prefix.utf8.count)), token) else {
            throw ProtocolErrorResponse(.unauthorized, error: "unauthorized", message: "bearer token not accepted for this site")
        }
        return try await next(request, context)
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTPTypes
import Planning
import ServerSupport

/// Answers `POST /v1/route` on the connection's event loop, in Hummingbird's channel pipeline,
/// before the router: for a well-formed request of a known skill and segment it decides through
/// the same ``RouteEndpoint`` as the router's handler and writes the same answer (``RouteJSON``;
/// `Content-Type`, `Content-Length`, `Date`, `Server`), without the hops from the event loop to
/// Swift Concurrency's pool and back, the async channel's buffering and the router's per-request
/// context. Under load those cost several times the decision itself (BENCHMARKS.md, "Route
/// decisions over HTTP").
///
/// Every other request goes to the router unchanged, and so does a route request that is not
/// well formed, names an unknown skill or segment, is larger than ``bodyLimit``, asks for
/// `Connection: close` or `Expect`, arrives while the router still owes an answer on this
/// connection (HTTP/1.1 answers go out in the order the requests came), or arrives while the
/// connection is not writable (a client that does not read its answers: the router's writer waits
/// for it, and the async channel then stops reading). The router answers those exactly as before,
/// errors included.
final class RouteFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The largest request body taken (the router answers 413 beyond it).
    static let bodyLimit = 16 * 1024

    private enum State {
        /// Between requests.
        case idle
        /// Reading the body of a route request to answer here.
        case collecting(HTTPRequest, ByteBuffer)
        /// Passing the parts of a request to the router until its end.
        case forwarding
    }

    private let endpoint: RouteEndpoint
    private let serverName: String?
    private var state = State.idle
    /// Requests passed to the router whose answer has not been written yet.
    private var owed = 0
    private var unflushed = false
    private var date = HTTPDate()

    init(endpoint: RouteEndpoint, serverName: String?) {
        self.endpoint = endpoint
        self.serverName = serverName
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch (state, part) {
        case (.idle, .head(let head)):
            if owed == 0, head.method == .post, head.path == "/v1/route", head.headerFields[.connection] == nil,
                head.headerFields[.expect] == nil, context.channel.isWritable
            {
                state = .collecting(head, context.channel.allocator.buffer(capacity: 256))
            } else {
                forward(.head(head), context: context)
                state = .forwarding
            }
        case (.collecting(let head, var body), .body(var chunk)):
            state = .forwarding  // releases the state's reference, so that the body grows in place
            if body.readableBytes + chunk.readableBytes > Self.bodyLimit {
                forward(.head(head), context: context)
                if body.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(.body(body))) }
                context.fireChannelRead(wrapInboundOut(.body(chunk)))
            } else {
                body.writeBuffer(&chunk)
                state = .collecting(head, body)
            }
        case (.collecting(let head, let body), .end(let trailers)):
            state = .idle
            if !answer(body, context: context) {
                forward(.head(head), context: context)
                if body.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(.body(body))) }
                context.fireChannelRead(wrapInboundOut(.end(trailers)))
            }
        case (.forwarding, .end):
            state = .idle
            context.fireChannelRead(data)
        default:
            // The rest of a forwarded request, or parts out of order: the router deals with them.
            context.fireChannelRead(data)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if unflushed {
            unflushed = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { owed = max(owed - 1, 0) }
        context.write(data, promise: promise)
    }

    private func forward(_ head: HTTPRequestPart, context: ChannelHandlerContext) {
        owed += 1
        context.fireChannelRead(wrapInboundOut(head))
    }

    /// Decides and writes the answer; false when the router should answer instead.
    private func answer(_ body: ByteBuffer, context: ChannelHandlerContext) -> Bool {
        guard let request = RouteJSON.request(from: body), let decision = endpoint.route(request) else { return false }
        var headers = HTTPFields()
        headers.reserveCapacity(4)
        let json = RouteJSON.body(of: decision)
        if let json {
            headers[.contentType] = JSONBody.contentType
            headers[.contentLength] = String(json.readableBytes)
        } else {
            // A number with no JSON form: the router's encoder would throw, and Hummingbird answer 500.
            headers[.contentLength] = "0"
        }
        headers[.date] = date.now()
        if let serverName { headers[.server] = serverName }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: json == nil ? .internalServerError : .ok, headerFields: headers))), promise: nil)
        if let json { context.write(wrapOutboundOut(.body(json)), promise: nil) }
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        unflushed = true
        return true
    }
}

/// The `Date` header value (RFC 9110 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`), formatted
/// once per second.
struct HTTPDate {
    private var second = 0
    private var text = ""

    mutating func now() -> String {
        var seconds = time(nil)
        guard seconds != second || text.isEmpty else { return text }
        second = seconds
        var parts = tm()
        gmtime_r(&seconds, &parts)
        text = Self.format(parts)
        return text
    }

    static func format(_ parts: tm) -> String {
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}

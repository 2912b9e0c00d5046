import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Planning
import ServerSupport

/// Answers `POST /v1/route` from the connection's bytes, first in the channel pipeline, before
/// the HTTP/1 decoder: a plain route request (``RouteRequestFraming``) is decided through the same
/// ``RouteEndpoint`` and answered with the same bytes the rest of the pipeline would write, without
/// the HTTP/1 parser, the conversions to and from HTTPTypes and the handlers between them. Under
/// load those cost about a quarter of the coordinator's CPU per decision (BENCHMARKS.md, "Route
/// decisions over HTTP").
///
/// The first request on a connection that is anything else — another method or path, a header
/// this handler does not take (`Transfer-Encoding`, `Expect`, `Upgrade`, `Connection` or
/// `Proxy-Connection` other than `keep-alive`), a malformed line, a body over
/// ``RouteFastPath/bodyLimit``, a body that is not a flat route request, an unknown skill or
/// segment — goes to the decoder as it came, with every byte after it, and this handler leaves the
/// pipeline: from then on the connection is served by the decoder, with ``RouteFastPath`` still
/// answering its route requests on the event loop. The answers already written went out before, so
/// the answers stay in the order of the requests. So does a request that arrives while the
/// connection is not writable (a client that does not read its answers), so that the decoded
/// path's backpressure holds the connection's reads; and a request begun when a graceful shutdown
/// starts or the client closes its end.
///
/// No handler after this one sees the requests it answers, so a read-idle timeout behind it
/// would count a busy routing connection as idle; the coordinator sets none.
final class RawRouteFastPath: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = IOData

    private let endpoint: RouteEndpoint
    private let serverName: String?
    /// The start of a request not complete yet.
    private var pending: ByteBuffer?
    private var unflushed = false
    private var left = false
    private var date = HTTPDate()

    init(endpoint: RouteEndpoint, serverName: String?) {
        self.endpoint = endpoint
        self.serverName = serverName
    }

    /// The bytes held for a request not complete yet (for tests: they must stay within one request).
    var heldCapacity: Int { pending?.capacity ?? 0 }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !left else { return context.fireChannelRead(data) }
        var input = unwrapInboundIn(data)
        if var start = pending {
            pending = nil
            start.writeBuffer(&input)
            input = start
        }
        while input.readableBytes > 0 {
            let framing = input.withUnsafeReadableBytes { RouteRequestFraming.frame($0) }
            switch framing {
            case .incomplete:
                input.discardReadBytes()  // or the answered requests before it stay in memory
                pending = input
                return
            case .other:
                return leave(with: input, context: context)
            case .route(let head, let body):
                // A client that does not read its answers: the decoded path's writer waits for it.
                guard context.channel.isWritable else { return leave(with: input, context: context) }
                guard let request = RouteJSON.request(from: input.getSlice(at: input.readerIndex + head, length: body)!),
                    let decision = endpoint.route(request)
                else { return leave(with: input, context: context) }
                input.moveReaderIndex(forwardBy: head + body)
                write(decision, context: context)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if unflushed {
            unflushed = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    /// Before a graceful shutdown closes the connection (Hummingbird's state handler counts only the
    /// requests it has seen) or the client's end closes, a request begun here goes to the decoder,
    /// which answers it, or the error, as it would have.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if !left, let start = pending, event is ChannelShouldQuiesceEvent || (event as? ChannelEvent) == .inputClosed {
            pending = nil
            leave(with: start, context: context, then: event)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// Passes `rest` (from the first request not answered here) to the decoder, then `event`, and
    /// leaves.
    private func leave(with rest: ByteBuffer, context: ChannelHandlerContext, then event: Any? = nil) {
        left = true
        if unflushed {
            unflushed = false
            context.flush()
        }
        context.fireChannelRead(wrapInboundOut(rest))
        if let event { context.fireUserInboundEventTriggered(event) }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    /// The answer as ``RouteFastPath`` writes it: `Content-Type`, `Content-Length`, `Date`,
    /// `Server`, then the JSON; a 500 with no body when a number has no JSON form (the contact is
    /// booked already, so the router must not decide it again).
    private func write(_ decision: RouteDecision, context: ChannelHandlerContext) {
        let json = RouteJSON.body(of: decision)
        var out = context.channel.allocator.buffer(capacity: 192 + (json?.readableBytes ?? 0))
        if let json {
            out.writeStaticString("HTTP/1.1 200 OK\r\nContent-Type: ")
            out.writeString(JSONBody.contentType)
            out.writeStaticString("\r\nContent-Length: ")
            out.writeString(String(json.readableBytes))
        } else {
            out.writeStaticString("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0")
        }
        out.writeStaticString("\r\nDate: ")
        out.writeString(date.now())
        if let serverName {
            out.writeStaticString("\r\nServer: ")
            out.writeString(serverName)
        }
        out.writeStaticString("\r\n\r\n")
        if var json { out.writeBuffer(&json) }
        context.write(wrapOutboundOut(.byteBuffer(out)), promise: nil)
        unflushed = true
    }
}

/// Where a plain `POST /v1/route` HTTP/1.1 request ends in a connection's bytes, checked strictly:
/// anything this does not recognise is `.other`, for the HTTP/1 decoder to read and, if need be,
/// answer with the error.
///
/// Plain means: the request line `POST /v1/route HTTP/1.1`; header lines `name: value` with a
/// token for a name and no control character but tab in the value (no folded lines);
/// exactly one `Content-Length` of digits, at most ``RouteFastPath/bodyLimit``; no
/// `Transfer-Encoding`, `Expect` or `Upgrade`; `Connection` and `Proxy-Connection` (which the
/// decoder also reads as one), if any, `keep-alive`; the head at most ``headLimit`` bytes.
enum RouteRequestFraming: Equatable {
    /// More bytes are needed to tell.
    case incomplete
    /// Not a plain route request: for the decoder.
    case other
    /// A plain route request: its head's length (up to and including the empty line) and its body's.
    case route(head: Int, body: Int)

    static let headLimit = 8 * 1024
    private static let requestLine = Array("POST /v1/route HTTP/1.1\r\n".utf8)

    static func frame(_ bytes: UnsafeRawBufferPointer) -> RouteRequestFraming {
        let line = requestLine
        for index in 0..<min(line.count, bytes.count) where bytes[index] != line[index] { return .other }
        guard bytes.count > line.count else { return .incomplete }
        var start = line.count
        var contentLength: Int?
        while true {
            // The next line: up to CR LF; a CR alone is malformed.
            var end = start
            while end < bytes.count, bytes[end] != 13 { end += 1 }
            guard end + 1 < bytes.count else { return bytes.count > headLimit ? .other : .incomplete }
            guard bytes[end + 1] == 10, end + 2 <= headLimit else { return .other }
            if end == start { break }  // the empty line: the head ends
            guard let header = Header(bytes, from: start, to: end) else { return .other }
            switch header.name {
            case .contentLength:
                guard contentLength == nil, let length = header.digits(bytes, limit: RouteFastPath.bodyLimit) else { return .other }
                contentLength = length
            case .connection:
                guard header.valueEquals(bytes, "keep-alive") else { return .other }
            case .refused:
                return .other
            case .ignored:
                break
            }
            start = end + 2
        }
        let head = start + 2
        guard let body = contentLength else { return .other }
        return bytes.count >= head + body ? .route(head: head, body: body) : .incomplete
    }

    /// One header line, `start..<end` (without its CR LF), with its value trimmed of spaces and tabs.
    private struct Header {
        enum Name { case contentLength, connection, refused, ignored }
        var name: Name
        var value: Range<Int>
        /// A tab before or after the value, which the decoder refuses around a `Content-Length`.
        var tabAround: Bool

        init?(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) {
            var colon = start
            while colon < end, bytes[colon] != UInt8(ascii: ":") {
                guard Self.isTokenByte(bytes[colon]) else { return nil }
                colon += 1
            }
            guard colon > start, colon < end else { return nil }
            var first = colon + 1
            var last = end
            while first < last, bytes[first] == 32 || bytes[first] == 9 { first += 1 }
            while last > first, bytes[last - 1] == 32 || bytes[last - 1] == 9 { last -= 1 }
            tabAround = bytes[colon + 1..<first].contains(9) || bytes[last..<end].contains(9)
            for index in first..<last {
                let byte = bytes[index]
                guard byte == 9 || (byte >= 32 && byte != 127) else { return nil }
            }
            value = first..<last
            let name = UnsafeRawBufferPointer(rebasing: bytes[start..<colon])
            if Self.equalsIgnoringCase(name, "content-length") {
                self.name = .contentLength
            } else if Self.equalsIgnoringCase(name, "connection") || Self.equalsIgnoringCase(name, "proxy-connection") {
                self.name = .connection
            } else if Self.equalsIgnoringCase(name, "transfer-encoding") || Self.equalsIgnoringCase(name, "expect")
                || Self.equalsIgnoringCase(name, "upgrade")
            {
                self.name = .refused
            } else {
                self.name = .ignored
            }
        }

        /// The value as a decimal number of at most `limit`; nil when it is not one.
        func digits(_ bytes: UnsafeRawBufferPointer, limit: Int) -> Int? {
            guard !value.isEmpty, value.count <= 7, !tabAround else { return nil }
            var number = 0
            for index in value {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                number = number * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return number <= limit ? number : nil
        }

        func valueEquals(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
            Self.equalsIgnoringCase(UnsafeRawBufferPointer(rebasing: bytes[value]), text)
        }

        /// `text` is lowercase ASCII.
        static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
            guard bytes.count == text.utf8CodeUnitCount else { return false }
            let expected = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
            for index in 0..<bytes.count {
                var byte = bytes[index]
                if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte += 32 }
                if byte != expected[index] { return false }
            }
            return true
        }

        /// RFC 9110 `tchar`.
        static func isTokenByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }
}

/// Hummingbird's HTTP/1.1 channel with ``RawRouteFastPath`` in front of its decoder.
struct RouteFirstHTTP1Channel: ServerChildChannel {
    let http1: HTTP1Channel
    let endpoint: RouteEndpoint
    let serverName: String?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            try channel.pipeline.syncOperations.addHandler(RawRouteFastPath(endpoint: endpoint, serverName: serverName), position: .first)
            return value
        }
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

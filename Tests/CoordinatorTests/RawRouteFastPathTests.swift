import Foundation
import InterflowCore
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Planning
import Simulation
import Testing

@testable import Coordinator

/// ``RawRouteFastPath`` reads HTTP/1.1 itself, in front of the decoder: it must take only the
/// requests it frames exactly, and hand everything else to the decoder byte for byte.
@Suite("route requests read from the connection's bytes")
struct RawRouteFastPathTests {
    static let body = #"{"skill":"sales","segment":"standard","customerId":"c-1"}"#

    static func post(_ body: String = body, headers: String = "Host: x\r\nContent-Type: application/json\r\n") -> String {
        "POST /v1/route HTTP/1.1\r\n" + headers + "Content-Length: \(body.utf8.count)\r\n\r\n" + body
    }

    static func frame(_ text: String) -> RouteRequestFraming {
        Array(text.utf8).withUnsafeBytes { RouteRequestFraming.frame($0) }
    }

    @Test("a plain route request is framed whole, and every shorter prefix of it waits for more")
    func framesPlainRequests() {
        let requests = [
            Self.post(),
            // wrk's and curl's heads, names in any case, optional spaces, keep-alive, a trailing request.
            "POST /v1/route HTTP/1.1\r\nHost: 127.0.0.1:18080\r\nContent-Length: 57\r\nContent-Type: application/json\r\n\r\n" + Self.body,
            Self.post(headers: "host: x\r\nUser-Agent: curl/8.14.1\r\nAccept: */*\r\ncontent-type:application/json\r\n"),
            Self.post(headers: "CONNECTION:  Keep-Alive \t\r\nX-Trace: a\tb é\r\n"),
        ]
        for request in requests {
            let head = request.utf8.count - Self.body.utf8.count
            #expect(Self.frame(request) == .route(head: head, body: Self.body.utf8.count), "\(request)")
            #expect(Self.frame(request + Self.post()) == .route(head: head, body: Self.body.utf8.count))
            let bytes = Array(request.utf8)
            for length in 0..<bytes.count {
                let framing = Array(bytes[..<length]).withUnsafeBytes { RouteRequestFraming.frame($0) }
                #expect(framing == .incomplete, "prefix of \(length) bytes")
            }
        }
    }

    @Test("anything else is for the decoder, as soon as it can be told")
    func leavesTheRestToTheDecoder() {
        let cases: [(String, String)] = [
            ("GET /v1/route HTTP/1.1\r\nHost: x\r\n\r\n", "another method"),
            ("POST /v1/route?x=1 HTTP/1.1\r\nHost: x\r\n\r\n", "a query"),
            ("POST /v1/routes HTTP/1.1\r\n", "another path"),
            ("POST /v1/route HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}", "HTTP/1.0"),
            ("POST  /v1/route HTTP/1.1\r\n", "two spaces"),
            (Self.post(headers: "Transfer-Encoding: chunked\r\n"), "a transfer encoding"),
            (Self.post(headers: "Expect: 100-continue\r\n"), "an expectation"),
            (Self.post(headers: "Upgrade: h2c\r\n"), "an upgrade"),
            (Self.post(headers: "Connection: close\r\n"), "a close"),
            (Self.post(headers: "Content-Length: 57\r\n"), "two lengths"),
            ("POST /v1/route HTTP/1.1\r\nContent-Length: 5x\r\n\r\n", "a length that is not a number"),
            ("POST /v1/route HTTP/1.1\r\nContent-Length: -1\r\n\r\n", "a negative length"),
            ("POST /v1/route HTTP/1.1\r\nContent-Length: \r\n\r\n", "an empty length"),
            ("POST /v1/route HTTP/1.1\r\nContent-Length: \(RouteFastPath.bodyLimit + 1)\r\n\r\n", "a body over the limit"),
            ("POST /v1/route HTTP/1.1\r\nHost: x\r\n\r\n", "no length"),
            (Self.post(headers: "X-A: 1\r\n folded\r\n"), "a folded line"),
            (Self.post(headers: "X-A 1\r\n"), "no colon"),
            (Self.post(headers: ": 1\r\n"), "no name"),
            (Self.post(headers: "X A: 1\r\n"), "a space in the name"),
            (Self.post(headers: "X-A : 1\r\n"), "a space before the colon"),
            (Self.post(headers: "X-A: 1\rX-B: 2\r\n"), "a CR alone"),
            (Self.post(headers: "X-A: 1\nX-B: 2\r\n"), "an LF alone"),
            (Self.post(headers: "X-A: 1\u{0}\r\n"), "a NUL"),
            (Self.post(headers: "X-A: \u{7F}\r\n"), "a DEL"),
            ("POST /v1/route HTTP/1.1\r\nContent-Length: 57\t\r\n\r\n" + Self.body, "a tab after the length"),
            (Self.post(headers: "Proxy-Connection: close\r\n"), "a proxy close"),
            ("POST /v1/route HTTP/1.1\r\nX-Big: " + String(repeating: "x", count: RouteRequestFraming.headLimit), "a head over the limit"),
        ]
        for (request, what) in cases {
            #expect(Self.frame(request) == .other, "\(what)")
        }
    }

    @Test("whatever a mutated request looks like, when it is framed here NIO's HTTP/1 decoder frames it alike")
    func agreesWithTheDecoder() throws {
        var random = SplitMix64(seed: 2026)  // the same mutations on every run
        let bases = [
            Self.post(), Self.post(headers: "host: x\r\nConnection: keep-alive\r\nX-Trace: a b\r\n"),
            "POST /v1/route HTTP/1.1\r\nContent-Length: 0057\r\nHost: x\r\n\r\n" + Self.body,
        ].map { Array($0.utf8) }
        let bytes: [UInt8] = [32, 9, 13, 10, 0, 58, 65, 122, 48, 57, 128, 255, 44, 59, 34, 127, 45, 95, 47]
        var framedHere = 0
        for round in 0..<8_000 {
            var request = bases[round % bases.count]
            let head = request.count - Self.body.utf8.count
            for _ in 0...Int.random(in: 0...1, using: &random) {
                let at = Int.random(in: 0..<head, using: &random)
                let byte = bytes.randomElement(using: &random)!
                switch Int.random(in: 0..<3, using: &random) {
                case 0: request.insert(byte, at: at)
                case 1: request[at] = byte
                default: request.remove(at: at)
                }
            }
            guard case .route(let head, let body) = request.withUnsafeBytes({ RouteRequestFraming.frame($0) }) else { continue }
            framedHere += 1
            // The request as framed here, then another: the decoder must end the first where this did.
            let framed = Array(request[..<(head + body)])
            let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder()))
            let text = String(decoding: framed, as: UTF8.self)
            var parts: [HTTPServerRequestPart] = []
            do {
                try channel.writeInbound(ByteBuffer(bytes: framed + Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8)))
                while let part = try channel.readInbound(as: HTTPServerRequestPart.self) { parts.append(part) }
            } catch {
                Issue.record("the decoder failed (\(error)) on \(text.debugDescription)")
                continue
            }
            // The route request's head, body and end, then the GET's head and end.
            guard parts.count >= 4, case .head(let first) = parts[0], case .end = parts[parts.count - 3],
                case .head(let next) = parts[parts.count - 2]
            else {
                Issue.record("the decoder read \(parts.count) parts from \(text.debugDescription)")
                continue
            }
            let bodyLength = parts.dropFirst().dropLast(3).reduce(0) { total, part in
                if case .body(let bytes) = part { return total + bytes.readableBytes }
                return total
            }
            #expect(first.method == .POST && first.uri == "/v1/route" && first.version == .http1_1, "\(text.debugDescription)")
            #expect(bodyLength == body, "\(text.debugDescription)")
            #expect(next.uri == "/healthz", "\(text.debugDescription)")
        }
        #expect(framedHere > 1_000, "enough mutated requests still framed here to mean something")
    }

    /// The handler between an embedded channel's socket end and a stand-in for the decoder.
    final class Decoder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        var received = ""
        var events = 0
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received += String(buffer: unwrapInboundIn(data))
        }
        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) { events += 1 }
    }

    static func channel() throws -> (EmbeddedChannel, Decoder, RawRouteFastPath) {
        let book = PlanBook()
        book.setRouteCandidates(RouteEndpointTests.candidates(), skill: "sales")
        let decoder = Decoder()
        let channel = EmbeddedChannel()
        let handler = RawRouteFastPath(endpoint: RouteEndpoint(config: RouteEndpointTests.config, book: book), serverName: "test")
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.pipeline.syncOperations.addHandler(decoder)
        return (channel, decoder, handler)
    }

    static func send(_ channel: EmbeddedChannel, _ pieces: [String]) throws {
        for piece in pieces {
            try channel.writeInbound(ByteBuffer(string: piece))
            channel.pipeline.fireChannelReadComplete()
        }
    }

    static func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let data = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = data else { throw Failure() }
            text += String(buffer: buffer)
        }
        return text
    }

    /// The answers in `text`: status, header lines without the date's value, body.
    static func answers(_ text: String) throws -> [(status: String, headers: [String], body: String)] {
        var rest = Substring(text)
        var answers: [(String, [String], String)] = []
        while !rest.isEmpty {
            guard let end = rest.range(of: "\r\n\r\n") else { throw Failure() }
            let lines = rest[..<end.lowerBound].components(separatedBy: "\r\n")
            let headers = lines.dropFirst().map { $0.hasPrefix("Date: ") ? "Date" : $0 }
            let length = try #require(headers.first { $0.hasPrefix("Content-Length: ") }.flatMap { Int($0.dropFirst(16)) })
            let body = rest[end.upperBound...].utf8.prefix(length)
            answers.append((lines[0], Array(headers), String(decoding: body, as: UTF8.self)))
            rest = rest[end.upperBound...].dropFirst(body.count)
        }
        return answers
    }

    @Test("requests in one read, in pieces or byte by byte are each answered once, in order, as the router's fast path answers")
    func answers() throws {
        let (channel, decoder, _) = try Self.channel()
        let two = Self.post() + Self.post(#"{"skill":"sales","segment":"vip","customerId":"c-2"}"#)
        try Self.send(channel, [two])
        try Self.send(channel, [String(two.prefix(30)), String(two.dropFirst(30).prefix(70)), String(two.dropFirst(100))])
        try Self.send(channel, two.map { String($0) })
        var board = RoutingBoard()
        board.setCandidates(RouteEndpointTests.candidates(), skill: "sales")
        let config = RouteEndpointTests.config
        let expected = (0..<6).map { index in
            board.route(
                RouteRequest(skill: "sales", segment: index % 2 == 0 ? "standard" : "vip", customerId: "c-\(index % 2 + 1)"),
                segment: config.segments[index % 2 == 0 ? 1 : 0], topPriority: 30, threshold: config.skill("sales")!.thresholdSeconds,
                abandonCost: config.value.abandonCost)
        }
        let answers = try Self.answers(Self.written(channel))
        #expect(answers.count == 6)
        for (answer, decision) in zip(answers, expected) {
            #expect(answer.status == "HTTP/1.1 200 OK")
            #expect(
                answer.headers == [
                    "Content-Type: application/json; charset=utf-8", "Content-Length: \(answer.body.utf8.count)", "Date", "Server: test",
                ])
            #expect(try JSONDecoder().decode(RouteDecision.self, from: Data(answer.body.utf8)) == decision)
        }
        #expect(decoder.received.isEmpty)
        #expect(throws: Never.self) { try channel.pipeline.syncOperations.handler(type: RawRouteFastPath.self) }
    }

    @Test("from the first request it does not answer, every byte goes to the decoder and the handler leaves")
    func leaves() throws {
        let (channel, decoder, _) = try Self.channel()
        let unknown = Self.post(#"{"skill":"sales","segment":"gold","customerId":"c-2"}"#)
        let rest = unknown + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + Self.post()
        try Self.send(channel, [Self.post() + String(rest.prefix(40)), String(rest.dropFirst(40))])
        let answers = try Self.answers(Self.written(channel))
        #expect(answers.count == 1, "the first request only")
        #expect(decoder.received == rest)
        #expect(throws: (any Error).self) { try channel.pipeline.syncOperations.handler(type: RawRouteFastPath.self) }

        // A head the handler does not take, and a body that is not a flat route request.
        for request in [Self.post(headers: "Transfer-Encoding: chunked\r\n"), Self.post(#"{"skill":["sales"]}"#)] {
            let (channel, decoder, _) = try Self.channel()
            try Self.send(channel, [request])
            #expect(try Self.written(channel).isEmpty)
            #expect(decoder.received == request)
        }
    }

    @Test("pipelined requests that never end with a read hold at most one request's bytes")
    func holdsOneRequestAtMost() throws {
        let (channel, decoder, handler) = try Self.channel()
        let stream = Array(String(repeating: Self.post(), count: 1_500).utf8)
        var largest = 0
        for start in stride(from: 0, to: stream.count, by: 1_000) {
            try channel.writeInbound(ByteBuffer(bytes: stream[start..<min(start + 1_000, stream.count)]))
            channel.pipeline.fireChannelReadComplete()
            largest = max(largest, handler.heldCapacity)
            _ = try Self.written(channel)
        }
        #expect(largest < 4_096, "held \(largest) bytes")
        #expect(decoder.received.isEmpty)
    }

    @Test("a client that does not read its answers, a graceful shutdown or a closed input hand the connection to the decoder")
    func handsOverWhenItMust() throws {
        // Not writable: the request goes to the decoder, whose writer waits.
        let (unwritable, decoder, _) = try Self.channel()
        unwritable.isWritable = false
        try Self.send(unwritable, [Self.post()])
        #expect(try Self.written(unwritable).isEmpty)
        #expect(decoder.received == Self.post())

        // A request begun when the connection is asked to quiesce, or its input closes.
        let events: [Any] = [ChannelShouldQuiesceEvent(), ChannelEvent.inputClosed]
        for event in events {
            let (channel, decoder, _) = try Self.channel()
            let begun = String(Self.post().prefix(90))
            try Self.send(channel, [Self.post() + begun])
            channel.pipeline.fireUserInboundEventTriggered(event)
            #expect(try Self.answers(Self.written(channel)).count == 1)
            #expect(decoder.received == begun)
            #expect(decoder.events == 1)
            #expect(throws: (any Error).self) { try channel.pipeline.syncOperations.handler(type: RawRouteFastPath.self) }
        }

        // Between requests the event passes and the handler stays.
        let (idle, idleDecoder, _) = try Self.channel()
        idle.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(idleDecoder.events == 1 && idleDecoder.received.isEmpty)
        #expect(throws: Never.self) { try idle.pipeline.syncOperations.handler(type: RawRouteFastPath.self) }
    }

    struct Failure: Error {}
}

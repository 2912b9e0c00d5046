import Foundation
import HTTPTypes
import InterflowCore
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Planning
import Testing

@testable import Coordinator

/// ``RouteFastPath`` in a channel of its own: which requests it answers, which it passes on.
@Suite("the event loop's route handler")
struct RouteFastPathHandlerTests {
    /// Records what the handler passes on to the router.
    final class Router: ChannelInboundHandler {
        typealias InboundIn = HTTPRequestPart
        var parts: [HTTPRequestPart] = []
        func channelRead(context: ChannelHandlerContext, data: NIOAny) { parts.append(unwrapInboundIn(data)) }
    }

    static func channel() throws -> (EmbeddedChannel, Router) {
        let book = PlanBook()
        book.setRouteCandidates(RouteEndpointTests.candidates(), skill: "sales")
        let router = Router()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(
            RouteFastPath(endpoint: RouteEndpoint(config: RouteEndpointTests.config, book: book), serverName: "test"))
        try channel.pipeline.syncOperations.addHandler(router)
        return (channel, router)
    }

    static func send(_ channel: EmbeddedChannel, _ request: HTTPRequest, body: String?) throws {
        try channel.writeInbound(HTTPRequestPart.head(request))
        if let body { try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: body))) }
        try channel.writeInbound(HTTPRequestPart.end(nil))
        channel.pipeline.fireChannelReadComplete()
    }

    static let post = HTTPRequest(method: .post, scheme: "http", authority: "x", path: "/v1/route")
    static let good = #"{"skill":"sales","segment":"standard","customerId":"c-1"}"#

    /// The response parts written since the last call.
    static func written(_ channel: EmbeddedChannel) throws -> [HTTPResponsePart] {
        var parts: [HTTPResponsePart] = []
        while let part = try channel.readOutbound(as: HTTPResponsePart.self) { parts.append(part) }
        return parts
    }

    @Test("a good route request is answered here; a bad one, another path or another method goes to the router whole")
    func answersOrPasses() throws {
        let (channel, router) = try Self.channel()
        try Self.send(channel, Self.post, body: Self.good)
        let answer = try Self.written(channel)
        #expect(answer.count == 3)
        guard case .head(let head) = answer.first, case .body(let body) = answer[1] else { throw Failure() }
        #expect(head.status == .ok)
        #expect(head.headerFields[.server] == "test")
        #expect(try JSONDecoder().decode(RouteDecision.self, from: Data(body.readableBytesView)).target?.siteId == "austin")
        #expect(router.parts.isEmpty)

        for (request, body) in [
            (Self.post, #"{"skill":"sales","segment":"gold","customerId":"c-2"}"#),
            (Self.post, "{"),
            (HTTPRequest(method: .post, scheme: "http", authority: "x", path: "/v1/route?x=1"), Self.good),
            (HTTPRequest(method: .get, scheme: "http", authority: "x", path: "/v1/route"), nil),
            (HTTPRequest(method: .post, scheme: "http", authority: "x", path: "/v1/route", headerFields: [.connection: "close"]), Self.good),
        ] {
            router.parts = []
            try Self.send(channel, request, body: body)
            #expect(router.parts.first == .head(request))
            #expect(router.parts.last == .end(nil))
            #expect(try Self.written(channel).isEmpty)
            // The router's answer goes out through the handler.
            try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .badRequest)))
            try channel.writeOutbound(HTTPResponsePart.end(nil))
            _ = try Self.written(channel)
        }
    }

    @Test("while the router owes an answer, route requests wait their turn behind it")
    func order() throws {
        let (channel, router) = try Self.channel()
        try Self.send(channel, HTTPRequest(method: .get, scheme: "http", authority: "x", path: "/healthz"), body: nil)
        try Self.send(channel, Self.post, body: Self.good)
        #expect(router.parts.count == 5, "both requests went to the router")
        #expect(try Self.written(channel).isEmpty)
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        _ = try Self.written(channel)
        router.parts = []
        try Self.send(channel, Self.post, body: Self.good)
        #expect(router.parts.isEmpty, "answered here again once the router's answers are out")
        #expect(try Self.written(channel).count == 3)
    }

    @Test("a body over the limit goes to the router, which answers 413")
    func tooLarge() throws {
        let (channel, router) = try Self.channel()
        try channel.writeInbound(HTTPRequestPart.head(Self.post))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: String(repeating: "x", count: RouteFastPath.bodyLimit))))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "xx")))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        #expect(router.parts.count == 4)
        #expect(try Self.written(channel).isEmpty)
    }

    struct Failure: Error {}
}

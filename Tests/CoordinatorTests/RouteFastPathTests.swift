import Coordinator
import Foundation
import Hummingbird
import HummingbirdTesting
import InterflowCore
import Logging
import NIOCore
import Planning
import Testing

/// The coordinator's server answers `POST /v1/route` on the event loop, before the router: over a
/// real socket its answers must be those of the router, in the order the requests came, and every
/// request it does not answer itself must reach the router untouched.
@Suite("POST /v1/route on the event loop")
struct RouteFastPathTests {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A live coordinator on a free port, with the candidates of ``RouteEndpointTests``.
    func withCoordinator(_ body: @escaping @Sendable (any TestClientProtocol, Int) async throws -> Void) async throws {
        let federation = Federation(config: RouteEndpointTests.config, sites: [], directory: ".")
        let state = FederationState(federation: federation, logger: Self.quiet)
        let book = PlanBook()
        book.setRouteCandidates(RouteEndpointTests.candidates(), skill: "sales")
        let app = CoordinatorServer.application(state: state, book: book, port: 0, services: [], logger: Self.quiet)
        try await app.test(.live) { client in try await body(client, client.port!) }
    }

    @Test("the answers over a socket are the board's decisions, with the router's headers")
    func answers() async throws {
        var board = RoutingBoard()
        board.setCandidates(RouteEndpointTests.candidates(), skill: "sales")
        let config = RouteEndpointTests.config
        let expected = RouteEndpointTests.requests.map { request in
            board.route(
                request, segment: config.segments.first { $0.id == request.segment }!, topPriority: 30,
                threshold: config.skill(request.skill)!.thresholdSeconds, abandonCost: config.value.abandonCost)
        }
        try await withCoordinator { client, _ in
            for (request, decision) in zip(RouteEndpointTests.requests, expected) {
                let response = try await client.execute(
                    uri: "/v1/route", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(bytes: try AgentProtocol.makeEncoder().encode(request)))
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(response.headers[.contentLength] == String(response.body.readableBytes))
                #expect(response.headers[.server] == "interflow-coordinator")
                let date = try #require(response.headers[.date])
                #expect(date.wholeMatch(of: /(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT/) != nil, "\(date)")
                #expect(try JSONDecoder().decode(RouteDecision.self, from: Data(response.body.readableBytesView)) == decision)
            }
        }
    }

    @Test("bad requests reach the router, which answers what is wrong and where")
    func badRequests() async throws {
        try await withCoordinator { client, _ in
            let cases: [(String, HTTPResponse.Status, String)] = [
                (#"{"skill":"sales","segment":"standard"}"#, .badRequest, "missing field customerId"),
                (#"{"skill":"sales","segment":"standard","customerId":"c"#, .badRequest, "body is not a valid RouteRequest"),
                (#"{"skill":"billing","segment":"standard","customerId":"c"}"#, .badRequest, #"skill: found "billing", accepted sales, service"#),
                (#"{"skill":"sales","segment":"gold","customerId":"c"}"#, .badRequest, #"segment: found "gold", accepted vip, standard, walk-in"#),
                (#"{"skill":"sales","segment":"vip","customerId":""# + String(repeating: "x", count: 20_000) + #""}"#, .contentTooLarge, "exceeds"),
            ]
            for (body, status, message) in cases {
                let response = try await client.execute(uri: "/v1/route", method: .post, body: ByteBuffer(string: body))
                #expect(response.status == status)
                let error = try JSONDecoder().decode(ProtocolError.self, from: Data(response.body.readableBytesView))
                #expect(error.message.contains(message), "\(error.message)")
            }
            let get = try await client.execute(uri: "/v1/route", method: .get)
            #expect(get.status == .notFound)
        }
    }

    @Test("pipelined requests are answered in order, the router's between the event loop's; a body in pieces is read whole")
    func pipelined() async throws {
        try await withCoordinator { _, port in
            let route = #"{"skill":"sales","segment":"vip","customerId":"p-1"}"#
            func post(_ body: String, close: Bool = false) -> String {
                "POST /v1/route HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
                    + (close ? "Connection: close\r\n" : "") + "\r\n" + body
            }
            let requests =
                post(route) + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + post(route) + post(#"{"skill":"sales","segment":"gold","customerId":"c"}"#)
                + post(route) + post(route, close: true)
            let text = try await RawHTTP.exchange(port: port, [requests])
            let statuses = text.matches(of: /HTTP\/1.1 (\d{3})/).map { String($0.1) }
            #expect(statuses == ["200", "200", "200", "400", "200", "200"])
            let bodies = text.components(separatedBy: "\r\n\r\n").dropFirst().map { $0.prefix(30) }
            #expect(
                bodies[0].hasPrefix(#"{"target""#) && bodies[1].hasPrefix(#"{"status":"ok"}"#) && bodies[3].hasPrefix(#"{"error":"unknown-segment""#))

            // The head, then the body in two pieces a moment apart, then a last request that closes.
            let head = "POST /v1/route HTTP/1.1\r\nHost: x\r\nContent-Length: \(route.utf8.count)\r\n\r\n"
            let split = route.index(route.startIndex, offsetBy: 20)
            let pieces = try await RawHTTP.exchange(
                port: port, [head, String(route[..<split]), String(route[split...]), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"])
            #expect(pieces.hasPrefix("HTTP/1.1 200 OK"))
            #expect(pieces.contains(#""priority":30"#))
            #expect(pieces.hasSuffix(#"{"status":"ok"}"#))
        }
    }

    @Test("a route answer read from the bytes and one from the decoded request have the same status line and headers")
    func bothPathsAnswerAlike() async throws {
        try await withCoordinator { _, port in
            let body = #"{"skill":"sales","segment":"vip","customerId":"p-1"}"#
            let route = "POST /v1/route HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\nConnection: keep-alive\r\n\r\n" + body
            let health = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            let close = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            // The first answer comes from the bytes. After a GET the handler has left, and the route
            // request, sent once the GET is answered, is answered on the event loop.
            let raw = try await RawHTTP.exchange(port: port, [route + close])
            let decoded = try await RawHTTP.exchange(port: port, [health, route, close])
            func head(_ text: String, answer: Int) -> [String] {
                let heads = text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { "HTTP/1.1 " + $0 }
                return heads[answer].components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n").map {
                    $0.hasPrefix("Date: ") ? "Date" : $0.hasPrefix("Content-Length: ") ? "Content-Length" : $0
                }
            }
            #expect(
                head(raw, answer: 0) == [
                    "HTTP/1.1 200 OK", "Content-Type: application/json; charset=utf-8", "Content-Length", "Date", "Server: interflow-coordinator",
                ])
            #expect(head(decoded, answer: 1) == head(raw, answer: 0))
        }
    }
}

/// HTTP/1.1 over a plain socket: what a client that pipelines, or writes slowly, sends.
enum RawHTTP {
    struct Failure: Error { var what: String }

    /// Writes each of `pieces` (20 ms apart) and reads until the server closes the connection, on a
    /// thread of its own: blocked in `recv` on one of Swift Concurrency's few threads, it would keep
    /// the server under test from answering.
    static func exchange(port: Int, _ pieces: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try blockingExchange(port: port, pieces) }) }
        }
    }

    private static func blockingExchange(port: Int, _ pieces: [String]) throws -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(what: "socket") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(what: "connect") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        for (index, piece) in pieces.enumerated() {
            if index > 0 { usleep(20_000) }
            let bytes = Array(piece.utf8)
            guard send(socket, bytes, bytes.count, 0) == bytes.count else { throw Failure(what: "send") }
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(socket, &chunk, chunk.count, 0)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw Failure(what: "recv: errno \(errno) after \(received.count) bytes") }
            guard count > 0 else { break }
            received += chunk[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}

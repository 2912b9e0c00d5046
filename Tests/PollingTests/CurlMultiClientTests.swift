import Foundation
import Hummingbird
import NIOCore
import Polling
import Testing

@Suite("libcurl multi client")
struct CurlMultiClientTests {
    static func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/ok") { _, _ in jsonResponse(Data("{\"hello\":\"world\"}".utf8)) }
        router.get("/big") { _, _ in jsonResponse(Data(repeating: UInt8(ascii: "x"), count: 200_000)) }
        router.get("/dribble") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init { writer in
                    for _ in 0..<50 {
                        try await writer.write(ByteBuffer(string: " "))
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    try await writer.finish(nil)
                })
        }
        router.put("/echo") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 16)
            return jsonResponse(Data(body.readableBytesView), status: .created)
        }
        return router
    }

    @Test("GET returns status, content type and body")
    func get() async throws {
        let client = CurlMultiClient()
        defer { client.shutdown() }
        try await withLiveServer(Self.router()) { port in
            let response = try await client.perform(AgentRequest(url: "http://127.0.0.1:\(port)/ok"))
            #expect(response.status == 200)
            #expect(response.contentType == "application/json")
            #expect(String(decoding: response.body, as: UTF8.self) == "{\"hello\":\"world\"}")
        }
    }

    @Test("PUT sends its body")
    func put() async throws {
        let client = CurlMultiClient()
        defer { client.shutdown() }
        try await withLiveServer(Self.router()) { port in
            let response = try await client.perform(
                AgentRequest(method: .put, url: "http://127.0.0.1:\(port)/echo", body: Array("{\"version\":2}".utf8)))
            #expect(response.status == 201)
            #expect(String(decoding: response.body, as: UTF8.self) == "{\"version\":2}")
        }
    }

    @Test("a body past the size bound is refused")
    func oversized() async throws {
        let client = CurlMultiClient()
        defer { client.shutdown() }
        try await withLiveServer(Self.router()) { port in
            await #expect(throws: TransportError.responseTooLarge(limit: 10_000)) {
                _ = try await client.perform(AgentRequest(url: "http://127.0.0.1:\(port)/big", maxResponseBytes: 10_000))
            }
        }
    }

    @Test("a server that dribbles bytes is cut off by the total timeout, and others are not held up meanwhile")
    func dribbling() async throws {
        let client = CurlMultiClient(maxConcurrent: 4)
        defer { client.shutdown() }
        try await withLiveServer(Self.router()) { port in
            let slowDone = Flag()
            let slow = Task {
                defer { Task { await slowDone.set() } }
                return try await client.perform(AgentRequest(url: "http://127.0.0.1:\(port)/dribble", totalTimeout: 3))
            }
            for _ in 0..<20 {
                let response = try await client.perform(AgentRequest(url: "http://127.0.0.1:\(port)/ok"))
                #expect(response.status == 200)
            }
            #expect(await slowDone.value == false, "fast requests finished while the slow one was still dribbling")
            await #expect(throws: TransportError.timedOut(seconds: 3)) { _ = try await slow.value }
        }
    }

    @Test("nothing listening is a connection failure")
    func refused() async throws {
        let client = CurlMultiClient()
        defer { client.shutdown() }
        do {
            _ = try await client.perform(AgentRequest(url: "http://127.0.0.1:9/status", connectTimeout: 0.5, totalTimeout: 1))
            Issue.record("expected a connection failure")
        } catch let error as TransportError {
            guard case .connectionFailed = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
        }
    }

    @Test("more requests than slots all complete; warm requests reuse connections")
    func manyRequests() async throws {
        let client = CurlMultiClient(maxConcurrent: 8, maxConnections: 16)
        defer { client.shutdown() }
        try await withLiveServer(Self.router()) { port in
            let statuses = await withTaskGroup(of: Int.self) { group in
                for _ in 0..<200 {
                    group.addTask { (try? await client.perform(AgentRequest(url: "http://127.0.0.1:\(port)/ok")).status) ?? -1 }
                }
                var all: [Int] = []
                for await status in group { all.append(status) }
                return all
            }
            #expect(statuses.count == 200)
            #expect(statuses.allSatisfy { $0 == 200 })
            // The connections of that burst are kept: a sequential request opens none.
            let warm = try await client.perform(AgentRequest(url: "http://127.0.0.1:\(port)/ok"))
            #expect(warm.newConnections == 0)
        }
    }

    @Test("requests after shutdown fail cleanly")
    func afterShutdown() async {
        let client = CurlMultiClient()
        client.shutdown()
        await #expect(throws: TransportError.shutDown) {
            _ = try await client.perform(AgentRequest(url: "http://127.0.0.1:9/"))
        }
    }
}

actor Flag {
    var value = false
    func set() { value = true }
}

import Coordinator
import Foundation
import Hummingbird
import HummingbirdTesting
import InterflowCore
import Logging
import NIOCore
import Planning
import ServerSupport
import Testing

/// `POST /v1/route` reads its request and writes its answer without Foundation's coders: the
/// answers must be the decisions the board makes, as valid JSON with the fields of the `Codable`
/// encoding, and a bad request must still say what is wrong and where.
@Suite("POST /v1/route: the JSON it reads and writes")
struct RouteEndpointTests {
    static let segments = [
        SegmentConfig(id: "vip", priority: 30, patienceSeconds: 120, alternative: .callback),
        SegmentConfig(id: "standard", priority: 20, patienceSeconds: 180, alternative: .callback),
        SegmentConfig(id: "walk-in", priority: 5, patienceSeconds: 60, alternative: .none),
    ]
    static let config = FederationConfig(name: "Route test", skills: Fixtures.skills, segments: segments)

    static func candidates() -> [RouteCandidate] {
        func site(_ id: String, _ mode: SiteMode, agents: Int, busy: Int, waiting: Int, value: Double, excluded: String? = nil) -> SiteCapacity {
            SiteCapacity(
                siteId: id, mode: mode, excludedBecause: excluded, agents: agents, handleTime: 300, patience: 180, currentShare: 0.25,
                bounds: ShareBounds(min: 0, max: 1), valuePerContact: value, marginalCost: 1.25, waiting: waiting, busy: busy)
        }
        return [
            RouteCandidate(site: site("austin", .inHouse, agents: 4, busy: 2, waiting: 0, value: 31.184439634439627), idleAgents: ["a/1", "a\"2"]),
            RouteCandidate(site: site("krakow", .virtualized, agents: 3, busy: 3, waiting: 1, value: 28.9), idleAgents: []),
            RouteCandidate(site: site("monterrey", .enterpriseRouted, agents: 5, busy: 4, waiting: 0, value: 24.8)),
            RouteCandidate(site: site("manila", .networkDelivered, agents: 20, busy: 0, waiting: 0, value: 40)),
            RouteCandidate(site: site("leeds", .inHouse, agents: 6, busy: 0, waiting: 0, value: 30, excluded: "stale: no good data for 3 polls")),
        ]
    }

    /// Contacts that reach every rule: best value with an agent, repeat customers (one whose id needs
    /// escaping), the head of the queue, the alternative, no alternative, a skill with no candidates.
    static let requests: [RouteRequest] =
        [
            RouteRequest(
                skill: "sales", segment: "standard", customerId: "Zoë \"q\" \\ / \t\n\u{1}\u{7F} é 😀", previousSite: "austin", previousAgent: "a\"2"),
            RouteRequest(skill: "sales", segment: "vip", customerId: "v-1", previousSite: "monterrey"),
        ] + (0..<14).map { RouteRequest(skill: "sales", segment: ["standard", "vip", "walk-in"][$0 % 3], customerId: "c-\($0)", entryPoint: "web") }
        + [
            RouteRequest(skill: "service", segment: "standard", customerId: "s-1"),
            RouteRequest(skill: "service", segment: "walk-in", customerId: "s-2"),
        ]

    func withRouter(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let federation = Federation(config: Self.config, sites: [], directory: ".")
        let state = FederationState(federation: federation, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let book = PlanBook()
        book.setRouteCandidates(Self.candidates(), skill: "sales")
        let app = Application(router: CoordinatorServer.router(state: state, book: book))
        try await app.test(.router, body)
    }

    static func post(_ json: String, _ client: some TestClientProtocol) async throws -> TestResponse {
        try await client.execute(uri: "/v1/route", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: json))
    }

    @Test("every answer is the board's decision: it decodes with JSONDecoder to the same value, with the keys of the Codable encoding")
    func answersAreTheDecisions() async throws {
        var board = RoutingBoard()
        board.setCandidates(Self.candidates(), skill: "sales")
        let expected = Self.requests.map { request in
            board.route(
                request, segment: Self.segments.first { $0.id == request.segment }!, topPriority: 30,
                threshold: Self.config.skill(request.skill)!.thresholdSeconds, abandonCost: Self.config.value.abandonCost)
        }
        #expect(Set(expected.map(\.explanation.rule)).count == 5, "the sequence reaches every rule")
        try await withRouter { client in
            for (request, decision) in zip(Self.requests, expected) {
                let body = String(decoding: try AgentProtocol.makeEncoder().encode(request), as: UTF8.self)
                let response = try await Self.post(body, client)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(response.headers[.contentLength] == String(response.body.readableBytes))
                let bytes = Data(response.body.readableBytesView)
                #expect(try JSONDecoder().decode(RouteDecision.self, from: bytes) == decision)
                let ours = try #require(try JSONSerialization.jsonObject(with: bytes) as? NSDictionary)
                let codable = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(decision)) as? NSDictionary)
                #expect(ours == codable, "the same fields and values as the Codable encoding")
            }
        }
    }

    @Test(
        "strings are escaped byte for byte as JSONEncoder escapes them",
        arguments: [
            "", "plain ascii", "quote \" backslash \\ slash /", "\u{8}\u{C}\n\r\t", String((0..<32).map { Character(Unicode.Scalar($0)!) }),
            "\u{7F} del", "é ü ß", "😀 🇵🇱", "\u{2028}\u{2029}", "mixed \"é\"/\n😀\\",
        ])
    func escaping(text: String) throws {
        var writer = JSONWriter()
        writer.string(text)
        let ours = writer.buffer.getString(at: 0, length: writer.buffer.readableBytes)!
        let foundation = String(decoding: try JSONEncoder().encode([text]), as: UTF8.self)
        #expect("[\(ours)]" == foundation)
    }

    @Test(
        "numbers are written byte for byte as JSONEncoder writes them",
        arguments: [
            0, -0.0, 1, -2.52, 31.184439634439627, 0.1 + 0.2, 1e-7, 123.456e-10, 1e9, 1e15, 1e16, 1e21, 4.5e300, -1.7976931348623157e308,
            Double.leastNonzeroMagnitude, 2.2250738585072014e-308, 180, 1_000_000_000,
        ])
    func numbers(value: Double) throws {
        var writer = JSONWriter()
        writer.number(value)
        let ours = writer.buffer.getString(at: 0, length: writer.buffer.readableBytes)!
        #expect("[\(ours)]" == String(decoding: try JSONEncoder().encode([value]), as: UTF8.self))
    }

    @Test("bad requests say what is wrong and where, as JSONDecoder describes it")
    func badRequests() async throws {
        let cases: [(body: String, error: String, message: String)] = [
            (#"{"skill":"sales","segment":"standard""#, "invalid-body", "body is not a valid RouteRequest: "),
            ("not json", "invalid-body", "body is not a valid RouteRequest: "),
            (#"{"skill":"sales","segment":"standard"}"#, "invalid-body", "body is not a valid RouteRequest: missing field customerId"),
            (#"{"skill":7,"segment":"standard","customerId":"c"}"#, "invalid-body", "skill has the wrong type, expected String"),
            (#"{"skill":null,"segment":"standard","customerId":"c"}"#, "invalid-body", "skill is null, expected String"),
            (#"{"skill":"sales","segment":"standard","customerId":"c","previousSite":3}"#, "invalid-body", "previousSite has the wrong type"),
            (#"["sales"]"#, "invalid-body", "body is not a valid RouteRequest: "),
            (#"{"skill":"billing","segment":"standard","customerId":"c"}"#, "unknown-skill", #"skill: found "billing", accepted sales, service"#),
            (#"{"skill":"sales","segment":"gold","customerId":"c"}"#, "unknown-segment", #"segment: found "gold", accepted vip, standard, walk-in"#),
            (#"{"skill":"sal\u0065s","segment":"gold","customerId":"c"}"#, "unknown-segment", #"segment: found "gold""#),
        ]
        try await withRouter { client in
            for item in cases {
                let response = try await Self.post(item.body, client)
                #expect(response.status == .badRequest, "\(item.body)")
                let error = try JSONDecoder().decode(ProtocolError.self, from: Data(response.body.readableBytesView))
                #expect(error.error == item.error, "\(item.body)")
                #expect(error.message.contains(item.message), "\(item.body): \(error.message)")
            }
            let large = try await Self.post(
                #"{"skill":"sales","segment":"standard","customerId":""# + String(repeating: "x", count: 20_000) + #""}"#, client)
            #expect(large.status == .contentTooLarge)
        }
    }

    @Test(
        "the fast reader reads objects of strings and nulls as JSONDecoder reads them",
        arguments: [
            #"{"a":"b"}"#, #" { "a" : "b" , "c" : null } "#, "{}", #"{"e":"\"\\\/\b\f\n\r\t\u00e9\u0041\ud83d\ude00"}"#, "{\"k\":\"é😀\"}",
            "\n{\"skill\":\"sales\",\r\n\t\"segment\":\"vip\"}\n",
        ])
    func fastReaderReads(json: String) throws {
        let fields = try #require(Array(json.utf8).withUnsafeBytes { JSONStringFields($0) })
        let foundation = try JSONDecoder().decode([String: String?].self, from: Data(json.utf8))
        #expect(Dictionary(fields.members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }) == foundation)
    }

    @Test(
        "the fast reader gives up on anything else: another value type, a key twice, invalid JSON",
        arguments: [
            #"{"a":"b","a":"c"}"#, #"{"a":1}"#, #"{"a":true}"#, #"{"a":["x"]}"#, #"{"a":{"b":"c"}}"#, #"{"a":"b",}"#, #"{"a":"b"} x"#,
            #"{"a":"\x"}"#, #"{"a":"\ud800"}"#, #"{"a":"\udc00x"}"#, #"{"a":"\u00"}"#, "{\"a\":\"tab\there\"}", #"{"a" "b"}"#, #"{a:"b"}"#,
            #"["a"]"#, #""a""#, "", #"{"a":"b""#, #"{"a":nul}"#, "\u{FEFF}{}",
        ])
    func fastReaderGivesUp(json: String) {
        #expect(Array(json.utf8).withUnsafeBytes { JSONStringFields($0) } == nil)
    }

    @Test("invalid UTF-8 is not read by the fast reader")
    func invalidUTF8() {
        let bytes: [UInt8] = Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(bytes.withUnsafeBytes { JSONStringFields($0) } == nil)
    }
}

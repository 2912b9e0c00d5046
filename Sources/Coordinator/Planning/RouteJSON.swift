import Hummingbird
import Planning
import ServerSupport

/// `POST /v1/route`'s request and answer as JSON, without Foundation's coders on the way of a
/// good request.
///
/// Decoding `{"skill": …, "segment": …, "customerId": …}` through `JSONDecoder` and encoding the
/// decision through `JSONEncoder` took about a quarter of the coordinator's time under load on
/// Linux (profile in BENCHMARKS.md, "Route decisions over HTTP"): far more than the decision.
/// A well-formed request is read by ``JSONStringFields`` and the decision written by
/// ``JSONWriter``, with the same fields as the `Codable` forms; anything else goes through the
/// `Codable` path, so that a bad body is answered exactly as before.
enum RouteJSON {
    /// The request in `body`, or nil when it is not a flat object holding every required field as a
    /// string (the caller decodes it with `JSONDecoder`, which says what is wrong).
    static func request(from body: ByteBuffer) -> RouteRequest? {
        body.withUnsafeReadableBytes { bytes -> RouteRequest? in
            guard let fields = JSONStringFields(bytes),
                case .some(.some(let skill)) = fields["skill"],
                case .some(.some(let segment)) = fields["segment"],
                case .some(.some(let customerId)) = fields["customerId"]
            else { return nil }
            return RouteRequest(
                skill: skill, segment: segment, customerId: customerId, previousSite: fields["previousSite"] ?? nil,
                previousAgent: fields["previousAgent"] ?? nil, entryPoint: fields["entryPoint"] ?? nil)
        }
    }

    /// The decision as JSON (the fields of its `Codable` encoding, nil ones left out); nil when a
    /// number has no JSON form (the `Codable` path then reports it).
    static func body(of decision: RouteDecision) -> ByteBuffer? {
        guard decision.predictedWaitSeconds.isFinite, decision.expectedValue.isFinite else { return nil }
        var json = JSONWriter(capacity: 256 + decision.explanation.details.reduce(0) { $0 + $1.utf8.count + 3 })
        json.raw("{")
        if let target = decision.target {
            json.raw("\"target\":{\"siteId\":")
            json.string(target.siteId)
            json.raw(",\"queue\":")
            json.string(target.queue)
            if let agent = target.agentId {
                json.raw(",\"agentId\":")
                json.string(agent)
            }
            json.raw("},")
        }
        if let alternative = decision.alternative {
            json.raw("\"alternative\":")
            json.string(alternative)
            json.raw(",")
        }
        if let caller = decision.callbackSiteId {
            json.raw("\"callbackSiteId\":")
            json.string(caller)
            json.raw(",")
        }
        json.raw("\"predictedWaitSeconds\":")
        json.number(decision.predictedWaitSeconds)
        json.raw(",\"expectedValue\":")
        json.number(decision.expectedValue)
        json.raw(",\"priority\":")
        json.number(decision.priority)
        json.raw(",\"explanation\":{\"summary\":")
        json.string(decision.explanation.summary)
        json.raw(",\"rule\":")
        json.string(decision.explanation.rule)
        json.raw(",\"details\":[")
        for (index, line) in decision.explanation.details.enumerated() {
            if index > 0 { json.raw(",") }
            json.string(line)
        }
        json.raw("]}}")
        return json.buffer
    }
}

extension RouteDecision: ResponseGenerator {
    /// The decision as a JSON answer (``RouteJSON``).
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        guard let body = RouteJSON.body(of: self) else {
            return try JSONBody.response(self)
        }
        var headers = HTTPFields()
        headers.reserveCapacity(2)
        headers[.contentType] = JSONBody.contentType
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
}

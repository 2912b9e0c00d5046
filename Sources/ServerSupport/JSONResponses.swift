import Foundation
import HTTPTypes
import Hummingbird
import InterflowCore
import NIOCore

// Protocol v1 documents are sent as JSON through Hummingbird's response encoder (ISO 8601 dates);
// error bodies and `JSONBody.response` use the protocol's encoder (ISO 8601 dates, sorted keys).
extension AgentHealth: ResponseEncodable {}
extension SiteStatus: ResponseEncodable {}
extension IntervalsResponse: ResponseEncodable {}
extension RoutingAck: ResponseEncodable {}
extension RoutingPlan: ResponseCodable {}

/// An error answer in the protocol's error format: `{"error": code, "message": text}`.
public struct ProtocolErrorResponse: HTTPResponseError {
    public var status: HTTPResponse.Status
    public var body: ProtocolError

    public init(_ status: HTTPResponse.Status, error: String, message: String) {
        self.status = status
        self.body = ProtocolError(error: error, message: message)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONBody.response(body, status: status)
    }
}

/// Builds JSON responses with the protocol's encoder.
public enum JSONBody {
    /// The `Content-Type` of every JSON answer.
    public static let contentType = "application/json; charset=utf-8"

    public static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try AgentProtocol.makeEncoder().encode(value)
        return response(bytes: data, status: status)
    }

    public static func response(bytes: Data, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Decodes a request body of at most `limit` bytes, answering 400 with the reason on bad JSON.
    public static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int = 1 << 20) async throws -> T {
        try decode(type, from: try await collect(request, limit: limit))
    }

    /// The body of a request, at most `limit` bytes (413 beyond).
    public static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        var request = request
        do {
            return try await request.collectBody(upTo: limit)
        } catch {
            throw ProtocolErrorResponse(.contentTooLarge, error: "body-too-large", message: "request body exceeds \(limit) bytes")
        }
    }

    /// Decodes a collected body, answering 400 with the reason on bad JSON.
    public static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do {
            return try AgentProtocol.makeDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw ProtocolErrorResponse(
                .badRequest, error: "invalid-body", message: "body is not a valid \(T.self): \(DecodingErrorText.describe(error))")
        }
    }
}

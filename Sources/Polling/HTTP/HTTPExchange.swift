import InterflowCore

/// One HTTP request the poller makes to a site agent.
public struct AgentRequest: Sendable {
    public enum Method: String, Sendable { case get = "GET", put = "PUT", post = "POST" }

    public var method: Method
    public var url: String
    /// Header lines, e.g. `Authorization: Bearer …`.
    public var headers: [String]
    public var body: [UInt8]?
    /// Seconds allowed to open the connection.
    public var connectTimeout: Double
    /// Seconds allowed for the whole exchange, so a peer that dribbles bytes cannot hold a slot.
    public var totalTimeout: Double
    /// Largest response body accepted; the transfer is aborted past it.
    public var maxResponseBytes: Int

    public init(
        method: Method = .get, url: String, headers: [String] = [], body: [UInt8]? = nil, connectTimeout: Double = 1,
        totalTimeout: Double = 2, maxResponseBytes: Int = 1 << 20
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxResponseBytes = maxResponseBytes
    }
}

/// A complete HTTP response.
public struct AgentResponse: Sendable {
    public var status: Int
    /// The Content-Type header, if any.
    public var contentType: String?
    public var body: [UInt8]
    /// Seconds from start to the last byte.
    public var seconds: Double
    /// Connections libcurl had to open for this exchange: 0 when a kept-alive one was reused.
    public var newConnections: Int

    public init(status: Int, contentType: String?, body: [UInt8], seconds: Double, newConnections: Int = 0) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.seconds = seconds
        self.newConnections = newConnections
    }
}

/// Why a request produced no response.
public enum TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing listens, or the connection was refused or reset.
    case connectionFailed(String)
    /// The connect or total timeout passed.
    case timedOut(seconds: Double)
    /// The body passed the size bound.
    case responseTooLarge(limit: Int)
    /// Any other libcurl failure.
    case failed(code: Int, message: String)
    /// The client was shut down before the request ran.
    case shutDown

    public var description: String {
        switch self {
        case .connectionFailed(let message): "connection failed: \(message)"
        case .timedOut(let seconds): "no complete response within \(Units.format(seconds: seconds)) s"
        case .responseTooLarge(let limit): "response larger than the \(limit)-byte limit"
        case .failed(let code, let message): "transfer failed (libcurl \(code)): \(message)"
        case .shutDown: "the HTTP client was shut down"
        }
    }
}

import Foundation

/// Who runs a site.
public enum SiteKind: Sendable, Hashable {
    case inHouse
    case outsourcer(name: String)

    /// The outsourcer's name, or `nil` for an in-house site.
    public var outsourcerName: String? {
        if case .outsourcer(let name) = self { return name }
        return nil
    }
}

/// One site of the federation, as read from `sites/<id>.yaml`.
public struct SiteConfig: Sendable, Hashable {
    /// Unique id, lower-case letters, digits and dashes (e.g. `austin`).
    public var id: String
    /// Display name (e.g. `Austin in-house center`).
    public var name: String
    public var kind: SiteKind
    public var mode: SiteMode
    /// IANA time zone identifier of the site (e.g. `America/Chicago`).
    public var timeZone: String
    /// Skill ids the site takes; each must be declared in the federation.
    public var skills: [String]
    public var agent: AgentEndpoint
    /// The contract terms; present for outsourcers only.
    public var contract: Contract?
    /// The simulated ACD behind the site's agent in demos and tests.
    public var simulation: SimulationProfile?
    /// The file the site was read from, for error messages.
    public var sourceFile: String

    public init(
        id: String, name: String, kind: SiteKind, mode: SiteMode, timeZone: String, skills: [String],
        agent: AgentEndpoint, contract: Contract? = nil, simulation: SimulationProfile? = nil, sourceFile: String = ""
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.mode = mode
        self.timeZone = timeZone
        self.skills = skills
        self.agent = agent
        self.contract = contract
        self.simulation = simulation
        self.sourceFile = sourceFile
    }
}

/// Where and how the coordinator reaches a site's ACD agent.
public struct AgentEndpoint: Sendable, Hashable {
    /// Base URL of the agent, e.g. `http://127.0.0.1:9101`.
    public var url: String
    /// Where the bearer token is found; never the token itself.
    public var token: TokenReference
    /// Seconds between real-time status polls (ignored for network-delivered sites).
    public var pollIntervalSeconds: Double
    /// Seconds between closed-interval polls.
    public var intervalPollSeconds: Double

    public init(url: String, token: TokenReference, pollIntervalSeconds: Double = 2, intervalPollSeconds: Double = 60) {
        self.url = url
        self.token = token
        self.pollIntervalSeconds = pollIntervalSeconds
        self.intervalPollSeconds = intervalPollSeconds
    }
}

/// A reference to a secret: the name of an environment variable or the path of a file.
public enum TokenReference: Sendable, Hashable, CustomStringConvertible {
    case environment(String)
    case file(String)

    public var description: String {
        switch self {
        case .environment(let name): "environment variable \(name)"
        case .file(let path): "file \(path)"
        }
    }
}

/// The token could not be read.
public struct TokenResolutionError: Error, CustomStringConvertible, Sendable {
    public var reference: TokenReference
    public var reason: String
    public var description: String { "cannot read the agent token from \(reference): \(reason)" }
}

extension TokenReference {
    /// Reads the secret.
    /// - Parameters:
    ///   - environment: the process environment (only the executable reads the real one).
    ///   - baseDirectory: relative file paths are resolved against it (the configuration directory).
    public func resolve(environment: [String: String], baseDirectory: String) throws -> String {
        switch self {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw TokenResolutionError(reference: self, reason: "the variable is not set; export \(name)=<token> before starting")
            }
            return value
        case .file(let path):
            let full = path.hasPrefix("/") ? path : baseDirectory + "/" + path
            guard let data = FileManager.default.contents(atPath: full), let text = String(data: data, encoding: .utf8) else {
                throw TokenResolutionError(reference: self, reason: "\(full) is missing or unreadable")
            }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw TokenResolutionError(reference: self, reason: "\(full) is empty") }
            return token
        }
    }
}

import Foundation

/// A closed interval a site's agent could not provide: the store records it, reports list it as
/// missing and never count it, neither as zero contacts nor as a missed target.
public struct MissingInterval: Sendable, Hashable, Codable {
    public var siteId: String
    public var skill: String
    public var start: Date
    public var lengthSeconds: Int
    /// Why it is missing, in the operator's words (the agent's answer, the range asked, "agent down
    /// from 02:10 to 04:40").
    public var cause: String
    /// When the coordinator found it missing.
    public var detectedAt: Date

    public init(siteId: String, skill: String, start: Date, lengthSeconds: Int, cause: String, detectedAt: Date) {
        self.siteId = siteId
        self.skill = skill
        self.start = start
        self.lengthSeconds = lengthSeconds
        self.cause = cause
        self.detectedAt = detectedAt
    }
}

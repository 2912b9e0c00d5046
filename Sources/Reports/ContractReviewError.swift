/// Why a contract review could not be built; each case says what to do.
public enum ContractReviewError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No outsourcer has that id, name or site.
    case unknownOutsourcer(found: String, known: [String])
    /// An outsourcer site has no contract (the loader requires one; a federation built in code may lack it).
    case missingContract(siteId: String)
    /// A site's time zone is not a known IANA identifier.
    case unknownTimeZone(siteId: String, timeZone: String)

    public var description: String {
        switch self {
        case .unknownOutsourcer(let found, let known):
            let list = known.isEmpty ? "none: the federation has no outsourcer site" : known.joined(separator: ", ")
            return "no outsourcer \"\(found)\" in the federation; give an outsourcer id, its name or one of its site ids (outsourcers: \(list))"
        case .missingContract(let siteId):
            return "site \(siteId) is an outsourcer site without a contract; add its contract to the site file (docs/configuration.md)"
        case .unknownTimeZone(let siteId, let timeZone):
            return "site \(siteId) has the time zone \"\(timeZone)\", which this system does not know; use an IANA identifier such as Asia/Manila"
        }
    }
}

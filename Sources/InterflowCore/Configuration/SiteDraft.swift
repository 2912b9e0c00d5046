/// What could be read of one site file, complete or not: enough for the checks across sites
/// (unique ids and URLs, share bounds per skill) even when the file has other problems.
struct SiteDraft {
    let file: String
    var id: String?
    /// `true` in-house, `false` outsourcer, `nil` unknown.
    var isInHouse: Bool?
    var skills: [String]?
    /// Contract share bounds by skill id, with the defaults (0 to 100 %) for skills the contract does not bound.
    var shares: [String: ShareBounds]?
    var url: String?
    /// Lines of the values above by key path (`id`, `agent.url`), for issues about them.
    var lines: [String: Int] = [:]
    /// The complete site, when its file had no problem.
    var site: SiteConfig?

    init(file: String) {
        self.file = file
    }
}

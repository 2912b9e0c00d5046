import Foundation

/// Reading a site file: who runs the site, its mode, skills and agent endpoint.
extension FederationLoader {
    static let siteKeys = ["id", "name", "kind", "outsourcer", "mode", "time_zone", "skills", "agent", "contract", "simulation"]
    static let agentKeys = ["url", "token", "poll_interval", "interval_poll"]
    static let acceptedToken = "token: {env: VARIABLE} or token: {file: path}, never the token itself"
    static let acceptedURL = "an http:// or https:// URL with a host and no credentials, such as http://127.0.0.1:9101"
    static let acceptedTimeZone = "an IANA time zone identifier such as America/Chicago, Europe/London or UTC"

    static func readSite(_ root: ConfigValue, federation: FederationConfig?, skillIDs: [String]?) -> SiteDraft {
        var draft = SiteDraft(file: root.file)
        guard let map = root.mapping(keys: siteKeys, accepted: "a site: a mapping with the keys " + siteKeys.joined(separator: ", ")) else {
            return draft
        }
        let id = map.required("id", accepted: ConfigValue.acceptedIdentifier)?.identifier()
        draft.id = id
        draft.lines["id"] = map["id"]?.line
        let name = map.required("name", accepted: "the site's display name")?.text()
        let kindText = map.required("kind", accepted: "in-house or outsourcer")?.choice(["in-house", "outsourcer"])
        draft.isInHouse = kindText.map { $0 == "in-house" }
        let kind = readKind(kindText, map)
        let mode = readMode(kindText, map)
        let timeZone = map.required("time_zone", accepted: acceptedTimeZone).flatMap(readTimeZone)
        let siteSkills = map.required("skills", accepted: "a list of skill ids declared in federation.yaml, such as [sales, service]")
            .flatMap { readSiteSkills($0, declared: skillIDs) }
        // The skills that could be read serve the checks across sites even if some could not; the
        // contract and simulation are checked against the site's skills only when all could be read,
        // so that one wrong skill is reported once.
        draft.skills = siteSkills?.ids
        let skills = siteSkills?.complete == true ? siteSkills?.ids : nil
        let agent = map.required("agent", accepted: "a mapping with the keys " + agentKeys.joined(separator: ", "))
            .flatMap { readAgent($0, mode: mode, draft: &draft) }

        var contract: Contract?
        var contractRead = true
        if kindText == "in-house" {
            map.forbid(
                "contract", found: "a contract on an in-house site",
                accepted: "no contract: contracts belong to outsourcer sites (kind: outsourcer)")
            draft.shares = [:]
        } else if kindText == "outsourcer" {
            if let value = map.required(
                "contract", accepted: "the outsourcer's contract: seats, price, sl_target, max_abandon_rate, aht_ceiling, fcr_target")
            {
                contract = readContract(value, mode: mode, skills: skills, draft: &draft)
                contractRead = contract != nil
            } else {
                contractRead = false
            }
        }
        var simulation: SimulationProfile?
        var simulationRead = true
        if let value = map["simulation"] {
            simulation = readSimulation(value, skills: skills, federation: federation)
            simulationRead = simulation != nil
        }
        guard let id, let name, let kind, let mode, let timeZone, let skills, let agent, contractRead, simulationRead else {
            return draft
        }
        draft.site = SiteConfig(
            id: id, name: name, kind: kind, mode: mode, timeZone: timeZone, skills: skills, agent: agent, contract: contract,
            simulation: simulation, sourceFile: root.file)
        return draft
    }

    private static func readKind(_ kindText: String?, _ map: ConfigMapping) -> SiteKind? {
        switch kindText {
        case "in-house":
            map.forbid(
                "outsourcer", found: "an outsourcer name on an in-house site",
                accepted: "no outsourcer key for kind: in-house, or kind: outsourcer")
            return .inHouse
        case "outsourcer":
            return map.required("outsourcer", accepted: "the outsourcer company's name, such as \"Bayanihan Contact Services\"")?
                .text(accepted: "the outsourcer company's name").map { SiteKind.outsourcer(name: $0) }
        default:
            return nil
        }
    }

    private static func readMode(_ kindText: String?, _ map: ConfigMapping) -> SiteMode? {
        let outsourcerModes = SiteMode.outsourcerModes.map(\.rawValue)
        switch kindText {
        case "in-house":
            guard let value = map["mode"] else { return .inHouse }
            guard value.scalarText == SiteMode.inHouse.rawValue else {
                value.report(accepted: "in-house (or no mode) for an in-house site; outsourcer modes need kind: outsourcer")
                return nil
            }
            return .inHouse
        case "outsourcer":
            guard let value = map.required("mode", accepted: ConfigValue.oneOf(outsourcerModes)) else { return nil }
            guard let text = value.scalarText, let mode = SiteMode(rawValue: text), mode != .inHouse else {
                value.report(accepted: ConfigValue.oneOf(outsourcerModes) + " for an outsourcer site")
                return nil
            }
            return mode
        default:
            return map["mode"]?.choice(SiteMode.allCases.map(\.rawValue)).flatMap(SiteMode.init(rawValue:))
        }
    }

    private static func readTimeZone(_ value: ConfigValue) -> String? {
        guard let text = value.scalarText, text == "UTC" || text.contains("/"), TimeZone(identifier: text) != nil else {
            value.report(accepted: acceptedTimeZone)
            return nil
        }
        return text
    }

    /// The skill ids that could be read, and whether every element could.
    private static func readSiteSkills(_ value: ConfigValue, declared: [String]?) -> (ids: [String], complete: Bool)? {
        guard let elements = value.list(accepted: "a list of skill ids declared in federation.yaml, such as [sales, service]") else {
            return nil
        }
        if elements.isEmpty { value.report(found: "an empty list", accepted: "at least one skill the site takes") }
        var seen: Set<String> = []
        let ids = elements.map { element -> String? in
            guard let id = element.identifier() else { return nil }
            if let declared, !declared.contains(id) {
                element.report(accepted: "a skill declared in federation.yaml: " + declared.joined(separator: ", "))
                return nil
            }
            if !seen.insert(id).inserted {
                element.report(accepted: "each skill once")
                return nil
            }
            return id
        }
        let read = ids.compactMap { $0 }
        return (read, read.count == ids.count && !read.isEmpty)
    }

    private static func readAgent(_ value: ConfigValue, mode: SiteMode?, draft: inout SiteDraft) -> AgentEndpoint? {
        guard let map = value.mapping(keys: agentKeys, accepted: "a mapping with the keys " + agentKeys.joined(separator: ", ")) else {
            return nil
        }
        let url = map.required("url", accepted: acceptedURL).flatMap(readURL)
        draft.url = url
        draft.lines["agent.url"] = map["url"]?.line
        let token = map.required("token", accepted: acceptedToken).flatMap(readToken)
        var poll: Double? = 2
        if mode == .networkDelivered {
            map.forbid(
                "poll_interval", found: "a real-time poll interval on a network-delivered site",
                accepted: "no poll_interval: network-delivered sites have no real-time status, only interval reports (interval_poll)")
        } else if let value = map["poll_interval"] {
            poll = value.duration(0.1...600)
        }
        let intervalPoll = map["interval_poll"].map { $0.duration(1...86_400) } ?? 60
        guard let url, let token, let poll, let intervalPoll else { return nil }
        return AgentEndpoint(url: url, token: token, pollIntervalSeconds: poll, intervalPollSeconds: intervalPoll)
    }

    private static func readURL(_ value: ConfigValue) -> String? {
        guard let text = value.scalarText, let components = URLComponents(string: text) else {
            value.report(accepted: acceptedURL)
            return nil
        }
        if components.user != nil || components.password != nil
            || (components.queryItems ?? []).contains(where: { item in ConfigValue.secretKeyWords.contains { item.name.lowercased().contains($0) } })
        {
            value.report(found: "a URL with credentials in it (not shown)", accepted: acceptedURL + "; the token goes in agent.token")
            return nil
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            value.report(accepted: acceptedURL)
            return nil
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    private static func readToken(_ value: ConfigValue) -> TokenReference? {
        if value.scalarText != nil {
            value.report(found: "a token given inline (value not shown)", accepted: acceptedToken)
            return nil
        }
        guard let map = value.mapping(keys: ["env", "file"], accepted: acceptedToken) else { return nil }
        switch (map["env"], map["file"]) {
        case (let env?, nil):
            guard let name = env.scalarText, isEnvironmentVariableName(name) else {
                env.report(accepted: "the name of an environment variable, such as INTERFLOW_TOKEN_AUSTIN")
                return nil
            }
            return .environment(name)
        case (nil, let file?):
            guard let path = file.text(accepted: "the path of a file holding the token, relative to the configuration directory or absolute")
            else { return nil }
            if ConfigValue.looksLikeSecret(path) {
                file.report(accepted: "the path of a file holding the token, not the token itself")
                return nil
            }
            return .file(path)
        default:
            value.report(found: map.entries.isEmpty ? "an empty mapping" : "both env and file", accepted: "exactly one of " + acceptedToken)
            return nil
        }
    }

    /// Letters, digits and underscores, not starting with a digit, and not itself a secret.
    static func isEnvironmentVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first), !ConfigValue.looksLikeSecret(name) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_") }
    }
}

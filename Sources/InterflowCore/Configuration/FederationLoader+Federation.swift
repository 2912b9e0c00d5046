import Foundation

/// Reading `federation.yaml`: skills, segments, coordinator settings and the value model.
extension FederationLoader {
    static let federationKeys = ["name", "skills", "segments", "coordinator", "value", "jobs"]
    static let skillKeys = ["id", "name", "sl_target", "threshold", "patience", "peak_arrivals"]
    static let segmentKeys = ["id", "priority", "patience", "alternative"]
    static let coordinatorKeys = [
        "port", "data_dir", "rebalance_every", "stale_after_polls", "down_after_polls", "connect_timeout", "request_timeout",
        "max_response_bytes", "retention", "snapshot_every", "backfill", "policy",
    ]
    static let valueKeys = ["repeat_contact_cost", "abandon_cost", "shrinkage_intervals", "currency"]

    /// The federation's settings, and the ids of its skills when they could all be read (even when
    /// something else in the file is wrong, so that the sites' skills can still be checked).
    static func readFederation(_ root: ConfigValue) -> (config: FederationConfig?, skillIDs: [String]?) {
        guard let map = root.mapping(keys: federationKeys, accepted: "a mapping with the keys " + federationKeys.joined(separator: ", "))
        else { return (nil, nil) }
        let name = map.required("name", accepted: "the federation's name")?.text()
        var skillIDs: [String]?
        let skills = map.required("skills", accepted: "a list of skills, each with id, name, sl_target and threshold")
            .flatMap { readSkills($0, ids: &skillIDs) }
        let segments = map["segments"].map(readSegments) ?? []
        let coordinator = map["coordinator"].map(readCoordinator) ?? CoordinatorSettings()
        let value = map["value"].map(readValueModel) ?? ValueModel()
        let jobs = map["jobs"].map(readJobs) ?? []
        guard let name, let skills, let segments, let coordinator, let value, let jobs else { return (nil, skillIDs) }
        return (
            FederationConfig(name: name, skills: skills, segments: segments, coordinator: coordinator, value: value, jobs: jobs), skillIDs
        )
    }

    static func readSkills(_ value: ConfigValue, ids: inout [String]?) -> [SkillConfig]? {
        guard let elements = value.list(accepted: "a list of skills, each with id, name, sl_target and threshold") else { return nil }
        if elements.isEmpty { value.report(found: "an empty list", accepted: "at least one skill") }
        var seen: Set<String> = []
        var ordered: [String] = []
        var allIDs = true
        let skills = elements.map { element -> SkillConfig? in
            guard let map = element.mapping(keys: skillKeys, accepted: "a skill: a mapping with the keys " + skillKeys.joined(separator: ", "))
            else { return nil }
            let id = map.required("id", accepted: ConfigValue.acceptedIdentifier)?.identifier()
            if let id, let idValue = map["id"], !seen.insert(id).inserted {
                idValue.report(accepted: "an id no other skill uses")
            }
            if let id { ordered.append(id) } else { allIDs = false }
            let name = map["name"]?.text() ?? id
            let target = map.required("sl_target", accepted: Units.acceptedFraction)?.fraction(0.01...1)
            let threshold = map.required("threshold", accepted: Units.acceptedDuration)?.duration(1...3600)
            let patience = map["patience"].map { $0.duration(1...7200) } ?? 180
            let peak = map["peak_arrivals"].map { $0.ratePerHour() } ?? 0
            guard let id, let name, let target, let threshold, let patience, let peak else { return nil }
            return SkillConfig(
                id: id, name: name, serviceLevelTarget: target, thresholdSeconds: threshold, patienceSeconds: patience,
                peakArrivalsPerHour: peak)
        }
        if allIDs { ids = ordered }
        let complete = skills.compactMap { $0 }
        return complete.count == skills.count && !complete.isEmpty ? complete : nil
    }

    static func readSegments(_ value: ConfigValue) -> [SegmentConfig]? {
        guard let elements = value.list(accepted: "a list of segments, each with id, priority, patience and alternative") else {
            return nil
        }
        var seen: Set<String> = []
        let alternatives = SegmentConfig.Alternative.allCases.map(\.rawValue)
        let segments = elements.map { element -> SegmentConfig? in
            guard
                let map = element.mapping(keys: segmentKeys, accepted: "a segment: a mapping with the keys " + segmentKeys.joined(separator: ", "))
            else { return nil }
            let id = map.required("id", accepted: ConfigValue.acceptedIdentifier)?.identifier()
            if let id, let idValue = map["id"], !seen.insert(id).inserted {
                idValue.report(accepted: "an id no other segment uses")
            }
            let priority = map["priority"].map { $0.integer(-1000...1000) } ?? 0
            let patience = map.required("patience", accepted: Units.acceptedDuration)?.duration(1...7200)
            let alternative =
                map["alternative"].map { $0.choice(alternatives).flatMap(SegmentConfig.Alternative.init(rawValue:)) }
                ?? SegmentConfig.Alternative.none
            guard let id, let priority, let patience, let alternative else { return nil }
            return SegmentConfig(id: id, priority: priority, patienceSeconds: patience, alternative: alternative)
        }
        let complete = segments.compactMap { $0 }
        return complete.count == segments.count ? complete : nil
    }

    static func readCoordinator(_ value: ConfigValue) -> CoordinatorSettings? {
        guard let map = value.mapping(keys: coordinatorKeys, accepted: "a mapping with the keys " + coordinatorKeys.joined(separator: ", "))
        else { return nil }
        let defaults = CoordinatorSettings()
        let port = map["port"].map { $0.integer(1...65535, accepted: "a TCP port from 1 to 65535") } ?? defaults.port
        let dataDirectory = map["data_dir"].map { $0.text(accepted: "a directory path") } ?? defaults.dataDirectory
        let rebalance = map["rebalance_every"].map { $0.duration(0.5...3600) } ?? defaults.rebalanceSeconds
        let stale =
            map["stale_after_polls"].map { $0.number(1...1000, accepted: "a number of poll intervals from 1 to 1000") }
            ?? defaults.staleAfterPolls
        let down =
            map["down_after_polls"].map { $0.number(1...10000, accepted: "a number of poll intervals from 1 to 10000") }
            ?? defaults.downAfterPolls
        if let stale, let down, down <= stale {
            (map["down_after_polls"] ?? map.value).report(
                found: "\(ConfigValue.format(down)) (with stale_after_polls \(ConfigValue.format(stale)))",
                accepted: "more poll intervals than stale_after_polls: a site goes stale before it is down")
        }
        let connect = map["connect_timeout"].map { $0.duration(0.01...60) } ?? defaults.connectTimeoutSeconds
        let request = map["request_timeout"].map { $0.duration(0.01...300) } ?? defaults.requestTimeoutSeconds
        if let connect, let request, request < connect {
            (map["request_timeout"] ?? map.value).report(
                found: "\(ConfigValue.format(seconds: request)) (with connect_timeout \(ConfigValue.format(seconds: connect)))",
                accepted: "a request timeout at least as long as connect_timeout, which it includes")
        }
        let maxBytes = map["max_response_bytes"].map(readByteCount) ?? defaults.maxResponseBytes
        let retention = map["retention"].map(readRetention) ?? defaults.retention
        let snapshot = map["snapshot_every"].map { $0.duration(1...86_400) } ?? defaults.snapshotSeconds
        let backfill = map["backfill"].map { $0.duration(0...(7 * 86_400)) } ?? defaults.backfillSeconds
        let policy = map["policy"].map { $0.choice(SharePolicy.allCases.map(\.rawValue)).flatMap(SharePolicy.init(rawValue:)) } ?? defaults.policy
        guard let port, let dataDirectory, let rebalance, let stale, let down, let connect, let request, let maxBytes,
            let retention, let snapshot, let backfill, let policy, down > stale, request >= connect
        else { return nil }
        return CoordinatorSettings(
            port: port, dataDirectory: dataDirectory, rebalanceSeconds: rebalance, staleAfterPolls: stale, downAfterPolls: down,
            connectTimeoutSeconds: connect, requestTimeoutSeconds: request, maxResponseBytes: maxBytes, retention: retention,
            snapshotSeconds: snapshot, backfillSeconds: backfill, policy: policy)
    }

    static let acceptedByteCount = "a size from 1KiB to 1GiB: a number of bytes or a number with KB, KiB, MB or MiB, such as 1MiB"

    /// A byte count: `1048576`, `512KiB`, `1MiB`, `2MB`, `64KB`.
    static func readByteCount(_ value: ConfigValue) -> Int? {
        guard let text = value.scalarText?.trimmingCharacters(in: .whitespaces) else {
            value.report(accepted: acceptedByteCount)
            return nil
        }
        let units: [(String, Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1),
        ]
        var number = Substring(text)
        var scale = 1
        if let unit = units.first(where: { text.hasSuffix($0.0) }) {
            number = text.dropLast(unit.0.count)
            scale = unit.1
        }
        guard let count = Double(number.trimmingCharacters(in: .whitespaces)), count.isFinite,
            (1024...Double(1 << 30)).contains(count * Double(scale))
        else {
            value.report(accepted: acceptedByteCount)
            return nil
        }
        return Int(count * Double(scale))
    }

    static func readValueModel(_ value: ConfigValue) -> ValueModel? {
        guard let map = value.mapping(keys: valueKeys, accepted: "a mapping with the keys " + valueKeys.joined(separator: ", ")) else {
            return nil
        }
        let defaults = ValueModel()
        let money = "an amount of money from 0 to 1000000, such as 6.50"
        let repeatCost = map["repeat_contact_cost"].map { $0.number(0...1_000_000, accepted: money) } ?? defaults.repeatContactCost
        let abandonCost = map["abandon_cost"].map { $0.number(0...1_000_000, accepted: money) } ?? defaults.abandonCost
        let shrinkage =
            map["shrinkage_intervals"].map { $0.number(0.01...1_000_000, accepted: "a positive number of intervals such as 32") }
            ?? defaults.shrinkageIntervals
        let currency =
            map["currency"].map { currency -> String? in
                guard let text = currency.scalarText, text.count == 3, text.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                    currency.report(accepted: "an ISO 4217 currency code such as USD, EUR or GBP")
                    return nil
                }
                return text
            } ?? defaults.currency
        guard let repeatCost, let abandonCost, let shrinkage, let currency else { return nil }
        return ValueModel(repeatContactCost: repeatCost, abandonCost: abandonCost, shrinkageIntervals: shrinkage, currency: currency)
    }
}

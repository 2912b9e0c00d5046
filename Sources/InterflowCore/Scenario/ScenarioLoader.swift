import Foundation
import Yams

/// Reads and validates a scenario file for the policy simulator (`docs/simulation.md`).
///
/// Like the federation's files, every problem is collected and thrown at once as
/// `ConfigurationErrors`, each naming the file, the key path, what was found and what is accepted.
public enum ScenarioLoader {
    static let keys = [
        "name", "description", "federation", "day", "time_zone", "hours", "warmup", "demand", "handle_time", "patience", "staffing", "events",
        "costs", "simulation",
    ]
    static let demandKeys = ["peak", "profile", "intervals", "segments"]
    static let simulationKeys = ["policies", "replications", "seed", "rebalance_every", "interflow_delay", "adherence", "repeat_contacts"]

    /// Loads the scenario in `path`. A `federation:` path is relative to the scenario file.
    /// - Throws: `ConfigurationErrors` with every problem found, in the scenario and in its federation.
    public static func load(path: String) throws -> Scenario {
        let log = IssueLog()
        guard let root = FederationLoader.document(path, log: log, missing: "a scenario (name, federation, demand, ...)") else {
            throw ConfigurationErrors(issues: log.issues)
        }
        let scenario = read(root, log: log)
        log.sortByFileAndLine()
        try log.throwIfAny()
        guard let scenario else { throw ConfigurationErrors(issues: log.issues) }
        return scenario
    }

    static func read(_ root: ConfigValue, log: IssueLog) -> Scenario? {
        guard let map = root.mapping(keys: keys, accepted: "a scenario: a mapping with the keys " + keys.joined(separator: ", ")) else { return nil }
        let name = map.required("name", accepted: "the scenario's name")?.text()
        let description = map["description"]?.text()
        guard let federation = map.required("federation", accepted: acceptedFederation).flatMap({ readFederation($0, log: log) }) else {
            return nil
        }
        // The simulator takes each site's handle times, outcomes and agents from its simulation profile.
        let unprofiled = federation.sites.filter { $0.simulation == nil }.map(\.id)
        if !unprofiled.isEmpty, let value = map["federation"] {
            value.report(
                found: "sites without a simulation profile: " + unprofiled.joined(separator: ", "),
                accepted: "a simulation: block (skills' handle times and outcomes, agent groups) in every site file")
        }
        let defaultZone = federation.sites.first { $0.kind == .inHouse }?.timeZone ?? federation.sites.first?.timeZone ?? "UTC"
        let timeZone =
            map["time_zone"].map { value -> String? in
                guard let text = value.text(), TimeZone(identifier: text) != nil else {
                    value.report(accepted: "an IANA time zone such as America/Chicago")
                    return nil
                }
                return text
            } ?? defaultZone
        let day = map["day"].map(readDay) ?? DateComponents(year: 2026, month: 1, day: 7)
        let readHoursValue = map["hours"].map(readHours) ?? (0, 1440)
        let warmup = map["warmup"].map { $0.duration(0...(12 * 3600)) } ?? 0
        // A bad time of day still lets the rest be read (and checked) against the default day.
        let timesRead = timeZone != nil && day != nil && readHoursValue != nil && warmup != nil
        guard let calendar = calendar(timeZone ?? "UTC") else { return nil }
        let midnight = calendar.date(from: day ?? DateComponents(year: 2026, month: 1, day: 7)) ?? Date(timeIntervalSince1970: 0)
        let hours = readHoursValue ?? (0, 1440)
        func at(_ minute: Int) -> Date { FederationLoader.localTime(minute, of: midnight, calendar: calendar) }
        let start = at(hours.0)
        let end = at(hours.1)
        if let warmup, warmup >= end.timeIntervalSince(start), let value = map["warmup"] {
            value.report(accepted: "a warm-up shorter than the simulated hours")
        }

        let config = federation.config
        let demand = readDemand(map["demand"], federation: config)
        let handleTimes = map["handle_time"].map { readHandleTimes($0, federation: federation) } ?? [:]
        let patience = map["patience"].map(readPatience) ?? .exponential
        let staffing = readStaffing(map["staffing"], federation: federation)
        let events = map["events"].map { readEvents($0, federation: federation, at: at, start: start, end: end) } ?? []
        let costs = map["costs"].map { readCosts($0, federation: federation) } ?? [:]
        let settings = map["simulation"].map(readSettings) ?? SimulationSettings()
        guard let name, let demand, let handleTimes, let patience, let staffing, let events, let costs, let settings, unprofiled.isEmpty,
            timesRead, let timeZone, let warmup
        else { return nil }
        return Scenario(
            name: name, description: description, federation: federation, timeZone: timeZone, start: start, end: end, warmupSeconds: warmup,
            demand: demand, handleTimes: handleTimes, patience: patience, staffing: staffing, events: events, agentHourCost: costs,
            settings: settings)
    }

    static let acceptedFederation =
        "a directory of federation.yaml and site files, relative to this file (such as ..), or {settings: {federation.yaml's keys}, sites: [site files' contents]}"

    /// The federation: a directory, or inline settings and sites.
    static func readFederation(_ value: ConfigValue, log: IssueLog) -> Federation? {
        if let path = value.scalarText {
            let directory = (value.file as NSString).deletingLastPathComponent
            let full = path.hasPrefix("/") ? path : (directory.isEmpty ? path : "\(directory)/\(path)")
            do {
                return try FederationLoader.load(directory: full)
            } catch let errors as ConfigurationErrors {
                for issue in errors.issues { log.add(issue) }
                if errors.issues.isEmpty { value.report(accepted: acceptedFederation) }
                return nil
            } catch {
                value.report(found: "\"\(path)\" (\(error))", accepted: acceptedFederation)
                return nil
            }
        }
        guard let map = value.mapping(keys: ["settings", "sites"], accepted: acceptedFederation) else { return nil }
        let (config, skillIDs) =
            map.required("settings", accepted: "federation.yaml's keys: name, skills, segments, ...")
            .map(FederationLoader.readFederation) ?? (nil, nil)
        let drafts =
            map.required("sites", accepted: "a list of sites, each as a site file would say it")?.list(accepted: "a list of sites")?
            .map { FederationLoader.readSite($0, federation: config, skillIDs: skillIDs) } ?? []
        FederationLoader.checkSites(drafts, skillIDs: skillIDs, federationFile: value.file, log: log)
        guard let config, !drafts.isEmpty, drafts.allSatisfy({ $0.site != nil }) else { return nil }
        return Federation(config: config, sites: drafts.compactMap(\.site), directory: (value.file as NSString).deletingLastPathComponent)
    }

    static func calendar(_ zone: String) -> Calendar? {
        guard let timeZone = TimeZone(identifier: zone) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    static func readDay(_ value: ConfigValue) -> DateComponents? {
        let parts = value.scalarText?.split(separator: "-").compactMap { Int($0) } ?? []
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]), parts[0] > 1970 else {
            value.report(accepted: "a date YYYY-MM-DD such as 2026-12-02")
            return nil
        }
        return DateComponents(year: parts[0], month: parts[1], day: parts[2])
    }

    static func readHours(_ value: ConfigValue) -> (Int, Int)? {
        let parts = value.scalarText?.split(separator: "-").map(String.init) ?? []
        guard parts.count == 2, let from = Units.clockMinutes(parts[0]), let to = Units.clockMinutes(parts[1]), to > from else {
            value.report(accepted: "local hours HH:MM-HH:MM of one day, such as 07:00-19:00")
            return nil
        }
        return (from, to)
    }

    static func readDemand(_ value: ConfigValue?, federation: FederationConfig) -> [SkillDemandPlan]? {
        let map = value?.mapping(keys: federation.skills.map(\.id), accepted: "a mapping of skill ids to demand")
        if value != nil && map == nil { return nil }
        let segments = federation.segments.map(\.id)
        let even = Dictionary(segments.map { ($0, 1 / Double(max(segments.count, 1))) }, uniquingKeysWith: { first, _ in first })
        var plans: [SkillDemandPlan] = []
        var failed = false
        for skill in federation.skills {
            guard let entry = map?[skill.id] else {
                // Not in the scenario: the federation's forecast peak over the typical day.
                plans.append(
                    SkillDemandPlan(
                        skill: skill.id, peakPerHour: skill.peakArrivalsPerHour, shape: .hourly(SimulationProfile.typicalDay), segments: even))
                continue
            }
            guard let plan = readSkillDemand(entry, skill: skill, segments: segments, even: even) else {
                failed = true
                continue
            }
            plans.append(plan)
        }
        return failed ? nil : plans
    }

    static func readSkillDemand(_ value: ConfigValue, skill: SkillConfig, segments: [String], even: [String: Double]) -> SkillDemandPlan? {
        guard let map = value.mapping(keys: demandKeys, accepted: "a skill's demand with the keys " + demandKeys.joined(separator: ", ")) else {
            return nil
        }
        let mix = map["segments"].map { readSegmentMix($0, segments: segments) } ?? even
        if let intervals = map["intervals"] {
            map.forbid("peak", found: "a peak with intervals", accepted: "one of peak (with profile) or intervals")
            map.forbid("profile", found: "a profile with intervals", accepted: "one of peak (with profile) or intervals")
            guard let interval = intervals.mapping(keys: ["length", "rates"], accepted: "{length: 30m, rates: [120/h, 180/h, ...]}") else {
                return nil
            }
            let length = interval.required("length", accepted: "an interval length such as 15m or 30m")?.duration(60...86_400)
            let rates = interval.required("rates", accepted: "a list of rates from the start of the day")?.list(
                accepted: "a list of rates such as [120/h, 150/h]"
            )
            .flatMap { items in FederationLoader.allRead(items.map { $0.ratePerHour() }, in: intervals, emptyAccepted: "at least one rate") }
            guard let length, let rates, let mix else { return nil }
            return SkillDemandPlan(
                skill: skill.id, peakPerHour: rates.max() ?? 0, shape: .intervals(lengthSeconds: length, perHour: rates), segments: mix)
        }
        // The scenario's peak, else the federation's forecast one (0 when it has none).
        let peak: Double?
        if let given = map["peak"] {
            peak = given.ratePerHour()
        } else if skill.peakArrivalsPerHour > 0 {
            peak = skill.peakArrivalsPerHour
        } else {
            map.value.report(found: "no peak, and the skill's peak_arrivals is absent or 0", accepted: "peak: a rate such as 300/h")
            peak = nil
        }
        let profile = map["profile"].map(readProfile) ?? SimulationProfile.typicalDay
        guard let peak, let profile, let mix else { return nil }
        return SkillDemandPlan(skill: skill.id, peakPerHour: peak, shape: .hourly(profile), segments: mix)
    }

    static func readProfile(_ value: ConfigValue) -> [Double]? {
        if let text = value.scalarText {
            switch text {
            case "typical": return SimulationProfile.typicalDay
            case "flat": return Array(repeating: 1, count: 24)
            default:
                value.report(accepted: "typical, flat, or 24 relative intensities by local hour")
                return nil
            }
        }
        guard let items = value.list(accepted: "typical, flat, or 24 relative intensities by local hour"), items.count == 24 else {
            value.report(accepted: "24 relative intensities, one per local hour from 00:00")
            return nil
        }
        return FederationLoader.allRead(
            items.map { $0.number(0...1000, accepted: "a relative intensity ≥ 0") }, in: value, emptyAccepted: "24 values")
    }

    static func readSegmentMix(_ value: ConfigValue, segments: [String]) -> [String: Double]? {
        guard let map = value.mapping(keys: segments, accepted: "shares of the federation's segments: " + segments.joined(separator: ", ")) else {
            return nil
        }
        var mix: [String: Double] = [:]
        for (segment, share) in map.entries {
            guard let fraction = share.fraction() else { return nil }
            mix[segment] = fraction
        }
        let total = mix.values.reduce(0, +)
        guard abs(total - 1) < 1e-6 else {
            value.report(found: "shares summing to \(ConfigValue.format(fraction: total))", accepted: "segment shares that sum to 100%")
            return nil
        }
        return mix
    }

    static func readHandleTimes(_ value: ConfigValue, federation: Federation) -> [String: [String: DurationDistribution]]? {
        let siteIDs = federation.sites.map(\.id)
        guard let map = value.mapping(keys: siteIDs + ["all"], accepted: "a mapping of site ids (or all) to skills' handle times") else { return nil }
        var result: [String: [String: DurationDistribution]] = [:]
        var failed = false
        for (site, entry) in map.entries {
            let skills = site == "all" ? federation.config.skills.map(\.id) : federation.site(site)?.skills ?? []
            guard let perSkill = entry.mapping(keys: skills, accepted: "a mapping of the site's skills to handle times") else {
                failed = true
                continue
            }
            for (skill, distribution) in perSkill.entries {
                guard let read = FederationLoader.readHandleTime(distribution, skill: skill) else {
                    failed = true
                    continue
                }
                for id in site == "all" ? federation.sites.filter({ $0.skills.contains(skill) }).map(\.id) : [site] {
                    result[id, default: [:]][skill] = read
                }
            }
        }
        return failed ? nil : result
    }

    static func readPatience(_ value: ConfigValue) -> PatienceModel? {
        let accepted = "exponential, none, {distribution: lognormal, cv: 0.6} or {distribution: empirical, samples: [1m, 3m, ...]}"
        if let text = value.scalarText {
            switch text {
            case "exponential": return .exponential
            case "none": return PatienceModel.none
            default:
                value.report(accepted: accepted)
                return nil
            }
        }
        guard let map = value.mapping(keys: ["distribution", "cv", "samples"], accepted: accepted) else { return nil }
        switch map.required("distribution", accepted: "exponential, lognormal or empirical")?.choice(["exponential", "lognormal", "empirical"]) {
        case "exponential": return .exponential
        case "lognormal":
            return map.required("cv", accepted: "a coefficient of variation such as 0.6")?.number(0.05...5, accepted: "a cv from 0.05 to 5")
                .map { .lognormal(cv: $0) }
        case "empirical":
            guard let samples = map.required("samples", accepted: "a list of durations")?.list(accepted: "a list of durations such as [1m, 3m]"),
                let values = FederationLoader.allRead(samples.map { $0.duration(0...86_400) }, in: map.value, emptyAccepted: "at least one duration"),
                let distribution = DurationDistribution.empirical(values)
            else { return nil }
            return .empirical(distribution)
        default: return nil
        }
    }

    static func readStaffing(_ value: ConfigValue?, federation: Federation) -> [String: [AgentGroup]]? {
        var staffing: [String: [AgentGroup]] = [:]
        for site in federation.sites { staffing[site.id] = site.simulation?.agentGroups ?? [] }
        guard let value else { return staffing }
        guard let map = value.mapping(keys: federation.sites.map(\.id), accepted: "a mapping of site ids to {scale: 1.2} or {agents: [groups]}")
        else {
            return nil
        }
        var failed = false
        for (id, entry) in map.entries {
            guard let site = federation.site(id),
                let change = entry.mapping(keys: ["scale", "agents"], accepted: "{scale: 1.2} (every group's count) or {agents: [groups]}")
            else {
                failed = true
                continue
            }
            if let scale = change["scale"] {
                change.forbid("agents", found: "both scale and agents", accepted: "one of them")
                guard let factor = scale.number(0...100, accepted: "a factor such as 0.8 or 1.25") else {
                    failed = true
                    continue
                }
                staffing[id] = staffing[id]?.map { group in
                    var scaled = group
                    scaled.count = Int((Double(group.count) * factor).rounded())
                    return scaled
                }
            } else if let agents = change["agents"] {
                guard let groups = FederationLoader.readAgentGroups(agents, skills: site.skills) else {
                    failed = true
                    continue
                }
                staffing[id] = groups
            } else {
                entry.report(accepted: "{scale: 1.2} or {agents: [groups]}")
                failed = true
            }
        }
        return failed ? nil : staffing
    }

    static func readEvents(_ value: ConfigValue, federation: Federation, at: (Int) -> Date, start: Date, end: Date) -> [ScenarioEvent]? {
        let accepted =
            "a list of events such as {at: \"10:00\", until: \"12:00\", surge: {site: austin, skill: sales, factor: 3}} or {at: \"11:00\", down: leeds}"
        guard let items = value.list(accepted: accepted) else { return nil }
        let events = items.map { item -> ScenarioEvent? in
            guard let map = item.mapping(keys: ["at", "until", "surge", "down"], accepted: accepted) else { return nil }
            let from = map.required("at", accepted: Units.acceptedClockTime)?.clockMinutes().map(at)
            let until = map["until"].map { $0.clockMinutes().map(at) } ?? end
            guard let from, let until else { return nil }
            if until <= from { map["until"]?.report(accepted: "a time after at") }
            if let down = map["down"] {
                map.forbid("surge", found: "both down and surge", accepted: "one event per entry")
                guard let id = down.identifier(), federation.site(id) != nil else {
                    down.report(accepted: "a site id: " + federation.sites.map(\.id).joined(separator: ", "))
                    return nil
                }
                return .down(site: id, from: from, until: until)
            }
            guard
                let surge = map.required("surge", accepted: "surge: {site, skill, factor} or down: SITE")?
                    .mapping(keys: ["site", "skill", "factor"], accepted: "{site: austin, skill: sales, factor: 3}")
            else { return nil }
            let site = surge.required("site", accepted: "a site id")?.identifier()
            let skill = surge.required("skill", accepted: "a skill id")?.identifier()
            let factor = surge.required("factor", accepted: "a factor such as 3")?.number(0...1000, accepted: "a factor from 0 to 1000")
            guard let site, let skill, let factor else { return nil }
            guard let config = federation.site(site), config.skills.contains(skill) else {
                surge.value.report(
                    found: "site \(site), skill \(skill)", accepted: "a site of the federation and a skill it takes")
                return nil
            }
            return .surge(site: site, skill: skill, factor: factor, from: from, until: until)
        }
        return FederationLoader.allRead(events, in: value, emptyAccepted: "at least one event (or no events key)")
    }

    static func readCosts(_ value: ConfigValue, federation: Federation) -> [String: Double]? {
        let inHouse = federation.sites.filter { $0.kind == .inHouse }.map(\.id)
        guard
            let map = value.mapping(
                keys: inHouse, accepted: "a mapping of in-house site ids to the cost of an agent-hour (outsourcers cost what their contract says)")
        else { return nil }
        var costs: [String: Double] = [:]
        for (id, entry) in map.entries {
            guard let cost = entry.number(0...100_000, accepted: "an amount per agent-hour such as 32.5") else { return nil }
            costs[id] = cost
        }
        return costs
    }

    static func readSettings(_ value: ConfigValue) -> SimulationSettings? {
        guard let map = value.mapping(keys: simulationKeys, accepted: "a mapping with the keys " + simulationKeys.joined(separator: ", ")) else {
            return nil
        }
        var settings = SimulationSettings()
        var failed = false
        if let policies = map["policies"] {
            let names = SimulationPolicy.allCases.map(\.rawValue)
            let read = policies.list(accepted: "a list of policies: " + names.joined(separator: ", "))?
                .map { $0.choice(names).flatMap(SimulationPolicy.init(rawValue:)) }
            if let list = read.flatMap({ FederationLoader.allRead($0, in: policies, emptyAccepted: "at least one policy") }) {
                settings.policies = list
            } else {
                failed = true
            }
        }
        if let replications = map["replications"] {
            if let n = replications.integer(2...10_000, accepted: "from 2 to 10000 replications") { settings.replications = n } else { failed = true }
        }
        if let seed = map["seed"] {
            if let text = seed.scalarText, let number = UInt64(text) {
                settings.seed = number
            } else {
                seed.report(accepted: "a whole number from 0 to 18446744073709551615")
                failed = true
            }
        }
        if let rebalance = map["rebalance_every"] {
            if let seconds = rebalance.duration(0.5...3600) { settings.rebalanceSeconds = seconds } else { failed = true }
        }
        if let delay = map["interflow_delay"] {
            if let seconds = delay.duration(0...600) { settings.interflowDelaySeconds = seconds } else { failed = true }
        }
        if let adherence = map["adherence"] {
            if let choice = adherence.choice(["perfect", "typical"]) { settings.perfectAdherence = choice == "perfect" } else { failed = true }
        }
        if let repeats = map["repeat_contacts"] {
            if let inner = repeats.mapping(keys: ["share", "after"], accepted: "{share: 30%, after: 2h}"),
                let share = inner.required("share", accepted: Units.acceptedFraction)?.fraction(),
                let after = inner["after"].map({ $0.duration(60...(7 * 86_400)) }) ?? settings.repeatAfterSeconds
            {
                settings.repeatShare = share
                settings.repeatAfterSeconds = after
            } else {
                failed = true
            }
        }
        return failed ? nil : settings
    }
}

extension FederationLoader {
    /// Local minute `minute` (0…1440) of the day starting at `midnight` in `calendar`'s zone.
    static func localTime(_ minute: Int, of midnight: Date, calendar: Calendar) -> Date {
        if minute >= 1440 {
            let next = calendar.date(byAdding: .day, value: 1, to: midnight) ?? midnight.addingTimeInterval(86_400)
            return calendar.startOfDay(for: next.addingTimeInterval(3600))
        }
        return calendar.date(bySettingHour: minute / 60, minute: minute % 60, second: 0, of: midnight)
            ?? midnight.addingTimeInterval(Double(minute) * 60)
    }
}

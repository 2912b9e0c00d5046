import Foundation

/// Reading a site's `simulation:` block: the simulated ACD behind its agent in demos and tests.
extension FederationLoader {
    static let simulationKeys = ["seed", "hourly_profile", "skills", "agents"]
    static let simulationSkillKeys = ["peak_arrivals", "handle_time", "patience", "fcr", "conversion", "revenue_per_conversion"]
    static let handleTimeKeys = ["distribution", "mean", "cv", "samples", "intervals"]
    static let agentGroupKeys = ["name", "count", "skills", "shift"]
    static let acceptedHandleTime =
        "a duration (exponential) or {distribution: lognormal, mean: 5m, cv: 0.8} or {distribution: exponential, mean: 5m} "
        + "or {distribution: empirical, samples: [4m, 6m30s, ...]} or {distribution: empirical, intervals: FILE.json, skill: ID}"
    static let acceptedShift = "local hours HH:MM-HH:MM such as 07:00-16:00; an end before the start runs past midnight (22:00-07:00)"

    static func readSimulation(_ value: ConfigValue, skills: [String]?, federation: FederationConfig?) -> SimulationProfile? {
        guard let map = value.mapping(keys: simulationKeys, accepted: "a mapping with the keys " + simulationKeys.joined(separator: ", ")) else {
            return nil
        }
        let seed =
            map["seed"].map { seed -> UInt64? in
                guard let text = seed.scalarText, let number = UInt64(text) else {
                    seed.report(accepted: "a whole number from 0 to 18446744073709551615")
                    return nil
                }
                return number
            } ?? 1
        let profile = map["hourly_profile"].map(readHourlyProfile) ?? SimulationProfile.typicalDay
        let skillProfiles = map.required("skills", accepted: "a mapping of the site's skill ids to their simulated demand and handling")
            .flatMap { readSkillProfiles($0, skills: skills, federation: federation) }
        let groups = map.required(
            "agents", accepted: "a list of agent groups such as {name: sales-day, count: 20, skills: [sales], shift: \"08:00-17:00\"}"
        )
        .flatMap { readAgentGroups($0, skills: skills) }
        guard let seed, let profile, let skillProfiles, let groups else { return nil }
        return SimulationProfile(skills: skillProfiles, agentGroups: groups, hourlyProfile: profile, seed: seed)
    }

    /// 24 non-negative numbers scaled so that the peak is 1, or `flat` (an empty profile).
    private static func readHourlyProfile(_ value: ConfigValue) -> [Double]? {
        let accepted = "24 non-negative numbers, one per local hour from 00:00, not all 0 (scaled to a peak of 1), or flat"
        if value.scalarText == "flat" { return [] }
        guard let items = value.list(accepted: accepted) else { return nil }
        guard items.count == 24 else {
            value.report(found: "\(items.count) numbers", accepted: accepted)
            return nil
        }
        let numbers = items.map { $0.number(0...1_000_000, accepted: "a non-negative number") }
        guard !numbers.contains(nil) else { return nil }
        let values = numbers.compactMap { $0 }
        guard let peak = values.max(), peak > 0 else {
            value.report(found: "only zeros", accepted: accepted)
            return nil
        }
        return values.map { $0 / peak }
    }

    private static func readSkillProfiles(_ value: ConfigValue, skills: [String]?, federation: FederationConfig?) -> [String: SkillProfile]? {
        guard let map = value.mapping(keys: nil, accepted: "a mapping of the site's skill ids to their simulated demand and handling")
        else { return nil }
        var profiles: [String: SkillProfile] = [:]
        var failed = false
        for (skill, entry) in map.entries {
            if let skills, !skills.contains(skill) {
                entry.report(
                    found: "a profile for \"\(skill)\", a skill this site does not take",
                    accepted: "profiles for the site's skills: " + skills.joined(separator: ", "))
                failed = true
                continue
            }
            let defaultPatience = federation?.skill(skill)?.patienceSeconds ?? 180
            guard let profile = readSkillProfile(entry, skill: skill, defaultPatience: defaultPatience) else {
                failed = true
                continue
            }
            profiles[skill] = profile
        }
        if let skills {
            let missing = skills.filter { skill in !map.entries.contains { $0.key == skill } }
            if !missing.isEmpty {
                value.report(
                    found: "no profile for " + missing.joined(separator: ", "),
                    accepted: "a profile for every skill the site takes: " + skills.joined(separator: ", "))
                failed = true
            }
        }
        return failed ? nil : profiles
    }

    private static func readSkillProfile(_ value: ConfigValue, skill: String, defaultPatience: Double) -> SkillProfile? {
        guard let map = value.mapping(keys: simulationSkillKeys, accepted: "a mapping with the keys " + simulationSkillKeys.joined(separator: ", "))
        else { return nil }
        let peak = map.required("peak_arrivals", accepted: Units.acceptedRate)?.ratePerHour()
        let handleTime = map.required("handle_time", accepted: acceptedHandleTime).flatMap { readHandleTime($0, skill: skill) }
        let patience = map["patience"].map { $0.duration(1...7200) } ?? defaultPatience
        let fcr = map.required("fcr", accepted: Units.acceptedFraction)?.fraction()
        let conversion = map["conversion"].map { $0.fraction() } ?? 0
        let revenue =
            map["revenue_per_conversion"].map { $0.number(0...1_000_000, accepted: "an amount of money from 0 to 1000000, such as 140") } ?? 0
        guard let peak, let handleTime, let patience, let fcr, let conversion, let revenue else { return nil }
        return SkillProfile(
            peakArrivalsPerHour: peak, handleTime: handleTime, patienceSeconds: patience, fcrRate: fcr, conversionRate: conversion,
            revenuePerConversion: revenue)
    }

    /// A handle-time (or patience) distribution. Empirical ones come from `samples` (durations) or
    /// from a file of closed intervals (`intervals`: a path relative to the file, holding agent
    /// protocol v1's `GET /v1/intervals` answer or a list of its interval records), whose
    /// intervals of `skill` give an exponential mixture (``DurationDistribution/fromIntervals(_:)``).
    static func readHandleTime(_ value: ConfigValue, skill: String? = nil, range: ClosedRange<Double> = 1...14_400) -> DurationDistribution? {
        if value.scalarText != nil {
            return value.duration(range).map { DurationDistribution.exponential(meanSeconds: $0) }
        }
        guard let map = value.mapping(keys: handleTimeKeys, accepted: acceptedHandleTime) else { return nil }
        let distribution = map["distribution"].map { $0.choice(["exponential", "lognormal", "empirical"]) } ?? "exponential"
        if distribution == "empirical" {
            map.forbid("mean", found: "a mean for an empirical distribution", accepted: "samples or intervals, whose own mean it has")
            map.forbid("cv", found: "a cv for an empirical distribution", accepted: "samples or intervals")
            if let samples = map["samples"] {
                map.forbid("intervals", found: "both samples and intervals", accepted: "one of them")
                guard let items = samples.list(accepted: "a list of durations such as [3m, 4m30s, 6m]") else { return nil }
                let values = items.map { $0.duration(0...86_400) }
                guard let read = allRead(values, in: samples, emptyAccepted: "at least one duration") else { return nil }
                return DurationDistribution.empirical(read)
            }
            guard let file = map.required("intervals", accepted: "samples: [durations] or intervals: a file of closed intervals")?.text() else {
                return nil
            }
            return readIntervalsFile(file, relativeTo: value, skill: skill)
        }
        // An unknown distribution is reported already; its mean is still checked.
        if let distribution {
            map.forbid("samples", found: "samples for a \(distribution) distribution", accepted: "distribution: empirical")
            map.forbid("intervals", found: "intervals for a \(distribution) distribution", accepted: "distribution: empirical")
        }
        let mean = map.required("mean", accepted: Units.acceptedDuration)?.duration(range)
        switch distribution {
        case "lognormal":
            let cv = map.required("cv", accepted: "a coefficient of variation from 0.05 to 5, such as 0.8")?
                .number(0.05...5, accepted: "a coefficient of variation from 0.05 to 5, such as 0.8")
            guard let mean, let cv else { return nil }
            return .lognormal(meanSeconds: mean, cv: cv)
        case "exponential":
            map.forbid("cv", found: "a cv for an exponential distribution", accepted: "no cv (an exponential's cv is 1), or distribution: lognormal")
            guard let mean, !map.contains("cv") else { return nil }
            return .exponential(meanSeconds: mean)
        default:
            return nil
        }
    }

    /// The handle times of `skill` in a file of closed intervals, as an exponential mixture.
    static func readIntervalsFile(_ path: String, relativeTo value: ConfigValue, skill: String?) -> DurationDistribution? {
        let directory = (value.file as NSString).deletingLastPathComponent
        let full = path.hasPrefix("/") ? path : (directory.isEmpty ? path : "\(directory)/\(path)")
        guard let data = FileManager.default.contents(atPath: full) else {
            value.report(found: "\"\(path)\" (no readable file at \(full))", accepted: "a JSON file of closed intervals (GET /v1/intervals)")
            return nil
        }
        let decoder = AgentProtocol.makeDecoder()
        let records: [IntervalRecord]
        if let document = try? decoder.decode(IntervalsResponse.self, from: data) {
            records = document.intervals
        } else if let list = try? decoder.decode([IntervalRecord].self, from: data) {
            records = list
        } else {
            value.report(
                found: "\(path), which is not agent protocol v1 intervals",
                accepted: "the JSON of GET /v1/intervals or a list of its interval records")
            return nil
        }
        let chosen = records.filter { skill == nil || $0.skill == skill }
        guard let distribution = DurationDistribution.fromIntervals(chosen) else {
            value.report(
                found: "\(path), with no handled contact of \(skill ?? "any skill")", accepted: "intervals that handled contacts of the skill")
            return nil
        }
        return distribution
    }

    static func readAgentGroups(_ value: ConfigValue, skills: [String]?) -> [AgentGroup]? {
        guard
            let elements = value.list(
                accepted: "a list of agent groups such as {name: sales-day, count: 20, skills: [sales], shift: \"08:00-17:00\"}")
        else { return nil }
        var names: Set<String> = []
        let groups = elements.map { element -> AgentGroup? in
            guard let map = element.mapping(keys: agentGroupKeys, accepted: "an agent group with the keys " + agentGroupKeys.joined(separator: ", "))
            else { return nil }
            let name = map.required("name", accepted: "the group's name")?.text()
            if let name, !names.insert(name).inserted {
                map["name"]?.report(accepted: "a name no other group of the site uses")
            }
            let count = map.required("count", accepted: "a number of agents from 1 to 10000")?.integer(1...10_000)
            let groupSkills = map.required("skills", accepted: "a list of the site's skills in order of preference").flatMap { list -> [String]? in
                guard let items = list.list(accepted: "a list of the site's skills in order of preference, such as [sales, service]") else {
                    return nil
                }
                let ids = items.map { item -> String? in
                    guard let id = item.identifier() else { return nil }
                    if let skills, !skills.contains(id) {
                        item.report(accepted: "a skill this site takes: " + skills.joined(separator: ", "))
                        return nil
                    }
                    return id
                }
                if Set(ids.compactMap { $0 }).count != ids.compactMap({ $0 }).count {
                    list.report(found: "a skill listed twice", accepted: "each skill once")
                    return nil
                }
                return allRead(ids, in: list, emptyAccepted: "at least one skill")
            }
            let shift = map.required("shift", accepted: acceptedShift).flatMap { shift -> (start: Int, end: Int)? in
                let parts = shift.scalarText?.split(separator: "-").map(String.init) ?? []
                guard parts.count == 2, let start = Units.clockMinutes(parts[0]), let end = Units.clockMinutes(parts[1]), start != end,
                    start < 1440
                else {
                    shift.report(accepted: acceptedShift)
                    return nil
                }
                return (start, end > start ? end : end + 1440)
            }
            guard let name, let count, let groupSkills, let shift else { return nil }
            return AgentGroup(name: name, count: count, skills: groupSkills, startMinute: shift.start, endMinute: shift.end)
        }
        guard let read = allRead(groups, in: value, emptyAccepted: "at least one agent group"), names.count == read.count else { return nil }
        if let skills {
            let covered = Set(read.flatMap(\.skills))
            let uncovered = skills.filter { !covered.contains($0) }
            if !uncovered.isEmpty {
                value.report(
                    found: "no group handling " + uncovered.joined(separator: ", "),
                    accepted: "agent groups that together handle every skill the site takes: " + skills.joined(separator: ", "))
                return nil
            }
        }
        return read
    }
}

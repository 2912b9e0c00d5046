import Foundation
import InterflowCore
import Simulation

/// Sites and profiles shared by the tests.
enum Fixtures {
    /// 2026-01-01T00:00:00Z, a Thursday.
    static let epochDay = Date(timeIntervalSince1970: 1_767_225_600)

    static func site(id: String = "austin", timeZone: String = "UTC", skills: [String]) -> SiteConfig {
        SiteConfig(
            id: id, name: id.capitalized, kind: .inHouse, mode: .inHouse, timeZone: timeZone, skills: skills,
            agent: AgentEndpoint(url: "http://127.0.0.1:9101", token: .environment("INTERFLOW_TEST_TOKEN")))
    }

    static func skillConfig(_ id: String, threshold: Double = 20) -> SkillConfig {
        SkillConfig(id: id, name: id.capitalized, serviceLevelTarget: 0.8, thresholdSeconds: threshold)
    }

    static func skill(
        peak: Double = 0, handle: DurationDistribution = .exponential(meanSeconds: 300), patience: Double = .infinity,
        fcr: Double = 0.7, conversion: Double = 0.2, revenue: Double = 100
    ) -> SkillProfile {
        SkillProfile(
            peakArrivalsPerHour: peak, handleTime: handle, patienceSeconds: patience, fcrRate: fcr, conversionRate: conversion,
            revenuePerConversion: revenue)
    }

    /// One skill, `agents` agents on duty around the clock, arrivals at `perHour` with no time-of-day profile.
    static func singleSkillACD(
        agents: Int, perHour: Double, skill: SkillProfile = Fixtures.skill(), threshold: Double = 20, seed: UInt64 = 7,
        adherence: AdherenceBehaviour = .perfect, start: Date = epochDay, historyDays: Int = 7
    ) -> SimulatedACD {
        let profile = SimulationProfile(
            skills: ["sales": skill],
            agentGroups: [AgentGroup(name: "all", count: agents, skills: ["sales"], startMinute: 0, endMinute: 1440)],
            seed: seed)
        var acd = SimulatedACD(
            site: site(skills: ["sales"]), profile: profile, skills: [skillConfig("sales", threshold: threshold)], start: start,
            adherence: adherence, historyDays: historyDays)
        acd.setArrivalRate(skill: "sales", perHour: perHour)
        return acd
    }

    /// A two-skill site in Paris with day shifts, the typical day profile and realistic adherence.
    static func parisACD(seed: UInt64 = 11, start: Date = epochDay) -> SimulatedACD {
        let profile = SimulationProfile(
            skills: [
                "sales": skill(peak: 120, handle: .lognormal(meanSeconds: 360, cv: 0.6), patience: 120, fcr: 0.65, conversion: 0.25, revenue: 80),
                "service": skill(peak: 150, handle: .exponential(meanSeconds: 300), patience: 200, fcr: 0.8, conversion: 0.05, revenue: 30),
            ],
            agentGroups: [
                AgentGroup(name: "day", count: 12, skills: ["service", "sales"], startMinute: 9 * 60, endMinute: 17 * 60),
                AgentGroup(name: "sales", count: 5, skills: ["sales"], startMinute: 10 * 60, endMinute: 18 * 60 + 30),
            ],
            hourlyProfile: SimulationProfile.typicalDay, seed: seed)
        return SimulatedACD(
            site: site(id: "paris", timeZone: "Europe/Paris", skills: ["sales", "service"]), profile: profile,
            skills: [skillConfig("sales"), skillConfig("service", threshold: 30)], start: start)
    }
}

extension Array where Element == IntervalRecord {
    func total(_ field: (IntervalRecord) -> Int) -> Int { reduce(0) { $0 + field($1) } }
    func sum(_ field: (IntervalRecord) -> Double?) -> Double { reduce(0) { $0 + (field($1) ?? 0) } }
}

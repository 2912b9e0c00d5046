import Foundation
import InterflowCore
import Testing

/// The example federation shipped in `sites/`: valid, complete and realistic enough for the demo.
@Suite("Example federation in sites/")
struct ExampleFederationTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sites").path

    @Test("loads without a single issue")
    func loads() throws {
        let federation = try FederationLoader.load(directory: Self.directory)
        #expect(federation.config.skills.map(\.id) == ["sales", "service", "tech"])
        #expect(federation.sites.filter { $0.kind == .inHouse }.count >= 2)
        for mode in SiteMode.outsourcerModes {
            #expect(federation.sites.contains { $0.mode == mode }, "no \(mode.rawValue) site")
        }
        for site in federation.sites {
            #expect(site.agent.url.hasPrefix("http://127.0.0.1:91"))
            #expect(site.agent.token == .environment("INTERFLOW_TOKEN_" + site.id.uppercased()))
            #expect((site.contract != nil) == (site.kind != .inHouse))
            let agents = site.simulation?.agentGroups.reduce(0) { $0 + $1.count } ?? 0
            #expect((20...120).contains(agents), "\(site.id) has \(agents) agents")
        }
    }

    @Test("every site loads on its own, as the site agent reads it")
    func sitesLoadAlone() throws {
        for name in FederationLoader.siteFileNames(in: Self.directory) {
            let (site, federation) = try FederationLoader.loadSite(path: Self.directory + "/" + name)
            #expect(site.skills.allSatisfy { federation.skill($0) != nil })
        }
    }

    @Test("the federation's peak demand is the sum of the sites' simulated peaks")
    func demandMatchesSites() throws {
        let federation = try FederationLoader.load(directory: Self.directory)
        for skill in federation.config.skills {
            let sites = federation.sites.compactMap { $0.simulation?.skills[skill.id]?.peakArrivalsPerHour }.reduce(0, +)
            #expect(abs(sites - skill.peakArrivalsPerHour) < 1e-6, "\(skill.id): sites \(sites)/h, federation \(skill.peakArrivalsPerHour)/h")
        }
    }

    @Test("simulated agents cover the contracted seats on weekdays")
    func agentsCoverSeats() throws {
        let federation = try FederationLoader.load(directory: Self.directory)
        for site in federation.sites {
            guard let contract = site.contract, let simulation = site.simulation else { continue }
            for minute in stride(from: 0, to: 1440, by: 30) {
                let seats = contract.seats.seats(on: .wednesday, atMinute: minute)
                let agents = simulation.agentGroups.filter { group in
                    (group.startMinute..<group.endMinute).contains(minute) || (group.startMinute..<group.endMinute).contains(minute + 1440)
                }.reduce(0) { $0 + $1.count }
                #expect(agents >= seats, "\(site.id) at minute \(minute): \(agents) agents for \(seats) seats")
            }
        }
    }

    @Test("sites differ in value: conversion and first-contact resolution")
    func sitesDifferInValue() throws {
        let federation = try FederationLoader.load(directory: Self.directory)
        let salesConversion = Set(federation.sites.compactMap { $0.simulation?.skills["sales"]?.conversionRate })
        let serviceFCR = Set(federation.sites.compactMap { $0.simulation?.skills["service"]?.fcrRate })
        #expect(salesConversion.count >= 3 && serviceFCR.count >= 3)
        for site in federation.sites {
            for profile in site.simulation?.skills.values.map({ $0 }) ?? [] {
                #expect((0.65...0.85).contains(profile.fcrRate))
                #expect((240...540).contains(profile.handleTime.meanSeconds))
            }
        }
    }
}

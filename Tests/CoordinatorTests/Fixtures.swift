import Foundation
import Hummingbird
import HummingbirdTesting
import InterflowCore
import NIOCore
import SiteAgent

enum Fixtures {
    static let skills = [
        SkillConfig(id: "sales", name: "Sales", serviceLevelTarget: 0.8, thresholdSeconds: 20, patienceSeconds: 180, peakArrivalsPerHour: 300),
        SkillConfig(id: "service", name: "Service", serviceLevelTarget: 0.8, thresholdSeconds: 30, patienceSeconds: 240, peakArrivalsPerHour: 400),
    ]
    static let federationConfig = FederationConfig(
        name: "Test federation", skills: skills,
        segments: [SegmentConfig(id: "standard", priority: 1, patienceSeconds: 180, alternative: .callback)],
        coordinator: CoordinatorSettings(staleAfterPolls: 3, downAfterPolls: 8, connectTimeoutSeconds: 0.5, requestTimeoutSeconds: 0.5))

    /// 08:00 in Chicago on a Tuesday.
    static let start = Date(timeIntervalSince1970: 1_795_010_400)

    static func profile(agents: Int = 12, perHour: Double = 60) -> SimulationProfile {
        SimulationProfile(
            skills: [
                "sales": SkillProfile(
                    peakArrivalsPerHour: perHour, handleTime: .exponential(meanSeconds: 300), patienceSeconds: 180, fcrRate: 0.8, conversionRate: 0.2,
                    revenuePerConversion: 100),
                "service": SkillProfile(
                    peakArrivalsPerHour: perHour, handleTime: .lognormal(meanSeconds: 360, cv: 0.8), patienceSeconds: 240, fcrRate: 0.7,
                    conversionRate: 0, revenuePerConversion: 0),
            ],
            agentGroups: [AgentGroup(name: "blended", count: agents, skills: ["sales", "service"], startMinute: 0, endMinute: 1440)],
            hourlyProfile: [], seed: 7)
    }

    static func site(id: String, mode: SiteMode, url: String = "http://127.0.0.1:1", poll: Double = 0.2, contract: Contract? = nil) -> SiteConfig {
        SiteConfig(
            id: id, name: id.capitalized, kind: mode == .inHouse ? .inHouse : .outsourcer(name: "Acme \(id)"), mode: mode,
            timeZone: "America/Chicago", skills: ["sales", "service"],
            agent: AgentEndpoint(url: url, token: .environment("TOKEN_\(id.uppercased())"), pollIntervalSeconds: poll, intervalPollSeconds: poll),
            contract: contract ?? (mode == .inHouse ? nil : standardContract(mode: mode)), simulation: profile())
    }

    static func standardContract(mode: SiteMode) -> Contract {
        Contract(
            seats: SeatPlan(blocks: [.init(days: Set(Weekday.allCases), startMinute: 0, endMinute: 1440, seats: 12)]),
            price: .perHandledContact(4), serviceLevelTarget: 0.8, maxAbandonRate: 0.05, ahtCeilingSeconds: 420, fcrTarget: 0.75,
            shares: ["sales": ShareBounds(min: 0.1, max: 0.3), "service": ShareBounds(min: 0.2, max: 0.4)],
            changeWindow: mode == .networkDelivered ? .every(minutes: 30) : nil, reportingDelaySeconds: mode == .networkDelivered ? 1800 : 0)
    }

    /// A simulated site whose clock runs `speed` times faster than the wall clock.
    static func simulated(_ site: SiteConfig, speed: Double = 60) -> SimulatedSite {
        SimulatedSite(site: site, federation: federationConfig, clock: SimulationClock(simulatedStart: start, speed: speed))
    }
}

/// Runs `body` with a live HTTP server for `router` on a free loopback port.
func withLiveServer(_ router: Router<BasicRequestContext>, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    try await app.test(.live) { client in
        try await body(client.port!)
    }
}

func decode<T: Decodable>(_ type: T.Type, _ buffer: ByteBuffer) throws -> T {
    try AgentProtocol.makeDecoder().decode(T.self, from: Data(buffer.readableBytesView))
}

func encode(_ value: some Encodable) throws -> ByteBuffer {
    ByteBuffer(bytes: try AgentProtocol.makeEncoder().encode(value))
}

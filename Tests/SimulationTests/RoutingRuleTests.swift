import Foundation
import InterflowCore
import Simulation
import Testing

/// The ACD's routing rules with deterministic handle times (lognormal with cv 0 is its mean).
@Suite struct RoutingRuleTests {
    let start = Fixtures.epochDay

    func acd(groups: [AgentGroup]) -> SimulatedACD {
        let fixed = Fixtures.skill(handle: .lognormal(meanSeconds: 100, cv: 0))
        let profile = SimulationProfile(skills: ["x": fixed, "y": fixed], agentGroups: groups, seed: 1)
        return SimulatedACD(
            site: Fixtures.site(skills: ["x", "y"]), profile: profile, skills: [Fixtures.skillConfig("x"), Fixtures.skillConfig("y")],
            start: start, adherence: .perfect)
    }

    func busyAgents(_ acd: SimulatedACD) -> [String] {
        (acd.status(routingVersion: nil).agents ?? []).filter { $0.state == .busy }.map(\.id).sorted()
    }

    @Test func arrivalGoesToTheLongestIdleAgent() {
        var acd = acd(groups: [AgentGroup(name: "a", count: 2, skills: ["x"], startMinute: 0, endMinute: 1440)])
        acd.advance(to: start.addingTimeInterval(60))
        acd.offerContact(skill: "x")
        #expect(busyAgents(acd) == ["a-1"])
        acd.advance(to: start.addingTimeInterval(70))
        acd.offerContact(skill: "x")
        #expect(busyAgents(acd) == ["a-1", "a-2"])
        // a-1 is free at 160, a-2 at 170: at 200 a-1 has been idle longest.
        acd.advance(to: start.addingTimeInterval(200))
        acd.offerContact(skill: "x")
        #expect(busyAgents(acd) == ["a-1"])
    }

    @Test func freedAgentTakesTheOldestContactThenItsPreferredSkill() {
        var acd = acd(groups: [AgentGroup(name: "b", count: 1, skills: ["y", "x"], startMinute: 0, endMinute: 1440)])
        acd.advance(to: start.addingTimeInterval(10))
        acd.offerContact(skill: "x")  // answered at once, free at 110
        acd.advance(to: start.addingTimeInterval(20))
        acd.offerContact(skill: "x")  // oldest waiting
        acd.advance(to: start.addingTimeInterval(30))
        acd.offerContact(skill: "y")
        acd.advance(to: start.addingTimeInterval(111))
        var skills = acd.status(routingVersion: nil).skills
        #expect(skills[0].waiting == 0 && skills[1].waiting == 1)  // took x (older) though it prefers y
        acd.advance(to: start.addingTimeInterval(150))
        acd.offerContact(skill: "x")
        // Now x waits (arrived at 150) and y waits (arrived at 30): at 210 the agent takes y (older).
        acd.advance(to: start.addingTimeInterval(211))
        skills = acd.status(routingVersion: nil).skills
        #expect(skills[0].waiting == 1 && skills[1].waiting == 0)
        acd.advance(to: start.addingTimeInterval(400))
        acd.offerContact(skill: "x")
        acd.offerContact(skill: "y")
        acd.advance(to: start.addingTimeInterval(402))
        // At 311 it took x (150); free at 411. x and y both arrived at 400: it prefers y.
        acd.advance(to: start.addingTimeInterval(412))
        skills = acd.status(routingVersion: nil).skills
        #expect(skills[0].waiting == 1 && skills[1].waiting == 0)
        #expect(skills[0].oldestWaitSeconds == 12)
    }
}

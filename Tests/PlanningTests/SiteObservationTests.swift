import Foundation
import InterflowCore
import Planning
import Testing

/// A site observation keeps its fields behind one shared reference: it must still behave as a value.
@Suite("site observations")
struct SiteObservationTests {
    static func observation() -> SiteObservation {
        let status = SiteStatus(
            siteId: "austin", mode: .inHouse, asOf: Date(timeIntervalSince1970: 1_796_000_000), routingVersion: 3,
            skills: [
                SkillStatus(
                    skill: "sales", waiting: 4, oldestWaitSeconds: 31, agentsStaffed: 12, agentsAvailable: 2, agentsBusy: 10, ahtSeconds: 290,
                    slThresholdSeconds: 20, today: DayCounters(offered: 180, answered: 170, answeredWithinThreshold: 150, abandoned: 10))
            ], agents: nil)
        var observation = SiteObservation(
            excludedBecause: nil, status: status, arrivalRates: ["sales": 0.05], idleAgents: ["sales": ["a1", "a2"]],
            measuredValues: ["sales": MeasuredValue(perHandledContact: 21.5, intervals: 8)])
        observation.apportionAgents()
        return observation
    }

    @Test("a copy changed leaves the original as it was, field by field")
    func copiesAreValues() {
        let original = Self.observation()
        var copy = original
        #expect(copy == original)
        copy.arrivalRates["sales"] = 0.07
        copy.intervals.append(
            IntervalRecord(
                skill: "sales", start: Date(timeIntervalSince1970: 1_795_999_100), lengthSeconds: 900, offered: 40, answered: 38,
                answeredWithinThreshold: 33, abandoned: 2, handled: 38, handleSeconds: 11_000))
        copy.excludedBecause = "stale: no answer"
        copy.idleAgents["sales"]?.removeFirst()
        #expect(copy != original)
        #expect(original.arrivalRates == ["sales": 0.05] && original.intervals.isEmpty && original.excludedBecause == nil)
        #expect(original.idleAgents == ["sales": ["a1", "a2"]])
        #expect(copy.arrivalRates == ["sales": 0.07] && copy.intervals.count == 1 && copy.idleAgents == ["sales": ["a2"]])
        #expect(original.agentsApportioned && original.apportionedAgents == ["sales": 12])
    }

    @Test("the JSON is the fields' own, key for key, and reads back to an equal observation")
    func codable() throws {
        let observation = Self.observation()
        let data = try JSONEncoder().encode(observation)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(object.keys)
                == [
                    "status", "intervals", "arrivalRates", "idleAgents", "measuredValues", "valuesMeasured", "apportionedAgents",
                    "agentsApportioned",
                ])
        let decoded = try JSONDecoder().decode(SiteObservation.self, from: data)
        #expect(decoded == observation)
        #expect(decoded.hashValue == observation.hashValue)
    }
}

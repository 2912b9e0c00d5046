import Foundation
import InterflowCore
import Polling
import Testing

@Suite("response validation")
struct ResponseValidatorTests {
    let site = testSite(mode: .inHouse)

    func response(_ value: some Encodable, contentType: String = "application/json", status: Int = 200) throws -> AgentResponse {
        AgentResponse(status: status, contentType: contentType, body: Array(try AgentProtocol.makeEncoder().encode(value)), seconds: 0.01)
    }

    @Test("a consistent status is accepted")
    func valid() throws {
        let status = validStatus(site: site)
        let result = ResponseValidator(site: site).status(try response(status), previousAsOf: nil, now: Date())
        #expect(try result.get() == status)
    }

    @Test("inconsistent numbers are rejected, each named")
    func inconsistent() throws {
        var status = validStatus(site: site)
        status.skills[0].agentsAvailable = 8  // 8 + 9 busy > 10 staffed
        status.skills[1].today.answered = 120  // > offered
        status.skills[1].waiting = -1
        let problems = ResponseValidator(site: site).check(status, previousAsOf: nil, now: Date())
        #expect(problems.contains { $0.contains("skills[sales]: agentsAvailable 8 + agentsBusy 9 exceed agentsStaffed 10") })
        #expect(problems.contains { $0.contains("skills[service].today: answered 120 + abandoned 8 exceed offered 100") })
        #expect(problems.contains { $0.contains("skills[service].waiting is negative") })
    }

    @Test("wrong site, wrong mode, unknown skill, time running backwards")
    func identity() throws {
        var status = validStatus(site: site)
        status.siteId = "leeds"
        status.mode = .virtualized
        status.skills[0].skill = "billing"
        let problems = ResponseValidator(site: site).check(status, previousAsOf: status.asOf.addingTimeInterval(60), now: Date())
        #expect(problems.contains { $0.contains("siteId is \"leeds\", expected \"austin\"") })
        #expect(problems.contains { $0.contains("mode is virtualized, configured in-house") })
        #expect(problems.contains { $0.contains("skills[billing] is not a skill this site takes") })
        #expect(problems.contains { $0.contains("earlier than the previous status") })
    }

    @Test("agents from an enterprise-routed site are a deviation")
    func agentDetail() throws {
        let routed = testSite(mode: .enterpriseRouted)
        var status = validStatus(site: routed)
        status.agents = [AgentStatus(id: "x", skills: ["sales"], state: .available, since: status.asOf)]
        let problems = ResponseValidator(site: routed).check(status, previousAsOf: nil, now: Date())
        #expect(problems.contains { $0.contains("shows no agent detail") })
    }

    @Test("malformed JSON, wrong types and missing fields say where")
    func malformed() {
        let validator = ResponseValidator(site: site)
        let garbage = AgentResponse(status: 200, contentType: "application/json", body: Array("{not json".utf8), seconds: 0)
        #expect(throws: ValidationFailure.self) { try validator.status(garbage, previousAsOf: nil, now: Date()).get() }
        let missing = AgentResponse(status: 200, contentType: "application/json", body: Array("{\"siteId\":\"austin\"}".utf8), seconds: 0)
        let failure = validator.status(missing, previousAsOf: nil, now: Date())
        guard case .failure(let error) = failure else {
            Issue.record("missing fields accepted")
            return
        }
        #expect(error.description.contains("missing field"))
    }

    @Test("wrong content type and error status are rejected with the agent's message")
    func envelope() throws {
        let validator = ResponseValidator(site: site)
        let html = try response(validStatus(site: site), contentType: "text/html")
        guard case .failure(let typeError) = validator.status(html, previousAsOf: nil, now: Date()) else {
            Issue.record("text/html accepted")
            return
        }
        #expect(typeError.description.contains("content type text/html"))
        let refused = try response(ProtocolError(error: "unauthorized", message: "bad token"), status: 401)
        guard case .failure(let statusError) = validator.status(refused, previousAsOf: nil, now: Date()) else {
            Issue.record("401 accepted")
            return
        }
        #expect(statusError.description == "status answered HTTP 401: unauthorized: bad token")
    }

    @Test("intervals: counts, ranges, duplicates, adherence by mode")
    func intervals() throws {
        let network = testSite(id: "manila", mode: .networkDelivered)
        let from = Date(timeIntervalSince1970: 1_790_000_000)
        let good = IntervalRecord(
            skill: "sales", start: from, lengthSeconds: 900, offered: 50, answered: 45, answeredWithinThreshold: 40, abandoned: 5,
            handled: 44, handleSeconds: 13_500, answerWaitSeconds: 310, resolvedFirstContact: 35, conversions: 10, revenue: 1400)
        var bad = good
        bad.start = from.addingTimeInterval(900)
        bad.resolvedFirstContact = 60
        bad.answeredWithinThreshold = 46
        bad.adherentSeconds = 100
        bad.scheduledSeconds = 200
        let document = IntervalsResponse(siteId: "manila", from: from, to: from.addingTimeInterval(3600), intervals: [good, good, bad])
        guard case .failure(let failure) = ResponseValidator(site: network).intervals(try response(document)) else {
            Issue.record("bad intervals accepted")
            return
        }
        #expect(failure.description.contains("appears twice"))
        #expect(failure.description.contains("resolvedFirstContact 60 outside 0...handled (44)"))
        #expect(failure.description.contains("network-delivered site cannot measure it"))
        #expect(failure.description.contains("answeredWithinThreshold 46 exceeds answered 45"))
        let clean = IntervalsResponse(siteId: "manila", from: from, to: from.addingTimeInterval(3600), intervals: [good])
        #expect(try ResponseValidator(site: network).intervals(try response(clean)).get() == clean)
    }
}

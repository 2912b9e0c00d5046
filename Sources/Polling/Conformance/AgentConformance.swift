import Foundation
import InterflowCore

/// Checks that a third-party agent speaks protocol v1 as its mode requires.
///
/// Calls every endpoint the mode requires, with and without credentials, and reports each
/// deviation: missing fields, wrong types, inconsistent numbers, wrong status codes, auth not
/// enforced. Unless `readOnly`, it also checks `PUT /v1/routing` versioning with an empty plan
/// (a new version that changes no share, threshold or target).
public struct AgentConformance: Sendable {
    public struct Finding: Sendable, Hashable {
        public var check: String
        public var passed: Bool
        public var detail: String
    }

    let client: CurlMultiClient
    let baseURL: String
    let token: String
    let expectedMode: SiteMode?
    let readOnly: Bool
    let timeout: Double

    public init(client: CurlMultiClient, baseURL: String, token: String, expectedMode: SiteMode?, readOnly: Bool = false, timeout: Double = 5) {
        self.client = client
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.expectedMode = expectedMode
        self.readOnly = readOnly
        self.timeout = timeout
    }

    /// Runs every check and returns the findings in order.
    public func run() async -> [Finding] {
        var findings: [Finding] = []
        func record(_ check: String, _ passed: Bool, _ detail: String) {
            findings.append(Finding(check: check, passed: passed, detail: detail))
        }

        // Health: open, and it tells the site id and mode.
        guard let healthResponse = await call(AgentProtocol.healthPath, authorized: false) else {
            record("GET /v1/health", false, "no answer from \(baseURL): \(lastError ?? "unknown")")
            return findings
        }
        guard healthResponse.status == 200, let health = decode(AgentHealth.self, healthResponse, into: &findings, check: "GET /v1/health") else {
            if healthResponse.status != 200 {
                record("GET /v1/health", false, "HTTP \(healthResponse.status), expected 200 without credentials")
            }
            return findings
        }
        record("GET /v1/health", true, "site \(health.siteId), mode \(health.mode.rawValue)")
        record(
            "health.protocolVersion", health.protocolVersion == AgentProtocol.version,
            "found \(health.protocolVersion), expected \(AgentProtocol.version)")
        let mode = health.mode
        if let expectedMode {
            record("mode", mode == expectedMode, "agent says \(mode.rawValue), expected \(expectedMode.rawValue)")
        }

        // Auth is enforced on every other call.
        for path in [AgentProtocol.statusPath, AgentProtocol.intervalsPath] {
            if let response = await call(path, authorized: false) {
                record("auth: GET \(path) without token", response.status == 401, "HTTP \(response.status), expected 401")
            }
            if let response = await call(path, authorized: true, token: "wrong-\(token)") {
                record("auth: GET \(path) with a wrong token", response.status == 401, "HTTP \(response.status), expected 401")
            }
        }

        // Status: served with agent detail as the mode shows it, or refused for network-delivered.
        let status = await call(AgentProtocol.statusPath, authorized: true)
        var skills: [String] = []
        if let status {
            if mode.exposesRealTimeStatus {
                if let document = decode(SiteStatus.self, status, into: &findings, check: "GET /v1/status") {
                    skills = document.skills.map(\.skill)
                    let site = syntheticSite(id: health.siteId, mode: mode, skills: skills)
                    let problems = ResponseValidator(site: site).check(document, previousAsOf: nil, now: document.asOf)
                    record(
                        "GET /v1/status", problems.isEmpty, problems.isEmpty ? "\(skills.count) skills, consistent" : problems.joined(separator: "; ")
                    )
                    if mode.exposesAgentDetail {
                        record("status.agents", document.agents != nil, "a \(mode.rawValue) site must list its agents")
                    }
                }
            } else {
                record(
                    "GET /v1/status", status.status == 404, "HTTP \(status.status), expected 404: a \(mode.rawValue) site shows no real-time status")
            }
        } else {
            record("GET /v1/status", false, "no answer: \(lastError ?? "unknown")")
        }

        // Intervals: valid, consistent, and bad queries refused.
        if let intervals = await call(AgentProtocol.intervalsPath, authorized: true) {
            if let document = decode(IntervalsResponse.self, intervals, into: &findings, check: "GET /v1/intervals") {
                let known = Set(skills + document.intervals.map(\.skill)).sorted()
                let site = syntheticSite(id: health.siteId, mode: mode, skills: known)
                switch ResponseValidator(site: site).intervals(intervals) {
                case .success: record("GET /v1/intervals", true, "\(document.intervals.count) closed intervals, consistent")
                case .failure(let failure): record("GET /v1/intervals", false, failure.description)
                }
            }
        }
        if let bad = await call(AgentProtocol.intervalsPath + "?from=yesterday", authorized: true) {
            record("GET /v1/intervals?from=yesterday", bad.status == 400, "HTTP \(bad.status), expected 400 for a time that is not ISO 8601")
        }

        if !readOnly { await checkRouting(mode: mode, skills: skills, record: record) }
        return findings
    }

    private func checkRouting(mode: SiteMode, skills: [String], record: (String, Bool, String) -> Void) async {
        let unauthorized = await call(AgentProtocol.routingPath, authorized: false, method: .put, body: RoutingPlan(version: 1))
        if let unauthorized { record("auth: PUT /v1/routing without token", unauthorized.status == 401, "HTTP \(unauthorized.status), expected 401") }
        guard mode.acceptsRoutingPlan else {
            if let response = await call(AgentProtocol.routingPath, authorized: true, method: .put, body: RoutingPlan(version: 1)) {
                record(
                    "PUT /v1/routing", response.status == 403, "HTTP \(response.status), expected 403: a \(mode.rawValue) site takes no routing plan")
            }
            return
        }
        var current = 0
        if let status = await call(AgentProtocol.statusPath, authorized: true),
            let document = try? AgentProtocol.makeDecoder().decode(SiteStatus.self, from: Data(status.body))
        {
            current = document.routingVersion ?? 0
        }
        let next = RoutingPlan(version: current + 1)
        if let first = await call(AgentProtocol.routingPath, authorized: true, method: .put, body: next) {
            let ack = try? AgentProtocol.makeDecoder().decode(RoutingAck.self, from: Data(first.body))
            record(
                "PUT /v1/routing (new version)", first.status == 200 && ack?.changed == true && ack?.appliedVersion == next.version,
                "HTTP \(first.status), changed \(ack.map { String($0.changed) } ?? "?"), expected 200 with changed true")
        }
        if let repeatResponse = await call(AgentProtocol.routingPath, authorized: true, method: .put, body: next) {
            let ack = try? AgentProtocol.makeDecoder().decode(RoutingAck.self, from: Data(repeatResponse.body))
            record(
                "PUT /v1/routing (same version again)", repeatResponse.status == 200 && ack?.changed == false,
                "HTTP \(repeatResponse.status), changed \(ack.map { String($0.changed) } ?? "?"), expected 200 with changed false (idempotent)")
        }
        if let skill = skills.first {
            let different = RoutingPlan(version: next.version, interflowThresholds: [skill: 120])
            if let response = await call(AgentProtocol.routingPath, authorized: true, method: .put, body: different) {
                record("PUT /v1/routing (same version, other plan)", response.status == 409, "HTTP \(response.status), expected 409")
            }
        }
        if next.version > 1,
            let response = await call(AgentProtocol.routingPath, authorized: true, method: .put, body: RoutingPlan(version: next.version - 1))
        {
            record("PUT /v1/routing (older version)", response.status == 409, "HTTP \(response.status), expected 409")
        }
        if let response = await call(AgentProtocol.routingPath, authorized: true, method: .put, rawBody: Array("{\"version\": \"two\"}".utf8)) {
            record("PUT /v1/routing (malformed body)", response.status == 400, "HTTP \(response.status), expected 400")
        }
    }

    // MARK: - Helpers

    private let errorBox = ErrorBox()
    private var lastError: String? { errorBox.value }

    private func call(
        _ path: String, authorized: Bool, token: String? = nil, method: AgentRequest.Method = .get, body: RoutingPlan? = nil,
        rawBody: [UInt8]? = nil
    ) async -> AgentResponse? {
        var headers = ["Accept: application/json"]
        if authorized { headers.append("Authorization: Bearer \(token ?? self.token)") }
        let payload = rawBody ?? body.flatMap { try? Array(AgentProtocol.makeEncoder().encode($0)) }
        let request = AgentRequest(
            method: method, url: baseURL + path, headers: headers, body: payload, connectTimeout: timeout, totalTimeout: timeout)
        do {
            return try await client.perform(request)
        } catch {
            errorBox.value = "\(error)"
            return nil
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ response: AgentResponse, into findings: inout [Finding], check: String) -> T? {
        guard response.status == 200 else {
            findings.append(Finding(check: check, passed: false, detail: "HTTP \(response.status), expected 200"))
            return nil
        }
        guard let contentType = response.contentType, contentType.lowercased().hasPrefix("application/json") else {
            findings.append(Finding(check: check, passed: false, detail: "content type \(response.contentType ?? "none"), expected application/json"))
            return nil
        }
        do {
            return try AgentProtocol.makeDecoder().decode(T.self, from: Data(response.body))
        } catch {
            findings.append(Finding(check: check, passed: false, detail: "not a valid \(T.self): \(ResponseValidator.describe(error))"))
            return nil
        }
    }

    private func syntheticSite(id: String, mode: SiteMode, skills: [String]) -> SiteConfig {
        SiteConfig(
            id: id, name: id, kind: mode == .inHouse ? .inHouse : .outsourcer(name: id), mode: mode, timeZone: "UTC", skills: skills,
            agent: AgentEndpoint(url: baseURL, token: .environment("UNUSED")))
    }
}

/// The last transport error, for messages. Only the checker's own sequential calls touch it.
private final class ErrorBox: @unchecked Sendable {
    var value: String?
}

import Foundation
import InterflowCore

/// Why an agent's answer was refused. The message names the field and what was wrong.
public struct ValidationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [String]
    public init(_ problems: [String]) { self.problems = problems }
    public var description: String { problems.joined(separator: "; ") }
}

/// Checks agent responses against protocol v1 and the site's configuration.
///
/// Decoding proves the types; these checks prove the numbers: ranges, time stamps and
/// consistency (available + busy ≤ staffed, answered ≤ offered, …). One rejected field
/// rejects the whole document: half-trusted data is worse than none.
public struct ResponseValidator: Sendable {
    public var site: SiteConfig
    /// How far an agent's clock may run ahead of the coordinator's before its time stamps are refused.
    public var maxClockAhead: Double

    public init(site: SiteConfig, maxClockAhead: Double = .infinity) {
        self.site = site
        self.maxClockAhead = maxClockAhead
    }

    /// Checks the HTTP envelope: 200 and a JSON content type.
    public func checkEnvelope(_ response: AgentResponse, what: String) -> ValidationFailure? {
        guard response.status == 200 else {
            let detail =
                (try? AgentProtocol.makeDecoder().decode(ProtocolError.self, from: Data(response.body)))
                .map { ": \($0.error): \($0.message)" } ?? ""
            return ValidationFailure(["\(what) answered HTTP \(response.status)\(detail)"])
        }
        guard let type = response.contentType?.lowercased(), type.hasPrefix("application/json") else {
            return ValidationFailure(["\(what) answered content type \(response.contentType ?? "none"), expected application/json"])
        }
        return nil
    }

    /// Decodes and checks `GET /v1/status`.
    /// - Parameter previousAsOf: the `asOf` of the last status accepted from this site; time may not run backwards.
    public func status(_ response: AgentResponse, previousAsOf: Date?, now: Date) -> Result<SiteStatus, ValidationFailure> {
        if let failure = checkEnvelope(response, what: "status") { return .failure(failure) }
        let status: SiteStatus
        do {
            status = try AgentProtocol.makeDecoder().decode(SiteStatus.self, from: Data(response.body))
        } catch {
            return .failure(ValidationFailure(["status is not a valid protocol v1 document: \(Self.describe(error))"]))
        }
        let problems = check(status, previousAsOf: previousAsOf, now: now)
        return problems.isEmpty ? .success(status) : .failure(ValidationFailure(problems))
    }

    /// The consistency checks of a decoded status.
    public func check(_ status: SiteStatus, previousAsOf: Date?, now: Date) -> [String] {
        var problems: [String] = []
        if status.siteId != site.id { problems.append("siteId is \"\(status.siteId)\", expected \"\(site.id)\"") }
        if status.mode != site.mode { problems.append("mode is \(status.mode.rawValue), configured \(site.mode.rawValue)") }
        if let previousAsOf, status.asOf < previousAsOf {
            problems.append("asOf \(Self.iso(status.asOf)) is earlier than the previous status (\(Self.iso(previousAsOf)))")
        }
        if status.asOf.timeIntervalSince(now) > maxClockAhead {
            problems.append("asOf \(Self.iso(status.asOf)) is ahead of the coordinator's clock by more than \(Int(maxClockAhead)) s")
        }
        if let version = status.routingVersion, version < 0 { problems.append("routingVersion \(version) is negative") }
        var seen = Set<String>()
        for skill in status.skills {
            let at = "skills[\(skill.skill)]"
            if !seen.insert(skill.skill).inserted { problems.append("\(at) appears twice") }
            if !site.skills.contains(skill.skill) { problems.append("\(at) is not a skill this site takes (\(site.skills.joined(separator: ", ")))") }
            problems += Self.nonNegative(
                [
                    ("waiting", skill.waiting), ("agentsStaffed", skill.agentsStaffed), ("agentsAvailable", skill.agentsAvailable),
                    ("agentsBusy", skill.agentsBusy),
                ], at: at)
            problems += Self.finiteNonNegative(
                [
                    ("oldestWaitSeconds", skill.oldestWaitSeconds), ("ahtSeconds", skill.ahtSeconds),
                    ("slThresholdSeconds", skill.slThresholdSeconds),
                ], at: at)
            if skill.agentsAvailable + skill.agentsBusy > skill.agentsStaffed {
                problems.append(
                    "\(at): agentsAvailable \(skill.agentsAvailable) + agentsBusy \(skill.agentsBusy) exceed agentsStaffed \(skill.agentsStaffed)")
            }
            if skill.waiting == 0 && skill.oldestWaitSeconds > 0 {
                problems.append("\(at): oldestWaitSeconds \(skill.oldestWaitSeconds) with nobody waiting")
            }
            problems += Self.countersProblems(
                offered: skill.today.offered, answered: skill.today.answered, within: skill.today.answeredWithinThreshold,
                abandoned: skill.today.abandoned, at: "\(at).today")
        }
        if let agents = status.agents {
            if !site.mode.exposesAgentDetail {
                problems.append("agents are listed, but a \(site.mode.rawValue) site shows no agent detail")
            }
            for agent in agents where agent.since.timeIntervalSince(status.asOf) > 1 {
                problems.append("agents[\(agent.id)].since is after asOf")
            }
        }
        return problems
    }

    /// Decodes and checks `GET /v1/intervals`.
    public func intervals(_ response: AgentResponse) -> Result<IntervalsResponse, ValidationFailure> {
        if let failure = checkEnvelope(response, what: "intervals") { return .failure(failure) }
        let document: IntervalsResponse
        do {
            document = try AgentProtocol.makeDecoder().decode(IntervalsResponse.self, from: Data(response.body))
        } catch {
            return .failure(ValidationFailure(["intervals is not a valid protocol v1 document: \(Self.describe(error))"]))
        }
        var problems: [String] = []
        if document.siteId != site.id { problems.append("siteId is \"\(document.siteId)\", expected \"\(site.id)\"") }
        var seen = Set<String>()
        for record in document.intervals {
            let at = "intervals[\(record.skill)@\(Self.iso(record.start))]"
            if !site.skills.contains(record.skill) { problems.append("\(at): not a skill this site takes") }
            if !seen.insert("\(record.skill)|\(record.start.timeIntervalSince1970)").inserted { problems.append("\(at) appears twice") }
            if ![900, 1800].contains(record.lengthSeconds) {
                problems.append("\(at): lengthSeconds \(record.lengthSeconds), accepted 900 or 1800")
            }
            if record.start < document.from || record.start >= document.to {
                problems.append("\(at): start is outside the requested range")
            }
            // Counts belong to the interval of their event (see IntervalRecord), so within one
            // interval answered + abandoned may exceed offered; outcomes are bounded by `handled`.
            problems += Self.nonNegative(
                [
                    ("offered", record.offered), ("answered", record.answered), ("answeredWithinThreshold", record.answeredWithinThreshold),
                    ("abandoned", record.abandoned), ("handled", record.handled),
                ], at: at)
            if record.answeredWithinThreshold > record.answered {
                problems.append("\(at): answeredWithinThreshold \(record.answeredWithinThreshold) exceeds answered \(record.answered)")
            }
            problems += Self.finiteNonNegative(
                [
                    ("handleSeconds", record.handleSeconds), ("answerWaitSeconds", record.answerWaitSeconds ?? 0), ("revenue", record.revenue ?? 0),
                    ("staffedSeconds", record.staffedSeconds ?? 0), ("scheduledSeconds", record.scheduledSeconds ?? 0),
                    ("adherentSeconds", record.adherentSeconds ?? 0),
                ], at: at)
            if record.handled == 0 && record.handleSeconds > 0 {
                problems.append("\(at): handleSeconds \(record.handleSeconds) with no contact handled")
            }
            if let fcr = record.resolvedFirstContact, fcr < 0 || fcr > record.handled {
                problems.append("\(at): resolvedFirstContact \(fcr) outside 0...handled (\(record.handled))")
            }
            if let conversions = record.conversions, conversions < 0 || conversions > record.handled {
                problems.append("\(at): conversions \(conversions) outside 0...handled (\(record.handled))")
            }
            if let adherent = record.adherentSeconds, let scheduled = record.scheduledSeconds, adherent > scheduled + 0.5 {
                problems.append("\(at): adherentSeconds \(adherent) exceed scheduledSeconds \(scheduled)")
            }
            if !site.mode.measuresAdherence && (record.adherentSeconds != nil || record.scheduledSeconds != nil) {
                problems.append("\(at): adherence reported, but a \(site.mode.rawValue) site cannot measure it")
            }
        }
        return problems.isEmpty ? .success(document) : .failure(ValidationFailure(problems))
    }

    static func countersProblems(offered: Int, answered: Int, within: Int, abandoned: Int, at: String) -> [String] {
        var problems = nonNegative(
            [("offered", offered), ("answered", answered), ("answeredWithinThreshold", within), ("abandoned", abandoned)], at: at)
        if within > answered { problems.append("\(at): answeredWithinThreshold \(within) exceeds answered \(answered)") }
        if answered + abandoned > offered {
            problems.append("\(at): answered \(answered) + abandoned \(abandoned) exceed offered \(offered)")
        }
        return problems
    }

    static func nonNegative(_ fields: [(String, Int)], at: String) -> [String] {
        fields.filter { $0.1 < 0 }.map { "\(at).\($0.0) is negative (\($0.1))" }
    }

    static func finiteNonNegative(_ fields: [(String, Double)], at: String) -> [String] {
        fields.filter { !$0.1.isFinite || $0.1 < 0 }.map { "\(at).\($0.0) is \($0.1), expected a finite number ≥ 0" }
    }

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    /// A one-line reason for a decoding error (``DecodingErrorText``).
    static func describe(_ error: any Error) -> String { DecodingErrorText.describe(error) }
}

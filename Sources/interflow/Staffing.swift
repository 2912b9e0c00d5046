import ArgumentParser
import Foundation
import InterflowCore
import Queueing

/// `interflow staffing`: Erlang C / Erlang A figures for a queue, for a number of agents, a
/// range of them, or the fewest agents meeting a service-level target.
struct Staffing: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staffing",
        abstract: "Predict a queue's service with Erlang C (or Erlang A with --patience) and size its staffing.",
        discussion: """
            Examples:
              interflow staffing --rate 100/h --aht 180s --threshold 20s --agents 7
              interflow staffing --rate 1000/h --aht 4m --agents 70...75 --json
              interflow staffing --rate 1.5/min --aht 4m --patience 3m --target 80
            Service level is contacts answered within the threshold over all offered; ASA is the
            mean wait of answered contacts. A queue with load >= agents under Erlang C is unstable:
            it is reported as such, never with a made-up probability.
            """
    )

    @Option(help: "Arrival rate: \(Units.acceptedRate).")
    var rate: String

    @Option(help: "Average handle time: \(Units.acceptedDuration).")
    var aht: String

    @Option(help: "Service-level threshold: \(Units.acceptedDuration).")
    var threshold: String = "20s"

    @Option(help: "Mean patience before abandoning (selects Erlang A): \(Units.acceptedDuration).")
    var patience: String?

    @Option(help: "Agents: a count N, or a range LO...HI for a row per count.")
    var agents: String?

    @Option(help: "Service-level target PCT (e.g. 80 or 80%): print the fewest agents answering PCT % within the threshold.")
    var target: String?

    @Flag(help: "Print JSON: one object per row (an array for a range).")
    var json = false

    /// The command line, checked and in SI units.
    struct Request {
        enum Agents {
            case count(Int)
            case range(ClosedRange<Int>)
            case target(Double)
        }
        var rate: Double
        var aht: Double
        var threshold: Double
        var model: QueueModel
        var agents: Agents
    }

    /// The most agents a row, a range or a search may reach.
    static let maximumAgents = 1_000_000
    /// The most rows a range may print.
    static let maximumRows = 10_000

    func validate() throws {
        _ = try request()
    }

    func run() throws {
        let request = try request()
        let rows: [QueueMetrics]
        switch request.agents {
        case .count(let n):
            rows = [request.model.metrics(arrivalRate: request.rate, handleTime: request.aht, agents: n, threshold: request.threshold)]
        case .range(let range):
            rows = range.map {
                request.model.metrics(arrivalRate: request.rate, handleTime: request.aht, agents: $0, threshold: request.threshold)
            }
        case .target(let fraction):
            let goal = Queueing.Staffing.Target.serviceLevel(fraction: fraction, threshold: request.threshold)
            guard
                let found = Queueing.Staffing.minimumAgents(
                    for: goal, arrivalRate: request.rate, handleTime: request.aht, model: request.model,
                    maximumAgents: Self.maximumAgents)
            else {
                throw StaffingError(
                    "no staffing up to \(Self.maximumAgents) agents answers \(Self.format(fraction * 100, 6)) % within \(Self.format(request.threshold, 6)) s; lower --target or raise --threshold"
                )
            }
            rows = [found]
        }
        if json {
            let isArray: Bool
            if case .range = request.agents { isArray = true } else { isArray = false }
            print(try Self.json(rows, array: isArray))
        } else {
            print(Self.table(rows, request: request))
        }
    }

    /// Parses and checks every flag; errors name the flag, what was found and what is accepted.
    func request() throws -> Request {
        guard let rate = Units.perSecond(rate) else {
            throw ValidationError("--rate: found '\(rate)'; expected \(Units.acceptedRate).")
        }
        guard let aht = Units.seconds(aht) else {
            throw ValidationError("--aht: found '\(aht)'; expected \(Units.acceptedDuration).")
        }
        guard aht > 0 else {
            throw ValidationError("--aht: found '\(self.aht)'; the average handle time must be more than 0 seconds.")
        }
        guard let threshold = Units.seconds(threshold) else {
            throw ValidationError("--threshold: found '\(threshold)'; expected \(Units.acceptedDuration).")
        }
        var model = QueueModel.erlangC
        if let text = patience {
            guard let patience = Units.seconds(text) else {
                throw ValidationError("--patience: found '\(text)'; expected \(Units.acceptedDuration).")
            }
            guard patience > 0 else {
                throw ValidationError("--patience: found '\(text)'; the mean patience must be more than 0 seconds.")
            }
            model = .erlangA(patience: patience)
        }
        let agents: Request.Agents
        switch (self.agents, target) {
        case (nil, nil):
            throw ValidationError("Give --agents N, --agents LO...HI or --target PCT.")
        case (.some, .some):
            throw ValidationError("Give either --agents or --target, not both.")
        case (nil, .some(let text)):
            guard let fraction = Units.fraction(text) else {
                throw ValidationError("--target: found '\(text)'; expected \(Units.acceptedFraction).")
            }
            guard fraction < 1 else {
                throw ValidationError("--target: found '\(text)'; no finite staffing answers 100 % within a threshold: give less than 100 %.")
            }
            agents = .target(fraction)
        case (.some(let text), nil):
            agents = try Self.agents(text)
        }
        return Request(rate: rate, aht: aht, threshold: threshold, model: model, agents: agents)
    }

    /// `N`, `LO...HI` or `LO..HI`.
    static func agents(_ text: String) throws -> Request.Agents {
        let accepted = "a whole number of agents such as 12, or a range such as 10...20"
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        func count(_ part: Substring) throws -> Int {
            guard let n = Int(part.trimmingCharacters(in: .whitespaces)), n >= 0 else {
                throw ValidationError("--agents: found '\(text)'; expected \(accepted).")
            }
            guard n <= maximumAgents else {
                throw ValidationError("--agents: found '\(text)'; at most \(maximumAgents) agents.")
            }
            return n
        }
        for separator in ["...", ".."] {
            if let range = trimmed.range(of: separator) {
                let low = try count(trimmed[..<range.lowerBound])
                let high = try count(trimmed[range.upperBound...])
                guard low <= high else {
                    throw ValidationError("--agents: found '\(text)'; the range must go up (LO <= HI), e.g. \(high)...\(low).")
                }
                guard high - low < maximumRows else {
                    throw ValidationError("--agents: found '\(text)'; a range prints at most \(maximumRows) rows.")
                }
                return .range(low...high)
            }
        }
        return .count(try count(Substring(trimmed)))
    }

    /// One JSON object per row, with the keys of the staffing contract.
    struct Row: Encodable {
        var metrics: QueueMetrics

        enum CodingKeys: String, CodingKey {
            case model, agents
            case pWait = "p_wait"
            case serviceLevel = "service_level"
            case serviceLevelAnswered = "service_level_answered"
            case asaSeconds = "asa_seconds"
            case meanWaitSeconds = "mean_wait_seconds"
            case pAbandon = "p_abandon"
            case occupancy
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            let isA = metrics.model == .erlangA
            try container.encode(metrics.model.rawValue, forKey: .model)
            try container.encode(metrics.agents, forKey: .agents)
            try container.encode(metrics.probabilityOfWaiting, forKey: .pWait)
            try container.encode(metrics.serviceLevel, forKey: .serviceLevel)
            if isA { try container.encode(metrics.serviceLevelOfAnswered, forKey: .serviceLevelAnswered) }
            // An unstable queue has no finite wait: null, never a number.
            try container.encode(metrics.averageSpeedOfAnswer.isFinite ? metrics.averageSpeedOfAnswer : nil, forKey: .asaSeconds)
            try container.encode(metrics.meanWait.isFinite ? metrics.meanWait : nil, forKey: .meanWaitSeconds)
            if isA { try container.encode(metrics.probabilityOfAbandoning, forKey: .pAbandon) }
            try container.encode(metrics.occupancy, forKey: .occupancy)
        }
    }

    static func json(_ rows: [QueueMetrics], array: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = array ? try encoder.encode(rows.map(Row.init)) : try encoder.encode(Row(metrics: rows[0]))
        return String(decoding: data, as: UTF8.self)
    }

    static func table(_ rows: [QueueMetrics], request: Request) -> String {
        let isA: Bool
        var title: String
        switch request.model {
        case .erlangC:
            isA = false
            title = "Erlang C (M/M/n)"
        case .erlangA(let patience):
            isA = true
            title = "Erlang A (M/M/n+M), mean patience \(format(patience, 4)) s"
        }
        title += ": \(format(request.rate * 3600, 6))/h, AHT \(format(request.aht, 6)) s, load \(format(request.rate * request.aht, 4)) Erlangs"
        title += ", service level within \(format(request.threshold, 6)) s"
        var header = ["agents", "P(wait)", "SL"]
        if isA { header.append("SL answered") }
        header += ["ASA s", "mean wait s"]
        if isA { header.append("P(abandon)") }
        header.append("occupancy")
        var lines = [header]
        var notes: [String] = []
        for m in rows {
            var line = ["\(m.agents)", percent(m.probabilityOfWaiting), percent(m.serviceLevel)]
            if isA { line.append(percent(m.serviceLevelOfAnswered)) }
            line += [seconds(m.averageSpeedOfAnswer), seconds(m.meanWait)]
            if isA { line.append(percent(m.probabilityOfAbandoning)) }
            line.append(percent(m.occupancy))
            if !m.isStable {
                line.append("unstable")
                notes = ["unstable: load \(format(m.load, 4)) >= agents, the queue grows without bound (no steady state)."]
            }
            lines.append(line)
        }
        let widths = (0..<header.count).map { column in lines.map { $0.count > column ? $0[column].count : 0 }.max() ?? 0 }
        let body = lines.map { line in
            line.enumerated().map { column, cell in
                column < widths.count ? String(repeating: " ", count: widths[column] - cell.count) + cell : cell
            }.joined(separator: "  ")
        }
        var output = [title] + body
        if case .target(let fraction) = request.agents, let m = rows.first {
            output.append("fewest agents answering \(format(fraction * 100, 6)) % within \(format(request.threshold, 6)) s: \(m.agents)")
        }
        return (output + notes).joined(separator: "\n")
    }

    static func format(_ value: Double, _ significant: Int) -> String {
        String(format: "%.\(significant)g", value)
    }

    static func percent(_ value: Double) -> String {
        String(format: "%.2f%%", value * 100)
    }

    static func seconds(_ value: Double) -> String {
        value.isFinite ? String(format: "%.2f", value) : "inf"
    }
}

/// A staffing request that has no answer.
struct StaffingError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

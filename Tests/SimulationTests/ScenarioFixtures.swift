import Foundation
import InterflowCore
import Simulation

/// Scenario files written to a fresh temporary directory, loaded as `interflow simulate` loads them.
enum ScenarioFixtures {
    /// Writes `files` (name → YAML) to a new directory and loads `scenario.yaml` from it.
    static func load(_ files: [String: String]) throws -> Scenario {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return try ScenarioLoader.load(path: directory.appendingPathComponent("scenario.yaml").path)
    }

    /// One in-house site with `agents` agents around the clock on one skill, exponential handle
    /// times, a flat arrival rate and exponential patience (or none): the M/M/n(+M) queue.
    static func singleQueue(
        perHour: Double, ahtSeconds: Double, agents: Int, thresholdSeconds: Double, patienceSeconds: Double?, replications: Int,
        hours: String = "00:00-24:00",
        warmup: String = "1h", seed: Int = 11
    ) throws -> Scenario {
        let patience = patienceSeconds.map { "\($0)s" } ?? "1h"
        return try load([
            "scenario.yaml": """
            name: Single queue
            federation:
              settings:
                name: One queue
                skills:
                  - {id: calls, name: Calls, sl_target: 80%, threshold: \(thresholdSeconds)s, patience: \(patience), peak_arrivals: \(perHour)/h}
                segments:
                  - {id: everyone, priority: 1, patience: \(patience), alternative: none}
              sites:
                - id: center
                  name: The center
                  kind: in-house
                  time_zone: UTC
                  skills: [calls]
                  agent: {url: "http://127.0.0.1:9101", token: {env: NONE}}
                  simulation:
                    skills:
                      calls: {peak_arrivals: \(perHour)/h, handle_time: {distribution: exponential, mean: \(ahtSeconds)s}, fcr: 100%}
                    agents:
                      - {name: all, count: \(agents), skills: [calls], shift: "00:00-24:00"}
            day: 2026-03-04
            time_zone: UTC
            hours: "\(hours)"
            warmup: \(warmup)
            demand:
              calls: {peak: \(perHour)/h, profile: flat}
            patience: \(patienceSeconds == nil ? "none" : "exponential")
            simulation:
              policies: [static]
              replications: \(replications)
              seed: \(seed)
              adherence: perfect
            """
        ])
    }
}

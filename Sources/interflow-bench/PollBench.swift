import Foundation
import InterflowCore
import Logging
import Polling

/// `interflow-bench poll`: times full status poll cycles of many agents with the coordinator's poller.
///
/// Usage: interflow-bench poll --first-port 20000 --count 1000 --rounds 15 [--concurrency 256]
/// Every agent must serve a protocol v1 status for site `bench` with skill `sales` at
/// http://127.0.0.1:<port>/v1/status. Prints one JSON object: the per-round times in
/// milliseconds and their medians, cold (a new client, so new connections, each round) and warm
/// (one client whose connections are kept alive between rounds).
@main
struct PollBench {
    static func main() async throws {
        var options = [String: String]()
        var arguments = CommandLine.arguments.dropFirst()
        if arguments.first == "store" {
            try await StoreBench.run(Array(arguments.dropFirst()))
            return
        }
        guard arguments.first == "poll" else {
            FileHandle.standardError.write(
                Data("usage: interflow-bench poll --first-port P --count N --rounds R [--concurrency C] | store [--sites N] [--seconds S]\n".utf8))
            exit(2)
        }
        arguments = arguments.dropFirst()
        while let key = arguments.first, key.hasPrefix("--"), arguments.count >= 2 {
            options[String(key.dropFirst(2))] = arguments.dropFirst().first
            arguments = arguments.dropFirst(2)
        }
        let firstPort = Int(options["first-port"] ?? "20000") ?? 20000
        let count = Int(options["count"] ?? "1000") ?? 1000
        let rounds = Int(options["rounds"] ?? "15") ?? 15
        let concurrency = Int(options["concurrency"] ?? "256") ?? 256

        let settings = CoordinatorSettings(connectTimeoutSeconds: 5, requestTimeoutSeconds: 10)
        let targets = (0..<count).map { index in
            let site = SiteConfig(
                id: "bench", name: "Bench", kind: .inHouse, mode: .inHouse, timeZone: "UTC", skills: ["sales"],
                agent: AgentEndpoint(url: "http://127.0.0.1:\(firstPort + index)", token: .environment("UNUSED")))
            return PollTarget(site: site, token: "bench-token", settings: settings)
        }

        func cycle(_ poller: Poller) async -> (milliseconds: Double, failures: Int) {
            let start = ContinuousClock.now
            let events = await poller.pollStatusOnce(targets: targets)
            let elapsed = ContinuousClock.now - start
            var failures = 0
            for event in events {
                if case .failed(_, _, let reason) = event {
                    failures += 1
                    if failures == 1 { FileHandle.standardError.write(Data("first failure: \(reason)\n".utf8)) }
                }
            }
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            return (ms, failures)
        }

        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        var cold: [Double] = []
        var failures = 0
        for _ in 0..<rounds {
            let client = CurlMultiClient(maxConcurrent: concurrency, maxConnections: count * 2)
            let result = await cycle(Poller(client: client, logger: logger))
            cold.append(result.milliseconds)
            failures += result.failures
            client.shutdown()
        }
        let client = CurlMultiClient(maxConcurrent: concurrency, maxConnections: count * 2)
        let poller = Poller(client: client, logger: logger)
        _ = await cycle(poller)  // opens the connections
        var warm: [Double] = []
        for _ in 0..<rounds {
            let result = await cycle(poller)
            warm.append(result.milliseconds)
            failures += result.failures
        }
        client.shutdown()

        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        func list(_ values: [Double]) -> String { values.map { String(format: "%.2f", $0) }.joined(separator: ", ") }
        print(
            """
            {"agents": \(count), "rounds": \(rounds), "concurrency": \(concurrency), "failures": \(failures), \
            "cold_ms_median": \(String(format: "%.2f", median(cold))), "warm_ms_median": \(String(format: "%.2f", median(warm))), \
            "cold_ms": [\(list(cold))], "warm_ms": [\(list(warm))]}
            """)
    }
}

import Coordinator
import Foundation
import InterflowCore
import Planning
import Polling
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Real processes over loopback: three `interflow agent`s (one per kind of visibility) and an
/// `interflow serve` polling them.
@Suite("federation end to end", .serialized)
struct FederationEndToEndTests {
    static let poll = 0.3

    static func federationYAML() -> String {
        """
        name: End-to-end federation
        skills:
          - {id: sales, name: Sales, sl_target: 80%, threshold: 20s, patience: 3m, peak_arrivals: 300/h}
          - {id: service, name: Service, sl_target: 80%, threshold: 30s, patience: 3m, peak_arrivals: 300/h}
        segments:
          - {id: standard, priority: 10, patience: 3m, alternative: callback}
        coordinator:
          stale_after_polls: 3
          down_after_polls: 25
          connect_timeout: 300ms
          request_timeout: 1s
        """
    }

    static func simulationYAML(seed: Int) -> String {
        """
        simulation:
          seed: \(seed)
          skills:
            sales: {peak_arrivals: 120/h, handle_time: {distribution: exponential, mean: 5m}, fcr: 80%, conversion: 20%, revenue_per_conversion: 100}
            service: {peak_arrivals: 120/h, handle_time: {distribution: lognormal, mean: 6m, cv: 0.8}, fcr: 75%, conversion: 2%, revenue_per_conversion: 50}
          agents:
            - {name: blended, count: 20, skills: [sales, service], shift: "00:00-24:00"}
        """
    }

    static func siteYAML(id: String, port: Int, mode: String) -> String {
        var text = "id: \(id)\nname: \(id.capitalized)\ntime_zone: America/Chicago\nskills: [sales, service]\n"
        if mode == "in-house" {
            text += "kind: in-house\n"
        } else {
            text += "kind: outsourcer\noutsourcer: Acme \(id)\nmode: \(mode)\n"
        }
        text += "agent:\n  url: http://127.0.0.1:\(port)\n  token: {env: E2E_TOKEN_\(id.uppercased())}\n"
        // Intervals are polled at most every second: that is the cadence of the network-delivered site.
        text += mode == "network-delivered" ? "  interval_poll: 1s\n" : "  poll_interval: \(Int(poll * 1000))ms\n  interval_poll: 1s\n"
        if mode != "in-house" {
            text += """
                contract:
                  seats: {pattern: [{days: mon-sun, hours: "00:00-24:00", seats: 20}]}
                  price: {per_handled_contact: 4.5}
                  sl_target: 80%
                  max_abandon_rate: 5%
                  aht_ceiling: 7m
                  fcr_target: 70%
                  shares: {sales: {min: 10%, max: 30%}, service: {min: 10%, max: 30%}}

                """
            if mode == "network-delivered" { text += "  change_window: {every: 30m}\n  reporting_delay: 30m\n" }
        }
        return text + simulationYAML(seed: port)
    }

    @Test("every site is seen fresh; a killed agent goes stale then down with its reason, and recovers when restarted")
    func federation() async throws {
        let harness = try Harness()
        let sites = [("austin", "in-house"), ("bogota", "enterprise-routed"), ("manila", "network-delivered")]
        var ports: [String: Int] = [:]
        try harness.write("federation.yaml", Self.federationYAML())
        for (id, mode) in sites {
            let port = Harness.freePort()
            ports[id] = port
            try harness.write("\(id).yaml", Self.siteYAML(id: id, port: port, mode: mode))
            harness.environment["E2E_TOKEN_\(id.uppercased())"] = "token-\(id)-\(UUID().uuidString)"
        }
        let coordinatorPort = Harness.freePort()
        for (id, _) in sites {
            try harness.start("agent-\(id)", ["agent", "--site", "\(id).yaml", "--speed", "60", "--log-level", "warning"])
        }
        try harness.start("coordinator", ["serve", "--config", ".", "--port", "\(coordinatorPort)"])

        let client = CurlMultiClient()
        defer { client.shutdown() }
        func view() async throws -> FederationView {
            let response = try await client.perform(AgentRequest(url: "http://127.0.0.1:\(coordinatorPort)/v1/federation"))
            return try AgentProtocol.makeDecoder().decode(FederationView.self, from: Data(response.body))
        }
        func site(_ id: String, _ view: FederationView) -> SiteView? { view.sites.first { $0.id == id } }

        // 1. All three healthy, with data younger than two poll intervals.
        let fresh = try await Harness.eventually(timeout: 30) { () -> FederationView? in
            let current = try await view()
            return current.sites.count == 3 && current.sites.allSatisfy({ $0.health == .healthy }) ? current : nil
        }
        guard let fresh else {
            Issue.record("sites not all healthy in time; coordinator log:\n\(harness.log("coordinator"))")
            return
        }
        for view in fresh.sites {
            let cadence = view.mode == .networkDelivered ? 1.0 : Self.poll
            #expect((view.lastGoodPollAgeSeconds ?? 99) < 2 * cadence, "\(view.id) data age \(view.lastGoodPollAgeSeconds ?? -1)")
        }
        #expect(site("austin", fresh)?.skills.count == 2, "in-house status per skill")
        #expect(site("bogota", fresh)?.skills.count == 2, "enterprise-routed queue-level status")
        #expect(site("manila", fresh)?.skills.isEmpty == true, "network-delivered: intervals only")

        // 2. Kill the in-house agent: stale, then down, each with a reason; the others stay healthy.
        await harness.stop("agent-austin", signal: SIGKILL)
        let stale = try await Harness.eventually(timeout: 10) { () -> SiteView? in
            let s = site("austin", try await view())
            return s?.health == .stale ? s : nil
        }
        #expect(stale != nil, "austin went stale")
        #expect(stale?.healthReason.contains("no good data for") == true)
        #expect(stale?.healthReason.contains("connection failed") == true, "reason: \(stale?.healthReason ?? "-")")
        // Stale from 3 missed polls (0.9 s) to 25 (7.5 s): a window wide enough to be seen on a
        // machine that stalls the test for a second or two.
        let down = try await Harness.eventually(timeout: 30) { () -> SiteView? in
            let s = site("austin", try await view())
            return s?.health == .down ? s : nil
        }
        #expect(down != nil, "austin went down")
        #expect(down?.healthReason.contains("connection failed") == true)
        let others = try await view()
        #expect(site("bogota", others)?.health == .healthy)
        #expect(site("manila", others)?.health == .healthy)

        // 3. Restart it: healthy again.
        try harness.start("agent-austin", ["agent", "--site", "austin.yaml", "--speed", "60", "--log-level", "warning"])
        // A debug agent can take many seconds to start on a machine busy with the other tests.
        let back = try await Harness.eventually(timeout: 45) { () -> SiteView? in
            let s = site("austin", try await view())
            return s?.health == .healthy ? s : nil
        }
        #expect(back != nil, "austin recovered")
        #expect(back?.healthReason.contains("recovered") == true)

        // 4. SIGTERM stops every process cleanly.
        #expect(await harness.stop("coordinator") == 0, "coordinator exit status")
        for (id, _) in sites { #expect(await harness.stop("agent-\(id)") == 0, "agent \(id) exit status") }
    }

    @Test("the simulated agent passes the conformance checker in every mode")
    func conformance() async throws {
        let harness = try Harness()
        try harness.write("federation.yaml", Self.federationYAML())
        for mode in SiteMode.allCases {
            let id = "site" + mode.rawValue.replacingOccurrences(of: "-", with: "")
            let port = Harness.freePort()
            try harness.write("\(id).yaml", Self.siteYAML(id: id, port: port, mode: mode.rawValue))
            harness.environment["E2E_TOKEN_\(id.uppercased())"] = "token-\(id)"
            harness.environment["INTERFLOW_AGENT_TOKEN"] = "token-\(id)"
            try harness.start("agent-\(id)", ["agent", "--site", "\(id).yaml", "--speed", "600"])
            let client = CurlMultiClient()
            let up = try await Harness.eventually(timeout: 15) {
                try await client.perform(AgentRequest(url: "http://127.0.0.1:\(port)/v1/health")).status == 200 ? true : nil
            }
            client.shutdown()
            guard up != nil else {
                Issue.record("agent \(id) did not start:\n\(harness.log("agent-\(id)"))")
                continue
            }
            let check = try harness.start("check-\(id)", ["agent-check", "http://127.0.0.1:\(port)", "--mode", mode.rawValue])
            _ = await Harness.exited(check, within: 60)
            let output = harness.log("check-\(id)")
            #expect(check.terminationStatus == 0, "agent-check failed for \(mode.rawValue):\n\(output)")
            #expect(output.contains(" 0 failed"))
            await harness.stop("agent-\(id)")
        }
    }

    @Test("agent-check reports a lying agent and exits 1")
    func conformanceFailure() async throws {
        let harness = try Harness()
        harness.environment["INTERFLOW_AGENT_TOKEN"] = "x"
        // Nothing listens on this port: every check fails.
        let check = try harness.start("check", ["agent-check", "http://127.0.0.1:\(Harness.freePort())", "--timeout", "1"])
        _ = await Harness.exited(check, within: 30)
        #expect(check.terminationStatus == 1)
        #expect(harness.log("check").contains("FAIL  GET /v1/health"))
    }
}

@Suite("demo")
struct DemoEndToEndTests {
    @Test("the demo runs the shipped federation, prints the live table, and stops cleanly on SIGTERM")
    func demo() async throws {
        let harness = try Harness()
        // The coordinator and the five agents on one block of ports checked free, outside the
        // ephemeral range: with the agents' ports counted up from one ephemeral port found free,
        // one of them was once in use when the demo started ("Address already in use").
        let port = Harness.freePortBlock(6)
        let agentBase = port + 1
        let sites = Harness.repoRoot.appendingPathComponent("sites").path
        let process = try harness.start(
            "demo", ["demo", "--config", sites, "--port", "\(port)", "--agent-port-base", "\(agentBase)", "--speed", "120", "--refresh", "0.5"])
        let client = CurlMultiClient()
        defer { client.shutdown() }
        let view = try await Harness.eventually(timeout: 30) { () -> FederationView? in
            let response = try await client.perform(AgentRequest(url: "http://127.0.0.1:\(port)/v1/federation"))
            let view = try AgentProtocol.makeDecoder().decode(FederationView.self, from: Data(response.body))
            return view.sites.allSatisfy { $0.health == .healthy } ? view : nil
        }
        #expect(view?.sites.map(\.id).sorted() == ["austin", "krakow", "leeds", "manila", "monterrey"], "demo output:\n\(harness.log("demo"))")

        // The coordinator's planning state, saved and planned from offline, gives a plan for the same skills.
        let live = try await Harness.eventually(timeout: 30) { () -> PlanPreview? in
            let response = try await client.perform(AgentRequest(url: "http://127.0.0.1:\(port)/v1/plan"))
            let plan = try AgentProtocol.makeDecoder().decode(PlanPreview.self, from: Data(response.body))
            return plan.overflow.count == 3 ? plan : nil
        }
        let saved = try await client.perform(AgentRequest(url: "http://127.0.0.1:\(port)/v1/state", maxResponseBytes: 64 << 20))
        #expect(saved.status == 200)
        try harness.write("state.json", String(decoding: saved.body, as: UTF8.self))
        let planned = try harness.start("plan", ["plan", "--state", "state.json", "--config", sites, "--json"])
        #expect(await Harness.exited(planned, within: 60))
        #expect(planned.terminationStatus == 0, "\(harness.log("plan"))")
        let offline = try AgentProtocol.makeDecoder().decode(PlanPreview.self, from: Data(harness.log("plan").utf8))
        #expect(offline.overflow.map(\.skill) == live?.overflow.map(\.skill))
        for plan in offline.overflow { #expect(abs(plan.sites.reduce(0) { $0 + $1.share } - 1) < 1e-6, "\(plan.skill) shares sum to 1") }
        // Planned again in two more processes (each with its own hash seed, so a dictionary's order
        // differs): the same bytes.
        for name in ["plan-again-1", "plan-again-2"] {
            let again = try harness.start(name, ["plan", "--state", "state.json", "--config", sites, "--json"])
            #expect(await Harness.exited(again, within: 60))
            #expect(harness.log(name) == harness.log("plan"), "the plan differs from one process to another")
        }
        // The same plan as text: a block per skill, a line per site with its share and predicted
        // service level, and the explanation.
        let text = try harness.start("plan-text", ["plan", "--state", "state.json", "--config", sites])
        #expect(await Harness.exited(text, within: 60))
        #expect(text.terminationStatus == 0, "\(harness.log("plan-text"))")
        let printed = harness.log("plan-text")
        for plan in offline.overflow {
            #expect(printed.contains("\(plan.skill): "), "\(printed)")
            for site in plan.sites {
                #expect(printed.contains("  \(site.siteId) ") && printed.contains("predicted SL"), "\(site.siteId) in:\n\(printed)")
            }
        }
        #expect(printed.contains("  → "), "\(printed)")

        // A state from another federation is refused with what to do.
        try harness.write(
            "other.json", String(decoding: saved.body, as: UTF8.self).replacingOccurrences(of: "Northwind customer care", with: "Elsewhere"))
        let refused = try harness.start("refused", ["plan", "--state", "other.json", "--config", sites])
        #expect(await Harness.exited(refused, within: 60))
        #expect(refused.terminationStatus == 1)
        #expect(harness.log("refused").contains("was saved from the federation \"Elsewhere\""), "\(harness.log("refused"))")
        #expect(process.isRunning)
        #expect(await harness.stop("demo", signal: SIGTERM) == 0)
        let output = harness.log("demo")
        #expect(output.contains("coordinator at http://127.0.0.1:\(port)/v1/federation"))
        #expect(output.contains("site      mode"))
        #expect(output.contains("Interflow demo stopped."))
        // Nothing is left listening.
        await #expect(throws: TransportError.self) {
            _ = try await client.perform(AgentRequest(url: "http://127.0.0.1:\(agentBase)/v1/health", connectTimeout: 0.5, totalTimeout: 1))
        }
    }
}

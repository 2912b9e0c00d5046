import Coordinator
import Foundation
import InterflowCore
import Polling
import Store
import Testing

/// `interflow serve` started on a store a previous coordinator wrote, and the contract review read
/// from it with `--coordinator`.
@Suite("serve restores the plan book; the review from a running coordinator", .serialized)
struct ServeRestoreEndToEndTests {
    @Test("serve gets back the scheduled change orders; report --coordinator computes the allocated share from its share history")
    func restoreAndReport() async throws {
        let harness = try Harness()
        let coordinatorPort = Harness.freePort()
        try harness.write("federation.yaml", FederationEndToEndTests.federationYAML())
        for (id, mode) in [("austin", "in-house"), ("monterrey", "enterprise-routed"), ("manila", "network-delivered")] {
            // No agent runs: every site stays stale, so the coordinator plans nothing new over the test.
            try harness.write("\(id).yaml", FederationEndToEndTests.siteYAML(id: id, port: Harness.freePort(), mode: mode))
            harness.environment["E2E_TOKEN_\(id.uppercased())"] = "token-\(id)-\(UUID().uuidString)"
        }
        let dataDirectory = harness.directory.appendingPathComponent("data").path

        // What a previous coordinator left: two days ago from 14:00 UTC (morning in Chicago), four
        // quarter-hours of sales at every site, 20, 40, 60 and 80 offered in all.
        let day = floor(Date().timeIntervalSince1970 / 86_400) * 86_400 - 2 * 86_400
        let start = Date(timeIntervalSince1970: day + 14 * 3600)
        let order: ChangeOrder
        do {
            let store = try SQLiteStore(directory: dataDirectory)
            for (site, offered) in [("austin", [10, 20, 30, 40]), ("monterrey", [5, 5, 5, 5]), ("manila", [5, 15, 25, 35])] {
                let records = offered.enumerated().map { i, n in
                    IntervalRecord(
                        skill: "sales", start: start.addingTimeInterval(Double(i) * 900), lengthSeconds: 900, offered: n, answered: n,
                        answeredWithinThreshold: n, abandoned: 0, handled: n, handleSeconds: Double(n) * 300)
                }
                try await store.upsertIntervals(siteId: site, records, receivedAt: start.addingTimeInterval(3600))
            }
            let book = PlanBook(store: store)
            await book.setShares(["austin": 0.5, "monterrey": 0.3, "manila": 0.2], skill: "sales", at: start.addingTimeInterval(-86_400))
            await book.setShares(["austin": 0.7, "monterrey": 0.1, "manila": 0.2], skill: "sales", at: start.addingTimeInterval(1800))
            _ = await book.nextRoutingVersion(siteId: "monterrey", reportedVersion: nil)
            order = await book.schedule(
                siteId: "manila", skill: "sales", from: 0.2, to: 0.35, effectiveAt: Date(timeIntervalSince1970: day + 5 * 86_400), reason: "test")
        }
        try harness.start(
            // One event-loop thread for HTTP (--http-threads): the API answers as with the default.
            "coordinator",
            ["serve", "--config", ".", "--port", "\(coordinatorPort)", "--data-dir", dataDirectory, "--http-threads", "1", "--log-level", "warning"])
        let client = CurlMultiClient()
        defer { client.shutdown() }
        let base = "http://127.0.0.1:\(coordinatorPort)"
        let orders = try await Harness.eventually(timeout: 30) { () -> [ChangeOrder]? in
            let response = try await client.perform(AgentRequest(url: "\(base)/v1/change-orders"))
            return response.status == 200 ? try AgentProtocol.makeDecoder().decode([ChangeOrder].self, from: Data(response.body)) : nil
        }
        let restored = try #require(orders, "the coordinator did not answer; log:\n\(harness.log("coordinator"))")
        #expect(restored == [order], "the change order still scheduled, with its id, share and window")

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/Chicago")!
        let parts = calendar.dateComponents([.year, .month, .day], from: start)
        let date = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        let report = try harness.start(
            "report",
            [
                "report", "contract", "--outsourcer", "monterrey", "--from", date, "--to", date, "--config", ".", "--coordinator", base, "--format",
                "json",
            ])
        _ = await Harness.exited(report, within: 60)
        #expect(report.terminationStatus == 0, "\(harness.log("report"))")
        // 30 % in the first two quarter-hours (20 + 40 offered), 10 % in the last two (60 + 80): 32 / 200.
        let sales = try ReportCommandEndToEndTests.volume(harness.log("report"), skill: "sales")
        #expect(abs((ReportCommandEndToEndTests.value(sales["allocatedShare"]) ?? 0) - 0.16) < 1e-12, "\(sales)")
        #expect(await harness.stop("coordinator") == 0)
    }
}

import Coordinator
import Foundation
import InterflowCore
import Store
import Testing

@Suite("interflow report contract from the store")
struct ReportCommandEndToEndTests {
    @Test("the review reads closed and missing intervals from the store, lists the missing ones, and renders JSON and HTML")
    func fromStore() async throws {
        let harness = try Harness()
        let dataDirectory = harness.directory.appendingPathComponent("data").path
        let store = try SQLiteStore(directory: dataDirectory)
        // 2026-11-18 in Monterrey (UTC-6): 08:00–10:00 local, sales and service.
        let start = Date(timeIntervalSince1970: 1_795_010_400)
        for site in ["monterrey", "austin"] {
            let records = (0..<8).flatMap { i in
                ["sales", "service"].map { skill in
                    IntervalRecord(
                        skill: skill, start: start.addingTimeInterval(Double(i) * 900), lengthSeconds: 900, offered: 30, answered: 28,
                        answeredWithinThreshold: 24, abandoned: 2, handled: 28, handleSeconds: 8_400, answerWaitSeconds: 250,
                        resolvedFirstContact: 22, conversions: 4, revenue: 480, staffedSeconds: 9_000)
                }
            }
            _ = try await store.upsertIntervals(siteId: site, records, receivedAt: start.addingTimeInterval(7200))
        }
        try await store.recordMissing([
            MissingInterval(
                siteId: "monterrey", skill: "sales", start: start.addingTimeInterval(8 * 900), lengthSeconds: 900,
                cause: "agent answered 404 for the range", detectedAt: start.addingTimeInterval(9000))
        ])
        // The shares as a coordinator's plan book writes them: Monterrey gets 20 % of sales from the day
        // before, 40 % from 09:00 local; service has no share history.
        let book = PlanBook(store: store)
        await book.setShares(["monterrey": 0.2, "austin": 0.8], skill: "sales", at: start.addingTimeInterval(-86_400))
        await book.setShares(["monterrey": 0.4, "austin": 0.6], skill: "sales", at: start.addingTimeInterval(4 * 900))
        let sites = Harness.repoRoot.appendingPathComponent("sites").path
        let arguments = [
            "report", "contract", "--outsourcer", "monterrey", "--from", "2026-11-18", "--to", "2026-11-18", "--config", sites, "--data-dir",
            dataDirectory,
        ]
        let json = try harness.start("json", arguments + ["--format", "json"])
        _ = await Harness.exited(json, within: 60)
        #expect(json.terminationStatus == 0, "\(harness.log("json"))")
        let output = harness.log("json")
        #expect(output.contains("agent answered 404 for the range"), "the missing interval is listed with its cause")
        #expect(output.contains("austin"), "the in-house competitor is ranked")
        // Every interval offers 60 of sales across the federation: half the volume at 20 %, half at 40 %.
        let sales = try Self.volume(output, skill: "sales")
        #expect(abs((Self.value(sales["allocatedShare"]) ?? 0) - 0.3) < 1e-12)
        #expect(abs((Self.value(sales["allocatedVolume"]) ?? 0) - 0.3 * 480) < 1e-9)
        let service = try Self.volume(output, skill: "service")
        #expect(Self.reason(service["allocatedShare"]) == "no share history covers the period: no share of service was recorded for monterrey")
        let html = try harness.start(
            "html", arguments + ["--format", "html", "--output", harness.directory.appendingPathComponent("review.html").path])
        _ = await Harness.exited(html, within: 60)
        #expect(html.terminationStatus == 0, "\(harness.log("html"))")
        let page = try String(contentsOf: harness.directory.appendingPathComponent("review.html"), encoding: .utf8)
        #expect(page.contains("<svg"))
    }

    /// The volume entry of `skill` at the review's first site, from its JSON.
    static func volume(_ json: String, skill: String) throws -> [String: Any] {
        let review = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let site = try #require((review["sites"] as? [[String: Any]])?.first)
        return try #require((site["skills"] as? [[String: Any]])?.first { $0["skill"] as? String == skill })
    }

    static func value(_ metric: Any?) -> Double? { (metric as? [String: Any])?["value"] as? Double }

    static func reason(_ metric: Any?) -> String? { (metric as? [String: Any])?["notMeasurable"] as? String }

    @Test("an intervals file may carry the share history; a bad one says what is accepted")
    func fromFile() async throws {
        let harness = try Harness()
        let start = Date(timeIntervalSince1970: 1_795_010_400)  // 2026-11-18 08:00 in Monterrey
        // Monterrey offers 10 then 30, Austin 10 then 50: 20 then 80 in all; 50 % then 25 %.
        func records(_ offered: [Int]) -> [IntervalRecord] {
            offered.enumerated().map { i, n in
                IntervalRecord(
                    skill: "sales", start: start.addingTimeInterval(Double(i) * 900), lengthSeconds: 900, offered: n, answered: n,
                    answeredWithinThreshold: n, abandoned: 0, handled: n, handleSeconds: Double(n) * 300)
            }
        }
        let history = [
            ShareChange(at: start.addingTimeInterval(-3600), skill: "sales", siteId: "monterrey", share: 0.5, source: .rebalance),
            ShareChange(at: start.addingTimeInterval(900), skill: "sales", siteId: "monterrey", share: 0.25, source: .rebalance),
        ]
        struct File: Encodable {
            var intervals: [String: [IntervalRecord]]
            var shareHistory: [ShareChange]
        }
        let file = File(intervals: ["monterrey": records([10, 30]), "austin": records([10, 50])], shareHistory: history)
        try harness.write("data.json", String(decoding: try AgentProtocol.makeEncoder().encode(file), as: UTF8.self))
        let sites = Harness.repoRoot.appendingPathComponent("sites").path
        let arguments = ["report", "contract", "--outsourcer", "monterrey", "--from", "2026-11-18", "--to", "2026-11-18", "--config", sites]
        let json = try harness.start("json", arguments + ["--format", "json", "--intervals", "data.json"])
        _ = await Harness.exited(json, within: 60)
        #expect(json.terminationStatus == 0, "\(harness.log("json"))")
        // (0.5 × 20 + 0.25 × 80) / 100 = 0.3.
        #expect(abs((Self.value(try Self.volume(harness.log("json"), skill: "sales")["allocatedShare"]) ?? 0) - 0.3) < 1e-12)

        try harness.write(
            "bad.json",
            #"{"intervals": {}, "shareHistory": [{"at": "2026-11-18T14:00:00Z", "skill": "sales", "siteId": "monterrey", "share": 1.5, "source": "rebalance"}]}"#
        )
        let bad = try harness.start("bad", arguments + ["--intervals", "bad.json"])
        _ = await Harness.exited(bad, within: 60)
        #expect(bad.terminationStatus == 1)
        #expect(harness.log("bad").contains("shareHistory[0].share: found 1.5, accepted a fraction from 0 to 1"), "\(harness.log("bad"))")
    }
}

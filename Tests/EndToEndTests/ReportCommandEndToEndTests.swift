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
        let sites = Harness.repoRoot.appendingPathComponent("sites").path
        let arguments = ["report", "contract", "--outsourcer", "monterrey", "--from", "2026-11-18", "--to", "2026-11-18", "--config", sites, "--data-dir", dataDirectory]
        let json = try harness.start("json", arguments + ["--format", "json"])
        _ = await Harness.exited(json, within: 60)
        #expect(json.terminationStatus == 0, "\(harness.log("json"))")
        let output = harness.log("json")
        #expect(output.contains("agent answered 404 for the range"), "the missing interval is listed with its cause")
        #expect(output.contains("austin"), "the in-house competitor is ranked")
        let html = try harness.start("html", arguments + ["--format", "html", "--output", harness.directory.appendingPathComponent("review.html").path])
        _ = await Harness.exited(html, within: 60)
        #expect(html.terminationStatus == 0, "\(harness.log("html"))")
        let page = try String(contentsOf: harness.directory.appendingPathComponent("review.html"), encoding: .utf8)
        #expect(page.contains("<svg"))
    }
}

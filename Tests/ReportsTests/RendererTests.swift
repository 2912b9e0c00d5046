import Foundation
import InterflowCore
import Reports
import Testing

@Suite("Contract review renderers: JSON, CSV, HTML")
struct RendererTests {
    static let review = try! ContractReviewBuilder(federation: Fixture.federation).review(
        outsourcer: "net-co", period: Fixture.period, data: Fixture.data)

    @Test("JSON reads back into the same review; not measurable metrics carry their reason")
    func json() throws {
        let text = try ContractReviewJSON.render(Self.review)
        #expect(try ContractReviewJSON.decode(text) == Self.review)
        #expect(text.contains("\"from\" : \"2026-02-01\""))
        #expect(text.contains("\"notMeasurable\" : \"the interval reports carry no answer wait (answerWaitSeconds)\""))
        #expect(ReportFormat.json.contentType == "application/json")
    }

    @Test("CSV: one measurement per row; not measurable is an empty value with the reason, never 0")
    func csv() throws {
        let text = ContractReviewCSV.render(Self.review)
        let rows = text.split(separator: "\r\n").map(String.init)
        #expect(rows[0] == ContractReviewCSV.header.joined(separator: ","))
        #expect(rows.contains("summary,net,,,,service_level,0.8,0.8,fraction,measured,"))
        #expect(rows.contains("summary,all,,,,cost_per_handled,5,,USD,measured,"))
        let adherence = try #require(rows.first { $0.hasPrefix("summary,net,,,,schedule_adherence,") })
        #expect(adherence.contains(",,,fraction,not measurable,") && adherence.contains("network-delivered"))
        #expect(rows.contains("settlement,all,,,,net,-375,,USD,measured,bonuses − credits"))
        #expect(rows.contains { $0.hasPrefix("clause,net,,,,service_level_credit,500,500,USD,measured,") })
        #expect(rows.filter { $0.hasPrefix("interval,net,service,") && $0.contains(",service_level,") }.count == 56)
        #expect(rows.contains("ranking,ent,service,,,value_per_handled,18.90625,,USD,measured,rank 1 of 3"))
        #expect(rows.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count >= 11 })
    }

    @Test("CSV fields are quoted and formula-looking text is defused")
    func csvFields() {
        #expect(ContractReviewCSV.field("a,b") == "\"a,b\"")
        #expect(ContractReviewCSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ContractReviewCSV.field("=HYPERLINK(1)") == "'=HYPERLINK(1)")
        #expect(ContractReviewCSV.field("-375") == "-375")
    }

    @Test("HTML: one self-contained page with the tables and the three kinds of chart")
    func html() {
        let html = ContractReviewHTML.render(Self.review)
        for id in ["summary", "clauses", "settlement", "volume", "days-net", "ranking-service"] {
            #expect(html.contains("<table id=\"\(id)\""), "no table \(id)")
        }
        for id in ["chart-service-level-net", "chart-volume-net", "chart-competitors-service"] {
            #expect(html.contains("<svg id=\"\(id)\""), "no chart \(id)")
        }
        #expect(html.contains("id=\"missing-none\""))
        #expect(!html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("@import"))
        #expect(html.contains("@media print"))
        #expect(html.contains("not measurable"))
    }

    @Test("text from the data is escaped in HTML")
    func escaping() throws {
        var data = Fixture.data
        data.missing = [
            Fixture.missing("net", "service", Fixture.local(CalendarDay("2026-02-03")!, "16:00", "Asia/Manila"), cause: "<script>x</script>")
        ]
        let review = try ContractReviewBuilder(federation: Fixture.federation).review(outsourcer: "net-co", period: Fixture.period, data: data)
        let html = ContractReviewHTML.render(review)
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;x&lt;/script&gt;"))
        #expect(html.contains("<table id=\"missing\""))
    }
}

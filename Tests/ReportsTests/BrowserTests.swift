import Foundation
import InterflowCore
import Reports
import Testing

/// The HTML report opened in a real headless browser (Debian's `chromium`).
@Suite("Contract review in a headless browser")
struct BrowserTests {
    /// `chromium` or `chromium-browser` on PATH (or the usual Debian paths).
    static func chromium() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/snap/bin"]
        for name in ["chromium", "chromium-browser"] {
            for directory in directories where FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
                return directory + "/" + name
            }
        }
        return nil
    }

    /// Runs the browser on `file` and returns what it printed, killing it after `timeout` seconds.
    static func run(_ browser: String, _ arguments: [String], timeout: Double = 90) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var data = Data()
        let reader = output.fileHandleForReading
        let done = DispatchSemaphore(value: 0)
        let box = DataBox()
        DispatchQueue.global().async {
            box.data = reader.readDataToEndOfFile()
            done.signal()
        }
        if done.wait(timeout: .now() + deadline.timeIntervalSinceNow) == .timedOut {
            process.terminate()
            _ = done.wait(timeout: .now() + 5)
        }
        process.waitUntilExit()
        data = box.data
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    final class DataBox: @unchecked Sendable {
        var data = Data()
    }

    @Test("the rendered page holds the tables and the charts with their data points")
    func renderedDOM() throws {
        guard let browser = Self.chromium() else {
            Issue.record("Chromium is missing: run `deploy/setup.sh test`, which installs Debian's chromium package, then run the tests again")
            return
        }
        let review = RendererTests.review
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("review.html")
        try Data(ContractReviewHTML.render(review).utf8).write(to: file)
        let (status, dom) = try Self.run(
            browser,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=\(directory.appendingPathComponent("profile").path)", "--dump-dom", file.absoluteString,
            ])
        #expect(status == 0, "chromium exited with \(status)")
        #expect(dom.contains("Contract review: Net Co"))
        for table in ["summary", "clauses", "settlement", "volume", "days-net", "ranking-service"] {
            #expect(dom.contains("<table id=\"\(table)\""), "the browser shows no table \(table)")
        }
        // One service-level point per day, one handled bar per day, value and cost bars for the competitors.
        let slChart = try #require(Self.element("svg", id: "chart-service-level-net", in: dom))
        #expect(slChart.components(separatedBy: "<circle class=\"point s1\"").count - 1 == 28)
        #expect(slChart.contains("data-label=\"02-01\" data-value=\"0.8\""))
        #expect(slChart.contains("class=\"target\""))
        let volumeChart = try #require(Self.element("svg", id: "chart-volume-net", in: dom))
        #expect(volumeChart.components(separatedBy: "<rect class=\"bar s1\"").count - 1 == 28)
        #expect(volumeChart.contains("data-value=\"185.0\"") && volumeChart.components(separatedBy: "class=\"band\"").count - 1 == 28)
        let competitors = try #require(Self.element("svg", id: "chart-competitors-service", in: dom))
        #expect(competitors.components(separatedBy: "<rect class=\"bar s1\"").count - 1 == 3)
        #expect(competitors.components(separatedBy: "<rect class=\"bar s2\"").count - 1 == 2)  // the in-house cost is not measurable
        #expect(competitors.contains("data-label=\"ent\" data-value=\"18.90625\""))
        #expect(competitors.contains("n/m"))
        // Rows the browser parsed: 3 ranked sites, 28 days.
        let ranking = try #require(Self.element("table", id: "ranking-service", in: dom))
        #expect(ranking.components(separatedBy: "<tr data-site=").count - 1 == 3)
        let days = try #require(Self.element("table", id: "days-net", in: dom))
        #expect(days.components(separatedBy: "<tr data-day=").count - 1 == 28)
    }

    /// The markup of the element `<tag id="id" …>…</tag>` (no nesting of the same tag inside).
    static func element(_ tag: String, id: String, in dom: String) -> String? {
        guard let start = dom.range(of: "<\(tag) id=\"\(id)\""), let end = dom.range(of: "</\(tag)>", range: start.upperBound..<dom.endIndex)
        else { return nil }
        return String(dom[start.lowerBound..<end.upperBound])
    }
}

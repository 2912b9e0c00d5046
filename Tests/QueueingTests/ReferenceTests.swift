import Foundation
import Testing

@testable import Queueing

/// The reference tables in `../shared/reference/`, beside the repository.
enum Reference {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // QueueingTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/reference")

    /// Rows of a CSV file with `#` comment lines, keyed by the header.
    static func rows(_ name: String) throws -> [[String: Double]] {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        guard let header = lines.first?.split(separator: ",").map(String.init) else { return [] }
        return lines.dropFirst().map { line in
            var row: [String: Double] = [:]
            for (key, value) in zip(header, line.split(separator: ",")) { row[key] = Double(value) }
            return row
        }
    }
}

/// |actual − expected| ≤ tolerance × |expected|.
func isClose(_ actual: Double, _ expected: Double, relative tolerance: Double, absolute: Double = 0) -> Bool {
    abs(actual - expected) <= max(tolerance * abs(expected), absolute)
}

@Suite("Reference tables")
struct ReferenceTests {
    @Test("Erlang C matches erlang-c.csv to 1e-9")
    func erlangC() throws {
        let rows = try Reference.rows("erlang-c.csv")
        #expect(rows.count >= 9)
        for row in rows {
            let model = ErlangC(arrivalRate: row["calls_per_hour"]! / 3600, handleTime: row["aht_seconds"]!, agents: Int(row["agents"]!))
            let m = model.metrics(threshold: row["threshold_seconds"]!)
            #expect(m.isStable)
            #expect(isClose(m.probabilityOfWaiting, row["p_wait"]!, relative: 1e-9), "\(row): \(m)")
            #expect(isClose(m.serviceLevel, row["service_level"]!, relative: 1e-9), "\(row): \(m)")
            #expect(isClose(m.averageSpeedOfAnswer, row["asa_seconds"]!, relative: 1e-9), "\(row): \(m)")
            #expect(isClose(m.occupancy, row["occupancy"]!, relative: 1e-9), "\(row): \(m)")
            #expect(isClose(model.probabilityOfWaiting, row["p_wait"]!, relative: 1e-9))
            #expect(isClose(model.averageSpeedOfAnswer, row["asa_seconds"]!, relative: 1e-9))
        }
    }

    @Test("Erlang A matches erlang-a.csv to 1e-9 (times in minutes there, seconds here)")
    func erlangA() throws {
        let rows = try Reference.rows("erlang-a.csv")
        #expect(!rows.isEmpty)
        for row in rows {
            let model = ErlangA(
                arrivalRate: row["arrival_rate"]! / 60, handleTime: row["aht"]! * 60, patience: row["patience"]! * 60,
                agents: Int(row["agents"]!))
            let m = model.metrics(threshold: row["threshold"]! * 60)
            #expect(isClose(m.probabilityOfWaiting, row["p_wait"]!, relative: 1e-9), "\(m)")
            #expect(isClose(m.probabilityOfAbandoning, row["p_abandon"]!, relative: 1e-9), "\(m)")
            #expect(isClose(m.meanWait, row["mean_wait_all"]! * 60, relative: 1e-9), "\(m)")
            #expect(isClose(m.averageSpeedOfAnswer, row["asa"]! * 60, relative: 1e-9), "\(m)")
            #expect(isClose(m.serviceLevel, row["sl_offered"]!, relative: 1e-9), "\(m)")
            #expect(isClose(m.serviceLevelOfAnswered, row["sl_answered"]!, relative: 1e-9), "\(m)")
            #expect(isClose(m.occupancy, row["occupancy"]!, relative: 1e-9), "\(m)")
        }
    }
}

// Times Erlang C on the cases of a CSV file, for scripts/bench_queueing_vs_pyworkforce.py.
//
// Usage: QueueingSideBySide CASES.csv RUNS RESULTS.csv
// CASES.csv rows: arrival_rate_per_second,aht_seconds,agents,threshold_seconds (a header line
// first). Each run evaluates every case once (P(wait), service level, ASA, occupancy from
// ErlangC.metrics); the output line is JSON with the per-evaluation time of each run in
// nanoseconds and their median. RESULTS.csv receives the figures, so the script can check
// that both sides computed the same answers.
import Foundation
import Queueing

let arguments = CommandLine.arguments
guard arguments.count == 4, let runs = Int(arguments[2]), runs > 0 else {
    FileHandle.standardError.write(Data("usage: QueueingSideBySide CASES.csv RUNS RESULTS.csv\n".utf8))
    exit(2)
}
let text = try String(contentsOfFile: arguments[1], encoding: .utf8)
let models: [(ErlangC, Double)] = text.split(whereSeparator: \.isNewline).dropFirst().map { line in
    let f = line.split(separator: ",").map { Double($0)! }
    return (ErlangC(arrivalRate: f[0], handleTime: f[1], agents: Int(f[2])), f[3])
}

var checksum = 0.0
var perEvaluation: [Double] = []
let clock = ContinuousClock()
for _ in 0..<runs {
    let elapsed = clock.measure {
        for (model, threshold) in models {
            let m = model.metrics(threshold: threshold)
            checksum += m.probabilityOfWaiting + m.serviceLevel + m.averageSpeedOfAnswer + m.occupancy
        }
    }
    let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    perEvaluation.append(nanoseconds / Double(models.count))
}
let sorted = perEvaluation.sorted()
let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2

var results = "p_wait,service_level,asa_seconds,occupancy\n"
for (model, threshold) in models {
    let m = model.metrics(threshold: threshold)
    results += "\(m.probabilityOfWaiting),\(m.serviceLevel),\(m.averageSpeedOfAnswer),\(m.occupancy)\n"
}
try results.write(toFile: arguments[3], atomically: true, encoding: .utf8)
let runsJSON = perEvaluation.map { String(format: "%.2f", $0) }.joined(separator: ",")
print("{\"cases\":\(models.count),\"runs_ns\":[\(runsJSON)],\"median_ns\":\(String(format: "%.2f", median)),\"checksum\":\(checksum)}")

import Foundation
import Testing

@testable import Queueing

@Suite("Arrival forecasting")
struct ArrivalForecasterTests {
    /// Expected contacts per 15-minute interval: a day-of-week volume and a two-peak profile.
    static func expected(day: Int, slot: Int) -> Double {
        let weekday = ArrivalForecaster.weekday(ofDay: day)
        let volume = [1000.0, 950, 930, 900, 820, 400, 250][weekday]
        let hour = Double(slot) / 4
        let open = hour >= 7 && hour < 21
        guard open else { return 0 }
        let shape = exp(-pow((hour - 10.5) / 1.8, 2)) + 0.8 * exp(-pow((hour - 15) / 2.2, 2))
        return volume * shape / 6.05
    }

    /// Poisson counts by inversion (small means) or a normal approximation (large).
    static func poisson(_ mean: Double, _ rng: inout SplitMix64) -> Double {
        guard mean > 0 else { return 0 }
        if mean > 50 {
            let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng)
            let u2 = Double.random(in: 0..<1, using: &rng)
            let z = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            return max(0, (mean + z * mean.squareRoot()).rounded())
        }
        var k = 0.0
        var p = exp(-mean)
        var cumulative = p
        let u = Double.random(in: 0..<1, using: &rng)
        while u > cumulative {
            k += 1
            p *= mean / k
            cumulative += p
        }
        return k
    }

    static func history(days: Int, noise: Bool) -> [ArrivalForecaster.Interval] {
        var rng = SplitMix64(state: 42)
        let firstDay = 20_000  // 2024-10-04, a Friday
        var intervals: [ArrivalForecaster.Interval] = []
        for day in firstDay..<(firstDay + days) {
            for slot in 0..<96 {
                let mean = expected(day: day, slot: slot)
                let count = noise ? poisson(mean, &rng) : mean
                intervals.append(.init(start: Int64(day) * 86_400 + Int64(slot) * 900, offered: count))
            }
        }
        return intervals
    }

    @Test("recovers a noise-free weekly pattern exactly")
    func exact() throws {
        let accuracy = try #require(ArrivalForecaster.backtest(Self.history(days: 35, noise: false), holdoutDays: 7))
        #expect(accuracy.wape < 1e-12)
        #expect(accuracy.days == 7)
    }

    @Test("on Poisson arrivals, the held-back week's WAPE is near the noise floor and beats seasonal naive")
    func noisy() throws {
        let accuracy = try #require(ArrivalForecaster.backtest(Self.history(days: 56, noise: true), holdoutDays: 7))
        #expect(accuracy.wape < 0.12, "\(accuracy)")
        #expect(accuracy.wape < accuracy.naiveWAPE, "\(accuracy)")
        #expect(accuracy.mape > 0)
    }

    @Test("rates are per second, in the site's local time")
    func rates() {
        var forecaster = ArrivalForecaster(intervalLength: 900, utcOffset: 3_600)
        forecaster.fit(Self.history(days: 14, noise: false).map { .init(start: $0.start - 3_600, offered: $0.offered) })
        let day = 20_000 + 14
        let tenThirty = Int64(day) * 86_400 + 10 * 3_600 + 1_800 - 3_600
        let expected = Self.expected(day: day, slot: 42) / 900
        #expect(isClose(forecaster.forecastRate(at: tenThirty), expected, relative: 1e-9))
        #expect(ArrivalForecaster.weekday(ofDay: 0) == 3)  // 1970-01-01 was a Thursday
        #expect(forecaster.day(of: -3_601) == -1)
    }
}

import InterflowCore
import Testing

@Suite("Units")
struct UnitsTests {
    @Test(
        "durations",
        arguments: [
            ("20s", 20.0), ("3m", 180), ("4min", 240), ("1.5h", 5400), ("1h30m", 5400), ("250ms", 0.25), ("45", 45), (" 2s ", 2),
            ("2m30s", 150),
        ])
    func durations(text: String, seconds: Double) {
        #expect(Units.seconds(text) == seconds)
    }

    @Test("durations it does not accept", arguments: ["", "-5", "20 sekunden", "s", "3x", "1h-30m", "abc", "1..5s"])
    func badDurations(text: String) {
        #expect(Units.seconds(text) == nil)
    }

    @Test("rates", arguments: [("100/h", 100.0 / 3600), ("1.5/min", 0.025), ("0.5/s", 0.5), ("2400/day", 2400.0 / 86_400), ("100/15m", 100.0 / 900)])
    func rates(text: String, perSecond: Double) throws {
        let value = try #require(Units.perSecond(text))
        #expect(abs(value - perSecond) < 1e-12)
    }

    @Test("rates it does not accept", arguments: ["100", "100/", "/h", "-1/h", "100/fortnight", "a/h", "1/2/3"])
    func badRates(text: String) {
        #expect(Units.perSecond(text) == nil)
    }

    @Test("fractions", arguments: [("80%", 0.8), ("0.8", 0.8), ("80", 0.8), ("100%", 1.0), ("0", 0.0), ("7.5%", 0.075), ("1", 1.0)])
    func fractions(text: String, value: Double) throws {
        let parsed = try #require(Units.fraction(text))
        #expect(abs(parsed - value) < 1e-12)
    }

    @Test("fractions it does not accept", arguments: ["140%", "-5%", "101", "eighty", "%", ""])
    func badFractions(text: String) {
        #expect(Units.fraction(text) == nil)
    }

    @Test("clock times", arguments: [("08:00", 480), ("00:00", 0), ("23:59", 1439), ("24:00", 1440), ("7:30", 450)])
    func clockTimes(text: String, minutes: Int) {
        #expect(Units.clockMinutes(text) == minutes)
    }

    @Test("clock times it does not accept", arguments: ["24:01", "25:00", "08:60", "8", "08:0", "8am", "08:00:00", ""])
    func badClockTimes(text: String) {
        #expect(Units.clockMinutes(text) == nil)
    }
}
